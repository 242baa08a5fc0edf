"""What every service of the server is handed: the database, the clock, the secret
hasher and the alert notifier. Built once by the CLI or the web app; nothing here is a
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
    tenant_scope,
)
from sync_server.notify import AlertNotifier, LogNotifier
from sync_server.security import SecretHasher


@dataclass
class ServerContext:
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)
    hasher: SecretHasher = field(default_factory=SecretHasher)
    notifier: AlertNotifier = field(default_factory=LogNotifier)
    sessions: sessionmaker[ScopedSession] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.engine)

    @classmethod
    def open(cls, url: str, *, clock: Clock | None = None, hasher: SecretHasher | None = None,
             notifier: AlertNotifier | None = None, pool_size: int = 10) -> ServerContext:
        return cls(engine=make_engine(url, pool_size=pool_size), clock=clock or SystemClock(),
                   hasher=hasher or SecretHasher(), notifier=notifier or LogNotifier())

    @contextmanager
    def scope(self, tenant_id: int) -> Iterator[TenantScope]:
        with tenant_scope(self.sessions, tenant_id) as scope:
            yield scope

    @contextmanager
    def system(self) -> Iterator[ScopedSession]:
        with system_session(self.sessions) as session:
            yield session

    def new_id(self) -> str:
        return uuid7(int(self.clock.now().timestamp() * 1000), os.urandom(10))

    def close(self) -> None:
        self.engine.dispose()
