"""Posting what is not posted yet (``bisama-sync post-unposted``).

An envelope is merged and posted in the same transaction as its push; its posting can
still *fail* (an account missing from the chart, say) and then waits, with the error,
as ``failed``. Once the cause is fixed this retries every pending or failed posting of a
tenant (optionally of one month), in each till's seq order.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import and_, or_, select, update

from shared.envelope import parse_envelope
from shared.payloads import Sale, Void
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.ledger.chart import active_accounts
from sync_server.ledger.models import Journal, Posting
from sync_server.ledger.posting import post_envelope
from sync_server.periods.services import bounds, ensure_periods, period_statuses
from sync_server.sales.models import Return
from sync_server.sales.models import Sale as SaleRow
from sync_server.sync.costs import original_with_costs, stored_costs
from sync_server.sync.models import StoredEnvelope, is_archived_body

CHUNK = 500


def sale_payloads(scope: TenantScope, ids: list[str]) -> dict[str, Sale]:
    """The typed payloads of stored sale envelopes, by envelope id."""
    if not ids:
        return {}
    result = {}
    for row in scope.scalars(select(StoredEnvelope).where(
            StoredEnvelope.envelope_id.in_(ids), StoredEnvelope.fork_no == 0,
            StoredEnvelope.kind == "sale")):
        if is_archived_body(row.body):  # an archived month's sale: restore it to read it
            continue
        payload = parse_envelope(json.loads(row.body)).typed_payload()
        assert isinstance(payload, Sale)
        result[row.envelope_id] = payload
    return result


def post_unposted(ctx: ServerContext, tenant_id: int, actor: Actor, *,
                  period: str | None = None) -> dict[str, Any]:
    posted = 0
    late = 0
    failed: list[dict[str, Any]] = []
    after: tuple[str, int] = ("", 0)
    while True:
        with ctx.scope(tenant_id) as scope:
            stmt = select(StoredEnvelope).where(
                StoredEnvelope.status == "stored", StoredEnvelope.fork_no == 0,
                StoredEnvelope.posting_status.in_(("pending", "failed")),
                or_(StoredEnvelope.terminal_id > after[0],
                    and_(StoredEnvelope.terminal_id == after[0], StoredEnvelope.seq > after[1])))
            if period is not None:
                starts, ends = bounds(period)
                stmt = stmt.where(StoredEnvelope.business_date >= starts,
                                  StoredEnvelope.business_date <= ends)
            rows = scope.scalars(stmt.order_by(StoredEnvelope.terminal_id, StoredEnvelope.seq)
                                 .limit(CHUNK).with_for_update())
            if not rows:
                break
            after = (rows[-1].terminal_id, rows[-1].seq)
            items = [(row, parse_envelope(json.loads(row.body))) for row in rows]
            # As the push costed them: the server's cost of goods sold and stock values
            # (``sync.costs``), never the till's figures in the envelope.
            payloads = stored_costs(scope, {row.envelope_id: env.typed_payload()
                                            for row, env in items})
            originals = original_with_costs(scope, sale_payloads(
                scope, sorted({p.original_id for p in payloads.values() if isinstance(p, Void)})))
            accounts = active_accounts(scope)
            periods = period_statuses(scope, lock=True)
            journals: list[dict[str, Any]] = []
            postings: list[dict[str, Any]] = []
            targets: set[str] = set()
            for row, env in items:
                payload = payloads[row.envelope_id]
                original = originals.get(payload.original_id) if isinstance(payload, Void) else None
                result = post_envelope(payload, envelope_id=env.id, branch=env.branch,
                                       entry_date=env.business_date, original=original,
                                       accounts=accounts, periods=periods, journal_id=ctx.new_id(),
                                       posted_at=ctx.clock.now())
                status = "posted" if result.status == "posted" else result.status
                if result.rows is not None and result.period is not None:
                    journals.append(result.rows.journal)
                    postings.extend(result.rows.postings)
                    targets.add(result.period)
                    posted += 1
                    late += result.late
                elif result.status == "failed":
                    failed.append({"terminal_id": row.terminal_id, "seq": row.seq,
                                   "kind": row.kind, "error": result.error})
                row.posting_status = status
                row.posting_error = result.error
                row.late = result.late
                for model in (SaleRow, Return):
                    scope.execute(update(model).where(model.id == row.envelope_id).values(
                        posting_status="posted" if status == "none" else status,
                        error_message=result.error))
            ensure_periods(scope, targets - set(periods))
            scope.flush()
            scope.insert_rows(Journal, journals)
            scope.insert_rows(Posting, postings)
    with ctx.scope(tenant_id) as scope:
        record(ctx, scope, actor, "ledger.post_unposted", subject=period,
               detail={"posted": posted, "failed": len(failed)})
    return {"posted": posted, "late": late, "failed": failed}
