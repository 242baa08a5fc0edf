"""Sales and stock reports over the merged data (voided sales excluded, refunds
subtracted), grouped the ways head office asks: by branch, terminal, cashier, payment
method (each MoMo network and card scheme apart), hour of the till's day, or business
date."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from shared.money import Money
from shared.tenders import label_rank, tender_label
from sync_server.catalogue.models import Product
from sync_server.db.scope import TenantScope
from sync_server.db.types import milli_text
from sync_server.errors import Invalid
from sync_server.sales.models import Payment, Return, Sale
from sync_server.stock.models import StockLevel
from sync_server.tenants.models import Branch
from sync_server.terminals.models import Terminal

GROUPS = ("branch", "terminal", "cashier", "hour", "date", "method")


def sales_summary(scope: TenantScope, *, first_day: str, last_day: str, group_by: str,
                  branch: str | None = None) -> list[dict[str, Any]]:
    """Per group: number of sales, gross, net, taxes, refunds and takings (gross less
    refunds). ``hour`` is the hour on the till's clock when the sale was made."""
    if group_by not in GROUPS:
        raise Invalid(f"group by one of {', '.join(GROUPS)}")
    if group_by == "method":
        return _by_method(scope, first_day, last_day, branch)
    key = {"branch": Sale.branch_code, "terminal": Sale.terminal_id, "cashier": Sale.user_email,
           "hour": func.substr(Sale.terminal_time, 12, 2), "date": Sale.business_date}[group_by]
    stmt: Any = (select(key.label("k"), func.count().label("n"),
                         func.sum(Sale.gross).label("gross"), func.sum(Sale.net).label("net"),
                         func.sum(Sale.vat + Sale.nhil + Sale.getfund + Sale.covid).label("tax"))
                 .where(Sale.status == "completed", Sale.business_date >= first_day,
                        Sale.business_date <= last_day).group_by(key).order_by(key))
    if branch is not None:
        stmt = stmt.where(Sale.branch_code == branch)
    refunds: dict[str, int] = {}
    rkey = {"branch": Return.branch_code, "terminal": Return.terminal_id,
            "cashier": Return.user_email, "date": Return.business_date}.get(group_by)
    if rkey is not None:
        rstmt = (select(rkey.label("k"), func.sum(Return.gross).label("gross"))
                 .where(Return.business_date >= first_day, Return.business_date <= last_day)
                 .group_by(rkey))
        if branch is not None:
            rstmt = rstmt.where(Return.branch_code == branch)
        refunds = {row.k: int(row.gross or 0) for row in scope.execute(rstmt)}
    result = []
    tills = _till_names(scope) if group_by == "terminal" else {}
    for row in scope.execute(stmt):
        refunded = refunds.get(row.k, 0)
        entry: dict[str, Any] = {
            group_by: tills.get(row.k, row.k), "sales": int(row.n),
            "gross": str(Money(int(row.gross))), "net": str(Money(int(row.net))),
            "tax": str(Money(int(row.tax))), "refunds": str(Money(refunded)),
            "takings": str(Money(int(row.gross) - refunded))}
        if group_by == "terminal":
            entry["terminal_id"] = row.k  # the till by name above; its id for scripts
        result.append(entry)
    return result


def _till_names(scope: TenantScope) -> dict[str, str]:
    """Each till as people know it: “Tema Branch — Till 2” (branch name, till name)."""
    branches = {b.code: b.name for b in scope.scalars(select(Branch))}
    return {t.id: f"{branches.get(t.branch_code, t.branch_code)} — {t.name}"
            for t in scope.scalars(select(Terminal))}


def _by_method(scope: TenantScope, first_day: str, last_day: str,
               branch: str | None) -> list[dict[str, Any]]:
    stmt = (select(Payment.method, Payment.provider, func.sum(Payment.amount).label("amount"),
                   func.count().label("n"))
            .where(Payment.business_date >= first_day, Payment.business_date <= last_day,
                   Payment.kind != "customer_payment")
            .group_by(Payment.method, Payment.provider).order_by(Payment.method, Payment.provider))
    if branch is not None:
        stmt = stmt.where(Payment.branch_code == branch)
    rows = sorted(scope.execute(stmt), key=lambda r: (label_rank(r.method, r.provider),
                                                     r.provider or ""))
    return [{"method": row.method, "provider": row.provider,
             "label": tender_label(row.method, row.provider), "tenders": int(row.n),
             "amount": str(Money(int(row.amount)))} for row in rows]


def stock_levels(scope: TenantScope, *, branch: str | None = None) -> list[dict[str, Any]]:
    stmt = (select(StockLevel.branch_code, StockLevel.location_code, StockLevel.sku,
                   StockLevel.qty_milli, Product.name, Product.unit)
            .join(Product, (Product.tenant_id == StockLevel.tenant_id)
                  & (Product.sku == StockLevel.sku))
            .order_by(StockLevel.branch_code, StockLevel.location_code, StockLevel.sku))
    if branch is not None:
        stmt = stmt.where(StockLevel.branch_code == branch)
    return [{"branch": r.branch_code, "location": r.location_code, "sku": r.sku, "name": r.name,
             "unit": r.unit, "qty": milli_text(r.qty_milli)} for r in scope.execute(stmt)]
