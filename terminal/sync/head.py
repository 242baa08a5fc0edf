"""The till's signed statement of its chain head (``shared.heads``; docs/sync-protocol.md
§8.2), sent in every heartbeat and push request: its last seq and hash, its running
totals (``terminal.store.running``) and its clock, signed with the till's key, and the
hashes of its last ``MAX_TRAIL`` envelopes (so head office sees at the first contact
that a copied or restored folder departs from the chain it holds). The reply's
``witnessed`` — the highest head head office has witnessed — is kept in ``sync_state``."""

from __future__ import annotations

from typing import Any

from shared.heads import MAX_TRAIL, sign_statement
from shared.signer import Signer
from terminal.clock import Clock
from terminal.store.db import Database
from terminal.store.outbox import chain_head
from terminal.store.running import current

WITNESSED_KEY = "witnessed_seq"


def head_statement(db: Database, key: Signer, terminal_id: str,
                   clock: Clock) -> dict[str, Any]:
    with db.transaction() as conn:  # the head and its running totals of one moment
        head = chain_head(conn)
        running = current(conn)
        rows = conn.execute("SELECT seq, hash FROM outbox ORDER BY seq DESC LIMIT ?",
                            (MAX_TRAIL,)).fetchall()
    trail = tuple((int(s), str(h)) for s, h in reversed(rows))
    statement = sign_statement(key, terminal=terminal_id, seq=head.seq, hash_=head.hash,
                               running=running, at=clock.now(), trail=trail)
    return statement.to_json()


def remember_witnessed(db: Database, reply: dict[str, Any]) -> int | None:
    """Keep the reply's ``witnessed`` seq (what head office can hold this till to)."""
    witnessed = reply.get("witnessed")
    if not isinstance(witnessed, dict) or type(witnessed.get("seq")) is not int:
        return None
    seq = int(witnessed["seq"])
    with db.transaction() as conn:
        conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", (WITNESSED_KEY, str(seq)))
    return seq
