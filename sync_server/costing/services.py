"""The tenant's valuation setting (per tenant, the default, or per branch)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from shared.costing import Average, correction_journal
from shared.money import div_half_up
from sync_server.audit.services import Actor, record
from sync_server.catalogue.models import Product
from sync_server.context import ServerContext
from sync_server.costing.models import CostMove, CostSettings
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, Refused
from sync_server.ledger.models import Posting
from sync_server.stock.models import StockLevel
from sync_server.sync.costs import Origin, valuation_of

VALUATIONS = ("tenant", "branch")


def set_valuation(ctx: ServerContext, scope: TenantScope, actor: Actor, valuation: str) -> str:
    """Value stock per ``tenant`` or per ``branch``. Only before any stock has a value:
    the averages of one way cannot be split into the other's."""
    if valuation not in VALUATIONS:
        raise Invalid(f"“{valuation}” is not a way to value stock; use tenant or branch.")
    current = valuation_of(scope)
    if current == valuation:
        return current
    if scope.scalar(select(CostMove.source).limit(1)) is not None:
        raise Refused(f"Stock is already valued per {current}; the valuation can only be "
                      "chosen before the first receipt, sale or opening stock.")
    row = scope.get(CostSettings)
    if row is None:
        scope.add(CostSettings(valuation=valuation))
    else:
        row.valuation = valuation
    scope.flush()
    record(ctx, scope, actor, "costing.valuation_set", subject=valuation)
    return valuation




def start_averages(ctx: ServerContext, scope: TenantScope, actor: Actor, day: str) -> dict[str, Any]:
    """Start moving average cost for a tenant whose stock was merged before it (migration
    0011): every stock level is valued at the catalogue's cost price, and per branch the
    difference to the 1200 balance is posted as an inventory revaluation (Dr/Cr 1200 /
    5000, kind ``cost_correction``) dated ``day`` — from then on the valuation equals
    1200. Only before stock has any value."""
    from sync_server.books.post import post_journal
    from sync_server.costing.valuation import check_day, inventory_balance
    from sync_server.sync.costs import CostBook

    day = check_day(day) or ""
    if not day:
        raise Invalid("Give the date the averages start on.")
    levels = [(r.branch_code, r.sku, int(r.q)) for r in scope.execute(
        select(StockLevel.branch_code, StockLevel.sku, func.sum(StockLevel.qty_milli).label("q"))
        .group_by(StockLevel.branch_code, StockLevel.sku))]
    book = CostBook.load(scope, {(b, s) for b, s, _ in levels}, {})  # locks the rows first
    if scope.scalar(select(CostMove.source).limit(1)) is not None:
        raise Refused("Stock already has average costs; correct it with counts, adjustments "
                      "or a journal.")
    prices = {p.sku: int(p.cost_price) for p in scope.execute(
        select(Product.sku, Product.cost_price))}
    source = ctx.new_id()
    origin = Origin(source, day, "cost_start", f"average cost from {day}")
    by_branch: dict[str, int] = defaultdict(int)
    for branch, sku, qty in sorted(levels):
        if qty == 0:
            continue
        value = div_half_up(prices.get(sku, 0) * qty, 1000)
        key = (book.scope(branch), sku)
        old = book.averages.get(key, Average())
        new_qty, new_value = old.qty + qty, old.value + value
        book.averages[key] = (Average(new_qty, new_value, new_qty, new_value) if new_qty > 0
                              else Average(new_qty, new_value))
        book.touched.add(key)
        book.move(origin, branch, sku, qty, value)
        by_branch[branch] += value
    branches = sorted(set(by_branch) | set(scope.scalars(select(Posting.branch_code).where(
        Posting.account_code == acc.INVENTORY).distinct())))
    journals = []
    for branch in branches:
        difference = by_branch.get(branch, 0) - inventory_balance(scope, branch=branch)
        journal = correction_journal(f"average cost from {day}", branch,
                                     {"revaluation": -difference},
                                     f"Inventory revalued at catalogue cost when average "
                                     f"costing started ({branch})")
        if journal is None:
            continue
        posted = post_journal(ctx, scope, journal, branch=branch, entry_date=day, actor=actor)
        journals.append(posted.id)
    book.write(scope)
    record(ctx, scope, actor, "costing.averages_started", subject=day,
           detail={"value": sum(by_branch.values()), "journals": journals})
    return {"date": day, "value": sum(by_branch.values()), "by_branch": dict(by_branch),
            "journals": journals}


__all__ = ["VALUATIONS", "set_valuation", "start_averages"]
