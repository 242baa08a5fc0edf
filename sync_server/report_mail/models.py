"""Who gets the scheduled sales reports, which reports were written, and to whom each
was sent — tenant-owned tables (migration 0021)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Email, UtcDateTime

KINDS = ("daily", "weekly")


class ReportRecipient(TenantOwned, Base):
    """A person a tenant names for its sales reports, and which ones they get."""

    __tablename__ = "report_recipients"

    email: Mapped[str] = mapped_column(Email, primary_key=True)
    daily: Mapped[bool] = mapped_column(Boolean)
    weekly: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(254))


class SalesReportFile(TenantOwned, Base):
    """A report written to the data folder (paths relative to it), once per period: a
    rerun sends these same files, never figures that moved since."""

    __tablename__ = "sales_report_files"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # daily, weekly
    period_start: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_end: Mapped[str] = mapped_column(String(10))
    pdf_path: Mapped[str] = mapped_column(String(500))
    xlsx_path: Mapped[str] = mapped_column(String(500))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    xlsx_sha256: Mapped[str] = mapped_column(String(64))
    # The totals line of the e-mail, as the files say it (not as the figures are now).
    summary: Mapped[str] = mapped_column(String(300))
    written_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SalesReportMail(TenantOwned, Base):
    """One report to one person: ``sent`` once it went (never again), ``failed`` with
    the reason while it has not (the next run tries again)."""

    __tablename__ = "sales_report_mails"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    period_start: Mapped[str] = mapped_column(String(10), primary_key=True)
    email: Mapped[str] = mapped_column(Email, primary_key=True)
    status: Mapped[str] = mapped_column(String(8))  # sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


__all__ = ["KINDS", "ReportRecipient", "SalesReportFile", "SalesReportMail"]
