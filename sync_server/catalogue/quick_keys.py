"""The till's quick-key grid, set at head office: pages (categories) of keys for goods
without a barcode — bread, kenkey, sachet water. A page is set whole (its name, its place
among the pages and its products in order) or removed; each change is audited and
recorded in the pull feed as one ``quick_keys`` thing per page, so every till gets the
grid on its next pull (docs/sync-protocol.md §7.2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select

from shared.payloads import SKU_RE
from sync_server.audit.services import Actor, record
from sync_server.catalogue.models import Product, QuickKeyCategory, QuickKeyItem
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound
from sync_server.sync.changes import Change, record_changes

# A page the till shows without scrolling at 1024×768 (5 keys a row); digits 1–9 pick
# the first nine, the arrows reach the rest.
MAX_KEYS = 24
MAX_NAME = 40


def set_quick_keys(ctx: ServerContext, scope: TenantScope, actor: Actor, *, code: str,
                   name: str, skus: Sequence[str], position: int | None = None) -> dict[str, Any]:
    """Create or replace the page ``code`` with these products, in this order."""
    code = (code or "").strip()
    if not SKU_RE.fullmatch(code):
        raise Invalid(f"“{code}” is not a page code: letters, digits and . _ / - (up to 64).")
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise Invalid(f"A quick-key page needs a name of up to {MAX_NAME} characters.")
    wanted = [s.strip() for s in skus if s.strip()]
    if not wanted:
        raise Invalid("Name at least one product for the page (or remove the page).")
    if len(wanted) > MAX_KEYS:
        raise Invalid(f"A page holds up to {MAX_KEYS} keys; {len(wanted)} were given. "
                      "Split them over two pages.")
    twice = sorted({s for s in wanted if wanted.count(s) > 1})
    if twice:
        raise Invalid(f"{', '.join(twice)} named twice on the page.")
    known = {p.sku: p for p in scope.scalars(select(Product).where(Product.sku.in_(wanted)))}
    missing = [s for s in wanted if s not in known]
    if missing:
        raise NotFound(f"There is no product {', '.join(missing)}. Import or add it first.")
    inactive = [s for s in wanted if not known[s].active]
    if inactive:
        raise Invalid(f"{', '.join(inactive)} is not sold any more (inactive).")
    row = scope.get(QuickKeyCategory, code)
    if position is None:
        position = row.position if row is not None else _next_position(scope)
    if row is None:
        scope.add(QuickKeyCategory(code=code, name=name, position=position))
    else:
        row.name, row.position = name, position
    scope.execute(delete(QuickKeyItem).where(QuickKeyItem.category == code))
    scope.flush()
    for n, sku in enumerate(wanted, start=1):
        scope.add(QuickKeyItem(category=code, position=n, sku=sku))
    scope.flush()
    record(ctx, scope, actor, "quick_keys.set", subject=code,
           detail={"name": name, "position": position, "skus": wanted})
    record_changes(scope, [Change("quick_keys", code)])
    return {"code": code, "name": name, "position": position, "skus": wanted}


def remove_quick_keys(ctx: ServerContext, scope: TenantScope, actor: Actor, code: str) -> None:
    if scope.get(QuickKeyCategory, code) is None:
        raise NotFound(f"There is no quick-key page {code}.")
    scope.execute(delete(QuickKeyItem).where(QuickKeyItem.category == code))
    scope.execute(delete(QuickKeyCategory).where(QuickKeyCategory.code == code))
    record(ctx, scope, actor, "quick_keys.remove", subject=code)
    record_changes(scope, [Change("quick_keys", code, deleted=True)])


def _next_position(scope: TenantScope) -> int:
    top = max((c.position for c in scope.scalars(select(QuickKeyCategory))), default=0)
    return int(top) + 1


def quick_key_pages(scope: TenantScope, codes: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    """The pages (all, or these), each as the feed sends it: code, name, position and its
    keys in order."""
    query = select(QuickKeyCategory)
    items = select(QuickKeyItem).order_by(QuickKeyItem.category, QuickKeyItem.position)
    if codes is not None:
        query = query.where(QuickKeyCategory.code.in_(codes))
        items = items.where(QuickKeyItem.category.in_(codes))
    keys: dict[str, list[str]] = defaultdict(list)
    for item in scope.scalars(items):
        keys[item.category].append(item.sku)
    return {c.code: {"code": c.code, "name": c.name, "position": c.position, "skus": keys[c.code]}
            for c in sorted(scope.scalars(query), key=lambda c: (c.position, c.code))}
