"""Heartbeats: what a till says about itself every minute or so (backlog, version,
printer, power, its clock). The server keeps the latest per till and records how far
the till's clock is from its own (the skew shown on the dashboard)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from sync_server.db.scope import TenantScope
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Heartbeat, Terminal

PRINTER_STATES = ("ok", "offline", "paper_out", "cover_open", "error", "none")
POWER_SOURCES = ("mains", "battery", "unknown")


def backed_up_through(scope: TenantScope, terminal_id: str,
                      backup_at: datetime | None) -> int | None:
    """The highest seq of this till head office had stored when its newest verified
    backup started (``operations/month_archive.last_verified_backup``): the till may prune
    its acknowledged envelopes up to it (docs/sync-protocol.md 8.1). None: no verified
    backup yet."""
    if backup_at is None:
        return None
    value = scope.scalar(select(func.max(StoredEnvelope.seq)).where(
        StoredEnvelope.terminal_id == terminal_id, StoredEnvelope.fork_no == 0,
        StoredEnvelope.received_at <= backup_at))
    return int(value or 0)


def record_heartbeat(scope: TenantScope, terminal_id: str, beat: dict[str, Any],
                     now: datetime, *, backup_at: datetime | None = None) -> dict[str, Any]:
    terminal_time = datetime.fromisoformat(beat["terminal_time"])
    skew_ms = int((terminal_time - now).total_seconds() * 1000)
    printer, power = beat["printer"], beat["power"]
    row = {"terminal_id": terminal_id, "received_at": now, "terminal_time": beat["terminal_time"],
           "clock_skew_ms": skew_ms, "outbox_depth": beat["outbox_depth"],
           "oldest_unsynced_seconds": beat.get("oldest_unsynced_seconds"),
           "app_version": beat["app_version"], "printer_status": printer["status"],
           "printer_detail": printer.get("detail"), "power_source": power["source"],
           "battery_percent": power.get("battery_percent"), "last_seq": beat.get("last_seq"),
           "detail": json.dumps(beat, sort_keys=True)}
    scope.upsert_rows(Heartbeat, [row], [k for k in row if k != "terminal_id"])
    terminal = scope.get(Terminal, terminal_id)
    assert terminal is not None
    terminal.clock_skew_ms = skew_ms
    terminal.app_version = beat["app_version"]
    terminal.last_seen_at = now
    scope.flush()
    return {"server_time": now.isoformat(), "clock_skew_ms": skew_ms,
            "stored_through": terminal.head_seq,
            "backed_up_through": backed_up_through(scope, terminal_id, backup_at)}
