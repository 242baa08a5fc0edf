"""Recurring journals (rent): a template approved once, posted every month.

A template (lines, memo, branch, monthly on day N, from, until) is drafted by one
person and approved once by a director who is not the drafter. ``run_recurring`` then
posts every instance due up to a date and not yet posted, each in its own transaction
under a unique key (template and date), so running it twice — or on two machines at
once — posts nothing twice. An instance whose month is closed is skipped and reported.
Each instance is a journal by hand (JV number) recording the template's drafter and
approver.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from shared.errors import BisamaError
from shared.journals import DraftLine, check_lines, check_recurrence, recurring_template_number
from shared.journals import recurring_dates as dates_of
from shared.money import Money
from sync_server.audit.services import Actor, record
from sync_server.books.journals import (
    Person,
    _clean_memo,
    _insert,
    _require_drafter,
    check_accounts_and_branches,
    check_day,
    post_manual,
)
from sync_server.books.models import ManualJournal, RecurringJournal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused


def _lines(row: RecurringJournal) -> list[DraftLine]:
    return [DraftLine(x["account"], Money(int(x["debit"])), Money(int(x["credit"])), x["branch"],
                      x.get("memo", "")) for x in json.loads(row.lines)]


def _summary(row: RecurringJournal) -> dict[str, Any]:
    return {"number": row.number, "id": row.id, "status": row.status, "memo": row.memo,
            "branch": row.branch_code, "day": row.day_of_month, "from": row.first_date,
            "until": row.last_date, "total": row.total, "drafted_by": row.drafted_by,
            "approved_by": row.approved_by, "rejected_by": row.rejected_by,
            "reject_reason": row.reject_reason,
            "lines": [ln.to_json() for ln in _lines(row)]}


def draft_recurring(ctx: ServerContext, scope: TenantScope, actor: Actor, *, by: Person,
                    memo: str, branch: str, day: int, first: str, last: str | None,
                    lines: list[DraftLine]) -> dict[str, Any]:
    _require_drafter(by)
    memo = _clean_memo(memo)
    branch = (branch or "").strip().upper()
    first_day = check_day(first, "first date")
    last_day = check_day(last, "last date") if last else None
    check_recurrence(day, date.fromisoformat(first_day),
                     date.fromisoformat(last_day) if last_day else None)
    check_lines(lines)
    check_accounts_and_branches(scope, lines, branch, by)
    last_no = scope.scalar(select(func.max(RecurringJournal.number)))
    number = recurring_template_number(int(last_no[3:]) + 1 if last_no else 1)
    new_id = ctx.new_id()
    scope.insert_rows(RecurringJournal, [{
        "id": new_id, "number": number, "status": "draft", "memo": memo, "branch_code": branch,
        "day_of_month": day, "first_date": first_day, "last_date": last_day,
        "lines": json.dumps([ln.to_json() for ln in lines]),
        "total": sum(ln.debit.pesewas for ln in lines), "drafted_by": by.email,
        "drafted_at": ctx.clock.now()}])
    record(ctx, scope, actor, "journal.recurring_draft", subject=number, detail={"by": by.email})
    return show_recurring(scope, number)


def _find(scope: TenantScope, number: str, *, lock: bool = False) -> RecurringJournal:
    number = (number or "").strip().upper()
    stmt = select(RecurringJournal).where(RecurringJournal.number == number)
    row: RecurringJournal | None = scope.scalar(stmt.with_for_update() if lock else stmt)
    if row is None:
        raise NotFound(f"There is no recurring journal {number}.")
    return row


def show_recurring(scope: TenantScope, number: str) -> dict[str, Any]:
    return _summary(_find(scope, number))


def list_recurring(scope: TenantScope) -> list[dict[str, Any]]:
    return [_summary(r) for r in scope.scalars(select(RecurringJournal)
                                                .order_by(RecurringJournal.number))]


def _decide(row: RecurringJournal, by: Person, doing: str) -> None:
    if row.status != "draft":
        raise Refused(f"{row.number} is {row.status}; only a draft can be {doing}d.")
    if by.role != "director":
        raise Refused(f"Only a director can {doing} a recurring journal; you are a {by.role}.")
    if by.email == row.drafted_by:
        raise Refused(f"{row.number} was drafted by you: another director must {doing} it.")


def approve_recurring(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *,
                      by: Person) -> dict[str, Any]:
    row = _find(scope, number, lock=True)
    _decide(row, by, "approve")
    row.status, row.approved_by, row.approved_at = "active", by.email, ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "journal.recurring_approve", subject=row.number,
           detail={"drafted_by": row.drafted_by, "approved_by": by.email})
    return _summary(row)


def reject_recurring(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *,
                     by: Person, reason: str) -> dict[str, Any]:
    row = _find(scope, number, lock=True)
    _decide(row, by, "reject")
    if not (reason or "").strip():
        raise Invalid("Give the reason for rejecting the recurring journal.")
    row.status, row.rejected_by, row.reject_reason = "rejected", by.email, reason.strip()[:300]
    scope.flush()
    record(ctx, scope, actor, "journal.recurring_reject", subject=row.number,
           detail={"rejected_by": by.email, "reason": reason})
    return _summary(row)


def _instance(ctx: ServerContext, tenant_id: int, actor: Actor, template_id: str,
              when: date) -> str | None:
    """Post one instance; its JV number, or None when it was already posted."""
    key = f"{template_id}:{when.isoformat()}"
    with ctx.scope(tenant_id) as scope:
        if scope.scalar(select(ManualJournal.number).where(ManualJournal.recurring_key == key)):
            return None
        row = scope.get(RecurringJournal, template_id)
        assert row is not None and row.approved_by is not None
        lines = _lines(row)
        manual = _insert(ctx, scope, by=Person(row.drafted_by, "director"), day=when.isoformat(),
                         branch=row.branch_code, memo=f"{row.memo} ({when:%B %Y})"[:300],
                         lines=lines, status="posted",
                         extra={"recurring_id": row.id, "recurring_key": key,
                                "approved_by": row.approved_by, "approved_at": row.approved_at})
        manual.journal_id = post_manual(ctx, scope, actor, manual, lines)
        scope.flush()
        record(ctx, scope, actor, "journal.recurring_post", subject=manual.number,
               detail={"template": row.number, "date": when.isoformat(),
                       "drafted_by": row.drafted_by, "approved_by": row.approved_by})
        return manual.number


def run_recurring(ctx: ServerContext, tenant_id: int, actor: Actor, *,
                  until: date) -> dict[str, Any]:
    """Post every instance of every approved template due by ``until``."""
    with ctx.scope(tenant_id) as scope:
        templates = [(t.id, t.number, t.day_of_month, t.first_date, t.last_date)
                     for t in scope.scalars(select(RecurringJournal)
                                            .where(RecurringJournal.status == "active")
                                            .order_by(RecurringJournal.number))]
    posted: list[dict[str, str]] = []
    skipped: list[dict[str, str]] = []
    already = 0
    for template_id, number, day, first, last in templates:
        for when in dates_of(day, date.fromisoformat(first),
                             date.fromisoformat(last) if last else None, until):
            try:
                jv = _instance(ctx, tenant_id, actor, template_id, when)
            except IntegrityError:
                jv = None  # another run posted it at the same moment
            except BisamaError as exc:
                skipped.append({"template": number, "date": when.isoformat(), "why": str(exc)})
                continue
            if jv is None:
                already += 1
            else:
                posted.append({"template": number, "date": when.isoformat(), "journal": jv})
    return {"until": until.isoformat(), "posted": posted, "already_posted": already,
            "skipped": skipped}


__all__ = ["approve_recurring", "draft_recurring", "list_recurring", "reject_recurring",
           "run_recurring", "show_recurring"]
