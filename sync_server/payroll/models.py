"""Tables of payroll and attendance (issue [14] scopes 1 and 2).

``pay_employees`` holds the staff a tenant pays (number, name, branch, role, SSNIT number,
TIN, bank or MoMo account, basic salary and allowances in pesewas, active or not).
``pay_runs`` is one month's payroll per tenant (``draft`` → ``approved`` by a director who
is not the preparer → ``posted`` to the ledger; a draft may be ``rejected``); its payslips
are ``pay_slips`` (figures copied at drafting, so a payslip never changes after its
employee's pay does). ``pay_payments`` records a liability paid (net pay, PAYE to GRA,
SSNIT tier 1, tier 2), once per run and liability. ``pay_settings`` holds the tenant's
choices (whether attendance feeds the run); ``pay_rate_sets`` the rates a director
recorded from a date. ``att_uploads`` and ``att_records`` hold the
clock-in device's files and their accepted rows, flagged when a row is doubtful.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Email, UtcDateTime, Uuid


class Employee(TenantOwned, Base):
    __tablename__ = "pay_employees"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(16))  # the staff number on the clock-in device
    name: Mapped[str] = mapped_column(String(120))
    branch_code: Mapped[str] = mapped_column(Code)
    role: Mapped[str] = mapped_column(String(60))
    ssnit_number: Mapped[str | None] = mapped_column(String(20))
    tin: Mapped[str | None] = mapped_column(String(20))
    pay_method: Mapped[str] = mapped_column(String(8))  # bank, momo, cash
    pay_account: Mapped[str] = mapped_column(String(80))  # "Ecobank 1441000123456" / MoMo number
    basic: Mapped[int] = mapped_column(BigInteger)
    allowances: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # active, inactive
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PayRun(TenantOwned, Base):
    __tablename__ = "pay_runs"
    __table_args__ = (UniqueConstraint("tenant_id", "month"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(16))  # draft, approved, posted, rejected, reversed
    rates_effective: Mapped[str] = mapped_column(String(10))
    with_attendance: Mapped[bool] = mapped_column(Boolean)
    gross: Mapped[int] = mapped_column(BigInteger)
    ssnit_employee: Mapped[int] = mapped_column(BigInteger)
    paye: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    ssnit_employer: Mapped[int] = mapped_column(BigInteger)
    employer_cost: Mapped[int] = mapped_column(BigInteger)
    prepared_by: Mapped[str] = mapped_column(Email)
    prepared_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(Email)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rejected_by: Mapped[str | None] = mapped_column(Email)
    reject_reason: Mapped[str | None] = mapped_column(String(300))
    journal_id: Mapped[str | None] = mapped_column(Uuid)
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Payslip(TenantOwned, Base):
    __tablename__ = "pay_slips"

    run_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    employee_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    branch_code: Mapped[str] = mapped_column(Code)
    role: Mapped[str] = mapped_column(String(60))
    ssnit_number: Mapped[str | None] = mapped_column(String(20))
    tin: Mapped[str | None] = mapped_column(String(20))
    pay_method: Mapped[str] = mapped_column(String(8))
    pay_account: Mapped[str] = mapped_column(String(80))
    basic: Mapped[int] = mapped_column(BigInteger)
    allowances: Mapped[int] = mapped_column(BigInteger)
    overtime: Mapped[int] = mapped_column(BigInteger)
    absence: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    ssnit_employee: Mapped[int] = mapped_column(BigInteger)
    taxable: Mapped[int] = mapped_column(BigInteger)
    paye: Mapped[int] = mapped_column(BigInteger)
    overtime_tax: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    ssnit_employer: Mapped[int] = mapped_column(BigInteger)
    tier1: Mapped[int] = mapped_column(BigInteger)
    tier2: Mapped[int] = mapped_column(BigInteger)
    employer_cost: Mapped[int] = mapped_column(BigInteger)
    days_absent: Mapped[int] = mapped_column(Integer)
    overtime_minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(String(300))


class PayPayment(TenantOwned, Base):
    __tablename__ = "pay_payments"
    __table_args__ = (UniqueConstraint("tenant_id", "run_id", "kind"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    run_id: Mapped[str] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(8))  # net, paye, ssnit, tier2
    pay_date: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_from: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(64))
    journal_id: Mapped[str] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PaySettings(TenantOwned, Base):
    __tablename__ = "pay_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # always 1
    attendance_feeds_run: Mapped[bool] = mapped_column(Boolean)
    hours_per_day: Mapped[int] = mapped_column(Integer)
    overtime_multiplier_pct: Mapped[int] = mapped_column(Integer)


class AttendanceUpload(TenantOwned, Base):
    __tablename__ = "att_uploads"

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    uploaded_by: Mapped[str] = mapped_column(String(300))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    accepted: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    rejections: Mapped[str] = mapped_column(Text)  # JSON [{line, reason}]


class AttendanceRecord(TenantOwned, Base):
    __tablename__ = "att_records"
    __table_args__ = (UniqueConstraint("tenant_id", "employee_id", "work_date", "clock_in"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    upload_id: Mapped[str] = mapped_column(Uuid)
    employee_id: Mapped[str] = mapped_column(Uuid)
    work_date: Mapped[str] = mapped_column(String(10))
    clock_in: Mapped[str] = mapped_column(String(5))  # HH:MM
    clock_out: Mapped[str | None] = mapped_column(String(5))
    minutes: Mapped[int] = mapped_column(Integer)
    flag: Mapped[str | None] = mapped_column(String(16))  # missing_out, overlap


class PayRateSet(TenantOwned, Base):
    """PAYE bands and SSNIT shares a director recorded from a date, when GRA or SSNIT
    change them before the built-in sets (``shared.payroll.RATE_SETS``) are updated; a
    set recorded for the same date as a built-in one replaces it for this tenant."""

    __tablename__ = "pay_rate_sets"

    effective: Mapped[str] = mapped_column(String(10), primary_key=True)
    bands: Mapped[str] = mapped_column(Text)  # JSON [[width pesewas or null, rate bp], …]
    employee_ssnit_bp: Mapped[int] = mapped_column(Integer)
    employer_ssnit_bp: Mapped[int] = mapped_column(Integer)
    tier2_bp: Mapped[int] = mapped_column(Integer)
    max_insurable: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(300))
    created_by: Mapped[str] = mapped_column(Email)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
