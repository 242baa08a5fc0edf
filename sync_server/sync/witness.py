"""Witnessed heads (issue [13] scope 2; docs/sync-protocol.md §8.2): every heartbeat and
push request carries the till's signed statement of its head (``shared.heads``). The
server keeps the highest it has witnessed per till (``WitnessedHead``), answers with it,
and raises an alert (``sync_alerts``, mailed like a fork) when

* ``head_diverged`` — the till's head, or a hash of its trail, is not what head office
  stored or witnessed at that seq: a copied or restored till folder that sold on;
* ``head_backwards`` — the till presents a head below one it signed before (its
  last envelopes were taken off, or the folder was restored from an old copy);
* ``missing_after_witnessed_head`` — envelopes up to a witnessed head have not
  arrived ``MISSING_AFTER`` after it was witnessed (checked for every till of the
  tenant on each heartbeat and push, and by ``bisama-sync alerts check-heads``).

The same situation is alerted once (an unresolved alert of the same kind, till and seq
is not repeated).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from shared.heads import HeadError, HeadStatement, parse_statement, verify_statement
from shared.keys import public_key_from_text
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.notify import AlertMessage
from sync_server.sync.models import Alert, StoredEnvelope, WitnessedHead
from sync_server.terminals.models import Terminal

MISSING_AFTER = timedelta(minutes=30)
KINDS = ("head_diverged", "head_backwards", "missing_after_witnessed_head")

__all__ = ["KINDS", "MISSING_AFTER", "HeadError", "check_missing", "read_statement", "witness",
           "witnessed_reply"]


def read_statement(raw: object, terminal_id: str, public_key: str) -> HeadStatement:
    """A request's ``head``, parsed and checked to be this till's, signed by its key.
    Raises ``HeadError`` (the request is refused as ``malformed_request``)."""
    statement = parse_statement(raw)
    if statement.terminal != terminal_id:
        raise HeadError("the head statement names another till")
    verify_statement(statement, public_key_from_text(public_key))
    return statement


def witnessed_reply(row: WitnessedHead | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"seq": row.seq, "hash": row.hash, "at": row.witnessed_at.isoformat()}


def _alert(ctx: ServerContext, scope: TenantScope, alerts: list[AlertMessage], *, kind: str,
           terminal: Terminal, seq: int, message: str, detail: dict[str, Any]) -> None:
    again = scope.scalar(select(Alert.id).where(
        Alert.kind == kind, Alert.terminal_id == terminal.id, Alert.seq == seq,
        Alert.resolved_at.is_(None)).limit(1))
    if again is not None:
        return
    scope.add(Alert(id=ctx.new_id(), kind=kind, terminal_id=terminal.id, seq=seq,
                    message=message[:1000], detail=json.dumps(detail, sort_keys=True),
                    created_at=ctx.clock.now()))
    alerts.append(AlertMessage(scope.tenant_id, kind, message, terminal.id, seq))


def _stored_hashes(scope: TenantScope, terminal_id: str, seqs: list[int]) -> dict[int, str]:
    if not seqs:
        return {}
    rows: Any = scope.execute(select(StoredEnvelope.seq, StoredEnvelope.hash).where(
        StoredEnvelope.terminal_id == terminal_id, StoredEnvelope.fork_no == 0,
        StoredEnvelope.seq.in_(seqs)))
    return {int(row[0]): str(row[1]) for row in rows}


def witness(ctx: ServerContext, scope: TenantScope, terminal_id: str, *,
            statement: HeadStatement | None, now: datetime,
            alerts: list[AlertMessage]) -> dict[str, Any] | None:
    """Witness ``statement`` (None: a till too old to send one) and check every till of
    the tenant for missing envelopes; returns the reply's ``witnessed``."""
    terminal = scope.get(Terminal, terminal_id)
    assert terminal is not None
    row = scope.get(WitnessedHead, terminal_id)
    if statement is not None:
        row = _witness(ctx, scope, terminal, row, st=statement, now=now, alerts=alerts)
    if row is not None:
        _refresh_unmet(row, terminal.head_seq, now)
    scope.flush()
    check_missing(ctx, scope, now, alerts)
    return witnessed_reply(row)


def _witness(ctx: ServerContext, scope: TenantScope, terminal: Terminal,
             row: WitnessedHead | None, *, st: HeadStatement, now: datetime,
             alerts: list[AlertMessage]) -> WitnessedHead | None:
    claims = dict(st.trail)
    claims[st.seq] = st.hash
    stored = _stored_hashes(scope, terminal.id, sorted(s for s in claims if s > 0))
    if row is not None:
        stored.setdefault(row.seq, row.hash)
    departs = sorted(s for s, h in claims.items() if s in stored and stored[s] != h)
    name = terminal.name
    if departs:
        seq = departs[0]
        _alert(ctx, scope, alerts, kind="head_diverged", terminal=terminal, seq=seq,
               message=f"Till {name} presented a chain that departs from what head office holds "
               f"at seq {seq} (its hash {claims[seq][:12]}…, head office's {stored[seq][:12]}…): "
               "a copied or restored till folder selling on. Find both tills; one must stop.",
               detail={"seq": seq, "presented": claims[seq], "held": stored[seq],
                       "head": st.to_json(trail=False)})
        return row
    if row is not None and st.seq < row.seq:
        _alert(ctx, scope, alerts, kind="head_backwards", terminal=terminal, seq=st.seq,
               message=f"Till {name} says its chain ends at seq {st.seq}, but it signed a head at "
               f"seq {row.seq} before: its last {row.seq - st.seq} envelope(s) were taken off or "
               "the folder was restored from an old copy.",
               detail={"presented": st.to_json(trail=False), "witnessed": json.loads(row.statement)})
        return row
    if row is None:
        row = WitnessedHead(terminal_id=terminal.id, seq=st.seq, hash=st.hash,
                            statement=json.dumps(st.to_json(trail=False), sort_keys=True),
                            witnessed_at=now)
        scope.add(row)
    elif st.seq > row.seq:
        row.seq, row.hash, row.witnessed_at = st.seq, st.hash, now
        row.statement = json.dumps(st.to_json(trail=False), sort_keys=True)
    return row


def _refresh_unmet(row: WitnessedHead, stored_through: int, now: datetime) -> None:
    if row.unmet_seq is not None and stored_through >= row.unmet_seq:
        row.unmet_seq = row.unmet_since = None
    if row.unmet_seq is None and row.seq > stored_through:
        row.unmet_seq, row.unmet_since = row.seq, now


def check_missing(ctx: ServerContext, scope: TenantScope, now: datetime,
                  alerts: list[AlertMessage]) -> int:
    """Alert for every till of the tenant whose envelopes up to a witnessed head have not
    arrived ``MISSING_AFTER`` after it was witnessed; returns how many were alerted."""
    rows: Any = scope.execute(select(WitnessedHead, Terminal).join(
        Terminal, Terminal.id == WitnessedHead.terminal_id).where(
        WitnessedHead.unmet_since.is_not(None), WitnessedHead.unmet_since <= now - MISSING_AFTER))
    count = 0
    for found in rows:
        row, terminal = found[0], found[1]
        _refresh_unmet(row, terminal.head_seq, now)
        if row.unmet_seq is None or row.unmet_since is None \
                or row.unmet_since > now - MISSING_AFTER \
                or (row.missing_alerted_seq or 0) >= row.unmet_seq:
            continue
        row.missing_alerted_seq = row.unmet_seq
        missing = row.unmet_seq - terminal.head_seq
        _alert(ctx, scope, alerts, kind="missing_after_witnessed_head", terminal=terminal,
               seq=row.unmet_seq,
               message=f"Till {terminal.name} signed a head at seq {row.unmet_seq} "
               f"({row.unmet_since:%Y-%m-%d %H:%M} UTC), but head office holds its envelopes "
               f"only up to seq {terminal.head_seq}: {missing} envelope(s) never arrived. Check "
               "the till and its backups before they are lost.",
               detail={"witnessed_seq": row.unmet_seq, "stored_through": terminal.head_seq,
                       "since": row.unmet_since.isoformat()})
        count += 1
    scope.flush()
    return count
