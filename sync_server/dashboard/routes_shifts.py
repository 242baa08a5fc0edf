"""Shifts and cash-ups (``/shifts``): the list per till and cashier, one shift's cash-up
and Z report, the variance report by cashier and by till; typed CSV and XLSX exports
(audited). A manager sees their own branch only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sync_server.audit.services import record
from sync_server.clock import today
from sync_server.dashboard.auth import VIEW
from sync_server.dashboard.routes_sales import MAX_DAYS, _choices, _day
from sync_server.dashboard.web import PREFIX, Current, Page, PageError
from sync_server.errors import Invalid
from sync_server.reports import completeness
from sync_server.reports import export as typed
from sync_server.reports import shifts as sh

router = APIRouter(include_in_schema=False)


def _filters(current: Page, request: Request) -> sh.ShiftFilters:
    q = request.query_params
    now = today(current.ctx.clock)
    first = _day(q.get("first"), now - timedelta(days=6))
    last = _day(q.get("last"), now)
    if last < first:
        first, last = last, first
    if (last - first).days >= MAX_DAYS:
        raise PageError(400, "Range too long", f"Choose at most {MAX_DAYS} days.")
    try:
        return sh.ShiftFilters(first.isoformat(), last.isoformat(),
                               branch=current.principal.branch_filter(q.get("branch") or None),
                               terminal=q.get("terminal") or None,
                               cashier=q.get("cashier") or None,
                               state=q.get("state") or "all",
                               variance_only=q.get("variance") == "1")
    except Invalid as e:
        raise PageError(400, "Not a filter", str(e)) from None


def _query(f: sh.ShiftFilters) -> dict[str, str]:
    out = {"first": f.first, "last": f.last}
    for key in ("branch", "terminal", "cashier"):
        if getattr(f, key):
            out[key] = getattr(f, key)
    if f.state != "all":
        out["state"] = f.state
    if f.variance_only:
        out["variance"] = "1"
    return out


def _page_no(request: Request) -> int:
    text = request.query_params.get("page") or "0"
    if not text.isdigit() or len(text) > 6:
        raise PageError(400, "Not a page", "The page number is not one this list has.")
    return int(text)


def _incomplete(current: Page, f: sh.ShiftFilters) -> list[completeness.BranchState]:
    with current.ctx.scope(current.tenant_id) as scope:
        return completeness.incomplete(completeness.branch_states(
            scope, current.ctx.clock.now(), last_day=f.last, branch=f.branch))


@router.get(f"{PREFIX}/shifts")
def shifts_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    f = _filters(current, request)
    page = _page_no(request)
    with current.ctx.scope(current.tenant_id) as scope:
        data = sh.shift_list(scope, f, page=page)
    query = urlencode(_query(f))
    return current.render("shifts.html", f=f, query=query, incomplete=_incomplete(current, f),
                          **data, **_choices(current))


@router.get(f"{PREFIX}/shifts/variance")
def variance_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    f = _filters(current, request)
    with current.ctx.scope(current.tenant_id) as scope:
        data = sh.variance_report(scope, f)
    return current.render("shift_variance.html", f=f, query=urlencode(_query(f)),
                          incomplete=_incomplete(current, f), **data, **_choices(current))


SHIFT_COLUMNS = (
    typed.Col("opened", "Opened", "date"), typed.Col("closed", "Closed", "date"),
    typed.Col("branch", "Branch"), typed.Col("till", "Till"),
    typed.Col("opened_by", "Opened by"), typed.Col("closed_by", "Closed by"),
    typed.Col("float", "Float", "money"), typed.Col("sales", "Sales", "int"),
    typed.Col("gross", "Sales gross", "money"), typed.Col("expected", "Expected cash", "money"),
    typed.Col("counted", "Counted", "money"), typed.Col("variance", "Variance", "money"))
VARIANCE_COLUMNS = (
    typed.Col("name", "Cashier"), typed.Col("shifts", "Shifts", "int"),
    typed.Col("with_variance", "With a variance", "int"), typed.Col("over", "Over", "money"),
    typed.Col("short", "Short", "money"), typed.Col("net", "Net variance", "money"),
    typed.Col("expected", "Expected cash", "money"), typed.Col("counted", "Counted", "money"))


def _send(current: Page, report: typed.Report, fmt: str, detail: dict[str, Any]) -> Response:
    try:
        body, media, name = typed.render(report, fmt)
    except Invalid:
        raise PageError(404, "Not found", "Exports are CSV, XLSX or PDF.") from None
    with current.ctx.scope(current.tenant_id) as scope:
        record(current.ctx, scope, current.actor(), "export", subject=name,
               detail={**detail, "format": fmt})
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _heading(f: sh.ShiftFilters) -> list[str]:
    parts = [f"{k} {v}" for k, v in _query(f).items() if k not in ("first", "last")]
    return [f"{f.first} to {f.last}" + (f" — {', '.join(parts)}" if parts else "")]


@router.get(f"{PREFIX}/shifts/variance.{{fmt}}")
def variance_export(current: Current, request: Request, fmt: str) -> Response:
    """The variance report by cashier or (``?by=till``) by till, with the totals row."""
    current.require(VIEW)
    f = _filters(current, request)
    by_till = request.query_params.get("by") == "till"
    with current.ctx.scope(current.tenant_id) as scope:
        data = sh.variance_report(scope, f)
    assert current.tenant is not None
    columns = ((typed.Col("name", "Till"), *VARIANCE_COLUMNS[1:]) if by_till
               else VARIANCE_COLUMNS)
    report = typed.Report(
        title=f"{current.tenant.name} — cash variances by {'till' if by_till else 'cashier'}",
        columns=columns, rows=data["by_till" if by_till else "by_cashier"],
        heading=_heading(f), totals={"name": "Total", **data["totals"]},
        footer=[f"Incomplete: {s.name}: {s.summary}" for s in _incomplete(current, f)],
        name=f"cash_variances_{'till' if by_till else 'cashier'}_{current.tenant.domain}_"
             f"{f.first}_{f.last}")
    return _send(current, report, fmt, {"report": "cash_variances", **_query(f)})


@router.get(f"{PREFIX}/shifts.{{fmt}}")
def shifts_export(current: Current, request: Request, fmt: str) -> Response:
    current.require(VIEW)
    f = _filters(current, request)
    rows: list[dict[str, Any]] = []
    page = 0
    with current.ctx.scope(current.tenant_id) as scope:
        while True:
            data = sh.shift_list(scope, f, page=page, size=1000)
            rows += data["rows"]
            if not data["more"] or len(rows) >= 50_000:
                break
            page += 1
    assert current.tenant is not None
    t = data["totals"]
    report = typed.Report(
        title=f"{current.tenant.name} — shifts and cash-ups", columns=SHIFT_COLUMNS, rows=rows,
        heading=_heading(f),
        totals={"opened": None, "branch": f"Total ({t['n']} shifts)", "float": t["float"],
                "sales": t["sales"], "gross": t["gross"], "expected": t["expected"],
                "counted": t["counted"], "variance": t["variance"]},
        footer=[f"Incomplete: {s.name}: {s.summary}" for s in _incomplete(current, f)],
        name=f"shifts_{current.tenant.domain}_{f.first}_{f.last}")
    return _send(current, report, fmt, {"report": "shifts", **_query(f)})


@router.get(f"{PREFIX}/shifts/{{shift_id}}")
def shift_page(current: Current, shift_id: str) -> HTMLResponse:
    current.require(VIEW)
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        found = sh.shift_detail(scope, shift_id[:36])
    if found is None or (mine is not None and found["shift"]["branch_code"] != mine):
        raise PageError(404, "Not found", "There is no such shift in your business.")
    return current.render("shift.html", **found)
