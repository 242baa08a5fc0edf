"""Enrollment codes as the dashboard's Terminals page shows them: listed with their
branch, who issued them, expiry and state, and cancellable. The code itself is never
kept (only its hash and its last four characters, to tell codes apart)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.terminals.models import EnrollmentCode, Terminal

REQUEST_KEY_RE = re.compile(r"^[0-9a-f]{32}$")


def code_state(row: EnrollmentCode, now: Any) -> str:
    if row.used_at is not None:
        return "used"
    if row.cancelled_at is not None:
        return "cancelled"
    if row.expires_at <= now:
        return "expired"
    return "open"


def list_codes(ctx: ServerContext, scope: TenantScope, *, branch: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
    """The latest codes, newest first: open ones with their expiry, the rest with what
    became of them (the till a used code enrolled, by name)."""
    stmt = select(EnrollmentCode).order_by(EnrollmentCode.created_at.desc()).limit(limit)
    if branch:
        stmt = stmt.where(EnrollmentCode.branch_code == branch)
    rows = scope.scalars(stmt)
    ids = [r.terminal_id for r in rows if r.terminal_id]
    names = {t.id: t.name for t in scope.scalars(select(Terminal).where(Terminal.id.in_(ids)))
             } if ids else {}
    now = ctx.clock.now()
    return [{"ref": r.code_hash[:12], "hint": r.hint, "branch": r.branch_code,
             "created_at": r.created_at, "created_by": r.created_by, "expires_at": r.expires_at,
             "state": code_state(r, now), "used_at": r.used_at,
             "till": names.get(r.terminal_id or ""),
             "cancelled_at": r.cancelled_at, "cancelled_by": r.cancelled_by} for r in rows]


def _by_ref(scope: TenantScope, ref: str) -> EnrollmentCode:
    ref = (ref or "").strip().lower()
    if not re.fullmatch(r"[0-9a-f]{12}", ref):
        raise Invalid("That is not an enrollment code of this list.")
    rows: list[EnrollmentCode] = scope.scalars(
        select(EnrollmentCode).where(EnrollmentCode.code_hash.like(f"{ref}%")))
    if len(rows) != 1:
        raise NotFound("No such enrollment code in this business.")
    return rows[0]


def cancel_code(ctx: ServerContext, scope: TenantScope, actor: Actor, ref: str) -> dict[str, Any]:
    """Cancel an open code: no till can enroll with it from now on."""
    row = _by_ref(scope, ref)
    state = code_state(row, ctx.clock.now())
    if state != "open":
        raise Refused(f"This code is {state}: there is nothing to cancel.")
    row.cancelled_at = ctx.clock.now()
    row.cancelled_by = actor.name[:254]
    scope.flush()
    hint = f"…{row.hint}" if row.hint else ""
    record(ctx, scope, actor, "terminal.code_cancel", subject=row.branch_code,
           detail={"code": hint or row.code_hash[:12]})
    return {"branch": row.branch_code, "hint": hint}


def code_for_request(scope: TenantScope, request_key: str) -> EnrollmentCode | None:
    """The code a form with this idempotency key already issued, if it did."""
    if not REQUEST_KEY_RE.fullmatch(request_key or ""):
        raise Invalid("The form is missing its one-time key: reload the Terminals page.")
    rows: list[EnrollmentCode] = scope.scalars(
        select(EnrollmentCode).where(EnrollmentCode.request_key == request_key))
    return rows[0] if rows else None
