"""The access-rights page is what the dashboard does: every address of the application is
in the one table (``dashboard.access.ROUTES``), and for each role every address is
allowed or refused exactly as that table — which the access page prints — says. Then
the roles' own rules: the group accountant prepares closes and drafts journals for every
branch but never approves; a branch manager manages the cashiers of their own branch
only; no till is told of an accountant; and migration 0024 goes down and up again."""

from __future__ import annotations

import re

import pytest
from alembic import command
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.context import ServerContext
from sync_server.dashboard import access
from sync_server.db.engine import make_engine
from sync_server.db.migrate import alembic_config, upgrade
from sync_server.sync.feed import user_signs_in_at
from sync_server.tenants.models import User
from sync_server.tenants.services import add_user
from sync_server.web.app import create_app
from tests.dashboard.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    PASSWORD,
    _people,
    csrf_of,
    flash_url,
    settings,
    sign_in,
)
from tests.server.conftest import World

ACCOUNTANT = "accountant@acme.test"
PEOPLE = {"director": ("director@acme.test", PASSWORD),
          "accountant": (ACCOUNTANT, PASSWORD),
          "manager": ("tema.manager@acme.test", PASSWORD),
          "admin": ("root@bisama.test", ADMIN_PASSWORD)}
SAMPLE = {"terminal_id": "x", "seq": "1", "sale_id": "x", "sku": "NOT-THERE",
          "journal_id": "x", "period": "2020-01", "fmt": "csv", "code": "9999",
          "action": "disable", "number": "JV-000000", "what": "stock", "which": "tb",
          "supplier_id": "x", "statement_id": "x", "alert_id": "x", "key": "x",
          "shift_id": "x", "decision": "approve", "month": "2020-01",
          "kind": "paye"}
# Where the walk does not go: signing out ends the walk's own session (tested in
# test_access.py), and the sign-in pages need no role.
SKIP = {("POST", "/dashboard/logout")}
REFUSED_BY_TABLE = "(See Access rights.)"


@pytest.fixture
def app(ctx: ServerContext, world: World) -> object:
    _people(ctx, world)
    with ctx.scope(world.tenant_id) as scope:
        add_user(ctx, scope, ADMIN, email=ACCOUNTANT, name="Efua Accountant",
                 role="accountant", branch=None, pin=None, password=PASSWORD)
    return create_app(ctx, dashboard=settings(base_domain="test",
                                              sign_in_per_address="600/minute"))


def _api_routes(routes: list[object]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # an included router (FastAPI ≥ 0.12x)
            found.extend(_api_routes(route.original_router.routes))
    return found


def _routes(app: object) -> list[tuple[str, str]]:
    return [(method, route.path) for route in _api_routes(app.routes)  # type: ignore[attr-defined]
            if route.path.startswith("/dashboard") or route.path == "/"
            for method in sorted(route.methods)]


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)(:path)?\}", lambda m: SAMPLE[m.group(1)], path)


def test_every_address_is_in_the_access_table(app) -> None:
    missing = [f"{m} {p}" for m, p in _routes(app) if access.route_needs(m, p) is None]
    assert not missing, ("add these to sync_server/dashboard/access.py ROUTES (what they "
                         "need): " + ", ".join(missing))
    stale = [f"{m} {p}" for m, p in access.ROUTES if (m, p) not in set(_routes(app))]
    assert not stale, "ROUTES names addresses the dashboard no longer has: " + ", ".join(stale)


def _walk(app: object, role: str) -> None:
    email, password = PEOPLE[role]
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, email, password).status_code == 303
        token = csrf_of(client)
        wrong = []
        for method, path in _routes(app):
            needs = access.route_needs(method, path)
            if needs in (access.PUBLIC, None) or (method, path) in SKIP:
                continue
            url = _url(path)
            reply = (client.get(url, follow_redirects=False) if method == "GET" else
                     client.post(url, data={"csrf_token": token}, follow_redirects=False))
            refused = reply.status_code == 403 and REFUSED_BY_TABLE in reply.text
            allowed = access.may(role, needs)
            if refused == allowed or reply.status_code >= 500:
                wrong.append(f"{method} {path} ({needs}): {reply.status_code}")
            if reply.status_code == 303 and "/dashboard/login" in reply.headers["location"]:
                wrong.append(f"{method} {path}: signed out")
        assert not wrong, f"{role}: not as the access page says: " + "; ".join(wrong)


@pytest.mark.parametrize("role", ["director", "accountant", "manager", "admin"])
def test_each_role_may_do_exactly_what_the_access_page_says(app, role, database_url) -> None:
    if not database_url.startswith("sqlite") and role != "accountant":
        pytest.skip("every role on SQLite; the accountant on every database")
    _walk(app, role)


def test_the_access_page_prints_the_table(app) -> None:
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        sign_in(client, ACCOUNTANT, PASSWORD)
        page = client.get("/dashboard/access")
        assert page.status_code == 200
        for r in access.ROLES:
            assert r.name in page.text
        assert page.text.count("/dashboard/ledger/periods/{period}/close") == 1
        assert "never the one who prepared it" in page.text
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        reply = sign_in(client, "kofi.cashier@acme.test", PASSWORD)
        assert reply.status_code == 401 and "Cashiers sign in at the till" in reply.text


def test_the_accountant_prepares_for_every_branch_and_never_approves(app, world) -> None:
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        sign_in(client, ACCOUNTANT, PASSWORD)
        token = csrf_of(client)
        assert client.get("/dashboard/ledger/vat-return").status_code == 200
        assert "All branches" in client.get("/dashboard/ledger/trial-balance").text
        period = world.ctx.clock.now().strftime("%Y-%m")
        prepared = client.post(f"/dashboard/ledger/periods/{period}/prepare",
                               data={"csrf_token": token}, follow_redirects=False)
        assert prepared.status_code == 303 and "error" not in prepared.headers["location"]
        page = client.get(f"/dashboard/ledger/periods/{period}")
        assert f"/ledger/periods/{period}/close" not in page.text, page.text
        assert "a director — approves it" in page.text
        approve = client.post(f"/dashboard/ledger/periods/{period}/close",
                              data={"csrf_token": token, "confirm": period})
        assert approve.status_code == 403
        drafted = client.post("/dashboard/books/jv", data={
            "csrf_token": token, "date": world.ctx.clock.now().date().isoformat(),
            "branch": "TEM", "memo": "Tema rent", "account_1": "6000", "debit_1": "1,500.00",
            "memo_1": "rent", "account_2": "1010", "credit_2": "1,500.00"},
            follow_redirects=False)
        assert drafted.status_code == 303, drafted.text
        number = drafted.headers["location"].rsplit("/", 1)[-1].split("?")[0]
        assert client.post(f"/dashboard/books/jv/{number}/approve",
                           data={"csrf_token": token}).status_code == 403


def test_a_manager_manages_the_cashiers_of_their_own_branch_only(app, world) -> None:
    ctx = world.ctx
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        sign_in(client, "tema.manager@acme.test", PASSWORD)
        token = csrf_of(client)

        def add(**form: str) -> str:
            reply = client.post("/dashboard/admin/users", data={"csrf_token": token, **form},
                                follow_redirects=False)
            assert reply.status_code == 303
            return flash_url(reply)

        ok = add(name="Abla Tema", email="abla@acme.test", role="user", branch="TEM", pin="5831")
        assert "done=" in ok
        assert "error=" in add(name="Big Boss", email="boss@acme.test", role="director",
                               branch="TEM", password="a long password 1")
        assert "error=" in add(name="Main Girl", email="main@acme.test", role="user",
                               branch="MAIN", pin="5832")

        def edit(**form: str) -> str:
            reply = client.post("/dashboard/admin/users/edit",
                                data={"csrf_token": token, **form}, follow_redirects=False)
            assert reply.status_code == 303
            return flash_url(reply)

        assert "done=" in edit(email="abla@acme.test", status="inactive", pin="5839")
        assert "error=" in edit(email="abla@acme.test", role="manager")  # never raise a role
        assert "error=" in edit(email="kofi.cashier@acme.test", status="inactive")  # MAIN
        assert "error=" in edit(email="director@acme.test", status="inactive")
        page = client.get("/dashboard/admin/users").text
        assert "Abla Tema" in page and "Kofi Asante" not in page
    with ctx.scope(world.tenant_id) as scope:
        users = {u.email: u for u in scope.scalars(select(User))}
    assert users["abla@acme.test"].status == "inactive" and users["abla@acme.test"].role == "user"
    assert "boss@acme.test" not in users and "main@acme.test" not in users
    assert users["kofi.cashier@acme.test"].status == "active"
    assert users["director@acme.test"].status == "active"


def test_no_till_is_told_of_an_accountant() -> None:
    accountant = {"role": "accountant", "branch": "TEM"}
    assert not user_signs_in_at(accountant, "TEM")
    assert not user_signs_in_at({"role": "accountant", "branch": None}, "MAIN")
    assert user_signs_in_at({"role": "director", "branch": None}, "MAIN")


def test_migration_0024_goes_down_and_up_with_an_accountant(app, world,
                                                           database_url) -> None:
    engine = make_engine(database_url)
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0023")
        upgrade(engine)
    finally:
        engine.dispose()
    with world.ctx.scope(world.tenant_id) as scope:
        kept = scope.scalar(select(User).where(User.email == ACCOUNTANT))
        assert kept is not None and kept.role == "manager" and kept.status == "inactive"
        kept.role, kept.status = "accountant", "active"  # the new rule takes them again


def test_head_office_adds_accountants_by_command_and_by_csv(app, world, database_url,
                                                            capsys) -> None:
    from sync_server.cli import main
    from sync_server.tenants.user_import import import_users

    assert main(["user", "add", "--db", database_url, "--tenant", world.domain, "--email",
                 "kwesi@acme.test", "--name", "Kwesi Mensah", "--role", "accountant",
                 "--password", "accountant password 2"]) == 0
    assert "Added accountant Kwesi Mensah" in capsys.readouterr().out
    text = ("email,name,role,branch,pin\n"
            "yaa@acme.test,Yaa Asantewaa,accountant,MAIN,5823\n"
            "esi@acme.test,Esi Tema,cashier,TEM,7351\n")
    with world.ctx.scope(world.tenant_id) as scope:
        summary = import_users(world.ctx, scope, ADMIN, text)
    assert summary.accepted == ["yaa@acme.test", "esi@acme.test"] and not summary.rejected
    with world.ctx.scope(world.tenant_id) as scope:
        roles = {u.email: u.role for u in scope.scalars(select(User))}
    assert roles["kwesi@acme.test"] == roles["yaa@acme.test"] == "accountant"
