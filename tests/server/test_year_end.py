"""The year-end close (issue [10] scope 6): the year's result moves into Retained
Earnings; the balance sheet before and after agree; the next year's P&L starts at zero;
a dry run keeps nothing; a closed year reopens only by a director with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from sync_server.audit.services import Actor
from sync_server.closing.services import Person, reopen
from sync_server.closing.year_end import (
    close_year,
    dry_run,
    reopen_year,
    set_year_end_month,
    year_end_of,
)
from sync_server.errors import Refused
from sync_server.ledger.models import Journal
from sync_server.periods.services import close_period, ensure_periods
from sync_server.reports.ledger import balance_sheet, profit_and_loss, trial_balance
from tests.server.conftest import TillFactory, World

ACTOR = Actor("cli", "tests")
DIRECTOR = Person("director@acme.test", "Efua Mensah", "director")
MANAGER = Person("manager@acme.test", "Kwame Boateng", "manager")


def _clock(day: int, month: int):
    return lambda: datetime(2026, month, day, 10, 0, tzinfo=UTC)


def test_year_end_moves_the_result_and_the_next_year_starts_at_zero(
        world: World, till: TillFactory) -> None:
    ctx = world.ctx
    set_year_end_month(ctx, world.tenant_id, 10, ACTOR)  # the year ends on 31 October
    last = year_end_of(ctx, world.tenant_id, 2026)
    assert last == "2026-10"
    sep = till(clock=_clock(15, 9), business_date="2026-09-15")
    sep.sell([("GH-0001", 2)])  # 76.00
    sep.push()
    octo = till(clock=_clock(20, 10), business_date="2026-10-20")
    octo.sell([("GH-0005", 1)])  # 62.00
    octo.push()
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="Close every month"):
        close_year(ctx, scope, last, DIRECTOR, ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        ensure_periods(scope, ["2026-09", "2026-10"])
        scope.flush()
        for month in ("2026-09", "2026-10"):
            close_period(scope, month, by=DIRECTOR.email, at=ctx.clock.now())
    with ctx.scope(world.tenant_id) as scope:
        before = balance_sheet(scope, period=last)
        pnl = profit_and_loss(scope, first="2025-11", last=last)
        journals = scope.scalar(select(func.count()).select_from(Journal))
    assert before["balanced"] and before["current_earnings"] == pnl["net_profit"] != "0.00"
    preview = dry_run(ctx, world.tenant_id, last, DIRECTOR, ACTOR)
    assert str(preview.net_profit) == pnl["net_profit"]
    with ctx.scope(world.tenant_id) as scope:  # nothing kept
        assert scope.scalar(select(func.count()).select_from(Journal)) == journals
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="Only a director"):
        close_year(ctx, scope, last, MANAGER, ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        done = close_year(ctx, scope, last, DIRECTOR, ACTOR)
    assert done.to_json() == preview.to_json()
    with ctx.scope(world.tenant_id) as scope:
        after = balance_sheet(scope, period=last)
        tb = trial_balance(scope, period=last)
        assert profit_and_loss(scope, first="2025-11", last=last) == pnl  # trade, unchanged
        assert profit_and_loss(scope, first="2026-11", last="2026-11")["net_profit"] == "0.00"
    assert after["balanced"] and after["current_earnings"] == "0.00"
    for key in ("total_assets", "total_liabilities", "total_equity"):
        assert after[key] == before[key]
    retained = {e["code"]: e["amount"] for e in after["equity"]}["3100"]
    assert retained == pnl["net_profit"]
    balances = {ln.code: ln for ln in tb.lines}
    assert all(balances[c].net.is_zero for c in ("4000", "4100", "5000"))
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="already closed"):
        close_year(ctx, scope, last, DIRECTOR, ACTOR)
    # A month of a closed year does not reopen; the year reopens with a reason, first.
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="reopens the year"):
        reopen(ctx, scope, "2026-10", DIRECTOR, ACTOR, reason="a late supplier bill")
    with ctx.scope(world.tenant_id) as scope:
        reopen_year(ctx, scope, last, DIRECTOR, ACTOR, reason="the auditors moved a bill")
    with ctx.scope(world.tenant_id) as scope:
        assert balance_sheet(scope, period=last)["current_earnings"] == pnl["net_profit"]
        reopen(ctx, scope, "2026-10", DIRECTOR, ACTOR, reason="the auditors moved a bill")
    with pytest.raises(Refused, match="can no longer change"):
        set_year_end_month(ctx, world.tenant_id, 12, ACTOR)
