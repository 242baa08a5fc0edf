"""``backup_runs``: every backup, verification, restore and drill, with its outcome — a
system table (a backup covers every tenant)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base
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
