"""Late postings find their month (issue [10] scope 3): a sale of a closed month that
syncs later is posted to the first open month and listed with its taxes; once its month
is reopened it moves back, and both months' trial balances, tax reconciliations and VAT
returns are right."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync_server.audit.services import Actor
from sync_server.closing.late import late_postings, move_all_back, move_back
from sync_server.closing.services import Person, reopen
from sync_server.closing.taxes import explained_reconciliation
from sync_server.closing.vat_return import vat_return
from sync_server.errors import Refused
from sync_server.periods.services import close_period, ensure_periods
from sync_server.reports.ledger import trial_balance
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World

ACTOR = Actor("cli", "tests")
DIRECTOR = Person("director@acme.test", "Efua Mensah", "director")


def _vat(report: dict, key: str = "difference") -> int:
    return next(r[key] for r in report["rows"] if r["tax"] == "VAT")


def test_a_late_sale_moves_back_when_its_month_reopens(world: World, till: TillFactory) -> None:
    ctx = world.ctx
    on_time = till(clock=lambda: datetime(2026, 10, 10, 9, 0, tzinfo=UTC),
                   business_date="2026-10-10")
    on_time.sell([("GH-0001", 1)])  # 38.00 in October, synced in October
    on_time.push()
    with ctx.scope(world.tenant_id) as scope:
        ensure_periods(scope, ["2026-10", "2026-11"])
        scope.flush()
        close_period(scope, "2026-10", by=DIRECTOR.email, at=ctx.clock.now())
    van = till(clock=lambda: datetime(2026, 10, 30, 15, 0, tzinfo=UTC),
               business_date="2026-10-30")
    van.sell([("GH-0005", 1)])  # Milo 62.00 on 30 October, synced after the close
    van.push()
    with ctx.scope(world.tenant_id) as scope:
        landed = late_postings(scope, landed="2026-11")
        assert [(x["reference"], x["own_period"], x["taxes"]["vat"]) for x in landed] == [
            (landed[0]["reference"], "2026-10", 775)]
        nov = explained_reconciliation(scope, "2026-11")
        assert _vat(nov) == 775 and nov["explained"]
        oct_tb_before = {ln.code: ln.net for ln in trial_balance(scope, period="2026-10").lines}
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="2026-10 is closed"):
        move_back(ctx, scope, landed[0]["journal"], DIRECTOR, ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        reopen(ctx, scope, "2026-10", DIRECTOR, ACTOR, reason="the van's late October sales")
    with ctx.scope(world.tenant_id) as scope:
        moved = move_all_back(ctx, scope, "2026-10", DIRECTOR, ACTOR)
    assert len(moved) == 1
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="already been moved"):
        move_back(ctx, scope, landed[0]["journal"], DIRECTOR, ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        october = explained_reconciliation(scope, "2026-10")
        november = explained_reconciliation(scope, "2026-11")
        oct_tb = {ln.code: ln.net for ln in trial_balance(scope, period="2026-10").lines}
        nov_tb = {ln.code: ln.net for ln in trial_balance(scope, period="2026-11").lines}
        oct_return = vat_return(scope, "2026-10")
        nov_return = vat_return(scope, "2026-11")
    # October now holds both sales and agrees exactly; November nets to nothing.
    assert _vat(october) == 0 and october["agrees"]
    assert _vat(november, "posted") == 0 and november["explained"] and not november["items"]
    assert (oct_tb["2100"] - oct_tb_before["2100"]).pesewas == -775  # VAT credited in October
    assert nov_tb == oct_tb  # nothing else happened in November
    assert next(t for t in oct_return["taxes"] if t["tax"] == "VAT")["output"] == 475 + 775
    assert next(t for t in nov_return["taxes"] if t["tax"] == "VAT")["output"] == 0
    assert not nov_return["other_ledger_items"]
    check_books(ctx, world.tenant_id, [on_time, van])
