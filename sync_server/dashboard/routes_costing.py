"""Dashboard pages of the books: stock at moving average cost, opening balances (issue [9];
docs/costing.md).

* **Stock valuation** — per branch and SKU: quantity, average cost, value, beside the
  balance of 1200 Inventory it equals; as of a date; CSV and XLSX. A manager sees their
  own branch only.
* **Opening balances** — upload forms for a trial balance, opening stock and customer
  balances (CSV or XLSX) at a go-live date, and the summary of accepted and rejected
  rows. Directors and admins only (``back_office``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from shared.errors import BisamaError
from sync_server.audit.services import record
from sync_server.clock import today
from sync_server.costing import opening
from sync_server.costing.opening_suppliers import import_supplier_balances
from sync_server.costing.valuation import Valuation, stock_valuation
from sync_server.dashboard.auth import BACK_OFFICE, VIEW
from sync_server.dashboard.exports import XLSX_TYPE, Column, Sheet, to_csv, to_xlsx
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, PageError, field_text
from sync_server.db.types import from_milli
from sync_server.tenants.models import Branch

router = APIRouter(include_in_schema=False)
B = f"{PREFIX}/books"
MAX_UPLOAD = 20_000_000
IMPORTS = {
    "balances": ("Trial balance", opening.import_trial_balance),
    "stock": ("Opening stock", opening.import_opening_stock),
    "customers": ("Customer balances", opening.import_customer_balances),
    "suppliers": ("Supplier balances", import_supplier_balances),
}


def _valuation(current: Page, request: Request) -> tuple[Valuation, list[Any]]:
    q = request.query_params
    branch = current.principal.branch_filter(q.get("branch") or None)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            report = stock_valuation(scope, branch=branch, as_of=q.get("as_of") or None)
            branches = scope.scalars(select(Branch).order_by(Branch.code))
    except BisamaError as exc:
        raise PageError(400, "Cannot show the valuation", str(exc)) from None
    return report, branches


@router.get(f"{B}/stock-valuation")
def valuation_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    report, branches = _valuation(current, request)
    return current.render("costing_valuation.html", report=report, branches=branches,
                          branch=report.branch, as_of=report.as_of or "")


@router.get(f"{B}/stock-valuation.{{fmt}}")
def valuation_export(current: Current, request: Request, fmt: str) -> Response:
    current.require(VIEW)
    if fmt not in ("csv", "xlsx"):
        raise PageError(404, "Not found", "Exports are CSV or XLSX.")
    report, _ = _valuation(current, request)
    rows: list[dict[str, Any]] = [
        {"branch": ln.branch, "sku": ln.sku, "name": ln.name,
         "qty": Decimal(from_milli(ln.qty_milli)), "average": ln.average, "value": ln.value}
        for ln in report.lines]
    rows += [{"branch": b, "name": "branch total", "value": v}
             for b, v in sorted(report.by_branch.items())]
    rows.append({"name": "total", "value": report.total})
    rows.append({"name": "account 1200 Inventory", "value": report.inventory})
    sheets = [Sheet("Stock valuation", [
        Column("branch", "Branch"), Column("sku", "SKU"), Column("name", "Name"),
        Column("qty", "Quantity"), Column("average", "Average cost", money=True),
        Column("value", "Value", money=True)], rows)]
    assert current.tenant is not None
    name = f"stock_valuation_{current.tenant.domain}_{report.as_of or today(current.ctx.clock)}" \
           f"{'_' + report.branch if report.branch else ''}.{fmt}"
    heading = (f"{current.tenant.name} — stock valuation"
               + (f" at the end of {report.as_of}" if report.as_of else "")
               + (f", branch {report.branch}" if report.branch else ""))
    body = to_csv(sheets) if fmt == "csv" else to_xlsx(sheets, heading=heading)
    with current.ctx.scope(current.tenant_id) as scope:
        record(current.ctx, scope, current.actor(), "export", subject=name,
               detail={"report": "stock_valuation", "format": fmt, "branch": report.branch,
                       "as_of": report.as_of})
    return Response(body, media_type="text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get(f"{B}/opening")
def opening_page(current: Current) -> HTMLResponse:
    current.require(BACK_OFFICE)
    with current.ctx.scope(current.tenant_id) as scope:
        branches = scope.scalars(select(Branch).order_by(Branch.code))
    return current.render("costing_opening.html", summary=None, title=None,
                          day=today(current.ctx.clock).isoformat(), branches=branches)


@router.post(f"{B}/opening/{{what}}")
async def opening_import(current: Current, form: CheckedForm, what: str) -> HTMLResponse:
    current.require(BACK_OFFICE)
    if what not in IMPORTS:
        raise PageError(404, "Not found", "There is no such import.")
    title, importer = IMPORTS[what]
    upload = form.get("file")
    day = field_text(form, "date")
    partial = field_text(form, "partial") == "1"
    branch = field_text(form, "branch") or None
    with current.ctx.scope(current.tenant_id) as scope:
        branches = scope.scalars(select(Branch).order_by(Branch.code))
    values: dict[str, Any] = {"title": title, "day": day, "branches": branches}
    if upload is None or isinstance(upload, str) or not upload.filename:
        return current.render("costing_opening.html", 400, summary=None,
                              error="Choose a CSV or XLSX file to import.", **values)
    raw = await upload.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        return current.render("costing_opening.html", 400, summary=None,
                              error="The file is over 20 MB; split it.", **values)
    extra: dict[str, Any] = {"branch": branch} if what in ("customers", "suppliers") else {}
    name = upload.filename

    def work() -> opening.OpeningSummary:
        with current.ctx.scope(current.tenant_id) as scope:
            return importer(current.ctx, scope, current.actor(), raw, day=day, filename=name,
                            partial=partial, **extra)

    try:
        summary = await run_in_threadpool(work)
    except BisamaError as exc:
        return current.render("costing_opening.html", 400, summary=None,
                              error=f"Nothing was imported: {exc}", **values)
    return current.render("costing_opening.html", summary=summary, filename=name, **values)
