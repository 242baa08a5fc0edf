"""What the sync client remembers between runs, in the till's ``sync_state`` table (one
row per key): the server's address, the feed cursor, the last success and error, the
clock offset, a refusal that stopped syncing. The worker writes it after each cycle so
``bisama-terminal status`` — another process — can say how syncing goes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from typing import Any

from terminal.store.db import Database

_INT_FIELDS = {"clock_offset_seconds", "server_stored_through", "server_backed_up_through", "failures"}


@dataclass(frozen=True, slots=True)
class SyncRecord:
    server_url: str | None = None
    tenant_name: str | None = None
    tenant_domain: str | None = None
    branch_name: str | None = None
    feed_cursor: str = "0"
    pulled_at: str | None = None
    last_attempt_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = None  # in plain words, as shown on the status bar
    refused_code: str | None = None  # a protocol code that stopped syncing (revoked, fork …)
    refused_reason: str | None = None
    clock_offset_seconds: int | None = None  # server − till, from the last heartbeat
    server_stored_through: int | None = None  # the server's head for this till, last heard
    failures: int | None = None  # failed cycles in a row (drives the backoff)
    # The seq up to which head office's newest verified backup holds this till's envelopes
    # (heartbeat ``backed_up_through``): ``bisama-terminal prune`` removes no envelope above it.
    server_backed_up_through: int | None = None


KEYS = tuple(f.name for f in fields(SyncRecord))


def load_record(db: Database) -> SyncRecord:
    values: dict[str, Any] = {}
    for row in db.query("SELECT key, value FROM sync_state"):
        key, value = row[0], row[1]
        if key not in KEYS:
            continue
        values[key] = int(value) if key in _INT_FIELDS else value
    return SyncRecord(**values)


def save_record(db: Database, **changes: object) -> None:
    """Write the given fields in one transaction; ``None`` removes a field."""
    unknown = set(changes) - set(KEYS)
    if unknown:
        raise KeyError(f"unknown sync state {sorted(unknown)}")
    with db.transaction() as conn:
        write_record(conn, **changes)


def write_record(conn: sqlite3.Connection, **changes: object) -> None:
    """``save_record`` inside the caller's transaction."""
    for key, value in changes.items():
        if value is None:
            conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) "
                "DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )


def catalogue_revision(conn: sqlite3.Connection) -> int:
    """The feed cursor of the master data this till has applied: the catalogue revision
    a sale names (``Sale.catalogue_rev``), so the server checks its prices against what
    the till had. 0 for a till that never pulled."""
    row = conn.execute("SELECT value FROM sync_state WHERE key = 'feed_cursor'").fetchone()
    try:
        return max(int(row[0]), 0) if row is not None else 0
    except ValueError:
        return 0
