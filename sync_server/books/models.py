"""Tables of journals by hand (issue [9]).

``acc_manual_journals`` holds each journal an accountant drafted (JV-000001 …, numbered
per tenant): its status (``draft`` → ``posted`` or ``rejected``), who drafted and who
approved or rejected it, and, once posted, the ``acc_journals`` row it became. Its lines
are ``acc_manual_journal_lines``. A reversal names the journal it reverses; while it is
not rejected, ``reversal_key`` holds that journal's id under a unique key, so a journal
is reversed once however many people click at once. A posted instance of a recurring
journal carries ``recurring_key`` (template id and date) under a unique key, so running
``journal recur`` twice posts nothing twice.

``acc_recurring_journals`` holds a template (rent): lines as JSON, the day of the month,
the first and last dates, drafted by one person and approved once by a director.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Email, UtcDateTime, Uuid


class ManualJournal(TenantOwned, Base):
    __tablename__ = "acc_manual_journals"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "reversal_key"),
        UniqueConstraint("tenant_id", "recurring_key"),
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # draft, posted, rejected
    entry_date: Mapped[str] = mapped_column(String(10))
    branch_code: Mapped[str] = mapped_column(Code)
    memo: Mapped[str] = mapped_column(String(300))
    total: Mapped[int] = mapped_column(BigInteger)  # sum of debits, pesewas
    drafted_by: Mapped[str] = mapped_column(Email)
    drafted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(Email)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rejected_by: Mapped[str | None] = mapped_column(Email)
    rejected_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reject_reason: Mapped[str | None] = mapped_column(String(300))
    journal_id: Mapped[str | None] = mapped_column(Uuid)  # the acc_journals row once posted
    reverses_journal_id: Mapped[str | None] = mapped_column(Uuid)  # an acc_journals id
    reversal_key: Mapped[str | None] = mapped_column(Uuid)
    auto_reverse_on: Mapped[str | None] = mapped_column(String(10))
    recurring_id: Mapped[str | None] = mapped_column(Uuid)
    recurring_key: Mapped[str | None] = mapped_column(String(48))


class ManualJournalLine(TenantOwned, Base):
    __tablename__ = "acc_manual_journal_lines"

    journal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)  # acc_manual_journals.id
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    account_code: Mapped[str] = mapped_column(String(16))
    branch_code: Mapped[str] = mapped_column(Code)
    debit: Mapped[int] = mapped_column(BigInteger)
    credit: Mapped[int] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(String(200))


class RecurringJournal(TenantOwned, Base):
    __tablename__ = "acc_recurring_journals"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # draft, active, rejected, stopped
    memo: Mapped[str] = mapped_column(String(300))
    branch_code: Mapped[str] = mapped_column(Code)
    day_of_month: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[str] = mapped_column(String(10))
    last_date: Mapped[str | None] = mapped_column(String(10))
    lines: Mapped[str] = mapped_column(Text)  # JSON: [{account, debit, credit, branch, memo}]
    total: Mapped[int] = mapped_column(BigInteger)
    drafted_by: Mapped[str] = mapped_column(Email)
    drafted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(Email)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rejected_by: Mapped[str | None] = mapped_column(Email)
    reject_reason: Mapped[str | None] = mapped_column(String(300))


__all__ = ["ManualJournal", "ManualJournalLine", "RecurringJournal"]
