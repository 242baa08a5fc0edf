"""The fence of a tenant move: while the move freezes a tenant, no write of that tenant
commits on the source, and a write that was waiting then runs on the target instead.

Every transaction on a tenant's rows starts (through the directory's hook
``on_tenant_transaction``) with :func:`guard`, which on PostgreSQL

1. takes ``pg_advisory_xact_lock_shared(FENCE_KEY, tenant)`` — held until the transaction
   ends, so it costs nothing to release and cannot leak;
2. then, in a *second* statement (a statement's snapshot is taken before its lock is
   granted, so the read must come after), reads the tenant's row of ``tenant_fences``
   — sent with the first in one message, so both cost one round trip.
   A row saying ``moved`` means the tenant lives elsewhere now: :class:`TenantMoved` is
   raised, the transaction rolls back untouched, and the caller runs it again on the
   placement the directory now gives (or answers 503 so the till sends again).

The move (``directory.move``) takes the *exclusive* lock: in-flight transactions of the
tenant finish first, new ones queue behind it (PostgreSQL queues a shared request behind
a waiting exclusive one), which is the freeze. Under the lock it waits for the target to
catch up, verifies, writes ``moved`` into ``tenant_fences`` and commits, which releases
the lock. ``tenant_fences`` is never published: the target's own fence of the tenant is
absent, so the same tenant runs there unhindered.

Other tenants never wait: the lock is keyed by the tenant. SQLite and MariaDB skip the
fence (a tenant moves between PostgreSQL servers only; a MariaDB move is an export and
import with the tenant frozen by its placement state).
"""

from __future__ import annotations

import weakref
from datetime import datetime

from sqlalchemy import BigInteger, Connection, Engine, String, inspect, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared.errors import BisamaError
from sync_server.db.base import Base
from sync_server.db.types import UtcDateTime

FENCE_KEY = 0x42534D56  # "BSMV": the first key of every fence lock, the tenant the second
MOVED = "moved"


class TenantFence(Base):
    """One row per tenant that has moved away from *this* database (system-like: it
    belongs to the database, not to the tenant's data, and is never replicated)."""

    __tablename__ = "tenant_fences"

    tenant_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(16))
    moved_to: Mapped[str] = mapped_column(String(300))  # "server/database", for messages
    epoch: Mapped[int] = mapped_column(BigInteger)  # the placement's epoch after the switch
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class TenantMoved(BisamaError):
    """The tenant's data moved to another database while this transaction waited."""

    code = "tenant_moved"

    def __init__(self, tenant_id: int, moved_to: str, epoch: int) -> None:
        super().__init__(
            f"Tenant {tenant_id} has moved to {moved_to} (placement epoch {epoch}); "
            "the request runs again there. Nothing was written here.")
        self.tenant_id = tenant_id
        self.moved_to = moved_to
        self.epoch = epoch


def _lock_key(tenant_id: int) -> int:
    if not 0 <= tenant_id < 2 ** 31:
        raise ValueError(f"tenant id {tenant_id} does not fit a fence lock key")
    return tenant_id


_FENCED: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _has_fences(bind: Engine | Connection) -> bool:
    """Whether the database has ``tenant_fences`` (migration 0033): a database not yet
    upgraded has none and nothing can have moved away from it. Remembered once found."""
    engine = bind.engine
    if _FENCED.get(engine):
        return True
    found = inspect(engine).has_table(TenantFence.__tablename__)
    if found:
        _FENCED[engine] = True
    return found


def guard(session: Session | Connection, tenant_id: int) -> None:
    """At the start of a tenant transaction: wait out a freeze, refuse a moved tenant."""
    bind = session.get_bind() if isinstance(session, Session) else session
    if bind.dialect.name != "postgresql" or not _has_fences(bind):
        return
    # Both statements in one message (PostgreSQL's simple query protocol, which runs
    # them in turn, each with its own snapshot): one round trip on every tenant
    # transaction instead of two. Only integers go into the text.
    key = int(_lock_key(tenant_id))
    conn = session.connection() if isinstance(session, Session) else session
    cursor = conn.exec_driver_sql(
        f"SELECT pg_advisory_xact_lock_shared({FENCE_KEY}, {key}); "
        f"SELECT state, moved_to, epoch FROM tenant_fences WHERE tenant_id = {key}",
        execution_options={"no_parameters": True}).cursor
    while cursor.nextset():  # to the last statement's rows
        pass
    row = cursor.fetchone()
    cursor.close()
    if row is not None and row[0] == MOVED:
        raise TenantMoved(tenant_id, str(row[1]), int(row[2]))


def freeze(conn: Connection, tenant_id: int, *, timeout_ms: int) -> bool:
    """Take the exclusive fence lock in ``conn``'s transaction (held until it ends);
    False when in-flight writers did not finish within ``timeout_ms``."""
    conn.execute(text(f"SET LOCAL lock_timeout = {max(1, int(timeout_ms))}"))  # 0: no limit
    try:
        with conn.begin_nested():
            conn.execute(text("SELECT pg_advisory_xact_lock(:k, :t)"),
                         {"k": FENCE_KEY, "t": _lock_key(tenant_id)})
    except Exception as exc:  # lock_not_available (55P03)
        if getattr(getattr(exc, "orig", None), "sqlstate", None) == "55P03":
            return False
        raise
    conn.execute(text("SET LOCAL lock_timeout = 0"))
    return True


def mark_moved(conn: Connection, tenant_id: int, *, moved_to: str, epoch: int,
               at: datetime) -> None:
    """Write the fence (inside the freeze's transaction, so it commits as the lock goes)."""
    conn.execute(text("DELETE FROM tenant_fences WHERE tenant_id = :t"), {"t": tenant_id})
    conn.execute(text("INSERT INTO tenant_fences (tenant_id, state, moved_to, epoch, at) "
                      "VALUES (:t, :s, :m, :e, :a)"),
                 {"t": tenant_id, "s": MOVED, "m": moved_to[:300], "e": epoch, "a": at})


def lift(conn: Connection, tenant_id: int) -> None:
    """Remove the tenant's fence from this database (a move aborted after its switch
    comes back here; a tenant moved here once and back)."""
    conn.execute(text("DELETE FROM tenant_fences WHERE tenant_id = :t"), {"t": tenant_id})
