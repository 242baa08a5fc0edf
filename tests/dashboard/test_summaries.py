"""The per-day sales summaries stay exactly equal to a fresh aggregation of the raw
tables through merges of sales, returns, voids (in the same push and in a later one),
and a late sale into a closed month; ``report summaries`` checks and rebuilds them. On SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from shared.money import Money
from shared.payloads import Tender
from sync_server.cli import main as cli_main
from sync_server.periods.services import close_period, ensure_periods
from sync_server.reports import sales_detail, summaries
from sync_server.reports.models import SalesDaySummary
from tests.dashboard.conftest import Shop, make_till
from tests.server import conftest as server_suite
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ProtocolError, ToyTerminal

live = server_suite.live
till = server_suite.till


def _check(shop: Shop) -> list[summaries.Difference]:
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        return summaries.check(scope)


def test_summaries_equal_a_fresh_aggregation_after_every_kind_of_merge(shop: Shop) -> None:
    world, ctx = shop.world, shop.world.ctx
    assert _check(shop) == []  # the shop: sales, a later void, a refund, another branch
    today = datetime.now(UTC).date()
    last_month = today.replace(day=1) - timedelta(days=1)
    closed = last_month.strftime("%Y-%m")
    with ctx.scope(world.tenant_id) as scope:
        ensure_periods(scope, [closed])
        close_period(scope, closed, by="accountant", at=datetime.now(UTC))
    till = make_till(world, shop.tills, "MAIN", "Till 4")
    late = till.sell([("GH-0001", 1), ("GH-0004", 2)], business_date=last_month.isoformat())
    gone = till.sell([("GH-0002", 2)], tenders=[Tender("momo", Money(900), Money(900),
                                                        provider="mtn", reference="M9")])
    till.void(gone)  # voided in the same push as it was sold
    till.refund(late, [(2, "1")])
    kept = till.sell([("GH-0004", 1)])
    results = [r for body in till.push() for r in body["results"]]
    assert {r["status"] for r in results} == {"stored"}
    assert _check(shop) == []
    till.void(kept)  # a later push voids a sale summarised as completed
    till.push()
    assert _check(shop) == []
    day = last_month.isoformat()
    with ctx.scope(world.tenant_id) as scope:
        late_day = sales_detail.totals(scope, day, day)
        assert (late_day.sales, late_day.gross, late_day.refunds) == (1, 3800 + 2800, 0)
        today_top = {p["sku"]: p["qty_milli"] for p in
                     sales_detail.top_products(scope, shop.today, shop.today)}
        assert "GH-0002" not in today_top  # only voided sales of it
        # The new till's sales of today were all voided; it is listed for its refund only.
        tills = {r["key"]: r for r in sales_detail.by_key(scope, shop.today, shop.today,
                                                           "terminal")}
        assert (tills[till.terminal_id]["sales"], tills[till.terminal_id]["refunds"]) == (0, 1400)
        assert sales_detail.totals(scope, shop.today, shop.today).voids == 3
        over = sales_detail.overview(scope, shop.today, shop.today)
        assert over["by_terminal"] == list(tills.values())
        assert over["totals"] == sales_detail.totals(scope, shop.today, shop.today)


def test_check_finds_a_difference_and_rebuild_repairs_it(shop: Shop, database_url: str,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    world, ctx = shop.world, shop.world.ctx
    domain = world.domain
    with ctx.scope(world.tenant_id) as scope:
        scope.execute(update(SalesDaySummary).where(SalesDaySummary.status == "completed")
                      .values(gross=SalesDaySummary.gross + 1))
        scope.execute(delete(SalesDaySummary).where(SalesDaySummary.status == "voided"))
        before = sales_detail.totals(scope, shop.today, shop.today)
    assert before.voids == 0  # the reports read the (now wrong) summaries
    code = cli_main(["report", "summaries", "--db", database_url, "--tenant", domain, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["differences"] >= 2
    assert any("summary_sales" in line for line in out["first"])
    code = cli_main(["report", "summaries", "--db", database_url, "--tenant", domain,
                     "--rebuild", "--json"])
    rebuilt = json.loads(capsys.readouterr().out)["rebuilt"]
    assert code == 0 and rebuilt["summary_sales"] >= 2 and rebuilt["summary_products"] >= 3
    assert cli_main(["report", "summaries", "--db", database_url, "--tenant", domain,
                     "--check"]) == 0
    assert "agree" in capsys.readouterr().out
    with ctx.scope(world.tenant_id) as scope:
        after = sales_detail.totals(scope, shop.today, shop.today)
    assert (after.sales, after.gross, after.voids, after.void_gross) == (3, 12800, 1, 1350)


def _push_all_at_once(tills: list[ToyTerminal]) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(len(tills))

    def run(t: ToyTerminal) -> None:
        try:
            start.wait()
            for attempt in range(5):
                try:
                    t.push(batch_size=2)
                    return
                except ProtocolError as exc:
                    # MariaDB can deadlock on the request nonces of concurrent requests
                    # (sync/auth.py, outside the push's retry); the till tries again, as
                    # the 503 tells it to. Anything else fails the test.
                    if exc.status != 503 or attempt == 4:
                        raise
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in tills]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors


def test_concurrent_pushes_voiding_each_others_sales_keep_the_summaries_exact(
        world: World, till: TillFactory) -> None:
    """Six tills of one branch push at once, twice; the second time each voids a sale of
    the next till (rows another push is adding to) and refunds one of its own."""
    tills = [till() for _ in range(6)]
    sold = [[t.sell([("GH-0001", 1), (f"GH-00{10 + n}", 2)]) for n in range(4)] for t in tills]
    _push_all_at_once(tills)
    for number, t in enumerate(tills):
        t.void(sold[(number + 1) % len(tills)][0])
        t.refund(sold[number][1], [(1, "1")])
        t.sell([("GH-0001", 2)])
    _push_all_at_once(tills)
    with world.ctx.scope(world.tenant_id) as scope:
        assert summaries.check(scope) == []
        day = tills[0].today()
        totals = sales_detail.totals(scope, day, day)
    assert (totals.sales, totals.voids, totals.refund_count) == (6 * 4 - 6 + 6, 6, 6)


def test_summaries_of_one_tenant_never_touch_another(shop: Shop, testdata) -> None:
    # The summaries are built with Core INSERT … SELECT statements, which the tenant
    # scope's automatic filter does not reach: every statement filters tenant_id by hand.
    # Rebuilding or merging for one tenant must leave the other's rows exactly as they were.
    ctx = shop.world.ctx
    other = server_suite.make_world(ctx, testdata, domain="third.test", name="Third Shop")
    theirs = make_till(other, shop.tills, "MAIN", "Other till")
    theirs.sell([("GH-0001", 5)])
    theirs.push()

    def rows(tenant_id: int) -> list[tuple[object, ...]]:
        with ctx.scope(tenant_id) as scope:
            return sorted(tuple(r) for r in scope.execute(select(
                SalesDaySummary.tenant_id, SalesDaySummary.terminal_id, SalesDaySummary.business_date,
                SalesDaySummary.status, SalesDaySummary.sales, SalesDaySummary.gross)))

    mine, before_theirs = rows(shop.world.tenant_id), rows(other.tenant_id)
    assert mine and before_theirs and {r[0] for r in before_theirs} == {other.tenant_id}
    with ctx.scope(other.tenant_id) as scope:
        summaries.rebuild(scope)
        assert summaries.check(scope) == []
    assert rows(shop.world.tenant_id) == mine
    with ctx.scope(shop.world.tenant_id) as scope:
        summaries.rebuild(scope)
    shop.main.sell([("GH-0004", 1)])
    shop.main.push()
    assert rows(other.tenant_id) == before_theirs
    assert _check(shop) == []
