"""What every service of the server is handed: the database (the system database and,
through the tenant directory, each tenant's), the clock, the secret hasher and the alert
notifier. Built once by the CLI or the web app; nothing here is a
module global, so tests can run many servers side by side."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from shared.ids import uuid7
from sync_server.clock import Clock, SystemClock
from sync_server.db.engine import make_engine
from sync_server.db.scope import (
    ScopedSession,
    TenantScope,
    session_factory,
    system_session,
)
from sync_server.directory.services import Directory
from sync_server.notify import AlertNotifier, LogNotifier
from sync_server.security import SecretHasher
from sync_server.tenants.models import Tenant


@dataclass
class ServerContext:
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)
    hasher: SecretHasher = field(default_factory=SecretHasher)
    notifier: AlertNotifier = field(default_factory=LogNotifier)
    # The system database's sessions: system tables only (tenants, system users, the
    # directory). Tenant-owned rows are reached through ``scope``, on the tenant's database.
    sessions: sessionmaker[ScopedSession] = field(init=False)
    directory: Directory = field(init=False)
    # Single reads outside a transaction (PostgreSQL; see ``tenant``).
    _reads: sessionmaker[ScopedSession] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.engine)
        self.directory = Directory(self.engine, self.sessions)
        if self.engine.dialect.name == "postgresql":
            self._reads = session_factory(self.engine.execution_options(
                isolation_level="AUTOCOMMIT"))

    @classmethod
    def open(cls, url: str, *, clock: Clock | None = None, hasher: SecretHasher | None = None,
             notifier: AlertNotifier | None = None, pool_size: int = 10) -> ServerContext:
        return cls(engine=make_engine(url, pool_size=pool_size), clock=clock or SystemClock(),
                   hasher=hasher or SecretHasher(), notifier=notifier or LogNotifier())

    @contextmanager
    def scope(self, tenant_id: int) -> Iterator[TenantScope]:
        """A transaction on one tenant's rows, on the database the tenant directory
        places it in (the system database unless placed elsewhere)."""
        with self.directory.scope(tenant_id) as scope:
            yield scope

    @contextmanager
    def system(self) -> Iterator[ScopedSession]:
        with system_session(self.sessions) as session:
            yield session

    def tenant(self, tenant_id: int) -> Tenant | None:
        """The tenant's row, detached. Every signed request and every push reads it: on
        PostgreSQL that is one statement outside a transaction, not BEGIN, SELECT and
        COMMIT — three round trips (elsewhere the engine's own transaction handling is
        kept: SQLite's BEGIN is ours, ``db.engine``)."""
        with (self._reads or self.sessions)() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is not None:
                session.expunge(tenant)
            return tenant

    def new_id(self) -> str:
        return uuid7(int(self.clock.now().timestamp() * 1000), os.urandom(10))

    def close(self) -> None:
        self.directory.close()
        self.engine.dispose()
