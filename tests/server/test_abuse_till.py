"""Attacks on the sync API by someone who is not the till, or is another tenant's till
(issue [7], abuse resistance; docs/security.md): the nonce endpoint tells nobody whether a
tenant exists or why it is suspended, tills of two tenants may share a terminal id
without meeting, and a till receives the PIN hashes of its own branch's people only."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from sync_server.tenants.services import add_branch, add_user, set_tenant_status
from sync_server.tenants.user_admin import update_user
from sync_server.terminals.services import revoke_terminal
from tests.server.books import check_books
from tests.server.conftest import ADMIN, LiveServer, TillFactory, World, make_world
from tests.server.toy_terminal import ToyTerminal

pytestmark = pytest.mark.security


def _nonce(client: httpx.Client, tenant: str, terminal: str) -> httpx.Response:
    return client.post("/api/v1/nonce", headers={"X-Bisama-Tenant": tenant,
                                                  "X-Bisama-Terminal": terminal})


def _shape(reply: httpx.Response) -> tuple[int, list[str], int]:
    body = reply.json()
    return reply.status_code, sorted(body), len(body.get("nonce", ""))


def test_the_nonce_endpoint_tells_nobody_which_tenants_and_tills_exist(
        world: World, till: TillFactory, client: httpx.Client, testdata: Path) -> None:
    t = till()
    revoked = till()
    with world.ctx.scope(world.tenant_id) as scope:
        revoke_terminal(world.ctx, scope, ADMIN, revoked.terminal_id, reason="laptop stolen")
    beta = make_world(world.ctx, testdata, domain="beta.test", name="Beta Stores")
    set_tenant_status(world.ctx, ADMIN, beta.domain, active=False, reason="unpaid invoice")
    stranger = "0193a1b2-0000-7000-8000-0000000000ff"
    genuine = _nonce(client, t.tenant or "", t.terminal_id)
    asked = {
        "unknown tenant": _nonce(client, "987654", t.terminal_id),
        "unknown till": _nonce(client, str(world.tenant_id), stranger),
        "revoked till": _nonce(client, str(world.tenant_id), revoked.terminal_id),
        "suspended tenant": _nonce(client, str(beta.tenant_id), stranger),
    }
    for what, reply in asked.items():
        assert _shape(reply) == _shape(genuine) == (200, ["expires_at", "nonce", "server_time"],
                                                    48), what
        assert "unpaid" not in reply.text and "stolen" not in reply.text, what
    # A request signed with such a nonce is refused with the same words whether the
    # tenant or only the till is unknown.
    outsider = ToyTerminal(client)
    refusals = []
    for tenant in ("987654", str(world.tenant_id), str(beta.tenant_id)):
        outsider.tenant, outsider.nonce = tenant, None
        reply = outsider.request("GET", "/api/v1/chain", retry_nonce=False)
        refusals.append((reply.status_code, reply.json()["error"]))
    assert refusals[0] == refusals[1] == refusals[2]
    assert refusals[0][1]["code"] == "unknown_terminal"
    # The genuine till still works with the nonce it was given.
    t.nonce = genuine.json()["nonce"]
    assert t.request("GET", "/api/v1/chain", retry_nonce=False).status_code == 200


def test_only_the_till_itself_learns_that_its_tenant_is_suspended(
        world: World, till: TillFactory, client: httpx.Client) -> None:
    t = till()
    set_tenant_status(world.ctx, ADMIN, world.domain, active=False, reason="unpaid invoice")
    forged = client.get("/api/v1/chain", headers={
        **t.headers(), "X-Bisama-Nonce": "0" * 48, "X-Bisama-Signature": "0" * 128})
    assert forged.status_code == 401
    assert forged.json()["error"]["code"] == "bad_request_signature"
    assert "unpaid" not in forged.text
    t.nonce = None
    reply = t.request("GET", "/api/v1/chain", retry_nonce=False)
    assert reply.status_code == 403 and reply.json()["error"]["code"] == "tenant_suspended"
    assert "unpaid invoice" in reply.json()["error"]["message"]


def test_a_made_up_enrollment_code_does_not_tell_that_a_tenant_is_suspended(
        world: World, client: httpx.Client) -> None:
    set_tenant_status(world.ctx, ADMIN, world.domain, active=False, reason="unpaid invoice")
    code = f"{world.tenant_id}-K7QX-9MPL-2RTD"
    reply = ToyTerminal(client)
    with pytest.raises(Exception) as refused:
        reply.enroll(code)
    assert getattr(refused.value, "code", None) == "code_invalid"
    assert "unpaid" not in str(refused.value)


def test_tills_of_two_tenants_may_share_a_terminal_id(
        world: World, live: LiveServer, client: httpx.Client, testdata: Path) -> None:
    beta = make_world(world.ctx, testdata, domain="beta.test", name="Beta Stores")
    a = ToyTerminal(client)
    b = ToyTerminal(client)
    b.terminal_id = a.terminal_id  # the same id, each with its own key
    a.enroll(world.code())
    b.enroll(beta.code())
    a.pull()
    b.pull()
    for _ in range(3):
        a.sell([("GH-0001", 1)])
    b.sell([("GH-0009", 2)])
    assert a.push()[-1]["stored_through"] == 3
    assert b.push()[-1]["stored_through"] == 1
    order = live.app.state.pushes.order
    assert order.head((world.tenant_id, a.terminal_id)) == 3
    assert order.head((beta.tenant_id, b.terminal_id)) == 1
    assert check_books(world.ctx, world.tenant_id, [a]).sales == 3
    assert check_books(world.ctx, beta.tenant_id, [b]).sales == 1


def _users(changes: list[dict]) -> dict[str, dict | None]:
    return {c["key"]: c["data"] for c in changes if c["entity"] == "user"}


def test_a_till_is_sent_the_pin_hashes_of_its_own_branch_and_the_directors_only(
        world: World, till: TillFactory) -> None:
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        add_branch(ctx, scope, ADMIN, code="TEM", name="Tema Branch")
        add_user(ctx, scope, ADMIN, email="esi@acme.test", name="Esi Tema", role="user",
                 branch="TEM", pin="2580", password=None)
        add_user(ctx, scope, ADMIN, email="boss@acme.test", name="Abena Boss",
                 role="director", branch=None, pin="9753", password=None)
    main, tema = till("MAIN"), till("TEM")
    main.cursor = tema.cursor = "0"
    at_main, at_tema = _users(main.pull()), _users(tema.pull())
    assert {k for k, v in at_main.items() if v} == {"ama@acme.test", "manager@acme.test",
                                                    "boss@acme.test"}
    assert at_main["esi@acme.test"] is None  # sent as deleted: no name, no PIN hash
    assert {k for k, v in at_tema.items() if v} == {"esi@acme.test", "boss@acme.test"}
    assert at_tema["ama@acme.test"] is None and at_tema["manager@acme.test"] is None
    assert all(v["pin_hash"] for v in (*at_main.values(), *at_tema.values()) if v)
    with ctx.scope(world.tenant_id) as scope:
        update_user(ctx, scope, ADMIN, email="esi@acme.test", branch="MAIN")
    moved_main, moved_tema = _users(main.pull()), _users(tema.pull())
    assert moved_tema == {"esi@acme.test": None}  # removed from the branch she left
    assert moved_main["esi@acme.test"] is not None and moved_main["esi@acme.test"]["pin_hash"]
