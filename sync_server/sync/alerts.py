"""Closing a sync alert (a fork, a tampered envelope) once a person has looked at it.
The alert stays, with who resolved it, when and what they found.

An alert belongs to the branch of the till it is about. A branch manager sees and
resolves only their branch's alerts; an alert of another branch — or of no till — is
"not found" for them, the same reply as an id that does not exist, so guessing ids
tells them nothing."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, select

from shared.ids import is_uuid
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.sync.models import Alert
from sync_server.terminals.models import Terminal


def alerts_of_branch(stmt: Select[Any], branch: str) -> Select[Any]:
    """``stmt`` (a select of alerts) narrowed to the alerts of ``branch``'s tills."""
    tills = select(Terminal.id).where(Terminal.branch_code == branch)
    return stmt.where(Alert.terminal_id.in_(tills))


def alert_visible(scope: TenantScope, alert: Alert, branch: str | None) -> bool:
    """Whether someone limited to ``branch`` (None: the whole business) may see it."""
    if branch is None:
        return True
    if alert.terminal_id is None:
        return False
    till = scope.get(Terminal, alert.terminal_id)
    return till is not None and till.branch_code == branch


def resolve_alert(ctx: ServerContext, scope: TenantScope, actor: Actor, alert_id: str,
                  note: str, *, branch: str | None = None) -> dict[str, str]:
    """``branch``: the one branch the person may act for (a manager's), None for all."""
    note = (note or "").strip()
    alert = scope.get(Alert, alert_id) if is_uuid(alert_id) else None
    if alert is None or not alert_visible(scope, alert, branch):
        raise NotFound("There is no such alert in this business.")
    if not note:
        raise Invalid("Say what you found (for example: till restored from a backup; "
                      "recovered; nothing lost).")
    if alert.resolved_at is not None:
        raise Refused("This alert was already resolved.")
    alert.resolved_at = ctx.clock.now()
    alert.resolved_by = actor.name[:254]
    detail = json.loads(alert.detail) if alert.detail else {}
    if isinstance(detail, dict):
        detail["resolution"] = note[:500]
        alert.detail = json.dumps(detail, sort_keys=True)
    scope.flush()
    record(ctx, scope, actor, "alert.resolve", subject=alert_id,
           detail={"kind": alert.kind, "note": note[:500]})
    return {"id": alert_id, "status": "resolved"}
