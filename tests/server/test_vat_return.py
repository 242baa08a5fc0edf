"""The VAT return (issue [10] scope 5): supplies by kind, output tax, input tax from bills
and expenses, net payable, the due date — and tied to the ledger: the tax accounts'
movement equals output − input + the month's other explained items."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from shared.money import Money
from shared.posting import Journal, JournalLine
from sync_server.books.post import post_journal
from sync_server.closing.vat_return import vat_return
from sync_server.ledger.models import Posting
from sync_server.periods.services import close_period, ensure_periods
from tests.server.conftest import ADMIN, TillFactory, World

NOV_CLOCK = lambda: datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # noqa: E731
OCT_CLOCK = lambda: datetime(2026, 10, 30, 10, 0, tzinfo=UTC)  # noqa: E731


def test_the_return_and_its_tie_to_the_ledger(world: World, till: TillFactory) -> None:
    t = till(clock=NOV_CLOCK, business_date="2026-11-18")
    sale = t.sell([("GH-0001", 2), ("GH-0037", 2)])  # 2 oil (B) 76.00, 2 paracetamol (A) 10.00
    t.refund(sale, [(1, "1")])  # one oil back: 38.00
    t.push()
    with world.ctx.scope(world.tenant_id) as scope:
        ensure_periods(scope, ["2026-10"])
        scope.flush()
        close_period(scope, "2026-10", by="director@acme.test", at=world.ctx.clock.now())
    october = till(clock=OCT_CLOCK, business_date="2026-10-30")
    october.sell([("GH-0005", 1)])  # Milo 62.00 of closed October: posted late to November
    october.push()
    with world.ctx.scope(world.tenant_id) as scope:
        # A supplier's bill with input tax: net 1,000.00, VAT 150.00, NHIL 25.00, GETFund 25.00.
        bill = Journal("bill", "BILL-000001", "Bill from Kasapreko", (
            JournalLine("6000", Money(100_000), Money.ZERO, "MAIN"),
            JournalLine("2100", Money(15_000), Money.ZERO, "MAIN"),
            JournalLine("2110", Money(2_500), Money.ZERO, "MAIN"),
            JournalLine("2120", Money(2_500), Money.ZERO, "MAIN"),
            JournalLine("2000", Money.ZERO, Money(120_000), "MAIN")))
        post_journal(world.ctx, scope, bill, branch="MAIN", entry_date="2026-11-20", actor=ADMIN)
    with world.ctx.scope(world.tenant_id) as scope:
        ret = vat_return(scope, "2026-11")
        moved = {row.account_code: int(row.c) for row in scope.execute(
            select(Posting.account_code, func.sum(Posting.credit - Posting.debit).label("c"))
            .where(Posting.fiscal_period == "2026-11",
                   Posting.account_code.in_(["2100", "2110", "2120"]))
            .group_by(Posting.account_code))}
    supplies = {s["code"]: s["value"] for s in ret["supplies"]}
    # Oil: 38.00 left sold = 31.67 net; paracetamol exempt: 10.00.
    assert supplies == {"B": 3167, "C": 0, "A": 1000, "D": 0}
    taxes = {t["tax"]: t for t in ret["taxes"]}
    assert (taxes["VAT"]["output"], taxes["VAT"]["input"], taxes["VAT"]["payable"]) == (
        475, 15_000, 475 - 15_000)
    assert (taxes["NHIL"]["output"], taxes["NHIL"]["input"]) == (79, 2_500)
    assert ret["due"] == "2026-12-31" and ret["explained"]
    assert [i["taxes"]["vat"] for i in ret["other_ledger_items"]] == [775]  # the late Milo
    for label, account, name in (("VAT", "2100", "vat"), ("NHIL", "2110", "nhil"),
                                 ("GETFund", "2120", "getfund")):
        other = sum(i["taxes"][name] for i in ret["other_ledger_items"])
        assert moved[account] == taxes[label]["output"] - taxes[label]["input"] + other
