"""Dashboard pages of the books: the general ledger of an account, the cash flow
statement, receivables (ageing, customer statements, credit notes, reallocating a
payment), the ledger as hledger/Beancount/CSV, and the file exports (CSV, XLSX, PDF) of
these and of the trial balance, profit and loss and balance sheet (issue [9]).

Every page works without JavaScript: filters are GET forms, exports are links with
``format=``, and the two forms that change the books (a credit note, a reallocation)
are POST forms with the session's CSRF token, for head office only (``BACK_OFFICE``).
A manager sees their own branch (general ledger, cash flow, ageing) and no statements
or ledger exports, which are tenant-wide.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from shared.ageing import BUCKETS
from shared.errors import BisamaError
from shared.money import Money
from sync_server.audit.services import record
from sync_server.clock import today
from sync_server.customers.models import Customer
from sync_server.dashboard.auth import BACK_OFFICE, VIEW
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, PageError, back, field_text
from sync_server.ledger.export import export as export_ledger
from sync_server.ledger.models import Account
from sync_server.periods.services import month_of, parse_period
from sync_server.receivables.ledger import ageing
from sync_server.receivables.services import (
    add_credit_note,
    list_credit_notes,
    reallocate,
    statement,
)
from sync_server.reports import tables
from sync_server.reports.cashflow import cash_flow
from sync_server.reports.export import Report, render
from sync_server.reports.gl import general_ledger
from sync_server.reports.ledger import balance_sheet, profit_and_loss, trial_balance
from sync_server.tenants.models import Branch

router = APIRouter(include_in_schema=False)
BOOKS = f"{PREFIX}/books"
MAX_DAYS = 3660


def download(current: Page, report: Report, fmt: str) -> Response:
    """A report as a file to save (CSV, XLSX or PDF), recorded in the audit trail as
    every dashboard export is."""
    try:
        data, media, name = render(report, fmt)
    except BisamaError as exc:
        raise PageError(400, "Not a file type", str(exc)) from None
    with current.ctx.scope(current.tenant_id) as scope:
        record(current.ctx, scope, current.actor(), "export", subject=name,
               detail={"report": report.title, "format": fmt, "heading": list(report.heading)})
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PageError(400, "Not a date", f"“{text}” is not a date; use YYYY-MM-DD.") from None


def _range(current: Page, request: Request) -> tuple[date, date]:
    q = request.query_params
    now = today(current.ctx.clock)
    last = _day(q.get("last"), now)
    first = _day(q.get("first"), last.replace(day=1))
    if last < first:
        raise PageError(400, "Dates the wrong way round", "The last day is before the first.")
    if (last - first).days > MAX_DAYS:
        raise PageError(400, "Range too long", "Choose at most ten years.")
    return first, last


def _branches(current: Page) -> list[Branch]:
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        return [b for b in scope.scalars(select(Branch).order_by(Branch.code))
                if mine is None or b.code == mine]


def _links(request: Request) -> dict[str, str]:
    """The page's own query with ``format=`` each file type (the export buttons)."""
    query = {k: v for k, v in request.query_params.items() if k != "format"}
    return {fmt: f"{request.url.path}?{urlencode({**query, 'format': fmt})}"
            for fmt in ("csv", "xlsx", "pdf")}


def _head_office(current: Page) -> None:
    if current.principal.branch_filter(None) is not None:
        raise PageError(403, "Head office only", "A branch manager sees their own branch; "
                        "statements and the whole ledger are for head office.")


@router.get(f"{BOOKS}/gl")
def gl_page(current: Current, request: Request) -> Response:
    current.require(VIEW)
    first, last = _range(current, request)
    q = request.query_params
    branch = current.principal.branch_filter(q.get("branch") or None)
    with current.ctx.scope(current.tenant_id) as scope:
        accounts = scope.scalars(select(Account).order_by(Account.code))
        code = q.get("account") or (accounts[0].code if accounts else "")
        try:
            report = general_ledger(scope, code, first=first, last=last, branch=branch)
        except BisamaError as exc:
            raise PageError(404, "No such account", str(exc)) from None
    if q.get("format"):
        return download(current, tables.general_ledger_report(report, business=_name(current)),
                        q["format"])
    return current.render("books_gl.html", report=report, accounts=accounts, first=first,
                          last=last, branch=branch, branches=_branches(current),
                          exports=_links(request))


@router.get(f"{BOOKS}/cash-flow")
def cash_flow_page(current: Current, request: Request) -> Response:
    current.require(VIEW)
    first, last = _range(current, request)
    branch = current.principal.branch_filter(request.query_params.get("branch") or None)
    with current.ctx.scope(current.tenant_id) as scope:
        report = cash_flow(scope, first=first, last=last, branch=branch)
    if request.query_params.get("format"):
        return download(current, tables.cash_flow_report(report, business=_name(current)),
                        request.query_params["format"])
    return current.render("books_cashflow.html", report=report, first=first, last=last,
                          branch=branch, branches=_branches(current), exports=_links(request))


def _name(current: Page) -> str:
    return current.tenant.name if current.tenant else ""


@router.get(f"{BOOKS}/receivables")
def receivables_page(current: Current, request: Request) -> Response:
    current.require(VIEW)
    q = request.query_params
    as_of = _day(q.get("as_of"), today(current.ctx.clock))
    branch = current.principal.branch_filter(q.get("branch") or None)
    with current.ctx.scope(current.tenant_id) as scope:
        report = ageing(scope, as_of=as_of, branch=branch)
        customers = scope.scalars(select(Customer).order_by(Customer.name))
        notes = list_credit_notes(scope) if branch is None else []
    if q.get("format"):
        return download(current, tables.ar_ageing_report(report, business=_name(current)),
                        q["format"])
    return current.render("books_receivables.html", report=report, as_of=as_of, branch=branch,
                          branches=_branches(current), customers=customers, notes=notes,
                          buckets=BUCKETS, exports=_links(request),
                          head_office=current.principal.may(BACK_OFFICE) and branch is None,
                          today=today(current.ctx.clock))


@router.get(f"{BOOKS}/statement")
def statement_page(current: Current, request: Request) -> Response:
    current.require(VIEW)
    _head_office(current)
    q = request.query_params
    now = today(current.ctx.clock)
    last = _day(q.get("last"), now)
    first = _day(q.get("first"), last.replace(day=1))  # as the CLI: the month so far
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            paper = statement(scope, q.get("customer") or "", first=first, last=last)
    except BisamaError as exc:
        raise PageError(404, "No statement", str(exc)) from None
    if q.get("format"):
        return download(current, tables.statement_report(paper, business=_name(current)),
                        q["format"])
    return current.render("books_statement.html", paper=paper, buckets=BUCKETS,
                          exports=_links(request))


def _amount(text: str) -> Money:
    try:
        return Money.from_decimal(Decimal(text.replace(",", "")))
    except (InvalidOperation, BisamaError, ValueError):
        raise PageError(400, "Not an amount", f"“{text}” is not an amount in cedis, "
                        "e.g. 38.00.") from None


@router.post(f"{BOOKS}/credit-notes")
def credit_note_add(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    _head_office(current)
    here = f"{BOOKS}/receivables"
    try:
        amount = _amount(field_text(form, "amount"))
        day = _day(field_text(form, "date"), today(current.ctx.clock))
        with current.ctx.scope(current.tenant_id) as scope:
            done = add_credit_note(current.ctx, scope, current.actor(),
                                   sale=field_text(form, "sale"), amount=amount,
                                   reason=field_text(form, "reason"), entry_date=day,
                                   by=current.principal.email)
    except (BisamaError, PageError) as exc:
        return back(here, exc.message if isinstance(exc, PageError) else str(exc), True)
    tax = done.tax
    return back(here, f"{done.number} posted: {tax.gross} credited (net {tax.net}, "
                f"tax {tax.tax}).")


@router.post(f"{BOOKS}/receivables/reallocate")
def reallocate_post(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    _head_office(current)
    here = f"{BOOKS}/receivables"
    chosen: list[tuple[str, Money]] = []
    try:
        for line in field_text(form, "allocations").splitlines():
            if not line.strip():
                continue
            sale, sep, amount = line.strip().rpartition("=")
            if not sep:
                raise PageError(400, "Not an allocation",
                                f"“{line.strip()}” is not RECEIPT=AMOUNT.")
            chosen.append((sale.strip(), _amount(amount.strip())))
        with current.ctx.scope(current.tenant_id) as scope:
            done = reallocate(current.ctx, scope, current.actor(),
                              payment=field_text(form, "payment"), allocations=chosen,
                              by=current.principal.email)
    except (BisamaError, PageError) as exc:
        return back(here, exc.message if isinstance(exc, PageError) else str(exc), True)
    where = "; ".join(f"{a['sale']} {a['amount']}" for a in done["allocations"])
    return back(here, f"Payment {done['payment']}: {where or 'oldest invoices first'}.")


@router.get(f"{BOOKS}/ledger-export")
def ledger_export_page(current: Current, request: Request) -> Response:
    current.require(VIEW)
    _head_office(current)
    q = request.query_params
    fmt = q.get("format")
    if not fmt:
        now = today(current.ctx.clock)
        return current.render("books_export.html", first=now.replace(day=1), last=now)
    first, last = _range(current, request)
    out = io.StringIO()
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            export_ledger(scope, fmt, first=first, last=last, out=out,
                          tenant=current.tenant.domain if current.tenant else "")
            record(current.ctx, scope, current.actor(), "export", subject=f"ledger {fmt}",
                   detail={"report": "ledger", "format": fmt, "first": first.isoformat(),
                           "last": last.isoformat()})
    except BisamaError as exc:
        raise PageError(400, "Cannot export", str(exc)) from None
    ext = {"hledger": "journal", "beancount": "beancount", "csv": "csv"}[fmt]
    return Response(out.getvalue().encode("utf-8"), media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="ledger-{first}-{last}.{ext}"'})


def _period(current: Page, text: str | None) -> str:
    if not text:
        return month_of(today(current.ctx.clock))
    try:
        return parse_period(text)
    except BisamaError as exc:
        raise PageError(400, "Not a month", str(exc)) from None


@router.get(f"{BOOKS}/export/{{which}}")
def ledger_report_file(current: Current, request: Request, which: str) -> Response:
    """The trial balance, profit and loss or balance sheet as CSV, XLSX or PDF (the
    buttons on those pages)."""
    current.require(VIEW)
    q = request.query_params
    period = _period(current, q.get("period"))
    branch = current.principal.branch_filter(q.get("branch") or None)
    with current.ctx.scope(current.tenant_id) as scope:
        if which == "trial-balance":
            report = tables.trial_balance_report(
                trial_balance(scope, period=period, branch=branch), period=period,
                branch=branch, business=_name(current))
        elif which == "profit-loss":
            first = _period(current, q.get("first") or period)
            report = tables.profit_and_loss_report(
                profit_and_loss(scope, first=first, last=period, branch=branch),
                business=_name(current))
        elif which == "balance-sheet":
            report = tables.balance_sheet_report(
                balance_sheet(scope, period=period, branch=branch), business=_name(current))
        else:
            raise PageError(404, "Not found", "There is no such report.")
    return download(current, report, q.get("format") or "csv")


__all__ = ["download", "router"]
