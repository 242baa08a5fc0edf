"""Sales: a date range by branch, till, cashier, payment method and hour, top products,
returns and voids, the SOP's daily and weekly sales report, exports (audited), and one
sale down to its lines, tenders and journals."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from shared.tenders import tender_colour
from sync_server.audit.services import record
from sync_server.clock import today
from sync_server.dashboard.auth import VIEW
from sync_server.dashboard.exports import XLSX_TYPE, Column, Sheet, pick, to_csv, to_xlsx
from sync_server.dashboard.web import PREFIX, Current, Page, PageError
from sync_server.reports import completeness
from sync_server.reports import journals as ledger_browse
from sync_server.reports import sales_detail as sd
from sync_server.tenants.models import Branch, User
from sync_server.terminals.models import Terminal

router = APIRouter(include_in_schema=False)
MAX_DAYS = 366


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PageError(400, "Not a date", f"“{text}” is not a date; use YYYY-MM-DD.") from None


def _filters(current: Page, request: Request) -> dict[str, Any]:
    q = request.query_params
    now = today(current.ctx.clock)
    preset = q.get("range", "")
    if preset == "week":
        first, last = now - timedelta(days=now.weekday()), now
    elif preset == "month":
        first, last = now.replace(day=1), now
    elif preset == "yesterday":
        first = last = now - timedelta(days=1)
    else:
        first, last = _day(q.get("first"), now), _day(q.get("last"), now)
    if last < first:
        first, last = last, first
    if (last - first).days >= MAX_DAYS:
        raise PageError(400, "Range too long", f"Choose at most {MAX_DAYS} days.")
    return {"first": first.isoformat(), "last": last.isoformat(),
            "branch": current.principal.branch_filter(q.get("branch") or None),
            "terminal": q.get("terminal") or None, "cashier": q.get("cashier") or None}


def _choices(current: Page) -> dict[str, Any]:
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        branches = [b for b in scope.scalars(select(Branch).order_by(Branch.code))
                    if mine is None or b.code == mine]
        tills = [t for t in scope.scalars(select(Terminal).order_by(Terminal.name))
                 if mine is None or t.branch_code == mine]
        cashiers = [u for u in scope.scalars(select(User).order_by(User.name))
                    if mine is None or u.branch_code == mine]
        people = {u.email: u.name for u in scope.scalars(select(User))}
    return {"branches": branches, "tills": tills, "cashiers": cashiers,
            "till_names": {t.id: t.name for t in tills},
            "branch_names": {b.code: b.name for b in branches}, "people": people}


def incomplete_of(current: Page, last_day: str,
                  branch: str | None) -> dict[str, completeness.BranchState]:
    """The branches (of ``branch``) whose figures up to ``last_day`` may be short
    (reports/completeness.py), keyed by code: what every page that sums them shows."""
    with current.ctx.scope(current.tenant_id) as scope:
        return {code: state for code, state in completeness.branch_states(
            scope, current.ctx.clock.now(), last_day=last_day, branch=branch).items()
            if not state.complete}


def sales_data(current: Page, f: dict[str, Any], *, top: bool = True) -> dict[str, Any]:
    args = (f["first"], f["last"], f["branch"])
    who = {"terminal": f["terminal"], "cashier": f["cashier"]}
    with current.ctx.scope(current.tenant_id) as scope:
        data = sd.overview(scope, *args, **who)
        data.update(methods=sd.by_method(scope, *args, **who),
                    returns=sd.returns_list(scope, *args), voids=sd.voids_list(scope, *args))
        # Best sellers add up every sale line of the range: the page loads them after it
        # is shown (htmx); exports include them.
        data["top"] = sd.top_products(scope, *args) if top else []
        return data


def _chart(labels: list[str], values: list[int], label: str,
           colours: list[str] | None = None) -> str:
    # Chart data in cedis as exact decimal strings; the browser only draws them.
    data: dict[str, object] = {"labels": labels, "label": label,
                               "values": [f"{v // 100}.{v % 100:02d}" if v >= 0 else
                                          f"-{-v // 100}.{-v % 100:02d}" for v in values]}
    if colours is not None:
        data["colours"] = colours  # one per label: payment methods (shared.tenders)
    return json.dumps(data).replace("<", "\\u003c")


@router.get(f"{PREFIX}/sales")
def sales_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    f = _filters(current, request)
    data = sales_data(current, f, top=False)
    charts = {
        "days": _chart([d["date"][5:] for d in data["days"]], [d["takings"] for d in data["days"]],
                       "Takings (GH₵)"),
        "hours": _chart([f"{h['hour']:02d}" for h in data["hours"]],
                        [h["gross"] for h in data["hours"]], "Sales (GH₵)"),
        "methods": _chart([m["label"] for m in data["methods"]],
                          [m["amount"] for m in data["methods"]], "GH₵",
                          [tender_colour(m["method"], m["provider"]) for m in data["methods"]]),
    }
    gaps = incomplete_of(current, f["last"], f["branch"])
    return current.render("sales.html", f=f, charts=charts, query=request.url.query,
                          incomplete=list(gaps.values()), gaps=gaps, **data, **_choices(current))


@router.get(f"{PREFIX}/sales/top")
def sales_top(current: Current, request: Request) -> HTMLResponse:
    """The best sellers of the sales page's range (loaded after the page, by htmx)."""
    current.require(VIEW)
    f = _filters(current, request)
    with current.ctx.scope(current.tenant_id) as scope:
        top = sd.top_products(scope, f["first"], f["last"], f["branch"])
    return current.render("_top_products.html", top=top)


@router.get(f"{PREFIX}/sales/report")
def sales_report(current: Current, request: Request) -> HTMLResponse:
    """The SOP's daily and weekly sales report: a day's figures per branch and method,
    and the last eight weeks with a chart."""
    current.require(VIEW)
    q = request.query_params
    day = _day(q.get("day"), today(current.ctx.clock)).isoformat()
    branch = current.principal.branch_filter(q.get("branch") or None)
    with current.ctx.scope(current.tenant_id) as scope:
        daily = {"totals": sd.totals(scope, day, day, branch),
                 "by_branch": sd.by_key(scope, day, day, "branch", branch),
                 "methods": sd.by_method(scope, day, day, branch),
                 "hours": sd.by_hour(scope, day, day, branch),
                 "top": sd.top_products(scope, day, day, branch, limit=5)}
        weeks = sd.weekly(scope, day, 8, branch)
    chart = _chart([w["week"][5:] for w in weeks], [w["takings"] for w in weeks],
                   "Weekly takings (GH₵)")
    by_hour: list[dict[str, int]] = daily["hours"]  # type: ignore[assignment]
    hours = _chart([f"{h['hour']:02d}" for h in by_hour], [h["gross"] for h in by_hour],
                   "Sales (GH₵)")
    gaps = incomplete_of(current, day, branch)
    return current.render("sales_report.html", day=day, branch=branch, daily=daily, weeks=weeks,
                          chart=chart, hours_chart=hours, incomplete=list(gaps.values()),
                          gaps=gaps, weeks_query=_weeks_query(weeks, branch),
                          **_choices(current))


def _weeks_query(weeks: list[dict[str, Any]], branch: str | None) -> str:
    from urllib.parse import urlencode

    return urlencode({"first": weeks[0]["week"], "last": weeks[-1]["ends"], "weeks": "1",
                      **({"branch": branch} if branch else {})})


SALE_COLUMNS = (Column("date", "Date", date=True), Column("sales", "Sales"),
                Column("gross", "Gross", True), Column("refunds", "Refunds", True),
                Column("takings", "Takings", True))
WEEK_COLUMNS = (Column("week", "Week from (Monday)", date=True),
                Column("ends", "to (Sunday)", date=True), Column("sales", "Sales"),
                Column("gross", "Gross", True), Column("refunds", "Refunds", True),
                Column("takings", "Takings", True))


def _weeks_of(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The range's days summed Monday to Sunday: one row per week (a week cut by the
    range's ends holds only the range's days)."""
    weeks: dict[str, dict[str, Any]] = {}
    for d in days:
        day = date.fromisoformat(d["date"])
        monday = day - timedelta(days=day.weekday())
        w = weeks.setdefault(monday.isoformat(), {
            "week": monday.isoformat(), "ends": (monday + timedelta(days=6)).isoformat(),
            "sales": 0, "gross": 0, "refunds": 0, "takings": 0})
        for key in ("sales", "gross", "refunds", "takings"):
            w[key] += d[key]
    return [weeks[k] for k in sorted(weeks)]


def _export_sheets(data: dict[str, Any], choices: dict[str, Any], *,
                   weeks_first: bool = False,
                   gaps: dict[str, completeness.BranchState] | None = None) -> list[Sheet]:
    per = (Column("key", "Key"), Column("sales", "Sales"), Column("gross", "Gross", True),
           Column("tax", "Tax", True), Column("refunds", "Refunds", True),
           Column("takings", "Takings", True))
    t = data["totals"]
    # Amounts as numbers (Decimal cedis), not text: a spreadsheet adds them up, and a
    # negative one is not mistaken for a formula. Counts are whole numbers.
    summary = [{"what": "Sales", "count": t.sales}, {"what": "Gross", "value": t.gross},
               {"what": "Tax", "value": t.tax}, {"what": "Refunds", "value": t.refunds,
                                                 "count": t.refund_count},
               {"what": "Takings", "value": t.takings},
               {"what": "Voided sales", "count": t.voids, "value": t.void_gross}]
    people, tills = choices["people"], choices["till_names"]
    branch_names = choices["branch_names"]
    gaps = gaps or {}

    def named(rows: list[dict[str, Any]], names: dict[str, str],
              column: str = "key") -> list[dict[str, Any]]:
        return [{**r, column: names.get(r[column], r[column])} for r in rows]

    branches = [{**r, "key": branch_names.get(r["key"], r["key"]),
                 "state": (f"incomplete: {gaps[r['key']].summary}" if r["key"] in gaps
                           else "")} for r in data["by_branch"]]
    weeks = Sheet("By week", WEEK_COLUMNS, _weeks_of(data["days"]))
    sheets = [
        Sheet("By day", SALE_COLUMNS, data["days"]),
        weeks,
        Sheet("Summary", (Column("what", "Figure"), Column("count", "Number"),
                          Column("value", "GH₵", True)), summary),
        Sheet("By branch", (*per[:1], *per[1:], Column("state", "Figures")), branches),
        Sheet("By till", per, named(data["by_terminal"], tills)),
        Sheet("By cashier", per, named(data["by_cashier"], people)),
        Sheet("By method", (Column("label", "Method"), Column("tenders", "Tenders"),
                            Column("amount", "Amount", True)), data["methods"]),
        Sheet("By hour", (Column("hour", "Hour"), Column("sales", "Sales"),
                          Column("gross", "Gross", True)), data["hours"]),
        Sheet("Top products", (Column("sku", "SKU"), Column("name", "Product"),
                               Column("qty", "Quantity"), Column("gross", "Gross", True)),
              [{**p, "qty": _qty(p["qty_milli"])}
               for p in data["top"]]),
        Sheet("Returns", (Column("refund_no", "Refund"), Column("receipt_no", "Receipt"),
                          Column("date", "Date", date=True), Column("branch", "Branch"),
                          Column("reason", "Reason"), Column("gross", "Amount", True)),
              named(data["returns"], branch_names, "branch")),
        Sheet("Voids", (Column("receipt_no", "Receipt"), Column("date", "Date", date=True),
                        Column("branch", "Branch"), Column("user", "Cashier"),
                        Column("gross", "Amount", True)),
              named(named(data["voids"], branch_names, "branch"), people, "user")),
    ]
    if weeks_first:
        sheets.remove(weeks)
        sheets.insert(0, weeks)
    return sheets


def _qty(milli: int) -> Decimal:
    from sync_server.db.types import from_milli

    return from_milli(milli)


@router.get(f"{PREFIX}/sales/export.{{fmt}}")
def sales_export(current: Current, request: Request, fmt: str) -> Response:
    current.require(VIEW)
    if fmt not in ("csv", "xlsx"):
        raise PageError(404, "Not found", "Exports are CSV or XLSX.")
    f = _filters(current, request)
    data = sales_data(current, f)
    gaps = incomplete_of(current, f["last"], f["branch"])
    sheets = _export_sheets(data, _choices(current), gaps=gaps,
                            weeks_first=request.query_params.get("weeks") == "1")
    assert current.tenant is not None
    name = f"sales_{current.tenant.domain}_{f['first']}_{f['last']}.{fmt}"
    heading = (f"{current.tenant.name} — sales {f['first']} to {f['last']}"
               + (f", branch {f['branch']}" if f["branch"] else ""))
    if gaps:
        heading += " — incomplete: " + "; ".join(f"{g.name}: {g.summary}" for g in gaps.values())
    # A CSV is one table: the sheet asked for (?sheet=by-week), else the first.
    body = (to_csv(pick(sheets, request.query_params.get("sheet"))) if fmt == "csv"
            else to_xlsx(sheets, heading=heading))
    with current.ctx.scope(current.tenant_id) as scope:
        record(current.ctx, scope, current.actor(), "export", subject=name,
               detail={"report": "sales", "format": fmt, **f})
    return Response(body, media_type="text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get(f"{PREFIX}/sales/find")
def sale_find(current: Current, request: Request) -> Response:
    current.require(VIEW)
    receipt = request.query_params.get("receipt", "")
    with current.ctx.scope(current.tenant_id) as scope:
        sale_id = ledger_browse.find_sale(scope, receipt) if receipt else None
    if sale_id is None:
        raise PageError(404, "No such receipt", f"No sale has the receipt number “{receipt}”.")
    from fastapi.responses import RedirectResponse

    return RedirectResponse(f"{PREFIX}/sales/{sale_id}", status_code=303)


@router.get(f"{PREFIX}/sales/{{sale_id}}")
def sale_detail(current: Current, sale_id: str) -> HTMLResponse:
    current.require(VIEW)
    from sync_server.customers.models import Customer
    from sync_server.reports.sales_list import names
    from sync_server.sales.models import Shift

    with current.ctx.scope(current.tenant_id) as scope:
        found = ledger_browse.sale(scope, sale_id)
        till = scope.get(Terminal, found["sale"].terminal_id) if found else None
        who = names(scope)
        shift = scope.get(Shift, found["sale"].shift_id) if found else None
        customer = (scope.get(Customer, found["sale"].customer_id)
                    if found and found["sale"].customer_id else None)
    mine = current.principal.branch_filter(None)
    if found is None or (mine is not None and found["sale"].branch_code != mine):
        raise PageError(404, "Not found", "There is no such sale in your business.")
    # A person reads the page: names, not the codes and e-mails the records keep.
    head = found["sale"]
    return current.render("sale.html", till=till, branch_name=who.branch(head.branch_code),
                          cashier=who.person(head.user_email),
                          customer=customer.name if customer else None,
                          shift_known=shift is not None, **found)
