"""Journals by hand (issue [9]): draft → a director approves → posted; or rejected.

Two people: the drafter (a director or manager; a manager only for their own branch)
and the approver (a director who is not the drafter). Both are recorded on the journal
and in the audit trail. A draft can be changed or deleted by its drafter until it is
approved; a posted journal is never changed: it is undone by a *reversal*, a new draft
that names what it reverses (any posted journal, a till's too), approved the same way.
A journal is reversed once (a unique key). A draft may ask to be reversed on a date
(an accrual): when it posts, the reversal is drafted for that date.

Posting goes through ``books.post.post_journal`` (accounts active, date in an open
month, audited); the ``acc_journals`` row has kind ``manual`` and the JV number as its
reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import case, delete, func, select
from sqlalchemy.exc import IntegrityError

from shared.journals import DraftLine, build_journal, check_lines, journal_number, reversal_lines
from shared.money import Money
from sync_server.audit.services import Actor, record
from sync_server.books.models import ManualJournal, ManualJournalLine
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.ledger.models import Account, Posting
from sync_server.ledger.models import Journal as JournalRow
from sync_server.periods.services import month_of, period_statuses, posting_period
from sync_server.tenants.models import Branch


@dataclass(frozen=True)
class Person:
    """Who drafts, approves or rejects: a tenant's user by e-mail, with role and (for a
    manager) branch."""

    email: str
    role: str
    branch: str | None = None


T = TypeVar("T")


def numbered(ctx: ServerContext, tenant_id: int, work: Callable[[TenantScope], T], *,
             attempts: int = 8) -> T:
    """Run ``work`` in a transaction of its own, again when another person took the same
    JV number (or reversed the same journal) at the same moment: the unique key stops
    the second one, which then runs afresh and takes the next number (or is told the
    journal is already reversed)."""
    for attempt in range(attempts):
        try:
            with ctx.scope(tenant_id) as scope:
                return work(scope)
        except IntegrityError:
            if attempt == attempts - 1:
                break
    raise Refused("Someone else saved a journal at the same moment; try again.")


def check_day(text: str, what: str = "date") -> str:
    try:
        return date.fromisoformat((text or "").strip()).isoformat()
    except ValueError:
        raise Invalid(f"The {what} “{text}” is not a date; write it as YYYY-MM-DD.") from None


def _check_open(scope: TenantScope, day: str) -> None:
    _period, late = posting_period(period_statuses(scope), day)
    if late:
        raise Refused(f"{month_of(day)} is closed: a journal dated {day} cannot be posted. Date "
                      "it in an open month, or ask a director to reopen the month.")


def check_accounts_and_branches(scope: TenantScope, lines: list[DraftLine], branch: str,
                                person: Person) -> None:
    """Every account active in the chart, every branch one of the tenant's; a manager
    keeps to their own branch."""
    accounts = {a.code: a for a in scope.scalars(select(Account))}
    for number, line in enumerate(lines, start=1):
        found = accounts.get(line.account)
        if found is None:
            raise Refused(f"Line {number}: account {line.account} is not in the chart of "
                          "accounts. Add it first (Chart of accounts).")
        if found.status != "active":
            raise Refused(f"Line {number}: account {line.account} {found.name} is switched off.")
    branches = set(scope.scalars(select(Branch.code)))
    for code in {branch, *(ln.branch for ln in lines)}:
        if code not in branches:
            raise Refused(f"There is no branch {code} in this business.")
        if person.role == "manager" and code != person.branch:
            raise Refused(f"A manager drafts journals for their own branch ({person.branch}) "
                          f"only; {code} is another branch. Ask a director.")


def _next_number(scope: TenantScope) -> str:
    last = scope.scalar(select(func.max(ManualJournal.number)))
    return journal_number(int(last[3:]) + 1 if last else 1)


def _require_drafter(person: Person) -> None:
    if person.role not in ("director", "accountant", "manager"):
        raise Refused("Journals by hand are drafted by a director, manager or accountant.")


def _line_rows(journal_id: str, lines: list[DraftLine]) -> list[dict[str, Any]]:
    return [{"journal_id": journal_id, "line_no": n, "account_code": ln.account,
             "branch_code": ln.branch, "debit": ln.debit.pesewas, "credit": ln.credit.pesewas,
             "memo": ln.memo[:200]} for n, ln in enumerate(lines, start=1)]


def _clean_memo(memo: str) -> str:
    memo = " ".join((memo or "").split())
    if not memo:
        raise Invalid("Say what the journal is for in the memo (e.g. “March rent accrual”).")
    if len(memo) > 300:
        raise Invalid("A journal's memo is at most 300 characters.")
    return memo


def _prepare(scope: TenantScope, by: Person, *, entry_date: str, branch: str, memo: str,
             lines: list[DraftLine], auto_reverse_on: str | None) -> tuple[str, str, str | None]:
    _require_drafter(by)
    day = check_day(entry_date)
    memo = _clean_memo(memo)
    branch = (branch or "").strip().upper()
    if not branch:
        raise Invalid("Give the journal's branch.")
    check_lines(lines)
    check_accounts_and_branches(scope, lines, branch, by)
    _check_open(scope, day)
    reverse_on = check_day(auto_reverse_on, "reversal date") if auto_reverse_on else None
    if reverse_on is not None and reverse_on <= day:
        raise Invalid(f"The reversal date {reverse_on} must come after the journal's date {day}.")
    return day, memo, reverse_on


def _insert(ctx: ServerContext, scope: TenantScope, *, by: Person, day: str, branch: str,
            memo: str, lines: list[DraftLine], auto_reverse_on: str | None = None,
            reverses: str | None = None, status: str = "draft",
            extra: dict[str, Any] | None = None) -> ManualJournal:
    new_id = ctx.new_id()
    total = sum(ln.debit.pesewas for ln in lines)
    row = {"id": new_id, "number": _next_number(scope), "status": status, "entry_date": day,
           "branch_code": branch.strip().upper(), "memo": memo, "total": total,
           "drafted_by": by.email, "drafted_at": ctx.clock.now(),
           "auto_reverse_on": auto_reverse_on, "reverses_journal_id": reverses,
           "reversal_key": reverses, **(extra or {})}
    scope.insert_rows(ManualJournal, [row])
    scope.insert_rows(ManualJournalLine, _line_rows(new_id, lines))
    found = scope.get(ManualJournal, new_id)
    assert found is not None
    return found


def draft_journal(ctx: ServerContext, scope: TenantScope, actor: Actor, *, by: Person,
                  entry_date: str, branch: str, memo: str, lines: list[DraftLine],
                  auto_reverse_on: str | None = None) -> dict[str, Any]:
    """Save a draft; nothing is posted until a director approves it."""
    day, memo, reverse_on = _prepare(scope, by, entry_date=entry_date, branch=branch, memo=memo,
                                        lines=lines, auto_reverse_on=auto_reverse_on)
    row = _insert(ctx, scope, by=by, day=day, branch=branch, memo=memo, lines=lines,
                  auto_reverse_on=reverse_on)
    record(ctx, scope, actor, "journal.draft", subject=row.number,
           detail={"by": by.email, "date": day, "total": row.total})
    return show_journal(scope, row.number)


def _find(scope: TenantScope, number: str, *, lock: bool = False) -> ManualJournal:
    number = (number or "").strip().upper()
    stmt = select(ManualJournal).where(ManualJournal.number == number)
    row: ManualJournal | None = scope.scalar(stmt.with_for_update() if lock else stmt)
    if row is None:
        raise NotFound(f"There is no journal {number}.")
    return row


def _own_draft(row: ManualJournal, by: Person, doing: str) -> None:
    if row.status != "draft":
        raise Refused(f"{row.number} is {row.status}: only a draft can be {doing}.")
    if row.drafted_by != by.email:
        raise Refused(f"{row.number} was drafted by {row.drafted_by}; only they can {doing[:-1]} "
                      "it (or a director rejects it).")


def edit_draft(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *, by: Person,
               entry_date: str, branch: str, memo: str, lines: list[DraftLine],
               auto_reverse_on: str | None = None) -> dict[str, Any]:
    row = _find(scope, number, lock=True)
    _own_draft(row, by, "changed")
    if row.reverses_journal_id:
        lines = _lines_of(scope, row)  # a reversal's lines are the original's, swapped
    day, memo, reverse_on = _prepare(scope, by, entry_date=entry_date, branch=branch, memo=memo,
                                        lines=lines, auto_reverse_on=auto_reverse_on)
    row.entry_date, row.memo, row.branch_code = day, memo, branch.strip().upper()
    row.auto_reverse_on, row.total = reverse_on, sum(ln.debit.pesewas for ln in lines)
    scope.execute(delete(ManualJournalLine).where(ManualJournalLine.journal_id == row.id))
    scope.insert_rows(ManualJournalLine, _line_rows(row.id, lines))
    scope.flush()
    record(ctx, scope, actor, "journal.edit", subject=row.number, detail={"by": by.email})
    return show_journal(scope, row.number)


def delete_draft(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *,
                 by: Person) -> dict[str, Any]:
    row = _find(scope, number, lock=True)
    _own_draft(row, by, "deleted")
    scope.execute(delete(ManualJournalLine).where(ManualJournalLine.journal_id == row.id))
    scope.execute(delete(ManualJournal).where(ManualJournal.id == row.id))
    record(ctx, scope, actor, "journal.delete", subject=number, detail={"by": by.email})
    return {"number": number, "status": "deleted"}


def _lines_of(scope: TenantScope, row: ManualJournal) -> list[DraftLine]:
    return [DraftLine(ln.account_code, Money(ln.debit), Money(ln.credit), ln.branch_code, ln.memo)
            for ln in scope.scalars(select(ManualJournalLine)
                                    .where(ManualJournalLine.journal_id == row.id)
                                    .order_by(ManualJournalLine.line_no))]


def _check_approver(row: ManualJournal, by: Person, doing: str) -> None:
    if by.role != "director":
        raise Refused(f"Only a director can {doing} a journal by hand; you are a {by.role}.")
    if by.email == row.drafted_by:
        raise Refused(f"{row.number} was drafted by you: another director must {doing} it "
                      "(two people for every journal by hand).")


def post_manual(ctx: ServerContext, scope: TenantScope, actor: Actor, row: ManualJournal,
                lines: list[DraftLine]) -> str:
    """Post ``row`` (a ``manual`` journal referenced by its JV number); its acc id."""
    journal = build_journal(row.number, row.memo, lines)
    posted = post_journal(ctx, scope, journal, branch=row.branch_code, entry_date=row.entry_date,
                          actor=actor)
    return posted.id


def approve_journal(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *,
                    by: Person) -> dict[str, Any]:
    """A director other than the drafter approves: the journal posts."""
    row = _find(scope, number, lock=True)
    if row.status != "draft":
        raise Refused(f"{row.number} is {row.status}; only a draft waits for approval.")
    _check_approver(row, by, "approve")
    lines = _lines_of(scope, row)
    check_accounts_and_branches(scope, lines, row.branch_code, Person(by.email, "director"))
    row.journal_id = post_manual(ctx, scope, actor, row, lines)
    row.status, row.approved_by, row.approved_at = "posted", by.email, ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "journal.approve", subject=row.number,
           detail={"drafted_by": row.drafted_by, "approved_by": by.email,
                   "journal": row.journal_id, "total": row.total})
    if row.auto_reverse_on:
        drafter = Person(row.drafted_by, "director")
        rev = _insert(ctx, scope, by=drafter, day=row.auto_reverse_on, branch=row.branch_code,
                      memo=f"Reversal of {row.number}: {row.memo}"[:300],
                      lines=reversal_lines(lines), reverses=row.journal_id)
        record(ctx, scope, actor, "journal.draft", subject=rev.number,
               detail={"by": row.drafted_by, "auto_reverse_of": row.number})
    return show_journal(scope, row.number)


def reject_journal(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *,
                   by: Person, reason: str) -> dict[str, Any]:
    row = _find(scope, number, lock=True)
    if row.status != "draft":
        raise Refused(f"{row.number} is {row.status}; only a draft can be rejected.")
    _check_approver(row, by, "reject")
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid("Give the reason for rejecting the journal, so the drafter can fix it.")
    row.status, row.rejected_by, row.rejected_at = "rejected", by.email, ctx.clock.now()
    row.reject_reason, row.reversal_key = reason[:300], None
    scope.flush()
    record(ctx, scope, actor, "journal.reject", subject=row.number,
           detail={"drafted_by": row.drafted_by, "rejected_by": by.email, "reason": reason})
    return show_journal(scope, row.number)


def _posted_journal(scope: TenantScope, ref: str) -> JournalRow:
    ref = (ref or "").strip()
    if ref.upper().startswith("JV-"):
        manual = _find(scope, ref)
        if manual.journal_id is None:
            raise Refused(f"{manual.number} is {manual.status}, not posted: there is nothing to "
                          "reverse.")
        ref = manual.journal_id
    found = scope.get(JournalRow, ref)
    if found is None:
        raise NotFound(f"There is no posted journal {ref}.")
    return found


def reverse_journal(ctx: ServerContext, scope: TenantScope, actor: Actor, ref: str, *,
                    by: Person, on: str, memo: str | None = None) -> dict[str, Any]:
    """Draft the reversal of a posted journal (a JV number or any journal's id) dated
    ``on``; it posts when a director approves it."""
    _require_drafter(by)
    original = _posted_journal(scope, ref)
    day = check_day(on, "reversal date")
    if day < original.entry_date:
        raise Invalid(f"A reversal cannot be dated before the journal it reverses "
                      f"({original.entry_date}).")
    taken = scope.scalar(select(ManualJournal.number)
                         .where(ManualJournal.reversal_key == original.id))
    if taken:
        raise Refused(f"That journal is already reversed by {taken}; a journal is reversed once.")
    lines = [DraftLine(p.account_code, Money(p.credit), Money(p.debit), p.branch_code, p.memo)
             for p in scope.scalars(select(Posting).where(Posting.journal_id == original.id)
                                    .order_by(Posting.line_no))]
    check_accounts_and_branches(scope, lines, original.branch_code, by)
    _check_open(scope, day)
    text = memo or f"Reversal of {original.kind} {original.reference}: {original.memo}"
    row = _insert(ctx, scope, by=by, day=day, branch=original.branch_code,
                  memo=_clean_memo(text[:300]), lines=lines, reverses=original.id)
    record(ctx, scope, actor, "journal.draft", subject=row.number,
           detail={"by": by.email, "reverses": original.id, "date": day})
    return show_journal(scope, row.number)


def list_journals(scope: TenantScope, *, branch: str | None = None, status: str | None = None,
                  limit: int = 500) -> list[dict[str, Any]]:
    """Drafts awaiting approval first, then the rest, newest first."""
    stmt = select(ManualJournal)
    if branch:
        stmt = stmt.where(ManualJournal.branch_code == branch)
    if status:
        stmt = stmt.where(ManualJournal.status == status)
    waiting = case((ManualJournal.status == "draft", 0), else_=1)
    rows = scope.scalars(stmt.order_by(waiting, ManualJournal.number.desc()).limit(limit))
    return [_summary(r) for r in rows]


def _summary(row: ManualJournal) -> dict[str, Any]:
    return {"number": row.number, "status": row.status, "date": row.entry_date,
            "branch": row.branch_code, "memo": row.memo, "total": row.total,
            "drafted_by": row.drafted_by, "approved_by": row.approved_by,
            "rejected_by": row.rejected_by, "reject_reason": row.reject_reason,
            "journal_id": row.journal_id, "reverses": row.reverses_journal_id,
            "auto_reverse_on": row.auto_reverse_on, "recurring_id": row.recurring_id}


def show_journal(scope: TenantScope, number: str) -> dict[str, Any]:
    row = _find(scope, number)
    data = _summary(row)
    data["drafted_at"] = row.drafted_at.isoformat()
    data["approved_at"] = row.approved_at.isoformat() if row.approved_at else None
    data["lines"] = [ln.to_json() for ln in _lines_of(scope, row)]
    if row.reverses_journal_id:
        original = scope.get(JournalRow, row.reverses_journal_id)
        data["reverses_reference"] = (f"{original.kind} {original.reference}" if original
                                      else row.reverses_journal_id)
    data["reversed_by"] = (scope.scalar(select(ManualJournal.number).where(
        ManualJournal.reversal_key == row.journal_id)) if row.journal_id else None)
    return data


__all__ = [
    "Person",
    "approve_journal",
    "check_accounts_and_branches",
    "check_day",
    "delete_draft",
    "draft_journal",
    "edit_draft",
    "list_journals",
    "numbered",
    "post_manual",
    "reject_journal",
    "reverse_journal",
    "show_journal",
]
