"""Suppliers, bills, payments, expenses and tax paid (issue [9] scope 4), on every
database, against figures computed by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from shared.money import Money
from shared.purchases import GOODS, PricedLine, PurchaseError, bill_journal, input_tax
from shared.tax import DEFAULT_PROFILE, TaxCode, TaxProfile
from sync_server.errors import AlreadyExists, Invalid, NotFound, Refused
from sync_server.ledger.models import Journal as JournalRow
from sync_server.ledger.models import Posting
from sync_server.ledger.services import post_unposted
from sync_server.purchases.bills import (
    LineIn,
    add_bill,
    add_supplier,
    list_bills,
    parse_line,
    pay_supplier,
    show_bill,
)
from sync_server.purchases.expenses import add_expense, pay_tax
from sync_server.purchases.reports import ap_ageing, bucket, supplier_statement
from tests.server.conftest import ADMIN, TillFactory, World, live, till  # noqa: F401


def balances(world: World, reference: str | None = None) -> dict[str, int]:
    """Debit − credit per account (of one journal's reference, or of the whole ledger)."""
    with world.ctx.scope(world.tenant_id) as scope:
        stmt = select(Posting.account_code, func.sum(Posting.debit - Posting.credit)).group_by(
            Posting.account_code)
        if reference is not None:
            ids = scope.scalars(select(JournalRow.id).where(JournalRow.reference == reference))
            stmt = stmt.where(Posting.journal_id.in_(ids))
        rows: list[Any] = list(scope.execute(stmt).all())
        return {str(row[0]): int(row[1]) for row in rows if int(row[1])}


def journal_count(world: World) -> int:
    with world.ctx.scope(world.tenant_id) as scope:
        return int(scope.scalar(select(func.count()).select_from(JournalRow)))


def test_input_tax_of_a_standard_bill_line_by_hand() -> None:
    # GH₵ 1,200.00 standard-rated, 2026: net 1,000.00, VAT 150.00, NHIL 25.00, GETFund 25.00
    for amount, inclusive in ((Money(120_000), True), (Money(100_000), False)):
        tax = input_tax(amount, TaxCode.STANDARD, date(2026, 3, 10), inclusive=inclusive,
                        profile=DEFAULT_PROFILE)
        assert (tax.tax.net, tax.tax.vat, tax.tax.nhil, tax.tax.getfund, tax.tax.gross) == (
            Money(100_000), Money(15_000), Money(2_500), Money(2_500), Money(120_000))
        assert tax.claimed == Money(20_000) and tax.cost == Money(100_000)
    # 2025 (GH-2023): levies 2.5 + 2.5 + 1 % are straight levies, only VAT is claimed
    old = input_tax(Money(100_000), TaxCode.STANDARD, date(2025, 6, 1), inclusive=False,
                    profile=DEFAULT_PROFILE)
    assert (old.tax.nhil, old.tax.getfund, old.tax.covid, old.tax.vat) == (
        Money(2_500), Money(2_500), Money(1_000), Money(15_900))  # 15 % of 1,060.00
    assert old.claimed == Money(15_900) and old.cost == Money(106_000)
    # not VAT-registered: nothing is claimed, the tax is cost
    none = input_tax(Money(120_000), TaxCode.STANDARD, date(2026, 3, 10), inclusive=True,
                     profile=TaxProfile(vat_registered=False))
    assert none.claimed == Money.ZERO and none.cost == Money(120_000)


def test_a_linked_bill_below_the_receipts_value_credits_inventory() -> None:
    tax = input_tax(Money(25_000), TaxCode.STANDARD, date(2026, 3, 10), inclusive=False,
                    profile=DEFAULT_PROFILE)  # 250.00 + 50.00 tax
    journal = bill_journal("BILL-9", "Nkulenu", "MAIN", [PricedLine(GOODS, "oil", tax)],
                           receipts_value=Money(27_560))
    assert journal is not None
    # the till recorded 275.60; the supplier billed 250.00 net: 1200 comes down by 25.60,
    # 2000 goes up by 300.00 − 275.60 = 24.40, so it ends at the gross (300.00)
    assert journal.balances() == {"1200": Money(-2_560), "2100": Money(3_750),
                                  "2110": Money(625), "2120": Money(625), "2000": Money(-2_440)}
    with pytest.raises(PurchaseError, match="goods received"):
        bill_journal("BILL-9", "Nkulenu", "MAIN", [PricedLine("6000", "transport", tax)],
                     receipts_value=Money(27_560))
    untaxed = input_tax(Money(27_560), TaxCode.EXEMPT, date(2026, 3, 10), inclusive=False,
                        profile=DEFAULT_PROFILE)
    assert bill_journal("BILL-9", "N", "MAIN", [PricedLine(GOODS, "oil", untaxed)],
                        receipts_value=Money(27_560)) is None


def test_a_standard_rated_bill_posts_net_input_tax_and_gross(world: World) -> None:
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        add_supplier(ctx, scope, ADMIN, name="Nkulenu Wholesale", tin="C0001112223",
                     terms_days=30)
        bill = add_bill(ctx, scope, ADMIN, supplier="nkulenu wholesale", supplier_invoice="INV-77",
                        bill_date="2026-03-10", branch="MAIN",
                        lines=[LineIn("Rice 50kg", "goods", "1,200.00", "B", inclusive=True)])
    assert bill["number"] == "BILL-000001" and bill["due"] == "2026-04-09"
    assert (bill["net"], bill["vat"], bill["nhil"], bill["getfund"], bill["gross"]) == (
        "1000.00", "150.00", "25.00", "25.00", "1200.00")
    assert balances(world, "BILL-000001") == {"1200": 100_000, "2100": 15_000, "2110": 2_500,
                                              "2120": 2_500, "2000": -120_000}
    before = journal_count(world)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(AlreadyExists, match="INV-77"):
        add_bill(ctx, scope, ADMIN, supplier="Nkulenu Wholesale", supplier_invoice="INV-77",
                 bill_date="2026-03-11", branch="MAIN", lines=[parse_line("Rice|goods|10.00|B")])
    for bad, message in (("Fuel|1000|10.00|B", "holds money"),
                         ("Fuel|6000|ten|B", "not an amount"),
                         ("Fuel|6000|10.00|X", "not a tax code"),
                         ("Fuel|9999|10.00|B", "9999")):
        with ctx.scope(world.tenant_id) as scope, pytest.raises((Invalid, NotFound), match=message):
            add_bill(ctx, scope, ADMIN, supplier="Nkulenu Wholesale", supplier_invoice="INV-78",
                     bill_date="2026-03-11", branch="MAIN", lines=[parse_line(bad)])
    assert journal_count(world) == before
    with ctx.scope(world.tenant_id) as scope:
        assert [b["number"] for b in list_bills(scope)] == ["BILL-000001"]


def test_part_payments_allocate_oldest_first_and_ageing_ties_to_2000(world: World) -> None:
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        add_supplier(ctx, scope, ADMIN, name="GB Foods", terms_days=14, opening_balance="500.00",
                     go_live="2026-01-01", branch="MAIN")
        add_bill(ctx, scope, ADMIN, supplier="GB Foods", supplier_invoice="A1",
                 bill_date="2026-01-10", branch="MAIN",
                 lines=[LineIn("Tomato paste", "goods", "600.00", "B")])  # gross 720.00
        add_bill(ctx, scope, ADMIN, supplier="GB Foods", supplier_invoice="A2",
                 bill_date="2026-03-01", branch="MAIN",
                 lines=[LineIn("Delivery", "6000", "100.00", "D")])  # gross 100.00
    assert balances(world)["3200"] == 50_000
    with ctx.scope(world.tenant_id) as scope:
        paid = pay_supplier(ctx, scope, ADMIN, supplier="GB Foods", amount="700.00",
                            pay_date="2026-03-05", method="bank", branch="MAIN")
    assert paid["allocated"] == [{"bill": "OPEN-000001", "amount": "500.00"},
                                 {"bill": "BILL-000001", "amount": "200.00"}]
    assert balances(world, paid["number"]) == {"2000": 70_000, "1010": -70_000}
    with ctx.scope(world.tenant_id) as scope:
        named = pay_supplier(ctx, scope, ADMIN, supplier="GB Foods", amount="50.00",
                             pay_date="2026-03-06", method="cash", branch="MAIN",
                             bills=[("BILL-000002", None)])
        assert named["allocated"] == [{"bill": "BILL-000002", "amount": "50.00"}]
        assert show_bill(scope, "BILL-000001")["status"] == "part paid"
        assert show_bill(scope, "BILL-000001")["open"] == "520.00"
        assert show_bill(scope, "OPEN-000001")["status"] == "paid"
    before = journal_count(world)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match=r"570\.00"):
        pay_supplier(ctx, scope, ADMIN, supplier="GB Foods", amount="600.00",
                     pay_date="2026-03-06", method="momo", branch="MAIN")
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Invalid, match="not a bank account"):
        pay_supplier(ctx, scope, ADMIN, supplier="GB Foods", amount="10.00",
                     pay_date="2026-03-06", method="bank", account="1000", branch="MAIN")
    assert journal_count(world) == before
    with ctx.scope(world.tenant_id) as scope:
        ageing = ap_ageing(scope, "2026-03-20")
        statement = supplier_statement(scope, "GB Foods", start="2026-02-01")
    # BILL-1 due 2026-01-24: 55 days past due → 31–60; BILL-2 due 2026-03-15 → 1–30
    assert ageing["rows"] == [{"supplier": "GB Foods", "current": "0.00", "1-30": "50.00",
                               "31-60": "520.00", "61-90": "0.00", "over 90": "0.00",
                               "total": "570.00"}]
    assert ageing["ledger_2000"] == ageing["totals"]["total"] == "570.00"
    assert ageing["difference"] == "0.00"
    assert statement["opening"] == "1220.00" and statement["closing"] == "570.00"
    assert [r["balance"] for r in statement["rows"]] == ["1320.00", "620.00", "570.00"]
    assert [bucket(d) for d in (0, 1, 30, 31, 60, 61, 90, 91)] == [
        "current", "1-30", "1-30", "31-60", "31-60", "61-90", "61-90", "over 90"]


def test_expense_and_tax_paid_to_gra(world: World) -> None:
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        expense = add_expense(ctx, scope, ADMIN, category="6000", amount="120.00",
                              expense_date="2026-03-12", branch="MAIN", paid_by="cash",
                              tax_code="B", receipt_no="R-55", memo="Printer paper")
        plain = add_expense(ctx, scope, ADMIN, category="6000", amount="30.00",
                            expense_date="2026-03-12", branch="MAIN", paid_by="momo")
    assert expense["input_tax"] == "20.00" and expense["cost"] == "100.00"
    assert balances(world, expense["number"]) == {"6000": 10_000, "2100": 1_500, "2110": 250,
                                                  "2120": 250, "1000": -12_000}
    assert balances(world, plain["number"]) == {"6000": 3_000, "1020": -3_000}
    before = journal_count(world)
    for kwargs, message in (({"category": "1000"}, "expense category"),
                            ({"amount": "-5.00"}, "more than 0.00"),
                            ({"paid_by": "cheque"}, "not a way to pay"),
                            ({"expense_date": "12/03/2026"}, "not a date")):
        args = {"category": "6000", "amount": "10.00", "expense_date": "2026-03-12",
                "branch": "MAIN", "paid_by": "cash", **kwargs}
        with ctx.scope(world.tenant_id) as scope, pytest.raises(Invalid, match=message):
            add_expense(ctx, scope, ADMIN, **args)
    assert journal_count(world) == before
    with ctx.scope(world.tenant_id) as scope:
        paid = pay_tax(ctx, scope, ADMIN, period="2026-03", pay_date="2026-04-15", branch="MAIN",
                       amounts={"vat": "15.00", "nhil": "2.50", "getfund": "2.50"})
    assert paid["total"] == "20.00"
    assert balances(world, paid["number"]) == {"2100": 1_500, "2110": 250, "2120": 250,
                                               "1010": -2_000}
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Invalid, match="how much"):
        pay_tax(ctx, scope, ADMIN, period="2026-03", pay_date="2026-04-15", branch="MAIN",
                amounts={})


def _receive(terminal, document: str, qty: str, unit_cost: int) -> None:  # type: ignore[no-untyped-def]
    terminal.seal("stock_receive", {"document_no": document, "supplier": "Nkulenu Wholesale",
                                    "location": terminal.location,
                                    "lines": [{"sku": "GH-0001", "qty": qty, "unit_cost": unit_cost,
                                               "expected": None}]})


def test_a_bill_linked_to_goods_received_leaves_2000_at_its_gross(
        world: World, till: TillFactory) -> None:  # noqa: F811 - the server suite's fixture
    terminal = till()
    _receive(terminal, "DN-1001", "10", 2756)  # 275.60 at the till's cost
    _receive(terminal, "DN-1002", "5", 2756)  # 137.80, not billed yet
    terminal.push()
    post_unposted(world.ctx, world.tenant_id, ADMIN)
    today = terminal.today()
    assert balances(world)["2000"] == -(27_560 + 13_780)
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        add_supplier(ctx, scope, ADMIN, name="Nkulenu Wholesale")
        bill = add_bill(ctx, scope, ADMIN, supplier="Nkulenu Wholesale", supplier_invoice="NW-9",
                        bill_date=today, branch="MAIN", receipts=["DN-1001"],
                        lines=[LineIn("Frytol oil 10 x 1L", "goods", "300.00", "B")])
    # gross 360.00; the receipt posted 275.60 to 2000 and 1200 already
    assert bill["gross"] == "360.00" and bill["receipts"][0]["value"] == "275.60"
    assert balances(world, "BILL-000001") == {"1200": 2_440, "2100": 4_500, "2110": 750,
                                              "2120": 750, "2000": -8_440}
    assert balances(world)["2000"] == -(36_000 + 13_780)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="already billed"):
        add_bill(ctx, scope, ADMIN, supplier="Nkulenu Wholesale", supplier_invoice="NW-10",
                 bill_date=today, branch="MAIN", receipts=["DN-1001"],
                 lines=[LineIn("again", "goods", "300.00", "B")])
    with ctx.scope(world.tenant_id) as scope, pytest.raises(NotFound, match="DN-9"):
        add_bill(ctx, scope, ADMIN, supplier="Nkulenu Wholesale", supplier_invoice="NW-10",
                 bill_date=today, branch="MAIN", receipts=["DN-9"],
                 lines=[LineIn("unknown", "goods", "300.00", "B")])
    with ctx.scope(world.tenant_id) as scope:
        ageing = ap_ageing(scope, today)
    assert ageing["totals"]["total"] == ageing["ledger_2000"] == "497.80"
    assert ageing["rows"][-1] == {"supplier": "(received, not billed)", "current": "137.80",
                                  "1-30": "0.00", "31-60": "0.00", "61-90": "0.00",
                                  "over 90": "0.00", "total": "137.80"}
