"""The list of sales and of sale lines (``/receipts``): filters, keyset pages, the
filtered totals with the branches whose figures may be short, each sale to its receipt
and its journal; typed CSV and XLSX exports of the list (audited).

The list lives at ``/receipts`` rather than under ``/sales/``: ``/sales/{sale_id}`` is
one sale's page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from shared.money import Money
from sync_server.audit.services import record
from sync_server.clock import today
from sync_server.dashboard.auth import VIEW
from sync_server.dashboard.routes_sales import MAX_DAYS, _choices, _day
from sync_server.dashboard.web import PREFIX, Current, Page, PageError
from sync_server.errors import Invalid
from sync_server.ledger.models import Journal
from sync_server.reports import completeness
from sync_server.reports import export as typed
from sync_server.reports import sales_list as sl
from sync_server.sales.models import Sale

router = APIRouter(include_in_schema=False)
EXPORT_LIMIT = {"csv": 100_000, "xlsx": 50_000}  # rows in one file (XLSX is built in memory)


def _amount(text: str | None, what: str) -> int | None:
    if not text or not text.strip():
        return None
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise PageError(400, "Not an amount",
                        f"“{text[:40]}” is not an amount; type cedis, e.g. 25.50.") from None
    if not value.is_finite() or abs(value) >= Decimal("1e11"):
        raise PageError(400, "Not an amount", f"The {what} amount is not one a sale can have.")
    return int((value * 100).to_integral_value())


def filters(current: Page, request: Request) -> sl.SaleFilters:
    q = request.query_params
    now = today(current.ctx.clock)
    first = _day(q.get("first"), now - timedelta(days=6))
    last = _day(q.get("last"), now)
    if last < first:
        first, last = last, first
    if (last - first).days >= MAX_DAYS:
        raise PageError(400, "Range too long", f"Choose at most {MAX_DAYS} days.")
    customer = (q.get("customer") or "").strip()[:100] or None
    product = (q.get("product") or "").strip()[:100] or None
    method = q.get("method") or None
    status = q.get("status") or "completed"
    with current.ctx.scope(current.tenant_id) as scope:
        customers = sl.match_customers(scope, customer) if customer else None
        skus = sl.match_products(scope, product) if product else None
    try:
        return sl.SaleFilters(
            first.isoformat(), last.isoformat(),
            branch=current.principal.branch_filter(q.get("branch") or None),
            terminal=(q.get("terminal") or None), cashier=(q.get("cashier") or None),
            method=method, customer=customer, product=product, customers=customers, skus=skus,
            low=_amount(q.get("min"), "lowest"), high=_amount(q.get("max"), "highest"),
            status=status)
    except Invalid as e:
        raise PageError(400, "Not a filter", str(e)) from None


@router.get(f"{PREFIX}/receipts/totals")
def sales_list_totals(current: Current, request: Request) -> HTMLResponse:
    """The filtered list's tiles, loaded after the page (htmx) when they need a pass
    over the sales themselves."""
    current.require(VIEW)
    f = filters(current, request)
    with current.ctx.scope(current.tenant_id) as scope:
        totals = sl.totals(scope, f)
        states = completeness.branch_states(scope, current.ctx.clock.now(), last_day=f.last,
                                            branch=f.branch)
    return current.render("_sales_list_tiles.html", totals=totals,
                          incomplete=completeness.incomplete(states))


@router.get(f"{PREFIX}/receipts")
def sales_list(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    f = filters(current, request)
    view = "lines" if request.query_params.get("view") == "lines" else "sales"
    try:
        after = sl.parse_cursor(request.query_params.get("after"), lines=view == "lines")
    except Invalid as e:
        raise PageError(400, "Not a page of this list", str(e)) from None
    with current.ctx.scope(current.tenant_id) as scope:
        who = sl.names(scope)
        page = (sl.lines_page if view == "lines" else sl.sales_page)(scope, f, after=after,
                                                                     who=who)
        # Totals a sum of the summaries can give are shown at once; others (a method,
        # product, customer or amount: a pass over the range's sales) after the page.
        totals = sl.totals(scope, f) if sl.summarised(f) else None
        states = completeness.branch_states(scope, current.ctx.clock.now(), last_day=f.last,
                                            branch=f.branch)
    query = f.query()
    base = urlencode({**query, **({"view": "lines"} if view == "lines" else {})})
    return current.render(
        "sales_list.html", f=f, view=view, rows=page["rows"], totals=totals,
        next_link=(f"?{base}&{urlencode({'after': page['next']})}" if page["next"] else None),
        first_link=f"?{base}" if after else None, query=base,
        sales_query=urlencode(query), lines_query=urlencode({**query, "view": "lines"}),
        incomplete=completeness.incomplete(states), methods=sl.methods_of(),
        **_choices(current))


def _sale_rows(current: Page, f: sl.SaleFilters, view: str,
               limit: int) -> Iterator[dict[str, Any]]:
    after = None
    sent = 0
    with current.ctx.scope(current.tenant_id) as scope:
        who = sl.names(scope)
        fetch = sl.lines_page if view == "lines" else sl.sales_page
        while sent < limit:
            page = fetch(scope, f, after=after, size=min(2000, limit - sent), who=who)
            for row in page["rows"]:
                yield row
                sent += 1
            if not page["next"]:
                return
            after = sl.parse_cursor(page["next"], lines=view == "lines")


SALE_COLUMNS = (
    typed.Col("date", "Date", "date"), typed.Col("time", "Time"),
    typed.Col("receipt_no", "Receipt"), typed.Col("branch", "Branch"),
    typed.Col("till", "Till"), typed.Col("cashier", "Cashier"),
    typed.Col("customer", "Customer"), typed.Col("methods", "Paid by"),
    typed.Col("lines", "Lines", "int"), typed.Col("net", "Net", "money"),
    typed.Col("tax", "Tax", "money"), typed.Col("gross", "Gross", "money"),
    typed.Col("status", "Status"))
LINE_COLUMNS = (
    typed.Col("date", "Date", "date"), typed.Col("time", "Time"),
    typed.Col("receipt_no", "Receipt"), typed.Col("line_no", "Line", "int"),
    typed.Col("branch", "Branch"), typed.Col("till", "Till"), typed.Col("cashier", "Cashier"),
    typed.Col("sku", "SKU"), typed.Col("name", "Product"), typed.Col("qty", "Quantity", "qty"),
    typed.Col("unit", "Unit"), typed.Col("unit_price", "Unit price", "money"),
    typed.Col("discount", "Discount", "money"), typed.Col("net", "Net", "money"),
    typed.Col("gross", "Gross", "money"), typed.Col("status", "Status"))


@router.get(f"{PREFIX}/receipts.{{fmt}}")
def sales_list_export(current: Current, request: Request, fmt: str) -> Response:
    current.require(VIEW)
    if fmt not in ("csv", "xlsx"):
        raise PageError(404, "Not found", "Exports are CSV or XLSX.")
    f = filters(current, request)
    view = "lines" if request.query_params.get("view") == "lines" else "sales"
    limit = EXPORT_LIMIT[fmt]
    rows = list(_sale_rows(current, f, view, limit))
    if view == "lines":
        for row in rows:
            row["qty"] = Decimal(row["qty_milli"]) / 1000
    with current.ctx.scope(current.tenant_id) as scope:
        states = completeness.incomplete(completeness.branch_states(
            scope, current.ctx.clock.now(), last_day=f.last, branch=f.branch))
    assert current.tenant is not None
    gross = sum(r["gross"] for r in rows)
    footer = [f"{len(rows)} {'lines' if view == 'lines' else 'sales'}, gross "
              f"GH₵ {Money(gross).format('', grouping=True).strip()}"]
    if len(rows) >= limit:
        footer.append(f"Only the first {limit:,} rows: narrow the filters for the rest.")
    footer += [f"Incomplete: {s.name}: {s.summary}" for s in states]
    report = typed.Report(
        title=f"{current.tenant.name} — {'sale lines' if view == 'lines' else 'sales'} "
              f"{f.first} to {f.last}",
        columns=LINE_COLUMNS if view == "lines" else SALE_COLUMNS, rows=rows,
        heading=[_described(f)], footer=footer,
        name=f"{'sale_lines' if view == 'lines' else 'sales_list'}_{current.tenant.domain}_"
             f"{f.first}_{f.last}")
    body, media, name = typed.render(report, fmt)
    with current.ctx.scope(current.tenant_id) as scope:
        record(current.ctx, scope, current.actor(), "export", subject=name,
               detail={"report": "sales_list", "format": fmt, "view": view, **f.query()})
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _described(f: sl.SaleFilters) -> str:
    parts = [f"{k} {v}" for k, v in f.query().items() if k not in ("first", "last")]
    return "Filters: " + (", ".join(parts) if parts else "none")


@router.get(f"{PREFIX}/receipts/{{sale_id}}/journal")
def sale_journal(current: Current, sale_id: str) -> Response:
    """The journal a sale was posted in (the list's "journal" link)."""
    current.require(VIEW)
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        sale = scope.get(Sale, sale_id[:36])
        journal = scope.scalar(select(Journal.id).where(Journal.envelope_id == sale_id[:36])
                               .order_by(Journal.entry_date).limit(1)) if sale else None
    if sale is None or (mine is not None and sale.branch_code != mine):
        raise PageError(404, "Not found", "There is no such sale in your business.")
    if journal is None:
        raise PageError(404, "Not posted yet",
                        f"Sale {sale.receipt_no} is not in the books yet: its posting is "
                        f"{sale.posting_status}. See Ledger › Postings.")
    return RedirectResponse(f"{PREFIX}/ledger/journals/{journal}", status_code=303)
