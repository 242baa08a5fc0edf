"""MariaDB Galera failover (issue [15], scope 4): three nodes, ``serve`` writing to one.

* Another node is killed with SIGKILL while three tills push: the two left keep a
  quorum, the cluster drops the dead one after ``evs.suspect_timeout`` and the pushes
  carry on (a commit may wait those seconds; a certification failure would come back
  as a deadlock and be retried whole).
* The node ``serve`` writes to is killed: pushes fail (503 or a dropped connection)
  and ``serve`` is started again on a surviving node — PyMySQL takes one host, so this
  is what an operator's proxy (HAProxy with the other nodes as ``backup``) does. The
  tills retry by themselves.

Either way every sale a till saw acknowledged is in the database exactly once, the
books balance and every till's chain head is the server's."""

from __future__ import annotations

import io
import json
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import httpx
import pytest

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.db.migrate import upgrade
from sync_server.notify import RecordingNotifier
from sync_server.security import SecretHasher
from tests.cluster.harness.galera import PROVIDER, GaleraCluster
from tests.cluster.harness.procs import need
from tests.cluster.tills import (
    TillRun,
    acknowledged_count,
    check_heads,
    loss_count,
    outage,
    start_tills,
)
from tests.server.books import check_books
from tests.server.conftest import World, make_world
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import ToyTerminal

pytestmark = [pytest.mark.cluster, pytest.mark.fault]

TILLS = 3
SALES = 60  # per till, pushed three at a time
KILL_AT = 45  # envelopes acknowledged over all tills before a node is killed


@pytest.fixture
def galera() -> Iterator[GaleraCluster]:
    need("mariadbd", "mariadb-install-db", "rsync", str(PROVIDER))
    cluster = GaleraCluster()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


class Shop:
    """A tenant on the cluster, ``serve`` on node ``db1`` and enrolled toy tills."""

    def __init__(self, galera: GaleraCluster, testdata: Path, tmp_path: Path) -> None:
        self.galera = galera
        galera.sql(galera.nodes[0], "CREATE DATABASE bisama CHARACTER SET utf8mb4")
        self.url = galera.nodes[0].url("bisama")
        self.ctx = ServerContext.open(self.url, hasher=SecretHasher(cheap=True),
                                      notifier=RecordingNotifier(), pool_size=4)
        upgrade(self.ctx.engine)
        self.world: World = make_world(self.ctx, testdata)
        self.server = ServerProcess(self.url, tmp_path / "server.log",
                                    args=("--push-processes", "1")).start()
        self.clients: list[httpx.Client] = []
        self.runs: list[TillRun] = []
        for n in range(TILLS):
            self.clients.append(httpx.Client(base_url=self.server.url, timeout=30))
            till = ToyTerminal(self.clients[-1], name=f"till {n + 1}")
            till.enroll(self.world.code())
            till.pull()
            self.runs.append(TillRun(till, SALES))

    def wait_for_pushes(self) -> int:
        self.galera.wait(lambda: acknowledged_count(self.runs) >= KILL_AT
                         or all(r.done.is_set() for r in self.runs),
                         60, f"{KILL_AT} acknowledged envelopes")
        return acknowledged_count(self.runs)

    def check(self, what: str, before: float, killed: float, ctx: ServerContext) -> None:
        assert [r.failure for r in self.runs if r.failure] == []
        statuses: Counter[int] = sum((r.statuses for r in self.runs), Counter())
        lost = loss_count(ctx, self.world.tenant_id, self.runs)
        print(f"\nGalera, {what}: {before} envelopes acknowledged before the kill; no push "
              f"acknowledged for {outage(self.runs, killed):.1f} s; replies {dict(statuses)} "
              f"(0 = connection dropped); pushes retried "
              f"{sum(r.retried for r in self.runs)}; loss count {lost}")
        assert before < TILLS * SALES, "the tills finished before the kill"
        assert lost == 0
        books = check_books(ctx, self.world.tenant_id, [r.till for r in self.runs])
        assert books.sales == TILLS * SALES
        check_heads(ctx, self.world.tenant_id, self.runs)
        assert statuses[500] == 0, "a lost database connection was answered 500, not 503"

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.server.stop()
        self.ctx.close()


@pytest.fixture
def shop(galera: GaleraCluster, testdata: Path, tmp_path: Path) -> Iterator[Shop]:
    made = Shop(galera, testdata, tmp_path)
    try:
        yield made
    finally:
        made.close()


def test_another_node_killed_mid_pushes(shop: Shop, galera: GaleraCluster) -> None:
    threads = start_tills(shop.runs, 150)
    before = shop.wait_for_pushes()
    killed = time.monotonic()
    galera.nodes[2].kill()
    galera.wait(lambda: galera.size(galera.nodes[0]) == 2, 60, "the cluster to drop db3")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["cluster", "status", "--db", shop.url, "--json"]) == 0
    assert json.loads(out.getvalue()) | {"local_state": "Synced"} == {
        "kind": "galera", "cluster_size": 2, "cluster_status": "Primary",
        "local_state": "Synced", "ready": True, "connected": True, "healthy": True}
    for thread in threads:
        thread.join(timeout=150)
    shop.check("db3 killed, serve on db1", before, killed, shop.ctx)


def test_the_node_serve_uses_killed_and_serve_moved(shop: Shop, galera: GaleraCluster) -> None:
    threads = start_tills(shop.runs, 150)
    before = shop.wait_for_pushes()
    killed = time.monotonic()
    galera.nodes[0].kill()
    galera.wait(lambda: galera.size(galera.nodes[1]) == 2, 60, "the cluster to drop db1")
    # What the operator's proxy does: the server's database is now db2.
    shop.server.stop()
    shop.server.database_url = galera.nodes[1].url("bisama")
    shop.server.start()
    for thread in threads:
        thread.join(timeout=150)
    survivor = ServerContext.open(galera.nodes[1].url("bisama"), pool_size=2)
    try:
        shop.check("db1 (serve's) killed, serve restarted on db2", before, killed, survivor)
    finally:
        survivor.close()
