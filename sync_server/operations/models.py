"""``backup_runs``: every backup, verification, restore and drill, with its outcome — a
system table (a backup covers every tenant); ``tenant_deletions``: what each tenant
deletion purged (system, outlives the tenant)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, String, Text
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


class TenantDeletion(Base):
    """What ``bisama-sync tenant delete`` purged: the tenant as it was (id, domain, name),
    each table's rows deleted, and the final archive kept for the retention period (file,
    sha256, keep-until). A system table with no foreign key to ``tenants`` and no
    ``tenant_id`` column, so it outlives the tenant and no tenant purge touches it.

    ``finished_at`` is NULL only inside the deletion's own transaction: while it is,
    the audit trail's append-only triggers let that tenant's entries be deleted
    (migration 0019) — and nothing else ever."""

    __tablename__ = "tenant_deletions"
    __table_args__ = (Index(None, "former_tenant_id"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    former_tenant_id: Mapped[int] = mapped_column(BigInteger)
    domain: Mapped[str] = mapped_column(String(253))
    name: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(254))
    offboarded_until: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the grace end
    early: Mapped[bool] = mapped_column(Boolean, default=False)  # --now, before the grace end
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    archive_file: Mapped[str] = mapped_column(String(1000))
    archive_sha256: Mapped[str] = mapped_column(String(64))
    archive_bytes: Mapped[int] = mapped_column(BigInteger)
    keep_until: Mapped[datetime] = mapped_column(UtcDateTime)
    rows_deleted: Mapped[int] = mapped_column(BigInteger, default=0)
    counts: Mapped[str] = mapped_column(Text)  # JSON: {table: rows deleted}
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
