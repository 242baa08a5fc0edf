"""Enrollment, request authentication, the pull feed, heartbeats, recovery, health and
metrics, as a till sees them over HTTP."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Heartbeat, Terminal
from tests.server.books import check_books
from tests.server.conftest import ADMIN, OPS_TOKEN, LiveServer, TillFactory, World
from tests.server.toy_terminal import ProtocolError, ToyTerminal, skewed


def test_enrollment_code_is_single_use_and_resending_the_same_enrollment_is_harmless(
        world: World, client: httpx.Client) -> None:
    code = world.code()
    first = ToyTerminal(client)
    reply = first.enroll(code)
    assert reply["tenant"] == {"id": str(world.tenant_id), "name": "Acme Trading",
                               "domain": "acme.test"}
    assert reply["branch"]["code"] == "MAIN"
    assert first.enroll(code)["terminal_id"] == first.terminal_id  # the reply was lost: resend
    second = ToyTerminal(client)
    with pytest.raises(ProtocolError) as refused:
        second.enroll(code)
    assert refused.value.status == 409 and refused.value.code == "code_used"


def test_enrollment_refuses_bad_codes_and_a_wrong_proof(world: World,
                                                        client: httpx.Client) -> None:
    till = ToyTerminal(client)
    for code, expected in (("nonsense", "code_invalid"), ("999-AAAA-BBBB-CCCC", "code_invalid"),
                           (f"{world.tenant_id}-AAAA-BBBB-CCCC", "code_invalid")):
        with pytest.raises(ProtocolError) as refused:
            till.enroll(code)
        assert refused.value.code == expected
    reply = client.post("/api/v1/enroll", json={
        "code": world.code(), "terminal_id": till.terminal_id, "public_key": till.public_key,
        "proof": "00" * 64, "name": "x"})
    assert reply.status_code == 400 and reply.json()["error"]["code"] == "bad_proof"


def test_an_expired_code_is_refused(world: World, client: httpx.Client) -> None:
    from sync_server.clock import ManualClock
    from sync_server.terminals.services import issue_code

    code = world.code()
    with world.ctx.scope(world.tenant_id) as scope:
        expired = issue_code(world.ctx, scope, ADMIN, branch="MAIN", hours=1)["code"]
    clock = world.ctx.clock
    world.ctx.clock = ManualClock(clock.now() + timedelta(hours=2))
    try:
        with pytest.raises(ProtocolError) as refused:
            ToyTerminal(client).enroll(expired)
        assert refused.value.code == "code_expired" and refused.value.status == 410
    finally:
        world.ctx.clock = clock
    assert ToyTerminal(client).enroll(code)


def test_requests_are_replay_proof(world: World, till: TillFactory) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    body = b'{"envelopes":[]}'
    nonce = t.fetch_nonce()
    headers = {**t.headers(), "X-Bisama-Nonce": nonce,
               "X-Bisama-Signature": t.sign("GET", "/api/v1/chain", b"", nonce)}
    first = t.client.get("/api/v1/chain", headers=headers)
    assert first.status_code == 200
    replay = t.client.get("/api/v1/chain", headers=headers)
    assert replay.status_code == 401 and replay.json()["error"]["code"] == "nonce_invalid"
    # A signature over another path or body does not verify.
    nonce = t.fetch_nonce()
    forged = {**t.headers(), "X-Bisama-Nonce": nonce,
              "X-Bisama-Signature": t.sign("POST", "/api/v1/push", body, nonce)}
    reply = t.client.post("/api/v1/push", content=b'{"envelopes":[{}]}', headers=forged)
    assert reply.json()["error"]["code"] == "bad_request_signature"
    # No headers at all.
    reply = t.client.get("/api/v1/feed")
    assert reply.status_code == 401 and reply.json()["error"]["code"] == "unauthenticated"


def test_a_signed_request_spends_its_nonce_sweeps_expired_ones_and_keeps_the_cap(
        world: World, till: TillFactory) -> None:
    from sync_server.clock import ManualClock
    from sync_server.sync.protocol import MAX_OPEN_NONCES, NONCE_TTL_SECONDS
    from sync_server.terminals.models import Nonce

    def open_nonces(terminal_id: str) -> set[str]:
        with world.ctx.scope(world.tenant_id) as scope:
            return set(scope.scalars(select(Nonce.nonce).where(Nonce.terminal_id == terminal_id)))

    t, other = till(), till()
    stale = {t.fetch_nonce() for _ in range(3)}
    theirs = other.fetch_nonce()
    clock = world.ctx.clock
    world.ctx.clock = ManualClock(clock.now() + timedelta(seconds=NONCE_TTL_SECONDS + 1))
    try:
        # An expired nonce is refused like a spent one.
        headers = {**t.headers(), "X-Bisama-Nonce": next(iter(stale)),
                   "X-Bisama-Signature": t.sign("GET", "/api/v1/chain", b"", next(iter(stale)))}
        reply = t.client.get("/api/v1/chain", headers=headers)
        assert reply.status_code == 401 and reply.json()["error"]["code"] == "nonce_invalid"
        assert stale <= open_nonces(t.terminal_id)  # refused: nothing changed
        # A fresh one is spent; the till's expired ones go with it, no other till's.
        fresh = t.fetch_nonce()
        headers = {**t.headers(), "X-Bisama-Nonce": fresh,
                   "X-Bisama-Signature": t.sign("GET", "/api/v1/chain", b"", fresh)}
        reply = t.client.get("/api/v1/chain", headers=headers)
        assert reply.status_code == 200
        left = open_nonces(t.terminal_id)
        assert not left & (stale | {fresh}) and len(left) == 1  # only the reply's next nonce
        assert theirs in open_nonces(other.terminal_id)
        # Requests spend one and are given one: never above the cap.
        for _ in range(MAX_OPEN_NONCES):
            t.fetch_nonce()
        assert len(open_nonces(t.terminal_id)) == MAX_OPEN_NONCES
        for _ in range(3):
            t.heartbeat()
        assert len(open_nonces(t.terminal_id)) <= MAX_OPEN_NONCES
    finally:
        world.ctx.clock = clock


def test_a_till_whose_clock_is_days_wrong_still_syncs_and_its_skew_is_recorded(
        world: World, till: TillFactory) -> None:
    t = till(clock=skewed(timedelta(days=-3)))
    t.sell([("GH-0001", 1)], business_date=None)
    assert t.push()[-1]["stored_through"] == 1
    beat = t.heartbeat()
    assert beat["clock_skew_ms"] < -3 * 86_400_000 + 60_000
    with world.ctx.scope(world.tenant_id) as scope:
        terminal = scope.get(Terminal, t.terminal_id)
        heartbeat = scope.get(Heartbeat, t.terminal_id)
    assert terminal is not None and heartbeat is not None
    assert terminal.clock_skew_ms == beat["clock_skew_ms"]
    assert heartbeat.outbox_depth == 0 and heartbeat.printer_status == "ok"


def test_the_feed_gives_master_data_pages_and_branch_stock_only_to_its_branch(
        world: World, till: TillFactory) -> None:
    from sync_server.tenants.services import add_branch

    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM-02", name="Tema")
    main, tema = till("MAIN"), till("TEM-02")
    entities = {c["entity"] for c in main.request(
        "GET", "/api/v1/feed?cursor=0&limit=2000").json()["changes"]}
    assert entities >= {"tenant", "branch", "tax_profile", "period", "price_list", "product",
                        "unit", "barcode", "price", "user", "customer"}
    users = [c["data"] for c in main.request("GET", "/api/v1/feed?cursor=0&limit=2000")
             .json()["changes"] if c["entity"] == "user"]
    assert all(u["pin_hash"].startswith("$argon2id$") for u in users)
    assert all("password_hash" not in u for u in users)
    # Small pages walk the same feed.
    cursor, seen = "0", 0
    while True:
        page = main.request("GET", f"/api/v1/feed?cursor={cursor}&limit=50").json()
        seen += len(page["changes"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen >= 300
    main.sell([("GH-0001", 2)])
    main.push()
    stock = [c for c in main.pull() if c["entity"] == "stock"]
    assert [c["data"] for c in stock] == [{"branch": "MAIN", "location": "SHOP",
                                          "sku": "GH-0001", "qty": "-2.000"}]
    assert [c for c in tema.pull() if c["entity"] == "stock"] == []
    # A till that pulls again from its cursor gets nothing new.
    assert main.pull() == []


def test_a_feed_cursor_ahead_of_the_server_starts_over(world: World, till: TillFactory) -> None:
    t = till()
    page = t.request("GET", "/api/v1/feed?cursor=999999999&limit=10").json()
    assert page["reset"] is True and page["changes"]


def test_a_restored_till_recovers_its_lost_envelopes_instead_of_forking(
        world: World, till: TillFactory) -> None:
    t = till()
    for _ in range(5):
        t.sell([("GH-0008", 1)])
    t.push()
    t.restore_from_backup(2)  # the disk died; yesterday's backup had seq 1–2
    assert t.recover() == 3
    assert t.seq == 5
    t.sell([("GH-0008", 1)])
    assert t.push()[-1]["stored_through"] == 6
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 6


def test_health_resolves_the_tenant_from_the_host_header(world: World,
                                                         client: httpx.Client) -> None:
    reply = client.get("/api/health", headers={"Host": "acme.test"})
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "tenant_id": world.tenant_id, "name": "Acme Trading",
                            "database": "ok", "reason": None}
    assert client.get("/api/health", headers={"Host": "ACME.test:8470"}).json()["tenant_id"] == \
        world.tenant_id
    assert client.get("/api/health").json()["tenant_id"] is None  # the server itself
    unknown = client.get("/api/health", headers={"Host": "nobody.test"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_tenant"


def test_metrics_are_served_for_prometheus(world: World, till: TillFactory,
                                           live: LiveServer) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    text = httpx.get(f"{live.url}/metrics",
                     headers={"Authorization": f"Bearer {OPS_TOKEN}"}).text
    assert 'bisama_envelopes_total{outcome="stored"} 1.0' in text
    assert 'bisama_unposted_envelopes{tenant="acme.test"} 0.0' in text
    assert 'bisama_http_requests_total{route="/api/v1/push",status="200"}' in text
    for phase in ("check", "wait", "commit"):  # one push, each of its phases timed once
        assert f'bisama_push_phase_seconds_count{{phase="{phase}"}} 1.0' in text


def test_a_suspended_tenant_is_refused_with_a_reason_and_keeps_its_data(
        world: World, till: TillFactory, client: httpx.Client) -> None:
    from sync_server.tenants.services import set_tenant_status

    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    t.sell([("GH-0001", 1)])
    set_tenant_status(world.ctx, ADMIN, world.domain, active=False, reason="unpaid invoice")
    reply = t.request("POST", "/api/v1/push", {"envelopes": [t.outbox[-1].to_json()]})
    assert reply.status_code == 403
    error = reply.json()["error"]
    assert error["code"] == "tenant_suspended" and "unpaid invoice" in error["message"]
    health = client.get("/api/health", headers={"Host": "acme.test"})
    assert health.status_code == 403 and health.json()["status"] == "suspended"
    set_tenant_status(world.ctx, ADMIN, world.domain, active=True)
    assert t.push()[-1]["stored_through"] == 2
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 2


def test_pre_enrollment_envelopes_are_bound_to_the_enrolling_tenant(
        world: World, client: httpx.Client) -> None:
    t = ToyTerminal(client)
    t.enroll(world.code())
    t.pull()
    tenant = t.tenant
    t.tenant = None  # as a till that sold before it was enrolled: tenant is null
    t.sell([("GH-0001", 1)])
    t.tenant = tenant
    assert t.outbox[0].tenant is None
    assert t.push()[-1]["results"][0]["status"] == "stored"
    with world.ctx.scope(world.tenant_id) as scope:
        assert scope.scalar(select(StoredEnvelope.status)) == "stored"


def test_request_signature_covers_the_query(world: World, till: TillFactory) -> None:
    t = till()
    nonce = t.fetch_nonce()
    signature = t.sign("GET", "/api/v1/feed?cursor=0&limit=10", b"", nonce)
    reply = t.client.get("/api/v1/feed?cursor=0&limit=2000",
                         headers={**t.headers(), "X-Bisama-Nonce": nonce,
                                  "X-Bisama-Signature": signature})
    assert reply.json()["error"]["code"] == "bad_request_signature"


@pytest.mark.parametrize("body", [
    b'{"envelopes": [{"seq": NaN}]}',
    b'{"envelopes": [{"seq": 1, "user": "\\ud800"}]}',
    b'{"envelopes": [',
])
def test_a_push_that_is_not_strict_json_is_a_malformed_request(
        world: World, till: TillFactory, body: bytes) -> None:
    """Signed properly but not JSON as RFC 8259 has it: refused as a whole, with the
    protocol's error shape, and nothing is stored (docs/sync-protocol.md, 1)."""
    t = till()
    nonce = t.fetch_nonce()
    reply = t.client.post("/api/v1/push", content=body, headers={
        **t.headers(), "Content-Type": "application/json", "X-Bisama-Nonce": nonce,
        "X-Bisama-Signature": t.sign("POST", "/api/v1/push", body, nonce)})
    assert reply.status_code == 422, reply.text
    error = reply.json()["error"]
    assert error["code"] == "malformed_request" and error["retry"] == "never"
    with world.ctx.scope(world.tenant_id) as scope:
        assert scope.scalars(select(StoredEnvelope)) == []
