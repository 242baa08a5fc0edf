"""SMS tables (docs/messaging.md):

* ``sms_settings`` — one row per tenant: the off-hours window bulk messages go out in
  (Africa/Accra) and the throttle's state (paused since when, why; resumed when).
* ``sms_messages`` — the queue and its history: one row per text to one number, with
  the gateway's id and the delivery report once it comes.
* ``sms_optouts`` — numbers that asked for no more messages (by a person on the
  dashboard or CLI, or an inbound STOP); a bulk message never goes to one.
* ``sms_staff_phones`` — the mobile numbers of the tenant's people (staff messages);
  kept here, not on ``users``, which the tills pull.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import UtcDateTime, Uuid

STATUSES = ("queued", "sent", "delivered", "failed", "opted_out")
PURPOSES = ("bulk", "single", "receipt")
AUDIENCES = ("customer", "staff", "number")


class SmsSetting(TenantOwned, Base):
    __tablename__ = "sms_settings"

    window_start: Mapped[str] = mapped_column(String(5), default="18:30")  # HH:MM Accra
    window_end: Mapped[str] = mapped_column(String(5), default="21:00")
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paused_reason: Mapped[str | None] = mapped_column(String(300))
    resumed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(254))


class SmsMessage(TenantOwned, Base):
    __tablename__ = "sms_messages"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'delivered', 'failed', 'opted_out')",
                        name="status"),
        CheckConstraint("purpose IN ('bulk', 'single', 'receipt')", name="purpose"),
        CheckConstraint("audience IN ('customer', 'staff', 'number')", name="audience"),
        Index(None, "tenant_id", "status", "next_attempt_at"),
        Index(None, "tenant_id", "batch_id"),
        Index(None, "tenant_id", "sent_at"),
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    batch_id: Mapped[str | None] = mapped_column(Uuid)
    audience: Mapped[str] = mapped_column(String(16))
    recipient_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(16))  # E.164 +233…
    text: Mapped[str] = mapped_column(String(480))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    gateway_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(64))  # the sale of a receipt
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SmsOptOut(TenantOwned, Base):
    __tablename__ = "sms_optouts"
    __table_args__ = (CheckConstraint("source IN ('dashboard', 'cli', 'stop')", name="source"),)

    phone: Mapped[str] = mapped_column(String(16), primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(254))


class SmsStaffPhone(TenantOwned, Base):
    __tablename__ = "sms_staff_phones"

    user_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    phone: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
