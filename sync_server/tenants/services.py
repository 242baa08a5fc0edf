"""Onboarding and administering tenants: create a tenant with everything it needs to
sell on day one, add branches and users, suspend and reactivate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.payloads import CODE_RE, EMAIL_RE
from shared.tax import GHANA_2026
from sync_server.audit.services import Actor, record
from sync_server.catalogue.models import PriceList
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.directory.tenant_row import tenant_side
from sync_server.errors import AlreadyExists, Invalid, NotFound, Refused
from sync_server.ledger.chart import create_default_chart
from sync_server.periods.services import ensure_periods, month_of
from sync_server.stock.models import Location
from sync_server.sync.changes import Change, record_changes
from sync_server.sync.models import FeedCounter
from sync_server.tenants.models import ROLES, Branch, SystemUser, TaxRegimeRow, Tenant, User
from sync_server.tenants.tax_profile import check_tin, first_registration, regime_row

_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN_RE = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
DEFAULT_LOCATION = "SHOP"
DEFAULT_PRICE_LISTS = (("retail", "Retail", True), ("wholesale", "Wholesale", True))


@dataclass(frozen=True)
class TenantInfo:
    id: int
    name: str
    domain: str
    status: str
    branch: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"tenant_id": self.id, "name": self.name, "domain": self.domain,
                                "status": self.status}
        if self.branch is not None:
            data["branch"] = self.branch
        return data


def normalise_domain(text: str) -> str:
    domain = (text or "").strip().lower().rstrip(".")
    if not DOMAIN_RE.fullmatch(domain):
        raise Invalid(f"“{text}” is not a domain name. Use the tenant's host name, e.g. "
                      "acme.bisamapos.com.")
    return domain


def host_domain(host_header: str | None) -> str | None:
    """The domain in an HTTP Host header (port and trailing dot removed)."""
    if not host_header:
        return None
    host = host_header.strip().lower()
    if host.startswith("["):  # an IPv6 literal never names a tenant
        return None
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host.rstrip(".") or None


def find_tenant(session: Session, domain: str) -> Tenant | None:
    return session.scalar(select(Tenant).where(Tenant.domain == domain))


def require_tenant(ctx: ServerContext, domain: str) -> Tenant:
    name = normalise_domain(domain)
    with ctx.system() as session:
        tenant = find_tenant(session, name)
    if tenant is None:
        raise NotFound(f"No tenant has the domain {name}. `bisama-sync tenant list` shows them.")
    return tenant


def _check_code(code: str, what: str) -> str:
    if not CODE_RE.fullmatch(code or ""):
        raise Invalid(f"“{code}” is not a {what} code: use capital letters, digits, - or _ "
                      "(up to 32), e.g. MAIN or TEM-02.")
    return code


def _check_tin(tin: str | None) -> str | None:
    return None if tin is None else check_tin(tin)


def create_tenant(ctx: ServerContext, actor: Actor, *, name: str, domain: str,
                  tin: str | None = None, address: str | None = None, phone: str | None = None,
                  branch_code: str = "MAIN", branch_name: str | None = None,
                  vat_registered: bool = True, database_server: str | None = None,
                  own_database: bool = False) -> TenantInfo:
    """A tenant ready to sell: the tenant, its main branch with a default stock location,
    the 17-account chart, the current fiscal period, the 2026 tax profile with its VAT
    registration (``vat_registered``, from today), retail and wholesale price lists, and
    its pull feed. All in one transaction on its database, which the tenant directory
    chooses (``database_server``, ``own_database``: ``directory/placing.py``); placed
    outside the system database, its rows go there with a copy of its ``tenants`` row,
    and the system database gets the row and the placement."""
    from sync_server.directory.placing import (
        choose_target,
        create_database,
        drop_database,
        place,
        prepare_database,
    )
    from sync_server.directory.tenant_row import row_values, write_copy

    name = (name or "").strip()
    if not name or len(name) > 200:
        raise Invalid("A tenant needs a name (up to 200 characters).")
    domain = normalise_domain(domain)
    branch_code = _check_code(branch_code, "branch")
    tin = _check_tin(tin)
    now = ctx.clock.now()
    target = choose_target(ctx, database_server, own_database, domain)
    details: dict[str, Any] = {
        "name": name, "domain": domain, "address": address, "phone": phone,
        "branch_code": branch_code, "branch_name": branch_name,
        "vat_registered": vat_registered, "tin": tin}
    with ctx.system() as session:
        if find_tenant(session, domain) is not None:
            raise AlreadyExists(f"A tenant with the domain {domain} already exists.")
    created = create_database(ctx, target)
    try:
        prepare_database(ctx, target)
        with ctx.sessions() as session, session.begin():
            if find_tenant(session, domain) is not None:
                raise AlreadyExists(f"A tenant with the domain {domain} already exists.")
            tenant = Tenant(name=name, domain=domain, status="active", tin=tin, address=address,
                            phone=phone, vat_registered=vat_registered, created_at=now,
                            updated_at=now)
            session.add(tenant)
            session.flush()
            if target.on_system_database:
                _set_up(ctx, TenantScope(session, tenant.id), actor, **details)
            else:
                placement = place(session, tenant.id, target, now)
                with ctx.directory.scope_on(placement, system=session) as scope:
                    write_copy(scope, row_values(tenant))
                    _set_up(ctx, scope, actor, **details)
    except BaseException:
        if created:
            drop_database(ctx, target)
        raise
    ctx.directory.forget(tenant.id)
    return TenantInfo(tenant.id, name, domain, "active", branch_code)


def _set_up(ctx: ServerContext, scope: TenantScope, actor: Actor, *, name: str, domain: str,
            address: str | None, phone: str | None, branch_code: str, branch_name: str | None,
            vat_registered: bool, tin: str | None) -> None:
    """Everything a new tenant sells with on day one (``create_tenant``)."""
    now = ctx.clock.now()
    scope.insert_rows(FeedCounter, [{"version": 0}])
    scope.add(Branch(code=branch_code, name=branch_name or f"{name} main branch",
                     address=address, phone=phone, status="active", created_at=now))
    scope.flush()
    scope.insert_rows(Location, [{"branch_code": branch_code, "code": DEFAULT_LOCATION,
                                  "name": "Shop floor", "kind": "shop", "is_default": True}])
    create_default_chart(scope)
    period = month_of(now.date())
    ensure_periods(scope, [period])
    scope.insert_rows(TaxRegimeRow, [regime_row(GHANA_2026, now)])
    first_registration(scope, on=now.date(), vat_registered=vat_registered, tin=tin,
                       actor=actor, at=now)
    scope.insert_rows(PriceList, [{"code": c, "name": n, "inclusive": i}
                                  for c, n, i in DEFAULT_PRICE_LISTS])
    record(ctx, scope, actor, "tenant.create", subject=domain,
           detail={"name": name, "branch": branch_code, "period": period})
    record_changes(scope, [Change("tenant", "tenant"), Change("branch", branch_code),
                           Change("tax_profile", "tenant"), Change("period", period),
                           *(Change("price_list", c) for c, _, _ in DEFAULT_PRICE_LISTS)])


def list_tenants(ctx: ServerContext) -> list[TenantInfo]:
    with ctx.system() as session:
        return [TenantInfo(t.id, t.name, t.domain, t.status)
                for t in session.scalars(select(Tenant).order_by(Tenant.id))]


def set_tenant_status(ctx: ServerContext, actor: Actor, domain: str, *, active: bool,
                      reason: str | None = None) -> TenantInfo:
    """Suspend (``active=False``) or reactivate a tenant. Nothing is deleted: its tills
    and users are refused with a clear reason until it is active again."""
    domain = normalise_domain(domain)
    status = "active" if active else "inactive"
    with ctx.sessions() as session, session.begin():
        tenant = session.scalar(select(Tenant).where(Tenant.domain == domain).with_for_update())
        if tenant is None:
            raise NotFound(f"No tenant has the domain {domain}.")
        if tenant.status == status:
            raise Refused(f"{domain} is already {'active' if active else 'deactivated'}.")
        tenant.status = status
        tenant.status_reason = None if active else (reason or "account suspended")
        if active:
            tenant.read_only_until = None  # an offboarding called off
        tenant.updated_at = ctx.clock.now()
        session.flush()
        with tenant_side(ctx, session, tenant) as scope:
            record(ctx, scope, actor, "tenant.activate" if active else "tenant.deactivate",
                   subject=domain, detail={"reason": reason} if reason else None)
            record_changes(scope, [Change("tenant", "tenant")])
        return TenantInfo(tenant.id, tenant.name, tenant.domain, tenant.status)


TILL_LIMITS = ("cancel_limit_pesewas", "cancel_limit_lines", "shortage_limit_pesewas", "blind_close",
               "power_low_percent", "power_critical_percent")


def set_till_limits(ctx: ServerContext, actor: Actor, domain: str,
                    **limits: int | bool | None) -> dict[str, Any]:
    """What a cashier may not do alone at the tills (issue [8]): ``cancel_limit_pesewas``
    and ``cancel_limit_lines`` (a larger cart needs a manager to cancel),
    ``shortage_limit_pesewas`` (a shift closed shorter needs a manager), ``blind_close``,
    and the battery levels (issue [11]): ``power_low_percent`` (a till on battery backs up
    and warns) and ``power_critical_percent`` (it closes itself; below the low level).
    Only the limits given change; ``None`` leaves one alone. The tills get them with the
    next pull (feed entity ``tenant``, ``till_limits``)."""
    unknown = set(limits) - set(TILL_LIMITS)
    if unknown:
        raise Invalid(f"Unknown till limit {sorted(unknown)[0]}.")
    given = {k: v for k, v in limits.items() if v is not None}
    for key, value in given.items():
        if key == "blind_close":
            if not isinstance(value, bool):
                raise Invalid("Blind close is on or off.")
        elif key.startswith("power_"):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise Invalid("A battery level is a whole percent from 0 to 100.")
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**11:
            raise Invalid("A till limit is a whole, non-negative amount or count.")
    domain = normalise_domain(domain)
    with ctx.sessions() as session, session.begin():
        tenant = session.scalar(select(Tenant).where(Tenant.domain == domain).with_for_update())
        if tenant is None:
            raise NotFound(f"No tenant has the domain {domain}.")
        for key, value in given.items():
            setattr(tenant, key, value)
        low = tenant.power_low_percent if tenant.power_low_percent is not None else 25
        critical = tenant.power_critical_percent if tenant.power_critical_percent is not None else 10
        if critical >= low:
            raise Invalid(f"The critical battery level ({critical} %) must be below the low "
                          f"level ({low} %): the till warns first, then closes.")
        tenant.updated_at = ctx.clock.now()
        session.flush()
        with tenant_side(ctx, session, tenant) as scope:
            record(ctx, scope, actor, "tenant.till_limits", subject=domain, detail=dict(given))
            record_changes(scope, [Change("tenant", "tenant")])
        return {key: getattr(tenant, key) for key in TILL_LIMITS}


def add_branch(ctx: ServerContext, scope: TenantScope, actor: Actor, *, code: str, name: str,
               address: str | None = None, phone: str | None = None) -> dict[str, Any]:
    code = _check_code(code, "branch")
    name = (name or "").strip()
    if not name:
        raise Invalid("A branch needs a name.")
    if scope.get(Branch, code) is not None:
        raise AlreadyExists(f"Branch {code} already exists.")
    scope.add(Branch(code=code, name=name, address=address, phone=phone, status="active",
                     created_at=ctx.clock.now()))
    scope.flush()
    scope.insert_rows(Location, [{"branch_code": code, "code": DEFAULT_LOCATION,
                                  "name": "Shop floor", "kind": "shop", "is_default": True}])
    record(ctx, scope, actor, "branch.add", subject=code, detail={"name": name})
    record_changes(scope, [Change("branch", code)])
    return {"code": code, "name": name, "default_location": DEFAULT_LOCATION}


def add_location(ctx: ServerContext, scope: TenantScope, actor: Actor, *, branch: str, code: str,
                 name: str, kind: str = "store") -> dict[str, Any]:
    """A further stock location of a branch: a store room, or a van for route sales."""
    code = _check_code(code, "location")
    if kind not in ("shop", "store", "van"):
        raise Invalid("A location's kind is shop, store or van.")
    if scope.get(Branch, branch) is None:
        raise NotFound(f"Branch {branch} does not exist.")
    if scope.get(Location, branch, code) is not None:
        raise AlreadyExists(f"Location {code} already exists in branch {branch}.")
    scope.insert_rows(Location, [{"branch_code": branch, "code": code, "name": name, "kind": kind,
                                  "is_default": False}])
    record(ctx, scope, actor, "location.add", subject=f"{branch}/{code}", detail={"kind": kind})
    record_changes(scope, [Change("branch", branch)])
    return {"branch": branch, "code": code, "name": name, "kind": kind}


def _check_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL_RE.fullmatch(email):
        raise Invalid(f"“{email}” is not an e-mail address.")
    return email


def add_user(ctx: ServerContext, scope: TenantScope, actor: Actor, *, email: str, name: str,
             role: str, branch: str | None, pin: str | None,
             password: str | None) -> dict[str, Any]:
    """A director, group accountant, manager or cashier. A PIN lets them sign in at a
    till (not an accountant: no till knows them), a password on the dashboard; at least
    one is needed."""
    email = _check_email(email)
    name = (name or "").strip()
    if not name:
        raise Invalid("A user needs a name.")
    if role not in ROLES:
        raise Invalid(f"“{role}” is not a role here: use director, accountant, manager or user "
                      "(cashier). "
                      "System administrators are added with --role admin and no --tenant.")
    if branch is not None and scope.get(Branch, branch) is None:
        raise NotFound(f"Branch {branch} does not exist. `bisama-sync branch list` shows them.")
    if branch is None and role not in ("director", "accountant"):
        raise Invalid("Managers and cashiers belong to a branch: give --branch.")
    if pin is None and password is None:
        raise Invalid("Give the user a --pin for the till, a --password for the dashboard, "
                      "or both.")
    if scope.scalar(select(User.id).where(User.email == email)) is not None:
        raise AlreadyExists(f"{email} is already a user of this tenant.")
    pin_hash = ctx.hasher.hash_pin(pin) if pin is not None else None
    password_hash = ctx.hasher.hash_password(password) if password is not None else None
    now = ctx.clock.now()
    user_id = ctx.new_id()
    scope.add(User(id=user_id, email=email, name=name, role=role, branch_code=branch,
                   pin_hash=pin_hash, password_hash=password_hash, status="active", failed_logins=0,
                   created_at=now, updated_at=now))
    scope.flush()
    record(ctx, scope, actor, "user.add", subject=email, detail={"role": role, "branch": branch})
    record_changes(scope, [Change("user", email)])
    return {"id": user_id, "email": email, "name": name, "role": role, "branch": branch}


def add_system_admin(ctx: ServerContext, actor: Actor, *, email: str, name: str,
                     password: str | None) -> dict[str, Any]:
    email = _check_email(email)
    if not (name or "").strip():
        raise Invalid("An administrator needs a name.")
    if password is None:
        raise Invalid("A system administrator signs in to the dashboard: give --password.")
    password_hash = ctx.hasher.hash_password(password)
    with ctx.sessions() as session, session.begin():
        if session.scalar(select(SystemUser.id).where(SystemUser.email == email)) is not None:
            raise AlreadyExists(f"{email} is already a system administrator.")
        admin_id = ctx.new_id()
        session.add(SystemUser(id=admin_id, email=email, name=name.strip(),
                               password_hash=password_hash, active=True, failed_logins=0,
                               created_at=ctx.clock.now()))
        session.flush()
        record(ctx, TenantScope(session, 0), actor, "admin.add", subject=email)
    return {"id": admin_id, "email": email, "name": name.strip(), "role": "admin"}


def list_branches(scope: TenantScope) -> list[dict[str, Any]]:
    locations: dict[str, list[dict[str, Any]]] = {}
    for loc in scope.scalars(select(Location).order_by(Location.branch_code, Location.code)):
        locations.setdefault(loc.branch_code, []).append(
            {"code": loc.code, "name": loc.name, "kind": loc.kind, "default": loc.is_default})
    return [{"code": b.code, "name": b.name, "status": b.status, "address": b.address,
             "phone": b.phone, "locations": locations.get(b.code, [])}
            for b in scope.scalars(select(Branch).order_by(Branch.code))]


def list_users(scope: TenantScope) -> list[dict[str, Any]]:
    return [{"email": u.email, "name": u.name, "role": u.role, "branch": u.branch_code,
             "status": u.status, "has_pin": u.pin_hash is not None,
             "has_password": u.password_hash is not None}
            for u in scope.scalars(select(User).order_by(User.email))]
