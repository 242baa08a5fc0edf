"""The outbox: every sealed envelope in ``seq`` order, with its sync status
(``pending`` → ``acked`` or ``held``). Rows are written in the transaction of the event
they record; triggers refuse any change to a sealed envelope or its removal.

``Outbox`` is what the sync client ([3]) uses: ``head()``, ``pending()``,
``mark_acked(up_to_seq)``, ``mark_held(seq, reason)``, ``envelopes()``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from shared.envelope import BODY_FIELDS, GENESIS_HASH, ChainHead, Envelope, parse_envelope
from terminal.store.db import Database


def chain_head(conn: sqlite3.Connection | Database) -> ChainHead:
    sql = "SELECT seq, hash FROM outbox ORDER BY seq DESC LIMIT 1"
    row = conn.one(sql) if isinstance(conn, Database) else conn.execute(sql).fetchone()
    return ChainHead() if row is None else ChainHead(row[0], row[1])


def append(
    conn: sqlite3.Connection, envelope: Envelope, payload_json: Mapping[str, Any] | None = None
) -> None:
    """Store a sealed envelope. ``payload_json``, when the caller has it, is the plain JSON
    the payload was sealed from: it saves thawing the frozen payload again (profiled: a
    tenth of a sale's commit time)."""
    if payload_json is None:
        record = envelope.to_json()
    else:
        record = {name: getattr(envelope, name) for name in BODY_FIELDS if name != "payload"}
        record.update(payload=payload_json, hash=envelope.hash, signature=envelope.signature)
    conn.execute(
        "INSERT INTO outbox (seq, id, kind, business_date, created_at, hash, prev_hash, "
        "envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            envelope.seq,
            envelope.id,
            envelope.kind,
            envelope.business_date,
            envelope.created_at,
            envelope.hash,
            envelope.prev_hash,
            json.dumps(record, separators=(",", ":")),
        ),
    )


def envelope_of(text: str) -> Envelope:
    return parse_envelope(json.loads(text))


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    seq: int
    kind: str
    status: str
    held_reason: str | None
    envelope: Envelope


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def head(self) -> ChainHead:
        return chain_head(self.db)

    def depth(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'"))

    def depth_by_kind(self) -> dict[str, int]:
        return {
            r[0]: r[1]
            for r in self.db.query(
                "SELECT kind, count(*) FROM outbox WHERE status = 'pending' GROUP BY kind ORDER BY kind"
            )
        }

    def oldest_pending_at(self) -> str | None:
        value = self.db.scalar("SELECT created_at FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT 1")
        return None if value is None else str(value)

    def pending(self, limit: int = 500, after_seq: int = 0) -> tuple[Envelope, ...]:
        """Envelopes still to send, oldest first."""
        rows = self.db.query(
            "SELECT envelope FROM outbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )
        return tuple(envelope_of(r[0]) for r in rows)

    def entries(self, from_seq: int = 1, limit: int = 1000) -> tuple[OutboxEntry, ...]:
        rows = self.db.query(
            "SELECT seq, kind, status, held_reason, envelope FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?",
            (from_seq, limit),
        )
        return tuple(OutboxEntry(r[0], r[1], r[2], r[3], envelope_of(r[4])) for r in rows)

    def envelopes(self, from_seq: int = 1, batch: int = 1000) -> Iterator[Envelope]:
        """Every envelope from ``from_seq`` on, in seq order (for chain checks and recovery)."""
        seq = from_seq
        while True:
            rows = self.db.query(
                "SELECT seq, envelope FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?", (seq, batch)
            )
            if not rows:
                return
            for r in rows:
                yield envelope_of(r[1])
            seq = rows[-1][0] + 1

    def mark_acked(self, up_to_seq: int, at: str) -> int:
        """The server stored everything up to ``up_to_seq``; returns rows newly acked."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE outbox SET status = 'acked', acked_at = ? WHERE seq <= ? AND status = 'pending'",
                (at, up_to_seq),
            )
            return cur.rowcount

    def mark_held(self, seq: int, reason: str, at: str) -> None:
        """The server stored the envelope but held it for a person (it is not resent)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'held', held_reason = ?, acked_at = ? WHERE seq = ?",
                (reason, at, seq),
            )

    def acked_through(self) -> int:
        """The highest seq the server has acknowledged (stored or held), 0 if none."""
        return int(self.db.scalar("SELECT coalesce(max(seq), 0) FROM outbox WHERE status != 'pending'"))

    def first_pending_seq(self) -> int | None:
        value = self.db.scalar("SELECT min(seq) FROM outbox WHERE status = 'pending'")
        return None if value is None else int(value)

    def wire_batch(self, from_seq: int, limit: int) -> tuple[tuple[int, str], ...]:
        """(seq, envelope JSON exactly as sealed) from ``from_seq`` on, whatever their
        status: the sync client pushes these bytes without parsing them again, and a
        server that lost envelopes (restored from a backup) asks for acked ones again."""
        rows = self.db.query(
            "SELECT seq, envelope FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?", (from_seq, limit)
        )
        return tuple((int(r[0]), str(r[1])) for r in rows)

    def hash_at(self, seq: int) -> str | None:
        value = self.db.scalar("SELECT hash FROM outbox WHERE seq = ?", (seq,))
        return None if value is None else str(value)

    def envelope_by_id(self, envelope_id: str) -> Envelope | None:
        value = self.db.scalar("SELECT envelope FROM outbox WHERE id = ?", (envelope_id,))
        return None if value is None else envelope_of(str(value))

    def held(self) -> tuple[OutboxEntry, ...]:
        rows = self.db.query(
            "SELECT seq, kind, status, held_reason, envelope FROM outbox WHERE status = 'held' ORDER BY seq"
        )
        return tuple(OutboxEntry(r[0], r[1], r[2], r[3], envelope_of(r[4])) for r in rows)


__all__ = ["GENESIS_HASH", "Outbox", "OutboxEntry", "append", "chain_head"]
