"""The quick-key grid on the till: the pages head office set (``quick_keys`` in the pull
feed), kept as they came — a page's code, name, place and the SKUs of its keys in order.
The sale screen reads them through ``terminal.quick_keys``; the feed writes them here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from terminal.store.db import Database

# Till schema v3 (``terminal.store.schema``).
V3_SQL = """
CREATE TABLE quick_key_pages (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    skus TEXT NOT NULL                        -- JSON list of SKUs, in the order of the keys
);
"""


@dataclass(frozen=True, slots=True)
class StoredPage:
    code: str
    name: str
    position: int
    skus: tuple[str, ...]


def write_pages(conn: sqlite3.Connection, pages: Iterable[StoredPage]) -> int:
    rows = [(p.code, p.name, p.position, json.dumps(list(p.skus))) for p in pages]
    conn.executemany(
        "INSERT INTO quick_key_pages (code, name, position, skus) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position, "
        "skus = excluded.skus",
        rows,
    )
    return len(rows)


def delete_pages(conn: sqlite3.Connection, codes: Iterable[str]) -> None:
    conn.executemany("DELETE FROM quick_key_pages WHERE code = ?", [(c,) for c in codes])


def retire_missing_pages(conn: sqlite3.Connection, keep: set[str]) -> int:
    """After a full pull: the pages head office no longer has go."""
    gone = [r[0] for r in conn.execute("SELECT code FROM quick_key_pages") if r[0] not in keep]
    delete_pages(conn, gone)
    return len(gone)


def read_pages(db: Database) -> list[StoredPage]:
    return [
        StoredPage(str(r["code"]), str(r["name"]), int(r["position"]),
                   tuple(str(s) for s in json.loads(r["skus"])))
        for r in db.query("SELECT code, name, position, skus FROM quick_key_pages ORDER BY position, code")
    ]
