"""Reorder levels per branch and product, and the reorder list (issue [12] scope 4).

A product is on a branch's reorder list when what the branch has on hand (all its
locations, as the tills last reported plus head office's own movements) is below its
reorder level. The suggested quantity brings it up to the target, counting what is
already on its way to the branch from another (transfers in transit).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, select

from shared.errors import BisamaError
from shared.money import Money, div_half_up, quantity
from sync_server.audit.services import Actor, record
from sync_server.catalogue.models import Product
from sync_server.context import ServerContext
from sync_server.costing.models import TENANT_SCOPE, CostAverage
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound
from sync_server.stock.models import OfficeDocument, OfficeLine, ReorderLevel, StockLevel
from sync_server.stock.office import _branch, _qty
from sync_server.sync.costs import milli, valuation_of


def set_reorder_level(ctx: ServerContext, scope: TenantScope, actor: Actor, *, branch: str,
                      sku: str, level: str, target: str = "") -> dict[str, Any]:
    """Reorder ``sku`` at ``branch`` below ``level``, up to ``target`` (default twice the
    level). A level of 0 takes the product off the list."""
    where = _branch(scope, branch)
    sku = (sku or "").strip()
    if not 0 < len(sku) <= 64 or scope.get(Product, sku) is None:
        raise NotFound(f"“{sku}” is not in the catalogue.")
    try:
        at = milli(quantity(level))
        up_to = milli(quantity(target)) if (target or "").strip() else 2 * at
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    if max(at, up_to) >= 10**12:
        raise Invalid("A reorder level or target that large is no quantity a shop holds.")
    if at < 0 or up_to < 0:
        raise Invalid("A reorder level and target cannot be negative.")
    if at == 0:
        scope.execute(delete(ReorderLevel).where(ReorderLevel.branch_code == where,
                                                 ReorderLevel.sku == sku))
        record(ctx, scope, actor, "stock.reorder_cleared", subject=f"{where} {sku}")
        return {"branch": where, "sku": sku, "level": "0", "target": "0"}
    if up_to < at:
        raise Invalid(f"The target ({_qty(up_to)}) is below the reorder level ({_qty(at)}).")
    scope.upsert_rows(ReorderLevel, [{"branch_code": where, "sku": sku, "level_milli": at,
                                      "target_milli": up_to}], ("level_milli", "target_milli"))
    record(ctx, scope, actor, "stock.reorder_set", subject=f"{where} {sku}",
           detail={"level": _qty(at), "target": _qty(up_to)})
    return {"branch": where, "sku": sku, "level": _qty(at), "target": _qty(up_to)}


def reorder_levels(scope: TenantScope, branch: str | None = None) -> list[dict[str, Any]]:
    stmt = select(ReorderLevel).order_by(ReorderLevel.branch_code, ReorderLevel.sku)
    if branch:
        stmt = stmt.where(ReorderLevel.branch_code == branch)
    return [{"branch": r.branch_code, "sku": r.sku, "level": _qty(r.level_milli),
             "target": _qty(r.target_milli)} for r in scope.scalars(stmt)]


def reorder_list(scope: TenantScope, branch: str | None = None) -> list[dict[str, Any]]:
    """What to order: per branch and product below its level, on hand, in transit to the
    branch, the suggested quantity and its value at today's average cost."""
    levels = scope.scalars(select(ReorderLevel).where(
        *([ReorderLevel.branch_code == branch] if branch else [])))
    if not levels:
        return []
    skus = sorted({r.sku for r in levels})
    on_hand: dict[tuple[str, str], int] = defaultdict(int)
    incoming: dict[tuple[str, str], int] = defaultdict(int)
    for start in range(0, len(skus), 500):
        chunk = skus[start:start + 500]
        for r in scope.execute(select(StockLevel.branch_code, StockLevel.sku,
                                      func.sum(StockLevel.qty_milli).label("q"))
                               .where(StockLevel.sku.in_(chunk))
                               .group_by(StockLevel.branch_code, StockLevel.sku)):
            on_hand[(r.branch_code, r.sku)] = int(r.q)
        for r in scope.execute(select(OfficeDocument.to_branch, OfficeLine.sku,
                                      func.sum(OfficeLine.qty_milli).label("q"))
                               .join(OfficeLine, (OfficeLine.tenant_id == OfficeDocument.tenant_id)
                                     & (OfficeLine.document_id == OfficeDocument.id))
                               .where(OfficeDocument.kind == "transfer",
                                      OfficeDocument.status == "in_transit",
                                      OfficeLine.sku.in_(chunk))
                               .group_by(OfficeDocument.to_branch, OfficeLine.sku)):
            incoming[(str(r.to_branch), r.sku)] = int(r.q)
    products = {p.sku: p for p in scope.scalars(select(Product).where(Product.sku.in_(skus)))}
    per_branch = valuation_of(scope) == "branch"
    averages = {(a.valuation, a.sku): a for a in scope.scalars(
        select(CostAverage).where(CostAverage.sku.in_(skus)))}
    rows = []
    for r in sorted(levels, key=lambda x: (x.branch_code, x.sku)):
        have = on_hand[(r.branch_code, r.sku)]
        if have >= r.level_milli:
            continue
        coming = incoming[(r.branch_code, r.sku)]
        suggest = max(r.target_milli - have - coming, 0)
        product = products.get(r.sku)
        avg = averages.get((r.branch_code if per_branch else TENANT_SCOPE, r.sku))
        unit = (div_half_up(int(avg.value) * 1000, int(avg.qty_milli))
                if avg is not None and avg.qty_milli > 0 and avg.value > 0
                else int(product.cost_price) if product else 0)
        rows.append({"branch": r.branch_code, "sku": r.sku,
                     "name": product.name if product else "", "unit": product.unit if product else "",
                     "on_hand": _qty(have), "in_transit": _qty(coming),
                     "level": _qty(r.level_milli), "target": _qty(r.target_milli),
                     "suggested": _qty(suggest), "suggested_milli": suggest,
                     "unit_cost": str(Money(unit)),
                     "value": str(Money(div_half_up(unit * suggest, 1000)))})
    return rows


__all__ = ["reorder_levels", "reorder_list", "set_reorder_level"]
