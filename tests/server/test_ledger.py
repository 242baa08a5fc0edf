"""Posting status as in the seed (pending, posted, failed with a message), post-unposted,
and the reports over a small fixed data set."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from sync_server.audit.services import Actor
from sync_server.ledger.chart import set_account_status
from sync_server.ledger.services import post_unposted
from sync_server.periods.services import close_period
from sync_server.reports.ledger import balance_sheet, profit_and_loss, trial_balance
from sync_server.reports.sales import sales_summary, stock_levels
from sync_server.sales.models import Sale
from sync_server.sync.models import StoredEnvelope
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World

ADMIN = Actor("cli", "tests")


def test_a_posting_that_fails_says_why_and_post_unposted_retries_it(
        world: World, till: TillFactory) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        set_account_status(scope, "2110", active=False)  # NHIL Payable switched off by mistake
    t = till()
    t.sell([("GH-0001", 1)])
    t.sell([("GH-0002", 2)])
    body = t.push()[-1]
    assert [r["status"] for r in body["results"]] == ["stored", "stored"]  # merged anyway
    with world.ctx.scope(world.tenant_id) as scope:
        sales = scope.scalars(select(Sale).order_by(Sale.seq))
        assert {s.posting_status for s in sales} == {"failed"}
        assert "2110 NHIL Payable" in (sales[0].error_message or "")
    result = post_unposted(world.ctx, world.tenant_id, ADMIN)
    assert result["posted"] == 0 and len(result["failed"]) == 2
    with world.ctx.scope(world.tenant_id) as scope:
        set_account_status(scope, "2110", active=True)
    result = post_unposted(world.ctx, world.tenant_id, ADMIN)
    assert result == {"posted": 2, "late": 0, "failed": []}
    with world.ctx.scope(world.tenant_id) as scope:
        assert {s.posting_status for s in scope.scalars(select(Sale))} == {"posted"}
        assert {e.posting_status for e in scope.scalars(select(StoredEnvelope))} == {"posted"}
    assert post_unposted(world.ctx, world.tenant_id, ADMIN)["posted"] == 0  # nothing twice
    check_books(world.ctx, world.tenant_id, [t])


def test_a_period_with_unposted_transactions_cannot_be_closed_without_force(
        world: World, till: TillFactory) -> None:
    import pytest

    from sync_server.errors import Refused

    with world.ctx.scope(world.tenant_id) as scope:
        set_account_status(scope, "2100", active=False)
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    month = datetime.now(UTC).strftime("%Y-%m")
    with pytest.raises(Refused, match="not posted yet"), world.ctx.scope(world.tenant_id) as scope:
        close_period(scope, month, by="accountant", at=datetime.now(UTC))


def test_reports_over_a_known_day(world: World, till: TillFactory) -> None:
    t = till()
    # Frytol oil 38.00 ×2 and Milo 62.00 ×1, cash; then one oil returned.
    sale = t.sell([("GH-0001", 2), ("GH-0005", 1)])
    t.refund(sale, [(1, "1")])
    t.push()
    month = datetime.now(UTC).strftime("%Y-%m")
    today = datetime.now(UTC).date().isoformat()
    with world.ctx.scope(world.tenant_id) as scope:
        tb = trial_balance(scope, period=month)
        pnl = profit_and_loss(scope, first=month, last=month)
        sheet = balance_sheet(scope, period=month)
        by_branch = sales_summary(scope, first_day=today, last_day=today, group_by="branch")
        by_method = sales_summary(scope, first_day=today, last_day=today, group_by="method")
        stock = stock_levels(scope)
    balances = {ln.code: (str(ln.debit), str(ln.credit)) for ln in tb.lines}
    # Per line (tax-inclusive, each component half-up): oil 76.00 = 63.34 net + 9.50 VAT +
    # 1.58 NHIL + 1.58 GETFund; Milo 62.00 = 51.67 + 7.75 + 1.29 + 1.29. Returning one of
    # two oils refunds half of each: 31.67 + 4.75 + 0.79 + 0.79 = 38.00, cost 27.56.
    assert balances["1000"] == ("100.00", "0.00")  # 138.00 in, 38.00 back
    assert balances["2100"] == ("0.00", "12.50")  # VAT: 17.25 − 4.75
    assert balances["2110"] == ("0.00", "2.08")
    assert balances["2120"] == ("0.00", "2.08")
    assert balances["4000"] == ("0.00", "115.01")
    assert balances["4100"] == ("31.67", "0.00")  # the oil's net, returned
    assert str(tb.total_debit) == str(tb.total_credit)
    assert pnl["net_sales"] == "83.34" and pnl["cost_of_sales"] == "74.37"
    assert pnl["gross_profit"] == "8.97"
    assert sheet["balanced"] is True
    assert by_branch == [{"branch": "MAIN", "sales": 1, "gross": "138.00", "net": "115.01",
                          "tax": "22.99", "refunds": "38.00", "takings": "100.00"}]
    assert by_method == [{"method": "cash", "provider": None, "label": "Cash", "tenders": 2,
                          "amount": "100.00"}]
    assert {s["sku"]: s["qty"] for s in stock} == {"GH-0001": "-1.000", "GH-0005": "-1.000"}
    check_books(world.ctx, world.tenant_id, [t])
