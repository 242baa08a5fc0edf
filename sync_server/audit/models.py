"""``activity_logs``: who did what, when. Rows are only ever inserted; database
triggers (created by the migration) refuse UPDATE and DELETE on every database.

``tenant_id`` 0 holds system-wide events (a tenant created, an admin added), which is
why this table alone has no foreign key to ``tenants``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import UtcDateTime, Uuid

SYSTEM_TENANT = 0


class ActivityLog(TenantOwned, Base):
    __tablename__ = "activity_logs"
    __tenant_fk__ = False
    __table_args__ = (Index(None, "tenant_id", "at"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_kind: Mapped[str] = mapped_column(String(16))  # cli, admin, user, terminal, system
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(254))
    detail: Mapped[str | None] = mapped_column(Text)  # JSON
    ip: Mapped[str | None] = mapped_column(String(64))
