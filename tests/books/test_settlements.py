"""MoMo and card settlements and statement matching (issue [9] scope 5), on every
database: matched lines settle once, what does not match is listed both ways, bad rows
are rejected with reasons and change nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from shared.matching import StatementLine, TenderRef, match_lines, read_rows
from shared.money import Money
from shared.payloads import Tender
from shared.purchases import settlement_journal
from sync_server.errors import Invalid, Refused
from sync_server.ledger.services import post_unposted
from sync_server.purchases.models import Statement
from sync_server.purchases.settlements import (
    import_statement,
    match_statement,
    settle,
    settle_statement,
    unmatched,
)
from tests.books.test_purchases import balances, journal_count
from tests.server.conftest import ADMIN, TillFactory, World, live, till  # noqa: F401


def test_matching_by_reference_then_amount_and_date() -> None:
    from datetime import date

    day = date(2026, 3, 10)
    tenders = [TenderRef(("a", 0), day, "MP-1", Money(5_000)),
               TenderRef(("b", 0), day, "", Money(2_000)),
               TenderRef(("c", 0), date(2026, 3, 12), "", Money(2_000)),
               TenderRef(("d", 0), day, "mp 4", Money(700))]
    lines = [StatementLine(2, day, "mp-1", Money(5_000)),
             StatementLine(3, date(2026, 3, 11), "", Money(2_000)),
             StatementLine(4, day, "MP4", Money(800)),  # right reference, wrong amount
             StatementLine(5, day, "ZZ", Money(9_999))]
    matches = match_lines(lines, tenders)
    assert [(m.line_no, m.tender, m.how) for m in matches] == [
        (2, ("a", 0), "reference"), (3, ("b", 0), "amount and date")]
    accepted, problems = read_rows([
        {"date": "2026-03-10", "reference": "X1", "amount": "10.00"},
        {"date": "10/03/2026", "reference": "X2", "amount": "GH₵ 1,020.50"},
        {"date": "yesterday", "reference": "X3", "amount": "1.00"},
        {"date": "2026-03-10", "reference": "X4", "amount": "-4.00"},
        {"date": "2026-03-10", "reference": "x1", "amount": "3.00"},
        {"date": "2026-03-10", "reference": "X6", "amount": "lots"}])
    assert [(a.line_no, a.amount) for a in accepted] == [(2, Money(1_000)), (3, Money(102_050))]
    assert [(p.line, p.reason.split(" ")[0]) for p in problems] == [
        (4, "“yesterday”"), (5, "the"), (6, "reference"), (7, "“lots”")]


def test_settlement_journal_credits_each_branch() -> None:
    journal = settlement_journal("SET-1", "1020", "MAIN", fee=Money(150), bank="1010",
                                 gross={"MAIN": Money(10_000), "KSI": Money(5_000)})
    assert journal.balances() == {"1010": Money(14_850), "6200": Money(150), "1020": Money(-15_000)}


def _csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    return ("date,reference,amount,description\n"
            + "".join(",".join(r) + "\n" for r in rows)).encode()


def test_statement_matched_settled_once_unmatched_listed(
        world: World, till: TillFactory) -> None:  # noqa: F811 - the server suite's fixture
    terminal = till()
    one = terminal.priced_sale([("GH-0001", "1")])  # 38.00
    two = terminal.priced_sale([("GH-0002", "2")])  # 9.00
    three = terminal.priced_sale([("GH-0004", "1")])  # 14.00, never on a statement
    for sale, ref in ((one, "MP240310.1234"), (two, None), (three, "MP-NOT-THERE")):
        gross = sale.totals.gross
        terminal.seal("sale", terminal.priced_sale(
            [(ln.sku, str(ln.qty)) for ln in sale.lines],
            tenders=[Tender("momo", gross, gross, "mtn", ref or "MP0")]).to_json())
    terminal.push()
    post_unposted(world.ctx, world.tenant_id, ADMIN)
    day = terminal.today()
    ctx = world.ctx
    assert balances(world)["1020"] == 3_800 + 900 + 1_400
    # a file with a bad row: nothing is imported, the rows say why
    bad = _csv([(day, "MP240310.1234", "38.00", "ok"), ("31/02/2026", "Q", "1.00", "bad date"),
                (day, "R", "abc", "bad amount")])
    before = journal_count(world)
    with ctx.scope(world.tenant_id) as scope:
        summary = import_statement(ctx, scope, ADMIN, kind="momo", filename="bad.csv", content=bad)
    assert (summary["imported"], summary["accepted"], summary["rejected"]) == (False, 1, 2)
    assert [p["line"] for p in summary["problems"]] == [3, 4]
    with ctx.scope(world.tenant_id) as scope:
        assert scope.scalar(select(func.count()).select_from(Statement)) == 0
        with pytest.raises(Invalid, match="no amount"):
            import_statement(ctx, scope, ADMIN, kind="momo", filename="x.csv",
                             content=b"date,reference\n2026-03-01,A\n")
    # a good XLSX statement: reference match, a no-reference match, one line of nobody's
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Reference", "Amount", "Description"])
    sheet.append([day, "mp240310.1234", 38, "MTN MoMo"])
    sheet.append([day, "", 9, "MTN MoMo, no ref"])
    sheet.append([day, "ZZ-99", 55.5, "unknown payer"])
    data = io.BytesIO()
    book.save(data)
    with ctx.scope(world.tenant_id) as scope:
        good = import_statement(ctx, scope, ADMIN, kind="momo", filename="march.xlsx",
                                content=data.getvalue())
    assert (good["imported"], good["accepted"], good["rejected"]) == (True, 3, 0)
    with ctx.scope(world.tenant_id) as scope:
        matched = match_statement(ctx, scope, ADMIN, good["statement"])
        listing = unmatched(scope, "momo", older_than_days=0, as_of=day)
    assert matched["matched"] == 2 and [m["how"] for m in matched["matches"]] == [
        "reference", "amount and date"]
    assert [(ln["reference"], ln["amount"]) for ln in listing["statement_lines"]] == [("ZZ-99", "55.50")]
    assert [(t["reference"], t["amount"]) for t in listing["tenders"]] == [("MP-NOT-THERE", "14.00")]
    with ctx.scope(world.tenant_id) as scope:
        done = settle_statement(ctx, scope, ADMIN, statement_id=good["statement"], fee="0.47",
                                settle_date=day, branch="MAIN")
    assert (done["gross"], done["fee"], done["net"], done["tenders"]) == ("47.00", "0.47", "46.53", 2)
    assert balances(world, done["number"]) == {"1010": 4_653, "6200": 47, "1020": -4_700}
    assert balances(world)["1020"] == 1_400
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="no matched lines"):
        settle_statement(ctx, scope, ADMIN, statement_id=good["statement"], fee="0",
                         settle_date=day, branch="MAIN")
    # the same lines on a second statement match nothing: those tenders are settled
    with ctx.scope(world.tenant_id) as scope:
        again = import_statement(ctx, scope, ADMIN, kind="momo", filename="again.csv",
                                 content=_csv([(day, "MP240310.1234", "38.00", "dup")]))
        assert match_statement(ctx, scope, ADMIN, again["statement"])["matched"] == 0
    assert journal_count(world) == before + 1
    # by hand: card takings settled with a fee
    with ctx.scope(world.tenant_id) as scope:
        card = settle(ctx, scope, ADMIN, kind="card", gross="100.00", fee="2.50", settle_date=day,
                      branch="MAIN")
        with pytest.raises(Invalid, match="fee"):
            settle(ctx, scope, ADMIN, kind="card", gross="10.00", fee="10.00", settle_date=day,
                   branch="MAIN")
    assert balances(world, card["number"]) == {"1010": 9_750, "6200": 250, "1030": -10_000}
