"""What ``bisama-terminal prune`` removed (``terminal/prune.py``): one row per run in
``outbox_pruned``, whose newest ``through_seq``/``through_hash`` is the chain anchor —
the envelope the first kept one follows — so the chain still verifies from there.

The ``outbox_kept`` trigger still refuses to delete a sealed envelope, except inside a
prune (a row in ``prune_gate`` for the length of its transaction), and even then never
one that is not acknowledged (pending or held) nor the chain head."""

from __future__ import annotations

import sqlite3

from shared.envelope import ChainHead
from terminal.store.db import Database

V5_SQL = """
CREATE TABLE outbox_pruned (
    through_seq INTEGER PRIMARY KEY,          -- every envelope up to here was removed
    through_hash TEXT NOT NULL,               -- the hash of that envelope: the chain anchor
    pruned_at TEXT NOT NULL,
    envelopes INTEGER NOT NULL,
    sales INTEGER NOT NULL,
    print_jobs INTEGER NOT NULL
);
CREATE TABLE prune_gate (open INTEGER PRIMARY KEY CHECK (open = 1));
DROP TRIGGER outbox_kept;
CREATE TRIGGER outbox_kept BEFORE DELETE ON outbox
WHEN NOT EXISTS (SELECT 1 FROM prune_gate) OR OLD.status != 'acked'
    OR OLD.seq = (SELECT max(seq) FROM outbox)
BEGIN SELECT RAISE(ABORT, 'a sealed envelope cannot be deleted'); END;
"""


def chain_anchor(conn: sqlite3.Connection | Database) -> ChainHead:
    """Where the kept chain starts: the last pruned envelope, or the genesis."""
    sql = "SELECT through_seq, through_hash FROM outbox_pruned ORDER BY through_seq DESC LIMIT 1"
    row = conn.one(sql) if isinstance(conn, Database) else conn.execute(sql).fetchone()
    return ChainHead() if row is None else ChainHead(int(row[0]), str(row[1]))


__all__ = ["V5_SQL", "chain_anchor"]
