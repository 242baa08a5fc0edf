"""Moving a tenant between two PostgreSQL servers while its tills push (issue [15] scope 2;
``directory/move.py``). Two harness instances: the system database is the source
instance's ``bisama`` database, where the tenant starts; the target is a database of its
own on the second instance. Toy tills push through a real ``serve`` process in threads
the whole time. After the switch every sale a till saw acknowledged is on the target
exactly once, the books balance, the chain heads agree, and the tills carried on by
themselves (at most a retry). The freeze is printed, not asserted."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.db.engine import make_engine
from sync_server.db.migrate import upgrade
from sync_server.directory import fence, move
from sync_server.directory.models import DbServer
from sync_server.directory.services import PlacementUnavailable
from sync_server.directory.verify import tenant_tables, verify
from sync_server.security import SecretHasher
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Terminal
from tests.cluster.harness.pg import PgInstance, two_instances
from tests.server.books import check_books
from tests.server.conftest import World, make_world
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import ToyTerminal

pytestmark = [pytest.mark.cluster, pytest.mark.pg]

SEEDED = 1500  # sales per till before the move
TILLS = 2


@dataclass
class Till:
    """A toy till selling and pushing in its own thread until told to stop."""

    toy: ToyTerminal
    sold: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    worst_run: int = 0  # most refusals in a row before a push got through
    error: BaseException | None = None

    def sell(self, n: int) -> None:
        for i in range(n):
            self.sold += 1
            self.toy.sell([("GH-0001", 1), (f"GH-00{20 + (self.sold + i) % 10}", 1)])

    def push_all(self, batch: int = 50) -> None:
        run = 0
        while self.toy.pending():
            try:
                reply = self.toy.push_batch(self.toy.pending()[:batch])
                status = reply.status_code
            except httpx.HTTPError:
                status = 0
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 200:
                run = 0
                continue
            run += 1
            self.worst_run = max(self.worst_run, run)
            if run > 50:
                raise AssertionError(f"the till could not push: {status} {reply.text[:300]}")
            time.sleep(0.2)

    def loop(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                self.sell(5)
                self.push_all()
                time.sleep(0.02)
            self.push_all()
        except BaseException as exc:  # reported by the test
            self.error = exc


Placed = tuple[ServerContext, World, PgInstance, PgInstance]


@pytest.fixture
def placed(testdata: Path) -> Iterator[Placed]:
    with two_instances() as (source, target):
        yield from _placed(source, target, testdata)


def _placed(source: PgInstance, target: PgInstance, testdata: Path) -> Iterator[Placed]:
    system_url = source.create_database("bisama")
    target.create_database("tenants")  # the target server's shared database
    ctx = ServerContext.open(system_url, hasher=SecretHasher(cheap=True), pool_size=10)
    upgrade(ctx.engine)
    now = ctx.clock.now()
    with ctx.system() as session:
        session.add(DbServer(name="pg-b", engine="postgresql", url=target.url("tenants"),
                             accepts_new_tenants=True, is_default=False, created_at=now,
                             updated_at=now))
    world = make_world(ctx, testdata)
    try:
        yield ctx, world, source, target
    finally:
        ctx.close()


def _tills(server: ServerProcess, world: World, n: int) -> list[Till]:
    tills = []
    for _ in range(n):
        toy = ToyTerminal(httpx.Client(base_url=server.url, timeout=60))
        toy.enroll(world.code())
        toy.pull()
        tills.append(Till(toy))
    return tills


def _count(engine_url: str, tenant_id: int) -> int:
    engine = make_engine(engine_url, pool_size=1)
    try:
        with engine.connect() as conn:
            return sum(int(conn.scalar(select(func.count()).select_from(t)
                                       .where(t.c.tenant_id == tenant_id)) or 0)
                       for t in tenant_tables())
    finally:
        engine.dispose()


def test_a_tenant_moves_while_its_tills_push(placed: Placed, tmp_path: Path) -> None:
    ctx, world, source, _target = placed
    server = ServerProcess(source.url("bisama"), tmp_path / "server.log",
                           args=("--push-processes", "2")).start()
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        tills = _tills(server, world, TILLS)
        for till in tills:  # a few thousand sales already there
            till.sell(SEEDED)
            till.push_all(batch=250)
        threads = [threading.Thread(target=t.loop, args=(stop,)) for t in tills]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # pushing before the move starts
        started = time.monotonic()
        report = move.run(ctx, world.domain, "pg-b", "acme_db")
        took = time.monotonic() - started
        time.sleep(1.5)  # and after the switch, on the target
        stop.set()
        for thread in threads:
            thread.join(120)
    finally:
        stop.set()
        server.stop()
    for till in tills:
        assert till.error is None, till.error
    print(f"\ntenant move: {report.to_json()}; whole move {took:.2f} s; "
          f"tills: {[(t.sold, t.statuses, t.worst_run) for t in tills]}")
    assert report.phase == move.SWITCHED and report.verification is not None
    assert report.verification.equal, report.verification.summary()
    placement = ctx.directory.placement(world.tenant_id, fresh=True)
    assert (placement.server, placement.database, placement.state) == ("pg-b", "acme_db",
                                                                        "active")
    assert placement.epoch == report.epoch
    # Every till carried on by itself: at most a retry or two around the switch.
    assert all(t.worst_run <= 3 for t in tills), [t.statuses for t in tills]

    # On the target (ctx.scope routes there now): everything once, the books balance.
    books = check_books(ctx, world.tenant_id, [t.toy for t in tills])
    assert books.sales == sum(t.sold for t in tills)
    with ctx.scope(world.tenant_id) as scope:
        heads = {r.id: (r.head_seq, r.head_hash) for r in scope.scalars(select(Terminal))}
        stored = scope.scalar(select(func.count()).select_from(StoredEnvelope)
                              .where(StoredEnvelope.fork_no == 0))
    assert heads == {t.toy.terminal_id: (t.toy.seq, t.toy.head) for t in tills}
    assert stored == sum(t.toy.seq for t in tills)

    # The source is kept until --finish; then the tenant's rows there are gone.
    assert _count(source.url("bisama"), world.tenant_id) > 0
    done = move.finish(ctx, world.domain)
    assert done["rows_deleted_at_source"] > 0
    assert _count(source.url("bisama"), world.tenant_id) == 0
    engine = make_engine(source.url("bisama"), pool_size=1)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM pg_publication")) == 0
            assert conn.scalar(text("SELECT count(*) FROM pg_replication_slots")) == 0
    finally:
        engine.dispose()
    assert ctx.directory.placement(world.tenant_id, fresh=True).move_phase is None
    assert check_books(ctx, world.tenant_id).sales == books.sales  # still all there


def test_an_aborted_move_leaves_the_tenant_on_the_source(placed: Placed,
                                                        tmp_path: Path) -> None:
    ctx, world, source, target = placed
    server = ServerProcess(source.url("bisama"), tmp_path / "server.log").start()
    try:
        [till] = _tills(server, world, 1)
        till.sell(50)
        till.push_all()
        move.prepare(ctx, world.domain, "pg-b", "acme_db")
        ends = move._ends(ctx, world.tenant_id)
        try:
            move.catch_up(ends, world.tenant_id)
            copied = verify(ends.source, ends.target, world.tenant_id)
        finally:
            ends.close()
        assert copied.equal, copied.summary()  # the copy was made (and is now thrown away)
        # A freeze that cannot finish in its limit is rolled back: nothing changes.
        with pytest.raises(move.MoveError, match="could not be frozen"):
            move.run(ctx, world.domain, freeze_limit=0.0001, tries=2)
        assert move.status(ctx, world.domain)["move_phase"] == move.PREPARED
        till.sell(10)
        till.push_all()  # still on the source, unfenced
        undone = move.abort(ctx, world.domain)
        assert undone["rows_deleted_at_target"] > 0
        till.sell(20)
        till.push_all()  # the till never noticed
    finally:
        server.stop()
    placement = ctx.directory.placement(world.tenant_id, fresh=True)
    assert (placement.server, placement.database, placement.move_phase) == ("system", None, None)
    assert _count(target.url("acme_db"), world.tenant_id) == 0
    assert check_books(ctx, world.tenant_id, [till.toy]).sales == 80
    engine = make_engine(target.url("acme_db"), pool_size=1)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM pg_subscription")) == 0
    finally:
        engine.dispose()


def test_a_move_that_died_between_its_fence_and_its_switch_is_finished_by_running_it_again(
        placed: Placed, capsys: pytest.CaptureFixture[str]) -> None:
    ctx, world, source, target = placed
    move.prepare(ctx, world.domain, "pg-b")  # into the server's shared database this time
    placement = ctx.directory.placement(world.tenant_id, fresh=True)
    ends = move._ends(ctx, world.tenant_id)
    try:
        move.catch_up(ends, world.tenant_id)
        # What a move that died right after committing its fence leaves behind.
        move._record(ctx, world.tenant_id, state="frozen", move_phase=move.FROZEN)
        with ends.source.connect() as conn, conn.begin():
            assert fence.freeze(conn, world.tenant_id, timeout_ms=2000)
            fence.mark_moved(conn, world.tenant_id, moved_to="pg-b", epoch=placement.epoch + 1,
                             at=ctx.clock.now())
    finally:
        ends.close()
    # Safe meanwhile: the tenant cannot write at either end.
    with pytest.raises(PlacementUnavailable), ctx.scope(world.tenant_id) as scope:
        scope.scalars(select(Terminal))
    # Through the CLI, as an operator would after the crash.
    db = ("--db", source.url("bisama"))
    code, status, _ = _cli(capsys, "tenant", "move", world.domain, "--status", *db, "--json")
    assert code == 0 and status["move_phase"] == move.FROZEN
    code, report, _ = _cli(capsys, "tenant", "move", world.domain, *db, "--json")
    assert code == 0 and report["phase"] == move.SWITCHED
    assert report["epoch"] == placement.epoch + 1
    now = ctx.directory.placement(world.tenant_id, fresh=True)
    assert (now.server, now.database, now.state) == ("pg-b", None, "active")
    with ctx.scope(world.tenant_id) as scope:  # on the target, writable
        scope.add(Terminal(id="0190f000-0000-7000-8000-000000000001", branch_code="MAIN",
                           name="after the move", public_key="x" * 43, status="active",
                           enrolled_at=ctx.clock.now(), head_hash="0" * 64))
    code, done, _ = _cli(capsys, "tenant", "move", world.domain, "--finish", *db)
    assert code == 0 and "deleted" in done
    assert _count(source.url("bisama"), world.tenant_id) == 0
    assert _count(target.url("tenants"), world.tenant_id) > 0
    code, _, err = _cli(capsys, "tenant", "move", world.domain, "--abort", *db)
    assert code == 2 and "not being moved" in err


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.startswith("{") else out, err
