"""Breaking things on purpose (``-m fault``): lost replies, resends, reordering, forks,
tampering, revoked and foreign tills, a killed server, many tills at once. After each:
nothing lost, nothing doubled, every journal balanced, the trial balance at zero."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from sync_server.context import ServerContext
from sync_server.notify import RecordingNotifier
from sync_server.sync.models import Alert, StoredEnvelope
from sync_server.terminals.services import revoke_terminal
from tests.server.books import check_books
from tests.server.conftest import ADMIN, TillFactory, World, make_world
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import ProtocolError, ToyTerminal

pytestmark = pytest.mark.fault


class DroppingTransport(httpx.HTTPTransport):
    """Delivers the request, lets the server answer, then loses the answer — the network
    dropping a reply after the server committed."""

    def __init__(self) -> None:
        super().__init__()
        self.drop_next = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if self.drop_next and request.url.path == "/api/v1/push":
            self.drop_next = False
            response.read()
            response.close()
            raise httpx.ReadError("connection reset by peer (reply lost)", request=request)
        return response


def _count(world: World, model: Any, *where: Any) -> int:
    with world.ctx.scope(world.tenant_id) as scope:
        return int(scope.scalar(select(func.count()).select_from(model).where(*where)))


def test_reply_dropped_after_commit_then_resent(world: World, till: TillFactory) -> None:
    transport = DroppingTransport()
    t = till(transport=transport)
    for _ in range(10):
        t.sell([("GH-0001", 1), ("GH-0014", 3)])
    transport.drop_next = True
    with pytest.raises(httpx.ReadError):
        t.push_batch(t.pending())
    assert t.acked == 0  # the till never heard …
    assert _count(world, StoredEnvelope) == 10  # … but the server committed
    body = t.push()[-1]  # so it sends the same batch again, with a new nonce
    assert body["stored_through"] == 10 and {r["status"] for r in body["results"]} == {"stored"}
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 10


def test_same_batch_twice_and_batches_out_of_order(world: World, till: TillFactory) -> None:
    t = till()
    envelopes = [t.sell([("GH-0020", 1)]) for _ in range(9)]
    first, second, third = envelopes[:3], envelopes[3:6], envelopes[6:]
    assert t.push_batch(third).json()["refused"]["code"] == "seq_gap"
    assert t.push_batch(first).status_code == 200
    assert t.push_batch(first).json()["stored_through"] == 3
    assert t.push_batch(third).json()["refused"]["expected_seq"] == 4
    assert t.push_batch(second).status_code == 200
    assert t.push_batch(third).json()["stored_through"] == 9
    assert t.push_batch(envelopes).json()["stored_through"] == 9
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 9


def test_a_fork_is_refused_alerted_and_kept_and_the_till_recovers(
        world: World, till: TillFactory) -> None:
    t = till()
    for _ in range(3):
        t.sell([("GH-0006", 1)])
    t.push()
    t.restore_from_backup(1)
    orphans = [t.sell([("GH-0007", 1)]), t.sell([("GH-0007", 2)])]  # seq 2′ and 3′
    reply = t.push_batch(t.outbox[1:])
    assert reply.status_code == 409
    refused = reply.json()["refused"]
    assert refused["code"] == "fork" and refused["seq"] == 2
    with world.ctx.scope(world.tenant_id) as scope:
        forks = scope.scalars(select(StoredEnvelope).where(StoredEnvelope.status == "fork"))
        alerts = scope.scalars(select(Alert).where(Alert.kind == "fork"))
    assert [(f.seq, f.envelope_id) for f in forks] == [(2, orphans[0].id)]
    assert len(alerts) == 1
    notifier = world.ctx.notifier
    assert isinstance(notifier, RecordingNotifier)
    assert [a.kind for a in notifier.alerts] == ["fork"]
    # Sending the same fork again keeps it once.
    t.push_batch(t.outbox[1:])
    assert _count(world, StoredEnvelope, StoredEnvelope.status == "fork") == 1
    # Recovery: the till takes back what the server holds and re-seals its orphaned sales.
    payloads = [e.payload for e in orphans]
    t.restore_from_backup(1)
    assert t.recover() == 2
    for payload in payloads:
        t.seal("sale", dict(payload))
    assert t.push()[-1]["stored_through"] == 5
    books = check_books(world.ctx, world.tenant_id)
    assert books.sales == 5  # three before the restore, two made after it: none lost


def test_a_tampered_payload_is_refused_alerted_and_nothing_is_stored(
        world: World, till: TillFactory) -> None:
    t = till()
    honest = t.sell([("GH-0001", 1)])
    tampered = t.sell([("GH-0001", 1)]).to_json()
    tampered["payload"]["lines"][0]["qty"] = "10.000"  # changed after signing
    reply = t.push_batch_raw([honest.to_json(), tampered])
    assert reply.status_code == 409
    body = reply.json()
    assert body["stored_through"] == 1 and body["refused"]["code"] == "bad_hash"
    # Re-signed by another key under this till's id: not its signature.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from shared.envelope import seal

    stranger = seal(**{k: v for k, v in t.outbox[1].body().items() if k != "created_at"},
                    created_at=datetime.fromisoformat(t.outbox[1].created_at),
                    key=Ed25519PrivateKey.generate())
    body = t.push_batch_raw([stranger.to_json()]).json()
    assert body["refused"]["code"] == "bad_signature"
    assert _count(world, StoredEnvelope) == 1
    assert _count(world, Alert, Alert.kind == "tampered") == 2
    check_books(world.ctx, world.tenant_id)


def test_a_revoked_terminal_is_refused_and_shown(world: World, till: TillFactory) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    t.sell([("GH-0001", 1)])
    with world.ctx.scope(world.tenant_id) as scope:
        revoke_terminal(world.ctx, scope, ADMIN, t.terminal_id, reason="laptop stolen")
    for method, path, body in (("POST", "/api/v1/push", {"envelopes": [t.outbox[-1].to_json()]}),
                               ("GET", "/api/v1/feed?cursor=0", None),
                               ("POST", "/api/v1/heartbeat", None)):
        # The nonce endpoint tells nobody the till is revoked (docs/security.md); the
        # till learns it from a request signed with its own key.
        t.nonce = None
        t.fetch_nonce()
        reply = t.request(method, path, body)
        assert reply.status_code == 403 and reply.json()["error"]["code"] == "terminal_revoked"
        forged = t.client.request(method, path, json=body, headers={
            **t.headers(), "X-Bisama-Nonce": "0" * 48, "X-Bisama-Signature": "0" * 128})
        assert forged.status_code == 401
        assert forged.json()["error"]["code"] == "bad_request_signature"
    assert _count(world, StoredEnvelope) == 1
    other = till()  # the tenant's other tills learn of the revocation from the feed
    revoked = [c for c in other.request("GET", "/api/v1/feed?cursor=0&limit=2000").json()["changes"]
               if c["entity"] == "revocation"]
    assert [c["key"] for c in revoked] == [t.terminal_id]
    check_books(world.ctx, world.tenant_id)


def test_a_till_of_tenant_a_cannot_push_or_pull_for_tenant_b(
        world: World, till: TillFactory, testdata: Path) -> None:
    beta = make_world(world.ctx, testdata, domain="beta.test", name="Beta Stores")
    a = till()
    b = till(target=beta)
    b.sell([("GH-0009", 4)])
    b.push()
    a.sell([("GH-0001", 1)])
    # A's till claims to be of tenant B: B has no such terminal.
    a.tenant = str(beta.tenant_id)
    a.nonce = None
    with pytest.raises(ProtocolError) as refused:
        a.push()
    assert refused.value.code == "unknown_terminal"
    with pytest.raises(ProtocolError):
        a.pull()
    # A's till sends, as itself, an envelope that names tenant B.
    a.tenant = str(world.tenant_id)
    a.nonce = None
    foreign = a.priced_sale([("GH-0001", 1)])
    a.tenant = str(beta.tenant_id)
    envelope = a.seal("sale", foreign.to_json())
    a.tenant = str(world.tenant_id)
    reply = a.push_batch_raw([e.to_json() for e in a.outbox])
    assert reply.json()["refused"]["code"] == "tenant_mismatch"
    assert reply.json()["stored_through"] == 1
    # B's books hold only B's sale; A's feed shows only A's things.
    assert check_books(world.ctx, beta.tenant_id, [b]).sales == 1
    assert check_books(world.ctx, world.tenant_id).sales == 1
    changes = a.request("GET", "/api/v1/feed?cursor=0&limit=2000").json()["changes"]
    tenant_rows = [c["data"] for c in changes if c["entity"] == "tenant"]
    assert tenant_rows == [tenant_rows[0]] and tenant_rows[0]["domain"] == "acme.test"
    stock = [c["data"] for c in changes if c["entity"] == "stock"]
    assert all(s["sku"] != "GH-0009" for s in stock)
    assert envelope.id not in {e for e in _ids(world)}


def _ids(world: World) -> list[str]:
    with world.ctx.scope(world.tenant_id) as scope:
        return list(scope.scalars(select(StoredEnvelope.envelope_id)))


def test_twenty_tills_pushing_at_once_keep_stock_exact(world: World, till: TillFactory) -> None:
    tills = [till() for _ in range(20)]
    for t in tills:
        for n in range(12):
            t.sell([("GH-0001", 1), ("GH-0002", 2), (f"GH-00{10 + n % 5}", 1)])
    errors: list[BaseException] = []
    start = threading.Barrier(len(tills))

    def run(t: ToyTerminal) -> None:
        try:
            start.wait()
            t.push(batch_size=4)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in tills]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    books = check_books(world.ctx, world.tenant_id, tills)
    assert books.sales == 240
    from sync_server.stock.models import StockLevel

    with world.ctx.scope(world.tenant_id) as scope:
        levels = {r.sku: r.qty_milli for r in scope.scalars(select(StockLevel))}
    assert levels["GH-0001"] == -240_000 and levels["GH-0002"] == -480_000
    assert sum(levels[f"GH-00{n}"] for n in range(10, 15)) == -240_000


def test_server_killed_mid_batch_restarts_and_the_till_resumes(
        ctx: ServerContext, testdata: Path, tmp_path: Path, database_url: str) -> None:
    world = make_world(ctx, testdata)
    server = ServerProcess(database_url, tmp_path / "server.log").start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            t = ToyTerminal(http)
            t.enroll(world.code())
            t.pull()
            for n in range(600):
                t.sell([("GH-0001", 1), ("GH-0005", 1), (f"GH-00{20 + n % 10}", 2)])
            interrupted: list[int] = []
            for delay in (0.05, 0.15, 0.3):
                done = threading.Event()

                def push_once(done: threading.Event = done) -> None:
                    try:
                        t.push_batch(t.pending()[:200])
                    except httpx.HTTPError:
                        interrupted.append(1)  # the server died under us, mid-batch
                    finally:
                        done.set()

                thread = threading.Thread(target=push_once)
                thread.start()
                time.sleep(delay)
                server.kill()
                thread.join(timeout=60)
                assert done.is_set()
                server.start()
                t.nonce = None
            assert interrupted, "no kill landed while a batch was being merged"
            t.push(batch_size=200)
        books = check_books(ctx, world.tenant_id, [t])
        assert books.sales == 600
    finally:
        server.stop()
