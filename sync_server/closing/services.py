"""Preparing, approving and reopening a month (issue [10] scope 2).

* The accountant (a manager or director) **prepares** the close: the checklist as it stood
  is kept with the event.
* A **director** waives what may be waived (a till, a held envelope) with a reason, and
  **approves**: the checklist is worked out again and must pass; the approver is never
  the person who prepared it (two people, both recorded).
* A director **reopens** a closed month with a reason.

Every step is an event in ``period_close_events`` (with the checklist) and in the audit log.
The CLI proves who approves with the director's e-mail and password (``person_by_password``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sync_server.audit.services import Actor, record
from sync_server.clock import today
from sync_server.closing.checklist import Checklist, build_checklist
from sync_server.closing.models import PeriodCloseEvent, PeriodWaiver
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.periods.models import FiscalPeriod
from sync_server.periods.services import ensure_periods, parse_period, reopen_period
from sync_server.sync.changes import Change, record_changes
from sync_server.tenants.models import User


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    role: str
    branch: str | None = None


def person_by_password(ctx: ServerContext, scope: TenantScope, email: str,
                       password: str, *, refusal: tuple[Actor, str] | None = None) -> Person:
    """The tenant's active user with this e-mail and password (one argon2 check whatever
    the outcome); refuses with one sentence that says nothing of which part was wrong. A
    wrong password counts towards the same lockout as the dashboard's sign-in (and the
    CLI's journal approvals), and a locked account is refused."""
    from datetime import timedelta

    from sync_server.dashboard.settings import DashboardSettings

    user = scope.scalar(select(User).where(User.email == email.strip().lower()))
    stored = user.password_hash if user is not None and user.status == "active" else None
    if user is not None and user.locked_until is not None and user.locked_until > ctx.clock.now():
        ctx.hasher.burn(password)
        raise Refused("This account is locked after too many wrong passwords; wait, or ask "
                      "the administrator.")
    if stored:
        right = ctx.hasher.verify(stored, password)
    else:
        ctx.hasher.burn(password)
        right = False
    if not right or user is None:
        detail: dict[str, object] = {"why": "password"}
        if user is not None and stored:
            rule = DashboardSettings()
            user.failed_logins = (user.failed_logins or 0) + 1
            detail["failures"] = user.failed_logins
            if user.failed_logins >= rule.lockout_after:
                user.locked_until = ctx.clock.now() + timedelta(minutes=rule.lockout_minutes)
                user.failed_logins = 0
                detail["locked"] = True
            scope.flush()
        if refusal is not None:  # who ran the command, and what it was refused as
            record(ctx, scope, refusal[0], refusal[1], subject=email.strip().lower(),
                   detail=detail)
        raise Refused("That e-mail and password are not an active user of this business.")
    return Person(user.email, user.name, user.role, user.branch_code)


def _reason(reason: str | None, what: str) -> str:
    text = (reason or "").strip()
    if len(text) < 5:
        raise Invalid(f"Give a reason for {what} (a sentence another person can follow).")
    return text[:500]


def _period_row(scope: TenantScope, period: str) -> FiscalPeriod:
    period = parse_period(period)
    ensure_periods(scope, [period])
    scope.flush()
    row = scope.get(FiscalPeriod, period)
    assert row is not None
    return row


def checklist(ctx: ServerContext, scope: TenantScope, period: str) -> Checklist:
    return build_checklist(scope, parse_period(period), today(ctx.clock))


def _event(ctx: ServerContext, scope: TenantScope, period: str, action: str, who: Person, *,
           reason: str | None, listing: Checklist | None) -> None:
    scope.add(PeriodCloseEvent(id=ctx.new_id(), period=period, action=action,
                               by_email=who.email, by_name=who.name, at=ctx.clock.now(),
                               reason=reason,
                               checklist=json.dumps(listing.to_json(), default=str)
                               if listing else None))


def last_event(scope: TenantScope, period: str) -> PeriodCloseEvent | None:
    events = scope.scalars(select(PeriodCloseEvent).where(PeriodCloseEvent.period == period)
                           .order_by(PeriodCloseEvent.at.desc(), PeriodCloseEvent.id.desc())
                           .limit(1))
    return events[0] if events else None


def prepared_by(scope: TenantScope, period: str) -> PeriodCloseEvent | None:
    """The standing preparation of an open month (None when not prepared since the last
    reopen or rejection)."""
    event = last_event(scope, period)
    return event if event is not None and event.action == "prepared" else None


def prepare(ctx: ServerContext, scope: TenantScope, period: str, who: Person,
            actor: Actor) -> Checklist:
    if who.role not in ("accountant", "manager", "director"):
        raise Refused("Only an accountant, a manager or a director prepares a close.")
    row = _period_row(scope, period)
    if row.status == "closed":
        raise Refused(f"{row.period} is already closed.")
    listing = build_checklist(scope, row.period, today(ctx.clock))
    _event(ctx, scope, row.period, "prepared", who, reason=None, listing=listing)
    record(ctx, scope, actor, "period.prepare", subject=row.period,
           detail={"ready": listing.ready,
                   "blocking": [c.key for c in listing.blocking()]})
    return listing


def waive(ctx: ServerContext, scope: TenantScope, period: str, who: Person, actor: Actor, *,
          kind: str, subject: str, reason: str | None) -> None:
    if who.role != "director":
        raise Refused("Only a director may waive a check of the close.")
    if kind not in ("till", "held"):
        raise Invalid("Only a till that has not synced, or a held transaction, can be waived.")
    row = _period_row(scope, period)
    if row.status == "closed":
        raise Refused(f"{row.period} is already closed.")
    text = _reason(reason, "the waiver")
    listing = build_checklist(scope, row.period, today(ctx.clock))
    check = next(c for c in listing.checks if c.key == ("tills" if kind == "till" else "held"))
    if not any(r["subject"] == subject for r in check.rows):
        raise NotFound(f"Nothing to waive: {subject} is not listed under “{check.title}”.")
    existing = scope.scalar(select(PeriodWaiver).where(
        PeriodWaiver.period == row.period, PeriodWaiver.kind == kind,
        PeriodWaiver.subject == subject))
    if existing is not None:
        raise Refused("That is already waived.")
    scope.add(PeriodWaiver(id=ctx.new_id(), period=row.period, kind=kind, subject=subject,
                           reason=text, by_email=who.email, at=ctx.clock.now()))
    record(ctx, scope, actor, "period.waive", subject=row.period,
           detail={"kind": kind, "subject": subject, "reason": text})


def approve(ctx: ServerContext, scope: TenantScope, period: str, who: Person,
            actor: Actor) -> Checklist:
    if who.role != "director":
        raise Refused("Only a director approves a close: the accountant prepares it, a "
                      "director approves it (two people, separate duties).")
    row = _period_row(scope, period)
    if row.status == "closed":
        raise Refused(f"{row.period} is already closed.")
    prep = prepared_by(scope, row.period)
    if prep is None:
        raise Refused(f"{row.period} has not been prepared: the accountant prepares the close "
                      "first (its checklist is kept), then a director approves it.")
    if prep.by_email == who.email:
        raise Refused("You prepared this close; another person (a director) must approve it.")
    listing = build_checklist(scope, row.period, today(ctx.clock))
    if not listing.ready:
        raise Refused(f"{row.period} cannot close yet: "
                      + "; ".join(f"{c.title} — {c.figure}" for c in listing.blocking()) + ".")
    row.status = "closed"
    row.closed_at = ctx.clock.now()
    row.closed_by = who.email
    scope.flush()
    record_changes(scope, [Change("period", row.period)])
    _event(ctx, scope, row.period, "approved", who, reason=None, listing=listing)
    record(ctx, scope, actor, "period.close", subject=row.period,
           detail={"approved_by": who.email, "prepared_by": prep.by_email,
                   "waivers": [r["subject"] for c in listing.checks for r in c.rows
                               if r.get("waived")]})
    return listing


def reject(ctx: ServerContext, scope: TenantScope, period: str, who: Person, actor: Actor, *,
           reason: str | None) -> None:
    if who.role != "director":
        raise Refused("Only a director sends a close back.")
    row = _period_row(scope, period)
    if prepared_by(scope, row.period) is None:
        raise Refused(f"{row.period} is not waiting for approval.")
    text = _reason(reason, "sending the close back")
    _event(ctx, scope, row.period, "rejected", who, reason=text, listing=None)
    record(ctx, scope, actor, "period.reject", subject=row.period, detail={"reason": text})


def reopen(ctx: ServerContext, scope: TenantScope, period: str, who: Person, actor: Actor, *,
           reason: str | None) -> None:
    if who.role != "director":
        raise Refused("Only a director reopens a closed month.")
    text = _reason(reason, "reopening the month")
    row = _period_row(scope, period)
    from sync_server.closing.year_end import closed_year_of

    year = closed_year_of(scope, row.period)
    if year is not None:
        raise Refused(f"{row.period} is in the fiscal year ending {year}, which is closed: "
                      "a director reopens the year first, with a reason.")
    later = scope.scalars(select(FiscalPeriod.period).where(
        FiscalPeriod.period > row.period, FiscalPeriod.status == "closed"))
    if later:
        raise Refused(f"{', '.join(later)} is closed after {row.period}: reopen the later "
                      "month(s) first, newest first.")
    reopen_period(scope, row.period)
    _event(ctx, scope, row.period, "reopened", who, reason=text, listing=None)
    record(ctx, scope, actor, "period.open", subject=row.period,
           detail={"by": who.email, "reason": text})


def history(scope: TenantScope, period: str | None = None) -> list[dict[str, Any]]:
    stmt = select(PeriodCloseEvent).order_by(PeriodCloseEvent.at, PeriodCloseEvent.id)
    if period:
        stmt = stmt.where(PeriodCloseEvent.period == period)
    return [{"period": e.period, "action": e.action, "by": e.by_name, "email": e.by_email,
             "at": e.at.isoformat(timespec="seconds"), "reason": e.reason,
             "checklist": json.loads(e.checklist) if e.checklist else None}
            for e in scope.scalars(stmt)]


__all__ = ["Person", "approve", "checklist", "history", "person_by_password", "prepare",
           "prepared_by", "reject", "reopen", "waive"]
