"""Stock: levels per branch and location, negative and low stock, a product's movements."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from shared.errors import BisamaError
from shared.money import quantity
from sync_server.catalogue.models import Product
from sync_server.dashboard.auth import VIEW
from sync_server.dashboard.web import PREFIX, Current, PageError
from sync_server.db.types import to_milli
from sync_server.reports import stock_detail
from sync_server.tenants.models import Branch

router = APIRouter(include_in_schema=False)
DEFAULT_LOW = "5"


@router.get(f"{PREFIX}/stock")
def stock_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    q = request.query_params
    branch = current.principal.branch_filter(q.get("branch") or None)
    low_text = q.get("low") or DEFAULT_LOW
    try:
        low = to_milli(quantity(low_text))
    except BisamaError:
        raise PageError(400, "Not a quantity", f"“{low_text}” is not a quantity.") from None
    search = (q.get("q") or "").strip() or None
    with current.ctx.scope(current.tenant_id) as scope:
        levels = stock_detail.levels(scope, branch=branch, search=search)
        alerts = stock_detail.alerts(scope, low_milli=low, branch=branch)
        branches = scope.scalars(select(Branch).order_by(Branch.code))
    return current.render("stock.html", levels=levels, alerts=alerts, branch=branch,
                          low=low_text, search=search or "", branches=branches)


@router.get(f"{PREFIX}/stock/{{sku:path}}")
def stock_product(current: Current, request: Request, sku: str) -> HTMLResponse:
    current.require(VIEW)
    branch = current.principal.branch_filter(request.query_params.get("branch") or None)
    with current.ctx.scope(current.tenant_id) as scope:
        product = scope.get(Product, sku)
        if product is None:
            raise PageError(404, "Not found", f"There is no product {sku} in your business.")
        levels = [lv for lv in stock_detail.levels(scope, branch=branch, search=None,
                                                   limit=100000) if lv["sku"] == sku]
        moves = stock_detail.movements(scope, sku, branch=branch)
    return current.render("stock_product.html", product=product, levels=levels, moves=moves,
                          branch=branch)
