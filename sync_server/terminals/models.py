"""Tables of the terminals a tenant has enrolled and what the server knows of them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, UtcDateTime, Uuid

_BRANCH_FK = (["tenant_id", "branch_code"], ["tenant_branches.tenant_id", "tenant_branches.code"])


class Terminal(TenantOwned, Base):
    """An enrolled till and its Ed25519 public key. ``head_seq``/``head_hash`` say where
    its chain of stored envelopes ends."""

    __tablename__ = "terminals"
    __table_args__ = (
        ForeignKeyConstraint(*_BRANCH_FK),
        CheckConstraint("status IN ('active', 'revoked')", name="status"),
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code)
    name: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(300))
    head_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    head_hash: Mapped[str] = mapped_column(String(64))
    app_version: Mapped[str | None] = mapped_column(String(40))
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_push_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_pull_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    clock_skew_ms: Mapped[int | None] = mapped_column(BigInteger)
    forks: Mapped[int] = mapped_column(Integer, default=0)


class EnrollmentCode(TenantOwned, Base):
    """A one-time, expiring code an operator gives to a new till. Only its SHA-256 is
    kept; the code itself is shown once."""

    __tablename__ = "enrollment_codes"
    __table_args__ = (ForeignKeyConstraint(*_BRANCH_FK),)

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(254))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    terminal_id: Mapped[str | None] = mapped_column(Uuid)
    # Migration 0023: the code's last four characters (to tell listed codes apart), the
    # idempotency key of the form that issued it, and its cancellation.
    hint: Mapped[str | None] = mapped_column(String(4))
    request_key: Mapped[str | None] = mapped_column(String(64))
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_by: Mapped[str | None] = mapped_column(String(254))


class Nonce(TenantOwned, Base):
    """A single-use challenge the server issued to a terminal; a signed request spends
    it. Expiry is by the server's clock, so a wrong till clock does not matter."""

    __tablename__ = "sync_nonces"
    __table_args__ = (Index(None, "tenant_id", "terminal_id", "expires_at"),)

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Uuid)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Heartbeat(TenantOwned, Base):
    """The latest heartbeat of each terminal (what the dashboard shows)."""

    __tablename__ = "terminal_heartbeats"

    terminal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    terminal_time: Mapped[str] = mapped_column(String(40))
    clock_skew_ms: Mapped[int] = mapped_column(BigInteger)
    outbox_depth: Mapped[int] = mapped_column(Integer)
    oldest_unsynced_seconds: Mapped[int | None] = mapped_column(BigInteger)
    app_version: Mapped[str] = mapped_column(String(40))
    printer_status: Mapped[str] = mapped_column(String(20))
    printer_detail: Mapped[str | None] = mapped_column(String(200))
    power_source: Mapped[str] = mapped_column(String(20))
    battery_percent: Mapped[int | None] = mapped_column(Integer)
    last_seq: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str | None] = mapped_column(Text)  # the heartbeat as sent (JSON)
