"""``period_close_events`` (every prepare, approve, reject and reopen of a month, with the
checklist as it stood) and ``period_waivers`` (a director's decision to close although a
till has not synced or an envelope is held, with the reason)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Email, UtcDateTime, Uuid


class PeriodCloseEvent(TenantOwned, Base):
    __tablename__ = "period_close_events"
    __table_args__ = (Index(None, "tenant_id", "period"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    action: Mapped[str] = mapped_column(String(16))  # prepared, approved, rejected, reopened
    by_email: Mapped[str] = mapped_column(Email)
    by_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str | None] = mapped_column(String(500))
    checklist: Mapped[str | None] = mapped_column(Text)  # JSON, as it stood


class PeriodWaiver(TenantOwned, Base):
    __tablename__ = "period_waivers"
    __table_args__ = (UniqueConstraint("tenant_id", "period", "kind", "subject"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(16))  # till, held
    subject: Mapped[str] = mapped_column(String(80))  # terminal id, or terminal id:seq
    reason: Mapped[str] = mapped_column(String(500))
    by_email: Mapped[str] = mapped_column(Email)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class FiscalYearClose(TenantOwned, Base):
    """A fiscal year's close: the closing journal that moved its result into Retained
    Earnings, and whether the year is closed (a director may reopen it, with a reason;
    the closing journal is then reversed)."""

    __tablename__ = "fiscal_year_closes"

    last_period: Mapped[str] = mapped_column(String(7), primary_key=True)  # the year's last month
    status: Mapped[str] = mapped_column(String(16))  # closed, open
    journal_id: Mapped[str] = mapped_column(Uuid)
    closed_by: Mapped[str] = mapped_column(Email)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LateMove(TenantOwned, Base):
    """A late posting moved back to its own month once that month was reopened: the
    original journal stays; ``out_journal_id`` reverses it in the month it landed in and
    ``in_journal_id`` posts it again in its own month."""

    __tablename__ = "late_moves"

    journal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)  # the late journal
    envelope_id: Mapped[str | None] = mapped_column(Uuid)
    landed_period: Mapped[str] = mapped_column(String(7))
    own_period: Mapped[str] = mapped_column(String(7))
    out_journal_id: Mapped[str] = mapped_column(Uuid)
    in_journal_id: Mapped[str] = mapped_column(Uuid)
    moved_by: Mapped[str] = mapped_column(Email)
    moved_at: Mapped[datetime] = mapped_column(UtcDateTime)
