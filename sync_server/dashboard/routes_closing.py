"""The month-end close (issue [10]): the months, each month's checklist with its figures,
and the steps — the accountant prepares, a director waives with a reason, approves or
sends it back, and reopens with a reason. The person is the one signed in (their
password proved it); every step is kept with the month's history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from shared.errors import BisamaError
from sync_server.audit.services import record
from sync_server.closing import services as closing
from sync_server.closing.late import late_postings, move_all_back
from sync_server.closing.vat_return import vat_return
from sync_server.dashboard.auth import ALL_BRANCHES, CLOSE_PERIOD, POST_LEDGER, VIEW
from sync_server.dashboard.exports import XLSX_TYPE, Column, Sheet, pick, to_csv, to_xlsx
from sync_server.dashboard.routes_ledger import _period
from sync_server.dashboard.web import (
    PREFIX,
    CheckedForm,
    Current,
    Page,
    PageError,
    back,
    field_text,
)
from sync_server.periods.models import FiscalPeriod
from sync_server.periods.services import list_periods
from sync_server.reports import journals as browse

router = APIRouter(include_in_schema=False)


def _person(current: Page) -> closing.Person:
    p = current.principal
    return closing.Person(p.email, p.name, p.role)


@router.get(f"{PREFIX}/ledger/periods")
def periods_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        periods = list_periods(scope)
        waiting = browse.waiting(scope)
        prepared = {p.period: closing.prepared_by(scope, p.period) for p in periods
                    if p.status == "open"}
    counts: dict[str, int] = {}
    for row in waiting:
        counts[row["date"][:7]] = counts.get(row["date"][:7], 0) + 1
    return current.render("periods.html", periods=periods, waiting=counts, prepared=prepared)


@router.get(f"{PREFIX}/ledger/periods/{{period}}")
def period_page(current: Current, period: str) -> HTMLResponse:
    current.require(VIEW)
    period = _period(current, period)
    with current.ctx.scope(current.tenant_id) as scope:
        listing = closing.checklist(current.ctx, scope, period)
        row = scope.get(FiscalPeriod, period)
        prep = closing.prepared_by(scope, period)
        events = closing.history(scope, period)
        late_here = late_postings(scope, landed=period)
        late_own = late_postings(scope, own=period)
    return current.render("period.html", period=period, listing=listing,
                          late_here=late_here, late_own=late_own,
                          month_status=row.status if row else "open", prepared=prep, events=events)


def _step(current: Page, period: str, action: str, form: CheckedForm) -> Response:
    here = f"{PREFIX}/ledger/periods/{period}"
    who = _person(current)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            if action == "prepare":
                closing.prepare(current.ctx, scope, period, who, current.actor())
                message = (f"{period} is prepared; a director (not you) approves it.")
            elif action == "waive":
                closing.waive(current.ctx, scope, period, who, current.actor(),
                              kind=field_text(form, "kind"), subject=field_text(form, "subject"),
                              reason=field_text(form, "reason"))
                message = "Waived, with your reason."
            elif action == "close":
                if field_text(form, "confirm") != period:
                    return back(here, f"Type {period} in the box to approve closing it.", True)
                closing.approve(current.ctx, scope, period, who, current.actor())
                message = (f"{period} is closed. Late sales dated in it post to the first "
                           "open month, flagged.")
            elif action == "move-late":
                moved = move_all_back(current.ctx, scope, period, who, current.actor())
                message = f"Moved {len(moved)} late posting(s) back into {period}."
            elif action == "reject":
                closing.reject(current.ctx, scope, period, who, current.actor(),
                               reason=field_text(form, "reason"))
                message = "Sent back to the accountant."
            else:
                closing.reopen(current.ctx, scope, period, who, current.actor(),
                               reason=field_text(form, "reason"))
                message = f"{period} is open again."
    except BisamaError as exc:
        return back(here, str(exc), True)
    return back(here, message)


@router.post(f"{PREFIX}/ledger/periods/{{period}}/prepare")
def period_prepare(current: Current, form: CheckedForm, period: str) -> Response:
    current.require(POST_LEDGER)
    return _step(current, _period(current, period), "prepare", form)


@router.post(f"{PREFIX}/ledger/periods/{{period}}/waive")
def period_waive(current: Current, form: CheckedForm, period: str) -> Response:
    current.require(CLOSE_PERIOD)
    return _step(current, _period(current, period), "waive", form)


@router.post(f"{PREFIX}/ledger/periods/{{period}}/close")
def period_close(current: Current, form: CheckedForm, period: str) -> Response:
    """The director's approval of the month-end close (the seed's Phase 5)."""
    current.require(CLOSE_PERIOD)
    return _step(current, _period(current, period), "close", form)


@router.post(f"{PREFIX}/ledger/periods/{{period}}/move-late")
def period_move_late(current: Current, form: CheckedForm, period: str) -> Response:
    current.require(POST_LEDGER)
    return _step(current, _period(current, period), "move-late", form)


@router.post(f"{PREFIX}/ledger/periods/{{period}}/reject")
def period_reject(current: Current, form: CheckedForm, period: str) -> Response:
    current.require(CLOSE_PERIOD)
    return _step(current, _period(current, period), "reject", form)


@router.post(f"{PREFIX}/ledger/periods/{{period}}/open")
def period_open(current: Current, form: CheckedForm, period: str) -> Response:
    current.require(CLOSE_PERIOD)
    return _step(current, _period(current, period), "open", form)


@router.get(f"{PREFIX}/ledger/vat-return")
def vat_return_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    if not current.principal.may(ALL_BRANCHES):
        raise PageError(403, "Not for your role", "The VAT return is the whole business's: a "
                        "director sees it.")
    period = _period(current, request.query_params.get("period"))
    with current.ctx.scope(current.tenant_id) as scope:
        data = vat_return(scope, period)
        periods = [p.period for p in list_periods(scope)]
    return current.render("vat_return.html", period=period, periods=periods, data=data)


def _return_sheets(data: dict[str, object]) -> list[Sheet]:
    supplies = Sheet("Supplies", (Column("label", "Supplies"), Column("value", "Value before tax",
                                                                      money=True)),
                     data["supplies"])  # type: ignore[arg-type]
    taxes = Sheet("Taxes", (Column("tax", "Tax"), Column("output", "Output", money=True),
                            Column("input", "Input", money=True),
                            Column("payable", "Payable", money=True)),
                  data["taxes"])  # type: ignore[arg-type]
    return [supplies, taxes]


@router.get(f"{PREFIX}/ledger/vat-return.{{fmt}}")
def vat_return_export(current: Current, request: Request, fmt: str) -> Response:
    current.require(VIEW)
    if fmt not in ("csv", "xlsx") or not current.principal.may(ALL_BRANCHES):
        raise PageError(404, "Not found", "There is no such export.")
    period = _period(current, request.query_params.get("period"))
    with current.ctx.scope(current.tenant_id) as scope:
        data = vat_return(scope, period)
        record(current.ctx, scope, current.actor(), "report.export",
               detail={"report": "vat_return", "format": fmt, "period": period})
    sheets = _return_sheets(data)
    heading = f"VAT return {period} — due {data['due']}"
    # A CSV is one table (?sheet=taxes for the second); the XLSX has both sheets.
    body = (to_csv(pick(sheets, request.query_params.get("sheet"))) if fmt == "csv"
            else to_xlsx(sheets, heading=heading))
    assert current.tenant is not None
    name = f"vat_return_{current.tenant.domain}_{period}.{fmt}"
    return Response(body, media_type="text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
