"""Running totals (issue [13] scope 1, docs/sync-protocol.md §3.7) on a real till and a
real server: every sale, refund and void carries the till's running totals after it,
kept in the till's database in the same transaction; head office checks they follow on
and holds a break (``running_total_mismatch``) naming both figures; a training till's
sales are flagged and never counted."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest
from sqlalchemy import select

from shared.running import Running, own, running_of
from sync_server.sync.models import StoredEnvelope
from terminal.returns import ReturnItem
from terminal.simulate import training_till
from terminal.store.running import current
from tests.sync.conftest import MANAGER, MANAGER_PIN, MILO, OIL, TillHandle

AS_MANAGER = {"user": MANAGER, "pin": MANAGER_PIN}


def _continuity(t: TillHandle) -> Running:
    """Walk the till's envelopes: each counted one's running totals follow on."""
    running = Running.ZERO
    for env in t.till.outbox.envelopes():
        typed = env.typed_payload()
        claimed = running_of(typed)
        if env.kind in ("sale", "refund", "void"):
            assert claimed is not None and claimed == running.plus(own(env.kind, typed)), env.seq
            running = claimed
        elif env.kind == "shift_close":
            assert claimed == running
    return running


def _stored(world) -> list[tuple[int, str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    with world.ctx.scope(world.tenant_id) as scope:
        return [(r.seq, r.kind, r.status, r.reason_code, r.reason) for r in scope.scalars(
            select(StoredEnvelope).where(StoredEnvelope.fork_no == 0).order_by(StoredEnvelope.seq))]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_sales_refunds_and_voids_keep_running_totals_head_office_accepts(  # type: ignore[no-untyped-def]
        world, live, make_till, seed) -> None:
    """A property over random days of trade: the running totals always follow on, the
    till's kept totals are the last envelope's, and head office holds none of them."""
    rng = random.Random(seed)
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    sold: list[str] = []
    for _ in range(12):
        action = rng.choice("sssrv") if sold else "s"
        if action == "s":
            sold.append(t.sell(*rng.choices([OIL, MILO], k=rng.randint(1, 3)), **AS_MANAGER))
        elif action == "r":
            receipt = sold.pop(rng.randrange(len(sold)))
            t.till.returns.refund(receipt, [ReturnItem(1, Decimal("1"))], reason="damaged")
        else:
            receipt = sold.pop(rng.randrange(len(sold)))
            t.till.returns.void(receipt, reason="rang up twice")
    running = _continuity(t)
    assert running == current(t.till.db)
    report = t.sync()
    assert report.ok and report.held == 0, report.message
    assert {status for _s, _k, status, _c, _r in _stored(world)} == {"stored"}


def test_running_totals_edited_on_the_till_are_held_with_both_figures(  # type: ignore[no-untyped-def]
        world, live, make_till) -> None:
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    # Someone lowers the till's grand total in its database before the next sale.
    with t.till.db.transaction() as conn:
        conn.execute("UPDATE running_totals SET gross = gross - 500")
    t.sell(MILO)
    t.sell(OIL)
    report = t.sync()
    assert report.held == 1
    rows = _stored(world)
    held = [r for r in rows if r[2] == "held"]
    assert len(held) == 1 and held[0][3] == "running_total_mismatch"
    reason = held[0][4] or ""
    assert "previous running totals plus this envelope's own figures are gross" in reason
    assert "but the envelope says gross" in reason
    # The sale after the break follows on from what the held one claimed: stored.
    assert rows[-1][2] == "stored" and rows[-1][0] > held[0][0]


def test_a_training_till_flags_its_sales_and_never_counts_them(make_till, testdata) -> None:  # type: ignore[no-untyped-def]
    t = make_till()
    t.till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    t.till.auth.import_users(testdata / "users_sample.csv")
    training_till(t.till)
    manager = {"user": "manager@acme.example.test", "pin": "7310"}
    t.sell(OIL, **manager)
    t.sell(OIL, OIL, **manager)
    envs = [e for e in t.till.outbox.envelopes() if e.kind == "sale"]
    assert len(envs) == 2
    for env in envs:
        typed = env.typed_payload()
        assert "training" in typed.flags and env.schema == 4
        assert running_of(typed) == Running.ZERO
    assert current(t.till.db) == Running.ZERO
    assert json.loads(json.dumps(envs[0].to_json()))["payload"]["flags"] == ["training"]


def test_the_z_report_carries_the_running_totals(world, live, make_till) -> None:  # type: ignore[no-untyped-def]
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL, **AS_MANAGER)  # GH₵ 38.00 cash on a GH₵ 200.00 float
    t.till.shifts.close({20000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1, 100: 1})  # 238.00
    close = t.till.outbox.envelopes()
    last = list(close)[-1]
    assert last.kind == "shift_close" and last.schema == 2
    assert running_of(last.typed_payload()) == current(t.till.db) == _continuity(t)
    job = t.till.db.one("SELECT document FROM print_jobs WHERE kind = 'z_report'")
    assert job is not None and "Till running totals" in job[0] and "Grand total" in job[0]
    report = t.sync()
    assert report.ok and report.held == 0, report.message
