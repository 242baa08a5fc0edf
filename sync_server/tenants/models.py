"""Tables of tenants, branches, users and the tenant's tax profile.

``tenants`` and ``system_users`` are system tables; the rest are tenant-owned.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Email, UtcDateTime, Uuid

ROLES = ("director", "accountant", "manager", "user")
TENANT_STATUSES = ("active", "inactive")


class Tenant(Base):
    """A business on this server (the seed's ``tenants``)."""

    __tablename__ = "tenants"
    __table_args__ = (CheckConstraint("status IN ('active', 'inactive')", name="status"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_reason: Mapped[str | None] = mapped_column(String(300))
    tin: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    # The latest VAT registration recorded (tax_registrations holds the dated history).
    vat_registered: Mapped[bool] = mapped_column(Boolean, default=True)
    # The last month of the fiscal year (12: the year ends on 31 December), set at
    # onboarding; the year-end close moves the year's result into Retained Earnings.
    fiscal_year_end_month: Mapped[int] = mapped_column(Integer, default=12, server_default="12")
    # What a cashier may not do alone at the till (issue [8]); NULL = the till's default.
    # Sent to the tills in the feed's tenant entity as ``till_limits``.
    cancel_limit_pesewas: Mapped[int | None] = mapped_column(BigInteger)
    cancel_limit_lines: Mapped[int | None] = mapped_column(Integer)
    shortage_limit_pesewas: Mapped[int | None] = mapped_column(BigInteger)
    blind_close: Mapped[bool | None] = mapped_column(Boolean)
    # The tills' battery levels (issue [11]; terminal/power.py), percent; NULL = the
    # till's default (25 and 10). Sent in the same ``till_limits``.
    power_low_percent: Mapped[int | None] = mapped_column(Integer)
    power_critical_percent: Mapped[int | None] = mapped_column(Integer)
    # Offboarding (issue [11]): a suspended tenant's directors may sign in to the
    # dashboard read-only until then; ``tenant delete`` waits for it (migration 0019).
    read_only_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SystemUser(Base):
    """A system administrator (role ``admin``): sees every tenant, belongs to none."""

    __tablename__ = "system_users"

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str] = mapped_column(Email, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Two-factor sign-in (sync_server.dashboard.totp): the base32 secret once confirmed,
    # the one offered while enrolling, the last time step used (a code is good once),
    # the hashes of the unused recovery codes (space-separated).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    totp_recovery: Mapped[str | None] = mapped_column(String(1000))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Branch(TenantOwned, Base):
    """A shop, warehouse or depot of a tenant (the seed's ``tenant_branches``).
    Branches are a dimension on postings, never copies of accounts."""

    __tablename__ = "tenant_branches"
    __table_args__ = (CheckConstraint("status IN ('active', 'inactive')", name="status"),)

    code: Mapped[str] = mapped_column(Code, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class User(TenantOwned, Base):
    """A person of a tenant: director, accountant (all branches, prepares but never
    approves), manager or user (cashier). The PIN is for the
    till, the password for the dashboard; both argon2id hashes."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('director', 'accountant', 'manager', 'user')", name="role"),
        CheckConstraint("status IN ('active', 'inactive')", name="status"),
        ForeignKeyConstraint(["tenant_id", "branch_code"],
                             ["tenant_branches.tenant_id", "tenant_branches.code"]),
        UniqueConstraint("tenant_id", "email"),
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str] = mapped_column(Email)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    branch_code: Mapped[str | None] = mapped_column(Code)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="active")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Two-factor sign-in, as on ``SystemUser``.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    totp_recovery: Mapped[str | None] = mapped_column(String(1000))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TaxRegimeRow(TenantOwned, Base):
    """One regime of a tenant's tax profile (the seed's ``tax_profiles``): rates in
    basis points (1500 = 15 %) so they are exact on every database."""

    __tablename__ = "tax_profiles"

    regime_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[str] = mapped_column(String(10))
    effective_to: Mapped[str | None] = mapped_column(String(10))
    vat_bp: Mapped[int] = mapped_column(Integer)
    nhil_bp: Mapped[int] = mapped_column(Integer)
    getfund_bp: Mapped[int] = mapped_column(Integer)
    covid_bp: Mapped[int] = mapped_column(Integer)
    vat_on_levies: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TaxRegistrationRow(TenantOwned, Base):
    """One entry of a tenant's VAT registration history: from ``effective_from`` on, it
    is (or is not) VAT-registered, under ``tin``. Entries are never edited: a change,
    or a correction, is a later entry (for the same date, the later entry wins), so the
    tax of every past sale can still be explained."""

    __tablename__ = "tax_registrations"

    entry: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    effective_from: Mapped[str] = mapped_column(String(10))
    vat_registered: Mapped[bool] = mapped_column(Boolean)
    tin: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(String(254))


__all__ = ["ROLES", "TENANT_STATUSES", "Branch", "SystemUser", "TaxRegimeRow",
           "TaxRegistrationRow", "Tenant", "User"]
