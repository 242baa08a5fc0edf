"""E-VAT tables: the tenant's setting, the outbox and GRA's answers.

* ``evat_settings`` — one row per tenant: on/off and the E-VAT credentials.
* ``evat_outbox`` — one row per stored sale or refund to submit, keyed by the envelope
  id (written by the push in the transaction that stores the sale, so a stored sale is
  never without its row and the key makes a second row impossible).
* ``evat_clearances`` — GRA's answer for a submission, a new fact beside the signed
  sale (never an edit of it); keyed by the envelope id too, so a second clearance of
  one sale cannot be stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, UtcDateTime, Uuid

OUTBOX_STATUSES = ("pending", "cleared", "failed")


class EvatSetting(TenantOwned, Base):
    __tablename__ = "evat_settings"

    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    company_tin: Mapped[str] = mapped_column(String(20))
    security_key: Mapped[str] = mapped_column(String(200))
    endpoint_url: Mapped[str] = mapped_column(String(300))
    user_name: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(254))


class EvatSubmission(TenantOwned, Base):
    __tablename__ = "evat_outbox"
    __tenant_fk__ = False  # written by every push (db/base.py)
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'cleared', 'failed')", name="status"),
        CheckConstraint("kind IN ('sale', 'refund')", name="kind"),
        Index(None, "tenant_id", "status", "next_attempt_at"),
        Index(None, "tenant_id", "business_date"),
    )

    envelope_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    terminal_id: Mapped[str] = mapped_column(Uuid)
    branch_code: Mapped[str] = mapped_column(Code)
    business_date: Mapped[str] = mapped_column(String(10))
    invoice_number: Mapped[str] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(36))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class EvatClearance(TenantOwned, Base):
    __tablename__ = "evat_clearances"
    __tenant_fk__ = False  # an append-only fact table (db/base.py)

    envelope_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    invoice_number: Mapped[str] = mapped_column(String(48))
    branch_code: Mapped[str] = mapped_column(Code)
    sdc_id: Mapped[str] = mapped_column(String(64))
    receipt_number: Mapped[str] = mapped_column(String(64))
    sdc_time: Mapped[str] = mapped_column(String(40))
    mrc: Mapped[str] = mapped_column(String(64))
    mrc_time: Mapped[str] = mapped_column(String(40))
    internal_data: Mapped[str] = mapped_column(String(200))
    signature: Mapped[str] = mapped_column(String(200))
    qr_code: Mapped[str] = mapped_column(String(1000))
    answer: Mapped[str] = mapped_column(Text)  # GRA's answer as received (JSON)
    cleared_at: Mapped[datetime] = mapped_column(UtcDateTime)
