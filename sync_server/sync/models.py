"""The envelope store, the change feed and sync alerts.

``sync_envelopes`` keeps every envelope exactly as received. ``fork_no`` 0 is the
terminal's real chain (statuses ``stored``, ``held``, ``rejected``), so the primary key
itself makes a second envelope at the same seq impossible; an envelope that claims a
stored seq with a different hash is kept beside it as ``fork`` with ``fork_no`` 1, 2 …
for a person to inspect.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Email, UtcDateTime, Uuid, long_text

ENVELOPE_STATUSES = ("stored", "held", "rejected", "fork")
POSTING_STATUSES = ("none", "pending", "posted", "failed")
# The body of an envelope whose month was archived (``operations/month_archive.py``):
# ``{"archived":"YYYY-MM"}``; the real body is in the month's archive file.
ARCHIVED_BODY_PREFIX = '{"archived":'


def is_archived_body(body: str | None) -> bool:
    """True for the marker an archived envelope's body was replaced with."""
    return body is not None and body.startswith(ARCHIVED_BODY_PREFIX)


class StoredEnvelope(TenantOwned, Base):
    __tablename__ = "sync_envelopes"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (
        CheckConstraint("status IN ('stored', 'held', 'rejected', 'fork')", name="status"),
        CheckConstraint("posting_status IN ('none', 'pending', 'posted', 'failed')",
                        name="posting_status"),
        Index(None, "tenant_id", "status"),
        Index(None, "tenant_id", "posting_status"),
        Index(None, "tenant_id", "envelope_id"),
    )

    terminal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    fork_no: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    envelope_id: Mapped[str] = mapped_column(Uuid)
    hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    branch_code: Mapped[str] = mapped_column(Code)
    user_email: Mapped[str] = mapped_column(Email)
    business_date: Mapped[str] = mapped_column(String(10))
    terminal_time: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(String(1000))
    posting_status: Mapped[str] = mapped_column(String(16), default="none")
    posting_error: Mapped[str | None] = mapped_column(String(500))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(254))
    body: Mapped[str] = mapped_column(long_text())  # the envelope JSON as received


class FeedEntry(TenantOwned, Base):
    """One row per thing a till may need (a product, a price, a user …), stamped with
    the tenant's feed version when it last changed. Pulling is "rows with a version
    above my cursor, in version order". ``branch_code`` limits a row to one branch's
    tills (branch stock); NULL means every till of the tenant."""

    __tablename__ = "sync_feed"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (Index(None, "tenant_id", "version"),)

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    branch_code: Mapped[str | None] = mapped_column(Code)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class FeedCounter(TenantOwned, Base):
    """The tenant's feed version. Taken with ``UPDATE … SET version = version + n`` just
    before commit: the row lock orders versions by commit, so a reader never skips a
    version that commits late."""

    __tablename__ = "sync_feed_counters"

    version: Mapped[int] = mapped_column(BigInteger, default=0)


class Alert(TenantOwned, Base):
    """Something a person must look at: a fork, a tampered envelope, a revoked till
    still pushing. Shown on the dashboard until resolved."""

    __tablename__ = "sync_alerts"
    __table_args__ = (Index(None, "tenant_id", "resolved_at"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str | None] = mapped_column(Uuid)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    message: Mapped[str] = mapped_column(String(1000))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(254))


class WitnessedHead(TenantOwned, Base):
    """The highest chain head each till has presented in a heartbeat or push, signed by
    the till (``shared.heads``; issue [13] scope 2). ``unmet_seq``/``unmet_since``: the
    first witnessed seq head office did not hold yet and since when — the envelopes up
    to it must arrive within ``sync.witness.MISSING_AFTER``, else an alert
    (``missing_alerted_seq``: the witnessed seq last alerted about)."""

    __tablename__ = "sync_witnessed_heads"

    terminal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)  # the signed statement (JSON, no trail)
    witnessed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    unmet_seq: Mapped[int | None] = mapped_column(BigInteger)
    unmet_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    missing_alerted_seq: Mapped[int | None] = mapped_column(BigInteger)


class PushInFlight(TenantOwned, Base):
    """A push a server process holds now, between its arrival and its commit or refusal
    (``sync.order``): how a replica learns that a till's earlier batch is in flight on
    another replica and waits for it instead of refusing the later one ``seq_gap``.
    Rows live for the length of a push; one left by a replica that died is ignored once
    ``started_at`` is older than ``sync.pipeline.LIMIT``."""

    __tablename__ = "sync_push_inflight"
    __tenant_fk__ = False  # written twice for every push; transient (db/base.py)
    __table_args__ = (Index(None, "tenant_id", "terminal_id"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Uuid)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    replica: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
