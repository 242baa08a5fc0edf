"""The stock valuation report: per branch and SKU, the quantity and the value that
``cost_moves`` holds (optionally as of a date), which equals account 1200 Inventory to
the pesewa — per branch too, since every value is recorded at the branch its journal
posted it (docs/costing.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from shared.accounts import INVENTORY
from shared.money import div_half_up
from sync_server.catalogue.models import Product
from sync_server.costing.models import CostMove
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound
from sync_server.ledger.models import Posting
from sync_server.sync.costs import valuation_of
from sync_server.tenants.models import Branch


@dataclass(frozen=True)
class ValuationLine:
    branch: str
    sku: str
    name: str
    qty_milli: int
    average: int | None  # pesewas per base unit at the valuation scope's average
    value: int  # pesewas


@dataclass(frozen=True)
class Valuation:
    valuation: str  # tenant or branch
    as_of: str | None
    branch: str | None
    lines: list[ValuationLine]
    by_branch: dict[str, int]
    total: int
    inventory: int  # the balance of account 1200 over the same branches and dates


def check_day(text: str | None) -> str | None:
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise Invalid(f"“{text}” is not a date; use YYYY-MM-DD.") from None


def inventory_balance(scope: TenantScope, *, branch: str | None = None,
                      as_of: str | None = None) -> int:
    """Debits less credits on account 1200 (of ``branch``; up to ``as_of``)."""
    stmt = select(func.coalesce(func.sum(Posting.debit - Posting.credit), 0)).where(
        Posting.account_code == INVENTORY)
    if branch is not None:
        stmt = stmt.where(Posting.branch_code == branch)
    if as_of is not None:
        stmt = stmt.where(Posting.entry_date <= as_of)
    return int(scope.scalar(stmt))


def stock_valuation(scope: TenantScope, *, branch: str | None = None,
                    as_of: str | None = None) -> Valuation:
    as_of = check_day(as_of)
    if branch is not None and scope.get(Branch, branch) is None:
        raise NotFound(f"Branch {branch} does not exist.")
    mode = valuation_of(scope)
    stmt = select(CostMove.valuation, CostMove.branch_code, CostMove.sku,
                  func.sum(CostMove.qty_milli).label("q"),
                  func.sum(CostMove.value).label("v")).group_by(
        CostMove.valuation, CostMove.branch_code, CostMove.sku)
    if as_of is not None:
        stmt = stmt.where(CostMove.entry_date <= as_of)
    rows = [(r.valuation, r.branch_code, r.sku, int(r.q), int(r.v)) for r in scope.execute(stmt)]
    # The average of each valuation scope (the tenant's, or the branch's).
    pooled: dict[tuple[str, str], tuple[int, int]] = {}
    for valuation, _, sku, qty, value in rows:
        q, v = pooled.get((valuation, sku), (0, 0))
        pooled[(valuation, sku)] = (q + qty, v + value)
    skus = sorted({r[2] for r in rows})
    names: dict[str, str] = {}
    for start in range(0, len(skus), 500):
        names.update({p.sku: p.name for p in scope.execute(
            select(Product.sku, Product.name).where(Product.sku.in_(skus[start:start + 500])))})
    lines = []
    by_branch: dict[str, int] = {}
    for valuation, branch_code, sku, qty, value in sorted(rows, key=lambda r: (r[1], r[2])):
        if branch is not None and branch_code != branch:
            continue
        if qty == 0 and value == 0:
            continue
        q, v = pooled[(valuation, sku)]
        average = div_half_up(v * 1000, q) if q > 0 else None
        lines.append(ValuationLine(branch_code, sku, names.get(sku, ""), qty, average, value))
        by_branch[branch_code] = by_branch.get(branch_code, 0) + value
    return Valuation(mode, as_of, branch, lines, by_branch, sum(by_branch.values()),
                     inventory_balance(scope, branch=branch, as_of=as_of))


__all__ = ["Valuation", "ValuationLine", "check_day", "inventory_balance", "stock_valuation"]
