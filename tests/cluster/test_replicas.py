"""Replicas that keep order (issue [15] scope 3): several ``bisama-sync serve`` processes
on one database behind Debian's HAProxy, round robin per request. Toy tills push with
two batches in flight (docs/sync-protocol.md 6.6), so a till's next batch usually lands
on another replica than the one still handling its last: the database-side order
(``sync/order.py``) makes it wait there instead of being refused ``seq_gap``. Passes
when no till was ever refused ``seq_gap``, every sale is stored exactly once, the books
balance, and every replica really took pushes. (Where commits take well under a second
the per-process order's 1 s grace would hide most reorderings here too, at a second's
wait each: ``tests/server/test_order.py`` is what tells the two orders apart.)"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import httpx
import pytest

from sync_server.context import ServerContext
from tests.cluster.harness.haproxy import Balancer
from tests.server.books import check_books
from tests.server.conftest import ctx, database_url, make_world  # noqa: F401 - fixtures
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import ToyTerminal

TILLS = 3
SALES = 150  # per till
BATCH = 25  # envelopes per push: many pushes, many chances to land out of order
TOKEN = "replicas-test-operator-token-0123"


def _sell(t: ToyTerminal, sales: int) -> None:
    for n in range(sales):
        t.sell([("GH-0001", 1), (f"GH-00{20 + n % 10}", 1 + n % 3)])


def _pushes_served(server: ServerProcess) -> int:
    """Push requests this replica answered (its own /metrics, operator token)."""
    text = httpx.get(f"{server.url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"},
                     timeout=10).text
    return sum(int(float(m)) for m in re.findall(
        r'^bisama_http_requests_total\{[^}]*route="/api/v1/push"[^}]*\} (\S+)$', text, re.M))


@pytest.mark.cluster
@pytest.mark.parametrize(("database_url", "replicas", "helpers"), [
    pytest.param("sqlite", 2, 0, id="sqlite-2"),
    pytest.param("postgresql", 2, 1, id="pg-2-helpers", marks=pytest.mark.pg),
    pytest.param("postgresql", 4, 0, id="pg-4", marks=pytest.mark.pg),
    pytest.param("mariadb", 2, 0, id="mysql-2", marks=pytest.mark.mysql),
    pytest.param("mariadb", 4, 0, id="mysql-4", marks=pytest.mark.mysql),
], indirect=["database_url"])
def test_tills_pushing_through_a_balancer_keep_their_order_on_every_replica(
        ctx: ServerContext, testdata: Path, tmp_path: Path, replicas: int,  # noqa: F811
        helpers: int) -> None:
    world = make_world(ctx, testdata)
    url = ctx.engine.url.render_as_string(hide_password=False)
    token = tmp_path / "ops-token"
    token.write_text(TOKEN, encoding="utf-8")
    # helpers > 0: pushes run in `--push-processes` helpers (ProcessRunner); the order is
    # still kept by the server process that received the request.
    args = ("--push-order", "database", "--push-processes", str(helpers),
            "--ops-token-file", str(token))
    servers = [ServerProcess(url, tmp_path / f"replica{n}.log", args=args)
               for n in range(replicas)]
    clients: list[httpx.Client] = []
    try:
        for server in servers:
            server.start()
        with Balancer(tmp_path, [s.port for s in servers]) as balancer:
            tills = []
            for n in range(TILLS):
                http = httpx.Client(base_url=balancer.url, timeout=120)
                clients.append(http)
                t = ToyTerminal(http, name=f"Till {n + 1}")
                t.enroll(world.code())
                t.pull()
                _sell(t, SALES)
                tills.append(t)
            replies: list[httpx.Response] = []
            failures: list[BaseException] = []

            def push(t: ToyTerminal) -> None:
                try:
                    replies.extend(t.push_pipelined(batch_size=BATCH, depth=2))
                except BaseException as exc:
                    failures.append(exc)

            senders = [threading.Thread(target=push, args=(t,)) for t in tills]
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join(timeout=600)
            assert not failures, failures
            served = [_pushes_served(s) for s in servers]
    finally:
        for http in clients:
            http.close()
        for server in servers:
            server.stop()
    refusals = [r.json()["refused"]["code"] for r in replies if r.status_code == 409]
    assert refusals == [], f"refused: {refusals}"
    assert {r.status_code for r in replies} == {200}
    assert len(replies) == TILLS * SALES // BATCH  # no batch sent twice
    assert all(t.acked == SALES for t in tills)
    assert all(n > 0 for n in served), f"pushes per replica: {served}"
    books = check_books(ctx, world.tenant_id, tills)
    assert books.sales == TILLS * SALES
