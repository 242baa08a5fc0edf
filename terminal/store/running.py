"""The till's running totals (issue [13] scope 1; ``shared.running``): one row, updated
by ``terminal.events.EventRecorder`` in the same transaction as the sale, refund or
void that moves them — so the totals the envelope signs and the totals kept here can
never disagree after a power cut. A till upgraded to this schema starts from zero."""

from __future__ import annotations

import sqlite3

from shared.money import Money
from shared.running import AMOUNTS, Running
from terminal.store.db import Database

V7_SQL = """
CREATE TABLE running_totals (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    gross INTEGER NOT NULL DEFAULT 0,
    net INTEGER NOT NULL DEFAULT 0,
    vat INTEGER NOT NULL DEFAULT 0,
    nhil INTEGER NOT NULL DEFAULT 0,
    getfund INTEGER NOT NULL DEFAULT 0,
    covid INTEGER NOT NULL DEFAULT 0,
    count INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0            -- the envelope that last moved them
);
INSERT INTO running_totals (id) VALUES (1);
"""

_COLUMNS = ", ".join((*AMOUNTS, "count"))


def current(conn: sqlite3.Connection | Database) -> Running:
    """The running totals after the till's last sale, refund or void."""
    sql = f"SELECT {_COLUMNS} FROM running_totals WHERE id = 1"
    row = conn.one(sql) if isinstance(conn, Database) else conn.execute(sql).fetchone()
    if row is None:
        return Running.ZERO
    return Running.of([Money(int(v)) for v in row[:6]], int(row[6]))


def store(conn: sqlite3.Connection, running: Running, seq: int) -> None:
    conn.execute(
        f"UPDATE running_totals SET {', '.join(f'{c} = ?' for c in (*AMOUNTS, 'count'))}, "
        "seq = ? WHERE id = 1",
        (*(a.pesewas for a in running.amounts()), running.count, seq),
    )
