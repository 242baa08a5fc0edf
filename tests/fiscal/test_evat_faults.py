"""The E-VAT outbox under fire: the worker killed at every step of the protocol more than
a hundred times (before sending, after GRA answered, in the middle of storing the
answer), GRA timing out after storing, dropping connections, answering twice, and going
down for a whole day, its look-up lagging (so a resend meets E700) — while tills keep
pushing. Every stored sale and refund ends up cleared exactly once: once at GRA, once in
our database, and the day reconciles."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sync_server.clock import ManualClock
from sync_server.fiscal.gra import HttpGraClient
from sync_server.fiscal.models import EvatClearance
from sync_server.fiscal.outbox import OutboxWorker, WorkerConfig
from sync_server.fiscal.reconcile import reconcile
from sync_server.fiscal.settings import Credentials
from sync_server.sales.models import Return, Sale
from tests.fiscal.conftest import turn_on
from tests.server.conftest import TillFactory, World
from tools.fake_gra import FakeGra

pytestmark = [pytest.mark.fault, pytest.mark.slow]

POINTS = ("claimed", "built", "sent", "storing", "stored")


class Killed(BaseException):
    """The worker process dies (not an error it could catch and handle)."""


def test_outbox_under_100_kills_and_a_day_long_outage_clears_every_sale_once(
        world: World, till: TillFactory, gra: FakeGra) -> None:
    rng = random.Random(1813)
    turn_on(world, gra)
    world.ctx.clock = clock = ManualClock(world.ctx.clock.now())
    gra.clock = clock.now
    gra.late_seconds = 0.25
    tills = [till(), till()]
    kills = 0
    odds = 0.3

    def crash(point: str) -> None:
        nonlocal kills
        if rng.random() < odds:
            kills += 1
            raise Killed(point)

    def quick(creds: Credentials) -> HttpGraClient:
        return HttpGraClient(creds.endpoint_url, creds.security_key, timeout=0.1)

    config = WorkerConfig(lease=timedelta(minutes=2), batch=7)
    sold = []
    rounds = 0
    while kills < 120 or rounds < 60:
        rounds += 1
        if rounds <= 40:  # the tills keep selling (and refunding) while the worker dies
            t = tills[rounds % 2]
            for _ in range(3):
                envelope = t.sell([("GH-0001", 1), ("GH-0005", 2)])
                sold.append((t, envelope))
            if rounds % 4 == 0:
                t2, first = rng.choice(sold)
                if t2 is t:
                    t.refund(first, [(2, "1")])
            t.push()
        trouble = rng.random()
        if trouble < 0.15:
            gra.drop_next(rng.randint(1, 3))
        elif trouble < 0.2:
            gra.timeout_next(1, store=rng.random() < 0.7)
        elif trouble < 0.3:
            gra.hide_next_lookups(rng.randint(1, 2))  # a lagging look-up: resent, E700
        gra.answer_twice = rng.random() < 0.5
        if rounds == 25:
            gra.down_until(clock.now() + timedelta(days=1))  # GRA is down for a day
        worker = OutboxWorker(world.ctx, quick, config=config, crash_point=crash)  # a restart
        try:
            worker.run_tenant(world.tenant_id)
        except Killed:
            pass
        clock.advance(timedelta(minutes=rng.choice((1, 3, 10, 45))))
    assert kills >= 100

    # GRA is back; the worker runs on (still being killed now and then) until done.
    gra.down_until(None)
    odds = 0.05
    for _ in range(400):
        worker = OutboxWorker(world.ctx, quick, config=config, crash_point=crash)
        try:
            if worker.run_tenant(world.tenant_id).touched == 0 and _pending(world) == 0:
                break
        except Killed:
            pass
        clock.advance(timedelta(hours=1))
    assert _pending(world) == 0, _left(world)

    with world.ctx.scope(world.tenant_id) as scope:
        numbers = set(scope.scalars(select(Sale.receipt_no)))
        numbers |= set(scope.scalars(select(Return.refund_no)))
        stored = scope.scalar(select(func.count()).select_from(EvatClearance))
        days = sorted(set(scope.scalars(select(Sale.business_date))))
        reports = [reconcile(scope, day) for day in days]
    assert len(numbers) >= 120
    assert set(gra.clearances) == numbers  # every stored sale and refund reached GRA …
    assert set(gra.clearances.values()) == {1}  # … and was cleared there once
    assert stored == len(numbers)  # one answer kept for each
    assert all(r["balanced"] for r in reports)
    assert sum(t["cleared"] for r in reports for t in r["tills"]) == len(numbers)


def _pending(world: World) -> int:
    from sync_server.fiscal.models import EvatSubmission

    with world.ctx.scope(world.tenant_id) as scope:
        return int(scope.scalar(select(func.count()).select_from(EvatSubmission)
                                .where(EvatSubmission.status != "cleared")))


def _left(world: World) -> list[tuple[str, str, str | None]]:
    from sync_server.fiscal.models import EvatSubmission

    with world.ctx.scope(world.tenant_id) as scope:
        return [(r.invoice_number, r.status, r.last_error) for r in scope.scalars(
            select(EvatSubmission).where(EvatSubmission.status != "cleared"))]
