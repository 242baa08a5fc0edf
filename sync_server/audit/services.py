"""Writing the audit trail. Entries are only ever added (the database refuses edits)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sync_server.audit.models import ActivityLog
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope


@dataclass(frozen=True)
class Actor:
    """Who did something: ``kind`` is cli, admin, user, terminal or system."""

    kind: str
    name: str
    ip: str | None = None


SYSTEM = Actor("system", "bisama-sync")


def record(ctx: ServerContext, scope: TenantScope, actor: Actor, action: str, *,
           subject: str | None = None, detail: dict[str, Any] | None = None) -> None:
    scope.add(ActivityLog(id=ctx.new_id(), at=ctx.clock.now(), actor_kind=actor.kind,
                          actor=actor.name[:254], action=action,
                          subject=subject[:254] if subject else None,
                          detail=(json.dumps(detail, sort_keys=True, default=str)
                                  if detail else None),
                          ip=actor.ip))
