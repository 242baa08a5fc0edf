"""PostgreSQL failover under Patroni (issue [15], scope 4): the primary is killed with
SIGKILL while three tills push; Patroni promotes the synchronous standby; ``serve``
finds it through its multi-host URL (``target_session_attrs=read-write``), the tills
retry their 503s and dropped connections by themselves, and afterwards every sale a
till saw acknowledged is in the database exactly once, the books balance and every
till's chain head is the server's."""

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
from tests.cluster.harness.patroni import BIN_DIR, PatroniPair
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
from tests.server.conftest import make_world
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import ToyTerminal

pytestmark = [pytest.mark.cluster, pytest.mark.fault]

TILLS = 3
SALES = 60  # per till, pushed three at a time
KILL_AT = 45  # envelopes acknowledged over all tills before the primary is killed


@pytest.fixture
def pair() -> Iterator[PatroniPair]:
    need("patroni", "etcd", str(BIN_DIR / "postgres"))
    cluster = PatroniPair()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def status(pair: PatroniPair) -> dict[str, str]:
    """``bisama-sync cluster status --patroni …``: member name → role."""
    argv = ["cluster", "status", "--json"]
    for node in pair.nodes:
        argv += ["--patroni", node.api]
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0
    return {m["name"]: m["role"] for m in json.loads(out.getvalue())["members"]
            if m["state"] in ("running", "streaming")}


def test_primary_killed_mid_pushes_loses_no_acknowledged_sale(
        pair: PatroniPair, testdata: Path, tmp_path: Path) -> None:
    primary = pair.primary()
    assert primary is not None
    pair.psql(primary, "CREATE DATABASE bisama")
    url = pair.url("bisama")
    ctx = ServerContext.open(url, hasher=SecretHasher(cheap=True), notifier=RecordingNotifier(),
                             pool_size=4)
    server = ServerProcess(url, tmp_path / "server.log", args=("--push-processes", "1"))
    clients: list[httpx.Client] = []
    try:
        upgrade(ctx.engine)
        world = make_world(ctx, testdata)
        server.start()
        runs = []
        for n in range(TILLS):
            clients.append(httpx.Client(base_url=server.url, timeout=30))
            till = ToyTerminal(clients[-1], name=f"till {n + 1}")
            till.enroll(world.code())
            till.pull()
            runs.append(TillRun(till, SALES))
        threads = start_tills(runs, 150)
        pair.wait(lambda: acknowledged_count(runs) >= KILL_AT or all(r.done.is_set() for r in runs),
                  60, f"{KILL_AT} acknowledged envelopes")
        before = acknowledged_count(runs)
        primary = pair.primary()  # (a loaded machine may have failed over on its own)
        assert primary is not None
        standby = next(n for n in pair.nodes if n is not primary)
        assert status(pair) == {primary.name: "leader", standby.name: "sync_standby"}
        killed = time.monotonic()
        primary.kill()
        promoted = pair.wait(standby.is_primary, 60, "the standby to be promoted")
        assert status(pair)[standby.name] == "leader"
        for thread in threads:
            thread.join(timeout=150)
        assert [r.failure for r in runs if r.failure] == []
        assert before < TILLS * SALES, "the tills finished before the kill"
        gap = outage(runs, killed)
        lost = loss_count(ctx, world.tenant_id, runs)
        statuses: Counter[int] = sum((r.statuses for r in runs), Counter())
        print(f"\nPatroni failover: {before} envelopes acknowledged before the kill; "
              f"standby promoted in {promoted:.1f} s; no push acknowledged for "
              f"{gap:.1f} s; replies {dict(statuses)} "
              f"(0 = connection dropped); pushes retried {sum(r.retried for r in runs)}; "
              f"loss count {lost}")
        assert lost == 0
        assert statuses[503] + statuses[0] > 0, "the kill landed between pushes"
        books = check_books(ctx, world.tenant_id, [r.till for r in runs])
        assert books.sales == TILLS * SALES
        check_heads(ctx, world.tenant_id, runs)
        assert statuses[500] == 0, "a lost database connection was answered 500, not 503"
    finally:
        for client in clients:
            client.close()
        server.stop()
        ctx.close()
