"""``ar_terms``, ``ar_allocations`` and ``ar_credit_notes``.

* ``ar_terms`` — a customer's payment terms in days (none: 30 days).
* ``ar_allocations`` — payments on account allocated *by hand* at head office to credit
  sales (``bisama-sync credit-note``'s sibling ``report reallocate``). Payments without
  one pay the oldest open invoice first, worked out when a report asks
  (``shared.ageing.allocate``), so a push from a till never has to write here.
* ``ar_credit_notes`` — a price allowance after a credit sale (CN-000001 …), with the
  tax split it was posted with and its journal.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Email, UtcDateTime, Uuid


class CustomerTerms(TenantOwned, Base):
    __tablename__ = "ar_terms"

    customer_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ManualAllocation(TenantOwned, Base):
    __tablename__ = "ar_allocations"

    payment_id: Mapped[str] = mapped_column(Uuid, primary_key=True)  # the envelope id
    sale_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    made_by: Mapped[str] = mapped_column(Email)
    made_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CreditNote(TenantOwned, Base):
    __tablename__ = "ar_credit_notes"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[str] = mapped_column(Uuid)
    sale_id: Mapped[str] = mapped_column(Uuid)
    entry_date: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200))
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    journal_id: Mapped[str] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(Email)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
