"""The monthly payroll run (issue [14] scope 1): draft → approve → post.

* **draft** (``run``): a payslip for every active employee, computed by
  ``shared.payroll.compute`` with the rates in force on the month's last day; when the
  tenant's setting says so, attendance feeds it (days absent withheld, overtime paid).
  Drafting again replaces a draft (after pay or attendance changed); an approved or posted
  run is never redrafted.
* **approve**: a director who is not the preparer (two people, as for journals by hand).
  A director may instead **reject** a draft with a reason.
* **post**: the approved run's journal goes through ``books.post.post_journal`` dated the
  month's last day (Dr 6300, 6310 / Cr 2200, 2210, 2220, 2230 per branch); the accounts
  are added to the chart the first time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from shared.errors import BisamaError
from shared.money import Money
from shared.payroll import (
    PAYROLL_ACCOUNTS,
    PayrollError,
    Payslip,
    check_month,
    compute,
    month_end,
    run_journal,
)
from sync_server.audit.services import Actor, record
from sync_server.books.chart import add_account
from sync_server.books.journals import Person
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.ledger.models import Account
from sync_server.payroll import attendance
from sync_server.payroll.models import Employee, PayRun
from sync_server.payroll.models import Payslip as SlipRow
from sync_server.payroll.rates import rates_on
from sync_server.purchases import common as c

FIGURES = ("basic", "allowances", "overtime", "absence", "gross", "ssnit_employee", "taxable",
           "paye", "overtime_tax", "net", "ssnit_employer", "tier1", "tier2", "employer_cost")


def month(text: str) -> str:
    try:
        year, mon = check_month(text)
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    return f"{year:04d}-{mon:02d}"


def find_run(scope: TenantScope, month_text: str, *, lock: bool = False) -> PayRun:
    query = select(PayRun).where(PayRun.month == month(month_text))
    row: PayRun | None = scope.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(f"There is no payroll run for {month_text}; draft one first.")
    return row


def slip_of(row: SlipRow) -> Payslip:
    m = {f: Money(getattr(row, f)) for f in FIGURES}
    return Payslip(m["basic"], m["allowances"], m["overtime"], m["absence"], m["gross"],
                   m["ssnit_employee"], m["taxable"], m["paye"], m["overtime_tax"], m["net"],
                   m["ssnit_employer"], m["tier1"], m["tier2"], m["employer_cost"])


def _slip_json(row: SlipRow) -> dict[str, Any]:
    return {"number": row.number, "name": row.name, "branch": row.branch_code, "role": row.role,
            "ssnit_number": row.ssnit_number or "", "tin": row.tin or "",
            "pay_method": row.pay_method, "pay_account": row.pay_account,
            **{f: c.cedis(getattr(row, f)) for f in FIGURES},
            "days_absent": row.days_absent, "overtime_hours": f"{row.overtime_minutes / 60:.2f}",
            "notes": row.notes}


def slips(scope: TenantScope, run: PayRun) -> list[SlipRow]:
    return list(scope.scalars(select(SlipRow).where(SlipRow.run_id == run.id)
                              .order_by(SlipRow.number)))


def run_json(scope: TenantScope, run: PayRun) -> dict[str, Any]:
    return {"month": run.month, "status": run.status, "rates_from": run.rates_effective,
            "with_attendance": run.with_attendance,
            **{f: c.cedis(getattr(run, f)) for f in ("gross", "ssnit_employee", "paye", "net",
                                                      "ssnit_employer", "employer_cost")},
            "prepared_by": run.prepared_by, "approved_by": run.approved_by or "",
            "rejected_by": run.rejected_by or "", "reject_reason": run.reject_reason or "",
            "journal": run.journal_id or "", "payslips": [_slip_json(s) for s in slips(scope, run)]}


def _require(person: Person, roles: tuple[str, ...], doing: str) -> None:
    if person.role not in roles:
        raise Refused(f"Only a {' or '.join(roles)} can {doing} a payroll run; you are a "
                      f"{person.role}.")


def draft_run(ctx: ServerContext, scope: TenantScope, actor: Actor, month_text: str, *,
              by: Person) -> dict[str, Any]:
    """Draft (or redraft) the month's payslips for review."""
    _require(by, ("director", "manager"), "draft")
    the_month = month(month_text)
    existing = scope.scalar(select(PayRun).where(PayRun.month == the_month).with_for_update())
    if existing is not None and existing.status in ("approved", "posted"):
        raise Refused(f"The {the_month} payroll is {existing.status}; it cannot be drafted again.")
    last_day = month_end(the_month)
    rates = rates_on(scope, last_day)
    settings = attendance.settings(scope)
    feeds = settings["attendance_feeds_run"]
    people = list(scope.scalars(select(Employee).where(Employee.status == "active")
                                .order_by(Employee.number)))
    if not people:
        raise Refused("There are no active employees to pay; add them first (Employees).")
    worked = attendance.month_figures(scope, the_month) if feeds else {}
    run = existing or PayRun(id=ctx.new_id(), month=the_month)
    if existing is not None:
        scope.execute(delete(SlipRow).where(SlipRow.run_id == run.id))
    run.status, run.rates_effective, run.with_attendance = "draft", rates.effective, feeds
    run.prepared_by, run.prepared_at = by.email, ctx.clock.now()
    run.approved_by = run.approved_at = run.rejected_by = run.reject_reason = None
    totals = dict.fromkeys(("gross", "ssnit_employee", "paye", "net", "ssnit_employer",
                            "employer_cost"), 0)
    rows = []
    for person in people:
        absent, minutes = worked.get(person.id, (0, 0))
        basic = Money(person.basic)
        absence = attendance.absence_deduction(basic, absent, the_month) if feeds else Money.ZERO
        overtime = (attendance.overtime_amount(basic, minutes, the_month, settings)
                    if feeds else Money.ZERO)
        try:
            slip = compute(basic, Money(person.allowances), rates, overtime=overtime,
                           absence=absence)
        except PayrollError as exc:
            raise Invalid(f"{person.number} {person.name}: {exc}") from None
        for key in totals:
            totals[key] += getattr(slip, key).pesewas
        totals["paye"] += slip.overtime_tax.pesewas
        rows.append({"run_id": run.id, "employee_id": person.id, "number": person.number,
                     "name": person.name, "branch_code": person.branch_code, "role": person.role,
                     "ssnit_number": person.ssnit_number, "tin": person.tin,
                     "pay_method": person.pay_method, "pay_account": person.pay_account,
                     **slip.to_json(), "days_absent": absent, "overtime_minutes": minutes,
                     "notes": "; ".join(slip.notes)[:300]})
    for key, value in totals.items():
        setattr(run, key, value)
    if existing is None:
        scope.add(run)
    scope.flush()
    scope.insert_rows(SlipRow, rows)
    record(ctx, scope, actor, "payroll.run_draft", subject=the_month,
           detail={"by": by.email, "employees": len(rows), "gross": totals["gross"],
                   "net": totals["net"], "with_attendance": feeds})
    data = run_json(scope, run)
    data["discrepancies"] = attendance.discrepancies(scope, the_month + "-01", last_day)
    return data


def _check_approver(run: PayRun, by: Person, doing: str) -> None:
    _require(by, ("director",), doing)
    if by.email == run.prepared_by:
        raise Refused(f"The {run.month} payroll was drafted by you: another director must "
                      f"{doing} it (two people for every payroll).")


def approve_run(ctx: ServerContext, scope: TenantScope, actor: Actor, month_text: str, *,
                by: Person) -> dict[str, Any]:
    run = find_run(scope, month_text, lock=True)
    if run.status != "draft":
        raise Refused(f"The {run.month} payroll is {run.status}; only a draft waits for approval.")
    _check_approver(run, by, "approve")
    run.status, run.approved_by, run.approved_at = "approved", by.email, ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "payroll.run_approve", subject=run.month,
           detail={"prepared_by": run.prepared_by, "approved_by": by.email, "net": run.net})
    return run_json(scope, run)


def reject_run(ctx: ServerContext, scope: TenantScope, actor: Actor, month_text: str, *,
               by: Person, reason: str) -> dict[str, Any]:
    run = find_run(scope, month_text, lock=True)
    if run.status != "draft":
        raise Refused(f"The {run.month} payroll is {run.status}; only a draft can be rejected.")
    _check_approver(run, by, "reject")
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid("Give the reason for rejecting the payroll, so the preparer can fix it.")
    run.status, run.rejected_by, run.reject_reason = "rejected", by.email, reason[:300]
    scope.flush()
    record(ctx, scope, actor, "payroll.run_reject", subject=run.month,
           detail={"prepared_by": run.prepared_by, "rejected_by": by.email, "reason": reason})
    return run_json(scope, run)


def ensure_accounts(ctx: ServerContext, scope: TenantScope, actor: Actor) -> None:
    """Add the payroll accounts to the chart the first time a payroll posts."""
    for code, name, kind in PAYROLL_ACCOUNTS:
        if scope.get(Account, code) is None:
            add_account(ctx, scope, actor, code=code, name=name, type=kind)


def post_run(ctx: ServerContext, scope: TenantScope, actor: Actor, month_text: str, *,
             by: Person) -> dict[str, Any]:
    """Post an approved run to the ledger, dated the month's last day."""
    _require(by, ("director", "manager"), "post")
    run = find_run(scope, month_text, lock=True)
    if run.status != "approved":
        raise Refused(f"The {run.month} payroll is {run.status}; a director approves it "
                      "before it posts.")
    pairs = [(s.branch_code, slip_of(s)) for s in slips(scope, run)]
    journal = run_journal(run.month, pairs)
    ensure_accounts(ctx, scope, actor)
    posted = post_journal(ctx, scope, journal, branch=min(b for b, _ in pairs),
                          entry_date=month_end(run.month), actor=actor)
    run.status, run.journal_id, run.posted_at = "posted", posted.id, ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "payroll.run_post", subject=run.month,
           detail={"journal": posted.id, "total": posted.total, "by": by.email})
    return run_json(scope, run)


def reverse_run(ctx: ServerContext, scope: TenantScope, actor: Actor, month_text: str, *,
                by: Person, reason: str) -> dict[str, Any]:
    """Undo a posted run that turned out wrong, before any of it is paid: its journal is
    reversed by a new one (dated the month's last day; the month must be open) and the
    run is ``reversed``, so it can be drafted again. The first journal stays."""
    _require(by, ("director",), "reverse")
    run = find_run(scope, month_text, lock=True)
    if run.status != "posted":
        raise Refused(f"The {run.month} payroll is {run.status}; only a posted payroll is "
                      "reversed (a draft is rejected or drafted again).")
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid("Give the reason for reversing the payroll.")
    from sync_server.payroll.models import PayPayment

    if scope.scalar(select(PayPayment.id).where(PayPayment.run_id == run.id)) is not None:
        raise Refused(f"Part of the {run.month} payroll is already paid; correct it with a "
                      "journal by hand instead.")
    pairs = [(s.branch_code, slip_of(s)) for s in slips(scope, run)]
    journal = run_journal(run.month, pairs).reversed(
        "payroll_reversal", f"PAY-{run.month}-R", f"Reversal of payroll {run.month}: {reason}"[:300])
    posted = post_journal(ctx, scope, journal, branch=min(b for b, _ in pairs),
                          entry_date=month_end(run.month), actor=actor)
    record(ctx, scope, actor, "payroll.run_reverse", subject=run.month,
           detail={"journal": run.journal_id, "reversal": posted.id, "by": by.email,
                   "reason": reason})
    run.status, run.reject_reason, run.rejected_by = "reversed", reason[:300], by.email
    scope.flush()
    return run_json(scope, run)


def list_runs(scope: TenantScope) -> list[dict[str, Any]]:
    return [{"month": r.month, "status": r.status, "gross": c.cedis(r.gross),
             "paye": c.cedis(r.paye), "net": c.cedis(r.net),
             "employer_cost": c.cedis(r.employer_cost), "prepared_by": r.prepared_by,
             "approved_by": r.approved_by or ""}
            for r in scope.scalars(select(PayRun).order_by(PayRun.month.desc()))]


__all__ = ["FIGURES", "approve_run", "draft_run", "ensure_accounts", "find_run", "list_runs",
           "month", "post_run", "reject_run", "reverse_run", "run_json", "slip_of", "slips"]
