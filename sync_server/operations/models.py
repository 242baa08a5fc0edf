"""``backup_runs``: every backup, verification, restore and drill, with its outcome — a
system table (a backup covers every tenant)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import UtcDateTime, Uuid


class BackupRun(Base):
    __tablename__ = "backup_runs"
    __table_args__ = (Index(None, "kind", "started_at"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # backup, verify, restore, drill
    tier: Mapped[str | None] = mapped_column(String(16))
    file: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))  # ok, failed
    detail: Mapped[str | None] = mapped_column(Text)


class ArchivedMonth(TenantOwned, Base):
    """A tenant-month whose envelope bodies were moved to an archive file
    (``operations/month_archive.py``); ``status`` archived or restored."""

    __tablename__ = "archived_months"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    file: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    envelopes: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # archived, restored
    archived_at: Mapped[datetime] = mapped_column(UtcDateTime)
    restored_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
