"""Who may see what: sign-in with lockout and audit, the tenant from the Host header, a
user of one tenant refused everywhere else, managers kept to their branch, cashiers
kept out, system administrators seeing every tenant, a suspended tenant shown "Account
Suspended" with nothing deleted, and session cookies that cannot be forged."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.audit.models import SYSTEM_TENANT, ActivityLog
from sync_server.context import ServerContext
from sync_server.dashboard.tokens import SESSION_COOKIE
from sync_server.tenants.models import User
from sync_server.tenants.services import set_tenant_status
from sync_server.web.app import create_app
from tests.dashboard.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    PASSWORD,
    Shop,
    csrf_of,
    settings,
    sign_in,
)


def _actions(ctx: ServerContext, tenant_id: int) -> list[tuple[str, str]]:
    with ctx.scope(tenant_id) as scope:
        return [(r.action, r.subject or "") for r in scope.scalars(
            select(ActivityLog).where(ActivityLog.action.like("login%"))
            .order_by(ActivityLog.at))]


def test_sign_in_is_audited_and_locks_after_repeated_failures(app, world) -> None:
    ctx = world.ctx
    with TestClient(app, base_url="http://acme.test") as client:
        for _ in range(4):
            reply = sign_in(client, "director@acme.test", "wrong password!!")
            assert reply.status_code == 401 and "not right" in reply.text
        reply = sign_in(client, "director@acme.test", "wrong password!!")
        assert reply.status_code == 401 and "locked for 15 minutes" in reply.text
        # even the right password is refused while locked
        assert sign_in(client, "director@acme.test", PASSWORD).status_code == 401
    actions = [a for a, _ in _actions(ctx, world.tenant_id)]
    assert actions == ["login.failed"] * 4 + ["login.locked", "login.refused"]
    with ctx.scope(world.tenant_id) as scope:
        user = scope.scalar(select(User).where(User.email == "director@acme.test"))
        assert user is not None and user.locked_until is not None
        user.locked_until = ctx.clock.now() - timedelta(seconds=1)  # the 15 minutes pass
    with TestClient(app, base_url="http://acme.test") as client:
        assert sign_in(client, "director@acme.test", PASSWORD).status_code == 303
    assert _actions(ctx, world.tenant_id)[-1] == ("login", "director@acme.test")


def test_the_sign_in_form_needs_its_own_token(app) -> None:
    with TestClient(app, base_url="http://acme.test") as client:
        reply = client.post("/dashboard/login", data={"email": "director@acme.test",
                                                      "password": PASSWORD})
        assert reply.status_code == 403


def test_a_user_of_one_tenant_never_sees_another(shop: Shop, director: TestClient) -> None:
    ctx = shop.world.ctx
    other_id = next(t for t in _tenants(ctx) if t.domain == "other.test").id
    with ctx.scope(other_id) as scope:
        from sync_server.customers.models import Customer

        other_customer = scope.scalars(select(Customer))[0].id
    # another tenant's ids on one's own address: not found
    for path in (f"/dashboard/sales/{other_customer}", "/dashboard/held/x/1",
                 "/dashboard/admin/products/NOT-THERE", "/dashboard/ledger/journals/nope"):
        assert director.get(path).status_code == 404, path
    # one's own cookie presented at the other tenant's address: refused
    cookie = director.cookies.get(SESSION_COOKIE)
    with TestClient(shop.app, base_url="http://other.test") as other:  # type: ignore[arg-type]
        other.cookies.set(SESSION_COOKIE, cookie)
        for path in ("/dashboard/", "/dashboard/sales", "/dashboard/admin/users"):
            reply = other.get(path, follow_redirects=False)
            assert reply.status_code == 403 and "another business" in reply.text
        # and its sign-in does not take acme's credentials
        other.cookies.clear()
        assert sign_in(other, "director@acme.test", PASSWORD).status_code == 401
    # the local address maps NAME.localhost to NAME.<base domain>
    with TestClient(shop.app, base_url="http://other.localhost") as other:  # type: ignore[arg-type]
        other.cookies.set(SESSION_COOKIE, cookie)
        assert other.get("/dashboard/", follow_redirects=False).status_code == 403
    with TestClient(shop.app, base_url="http://nobody.test") as nobody:  # type: ignore[arg-type]
        assert nobody.get("/dashboard/login").status_code == 404


def _tenants(ctx: ServerContext):
    from sync_server.tenants.services import list_tenants

    return list_tenants(ctx)


def test_a_forged_or_altered_cookie_is_not_a_session(shop: Shop, director: TestClient) -> None:
    cookie = director.cookies.get(SESSION_COOKIE)
    assert cookie
    body, mac = cookie.split(".")
    import base64
    import json

    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["t"] = claims["t"] + 1
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with TestClient(shop.app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        client.cookies.set(SESSION_COOKIE, f"{forged}.{mac}")
        assert client.get("/dashboard/", follow_redirects=False).status_code == 303
    with TestClient(create_app(shop.world.ctx, dashboard=settings(secret=b"another secret 0123")),
                    base_url="http://acme.test") as client:
        client.cookies.set(SESSION_COOKIE, cookie)
        assert client.get("/dashboard/", follow_redirects=False).status_code == 303


def test_changing_the_password_ends_other_sessions(shop: Shop, director: TestClient) -> None:
    token = csrf_of(director)
    with TestClient(shop.app, base_url="http://acme.test") as second:  # type: ignore[arg-type]
        assert sign_in(second, "director@acme.test", PASSWORD).status_code == 303
        director.post("/dashboard/admin/users/edit", data={
            "csrf_token": token, "email": "director@acme.test", "password": "a new password 22"})
        assert second.get("/dashboard/", follow_redirects=False).status_code == 303


def test_managers_see_their_branch_and_cashiers_have_no_dashboard(shop: Shop) -> None:
    with TestClient(shop.app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        page = tema.get(f"/dashboard/sales?first={shop.today}&last={shop.today}&branch=MAIN")
        assert re.search(r'data-testid="takings">38\.00<', page.text)
        assert "Till 1" not in tema.get("/dashboard/").text
        assert tema.get(f"/dashboard/sales/{shop.sale1.id}").status_code == 404
        token = csrf_of(tema)
        refused = tema.post("/dashboard/admin/branches", data={
            "csrf_token": token, "code": "KSI", "name": "Kumasi"})
        assert refused.status_code == 403 and "may not" in refused.text
        refused = tema.post(f"/dashboard/ledger/periods/{shop.today[:7]}/close",
                            data={"csrf_token": token, "confirm": shop.today[:7]})
        assert refused.status_code == 403
    with TestClient(shop.app, base_url="http://acme.test") as cashier:  # type: ignore[arg-type]
        reply = sign_in(cashier, "kofi.cashier@acme.test", PASSWORD)
        assert reply.status_code == 401 and "Cashiers sign in at the till" in reply.text


def test_a_system_admin_sees_every_tenant(shop: Shop) -> None:
    with TestClient(shop.app, base_url="http://127.0.0.1") as admin:  # type: ignore[arg-type]
        reply = sign_in(admin, "root@bisama.test", ADMIN_PASSWORD)
        assert reply.status_code == 303 and reply.headers["location"] == "/dashboard/tenants"
        page = admin.get("/dashboard/tenants").text
        assert "Acme Trading" in page and "Other Traders" in page
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
        admin.post("/dashboard/tenants/choose",
                   data={"csrf_token": token, "tenant_id": str(shop.world.tenant_id)})
        assert "Till 1" in admin.get("/dashboard/").text
    with TestClient(shop.app, base_url="http://other.test") as admin:  # type: ignore[arg-type]
        assert sign_in(admin, "root@bisama.test", ADMIN_PASSWORD).status_code == 303
        assert "Other Traders" in admin.get("/dashboard/").text
    assert ("login", "root@bisama.test") in _actions(shop.world.ctx, SYSTEM_TENANT)


def test_a_suspended_tenant_shows_account_suspended(shop: Shop, director: TestClient) -> None:
    ctx = shop.world.ctx
    set_tenant_status(ctx, ADMIN, "acme.test", active=False, reason="subscription unpaid")
    reply = director.get("/dashboard/")
    assert reply.status_code == 403 and "Account Suspended" in reply.text
    with TestClient(shop.app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        form = client.get("/dashboard/login")
        assert "Account Suspended" in form.text and "subscription unpaid" in form.text
        refused = sign_in(client, "director@acme.test", PASSWORD)
        assert refused.status_code == 401 and "Account Suspended" in refused.text
    # nothing was deleted: back on, the same sales are there
    set_tenant_status(ctx, ADMIN, "acme.test", active=True)
    assert re.search(r'data-testid="takings">90\.00<', director.get(
        f"/dashboard/sales?first={shop.today}&last={shop.today}").text)


def test_cookies_are_secure_httponly_and_samesite_by_default(world, ctx) -> None:
    from tests.dashboard.conftest import _people

    _people(ctx, world)
    app = create_app(ctx, dashboard=settings(secure_cookies=True))
    with TestClient(app, base_url="https://acme.test") as client:
        reply = sign_in(client, "director@acme.test", PASSWORD)
        header = reply.headers["set-cookie"]
        assert SESSION_COOKIE in header
        assert "Secure" in header and "HttpOnly" in header and "SameSite=lax" in header.replace(
            "samesite", "SameSite")
        page = client.get("/dashboard/")
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
