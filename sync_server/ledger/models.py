"""``acc_accounts``, ``acc_journals`` and ``acc_postings`` (the seed's names).

A journal made from an envelope carries the envelope's id under a unique key, so an
envelope can never be posted twice. Postings are never updated; a correction is a new,
reversing journal. Branch is a column of each posting (a cost centre). Postings have no
foreign keys: their accounts are checked against the chart before posting (a missing
one makes the posting *fail* with a message) and their journal is written in the same
statement batch (see ``sales.models`` for why).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, UtcDateTime, Uuid


class Account(TenantOwned, Base):
    __tablename__ = "acc_accounts"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(16))
    contra: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="active")


class Journal(TenantOwned, Base):
    __tablename__ = "acc_journals"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (
        UniqueConstraint("tenant_id", "envelope_id"),
        ForeignKeyConstraint(["tenant_id", "fiscal_period"],
                             ["fiscal_periods.tenant_id", "fiscal_periods.period"]),
        Index(None, "tenant_id", "entry_date"),
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    envelope_id: Mapped[str | None] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(64))
    memo: Mapped[str] = mapped_column(String(300))
    branch_code: Mapped[str] = mapped_column(Code)
    entry_date: Mapped[str] = mapped_column(String(10))  # the event's real (business) date
    fiscal_period: Mapped[str] = mapped_column(String(7))  # the period it is posted to
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # dated in a closed period
    total: Mapped[int] = mapped_column(BigInteger)  # sum of debits (= sum of credits)
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Posting(TenantOwned, Base):
    __tablename__ = "acc_postings"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (
        Index(None, "tenant_id", "fiscal_period", "account_code"),
        Index(None, "tenant_id", "account_code"),
    )

    journal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_code: Mapped[str] = mapped_column(String(16))
    branch_code: Mapped[str] = mapped_column(Code)
    debit: Mapped[int] = mapped_column(BigInteger)
    credit: Mapped[int] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(String(200))
    fiscal_period: Mapped[str] = mapped_column(String(7))
    entry_date: Mapped[str] = mapped_column(String(10))
