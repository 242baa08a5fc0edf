"""Fixtures of the sync client's tests: a REAL sync server (the ASGI app on uvicorn in a
thread, or ``bisama-sync serve`` as a process for the kill tests) on a fresh SQLite
database, a tenant set up with the server's own services, and real tills (``Till``)
that enroll with one-time codes and sync through ``terminal.sync``.

Only the tests touch ``sync_server``; ``terminal/`` never imports it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher

from shared.money import Money
from sync_server.context import ServerContext
from sync_server.notify import RecordingNotifier
from sync_server.security import SecretHasher
from terminal.clock import ManualClock
from terminal.keystore import EncryptedFileKeyStore
from terminal.sync.enroll import enroll_till
from terminal.sync.session import CycleReport, SyncSession
from terminal.tenders import cash
from terminal.till import Till
from tests.dbtemplate import head_database
from tests.server.conftest import LiveServer, World, make_world

CASHIER = "ama@acme.test"
CASHIER_PIN = "1357"
MANAGER = "manager@acme.test"
MANAGER_PIN = "7310"
OIL = "6030010001371"  # GH-0001 Frytol Vegetable Oil 1L, GH₵ 38.00
MILO = "6030010006857"
KEY_PASSPHRASE = "test passphrase"
FAST_ARGON2 = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def now_clock() -> ManualClock:
    """A till clock at the real time: the server dates its periods by its own clock."""
    return ManualClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def server_url_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Head office's database: SQLite, or PostgreSQL for a test parametrized
    (``indirect``) with ``"postgresql"``."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return str(request.getfixturevalue("pg_database_url"))
    return f"sqlite:///{tmp_path / 'server.sqlite3'}"


@pytest.fixture
def ctx(server_url_db: str) -> Iterator[ServerContext]:
    head_database(server_url_db)  # a copy of a migrated template (tests/dbtemplate.py)
    context = ServerContext.open(server_url_db, hasher=SecretHasher(cheap=True),
                                 notifier=RecordingNotifier(), pool_size=10)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def world(ctx: ServerContext, testdata: Path) -> World:
    return make_world(ctx, testdata)


@pytest.fixture
def live(ctx: ServerContext) -> Iterator[LiveServer]:
    server = LiveServer(ctx).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class TillHandle:
    """A real till on a temp folder, with what its tests need to reopen and sync it."""

    data_dir: Path
    backup_dir: Path
    clock: ManualClock
    key_store: EncryptedFileKeyStore
    till: Till
    http: httpx.Client
    session: SyncSession | None = None
    reports: list[CycleReport] = field(default_factory=list)

    def reopen(self) -> Till:
        self.till.close()
        self.till = Till.open(self.data_dir, clock=self.clock, key_store=self.key_store,
                              backup_dir=self.backup_dir, pin_hasher=FAST_ARGON2)
        self.till.start()
        self.session = None
        return self.till

    def enroll(self, url: str, code: str, **kwargs: object) -> str:
        result = enroll_till(self.till.db, self.till.recorder.key, self.clock, url, code,
                             http=self.http, sleep=lambda s: None, **kwargs)  # type: ignore[arg-type]
        self.reopen()  # the till's services read its identity when opened
        return result.message

    def sync(self, **kwargs: bool) -> CycleReport:
        if self.session is None:
            self.session = SyncSession(self.till.db, key=self.till.recorder.key, clock=self.clock,
                                       http=self.http, power=lambda: ("mains", None))
        report = self.session.cycle(**kwargs)
        self.reports.append(report)
        return report

    def ready(self, user: str = CASHIER, pin: str = CASHIER_PIN) -> Till:
        """Someone signed in and a shift open."""
        till = self.till
        if not till.session.signed_in:
            till.auth.login(user, pin)
        if till.shifts.current() is None:
            till.shifts.open(Money.cedis(200))
        return till

    def sell(self, *codes: str, user: str = CASHIER, pin: str = CASHIER_PIN) -> str:
        till = self.ready(user, pin)
        for code in codes:
            till.sales.scan(code)
        view = till.sales.view()
        return till.sales.complete([cash(view.total)]).receipt_no


TillFactory = Callable[..., TillHandle]


@pytest.fixture
def make_till(tmp_path: Path) -> Iterator[TillFactory]:
    handles: list[TillHandle] = []

    def make(name: str = "till", *, clock: ManualClock | None = None,
             transport: httpx.BaseTransport | None = None, **open_kwargs: object) -> TillHandle:
        root = tmp_path / name
        clock = clock or now_clock()
        # Where `bisama-terminal` finds it with BISAMA_KEY_STORE=file (the subprocess tests).
        key_store = EncryptedFileKeyStore(root / "data" / "keys", passphrase=KEY_PASSPHRASE)
        till = Till.open(root / "data", clock=clock, key_store=key_store,
                         backup_dir=root / "backups", pin_hasher=FAST_ARGON2, **open_kwargs)  # type: ignore[arg-type]
        till.start()
        http = httpx.Client(timeout=30, transport=transport)
        handle = TillHandle(root / "data", root / "backups", clock, key_store, till, http)
        handles.append(handle)
        return handle

    yield make
    for handle in handles:
        handle.till.close()
        handle.http.close()
