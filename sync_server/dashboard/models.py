"""The dashboard's own system tables: sign-in failures of e-mail addresses that are no
account, and sessions ended by signing out.

Both belong to no tenant (a sign-in attempt names an address before any tenant's user
is found; a session id is the server's) and both hold keyed hashes or random ids, never
what a person typed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base
from sync_server.db.types import UtcDateTime


class SignInFailures(Base):
    """Failed sign-ins of an e-mail address that is no account here, counted and locked
    exactly as an account's own (``users.failed_logins``, ``locked_until``), so the
    sign-in page answers an unknown address as it answers a known one. ``key`` is an
    HMAC of the address (what was typed may be a password)."""

    __tablename__ = "dashboard_sign_in_failures"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EndedSession(Base):
    """A dashboard session ended by signing out: its cookie is refused from then on,
    though its signature is still good. Kept until the cookie would have expired."""

    __tablename__ = "dashboard_ended_sessions"
    __table_args__ = (Index("ix_dashboard_ended_sessions_expires_at", "expires_at"),)

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
