"""GRA E-VAT at the till (docs/evat.md): whether the business has E-VAT on (the feed's
``tenant`` entity says so) and GRA's clearances of this branch's sales and refunds (the
``evat_clearance`` entity), kept so a reprint after the clearance carries GRA's SDC
INFORMATION block and QR. A receipt printed before the clearance says "E-VAT pending".
The signed sale is never touched: the clearance is a separate row, found by the
receipt (invoice) number the print job is filed under."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

V5_SQL = """
CREATE TABLE feed_evat_clearances (
    envelope_id TEXT PRIMARY KEY,
    invoice_number TEXT NOT NULL,             -- the receipt or refund number sent to GRA
    data TEXT NOT NULL,                       -- GRA's stamp as the feed sent it (JSON)
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_feed_evat_clearances_invoice ON feed_evat_clearances (invoice_number);
CREATE TABLE feed_evat_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    enabled INTEGER NOT NULL
);
"""

STAMP_FIELDS = ("sdc_id", "receipt_number", "sdc_time", "mrc", "mrc_time", "internal_data",
                "signature", "qr_code")


def write_clearances(conn: sqlite3.Connection,
                     items: Iterable[tuple[str, bool, dict[str, Any] | None]], *, at: str) -> None:
    """Apply the feed's ``evat_clearance`` changes (key, deleted, data)."""
    for key, deleted, data in items:
        if deleted or data is None:
            conn.execute("DELETE FROM feed_evat_clearances WHERE envelope_id = ?", (key,))
            continue
        stamp = {name: str(data.get(name) or "") for name in STAMP_FIELDS}
        conn.execute(
            "INSERT INTO feed_evat_clearances (envelope_id, invoice_number, data, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (envelope_id) DO UPDATE SET invoice_number = "
            "excluded.invoice_number, data = excluded.data, updated_at = excluded.updated_at",
            (key, str(data.get("invoice_number") or ""), json.dumps(stamp), at))


def set_enabled(conn: sqlite3.Connection, enabled: bool) -> None:
    conn.execute("INSERT INTO feed_evat_state (id, enabled) VALUES (1, ?) ON CONFLICT (id) "
                 "DO UPDATE SET enabled = excluded.enabled", (int(enabled),))


def enabled(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT enabled FROM feed_evat_state WHERE id = 1").fetchone()
    return bool(row and row[0])


def stamp_for(conn: sqlite3.Connection, invoice_number: str) -> dict[str, str] | None:
    row = conn.execute("SELECT data FROM feed_evat_clearances WHERE invoice_number = ? "
                       "ORDER BY updated_at DESC LIMIT 1", (invoice_number,)).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def pending_json() -> dict[str, str]:
    """The ``evat`` of a receipt printed before GRA's clearance (hardware.documents)."""
    return {"status": "pending"}


def for_reprint(conn: sqlite3.Connection, kind: str, reference: str,
                document: dict[str, Any]) -> dict[str, Any]:
    """A reprint of a sale or refund: GRA's stamp when it has come, else as printed."""
    if kind not in ("sale", "refund"):
        return document
    stamp = stamp_for(conn, reference)
    if stamp is None:
        return document
    return {**document, "evat": {"status": "cleared", **stamp}}
