"""Signing in to the dashboard: e-mail and password (argon2id), lockout after repeated
failures, every attempt in the audit trail; and who may do what once signed in.

A refusal tells nothing about who has an account or which password was right: an
address that is no account is counted and locked exactly as an account is (the same
messages after the same number of tries), every attempt costs one argon2 check whatever
the outcome, and the audit trail keeps a keyed hash — never the text — of an address
that is no account (it may be a password typed in the wrong field).

Directors and group accountants see their whole business; managers see their own
branch; cashiers (role ``user``) have no dashboard — they work at the till. System
administrators (``system_users``) see every tenant. Who may do what is one table,
``dashboard.access``; a director or administrator then gives a code of their
authenticator app (``dashboard.totp``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from shared.errors import BisamaError
from sync_server.audit.models import SYSTEM_TENANT
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.dashboard import access
from sync_server.dashboard.access import (
    ADMIN_TENANTS,
    ALL_BRANCHES,
    BACK_OFFICE,
    CLOSE_PERIOD,
    DASHBOARD_ROLES,
    MANAGE_USERS,
    PERMISSIONS,
    POST_LEDGER,
    RESOLVE_HELD,
    VIEW,
)
from sync_server.dashboard.models import SignInFailures
from sync_server.dashboard.settings import DashboardSettings
from sync_server.dashboard.throttle import identifier_key
from sync_server.db.scope import TenantScope
from sync_server.tenants.models import SystemUser, Tenant, User


class SignInRefused(BisamaError):
    code = "sign_in_refused"


@dataclass(frozen=True)
class Principal:
    """The person signed in. ``tenant_id`` is None only for a system admin who has not
    chosen a tenant; ``branch`` limits a manager to one branch."""

    kind: str  # "user" or "admin"
    id: str
    email: str
    name: str
    role: str  # admin, director, accountant, manager
    branch: str | None
    tenant_id: int | None
    password_hash: str

    @property
    def is_admin(self) -> bool:
        return self.kind == "admin"

    def actor(self, ip: str | None) -> Actor:
        return Actor("admin" if self.is_admin else "user", self.email, ip)

    def branch_filter(self, wanted: str | None) -> str | None:
        """The branch a report shows: a manager's own, whatever was asked for."""
        if not self.may(ALL_BRANCHES):
            return self.branch
        return wanted or None

    def may(self, action: str) -> bool:
        return access.may(self.role, action)


def _locked_message(minutes: int) -> str:
    return (f"Too many wrong passwords: this account is locked for {minutes} minutes. Wait, or "
            "ask your administrator to unlock it.")


WRONG = "The e-mail or password is not right. Check them and try again."
FORGET_UNKNOWN_AFTER = timedelta(days=1)


def sign_in(ctx: ServerContext, settings: DashboardSettings, tenant: Tenant | None, *,
            email: str, password: str, ip: str | None) -> Principal:
    """Check an e-mail and password. A tenant's users sign in at their tenant's address;
    system administrators anywhere. Raises ``SignInRefused`` with a message for people."""
    email = (email or "").strip().lower()
    if not email or not password:
        raise SignInRefused("Give your e-mail and password.")
    # The argon2 check runs between two short transactions, never inside one: on SQLite
    # a transaction holds the database's only write lock (BEGIN IMMEDIATE), and on every
    # database it would hold the account's row lock, for the length of the check.
    stored = _stored_hash(ctx, tenant, email)
    if stored:
        right = ctx.hasher.verify(stored, password)
    else:
        ctx.hasher.burn(password)  # no account, or no password: the same work all the same
        right = False
    checked = Checked(stored, right)
    if tenant is not None:
        found = _tenant_user(ctx, settings, tenant, email=email, checked=checked, ip=ip)
        if found is not None:
            return found
    try:
        return _system_admin(ctx, settings, tenant, email=email, checked=checked, ip=ip)
    except IntegrityError:
        # Two first failures of the same unknown address at once: one inserted its
        # failure row first; the other counts again on that row.
        return _system_admin(ctx, settings, tenant, email=email, checked=checked, ip=ip)


@dataclass(frozen=True)
class Checked:
    """The outcome of the password check: against which stored hash, and whether the
    password was right for it."""

    stored: str | None
    right: bool

    def matches(self, password_hash: str | None) -> bool:
        # The hash may have changed between the check and the decision (a password
        # reset): then the check was against the old one and proves nothing.
        return self.right and password_hash is not None and password_hash == self.stored


def _stored_hash(ctx: ServerContext, tenant: Tenant | None, email: str) -> str | None:
    """The password hash the sign-in is checked against: the tenant's user with this
    e-mail, else the system administrator; None when there is none."""
    if tenant is not None:
        with ctx.scope(tenant.id) as scope:
            row = scope.execute(select(User.id, User.password_hash)
                                .where(User.email == email)).first()
        if row is not None:
            user_hash: str | None = row.password_hash
            return user_hash
    with ctx.system() as session:
        found: str | None = session.scalar(select(SystemUser.password_hash)
                                           .where(SystemUser.email == email))
    return found


def _tenant_user(ctx: ServerContext, settings: DashboardSettings, tenant: Tenant, *, email: str,
                 checked: Checked, ip: str | None) -> Principal | None:
    now = ctx.clock.now()
    refusal: str | None = None
    principal: Principal | None = None
    # The failure count and the audit entry must be committed even when the sign-in is
    # refused, so the block decides and the refusal is raised after the commit.
    with ctx.scope(tenant.id) as scope:
        user = scope.scalar(select(User).where(User.email == email).with_for_update())
        if user is None:
            return None
        actor = Actor("user", email, ip)
        if user.locked_until is not None and user.locked_until > now:
            record(ctx, scope, actor, "login.refused", subject=email, detail={"why": "locked"})
            refusal = _locked_message(settings.lockout_minutes)
        elif not checked.matches(user.password_hash):
            user.failed_logins = (user.failed_logins or 0) + 1
            detail: dict[str, object] = {"why": "password", "failures": user.failed_logins}
            if user.failed_logins >= settings.lockout_after:
                user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                user.failed_logins = 0
                record(ctx, scope, actor, "login.locked", subject=email, detail=detail)
                refusal = _locked_message(settings.lockout_minutes)
            else:
                record(ctx, scope, actor, "login.failed", subject=email, detail=detail)
                refusal = WRONG
        elif tenant.status != "active" and not (read_only(tenant, now)
                                                 and user.role == "director"):
            record(ctx, scope, actor, "login.refused", subject=email, detail={"why": "suspended"})
            refusal = suspended_text(tenant)
        elif user.status != "active":
            record(ctx, scope, actor, "login.refused", subject=email, detail={"why": "inactive"})
            refusal = "This account is switched off. Ask your director or administrator."
        elif user.role not in DASHBOARD_ROLES:
            record(ctx, scope, actor, "login.refused", subject=email, detail={"why": "role"})
            refusal = ("The dashboard is for directors, managers and accountants. Cashiers sign "
                       "in at the till with their PIN.")
        else:
            user.failed_logins = 0
            user.locked_until = None
            record(ctx, scope, actor, "login", subject=email,
                   detail={"read_only": True} if tenant.status != "active" else None)
            principal = Principal("user", user.id, user.email, user.name, user.role,
                                  user.branch_code, tenant.id, user.password_hash or "")
    if refusal is not None:
        raise SignInRefused(refusal)
    return principal


def read_only(tenant: Tenant, now: datetime) -> bool:
    """A suspended tenant in its offboarding grace period: its directors may sign in and
    read their dashboard, never change anything (``tenant offboard``)."""
    until = tenant.read_only_until
    return tenant.status != "active" and until is not None and until > now


def read_only_text(tenant: Tenant) -> str:
    until = f" until {tenant.read_only_until:%d %b %Y}" if tenant.read_only_until else ""
    return (f"The Bisama account of {tenant.name} is closing: it is read-only{until}. You "
            "can look at and download your reports, but nothing can be changed. Contact "
            "your Bisama administrator.")


def suspended_text(tenant: Tenant) -> str:
    reason = f" ({tenant.status_reason})" if tenant.status_reason else ""
    return (f"Account Suspended: the Bisama account of {tenant.name} is suspended{reason}. "
            "Nothing has been deleted; contact your Bisama administrator.")


def _system_admin(ctx: ServerContext, settings: DashboardSettings, tenant: Tenant | None, *,
                  email: str, checked: Checked, ip: str | None) -> Principal:
    now = ctx.clock.now()
    refusal: str | None = None
    principal: Principal | None = None
    with ctx.system() as session:
        admin = session.scalar(select(SystemUser).where(SystemUser.email == email)
                               .with_for_update())
        audit = TenantScope(session, SYSTEM_TENANT)
        where = {"tenant": tenant.domain if tenant else None}
        actor = Actor("admin", email, ip)
        if admin is None:
            refusal = _no_account(ctx, settings, session, audit, email=email, where=where, ip=ip)
        elif admin.locked_until is not None and admin.locked_until > now:
            record(ctx, audit, actor, "login.refused", subject=email, detail={"why": "locked"})
            refusal = _locked_message(settings.lockout_minutes)
        elif not checked.matches(admin.password_hash):
            admin.failed_logins = (admin.failed_logins or 0) + 1
            if admin.failed_logins >= settings.lockout_after:
                admin.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                admin.failed_logins = 0
                record(ctx, audit, actor, "login.locked", subject=email)
                refusal = _locked_message(settings.lockout_minutes)
            else:
                record(ctx, audit, actor, "login.failed", subject=email,
                       detail={**where, "why": "password"})
                refusal = WRONG
        elif not admin.active:
            record(ctx, audit, actor, "login.refused", subject=email, detail={"why": "inactive"})
            refusal = "This administrator account is switched off."
        else:
            admin.failed_logins = 0
            admin.locked_until = None
            record(ctx, audit, actor, "login", subject=email, detail=where)
            principal = Principal("admin", admin.id, admin.email, admin.name, "admin", None,
                                  tenant.id if tenant else None, admin.password_hash)
    if refusal is not None or principal is None:
        raise SignInRefused(refusal or WRONG)
    return principal


def _no_account(ctx: ServerContext, settings: DashboardSettings, session: Any,
                audit: TenantScope, *, email: str, ip: str | None,
                where: dict[str, Any]) -> str:
    """The refusal of an address that is no account, counted and locked as an account
    would be (after the same argon2 work, done by ``sign_in``); the audit trail names it
    by a keyed hash."""
    now = ctx.clock.now()
    key = identifier_key(settings.secret, email)
    actor = Actor("user", f"unknown:{key[:16]}", ip)
    subject = actor.name
    row = session.get(SignInFailures, key, with_for_update=True)
    if row is None:
        # Addresses not tried for a day, and not locked, are forgotten (a spray of
        # made-up addresses must not grow the table for ever).
        session.execute(delete(SignInFailures).where(
            SignInFailures.updated_at < now - FORGET_UNKNOWN_AFTER,
            (SignInFailures.locked_until.is_(None)) | (SignInFailures.locked_until < now)))
        row = SignInFailures(key=key, failures=0, locked_until=None, updated_at=now)
        session.add(row)
        session.flush()
    if row.locked_until is not None and row.locked_until > now:
        record(ctx, audit, actor, "login.refused", subject=subject,
               detail={**where, "why": "locked"})
        return _locked_message(settings.lockout_minutes)
    row.failures = (row.failures or 0) + 1
    row.updated_at = now
    detail: dict[str, Any] = {**where, "why": "unknown", "failures": row.failures}
    if row.failures >= settings.lockout_after:
        row.locked_until = now + timedelta(minutes=settings.lockout_minutes)
        row.failures = 0
        record(ctx, audit, actor, "login.locked", subject=subject, detail=detail)
        return _locked_message(settings.lockout_minutes)
    record(ctx, audit, actor, "login.failed", subject=subject, detail=detail)
    return WRONG


def count_tenants(ctx: ServerContext) -> int:
    with ctx.system() as session:
        return int(session.scalar(select(func.count()).select_from(Tenant)) or 0)


# The permission names are re-exported: route modules import them from here.
__all__ = ["ADMIN_TENANTS", "ALL_BRANCHES", "BACK_OFFICE", "CLOSE_PERIOD", "DASHBOARD_ROLES",
           "FORGET_UNKNOWN_AFTER", "MANAGE_USERS", "PERMISSIONS", "POST_LEDGER", "RESOLVE_HELD",
           "VIEW", "WRONG", "Checked", "Principal", "SignInRefused", "count_tenants", "sign_in",
           "suspended_text"]
