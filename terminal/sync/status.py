"""``SyncState`` from what the till's database knows (outbox, held envelopes, the sync
record), and the plain words the status bar shows: "No internet connection — 37 sales
waiting since 09:14"."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from terminal.clock import Clock
from terminal.store.db import Database
from terminal.store.identity import load_identity
from terminal.store.outbox import Outbox
from terminal.sync.record import SyncRecord, load_record
from terminal.sync.state import Connection, HeldItem, SyncState

MAX_HELD_SHOWN = 200
_REFERENCE_FIELDS = ("receipt_no", "refund_no", "payment_no", "document_no", "original_receipt_no")


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def waiting_words(outbox: Outbox, now: datetime) -> str:
    """ "37 sales waiting since 09:14", "37 sales and 2 other records waiting since …",
    "nothing waiting to send"."""
    by_kind = outbox.depth_by_kind()
    depth = sum(by_kind.values())
    if depth == 0:
        return "nothing waiting to send"
    sales = by_kind.get("sale", 0)
    others = depth - sales
    if sales and others:
        what = f"{_plural(sales, 'sale', 'sales')} and {_plural(others, 'other record', 'other records')}"
    elif sales:
        what = _plural(sales, "sale", "sales")
    else:
        what = _plural(others, "record", "records")
    oldest = parse_time(outbox.oldest_pending_at())
    if oldest is None:
        return f"{what} waiting"
    local = oldest.astimezone(now.tzinfo) if now.tzinfo else oldest
    when = local.strftime("%H:%M") if local.date() == now.date() else local.strftime("%d %b %H:%M")
    return f"{what} waiting since {when}"


def _reference(kind: str, seq: int, envelope_text: str) -> str:
    payload = json.loads(envelope_text).get("payload") or {}
    for name in _REFERENCE_FIELDS:
        value = payload.get(name)
        if value:
            return str(value)
    return f"{kind} #{seq}"


def held_items(db: Database) -> tuple[HeldItem, ...]:
    """The oldest held envelopes (at most ``MAX_HELD_SHOWN``), read without verifying
    each envelope again: the state is rebuilt every few seconds."""
    rows = db.query(
        "SELECT seq, kind, held_reason, envelope FROM outbox WHERE status = 'held' ORDER BY seq LIMIT ?",
        (MAX_HELD_SHOWN,),
    )
    return tuple(
        HeldItem(r[0], r[1], _reference(r[1], r[0], r[3]), r[2] or "held at head office") for r in rows
    )


def held_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM outbox WHERE status = 'held'"))


def connection_of(enrolled: bool, record: SyncRecord) -> Connection:
    if not enrolled:
        return Connection.NOT_ENROLLED
    if record.refused_code:
        return Connection.REFUSED
    if record.last_error is None and record.last_success_at is not None:
        return Connection.ONLINE
    return Connection.OFFLINE


def build_state(
    db: Database,
    clock: Clock,
    *,
    record: SyncRecord | None = None,
    next_attempt_at: datetime | None = None,
) -> SyncState:
    record = record or load_record(db)
    identity = load_identity(db)
    enrolled = identity is not None and identity.enrolled
    outbox = Outbox(db)
    return SyncState(
        connection=connection_of(enrolled, record),
        backlog=outbox.depth(),
        oldest_unsynced_at=parse_time(outbox.oldest_pending_at()),
        last_success_at=parse_time(record.last_success_at),
        last_error=record.last_error if enrolled else None,
        next_attempt_at=next_attempt_at,
        server_url=record.server_url,
        clock_offset_seconds=record.clock_offset_seconds,
        held=held_items(db),
        refused_reason=record.refused_reason,
        pulled_at=parse_time(record.pulled_at),
    )


def status_json(db: Database, clock: Clock) -> dict[str, Any]:
    """The ``sync`` part of ``bisama-terminal status --json``."""
    record = load_record(db)
    state = build_state(db, clock, record=record)
    identity = load_identity(db)
    return {
        "enrolled": identity is not None and identity.enrolled,
        "server": record.server_url,
        "tenant": None
        if identity is None or identity.tenant_id is None
        else {"id": identity.tenant_id, "name": record.tenant_name, "domain": record.tenant_domain},
        "branch": None if identity is None else identity.branch_code,
        "connection": state.connection.value,
        "backlog": state.backlog,
        "oldest_unsynced_at": record_time(state.oldest_unsynced_at),
        "last_attempt_at": record.last_attempt_at,
        "last_success_at": record.last_success_at,
        "last_error": state.last_error,
        "held": held_count(db),
        "clock_offset_seconds": state.clock_offset_seconds,
        "clock_warning": state.clock_warning,
        "refused_reason": state.refused_reason,
        "pulled_at": record.pulled_at,
        "feed_cursor": record.feed_cursor,
        "server_stored_through": record.server_stored_through,
    }


def record_time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="milliseconds")


def state_json(state: SyncState) -> dict[str, Any]:
    """A ``SyncState`` as JSON (``bisama-terminal sync --json`` prints one per change)."""
    return {
        "connection": state.connection.value,
        "backlog": state.backlog,
        "oldest_unsynced_at": record_time(state.oldest_unsynced_at),
        "last_success_at": record_time(state.last_success_at),
        "last_error": state.last_error,
        "next_attempt_at": record_time(state.next_attempt_at),
        "server_url": state.server_url,
        "clock_offset_seconds": state.clock_offset_seconds,
        "clock_warning": state.clock_warning,
        "held": [
            {"seq": h.seq, "kind": h.kind, "reference": h.reference, "reason": h.reason} for h in state.held
        ],
        "refused_reason": state.refused_reason,
        "pulled_at": record_time(state.pulled_at),
    }
