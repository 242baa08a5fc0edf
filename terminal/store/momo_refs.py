"""MoMo references other tills of the business took, as the feed carries them (the
``momo_ref`` entity: the last ``shared.momo.FEED_DAYS`` days), so the till asks for a
manager before a reference another till already used pays again — not only one of its
own sales (``terminal.safeguards.momo_used_before``). Head office checks every
reference again when the sale arrives (``momo_reuse``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from shared.momo import FEED_DAYS, normalise

V4_SQL = """
CREATE TABLE feed_momo_refs (
    provider TEXT NOT NULL,
    reference TEXT NOT NULL,                  -- normalised (shared.momo.normalise)
    receipt_no TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    branch TEXT NOT NULL,
    business_date TEXT NOT NULL,              -- YYYY-MM-DD of the sale that used it
    updated_at TEXT NOT NULL,
    PRIMARY KEY (provider, reference)
);
"""


def write_refs(conn: sqlite3.Connection, items: Iterable[tuple[bool, dict[str, Any] | None, str]],
               *, at: str, today: date) -> None:
    """Apply the feed's ``momo_ref`` changes (deleted, data, key) and forget references
    older than the feed keeps."""
    for deleted, data, key in items:
        provider, _, reference = key.partition("|")
        if deleted or data is None:
            conn.execute("DELETE FROM feed_momo_refs WHERE provider = ? AND reference = ?",
                         (provider, normalise(reference)))
            continue
        conn.execute(
            "INSERT INTO feed_momo_refs (provider, reference, receipt_no, terminal_id, branch, "
            "business_date, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, "
            "reference) DO UPDATE SET receipt_no = excluded.receipt_no, terminal_id = "
            "excluded.terminal_id, branch = excluded.branch, business_date = "
            "excluded.business_date, updated_at = excluded.updated_at",
            (str(data.get("provider") or provider), normalise(str(data["reference"])),
             str(data["receipt_no"]), str(data["terminal_id"]), str(data.get("branch") or ""),
             str(data["business_date"]), at))
    conn.execute("DELETE FROM feed_momo_refs WHERE business_date < ?",
                 ((today - timedelta(days=FEED_DAYS)).isoformat(),))


def used_elsewhere(conn: sqlite3.Connection, provider: str, reference: str) -> tuple[str, str] | None:
    """(receipt number, business date) of another till's sale that used this payment."""
    row = conn.execute(
        "SELECT receipt_no, business_date FROM feed_momo_refs WHERE provider = ? AND reference = ?",
        (provider, normalise(reference)),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


__all__ = ["V4_SQL", "used_elsewhere", "write_refs"]
