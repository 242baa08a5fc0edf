"""``drv_deposit_slips``, ``drv_deposit_matches`` and ``drv_followups``.

* ``drv_deposit_slips`` — a bank deposit slip a driver brought back (bank, slip number,
  amount, date, driver, van, an optional scan), numbered DS-000001 … per tenant, with the
  journal that moved the cash from 1000 Cash on Hand to the bank.
* ``drv_deposit_matches`` — how much of a slip pays for the cash a driver collected on a
  day with a van (one slip may cover several days; a day may be banked on several slips).
* ``drv_followups`` — the latest follow-up of an unpaid van invoice: a note and the day
  to chase it again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Email, UtcDateTime, Uuid


class DepositSlip(TenantOwned, Base):
    __tablename__ = "drv_deposit_slips"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),
                      UniqueConstraint("tenant_id", "bank", "slip_no"))

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    bank: Mapped[str] = mapped_column(String(60))
    slip_no: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    deposit_date: Mapped[str] = mapped_column(String(10))
    driver_email: Mapped[str] = mapped_column(Email)
    branch_code: Mapped[str] = mapped_column(Code)
    van_code: Mapped[str] = mapped_column(Code)
    account_code: Mapped[str] = mapped_column(String(16))
    scan_name: Mapped[str | None] = mapped_column(String(120))
    scan_type: Mapped[str | None] = mapped_column(String(40))
    scan: Mapped[bytes | None] = mapped_column(
        LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql", "mariadb"))  # at most 4 MB
    journal_id: Mapped[str] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DepositMatch(TenantOwned, Base):
    __tablename__ = "drv_deposit_matches"
    __table_args__ = (Index(None, "tenant_id", "driver_email", "business_date"),)

    slip_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    van_code: Mapped[str] = mapped_column(Code, primary_key=True)
    driver_email: Mapped[str] = mapped_column(Email, primary_key=True)
    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)


class FollowUp(TenantOwned, Base):
    __tablename__ = "drv_followups"
    __table_args__ = (Index(None, "tenant_id", "follow_up_on"),)

    sale_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    note: Mapped[str] = mapped_column(String(300))
    follow_up_on: Mapped[str | None] = mapped_column(String(10))
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
