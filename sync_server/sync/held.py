"""Held envelopes: listing them, merging them again once their cause is fixed (a
product added, a customer registered, the original sale arrived), and rejecting one
with a reason. A held envelope is never deleted."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from shared.envelope import EnvelopeError, parse_envelope
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.retry import with_retry
from sync_server.errors import NotFound, Refused
from sync_server.fiscal.outbox import enqueue as enqueue_evat
from sync_server.sync.batch import Batch, Verified
from sync_server.sync.changes import record_changes
from sync_server.sync.costs import post_corrections
from sync_server.sync.merge import merge
from sync_server.sync.models import StoredEnvelope
from sync_server.tenants.models import Tenant
from sync_server.tenants.tax_profile import load_profile
from sync_server.terminals.models import Terminal

log = logging.getLogger("bisama.held")


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
    are stored and posted; the others stay held with their (possibly new) reason.

    A till's held envelopes are merged in one transaction; should that fail (a database
    error no rule foresaw), each is merged again in a transaction of its own, so one
    envelope that cannot be merged never holds back the others. It is listed under
    ``failed`` with the error and stays held as it was."""
    with ctx.scope(tenant.id) as scope:
        stmt = select(StoredEnvelope.terminal_id).where(StoredEnvelope.status == "held").distinct()
        if terminal_id is not None:
            stmt = stmt.where(StoredEnvelope.terminal_id == terminal_id)
        terminals = sorted(scope.scalars(stmt))
    stored: list[dict[str, Any]] = []
    still: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for tid in terminals:
        try:
            done, left = _merge_held(ctx, tenant, actor, tid, None)
        except _CANNOT_MERGE as exc:
            log.warning("retrying the held envelopes of till %s together failed (%s); "
                        "retrying them one by one", tid, exc)
            done, left = [], []
            with ctx.scope(tenant.id) as scope:
                seqs = list(scope.scalars(select(StoredEnvelope.seq).where(
                    StoredEnvelope.terminal_id == tid, StoredEnvelope.status == "held",
                    StoredEnvelope.fork_no == 0).order_by(StoredEnvelope.seq)))
            for seq in seqs:
                try:
                    one_done, one_left = _merge_held(ctx, tenant, actor, tid, seq)
                except _CANNOT_MERGE as one:
                    log.exception("held envelope %s/%d could not be merged", tid, seq)
                    failed.append({"terminal_id": tid, "seq": seq,
                                   "reason": f"It could not be merged ({_short(one)}); it "
                                   "stays held. Report this to your support contact."})
                    continue
                done += one_done
                left += one_left
        stored += done
        still += left
    return {"stored": stored, "held": still, "failed": failed}


# What merging a held envelope may fail with, beyond a rule: a database error (after the
# retries ``with_retry`` gives a lost race) or a body this server can no longer read.
_CANNOT_MERGE = (DBAPIError, EnvelopeError)


def _short(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).splitlines()[0][:200]


def _merge_held(ctx: ServerContext, tenant: Tenant, actor: Actor, tid: str,
                seq: int | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Merge again, in one transaction, the till's held envelopes (or only ``seq``)."""
    def work() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        with ctx.scope(tenant.id) as scope:
            terminal = scope.execute(select(Terminal).where(Terminal.id == tid)
                                     .with_for_update()).scalar_one()
            stmt = select(StoredEnvelope).where(
                StoredEnvelope.terminal_id == tid, StoredEnvelope.status == "held",
                StoredEnvelope.fork_no == 0)
            if seq is not None:
                stmt = stmt.where(StoredEnvelope.seq == seq)
            rows = list(scope.scalars(stmt.order_by(StoredEnvelope.seq)))
            items = []
            for row in rows:
                env = parse_envelope(json.loads(row.body))
                items.append(Verified(env, env.typed_payload(), row.body))
            now = ctx.clock.now()
            batch = Batch(scope, terminal, load_profile(scope, tenant), now)
            batch.load(items)
            # An id is taken by an envelope whose rows are in the books — not by these held
            # envelopes themselves, nor by another held or rejected one. (Forgetting every
            # id of the batch stored a held duplicate_id over its original: a database
            # error, and the whole retry rolled back.)
            ids = sorted({item.envelope.id for item in items})
            batch.envelope_ids = set()
            for start in range(0, len(ids), 500):
                batch.envelope_ids.update(scope.scalars(select(StoredEnvelope.envelope_id).where(
                    StoredEnvelope.envelope_id.in_(ids[start:start + 500]),
                    StoredEnvelope.status == "stored", StoredEnvelope.fork_no == 0)))
            done, left = [], []
            now_stored: list[tuple[Any, Any]] = []
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
                    now_stored.append((item.envelope, item.payload))
                else:
                    row.reason_code = outcome.reason_code
                    row.reason = outcome.reason[:1000] if outcome.reason else None
                    left.append({**summary, "reason_code": outcome.reason_code,
                                 "reason": outcome.reason})
            changes = batch.write()
            post_corrections(ctx, scope, batch.costs)
            enqueue_evat(scope, now_stored, now)  # GRA E-VAT: stored now, so queued now
            scope.flush()
            if done:
                record(ctx, scope, actor, "envelope.retry", subject=tid,
                       detail={"stored": [d["seq"] for d in done]})
            record_changes(scope, changes)
            return done, left

    return with_retry(work, attempts=3, what="retry held")


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
