"""The ledger pages: trial balance, profit and loss, balance sheet for a period and
branch; the journal browser down to a sale; the month's tax reconciliation; postings
that wait, with a retry button. The month-end close is ``routes_closing``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from shared.errors import BisamaError
from sync_server.clock import today
from sync_server.closing.taxes import explained_reconciliation
from sync_server.dashboard.auth import POST_LEDGER, VIEW
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, PageError, back, field_text
from sync_server.ledger.services import post_unposted
from sync_server.periods.services import list_periods, month_of, parse_period
from sync_server.reports import journals as browse
from sync_server.reports.ledger import balance_sheet, profit_and_loss, trial_balance
from sync_server.reports.tax import reconciliation
from sync_server.tenants.models import Branch

router = APIRouter(include_in_schema=False)


def _period(current: Page, text: str | None) -> str:
    if not text:
        return month_of(today(current.ctx.clock))
    try:
        return parse_period(text)
    except BisamaError as exc:
        raise PageError(400, "Not a month", str(exc)) from None


def _common(current: Page, request: Request) -> dict[str, Any]:
    q = request.query_params
    with current.ctx.scope(current.tenant_id) as scope:
        periods = [p.period for p in list_periods(scope)]
        branches = scope.scalars(select(Branch).order_by(Branch.code))
    period = _period(current, q.get("period"))
    branch = current.principal.branch_filter(q.get("branch") or None)
    return {"period": period, "periods": periods, "branch": branch, "branches": branches,
            "incomplete": _incomplete(current, period, branch)}


def _incomplete(current: Page, period: str, branch: str | None) -> list[Any]:
    """The branches whose sales of the period may not all be in the books yet (tills
    silent or holding a backlog: reports/completeness.py), for the page's warning."""
    import calendar
    from datetime import date

    from sync_server.reports import completeness

    year, month = int(period[:4]), int(period[5:7])
    end = date(year, month, calendar.monthrange(year, month)[1])
    with current.ctx.scope(current.tenant_id) as scope:
        return completeness.incomplete(completeness.branch_states(
            scope, current.ctx.clock.now(), last_day=end.isoformat(), branch=branch))


@router.get(f"{PREFIX}/ledger/trial-balance")
def trial_balance_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    c = _common(current, request)
    with current.ctx.scope(current.tenant_id) as scope:
        report = trial_balance(scope, period=c["period"], branch=c["branch"])
    return current.render("ledger_tb.html", report=report, **c)


@router.get(f"{PREFIX}/ledger/profit-loss")
def profit_loss_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    c = _common(current, request)
    first = _period(current, request.query_params.get("first") or c["period"])
    with current.ctx.scope(current.tenant_id) as scope:
        report = profit_and_loss(scope, first=first, last=c["period"], branch=c["branch"])
    return current.render("ledger_pnl.html", report=report, first=first, **c)


@router.get(f"{PREFIX}/ledger/balance-sheet")
def balance_sheet_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    c = _common(current, request)
    with current.ctx.scope(current.tenant_id) as scope:
        report = balance_sheet(scope, period=c["period"], branch=c["branch"])
    return current.render("ledger_bs.html", report=report, **c)


@router.get(f"{PREFIX}/ledger/journals")
def journals_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    c = _common(current, request)
    q = request.query_params
    page_no = max(0, int(q.get("page", "0") or 0)) if (q.get("page") or "0").isdigit() else 0
    with current.ctx.scope(current.tenant_id) as scope:
        found = browse.journals(scope, period=c["period"], branch=c["branch"],
                                kind=q.get("kind") or None, page=page_no)
    return current.render("journals.html", found=found, kind=q.get("kind") or "", **c)


@router.get(f"{PREFIX}/ledger/journals/{{journal_id}}")
def journal_page(current: Current, journal_id: str) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        found = browse.journal(scope, journal_id)
    mine = current.principal.branch_filter(None)
    if found is None or (mine is not None and found["journal"].branch_code != mine):
        raise PageError(404, "Not found", "There is no such journal in your business.")
    return current.render("journal.html", **found)


@router.get(f"{PREFIX}/ledger/tax")
def tax_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    c = _common(current, request)
    with current.ctx.scope(current.tenant_id) as scope:
        # Item by item for the whole business; a branch's view has the totals only.
        report = (explained_reconciliation(scope, c["period"]) if not c["branch"]
                  else reconciliation(scope, c["period"], c["branch"]))
    return current.render("tax.html", report=report, **c)


@router.get(f"{PREFIX}/ledger/postings")
def postings_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = browse.waiting(scope, branch=current.principal.branch_filter(None))
    return current.render("postings.html", rows=rows)


@router.post(f"{PREFIX}/ledger/postings/retry")
def postings_retry(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    period = field_text(form, "period") or None
    if period:
        period = _period(current, period)
    result = post_unposted(current.ctx, current.tenant_id, current.actor(), period=period)
    failed = result["failed"]
    message = (f"Posted {result['posted']} transaction(s) ({result['late']} late). "
               + (f"{len(failed)} still fail: {failed[0]['error']}" if failed else
                  "Nothing is waiting."))
    return back(f"{PREFIX}/ledger/postings", message, bool(failed))
