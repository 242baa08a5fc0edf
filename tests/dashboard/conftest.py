"""Fixtures of the dashboard suite. The databases, the migrated context, the tenant with
its catalogue and the live server come from the server suite (imported, not copied), so
every dashboard test runs on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from shared.money import Money
from shared.payloads import Tender
from sync_server.context import ServerContext
from sync_server.dashboard.settings import DashboardSettings
from sync_server.tenants.services import add_branch, add_system_admin, add_user
from sync_server.web.app import create_app
from tests.server import conftest as server_suite
from tests.server.conftest import ADMIN, World, make_world
from tests.server.toy_terminal import Product, ToyTerminal

# The server suite's fixtures, reused (not copied): every test here runs on SQLite,
# PostgreSQL and MariaDB.
database_url = server_suite.database_url
ctx = server_suite.ctx
world = server_suite.world

PASSWORD = "director password 1"
ADMIN_PASSWORD = "system admin password"
SECRET = b"dashboard-test-secret-0123456789"


def settings(**overrides: object) -> DashboardSettings:
    # Two-factor sign-in is switched off for the suite (its own tests switch it on); the
    # sign-in gate may spend all of its time window (a loaded machine's slow sign-ins
    # must not turn a test's sign-in away; the gate's own tests set their share).
    values: dict[str, object] = {"secret": SECRET, "secure_cookies": False,
                                 "totp_roles": frozenset(), "sign_in_share": 1.0}
    values.update(overrides)
    return DashboardSettings(**values)  # type: ignore[arg-type]


@dataclass
class Shop:
    """A fixed, hand-checkable data set (see test_reports.py for the figures)."""

    world: World
    app: object
    tills: TestClient
    main: ToyTerminal
    tema: ToyTerminal
    today: str
    sale1: object
    sale3: object
    held_till: ToyTerminal


def _people(ctx: ServerContext, world: World) -> None:
    with ctx.scope(world.tenant_id) as scope:
        add_branch(ctx, scope, ADMIN, code="TEM", name="Tema Branch")
        add_user(ctx, scope, ADMIN, email="director@acme.test", name="Abena Mensah",
                 role="director", branch=None, pin=None, password=PASSWORD)
        add_user(ctx, scope, ADMIN, email="tema.manager@acme.test", name="Yaw Tema",
                 role="manager", branch="TEM", pin=None, password=PASSWORD)
        add_user(ctx, scope, ADMIN, email="kofi.cashier@acme.test", name="Kofi Asante",
                 role="user", branch="MAIN", pin="2468", password=PASSWORD)
    add_system_admin(ctx, ADMIN, email="root@bisama.test", name="Kofi Admin",
                     password=ADMIN_PASSWORD)


@pytest.fixture
def app(ctx: ServerContext, world: World) -> object:
    _people(ctx, world)
    make_world(ctx, _testdata(), domain="other.test", name="Other Traders")
    return create_app(ctx, dashboard=settings(base_domain="test"))


def _testdata():  # the same folder the `testdata` fixture gives
    from tests.conftest import TESTDATA

    return TESTDATA


@pytest.fixture
def tills(app: object) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as client:  # type: ignore[arg-type]
        yield client


def make_till(world: World, client: httpx.Client, branch: str = "MAIN",
              name: str = "Till 1") -> ToyTerminal:
    till = ToyTerminal(client, name=name, business_date=datetime.now(UTC).date().isoformat())
    till.enroll(world.code(branch))
    till.pull()
    return till


@pytest.fixture
def shop(app: object, world: World, tills: TestClient) -> Shop:
    """Till 1 (MAIN): sale 1 = 2 × GH-0001 (38.00) cash, sale 2 = 1 × GH-0004 (14.00)
    MTN MoMo, sale 3 = 3 × GH-0002 (4.50) card then voided, a refund of one GH-0001 of
    sale 1 (restocked, cash). Till 2 (TEM): 1 × GH-0001 by Telecel MoMo. Till 3 (MAIN):
    a sale of an SKU the server does not know (held)."""
    main = make_till(world, tills, "MAIN", "Till 1")
    sale1 = main.sell([("GH-0001", 2)])
    main.sell([("GH-0004", 1)], tenders=[Tender("momo", Money(1400), Money(1400),
                                                provider="mtn", reference="MP123")])
    sale3 = main.sell([("GH-0002", 3)], tenders=[Tender("card", Money(1350), Money(1350),
                                                        reference="APP77")])
    main.push()  # the void arrives in a later push, so GH-0002's level row exists (at 0)
    main.void(sale3)
    main.refund(sale1, [(1, "1")])
    main.push()
    main.heartbeat()
    tema = make_till(world, tills, "TEM", "Tema till")
    tema.user = "tema.manager@acme.test"
    tema.sell([("GH-0001", 1)], tenders=[Tender("momo", Money(3800), Money(3800),
                                                provider="telecel", reference="T1")])
    tema.push()
    tema.heartbeat(outbox_depth=0, printer={"status": "paper_out", "detail": "paper end"},
                   power={"source": "battery", "battery_percent": 41})
    odd = make_till(world, tills, "MAIN", "Till 3")
    # A SKU head office does not know yet, priced as the product it turns out to be
    # (GH-0001, which the held envelope is attached to by copying it).
    base = main.products["GH-0001"]
    odd.products["GH-9999"] = Product("GH-9999", "Kalyppo Apple 200ml", "bottle",
                                      base.tax_code, base.cost_price,
                                      units={"bottle": base.units["bottle"]},
                                      prices={("retail", "bottle"): base.prices[("retail", "bottle")]})
    odd.sell([("GH-9999", 2)])
    odd.push()
    return Shop(world, app, tills, main, tema, main.today(), sale1, sale3, odd)


def login_token(page_html: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page_html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def sign_in(client: TestClient, email: str, password: str) -> httpx.Response:
    form = client.get("/dashboard/login")
    return client.post("/dashboard/login", data={
        "csrf_token": login_token(form.text), "email": email, "password": password,
        "next": "/dashboard/"}, follow_redirects=False)


@pytest.fixture
def director(app: object) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        reply = sign_in(client, "director@acme.test", PASSWORD)
        assert reply.status_code == 303, reply.text
        yield client


def csrf_of(client: TestClient, path: str = "/dashboard/") -> str:
    return login_token(client.get(path).text)


def flash_of(reply: Any) -> tuple[str, str] | None:
    """The one-line message a post/redirect/get left for the next page (``web.back``:
    a cookie, never the address), as (``done`` or ``error``, text)."""
    from urllib.parse import unquote

    from sync_server.dashboard.web import FLASH_COOKIE

    raw = reply.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    kind, _, text = raw.strip('"').partition(":")
    return kind, unquote(text)


def flash_url(reply: Any) -> str:
    """Where a post/redirect/get sends the browser, with its message written after it as
    ``done=…``/``error=…`` (URL-quoted) — how the message travelled before it moved into
    a cookie (``web.back``), so a test can still say ``"done=" in flash_url(reply)``."""
    from urllib.parse import quote

    location = str(reply.headers["location"])
    flash = flash_of(reply)
    if flash is None:
        return location
    return f"{location}{'&' if '?' in location else '?'}{flash[0]}={quote(flash[1])}"
