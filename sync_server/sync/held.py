"""Held envelopes: listing them, merging them again once their cause is fixed (a
product added, a customer registered, the original sale arrived), and rejecting one
with a reason. A held envelope is never deleted."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from shared.envelope import parse_envelope
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.retry import with_retry
from sync_server.errors import NotFound, Refused
from sync_server.sync.batch import Batch, Verified
from sync_server.sync.changes import record_changes
from sync_server.sync.merge import merge
from sync_server.sync.models import StoredEnvelope
from sync_server.tenants.models import Tenant
from sync_server.tenants.tax_profile import load_profile
from sync_server.terminals.models import Terminal


def list_held(ctx: ServerContext, tenant_id: int) -> list[dict[str, Any]]:
    with ctx.scope(tenant_id) as scope:
        rows = scope.scalars(select(StoredEnvelope).where(StoredEnvelope.status == "held")
                             .order_by(StoredEnvelope.received_at, StoredEnvelope.seq))
        return [{"terminal_id": r.terminal_id, "seq": r.seq, "id": r.envelope_id, "kind": r.kind,
                 "branch": r.branch_code, "business_date": r.business_date,
                 "received_at": r.received_at.isoformat(), "reason_code": r.reason_code,
                 "reason": r.reason} for r in rows]


def retry_held(ctx: ServerContext, tenant: Tenant, actor: Actor,
               terminal_id: str | None = None) -> dict[str, Any]:
    """Merge every held envelope again, per till in seq order. Those whose cause is gone
    are stored and posted; the others stay held with their (possibly new) reason."""
    with ctx.scope(tenant.id) as scope:
        stmt = select(StoredEnvelope.terminal_id).where(StoredEnvelope.status == "held").distinct()
        if terminal_id is not None:
            stmt = stmt.where(StoredEnvelope.terminal_id == terminal_id)
        terminals = sorted(scope.scalars(stmt))
    stored: list[dict[str, Any]] = []
    still: list[dict[str, Any]] = []
    for tid in terminals:
        def work(tid: str = tid) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            with ctx.scope(tenant.id) as scope:
                terminal = scope.execute(select(Terminal).where(Terminal.id == tid)
                                         .with_for_update()).scalar_one()
                rows = scope.scalars(select(StoredEnvelope).where(
                    StoredEnvelope.terminal_id == tid, StoredEnvelope.status == "held")
                    .order_by(StoredEnvelope.seq))
                items = []
                for row in rows:
                    env = parse_envelope(json.loads(row.body))
                    items.append(Verified(env, env.typed_payload(), row.body))
                now = ctx.clock.now()
                batch = Batch(scope, terminal, load_profile(scope, tenant), now)
                batch.load(items)
                batch.envelope_ids -= {item.envelope.id for item in items}
                done, left = [], []
                for row, item in zip(rows, items, strict=True):
                    outcome = merge(batch, item, ctx.new_id())
                    summary = {"terminal_id": tid, "seq": row.seq, "kind": row.kind}
                    if outcome.status == "stored":
                        row.status = "stored"
                        row.reason_code = None
                        row.reason = None
                        row.posting_status = outcome.posting_status
                        row.posting_error = outcome.posting_error
                        row.late = outcome.late
                        row.resolved_at = now
                        row.resolved_by = actor.name
                        done.append(summary)
                    else:
                        row.reason_code = outcome.reason_code
                        row.reason = outcome.reason
                        left.append({**summary, "reason_code": outcome.reason_code,
                                     "reason": outcome.reason})
                changes = batch.write()
                scope.flush()
                if done:
                    record(ctx, scope, actor, "envelope.retry", subject=tid,
                           detail={"stored": [d["seq"] for d in done]})
                record_changes(scope, changes)
                return done, left

        done, left = with_retry(work, what="retry held")
        stored += done
        still += left
    return {"stored": stored, "held": still}


def reject_held(ctx: ServerContext, tenant_id: int, actor: Actor, *, terminal_id: str, seq: int,
                reason: str) -> dict[str, Any]:
    """A person decides a held envelope must not count. It stays stored, marked
    ``rejected`` with who and why; nothing of it reaches the books."""
    if not reason.strip():
        raise Refused("Say why the envelope is rejected.")
    with ctx.scope(tenant_id) as scope:
        row = scope.get(StoredEnvelope, terminal_id, seq, 0)
        if row is None:
            raise NotFound(f"Terminal {terminal_id} has no envelope {seq}.")
        if row.status != "held":
            raise Refused(f"Envelope {seq} is {row.status}, not held; only held envelopes can be "
                          "rejected.")
        row.status = "rejected"
        row.reason = f"rejected by {actor.name}: {reason.strip()}"[:1000]
        row.resolved_at = ctx.clock.now()
        row.resolved_by = actor.name
        scope.flush()
        record(ctx, scope, actor, "envelope.reject", subject=f"{terminal_id}/{seq}",
               detail={"reason": reason})
        return {"terminal_id": terminal_id, "seq": seq, "status": "rejected"}
