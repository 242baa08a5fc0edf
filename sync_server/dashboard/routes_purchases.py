"""Dashboard pages of the books: suppliers, bills, expenses, settlements (issue [9]).

Who may do what: everyone who sees the dashboard sees these pages (a manager only
their branch's bills and expenses); a manager or director enters bills, payments and
expenses (``POST_LEDGER``; a manager only at their own branch); adding suppliers, tax
paid to GRA, statements and settlements move money tenant-wide and are a director's
(``BACK_OFFICE``). Plain HTML forms with the CSRF field; no JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from shared.errors import BisamaError
from sync_server.clock import today
from sync_server.dashboard.auth import BACK_OFFICE, POST_LEDGER, VIEW
from sync_server.dashboard.exports import XLSX_TYPE
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, PageError, back, field_text
from sync_server.purchases import bills as svc
from sync_server.purchases import expenses as exp
from sync_server.purchases import settlements as stl
from sync_server.purchases.exports import ageing_file, statement_file
from sync_server.purchases.reports import BUCKETS, ap_ageing, supplier_statement
from sync_server.tenants.models import Branch

router = APIRouter(include_in_schema=False)
P = f"{PREFIX}/purchases"
MAX_UPLOAD = 5 * 1024 * 1024
LINES_ON_FORM = 5


def _act(current: Page, url: str, work: Callable[[Any], str]) -> Response:
    """Run ``work(scope)`` in one transaction; its sentence, or the error's, on ``url``."""
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            message = work(scope)
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(url, message)


def _branch(current: Page, form: CheckedForm) -> str:
    """The branch a form posts to: a manager's own, whatever the form says."""
    return current.principal.branch_filter(field_text(form, "branch") or None) or ""


def _branches(current: Page) -> list[str]:
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        codes = [b.code for b in scope.scalars(select(Branch).where(Branch.status == "active")
                                               .order_by(Branch.code))]
    return [mine] if mine else codes


def _file(content: bytes, fmt: str, name: str) -> Response:
    media = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


# -- suppliers ---------------------------------------------------------------------------
@router.get(f"{P}/suppliers")
def suppliers_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = svc.list_suppliers(scope)
    return current.render("purchases_suppliers.html", suppliers=rows, branches=_branches(current),
                          today=today(current.ctx.clock).isoformat())


@router.post(f"{P}/suppliers")
def supplier_add(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    terms = field_text(form, "terms") or "0"
    if not terms.isdigit():
        return back(f"{P}/suppliers", "Payment terms are a whole number of days.", True)

    def work(scope: Any) -> str:
        opening = field_text(form, "opening_balance") or None
        done = svc.add_supplier(current.ctx, scope, current.actor(), name=field_text(form, "name"),
                                tin=field_text(form, "tin"), phone=field_text(form, "phone"),
                                terms_days=int(terms), opening_balance=opening,
                                go_live=field_text(form, "go_live") or None,
                                branch=_branch(current, form) or None)
        return f"Supplier {done['name']} added."
    return _act(current, f"{P}/suppliers", work)


@router.get(f"{P}/suppliers/{{supplier_id}}/statement")
def supplier_statement_page(current: Current, supplier_id: str, request: Request) -> Response:
    current.require(VIEW)
    q = request.query_params
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            data = supplier_statement(scope, supplier_id, start=q.get("from") or None,
                                      end=q.get("to") or None)
    except BisamaError as exc:
        raise PageError(404, "Not found", str(exc)) from None
    fmt = q.get("format")
    if fmt in ("csv", "xlsx"):
        return _file(statement_file(fmt, data), fmt, "supplier-statement")
    return current.render("purchases_statement.html", statement=data, supplier_id=supplier_id,
                          start=q.get("from") or "", end=q.get("to") or "")


@router.get(f"{P}/ageing")
def ageing_page(current: Current, request: Request) -> Response:
    current.require(VIEW)
    as_of = request.query_params.get("as_of") or today(current.ctx.clock).isoformat()
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            data = ap_ageing(scope, as_of)
    except BisamaError as exc:
        raise PageError(400, "Not a date", str(exc)) from None
    fmt = request.query_params.get("format")
    if fmt in ("csv", "xlsx"):
        return _file(ageing_file(fmt, data), fmt, f"ap-ageing-{data['as_of']}")
    return current.render("purchases_ageing.html", ageing=data, buckets=BUCKETS)


# -- bills and payments --------------------------------------------------------------------
@router.get(f"{P}/bills")
def bills_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    only_open = request.query_params.get("open") == "1"
    with current.ctx.scope(current.tenant_id) as scope:
        rows = svc.list_bills(scope, only_open=only_open,
                              branch=current.principal.branch_filter(None))
        suppliers = [s["name"] for s in svc.list_suppliers(scope) if s["status"] == "active"]
    return current.render("purchases_bills.html", bills=rows, suppliers=suppliers,
                          branches=_branches(current), only_open=only_open,
                          lines=range(1, LINES_ON_FORM + 1),
                          today=today(current.ctx.clock).isoformat())


@router.post(f"{P}/bills")
def bill_add(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    inclusive = field_text(form, "inclusive") == "1"
    lines = []
    for no in range(1, LINES_ON_FORM + 1):
        amount = field_text(form, f"amount{no}")
        if not amount:
            continue
        lines.append(svc.LineIn(field_text(form, f"description{no}"),
                                field_text(form, f"account{no}") or "goods", amount,
                                field_text(form, f"code{no}") or "B", inclusive))
    if not lines:
        return back(f"{P}/bills", "Fill in at least one line with an amount.", True)
    receipts = [r.strip() for r in field_text(form, "receipts").split(",") if r.strip()]

    def work(scope: Any) -> str:
        done = svc.add_bill(current.ctx, scope, current.actor(),
                            supplier=field_text(form, "supplier"),
                            supplier_invoice=field_text(form, "invoice"),
                            bill_date=field_text(form, "date"),
                            due_date=field_text(form, "due") or None,
                            branch=_branch(current, form), lines=lines, receipts=receipts,
                            memo=field_text(form, "memo"))
        return f"{done['number']} entered: gross {done['gross']}, due {done['due']}."
    return _act(current, f"{P}/bills", work)


@router.get(f"{P}/bills/{{number}}")
def bill_page(current: Current, number: str) -> HTMLResponse:
    current.require(VIEW)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            bill = svc.show_bill(scope, number)
    except BisamaError as exc:
        raise PageError(404, "Not found", str(exc)) from None
    mine = current.principal.branch_filter(None)
    if mine is not None and bill["branch"] != mine:
        raise PageError(404, "Not found", "There is no such bill at your branch.")
    return current.render("purchases_bill.html", bill=bill, branches=_branches(current),
                          today=today(current.ctx.clock).isoformat())


@router.post(f"{P}/pay")
def bill_pay(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    number = field_text(form, "bill")
    url = f"{P}/bills/{number}" if number else f"{P}/bills"

    def work(scope: Any) -> str:
        done = svc.pay_supplier(current.ctx, scope, current.actor(),
                                supplier=field_text(form, "supplier"),
                                amount=field_text(form, "amount"), pay_date=field_text(form, "date"),
                                method=field_text(form, "method"),
                                account=field_text(form, "account") or None,
                                branch=_branch(current, form),
                                bills=[(number, None)] if number else [],
                                reference=field_text(form, "reference"))
        return f"{done['number']}: paid {done['amount']} to {done['supplier']}."
    return _act(current, url, work)


# -- expenses and tax ----------------------------------------------------------------------
@router.get(f"{P}/expenses")
def expenses_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = exp.list_expenses(scope, branch=current.principal.branch_filter(None))
        taxes = exp.list_tax_payments(scope)
    return current.render("purchases_expenses.html", expenses=rows, taxes=taxes,
                          branches=_branches(current), today=today(current.ctx.clock).isoformat())


@router.post(f"{P}/expenses")
def expense_add(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)

    def work(scope: Any) -> str:
        done = exp.add_expense(current.ctx, scope, current.actor(),
                               category=field_text(form, "category"),
                               amount=field_text(form, "amount"),
                               expense_date=field_text(form, "date"),
                               branch=_branch(current, form), paid_by=field_text(form, "paid_by"),
                               account=field_text(form, "account") or None,
                               tax_code=field_text(form, "tax_code") or "D",
                               receipt_no=field_text(form, "receipt"), memo=field_text(form, "memo"))
        return f"{done['number']}: {done['amount']} recorded."
    return _act(current, f"{P}/expenses", work)


@router.post(f"{P}/tax")
def tax_pay(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)

    def work(scope: Any) -> str:
        done = exp.pay_tax(current.ctx, scope, current.actor(), period=field_text(form, "period"),
                           pay_date=field_text(form, "date"), branch=_branch(current, form),
                           account=field_text(form, "account") or None,
                           reference=field_text(form, "reference"),
                           amounts={n: field_text(form, n) for n in ("vat", "nhil", "getfund",
                                                                     "covid")})
        return f"{done['number']}: paid GRA {done['total']} for {done['period']}."
    return _act(current, f"{P}/expenses", work)


# -- settlements ---------------------------------------------------------------------------
@router.get(f"{P}/settlements")
def settlements_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    clearing = request.query_params.get("clearing") or "momo"
    days = request.query_params.get("days") or "3"
    if clearing not in stl.CLEARING or not days.isdigit():
        raise PageError(400, "Not understood", "Choose momo or card and a number of days.")
    with current.ctx.scope(current.tenant_id) as scope:
        listing = stl.unmatched(scope, clearing, older_than_days=int(days),
                                as_of=today(current.ctx.clock))
        statements = stl.list_statements(scope)
        settlements = stl.list_settlements(scope)
    summary = request.query_params.get("summary")
    return current.render("purchases_settlements.html", listing=listing, statements=statements,
                          settlements=settlements, clearing=clearing, days=days, summary=summary,
                          branches=_branches(current), today=today(current.ctx.clock).isoformat())


@router.post(f"{P}/statements")
async def statement_import(current: Current, form: CheckedForm) -> Response:
    from starlette.concurrency import run_in_threadpool

    current.require(BACK_OFFICE)
    upload = form.get("file")
    url = f"{P}/settlements"
    if upload is None or isinstance(upload, str):
        return back(url, "Choose a CSV or XLSX statement to import.", True)
    raw = await upload.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        return back(url, "The file is over 5 MB; split it.", True)
    name = upload.filename or "statement.csv"
    kind = field_text(form, "clearing")

    def work() -> dict[str, Any]:
        with current.ctx.scope(current.tenant_id) as scope:
            return stl.import_statement(current.ctx, scope, current.actor(), kind=kind,
                                        filename=name, content=raw)

    try:
        summary = await run_in_threadpool(work)
    except BisamaError as exc:
        return back(url, f"Nothing was imported: {exc}", True)
    if not summary["imported"]:
        reasons = "; ".join(f"line {p['line']}: {p['reason']}" for p in summary["problems"][:10])
        return back(url, f"Nothing was imported: {summary['rejected']} row(s) rejected — "
                         f"{reasons}", True)
    return back(url, f"{name}: {summary['accepted']} lines ({summary['total']}) imported. "
                     "Match it next.")


@router.post(f"{P}/statements/{{statement_id}}/match")
def statement_match(current: Current, form: CheckedForm, statement_id: str) -> Response:
    current.require(BACK_OFFICE)
    del form
    return _act(current, f"{P}/settlements", lambda scope: (
        "{matched} line(s) matched, {unmatched} not.".format(
            **stl.match_statement(current.ctx, scope, current.actor(), statement_id))))


@router.post(f"{P}/statements/{{statement_id}}/settle")
def statement_settle(current: Current, form: CheckedForm, statement_id: str) -> Response:
    current.require(BACK_OFFICE)

    def work(scope: Any) -> str:
        done = stl.settle_statement(current.ctx, scope, current.actor(), statement_id=statement_id,
                                    fee=field_text(form, "fee") or "0",
                                    settle_date=field_text(form, "date"),
                                    branch=_branch(current, form),
                                    account=field_text(form, "account") or None)
        return f"{done['number']}: {done['gross']} settled, net {done['net']}, fee {done['fee']}."
    return _act(current, f"{P}/settlements", work)


@router.post(f"{P}/settle")
def settle_by_hand(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)

    def work(scope: Any) -> str:
        done = stl.settle(current.ctx, scope, current.actor(), kind=field_text(form, "clearing"),
                          gross=field_text(form, "gross"), fee=field_text(form, "fee") or "0",
                          settle_date=field_text(form, "date"), branch=_branch(current, form),
                          account=field_text(form, "account") or None,
                          reference=field_text(form, "reference"))
        return f"{done['number']}: {done['gross']} settled, net {done['net']}."
    return _act(current, f"{P}/settlements", work)


__all__ = ["router"]
