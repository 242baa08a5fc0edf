"""Editing and closing a branch (issue [12], administration in the browser; also
``bisama-sync branch edit/close/reopen``).

A closed branch (status ``inactive``) keeps everything it sold, its stock and its
postings; it gets no new tills (``issue_code`` refuses it, its open enrollment codes are
cancelled) and its tills are refused from the close on: each is revoked with the reason
"branch closed", which every till already understands (it keeps its sales and says to
ask the administrator). A branch whose tills last reported unsynced sales is not closed
until they are in, so no sale is stranded on a till head office no longer hears.
Reopening lets the branch enroll tills again (with new codes)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.sync.changes import Change, record_changes
from sync_server.tenants.models import Branch
from sync_server.terminals.models import EnrollmentCode, Heartbeat, Terminal
from sync_server.terminals.services import revoke_terminal


def _branch(scope: TenantScope, code: str) -> Branch:
    row = scope.get(Branch, (code or "").strip().upper())
    if row is None:
        raise NotFound(f"Branch {code} does not exist. `bisama-sync branch list` shows them.")
    return row


def edit_branch(ctx: ServerContext, scope: TenantScope, actor: Actor, *, code: str,
                name: str | None = None, address: str | None = None,
                phone: str | None = None) -> dict[str, Any]:
    """A branch's name, address and phone (what its receipts print). ``None`` leaves a
    field alone; an empty address or phone clears it."""
    row = _branch(scope, code)
    changed: dict[str, Any] = {}
    if name is not None:
        name = name.strip()
        if not name or len(name) > 200:
            raise Invalid("A branch needs a name (up to 200 characters).")
        if name != row.name:
            changed["name"] = name
    for field, given, limit in (("address", address, 300), ("phone", phone, 40)):
        if given is None:
            continue
        value = given.strip()
        if len(value) > limit:
            raise Invalid(f"A branch's {field} has at most {limit} characters.")
        if (value or None) != getattr(row, field):
            changed[field] = value or None
    if not changed:
        raise Refused(f"Nothing to change in branch {row.code}.")
    for field, value in changed.items():
        setattr(row, field, value)
    scope.flush()
    record(ctx, scope, actor, "branch.edit", subject=row.code, detail=changed)
    record_changes(scope, [Change("branch", row.code)])
    return {"code": row.code, "name": row.name, "address": row.address, "phone": row.phone}


def close_branch(ctx: ServerContext, scope: TenantScope, actor: Actor, *, code: str,
                 reason: str | None = None) -> dict[str, Any]:
    row = _branch(scope, code)
    if row.status != "active":
        raise Refused(f"Branch {row.code} is already closed.")
    reason = (reason or "").strip()[:200] or None
    tills = scope.scalars(select(Terminal).where(Terminal.branch_code == row.code,
                                                 Terminal.status == "active")
                          .order_by(Terminal.name))
    beats = {b.terminal_id: b for b in scope.scalars(
        select(Heartbeat).where(Heartbeat.terminal_id.in_([t.id for t in tills])))} if tills else {}
    waiting = [t.name for t in tills if beats.get(t.id) and beats[t.id].outbox_depth > 0]
    if waiting:
        raise Refused(f"Branch {row.code} is not closed: {', '.join(waiting)} last reported sales "
                      "not yet sent to head office. Let them sync first, then close it.")
    now = ctx.clock.now()
    codes = scope.scalars(select(EnrollmentCode).where(
        EnrollmentCode.branch_code == row.code, EnrollmentCode.used_at.is_(None),
        EnrollmentCode.cancelled_at.is_(None), EnrollmentCode.expires_at > now))
    for open_code in codes:
        open_code.cancelled_at = now
        open_code.cancelled_by = actor.name[:254]
    row.status = "inactive"
    scope.flush()
    for till in tills:
        revoke_terminal(ctx, scope, actor, till.id, reason=f"branch {row.code} closed")
    record(ctx, scope, actor, "branch.close", subject=row.code,
           detail={"reason": reason, "tills": len(tills), "codes": len(codes)})
    record_changes(scope, [Change("branch", row.code)])
    return {"code": row.code, "name": row.name, "status": "closed", "tills": len(tills),
            "codes": len(codes)}


def reopen_branch(ctx: ServerContext, scope: TenantScope, actor: Actor, *,
                  code: str) -> dict[str, Any]:
    row = _branch(scope, code)
    if row.status == "active":
        raise Refused(f"Branch {row.code} is open.")
    row.status = "active"
    scope.flush()
    record(ctx, scope, actor, "branch.reopen", subject=row.code)
    record_changes(scope, [Change("branch", row.code)])
    return {"code": row.code, "name": row.name, "status": "open"}
