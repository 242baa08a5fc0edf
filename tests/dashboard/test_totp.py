"""Two-factor sign-in (TOTP) for directors and administrators: enrolling at the first
sign-in, the code after the password (one step either side, each code once), wrong codes
counted and locked like wrong passwords, one-time recovery codes, a second-step cookie
that can never pass for a session, the CLI's enrol and reset, and roles that need no
code going straight in."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.dashboard import totp
from sync_server.dashboard.routes_totp import SECOND_COOKIE
from sync_server.dashboard.settings import totp_roles_from
from sync_server.dashboard.tokens import SESSION_COOKIE
from sync_server.tenants.models import SystemUser, User
from sync_server.web.app import create_app
from tests.dashboard.conftest import (
    ADMIN_PASSWORD,
    PASSWORD,
    _people,
    login_token,
    settings,
    sign_in,
)
from tests.server.conftest import World

DIRECTOR = "director@acme.test"


@pytest.fixture
def app2fa(ctx: ServerContext, world: World) -> object:
    _people(ctx, world)
    # codes are rationed per address with the passwords: this suite types many
    return create_app(ctx, dashboard=settings(base_domain="test", sign_in_per_address="600/minute",
                                              totp_roles=frozenset({"admin", "director"})))


def _code(ctx: ServerContext, secret: str, steps: int = 0) -> str:
    return totp.current_code(secret, ctx.clock.now().timestamp() + steps * totp.STEP_SECONDS)


def _user(ctx: ServerContext, world: World, email: str = DIRECTOR) -> User:
    with ctx.scope(world.tenant_id) as scope:
        user = scope.scalar(select(User).where(User.email == email))
        assert user is not None
        return user


def _second(client: TestClient, path: str, code: str) -> Any:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return client.post(path, data={"csrf_token": login_token(page.text), "code": code,
                                   "next": "/dashboard/"}, follow_redirects=False)


def _enrol(client: TestClient, ctx: ServerContext, world: World) -> tuple[str, list[str]]:
    reply = sign_in(client, DIRECTOR, PASSWORD)
    assert reply.status_code == 303 and "/dashboard/login/enrol" in reply.headers["location"]
    page = client.get("/dashboard/login/enrol")
    secret = re.search(r'class="mono key">([A-Z2-7]+)<', page.text)
    assert secret, page.text
    assert "otpauth://totp/" in page.text
    done = _second(client, "/dashboard/login/enrol", _code(ctx, secret.group(1)))
    assert done.status_code == 200 and "recovery codes" in done.text
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", done.text)
    assert len(codes) == totp.RECOVERY_CODES
    return secret.group(1), codes


def test_a_director_enrols_at_first_sign_in_then_gives_a_code_each_time(app2fa, world) -> None:
    ctx = world.ctx
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        # before the code, the password alone opens nothing
        reply = sign_in(client, DIRECTOR, PASSWORD)
        assert client.get("/dashboard/", follow_redirects=False).status_code == 303
        page = client.get("/dashboard/login/enrol")
        wrong = client.post("/dashboard/login/enrol", data={
            "csrf_token": login_token(page.text), "code": "000000"}, follow_redirects=False)
        assert wrong.status_code == 400 and "not right" in wrong.text
        assert _user(ctx, world).totp_secret is None
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        secret, codes = _enrol(client, ctx, world)
        assert client.get("/dashboard/").status_code == 200  # the enrolment signed them in
    stored = _user(ctx, world)
    assert stored.totp_secret == secret and stored.totp_pending is None
    assert all(c not in (stored.totp_recovery or "") for c in codes)  # hashes, not codes
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        reply = sign_in(client, DIRECTOR, PASSWORD)
        assert reply.status_code == 303 and "/dashboard/login/code" in reply.headers["location"]
        assert client.get("/dashboard/", follow_redirects=False).status_code == 303
        # the code of the step the enrolment used is spent; the next step's is good
        # (one step either side of the server's clock)
        assert _second(client, "/dashboard/login/code", _code(ctx, secret)).status_code == 401
        good = _second(client, "/dashboard/login/code", _code(ctx, secret, 1))
        assert good.status_code == 303 and good.headers["location"] == "/dashboard/"
        assert client.get("/dashboard/").status_code == 200
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        sign_in(client, DIRECTOR, PASSWORD)
        # the same code again (seen over a shoulder): refused
        assert _second(client, "/dashboard/login/code", _code(ctx, secret, 1)).status_code == 401
        # two steps ahead is outside the window
        assert _second(client, "/dashboard/login/code", _code(ctx, secret, 3)).status_code == 401
        # a recovery code works, once
        assert _second(client, "/dashboard/login/code", codes[0].upper()).status_code == 303
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        sign_in(client, DIRECTOR, PASSWORD)
        assert _second(client, "/dashboard/login/code", codes[0]).status_code == 401
    assert len((_user(ctx, world).totp_recovery or "").split()) == totp.RECOVERY_CODES - 1


def test_wrong_codes_lock_the_account_like_wrong_passwords(app2fa, world) -> None:
    ctx = world.ctx
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        secret, _codes = _enrol(client, ctx, world)
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        sign_in(client, DIRECTOR, PASSWORD)
        for _ in range(4):
            assert _second(client, "/dashboard/login/code", "123456").status_code == 401
        locked = _second(client, "/dashboard/login/code", "123456")
        assert locked.status_code == 401 and "locked for 15 minutes" in locked.text
        right = _second(client, "/dashboard/login/code", _code(ctx, secret, 1))
        assert right.status_code == 401 and "locked" in right.text
    assert _user(ctx, world).locked_until is not None


def test_the_second_step_cookie_is_never_a_session(app2fa, world) -> None:
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        sign_in(client, DIRECTOR, PASSWORD)
        half = client.cookies.get(SECOND_COOKIE)
        assert half
        client.cookies.set(SESSION_COOKIE, half)
        assert client.get("/dashboard/", follow_redirects=False).status_code == 303
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        # no second-step cookie at all: told to sign in again, nothing else
        assert client.get("/dashboard/login/code").status_code == 401


def test_roles_that_need_no_code_go_straight_in_and_may_opt_in(app2fa, world) -> None:
    ctx = world.ctx
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        reply = sign_in(client, "tema.manager@acme.test", PASSWORD)
        assert reply.status_code == 303 and reply.headers["location"] == "/dashboard/"
        page = client.get("/dashboard/account")
        assert page.status_code == 200 and "Optional for your role" in page.text
        token = login_token(page.text)
        client.post("/dashboard/account/totp", data={"csrf_token": token, "action": "start"})
        secret = _user(ctx, world, "tema.manager@acme.test").totp_pending
        assert secret
        done = client.post("/dashboard/account/totp", data={
            "csrf_token": token, "action": "confirm", "code": _code(ctx, secret)})
        assert done.status_code == 200 and len(re.findall(r"<li>", done.text)) == 8
    with TestClient(app2fa, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        reply = sign_in(client, "tema.manager@acme.test", PASSWORD)
        assert "/dashboard/login/code" in reply.headers["location"]  # enrolled: asked


def test_the_cli_enrols_and_resets_a_system_administrator(app2fa, world, database_url,
                                                          capsys) -> None:
    ctx = world.ctx
    assert main(["user", "totp", "enrol", "--db", database_url, "--email",
                 "root@bisama.test", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["uri"].startswith("otpauth://totp/") and len(data["recovery_codes"]) == 8
    with TestClient(app2fa, base_url="http://127.0.0.1") as client:  # type: ignore[arg-type]
        reply = sign_in(client, "root@bisama.test", ADMIN_PASSWORD)
        assert "/dashboard/login/code" in reply.headers["location"]
        good = _second(client, "/dashboard/login/code", _code(ctx, data["secret"]))
        assert good.status_code == 303 and good.headers["location"] == "/dashboard/tenants"
    assert main(["user", "totp", "reset", "--db", database_url, "--email",
                 "root@bisama.test"]) == 0
    with ctx.system() as session:
        admin = session.scalar(select(SystemUser).where(SystemUser.email == "root@bisama.test"))
        assert admin is not None and admin.totp_secret is None and admin.totp_recovery is None
    with TestClient(app2fa, base_url="http://127.0.0.1") as client:  # type: ignore[arg-type]
        reply = sign_in(client, "root@bisama.test", ADMIN_PASSWORD)
        assert "/dashboard/login/enrol" in reply.headers["location"]  # required: again


def test_the_server_setting_names_the_roles() -> None:
    assert totp_roles_from(None) == frozenset({"admin", "director"})
    assert totp_roles_from("off") == frozenset()
    assert totp_roles_from("director, accountant") == frozenset({"director", "accountant"})
