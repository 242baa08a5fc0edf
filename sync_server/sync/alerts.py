"""Closing a sync alert (a fork, a tampered envelope) once a person has looked at it.
The alert stays, with who resolved it, when and what they found."""

from __future__ import annotations

import json

from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.sync.models import Alert


def resolve_alert(ctx: ServerContext, scope: TenantScope, actor: Actor, alert_id: str,
                  note: str) -> dict[str, str]:
    note = (note or "").strip()
    if not note:
        raise Invalid("Say what you found (for example: till restored from a backup; "
                      "recovered; nothing lost).")
    alert = scope.get(Alert, alert_id)
    if alert is None:
        raise NotFound("There is no such alert in this business.")
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
