"""``db_servers`` and ``tenant_placements``: system tables of the tenant directory.

The system database itself is server ``system`` and has no ``db_servers`` row (its URL
is the one the server was started with). A tenant without a ``tenant_placements`` row
lives on ``system``, in the system database: a single-server install has no rows here.

Neither table holds a password: a server's URL is stored without one, and the password
comes from ``/etc/bisama/servers/NAME.secret`` or ``BISAMA_SERVER_<NAME>_PASSWORD``
(``servers.py``), so a backup of the system database never carries a database password.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base
from sync_server.db.types import UtcDateTime

SYSTEM_SERVER = "system"
PLACEMENT_STATES = ("active", "moving", "frozen", "retired")
SERVER_ENGINES = ("sqlite", "postgresql", "mysql")


class DbServer(Base):
    """A database server tenants may be placed on (``bisama-sync server add``)."""

    __tablename__ = "db_servers"
    __table_args__ = (
        CheckConstraint("engine IN ('sqlite', 'postgresql', 'mysql')", name="engine"),
    )

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    engine: Mapped[str] = mapped_column(String(16))
    # The SQLAlchemy URL without its password; its database is the server's shared
    # database (a tenant with its own database replaces it).
    url: Mapped[str] = mapped_column(String(500))
    accepts_new_tenants: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where `tenant create` places a tenant given no --database-server (at most one).
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TenantPlacement(Base):
    """Where one tenant's rows live. ``epoch`` goes up at every switch (a tenant move),
    so a process holding an engine for an older epoch knows to refetch. The ``moving_*``
    and ``move_*`` columns belong to a move in progress (``directory/move.py``) and are
    NULL otherwise."""

    __tablename__ = "tenant_placements"
    __table_args__ = (
        CheckConstraint("state IN ('active', 'moving', 'frozen', 'retired')", name="state"),
    )

    tenant_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tenants.id"),
                                           primary_key=True, autoincrement=False)
    server: Mapped[str] = mapped_column(String(63))  # ``system`` or a db_servers name
    # The database on that server; NULL = the database the server's URL names.
    database: Mapped[str | None] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16), default="active")
    epoch: Mapped[int] = mapped_column(BigInteger, default=1)
    moving_to_server: Mapped[str | None] = mapped_column(String(63))
    moving_to_database: Mapped[str | None] = mapped_column(String(128))
    move_phase: Mapped[str | None] = mapped_column(String(32))
    move_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
