"""The database-side order of a till's pushes (``sync.order``), on the three databases:
two "replicas" — two server contexts with their own connections, their own ``Pushes``
and their own in-process order — share nothing but the database, and a till's later
batch that reaches one while its earlier batch is still in flight on the other waits
for it instead of being refused ``seq_gap``."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, func, inspect, select

from sync_server.clock import ManualClock
from sync_server.context import ServerContext
from sync_server.db.migrate import alembic_config, upgrade
from sync_server.sync.models import PushInFlight
from sync_server.sync.order import SharedOrder, arrive, standing
from sync_server.sync.pipeline import Pushes, ThreadRunner, _Job
from sync_server.tenants.models import Tenant
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ToyTerminal


class GatedRunner(ThreadRunner):
    """A replica whose checks finish only when the test opens the gate: its push is in
    flight, not yet committed, for as long as the test needs."""

    def __init__(self, ctx: ServerContext) -> None:
        super().__init__(ctx, threading.BoundedSemaphore(2))
        self.gate = asyncio.Event()

    async def check(self, job: _Job) -> None:
        await super().check(job)
        await self.gate.wait()


def _tenant(world: World) -> Tenant:
    with world.ctx.system() as session:
        tenant = session.get(Tenant, world.tenant_id)
        assert tenant is not None
        session.expunge(tenant)
        return tenant


def _in_flight(ctx: ServerContext, tenant_id: int) -> int:
    with ctx.scope(tenant_id) as scope:
        return int(scope.scalar(select(func.count()).select_from(PushInFlight)))


def _sell(t: ToyTerminal, sales: int) -> list[dict[str, Any]]:
    for n in range(sales):
        t.sell([("GH-0001", 1), (f"GH-00{20 + n % 10}", 1 + n % 3)])
    return [e.to_json() for e in t.pending()]


def test_a_later_batch_on_one_replica_waits_for_the_earlier_one_in_flight_on_another(
        world: World, till: TillFactory) -> None:
    t = till()
    raws = _sell(t, 40)
    t.push_batch(t.pending()[:10])  # the database holds 1–10
    first, second = raws[10:25], raws[25:]
    tenant = _tenant(world)
    url = world.ctx.engine.url.render_as_string(hide_password=False)
    other = ServerContext.open(url, pool_size=4)
    slow = GatedRunner(world.ctx)
    # No grace on replica b: only the row replica a wrote can make it wait.
    replica_a = Pushes(world.ctx, None, slow, shared=SharedOrder(world.ctx, replica="a"))
    replica_b = Pushes(other, None, ThreadRunner(other, threading.BoundedSemaphore(2)),
                       shared=SharedOrder(other, replica="b", grace=0.0, limit=600.0))

    async def scene() -> tuple[Any, Any]:
        early = asyncio.ensure_future(replica_a.push(tenant, t.terminal_id, first, t.public_key))
        while await asyncio.to_thread(_in_flight, world.ctx, world.tenant_id) == 0:
            await asyncio.sleep(0.01)  # 11–25 is now in flight on replica a
        late = asyncio.ensure_future(replica_b.push(tenant, t.terminal_id, second, t.public_key))
        await asyncio.sleep(0.3)
        assert not late.done(), "replica b did not wait for replica a's batch"
        assert replica_b.shared is not None
        if postgresql:  # b waits for a notification of a's commit, not for a poll
            for _ in range(3000):
                if replica_b.shared.listening:
                    break
                await asyncio.sleep(0.01)
        slow.gate.set()  # replica a's batch goes on and commits; then b's
        done = await asyncio.wait_for(asyncio.gather(early, late), 120)
        assert replica_a.shared is not None and replica_b.shared is not None
        await replica_a.shared.settled()
        await replica_b.shared.settled()
        return done[0], done[1]

    postgresql = world.ctx.engine.dialect.name == "postgresql"
    try:
        one, two = asyncio.run(scene())
    finally:
        replica_a.close()
        replica_b.close()
        other.close()
    assert one.refused is None and one.stored_through == 25
    assert two.refused is None and two.stored_through == 40
    assert _in_flight(world.ctx, world.tenant_id) == 0
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 40
    assert replica_b.shared is not None
    # On PostgreSQL b is normally woken by a's notification; on a loaded machine its
    # safety read (every 0.5 s) may see a's commit first, so only the absence of
    # notifications elsewhere is certain.
    if not postgresql:
        assert replica_b.shared.notified == 0


def test_a_gap_with_nothing_in_flight_before_it_is_refused_after_the_grace(
        world: World, till: TillFactory) -> None:
    t = till()
    raws = _sell(t, 30)
    t.push_batch(t.pending()[:10])
    pushes = Pushes(world.ctx, None, ThreadRunner(world.ctx, threading.BoundedSemaphore(2)),
                    shared=SharedOrder(world.ctx, replica="a", grace=0.05, limit=600.0))

    async def scene() -> Any:
        result = await asyncio.wait_for(
            pushes.push(_tenant(world), t.terminal_id, raws[20:], t.public_key), 60)
        assert pushes.shared is not None
        await pushes.shared.settled()
        return result

    try:
        result = asyncio.run(scene())  # 11–20 never came
    finally:
        pushes.close()
    assert result.refused is not None and result.refused["code"] == "seq_gap"
    assert result.refused["expected_seq"] == 11 and result.stored_through == 10
    assert _in_flight(world.ctx, world.tenant_id) == 0


def test_a_dead_replicas_push_stops_holding_the_till_up_after_the_limit(
        world: World, till: TillFactory) -> None:
    t = till()
    _sell(t, 5)
    t.push_batch(t.pending())  # the head is 5
    url = world.ctx.engine.url.render_as_string(hide_password=False)
    past = ServerContext.open(url, clock=ManualClock(datetime.now(UTC) - timedelta(minutes=5)),
                              pool_size=2)
    try:
        # A replica died holding 6–10 five minutes ago; another holds 11–20 now.
        arrive(past, world.tenant_id, t.terminal_id, 6, 10, replica="dead")
        arrive(world.ctx, world.tenant_id, t.terminal_id, 11, 20, replica="alive")
    finally:
        past.close()
    # A batch from 11 is waited for by one from 21, but the dead one holds up nobody …
    assert standing(world.ctx, world.tenant_id, t.terminal_id, 21, limit=60) \
        .before is True
    assert standing(world.ctx, world.tenant_id, t.terminal_id, 11, limit=60) \
        .before is False
    # … and is gone once met; the live one stays. A batch at head + 1 reads no rows.
    assert _in_flight(world.ctx, world.tenant_id) == 1
    now = standing(world.ctx, world.tenant_id, t.terminal_id, 6, limit=60)
    assert now.head == 5 and now.before is False


def test_migration_0032_goes_down_and_up(database_url: str) -> None:
    from alembic import command

    engine = create_engine(database_url)
    try:
        upgrade(engine)
        assert "sync_push_inflight" in inspect(engine).get_table_names()
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0030")
        assert "sync_push_inflight" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert "sync_push_inflight" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_serve_keeps_the_order_in_the_database_wherever_another_process_may_share_it() -> None:
    from sync_server.cli_server import default_push_order

    assert default_push_order("postgresql+psycopg://db/bisama", 1) == "database"
    assert default_push_order("mysql+pymysql://db/bisama", 1) == "database"
    assert default_push_order("sqlite:///tmp/bisama.sqlite3", 2) == "database"
    assert default_push_order("sqlite:///tmp/bisama.sqlite3", 1) == "process"
