"""Recovery of a till restored from an old backup.

Such a till believes its chain ends at, say, seq 80 while the server holds 81–100 it
sent before the disk died. Before it makes a new envelope it asks where its chain
really ends (``GET /api/v1/chain``) and fetches the envelopes it lost
(``GET /api/v1/chain/envelopes?after=80``) — each signed by its own key, so it can check
them — and continues at 101 instead of forking the chain.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from shared.errors import BisamaError
from sync_server.db.scope import TenantScope
from sync_server.sync.models import StoredEnvelope, is_archived_body
from sync_server.terminals.models import Terminal


def chain_state(scope: TenantScope, terminal_id: str) -> dict[str, Any]:
    terminal = scope.get(Terminal, terminal_id)
    assert terminal is not None
    counts: dict[str, int] = {row.status: int(row.n) for row in scope.execute(
        select(StoredEnvelope.status, func.count().label("n"))
        .where(StoredEnvelope.terminal_id == terminal_id).group_by(StoredEnvelope.status))}
    forks = scope.scalars(select(StoredEnvelope.seq).where(
        StoredEnvelope.terminal_id == terminal_id, StoredEnvelope.fork_no > 0)
        .order_by(StoredEnvelope.seq).distinct())
    return {"terminal_id": terminal_id, "seq": terminal.head_seq, "hash": terminal.head_hash,
            "held": counts.get("held", 0), "fork_seqs": forks[:100]}


class EnvelopesArchived(BisamaError):
    """Recovery reached an envelope whose body is in a month's archive file
    (``operations/month_archive.py``); the API answers ``archived``."""

    code = "archived"


def envelopes_after(scope: TenantScope, terminal_id: str, after: int,
                    limit: int) -> dict[str, Any]:
    rows = scope.scalars(select(StoredEnvelope).where(
        StoredEnvelope.terminal_id == terminal_id, StoredEnvelope.fork_no == 0,
        StoredEnvelope.seq > after).order_by(StoredEnvelope.seq).limit(limit + 1))
    more = len(rows) > limit
    for r in rows[:limit]:
        if is_archived_body(r.body):
            raise EnvelopesArchived(f"This till's transaction {r.seq} ({r.business_date}) is in a month "
                          "head office has archived; restore the month first (bisama-sync "
                          "archive restore), then recover the till.")
    items = [{"envelope": json.loads(r.body), "status": r.status, "reason_code": r.reason_code,
              "reason": r.reason} for r in rows[:limit]]
    return {"terminal_id": terminal_id, "after": after, "more": more, "envelopes": items}
