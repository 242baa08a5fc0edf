"""``customers``: the tenant's registered customers. ``balance`` is what the customer
owes (pesewas), moved only by merged credit sales, refunds to credit and payments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Email, UtcDateTime, Uuid


class Customer(TenantOwned, Base):
    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    tin: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(Email)
    credit_limit: Mapped[int] = mapped_column(BigInteger, default=0)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
