"""Placing a new tenant: which server and database it goes to, and getting that database
ready (``tenant create --database-server NAME [--own-database]``).

Without ``--database-server`` a tenant goes to the server marked default
(``server add --default``), else to the system database — a single-server install
changes nothing. ``--own-database`` gives it a database of its own on that server
(``bisama_<domain>``, as the seed recommends: one database per tenant), created and
upgraded here; otherwise it shares the server's database (the one in its URL), which
must be at this server's schema head (an empty one is upgraded here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from sync_server.db.engine import make_engine
from sync_server.db.migrate import current_revision, require_current, upgrade
from sync_server.directory.models import SYSTEM_SERVER, DbServer, TenantPlacement
from sync_server.directory.servers import check_server_name
from sync_server.directory.services import Placement
from sync_server.errors import AlreadyExists, NotFound, Refused

if TYPE_CHECKING:
    from sync_server.context import ServerContext


@dataclass(frozen=True)
class Target:
    """Where a new tenant goes: a server and a database on it (None: the server's own)."""

    server: str
    database: str | None = None

    @property
    def on_system_database(self) -> bool:
        return self.server == SYSTEM_SERVER and self.database is None


def own_database_name(domain: str) -> str:
    """The database of a tenant with a database of its own: ``bisama_`` and its domain."""
    return ("bisama_" + re.sub(r"[^a-z0-9]", "_", domain.lower()))[:63]


def choose_target(ctx: ServerContext, server: str | None, own_database: bool,
                  domain: str) -> Target:
    """The server and database a new tenant of ``domain`` is placed on."""
    if server is not None:
        server = check_server_name(server)
    with ctx.system() as session:
        if server is None:
            row = session.scalar(select(DbServer).where(DbServer.is_default.is_(True)))
            server = row.name if row is not None else SYSTEM_SERVER
        elif server != SYSTEM_SERVER:
            row = session.get(DbServer, server)
            if row is None:
                raise NotFound(f"No database server is called {server}. `bisama-sync server "
                               "list` shows them; `bisama-sync server add` adds one.")
            if not row.accepts_new_tenants:
                raise Refused(f"Server {server} takes no new tenants (added with "
                              "--no-new-tenants). Choose another with --database-server.")
    return Target(server, own_database_name(domain) if own_database else None)


def create_database(ctx: ServerContext, target: Target) -> bool:
    """Create the target's own database when it does not exist (True if created)."""
    if target.database is None:
        return False
    url = make_url(ctx.directory.url_of(target.server, None))
    kind = url.get_backend_name()
    if kind == "sqlite":
        path = make_url(ctx.directory.url_of(target.server, target.database)).database
        from pathlib import Path

        if path and Path(path).exists() and Path(path).stat().st_size:
            raise AlreadyExists(f"The database file {path} exists already.")
        return True  # SQLite makes the file on first use
    admin = create_engine(url.set(database=None) if kind == "mysql" else url,
                          isolation_level="AUTOCOMMIT")
    quote = '"' if kind == "postgresql" else "`"
    charset = "" if kind == "postgresql" else " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    try:
        with admin.connect() as conn:
            exists = conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(n)s" if kind == "postgresql" else
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = %(n)s",
                {"n": target.database}).first()
            if exists is not None:
                raise AlreadyExists(f"Server {target.server} already has a database "
                                    f"{target.database}; a tenant's own database is new.")
            conn.exec_driver_sql(f"CREATE DATABASE {quote}{target.database}{quote}{charset}")
    finally:
        admin.dispose()
    return True


def drop_database(ctx: ServerContext, target: Target) -> None:
    """Drop an own database ``create_database`` made for a tenant whose creation failed."""
    if target.database is None:
        return
    url = make_url(ctx.directory.url_of(target.server, None))
    kind = url.get_backend_name()
    if kind == "sqlite":
        from pathlib import Path

        path = make_url(ctx.directory.url_of(target.server, target.database)).database
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(url.set(database=None) if kind == "mysql" else url,
                          isolation_level="AUTOCOMMIT")
    quote = '"' if kind == "postgresql" else "`"
    force = " WITH (FORCE)" if kind == "postgresql" else ""
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quote}{target.database}{quote}{force}")
    finally:
        admin.dispose()


def prepare_database(ctx: ServerContext, target: Target) -> None:
    """The target database at this server's schema head: an empty one (a new own
    database, a new shared one) is upgraded; one at another revision is refused with
    the command that upgrades it."""
    if target.on_system_database:
        return
    engine = make_engine(ctx.directory.url_of(target.server, target.database), pool_size=1)
    try:
        if current_revision(engine) is None:
            upgrade(engine)
        require_current(engine)
    finally:
        engine.dispose()


def place(session: Session, tenant_id: int, target: Target, now: datetime) -> Placement:
    """Record the placement of a new tenant (in the system session creating it)."""
    session.add(TenantPlacement(tenant_id=tenant_id, server=target.server,
                                database=target.database, state="active", epoch=1,
                                updated_at=now))
    session.flush()
    return Placement(tenant_id, target.server, target.database, "active", 1)
