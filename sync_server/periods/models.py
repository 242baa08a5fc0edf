"""``fiscal_periods``: one row per month per tenant, ``open`` or ``closed``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import UtcDateTime


class FiscalPeriod(TenantOwned, Base):
    __tablename__ = "fiscal_periods"
    __table_args__ = (CheckConstraint("status IN ('open', 'closed')", name="status"),)

    period: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    starts_on: Mapped[str] = mapped_column(String(10))
    ends_on: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(254))
