"""Routing a tenant to its database: the ``Directory`` every ``ServerContext`` carries.

``ServerContext.scope(tenant_id)`` — the one path to tenant-owned rows — asks the
directory for the tenant's placement and opens the scope on that database's engine, so
services never know where a tenant lives. A tenant without a placement row is on the
system database (server ``system``): a single-server install changes nothing and pays
one cached lookup per tenant every ``PLACEMENT_TTL`` seconds.

Caching: a placement is read from the system database at most every ``ttl`` seconds
per tenant; engines are kept per (server, database) and checked against the epoch of the
placement that asks for them (a placement with a newer epoch re-reads the server's URL,
and a changed URL gets a new engine). A cached placement may therefore be up to ``ttl``
old; what keeps a write from landing on a database a tenant has just left is the fence a
tenant move installs in ``on_tenant_transaction`` (``directory/fence.py``: under the
tenant's lock it reads the database's ``tenant_fences`` row and raises ``StalePlacement``
when the tenant has moved away; the scope then refetches and starts again).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from sync_server.db.engine import make_engine
from sync_server.db.scope import ScopedSession, TenantScope, session_factory
from sync_server.directory.fence import TenantMoved, guard
from sync_server.directory.models import SYSTEM_SERVER, DbServer, TenantPlacement
from sync_server.directory.servers import ServerSecrets, database_url
from sync_server.errors import NotFound, Refused
from sync_server.tenants.models import Tenant

if TYPE_CHECKING:
    from sync_server.context import ServerContext

PLACEMENT_KEY = "bisama_placement"  # in a tenant session's info: the placement it runs on
PLACEMENT_TTL = 1.0  # seconds a placement read is trusted without reading it again
FENCE_PAUSE = 0.1  # seconds between finding a tenant moved and reading its placement again
RETRIES = 3  # times a scope refetches a placement a fence found stale
POOL_SIZE = 5  # connections per tenant database in each process (plus as many overflow)


class StalePlacement(Refused):
    """The placement a transaction began with is no longer the tenant's (a move
    switched it): refetch and start the transaction again."""

    code = "stale_placement"


class PlacementUnavailable(Refused):
    """A tenant's placement kept changing under the transaction (a move in its switch):
    answered as 503, the till resends."""

    code = "unavailable"


@dataclass(frozen=True)
class Placement:
    """Where one tenant lives, as read from ``tenant_placements`` (epoch 0: no row, the
    system database)."""

    tenant_id: int
    server: str = SYSTEM_SERVER
    database: str | None = None
    state: str = "active"
    epoch: int = 0
    moving_to_server: str | None = None
    moving_to_database: str | None = None
    move_phase: str | None = None

    @property
    def on_system_database(self) -> bool:
        return self.server == SYSTEM_SERVER and self.database is None

    @property
    def where(self) -> str:
        """``server/database`` for messages (``system`` for the system database)."""
        return self.server if self.database is None else f"{self.server}/{self.database}"

    def to_json(self) -> dict[str, object]:
        return {"tenant_id": self.tenant_id, "server": self.server, "database": self.database,
                "state": self.state, "epoch": self.epoch, "moving_to_server": self.moving_to_server,
                "moving_to_database": self.moving_to_database, "move_phase": self.move_phase}

    @classmethod
    def of(cls, row: TenantPlacement) -> Placement:
        return cls(row.tenant_id, row.server, row.database, row.state, row.epoch,
                   row.moving_to_server, row.moving_to_database, row.move_phase)


def on_tenant_transaction(session: ScopedSession, tenant_id: int, placement: Placement) -> None:
    """Called at the start of every tenant transaction ``ServerContext.scope`` opens,
    before the caller's first statement, on the tenant's database: the fence of a tenant
    move (``directory/fence.py``) takes the tenant's shared lock — waiting out a move's
    freeze — and raises ``StalePlacement`` when the tenant has moved away from this
    database. The move writes that fence a moment before it switches the placement, so
    the retry waits that moment first (``FENCE_PAUSE``) instead of finding the old
    placement again."""
    try:
        guard(session, tenant_id)
    except TenantMoved as exc:
        time.sleep(FENCE_PAUSE)
        raise StalePlacement(str(exc)) from exc


@dataclass
class _Target:
    """One (server, database) this process has met: its URL, engine and sessions."""

    url: str
    engine: Engine
    sessions: sessionmaker[ScopedSession]
    epoch: int  # the newest placement epoch this target was checked for


class Directory:
    """Placements and per-(server, database) engines of one process (module docstring)."""

    def __init__(self, engine: Engine, sessions: sessionmaker[ScopedSession], *,
                 secrets: ServerSecrets | None = None, ttl: float = PLACEMENT_TTL,
                 monotonic: Callable[[], float] = time.monotonic,
                 pool_size: int = POOL_SIZE) -> None:
        self.engine, self.sessions = engine, sessions
        self.secrets = secrets or ServerSecrets.from_environment()
        self.ttl, self.monotonic, self.pool_size = ttl, monotonic, pool_size
        self._lock = threading.Lock()
        self._placements: dict[int, tuple[Placement, float]] = {}
        self._targets: dict[tuple[str, str | None], _Target] = {}
        self._missing_since: float | None = None  # when the tables were last found missing
        self._tables_known = False

    # -- placements ----------------------------------------------------------------------
    def _tables_exist(self, session: Session | None = None) -> bool:
        """Whether the system database has the directory's tables (a database not yet
        upgraded to 0031 has none: every tenant is on it)."""
        if self._tables_known:
            return True
        now = self.monotonic()
        if self._missing_since is not None and now - self._missing_since < self.ttl:
            return False
        inspector = inspect(self.engine if session is None else session.connection())
        if inspector.has_table(TenantPlacement.__tablename__):
            self._tables_known = True
            return True
        self._missing_since = now
        return False

    def placement(self, tenant_id: int, *, fresh: bool = False,
                  session: Session | None = None) -> Placement:
        """The tenant's placement, from the cache unless older than ``ttl`` or ``fresh``.
        ``session``: a system session the caller has open, to read it in (on SQLite a
        second one would wait for the first's write lock)."""
        now = self.monotonic()
        if not fresh:
            cached = self._placements.get(tenant_id)
            if cached is not None and now - cached[1] < self.ttl:
                return cached[0]
        placement = Placement(tenant_id)
        with self._reading(session) as reader:
            if self._tables_exist(reader):
                row = reader.get(TenantPlacement, tenant_id)
                if row is not None:
                    placement = Placement.of(row)
        with self._lock:
            self._placements[tenant_id] = (placement, now)
        return placement

    def is_current(self, placement: Placement) -> bool:
        """Whether ``placement`` is still the tenant's (read now); forgets it if not."""
        current = self.placement(placement.tenant_id, fresh=True)
        return (current.epoch, current.server, current.database) == (
            placement.epoch, placement.server, placement.database)

    def forget(self, tenant_id: int | None = None) -> None:
        """Drop cached placements (one tenant's, or all): the next scope reads again."""
        with self._lock:
            if tenant_id is None:
                self._placements.clear()
            else:
                self._placements.pop(tenant_id, None)

    def placements(self) -> list[Placement]:
        """Every tenant's placement (tenants without a row: on ``system``), by tenant id."""
        with self.sessions() as session:
            ids = list(session.scalars(select(Tenant.id).order_by(Tenant.id)))
            rows = ({row.tenant_id: Placement.of(row)
                     for row in session.scalars(select(TenantPlacement))}
                    if self._tables_exist(session) else {})
        return [rows.get(tenant_id, Placement(tenant_id)) for tenant_id in ids]

    # -- engines -------------------------------------------------------------------------
    @contextmanager
    def _reading(self, session: Session | None) -> Iterator[Session]:
        if session is not None:
            yield session
            return
        with self.sessions() as own:
            yield own

    def url_of(self, server: str, database: str | None, *,
               session: Session | None = None) -> str:
        """The full URL (password included) of a database on a server."""
        if server == SYSTEM_SERVER:
            url = self.engine.url.render_as_string(hide_password=False)
        else:
            with self._reading(session) as reader:
                row = reader.get(DbServer, server)
            if row is None:
                raise NotFound(f"No database server is called {server}. `bisama-sync server "
                               "list` shows them.")
            url = row.url
        return database_url(server, url, database, self.secrets)

    def _target(self, placement: Placement, session: Session | None = None) -> _Target | None:
        if placement.on_system_database:
            return None
        key = (placement.server, placement.database)
        target = self._targets.get(key)
        if target is not None and target.epoch >= placement.epoch:
            return target
        url = self.url_of(placement.server, placement.database, session=session)
        with self._lock:
            target = self._targets.get(key)
            if target is not None and target.url == url:
                target.epoch = max(target.epoch, placement.epoch)
                return target
            engine = make_engine(url, pool_size=self.pool_size)
            fresh = _Target(url, engine, session_factory(engine), placement.epoch)
            self._targets[key] = fresh
        if target is not None:
            target.engine.dispose()
        return fresh

    def engine_of(self, placement: Placement) -> Engine:
        target = self._target(placement)
        return self.engine if target is None else target.engine

    def sessions_of(self, placement: Placement,
                    session: Session | None = None) -> sessionmaker[ScopedSession]:
        target = self._target(placement, session)
        return self.sessions if target is None else target.sessions

    def engine_for(self, tenant_id: int) -> Engine:
        """The engine of the tenant's database."""
        return self.engine_of(self.placement(tenant_id))

    # -- the tenant scope ----------------------------------------------------------------
    @contextmanager
    def scope(self, tenant_id: int) -> Iterator[TenantScope]:
        """A transaction on one tenant's rows, on the tenant's database: committed when
        the block ends normally, rolled back when it raises. Begins with
        ``on_tenant_transaction``; a placement found stale there is refetched and the
        transaction begun again (at most ``RETRIES`` times)."""
        for attempt in range(RETRIES):
            placement = self.placement(tenant_id, fresh=attempt > 0)
            begun = self._begin(placement, tenant_id)
            if begun is None:
                continue
            session, transaction = begun
            with session, transaction:
                yield TenantScope(session, tenant_id)
            return
        raise PlacementUnavailable(
            f"Tenant {tenant_id} is being switched to another database; try again in a moment.")

    @contextmanager
    def scope_on(self, placement: Placement, *,
                 system: Session | None = None) -> Iterator[TenantScope]:
        """A transaction on a tenant's rows in the database ``placement`` names, whatever
        the directory says now (placing a new tenant, a move's copy and verify).
        ``system``: a system session the caller has open (see ``placement``)."""
        begun = self._begin(placement, placement.tenant_id, system)
        if begun is None:
            raise PlacementUnavailable(f"Tenant {placement.tenant_id} is no longer at "
                                       f"{placement.where}.")
        session, transaction = begun
        with session, transaction:
            yield TenantScope(session, placement.tenant_id)

    def _begin(self, placement: Placement, tenant_id: int, system: Session | None = None
               ) -> tuple[ScopedSession, SessionTransaction] | None:
        """A session on the placement's database with its transaction begun and
        ``on_tenant_transaction`` run; None when the hook found the placement stale."""
        session = self.sessions_of(placement, system)()
        session.info[PLACEMENT_KEY] = placement
        try:
            transaction = session.begin()
            on_tenant_transaction(session, tenant_id, placement)
        except StalePlacement:
            session.close()
            self.forget(tenant_id)
            return None
        except BaseException:
            session.close()
            raise
        return session, transaction

    def close(self) -> None:
        with self._lock:
            targets, self._targets = list(self._targets.values()), {}
        for target in targets:
            target.engine.dispose()


def placement_of(scope: TenantScope) -> Placement:
    """The placement a scope the directory opened runs on (a scope made by hand on a
    system session: the system database)."""
    placement = scope.info.get(PLACEMENT_KEY)
    return placement if isinstance(placement, Placement) else Placement(scope.tenant_id)


def engine_for(ctx: ServerContext, tenant_id: int) -> Engine:
    """The engine of the tenant's database (the system engine for a tenant placed there)."""
    return ctx.directory.engine_for(tenant_id)


def engine_for_domain(ctx: ServerContext, domain: str) -> Engine:
    """The engine of the database the tenant of ``domain`` lives in (the system
    database's for a domain no tenant has: the caller says it is unknown)."""
    with ctx.system() as session:
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.domain == domain))
    return ctx.engine if tenant_id is None else ctx.directory.engine_for(tenant_id)


def placements(ctx: ServerContext) -> list[Placement]:
    """Every tenant's placement, by tenant id."""
    return ctx.directory.placements()


def by_server(items: list[Placement]) -> dict[str, list[Placement]]:
    """Placements grouped by server (``system`` first), for commands over all tenants."""
    grouped: dict[str, list[Placement]] = {}
    for item in sorted(items, key=lambda p: (p.server != SYSTEM_SERVER, p.server, p.tenant_id)):
        grouped.setdefault(item.server, []).append(item)
    return grouped
