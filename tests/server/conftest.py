"""Fixtures of the server suite: a fresh database of each kind (SQLite, PostgreSQL,
MariaDB), a migrated server context on it, a tenant with a catalogue, a live server
(real uvicorn on a free port, in a thread) and enrolled toy tills."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from shared.money import Money
from sync_server.audit.services import Actor
from sync_server.catalogue.services import import_catalogue
from sync_server.context import ServerContext
from sync_server.customers.services import add_customer
from sync_server.notify import RecordingNotifier
from sync_server.security import SecretHasher
from sync_server.tenants.services import add_user, create_tenant
from sync_server.terminals.services import issue_code
from sync_server.web.app import create_app
from tests.dbtemplate import head_database
from tests.server.toy_terminal import ToyTerminal

ADMIN = Actor("cli", "tests")
OPS_TOKEN = "test-operator-token-0123456789"  # opens /metrics on the test server

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="pg", marks=pytest.mark.pg),
    pytest.param("mariadb", id="mysql", marks=pytest.mark.mysql),
]


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each supported kind (one test per kind)."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_database_url"))
    if request.param == "mariadb":
        return str(request.getfixturevalue("mysql_database_url"))
    return f"sqlite:///{tmp_path / 'server.sqlite3'}"


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServerContext]:
    """A server context on a database at the head schema (a copy of a migrated
    template, ``tests/dbtemplate.py``); alerts are recorded, not sent."""
    head_database(database_url)
    context = ServerContext.open(database_url, hasher=SecretHasher(cheap=True),
                                 notifier=RecordingNotifier(), pool_size=30)
    try:
        yield context
    finally:
        context.close()


@dataclass
class World:
    """A tenant ready to sell: catalogue, a cashier, a manager, a credit customer."""

    ctx: ServerContext
    tenant_id: int
    domain: str
    customer_id: str

    def code(self, branch: str = "MAIN") -> str:
        with self.ctx.scope(self.tenant_id) as scope:
            return str(issue_code(self.ctx, scope, ADMIN, branch=branch)["code"])


def make_world(ctx: ServerContext, testdata: Path, *, domain: str = "acme.test",
               name: str = "Acme Trading") -> World:
    info = create_tenant(ctx, ADMIN, name=name, domain=domain, tin="C0001234567")
    with ctx.scope(info.id) as scope:
        summary = import_catalogue(ctx, scope, ADMIN,
                                   (testdata / "catalogue_sample.csv").read_text())
        assert not summary.rejected
        add_user(ctx, scope, ADMIN, email="ama@acme.test", name="Ama Owusu", role="user",
                 branch="MAIN", pin="1357", password=None)
        add_user(ctx, scope, ADMIN, email="manager@acme.test", name="Kwame Boateng",
                 role="manager", branch="MAIN", pin="7310", password="long enough password")
        customer = add_customer(ctx, scope, ADMIN, name="Kofi Traders", tin="C0009876543",
                                credit_limit=Money.cedis(1000))
    return World(ctx, info.id, domain, customer["id"])


@pytest.fixture
def world(ctx: ServerContext, testdata: Path) -> World:
    return make_world(ctx, testdata)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The real application on a real socket, served by uvicorn in a thread."""

    def __init__(self, ctx: ServerContext) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(ctx, ops_token=OPS_TOKEN)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live(ctx: ServerContext) -> Iterator[LiveServer]:
    server = LiveServer(ctx).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=60) as http:
        yield http


TillFactory = Callable[..., ToyTerminal]


@pytest.fixture
def till(world: World, live: LiveServer) -> Iterator[TillFactory]:
    """Make an enrolled toy till (with the catalogue pulled) of the world's tenant."""
    clients: list[httpx.Client] = []

    def make(branch: str = "MAIN", *, transport: httpx.BaseTransport | None = None,
             target: World | None = None, **kwargs: object) -> ToyTerminal:
        owner = target or world
        http = httpx.Client(base_url=live.url, timeout=60, transport=transport)
        clients.append(http)
        terminal = ToyTerminal(http, **kwargs)  # type: ignore[arg-type]
        terminal.enroll(owner.code(branch))
        terminal.pull()
        return terminal

    yield make
    for http in clients:
        http.close()
