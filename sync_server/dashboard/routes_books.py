"""Dashboard pages of the books (issue [9]): the chart of accounts, drawer
reconciliation and journals by hand (draft → a second director approves → posted;
reversals; recurring journals). Plain forms, no JavaScript: a draft has eight blank line
rows; the rows left empty are ignored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from shared.errors import BisamaError
from shared.journals import DraftLine, make_line
from shared.money import Money
from sync_server.books import chart as accounts
from sync_server.books import journals as jv
from sync_server.books import recurring
from sync_server.books.drawers import drawers
from sync_server.clock import today
from sync_server.dashboard.auth import BACK_OFFICE, POST_LEDGER, VIEW
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, PageError, back, field_text
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.tenants.models import Branch

router = APIRouter(include_in_schema=False)

BLANK_ROWS = 8
JV = f"{PREFIX}/books/jv"


def _person(current: Page) -> jv.Person:
    p = current.principal
    if p.is_admin:
        raise PageError(403, "Not for your role", "Journals by hand are drafted and approved by "
                        "the business's own directors and managers, not the system "
                        "administrator.")
    return jv.Person(p.email, p.role, p.branch)


def _branches(current: Page) -> list[str]:
    with current.ctx.scope(current.tenant_id) as scope:
        return list(scope.scalars(select(Branch.code).order_by(Branch.code)))


# -- chart of accounts -------------------------------------------------------------------


@router.get(f"{PREFIX}/books/accounts")
def accounts_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        lines = accounts.chart(scope)
    return current.render("books_accounts.html", lines=lines, types=accounts.TYPES)


def _account_action(current: Page, done: str, fn: Any, *args: Any, **kw: Any) -> Response:
    current.require(BACK_OFFICE)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            result = fn(current.ctx, scope, current.actor(), *args, **kw)
    except BisamaError as exc:
        return back(f"{PREFIX}/books/accounts", str(exc), True)
    return back(f"{PREFIX}/books/accounts", done.format(**result))


@router.post(f"{PREFIX}/books/accounts")
def account_add(current: Current, form: CheckedForm) -> Response:
    return _account_action(current, "Account {code} {name} added.", accounts.add_account,
                           code=field_text(form, "code"), name=field_text(form, "name") or None,
                           type=field_text(form, "type") or None,
                           contra=field_text(form, "contra") == "yes")


@router.post(f"{PREFIX}/books/accounts/{{code}}/rename")
def account_rename(current: Current, form: CheckedForm, code: str) -> Response:
    return _account_action(current, "Account {code} is now called {name}.",
                           accounts.rename_account, code, field_text(form, "name"))


@router.post(f"{PREFIX}/books/accounts/{{code}}/{{action}}")
def account_status(current: Current, form: CheckedForm, code: str, action: str) -> Response:
    del form
    actions = {"deactivate": (accounts.deactivate_account, "Account {code} is switched off."),
               "reactivate": (accounts.reactivate_account, "Account {code} is in use again."),
               "delete": (accounts.delete_account, "Account {code} is deleted.")}
    if action not in actions:
        raise PageError(404, "Not found", "There is no such action.")
    fn, done = actions[action]
    return _account_action(current, done, fn, code)


# -- drawers ---------------------------------------------------------------------------------


@router.get(f"{PREFIX}/books/drawers")
def drawers_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    branch = current.principal.branch_filter(request.query_params.get("branch") or None)
    from sync_server.reports.sales_list import names  # [12] names, not codes and e-mails

    with current.ctx.scope(current.tenant_id) as scope:
        rows = drawers(scope, branch=branch)
        who = names(scope)
    return current.render("books_drawers.html", rows=rows, branch=branch,
                          branches=_branches(current), who=who)


# -- journals by hand --------------------------------------------------------------------------


@router.get(JV)
def journals_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = jv.list_journals(scope, branch=current.principal.branch_filter(None))
        templates = recurring.list_recurring(scope)
    mine = current.principal.branch_filter(None)
    if mine:
        templates = [t for t in templates if t["branch"] == mine]
    return current.render("books_journals.html", rows=rows, templates=templates,
                          today=today(current.ctx.clock).isoformat())


def _form_lines(form: FormData, default_branch: str) -> list[DraftLine]:
    lines = []
    for n in range(1, 41):
        account = field_text(form, f"account_{n}")
        debit, credit = field_text(form, f"debit_{n}"), field_text(form, f"credit_{n}")
        memo = field_text(form, f"memo_{n}")
        if not (account or debit or credit or memo):
            continue
        lines.append(make_line(account, debit, credit,
                               field_text(form, f"branch_{n}") or default_branch, memo,
                               where=f"Row {n}"))
    return lines


def _draft_form(current: Page, values: dict[str, Any], error: str | None = None,
                number: str | None = None) -> HTMLResponse:
    lines = list(values.get("lines", []))
    rows = lines + [{}] * max(BLANK_ROWS - len(lines), 2)
    with current.ctx.scope(current.tenant_id) as scope:
        chart = [c for c in accounts.chart(scope) if c.status == "active"]
    return current.render("books_journal_form.html", status=400 if error else 200,
                          values=values, rows=rows, error=error, number=number, chart=chart,
                          branches=_branches(current))


def _values(form: FormData) -> dict[str, Any]:
    keys = ("date", "branch", "memo", "auto_reverse_on", "monthly_on", "until")
    values: dict[str, Any] = {k: field_text(form, k) for k in keys}
    values["lines"] = [{"account": field_text(form, f"account_{n}"),
                        "branch": field_text(form, f"branch_{n}"),
                        "debit": field_text(form, f"debit_{n}"),
                        "credit": field_text(form, f"credit_{n}"),
                        "memo": field_text(form, f"memo_{n}")}
                       for n in range(1, 41)
                       if any(field_text(form, f"{k}_{n}")
                              for k in ("account", "debit", "credit", "memo"))]
    return values


@router.get(f"{JV}/new")
def journal_new(current: Current) -> HTMLResponse:
    current.require(POST_LEDGER)
    _person(current)
    return _draft_form(current, {"date": today(current.ctx.clock).isoformat(),
                                 "branch": current.principal.branch or "MAIN"})


@router.post(JV)
def journal_create(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    by = _person(current)
    values = _values(form)
    try:
        lines = _form_lines(form, values["branch"].upper())
        if values["monthly_on"] and not values["monthly_on"].isdigit():
            raise Invalid("The day of the month is a number from 1 to 31.")

        def work(scope: TenantScope) -> tuple[dict[str, Any], str]:
            if values["monthly_on"]:
                made = recurring.draft_recurring(
                    current.ctx, scope, current.actor(), by=by, memo=values["memo"],
                    branch=values["branch"], day=int(values["monthly_on"]),
                    first=values["date"], last=values["until"] or None, lines=lines)
                return made, f"{PREFIX}/books/recurring/{made['number']}"
            made = jv.draft_journal(current.ctx, scope, current.actor(), by=by,
                                    entry_date=values["date"], branch=values["branch"],
                                    memo=values["memo"], lines=lines,
                                    auto_reverse_on=values["auto_reverse_on"] or None)
            return made, f"{JV}/{made['number']}"

        made, url = jv.numbered(current.ctx, current.tenant_id, work)
    except BisamaError as exc:
        return _draft_form(current, values, str(exc))
    return back(url, f"{made['number']} is saved as a draft: a director approves it.")


def _journal(current: Page, number: str) -> dict[str, Any]:
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            found = jv.show_journal(scope, number)
    except BisamaError:
        raise PageError(404, "Not found", f"There is no journal {number}.") from None
    mine = current.principal.branch_filter(None)
    if mine is not None and found["branch"] != mine:
        raise PageError(404, "Not found", f"There is no journal {number} in your branch.")
    return found


@router.get(f"{JV}/{{number}}")
def journal_page(current: Current, number: str) -> HTMLResponse:
    current.require(VIEW)
    found = _journal(current, number)
    return current.render("books_journal.html", j=found,
                          today=today(current.ctx.clock).isoformat())


@router.get(f"{JV}/{{number}}/edit")
def journal_edit_form(current: Current, number: str) -> HTMLResponse:
    current.require(POST_LEDGER)
    found = _journal(current, number)
    lines = [{**ln, "debit": Money(ln["debit"]).format("") if ln["debit"] else "",
              "credit": Money(ln["credit"]).format("") if ln["credit"] else ""}
             for ln in found["lines"]]
    return _draft_form(current, {"date": found["date"], "branch": found["branch"],
                                 "memo": found["memo"], "lines": lines,
                                 "auto_reverse_on": found["auto_reverse_on"] or ""},
                       number=found["number"])


@router.post(f"{JV}/{{number}}/edit")
def journal_edit(current: Current, form: CheckedForm, number: str) -> Response:
    current.require(POST_LEDGER)
    by = _person(current)
    _journal(current, number)
    values = _values(form)
    try:
        lines = _form_lines(form, values["branch"].upper())
        with current.ctx.scope(current.tenant_id) as scope:
            jv.edit_draft(current.ctx, scope, current.actor(), number, by=by,
                          entry_date=values["date"], branch=values["branch"],
                          memo=values["memo"], lines=lines,
                          auto_reverse_on=values["auto_reverse_on"] or None)
    except BisamaError as exc:
        return _draft_form(current, values, str(exc), number=number)
    return back(f"{JV}/{number}", f"{number} is changed.")


def _act(current: Page, number: str, done: str, fn: Any, **kw: Any) -> Response:
    current.require(POST_LEDGER)
    by = _person(current)
    _journal(current, number)
    try:
        result = jv.numbered(current.ctx, current.tenant_id, lambda scope: fn(
            current.ctx, scope, current.actor(), number, by=by, **kw))
    except BisamaError as exc:
        return back(f"{JV}/{number}", str(exc), True)
    target = f"{JV}/{result['number']}" if result.get("status") != "deleted" else JV
    return back(target, done.format(**result))


@router.post(f"{JV}/{{number}}/approve")
def journal_approve(current: Current, form: CheckedForm, number: str) -> Response:
    del form
    return _act(current, number, "{number} is approved and posted.", jv.approve_journal)


@router.post(f"{JV}/{{number}}/reject")
def journal_reject(current: Current, form: CheckedForm, number: str) -> Response:
    return _act(current, number, "{number} is rejected.", jv.reject_journal,
                reason=field_text(form, "reason"))


@router.post(f"{JV}/{{number}}/delete")
def journal_delete(current: Current, form: CheckedForm, number: str) -> Response:
    del form
    return _act(current, number, "{number} is deleted.", jv.delete_draft)


@router.post(f"{JV}/{{number}}/reverse")
def journal_reverse(current: Current, form: CheckedForm, number: str) -> Response:
    return _act(current, number, "{number} drafted: the reversal waits for a director.",
                jv.reverse_journal, on=field_text(form, "date"))


@router.post(f"{PREFIX}/books/reverse")
def any_journal_reverse(current: Current, form: CheckedForm) -> Response:
    """Reverse any posted journal (a till's too) by its id, from the list page."""
    current.require(POST_LEDGER)
    by = _person(current)
    try:
        made = jv.numbered(current.ctx, current.tenant_id, lambda scope: jv.reverse_journal(
            current.ctx, scope, current.actor(), field_text(form, "journal"), by=by,
            on=field_text(form, "date")))
    except BisamaError as exc:
        return back(JV, str(exc), True)
    return back(f"{JV}/{made['number']}", f"{made['number']} drafted: the reversal waits for a "
                "director.")


# -- recurring -------------------------------------------------------------------------------


@router.get(f"{PREFIX}/books/recurring/{{number}}")
def recurring_page(current: Current, number: str) -> HTMLResponse:
    current.require(VIEW)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            found = recurring.show_recurring(scope, number)
    except BisamaError:
        raise PageError(404, "Not found", f"There is no recurring journal {number}.") from None
    return current.render("books_recurring.html", t=found)


@router.post(f"{PREFIX}/books/recurring/{{number}}/{{action}}")
def recurring_decide(current: Current, form: CheckedForm, number: str,
                     action: str) -> Response:
    current.require(POST_LEDGER)
    by = _person(current)
    url = f"{PREFIX}/books/recurring/{number}"
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            if action == "approve":
                recurring.approve_recurring(current.ctx, scope, current.actor(), number, by=by)
            elif action == "reject":
                recurring.reject_recurring(current.ctx, scope, current.actor(), number, by=by,
                                           reason=field_text(form, "reason"))
            else:
                raise PageError(404, "Not found", "There is no such action.")
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(url, f"{number} is {'approved' if action == 'approve' else 'rejected'}.")


@router.post(f"{PREFIX}/books/recurring-run")
def recurring_run(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    del form
    result = recurring.run_recurring(current.ctx, current.tenant_id, current.actor(),
                                     until=today(current.ctx.clock))
    skipped = result["skipped"]
    message = (f"Posted {len(result['posted'])} recurring journal(s); "
               f"{result['already_posted']} were already posted."
               + (f" {len(skipped)} skipped: {skipped[0]['date']} {skipped[0]['why']}"
                  if skipped else ""))
    return back(JV, message, bool(skipped))


__all__ = ["router"]
