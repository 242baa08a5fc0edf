"""Pull: the master data a till needs, as a paged change feed from a cursor.

A page lists changed things in feed-version order, each in its *current* state (or
``deleted``). The cursor of the last page is where the next pull starts; pulling again
from an old cursor is always safe (things come again in their latest state). Branch
stock goes only to the tills of that branch.

People go only to the tills where they may sign in: the users of the till's branch, and
directors and tenant-wide people (no branch), who may sign in anywhere. Everyone else is
sent as ``deleted``, so a till never holds the PIN hash of another branch's cashier, and
a person moved to another branch is removed from the tills of the branch they left.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from sync_server.catalogue.models import Barcode, Price, PriceList, Product, ProductUnit
from sync_server.catalogue.quick_keys import quick_key_pages
from sync_server.customers.models import Customer
from sync_server.customers.services import customer_json
from sync_server.db.scope import TenantScope
from sync_server.db.types import milli_text
from sync_server.fiscal import outbox as evat_outbox
from sync_server.fiscal.settings import is_enabled as evat_enabled
from sync_server.periods.models import FiscalPeriod
from sync_server.stock.models import Location, StockLevel
from sync_server.sync import momo_refs
from sync_server.sync.changes import KEY_SEPARATOR
from sync_server.sync.models import FeedCounter, FeedEntry
from sync_server.tenants.models import Branch, Tenant, User
from sync_server.tenants.tax_profile import load_profile
from sync_server.terminals.models import Terminal

Loader = Callable[[TenantScope, Tenant, list[str]], dict[str, dict[str, Any]]]


def _split(key: str, parts: int) -> tuple[str, ...]:
    values = tuple(key.split(KEY_SEPARATOR))
    if len(values) != parts:
        raise ValueError(f"feed key {key!r} has {len(values)} parts, expected {parts}")
    return values


def _tenant(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    # Only the limits head office set: a till keeps its own default for the others.
    limits = {wire: getattr(tenant, column) for wire, column in TILL_LIMITS_ON_THE_WIRE.items()
              if getattr(tenant, column) is not None}
    return {"tenant": {"id": str(tenant.id), "name": tenant.name, "domain": tenant.domain,
                       "tin": tenant.tin, "address": tenant.address, "phone": tenant.phone,
                       "vat_registered": tenant.vat_registered, "status": tenant.status,
                       "till_limits": limits, "evat": evat_enabled(scope)}}


# docs/sync-protocol.md, the tenant entity: wire name → column of ``tenants``
TILL_LIMITS_ON_THE_WIRE = {"cancel_sale_amount": "cancel_limit_pesewas",
                           "cancel_sale_lines": "cancel_limit_lines",
                           "shortage_amount": "shortage_limit_pesewas",
                           "power_low_percent": "power_low_percent",
                           "power_critical_percent": "power_critical_percent",
                           "blind_close": "blind_close"}


def _tax_profile(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    profile = load_profile(scope, tenant)
    # The whole VAT registration history: a till taxes each sale by its own date's.
    return {"tenant": profile.to_json()}


def _branches(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    locations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for loc in scope.scalars(select(Location).where(Location.branch_code.in_(keys))
                             .order_by(Location.code)):
        locations[loc.branch_code].append({"code": loc.code, "name": loc.name, "kind": loc.kind,
                                           "default": loc.is_default})
    return {b.code: {"code": b.code, "name": b.name, "address": b.address, "phone": b.phone,
                     "status": b.status, "locations": locations[b.code]}
            for b in scope.scalars(select(Branch).where(Branch.code.in_(keys)))}


def _periods(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {p.period: {"period": p.period, "starts_on": p.starts_on, "ends_on": p.ends_on,
                       "status": p.status}
            for p in scope.scalars(select(FiscalPeriod).where(FiscalPeriod.period.in_(keys)))}


def _price_lists(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {p.code: {"code": p.code, "name": p.name, "inclusive": p.inclusive}
            for p in scope.scalars(select(PriceList).where(PriceList.code.in_(keys)))}


def _products(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {p.sku: {"sku": p.sku, "name": p.name, "unit": p.unit, "tax_code": p.tax_code,
                    "weighed": p.weighed, "cost_price": p.cost_price, "active": p.active,
                    "plu": p.plu}
            for p in scope.scalars(select(Product).where(Product.sku.in_(keys)))}


def _units(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    skus = sorted({_split(k, 2)[0] for k in keys})
    wanted = set(keys)
    result = {}
    for u in scope.scalars(select(ProductUnit).where(ProductUnit.sku.in_(skus))):
        key = f"{u.sku}{KEY_SEPARATOR}{u.unit}"
        if key in wanted:
            result[key] = {"sku": u.sku, "unit": u.unit, "factor": milli_text(u.factor_milli)}
    return result


def _barcodes(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {b.barcode: {"barcode": b.barcode, "sku": b.sku, "unit": b.unit}
            for b in scope.scalars(select(Barcode).where(Barcode.barcode.in_(keys)))}


def _prices(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    skus = sorted({_split(k, 3)[1] for k in keys})
    wanted = set(keys)
    result = {}
    for p in scope.scalars(select(Price).where(Price.sku.in_(skus))):
        key = KEY_SEPARATOR.join((p.price_list, p.sku, p.unit))
        if key in wanted:
            result[key] = {"price_list": p.price_list, "sku": p.sku, "unit": p.unit,
                           "price": p.price}
    return result


def _quick_keys(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return quick_key_pages(scope, keys)


def _users(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    # The PIN hash travels so the till can check PINs offline; the password hash never does.
    return {u.email: {"id": u.id, "email": u.email, "name": u.name, "role": u.role,
                      "branch": u.branch_code, "pin_hash": u.pin_hash, "status": u.status}
            for u in scope.scalars(select(User).where(User.email.in_(keys)))}


def _customers(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {c.id: customer_json(c)
            for c in scope.scalars(select(Customer).where(Customer.id.in_(keys)))}


def _stock(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    skus = sorted({_split(k, 3)[2] for k in keys})
    wanted = set(keys)
    result = {}
    for s in scope.scalars(select(StockLevel).where(StockLevel.sku.in_(skus))):
        key = KEY_SEPARATOR.join((s.branch_code, s.location_code, s.sku))
        if key in wanted:
            result[key] = {"branch": s.branch_code, "location": s.location_code, "sku": s.sku,
                           "qty": milli_text(s.qty_milli)}
    return result


def _revocations(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {t.id: {"terminal_id": t.id, "name": t.name, "branch": t.branch_code,
                   "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}
            for t in scope.scalars(select(Terminal).where(Terminal.id.in_(keys),
                                                          Terminal.status == "revoked"))}


def _momo_refs(scope: TenantScope, tenant: Tenant, keys: list[str]) -> dict[str, dict[str, Any]]:
    return momo_refs.feed_data(scope, keys)


def _evat_clearances(scope: TenantScope, tenant: Tenant,
                     keys: list[str]) -> dict[str, dict[str, Any]]:
    return evat_outbox.feed_data(scope, keys)


def user_signs_in_at(user: dict[str, Any], branch: str) -> bool:
    """Whether a till of ``branch`` must know this person (their PIN hash with them).
    A group accountant approves nothing at a till and never sells: no till knows them."""
    if user["role"] == "accountant":
        return False
    return user["role"] == "director" or user["branch"] in (None, branch)


# Per entity, which of its current values a till of a branch may have; the others are
# sent as deleted.
FOR_BRANCH: dict[str, Callable[[dict[str, Any], str], bool]] = {"user": user_signs_in_at}

LOADERS: dict[str, Loader] = {
    "tenant": _tenant, "branch": _branches, "tax_profile": _tax_profile, "period": _periods,
    "price_list": _price_lists, "product": _products, "unit": _units, "barcode": _barcodes,
    "price": _prices, "quick_keys": _quick_keys, "user": _users, "customer": _customers, "stock": _stock,
    "revocation": _revocations, "momo_ref": _momo_refs, "evat_clearance": _evat_clearances,
}


def feed_version(scope: TenantScope) -> int:
    return int(scope.scalar(select(FeedCounter.version)) or 0)


def pull_page(scope: TenantScope, tenant: Tenant, branch: str, cursor: int,
              limit: int) -> dict[str, Any]:
    """One page of changes after ``cursor`` for a till of ``branch``."""
    top = feed_version(scope)
    reset = cursor > top
    if reset:
        # The server's feed is behind the till's cursor (the database was restored from a
        # backup): start over so the till gets every current value.
        cursor = 0
    entries = scope.scalars(select(FeedEntry).where(FeedEntry.version > cursor)
                            .order_by(FeedEntry.version).limit(limit + 1))
    more = len(entries) > limit
    entries = entries[:limit]
    next_cursor = entries[-1].version if entries else cursor
    mine = [e for e in entries if e.branch_code is None or e.branch_code == branch]
    keys: dict[str, list[str]] = defaultdict(list)
    for entry in mine:
        if not entry.deleted:
            keys[entry.entity].append(entry.entity_key)
    data = {entity: LOADERS[entity](scope, tenant, sorted(set(k))) for entity, k in keys.items()}
    changes = []
    for entry in mine:
        value = data.get(entry.entity, {}).get(entry.entity_key)
        allowed = FOR_BRANCH.get(entry.entity)
        if value is not None and allowed is not None and not allowed(value, branch):
            value = None
        changes.append({"version": entry.version, "entity": entry.entity, "key": entry.entity_key,
                        "deleted": value is None, "data": value})
    return {"cursor": str(next_cursor), "more": more, "reset": reset, "feed_version": top,
            "changes": changes}
