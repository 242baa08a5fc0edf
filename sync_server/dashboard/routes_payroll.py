"""Payroll and attendance pages (issue [14] scopes 1–2; docs/payroll.md).

* **Employees** — the staff a business pays; add, change pay, make inactive.
* **Payroll runs** — draft a month, review its payslips (with the month's attendance
  discrepancies), approve or reject (a director who did not draft it), post to the
  ledger, download payslips (PDF) and the PAYE and SSNIT schedules (CSV/XLSX), pay the
  liabilities.
* **Attendance** — upload a clock-in device's CSV or Excel file and read its validation
  summary; the weekly report with discrepancies; whether attendance feeds the run.

Pay is private: employees and runs are for directors (``back_office``). A manager sees
the attendance report of their own branch only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from shared.errors import BisamaError
from shared.payroll import bands_text, rates_for, rates_json
from sync_server.books.journals import Person
from sync_server.clock import today
from sync_server.dashboard.auth import BACK_OFFICE, VIEW
from sync_server.dashboard.web import (
    PREFIX,
    CheckedForm,
    Current,
    Page,
    PageError,
    back,
    field_text,
    optional,
)
from sync_server.payroll import attendance, exports, payments, runs
from sync_server.payroll.employees import PAY_METHODS, add_employee, edit_employee, list_employees
from sync_server.payroll.rates import add_rate_set, list_rate_sets, rates_on
from sync_server.tenants.models import Branch, User

router = APIRouter(include_in_schema=False)
P = f"{PREFIX}/payroll"
MAX_UPLOAD = 5_000_000
SAME_MOMENT = ("Someone else saved the same thing at the same moment; nothing was changed. "
               "Reload the page and check.")


def _person(current: Page) -> Person:
    p = current.principal
    if p.is_admin:
        raise PageError(403, "Not for your role", "A payroll is drafted and approved by the "
                        "business's own directors, not the system administrator.")
    return Person(p.email, p.role, p.branch)


def _names(current: Page) -> dict[str, str]:
    with current.ctx.scope(current.tenant_id) as scope:
        return {u.email: u.name for u in scope.scalars(select(User))}


def _branches(current: Page) -> list[str]:
    with current.ctx.scope(current.tenant_id) as scope:
        return list(scope.scalars(select(Branch.code).where(Branch.status == "active")
                                  .order_by(Branch.code)))


def _month(text: str) -> str:
    try:
        return runs.month(text)
    except BisamaError as exc:
        raise PageError(400, "Not a month", str(exc)) from None


# -- employees ----------------------------------------------------------------------------
@router.get(f"{P}/employees")
def employees_page(current: Current, all: str | None = None) -> HTMLResponse:
    current.require(BACK_OFFICE)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = list_employees(scope, include_inactive=bool(all))
    return current.render("payroll_employees.html", employees=rows, branches=_branches(current),
                          methods=PAY_METHODS, show_all=bool(all))


def _employee_form(form: Any) -> dict[str, Any]:
    return {"name": optional(form, "name"), "branch": optional(form, "branch"),
            "role": optional(form, "role"), "basic": optional(form, "basic"),
            "allowances": optional(form, "allowances"), "ssnit_number": optional(form, "ssnit"),
            "tin": optional(form, "tin"), "pay_method": optional(form, "pay_method"),
            "pay_account": optional(form, "account")}


@router.post(f"{P}/employees")
def employee_add(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    fields = _employee_form(form)
    fields["pay_method"] = fields["pay_method"] or "bank"
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            made = add_employee(current.ctx, scope, current.actor(),
                                number=field_text(form, "number"), **fields)
    except IntegrityError:
        return back(f"{P}/employees", SAME_MOMENT, True)
    except BisamaError as exc:
        return back(f"{P}/employees", f"Not added: {exc}", True)
    return back(f"{P}/employees", f"Added {made['number']} {made['name']}.")


@router.post(f"{P}/employees/{{number}}")
def employee_edit(current: Current, form: CheckedForm, number: str) -> Response:
    current.require(BACK_OFFICE)
    fields = _employee_form(form)
    status = field_text(form, "status")
    active = True if status == "active" else False if status == "inactive" else None
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            done = edit_employee(current.ctx, scope, current.actor(), number[:16], active=active,
                                 **fields)
    except IntegrityError:
        return back(f"{P}/employees", SAME_MOMENT, True)
    except BisamaError as exc:
        return back(f"{P}/employees", f"Not changed: {exc}", True)
    return back(f"{P}/employees", f"Saved {done['number']} {done['name']}.")


# -- runs ---------------------------------------------------------------------------------
@router.get(f"{P}/runs")
def runs_page(current: Current) -> HTMLResponse:
    current.require(BACK_OFFICE)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = runs.list_runs(scope)
    last = today(current.ctx.clock).replace(day=1) - timedelta(days=1)
    names = _names(current)
    for r in rows:
        r["prepared_by"] = names.get(r["prepared_by"], r["prepared_by"])
        r["approved_by"] = names.get(r["approved_by"], r["approved_by"])
    with current.ctx.scope(current.tenant_id) as scope:
        rates = rates_json(rates_on(scope, last.isoformat()))
        sets = list_rate_sets(scope)
    return current.render("payroll_runs.html", runs=rows, month=last.strftime("%Y-%m"),
                          rates=rates, sets=sets,
                          may_set=current.principal.role == "director",
                          default_bands=bands_text(rates_for(last.isoformat()).bands))


@router.post(f"{P}/rates")
def rates_record(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    by = _person(current)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            done = add_rate_set(current.ctx, scope, current.actor(), by=by,
                                effective=field_text(form, "effective"),
                                bands=field_text(form, "bands")[:400],
                                max_insurable=field_text(form, "max_insurable")[:40],
                                source=field_text(form, "source"),
                                employee=optional(form, "employee"),
                                employer=optional(form, "employer"), tier2=optional(form, "tier2"))
    except IntegrityError:
        return back(f"{P}/runs", SAME_MOMENT, True)
    except BisamaError as exc:
        return back(f"{P}/runs", f"Not recorded: {exc}", True)
    return back(f"{P}/runs", f"Recorded PAYE and SSNIT rates from {done['effective']}.")


@router.post(f"{P}/runs")
def run_draft(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    by = _person(current)
    month = field_text(form, "month")[:20]
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            data = runs.draft_run(current.ctx, scope, current.actor(), month, by=by)
    except IntegrityError:
        return back(f"{P}/runs", SAME_MOMENT, True)
    except BisamaError as exc:
        return back(f"{P}/runs", f"Not drafted: {exc}", True)
    return back(f"{P}/runs/{data['month']}", f"Drafted {len(data['payslips'])} payslip(s) for "
                                              f"{data['month']}: review them, then a second "
                                              "director approves.")


@router.get(f"{P}/runs/{{month}}")
def run_page(current: Current, month: str) -> HTMLResponse:
    current.require(BACK_OFFICE)
    the_month = _month(month)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            run = runs.run_json(scope, runs.find_run(scope, the_month))
            owed = payments.list_payments(scope, the_month) if run["status"] == "posted" else []
            problems = attendance.discrepancies(scope, the_month + "-01",
                                                the_month + "-31")
    except BisamaError as exc:
        raise PageError(404, "No such payroll", str(exc)) from None
    names = _names(current)
    me = current.principal
    return current.render(
        "payroll_run.html", run=run, owed=owed, problems=problems,
        prepared=names.get(run["prepared_by"], run["prepared_by"]),
        approved=names.get(run["approved_by"], run["approved_by"]),
        rejected=names.get(run["rejected_by"], run["rejected_by"]),
        may_approve=(me.role == "director" and me.email != run["prepared_by"]),
        kinds=payments.KINDS, day=today(current.ctx.clock).isoformat())


def _act(current: Page, month: str, work: Any, done: str) -> Response:
    current.require(BACK_OFFICE)
    by = _person(current)
    the_month = _month(month)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            work(scope, by, the_month)
    except IntegrityError:
        return back(f"{P}/runs/{the_month}", SAME_MOMENT, True)
    except BisamaError as exc:
        return back(f"{P}/runs/{the_month}", str(exc), True)
    return back(f"{P}/runs/{the_month}", done)


@router.post(f"{P}/runs/{{month}}/approve")
def run_approve(current: Current, form: CheckedForm, month: str) -> Response:
    return _act(current, month, lambda scope, by, m: runs.approve_run(
        current.ctx, scope, current.actor(), m, by=by), "Approved: it can be posted now.")


@router.post(f"{P}/runs/{{month}}/reject")
def run_reject(current: Current, form: CheckedForm, month: str) -> Response:
    reason = field_text(form, "reason")
    return _act(current, month, lambda scope, by, m: runs.reject_run(
        current.ctx, scope, current.actor(), m, by=by, reason=reason),
        "Rejected: the preparer fixes it and drafts again.")


@router.post(f"{P}/runs/{{month}}/post")
def run_post(current: Current, form: CheckedForm, month: str) -> Response:
    return _act(current, month, lambda scope, by, m: runs.post_run(
        current.ctx, scope, current.actor(), m, by=by), "Posted to the ledger.")


@router.post(f"{P}/runs/{{month}}/reverse")
def run_reverse(current: Current, form: CheckedForm, month: str) -> Response:
    reason = field_text(form, "reason")
    return _act(current, month, lambda scope, by, m: runs.reverse_run(
        current.ctx, scope, current.actor(), m, by=by, reason=reason),
        "Reversed: the posting is undone; draft the month again.")


@router.post(f"{P}/runs/{{month}}/pay")
def run_pay(current: Current, form: CheckedForm, month: str) -> Response:
    kind, day = field_text(form, "kind"), field_text(form, "date")
    method, ref = field_text(form, "method") or "bank", field_text(form, "reference")
    return _act(current, month, lambda scope, by, m: payments.pay(
        current.ctx, scope, current.actor(), month=m, kind=kind, pay_date=day, method=method,
        account=optional(form, "account"), reference=ref), "Paid and posted.")


@router.get(f"{P}/runs/{{month}}/payslips.pdf")
def run_payslips(current: Current, month: str, employee: str | None = None) -> Response:
    current.require(BACK_OFFICE)
    the_month = _month(month)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            content = exports.payslips_pdf(scope, the_month, number=(employee or None) and
                                           employee[:16])
    except BisamaError as exc:
        raise PageError(404, "No payslips", str(exc)) from None
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="payslips-{the_month}.pdf"'})


@router.get(f"{P}/runs/{{month}}/schedule/{{kind}}.{{fmt}}")
def run_schedule(current: Current, month: str, kind: str, fmt: str) -> Response:
    current.require(BACK_OFFICE)
    the_month = _month(month)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            content, name, media = exports.schedule(scope, the_month, kind[:8], fmt[:8])
    except BisamaError as exc:
        raise PageError(404, "No schedule", str(exc)) from None
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- attendance ---------------------------------------------------------------------------
def _week(text: str | None, fallback: date) -> str:
    try:
        day = date.fromisoformat((text or "")[:10])
    except ValueError:
        day = fallback
    return (day - timedelta(days=day.weekday())).isoformat()


@router.get(f"{P}/attendance")
def attendance_page(current: Current, week: str | None = None) -> HTMLResponse:
    current.require(VIEW)
    start = _week(week, today(current.ctx.clock))
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        report = attendance.week_report(scope, start)
        uploads = attendance.list_uploads(scope) if current.principal.may(BACK_OFFICE) else []
        setting = attendance.settings(scope)
        branch_of = {r["staff_number"]: r["branch"] for r in report["rows"]}
    if mine is not None:
        report["rows"] = [r for r in report["rows"] if r["branch"] == mine]
        report["discrepancies"] = [d for d in report["discrepancies"]
                                   if branch_of.get(d["staff_number"]) == mine]
    names = _names(current)
    for u in uploads:
        u["uploaded_by"] = names.get(u["uploaded_by"], u["uploaded_by"])
    previous = (date.fromisoformat(start) - timedelta(days=7)).isoformat()
    following = (date.fromisoformat(start) + timedelta(days=7)).isoformat()
    return current.render("payroll_attendance.html", report=report, uploads=uploads,
                          setting=setting, summary=None, previous=previous,
                          following=following, may_upload=current.principal.may(BACK_OFFICE))


@router.post(f"{P}/attendance/upload")
async def attendance_upload(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return back(f"{P}/attendance", "Choose the clock-in device's CSV or Excel file.", True)
    raw = await upload.read(MAX_UPLOAD + 1)
    name = upload.filename[:200]

    def work() -> dict[str, Any]:
        with current.ctx.scope(current.tenant_id) as scope:
            return attendance.upload(current.ctx, scope, current.actor(), raw=raw, filename=name)

    try:
        summary = await run_in_threadpool(work)
    except IntegrityError:
        return back(f"{P}/attendance", SAME_MOMENT, True)
    except BisamaError as exc:
        return back(f"{P}/attendance", f"Nothing was uploaded: {exc}", True)
    start = _week(None, today(current.ctx.clock))
    with current.ctx.scope(current.tenant_id) as scope:
        report = attendance.week_report(scope, start)
        uploads = attendance.list_uploads(scope)
        setting = attendance.settings(scope)
    return current.render("payroll_attendance.html", report=report, uploads=uploads,
                          setting=setting, summary=summary, filename=name,
                          previous=start, following=start, may_upload=True)


@router.post(f"{P}/attendance/settings")
def attendance_settings(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    try:
        hours = int(field_text(form, "hours_per_day") or "8")
        rate = int(field_text(form, "overtime_rate") or "150")
    except ValueError:
        return back(f"{P}/attendance", "Hours and the overtime rate are whole numbers.", True)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            attendance.set_settings(current.ctx, scope, current.actor(),
                                    feeds_run=field_text(form, "feeds_run") == "1",
                                    hours_per_day=hours, overtime_multiplier_pct=rate)
    except IntegrityError:
        return back(f"{P}/attendance", SAME_MOMENT, True)
    except BisamaError as exc:
        return back(f"{P}/attendance", str(exc), True)
    return back(f"{P}/attendance", "Saved the payroll setting.")
