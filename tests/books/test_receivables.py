"""Receivables (issue [9] scope 7) against hand-computed figures, on every database:
ageing by invoice ties to 1100, payments pay the oldest invoice first or as allocated by
hand, credit notes post Dr 4100 + tax / Cr 1100, statements add up and print."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.ageing import OpenItem, allocate, bucket_of
from shared.money import Money
from sync_server.cli import main
from sync_server.customers.models import Customer
from sync_server.errors import Refused
from sync_server.ledger.models import Journal, Posting
from sync_server.receivables.ledger import ageing
from sync_server.receivables.services import add_credit_note, reallocate, set_terms, statement
from sync_server.reports.export import render
from sync_server.reports.tables import ar_ageing_report, statement_report
from tests.books.dataset import ago, credit_sale, pay_on_account, today
from tests.server.conftest import ADMIN, TillFactory, World


def _money(pesewas: int) -> str:
    return str(Money(pesewas))


def test_the_pure_rules() -> None:
    assert [bucket_of(d) for d in (0, 1, 30, 31, 60, 61, 90, 91)] == [
        "current", "d1_30", "d1_30", "d31_60", "d31_60", "d61_90", "d61_90", "over_90"]
    day = today()
    items = [OpenItem("b", "B", day, 500), OpenItem("a", "A", day - timedelta(days=9), 300)]
    done = allocate(items, [("p1", day, 400)])
    assert done.open == {"a": 0, "b": 400} and done.unapplied == {}
    by_hand = allocate(items, [("p1", day, 400)], {"p1": [("b", 250)]})
    assert by_hand.open == {"a": 150, "b": 250}
    over = allocate(items, [("p1", day, 900)])
    assert over.open == {"a": 0, "b": 0} and over.unapplied == {"p1": 100}


def _three_invoices_and_a_payment(world: World, till: TillFactory) -> tuple[list[str], str]:
    t = till()
    # Rice 145.00 a bag on credit: A 100 days ago, B (2 bags) 50 days ago, C 10 days ago;
    # then 200.00 paid on account 5 days ago.
    sales = [credit_sale(t, world, [("GH-0003", 1)], day=ago(100)),
             credit_sale(t, world, [("GH-0003", 2)], day=ago(50)),
             credit_sale(t, world, [("GH-0003", 1)], day=ago(10))]
    payment = pay_on_account(t, world, Money.cedis(200), day=ago(5))
    body = t.push()[-1]
    assert [r["status"] for r in body["results"]] == ["stored"] * 4
    return [s.id for s in sales], payment.id


def test_ageing_by_invoice_ties_to_accounts_receivable(world: World, till: TillFactory) -> None:
    sales, _payment = _three_invoices_and_a_payment(world, till)
    with world.ctx.scope(world.tenant_id) as scope:
        now = ageing(scope, as_of=today())
        earlier = ageing(scope, as_of=today() - timedelta(days=60))
    # Oldest first: the payment clears A (145.00) and 55.00 of B (290.00 → 235.00 open).
    # B was due 20 days ago (1–30); C is due in 20 days (current).
    assert [(r["sale_id"], r["open"], r["bucket"], r["days"]) for r in now["rows"]] == [
        (sales[1], 23500, "d1_30", 20), (sales[2], 14500, "current", 0)]
    assert now["totals"] == {"current": 14500, "d1_30": 23500, "d31_60": 0, "d61_90": 0,
                             "over_90": 0}
    assert now["total"] == now["ledger"] == 38000 and now["difference"] == 0
    # 60 days ago only A existed, 10 days past its due date.
    assert earlier["totals"]["d1_30"] == earlier["total"] == earlier["ledger"] == 14500
    with world.ctx.scope(world.tenant_id) as scope:
        set_terms(world.ctx, scope, ADMIN, "C0009876543", 60)
    with world.ctx.scope(world.tenant_id) as scope:
        longer = ageing(scope, as_of=today())
    assert longer["totals"]["current"] == 38000  # B is due in 10 days on 60-day terms
    report = ar_ageing_report(now, business="Acme Trading")
    data, media, name = render(report, "csv")
    assert media.startswith("text/csv") and name.startswith("ar-ageing-")
    assert "235.00" in data.decode("utf-8-sig")


def test_a_payment_is_reallocated_by_hand_and_never_beyond_what_is_open(
        world: World, till: TillFactory) -> None:
    sales, payment = _three_invoices_and_a_payment(world, till)
    receipts = {}
    with world.ctx.scope(world.tenant_id) as scope:
        from sync_server.sales.models import Sale
        receipts = {s.id: s.receipt_no for s in scope.scalars(select(Sale))}
    a, b, c = (receipts[s] for s in sales)
    with world.ctx.scope(world.tenant_id) as scope:
        done = reallocate(world.ctx, scope, ADMIN, payment=payment,
                          allocations=[(c, Money.cedis(145)), (b, Money.cedis(55))], by="acc")
    assert done["allocations"] == [{"sale": c, "amount": "145.00"}, {"sale": b, "amount": "55.00"}]
    with world.ctx.scope(world.tenant_id) as scope:
        report = ageing(scope, as_of=today())
    assert {r["number"]: (r["open"], r["bucket"]) for r in report["rows"]} == {
        a: (14500, "d61_90"), b: (23500, "d1_30")}
    assert report["total"] == report["ledger"] == 38000
    with pytest.raises(Refused, match=r"has only 145\.00 open"), \
            world.ctx.scope(world.tenant_id) as scope:
        reallocate(world.ctx, scope, ADMIN, payment=payment,
                   allocations=[(c, Money.cedis(150))], by="acc")
    with pytest.raises(Refused, match=r"cannot pay 245\.00"), \
            world.ctx.scope(world.tenant_id) as scope:
        reallocate(world.ctx, scope, ADMIN, payment=payment,
                   allocations=[(c, Money.cedis(145)), (b, Money.cedis(100))], by="acc")
    with world.ctx.scope(world.tenant_id) as scope:  # the refusals changed nothing
        assert {r["number"] for r in ageing(scope, as_of=today())["rows"]} == {a, b}
        reallocate(world.ctx, scope, ADMIN, payment=payment, allocations=[], by="acc")
    with world.ctx.scope(world.tenant_id) as scope:
        assert {r["number"] for r in ageing(scope, as_of=today())["rows"]} == {b, c}


def test_a_credit_note_posts_the_allowance_with_its_tax_and_never_exceeds_the_invoice(
        world: World, till: TillFactory) -> None:
    t = till()
    sale = credit_sale(t, world, [("GH-0001", 2)], day=ago(3))  # Frytol 2 × 38.00 = 76.00
    assert t.push()[-1]["results"][0]["status"] == "stored"
    receipt = sale.typed_payload().receipt_no
    with world.ctx.scope(world.tenant_id) as scope:
        note = add_credit_note(world.ctx, scope, ADMIN, sale=receipt, amount=Money.cedis(38),
                               reason="price agreed after delivery", entry_date=today(),
                               by="accountant@acme.test")
    # 38.00 tax-inclusive under the 2026 rules: VAT 38 × 0.15/1.20 = 4.75, NHIL and
    # GETFund 38 × 0.025/1.20 = 0.79 each, net 31.67.
    assert note.number == "CN-000001"
    assert note.to_json() | {"id": "", "journal_id": ""} == {
        "id": "", "number": "CN-000001", "journal_id": "", "net": "31.67", "vat": "4.75",
        "nhil": "0.79", "getfund": "0.79", "covid": "0.00", "gross": "38.00"}
    with world.ctx.scope(world.tenant_id) as scope:
        journal = scope.get(Journal, note.journal_id)
        assert journal is not None and (journal.kind, journal.reference) == ("credit_note",
                                                                             "CN-000001")
        lines = {(p.account_code, p.debit, p.credit) for p in scope.scalars(
            select(Posting).where(Posting.journal_id == note.journal_id))}
        assert lines == {("4100", 3167, 0), ("2100", 475, 0), ("2110", 79, 0),
                         ("2120", 79, 0), ("1100", 0, 3800)}
        row = scope.get(Customer, world.customer_id)
        assert row is not None and row.balance == 3800
    with pytest.raises(Refused, match=r"only 38\.00 open"), \
            world.ctx.scope(world.tenant_id) as scope:
        add_credit_note(world.ctx, scope, ADMIN, sale=receipt, amount=Money.cedis(40),
                        reason="again", entry_date=today(), by="accountant@acme.test")
    with world.ctx.scope(world.tenant_id) as scope:
        report = ageing(scope, as_of=today())
        first = today() - timedelta(days=30)
        paper = statement(scope, "Kofi Traders", first=first, last=today())
    assert report["total"] == report["ledger"] == 3800
    assert paper["opening"] == 0 and paper["closing"] == 3800
    assert [(ln["kind"], ln["debit"], ln["credit"], ln["balance"]) for ln in paper["lines"]] == [
        ("Invoice", 7600, 0, 7600), ("Credit note", 0, 3800, 3800)]


def test_a_statement_runs_from_its_opening_balance_and_prints(
        world: World, till: TillFactory) -> None:
    _three_invoices_and_a_payment(world, till)
    first = today() - timedelta(days=60)
    with world.ctx.scope(world.tenant_id) as scope:
        paper = statement(scope, world.customer_id, first=first, last=today())
    assert paper["opening"] == 14500  # invoice A, before the statement's first day
    assert [(ln["kind"], ln["debit"], ln["credit"], ln["balance"]) for ln in paper["lines"]] == [
        ("Invoice", 29000, 0, 43500), ("Invoice", 14500, 0, 58000), ("Payment", 0, 20000, 38000)]
    assert paper["closing"] == 38000
    assert paper["ageing"] == {"current": 14500, "d1_30": 23500, "d31_60": 0, "d61_90": 0,
                               "over_90": 0}
    report = statement_report(paper, business="Acme Trading")
    pdf, media, _ = render(report, "pdf")
    assert pdf.startswith(b"%PDF") and media == "application/pdf"
    xlsx, _, name = render(report, "xlsx")
    assert name.endswith(".xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row
             if cell.value is not None and not isinstance(cell.value, str)}
    charged = next(c for v, c in cells.items() if v == 290)
    assert charged.data_type == "n" and charged.number_format == "#,##0.00"
    dated = [c for row in sheet.iter_rows() for c in row if c.is_date]
    assert dated and dated[0].number_format == "yyyy-mm-dd"
    csv_text = render(report, "csv")[0].decode("utf-8-sig")
    assert "Amount due" in csv_text and ",380.00" in csv_text


def test_a_credit_note_on_a_mixed_or_exempt_invoice_shares_the_tax_by_gross(
        world: World, till: TillFactory) -> None:
    t = till()
    # Oil 38.00 (standard-rated) with two ORS sachets 2 × 2.50 (exempt): 43.00; and four
    # sachets alone (10.00, exempt).
    mixed = credit_sale(t, world, [("GH-0001", 1), ("GH-0038", 2)])
    exempt = credit_sale(t, world, [("GH-0038", 4)])
    assert {r["status"] for r in t.push()[-1]["results"]} == {"stored"}
    with world.ctx.scope(world.tenant_id) as scope:
        one = add_credit_note(world.ctx, scope, ADMIN, sale=mixed.typed_payload().receipt_no,
                              amount=Money(430), reason="10 % allowance", entry_date=today(),
                              by="accountant@acme.test")
        two = add_credit_note(world.ctx, scope, ADMIN, sale=exempt.typed_payload().receipt_no,
                              amount=Money(1_000), reason="all of it", entry_date=today(),
                              by="accountant@acme.test")
    # 4.30 × 38/43 = 3.80 taxed: VAT 0.475 → 0.48, NHIL and GETFund 3.80/48 → 0.08 each,
    # net 3.16; the other 0.50 untaxed. The exempt invoice's note carries no tax.
    assert one.number == "CN-000001" and two.number == "CN-000002"
    assert one.tax.as_strings() == {"net": "3.66", "vat": "0.48", "nhil": "0.08",
                                    "getfund": "0.08", "covid": "0.00", "gross": "4.30"}
    assert two.tax.as_strings()["net"] == "10.00" and two.tax.tax.is_zero
    with world.ctx.scope(world.tenant_id) as scope:
        lines = {(p.account_code, p.debit, p.credit) for p in scope.scalars(
            select(Posting).where(Posting.journal_id == two.journal_id))}
        report = ageing(scope, as_of=today())
    assert lines == {("4100", 1_000, 0), ("1100", 0, 1_000)}
    assert report["total"] == report["ledger"] == 4_300 - 430


def test_the_receivables_commands(world: World, till: TillFactory, database_url: str,
                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sales, payment_id = _three_invoices_and_a_payment(world, till)
    with world.ctx.scope(world.tenant_id) as scope:
        from sync_server.sales.models import Sale
        receipts = {s.id: s.receipt_no for s in scope.scalars(select(Sale))}
        payment = scope.scalar(select(Journal.reference).where(Journal.envelope_id == payment_id))
    db = ("--db", database_url, "--tenant", world.domain)
    assert main(["receivables", "terms", *db, "--customer", "Kofi Traders", "--days", "45"]) == 0
    assert "within 45 days" in capsys.readouterr().out
    assert main(["receivables", "terms", *db, "--customer", "Nobody", "--days", "45"]) == 2
    assert "No customer" in capsys.readouterr().err
    assert main(["receivables", "reallocate", *db, "--payment", payment, "--to",
                 f"{receipts[sales[2]]}=145.00", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["allocations"] == [
        {"sale": receipts[sales[2]], "amount": "145.00"}]
    assert main(["credit-note", "add", *db, "--sale", receipts[sales[1]], "--amount", "10.00",
                 "--reason", "late delivery", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["number"] == "CN-000001"
    assert main(["credit-note", "add", *db, "--sale", receipts[sales[1]], "--amount", "-1",
                 "--reason", "x"]) == 2
    assert "above zero" in capsys.readouterr().err
    assert main(["report", "ar-ageing", *db, "--json"]) == 0
    aged = json.loads(capsys.readouterr().out)
    assert aged["total"] == aged["ledger_1100"] == "370.00" and aged["difference"] == "0.00"
    target = tmp_path / "statement.pdf"
    assert main(["report", "statement", *db, "--customer", "C0009876543", "--from",
                 ago(120), "--format", "pdf", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
