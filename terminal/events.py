"""Recording one business event: the envelope (sealed, chained, signed), its local
journal and its stock moves — inside the caller's transaction, together with the
caller's own rows and print job, so all of it commits or none of it does.

``seq`` and ``prev_hash`` are read from the outbox inside that transaction (which holds
SQLite's write lock from ``BEGIN IMMEDIATE``), so two events can never share a seq and
a rolled-back event leaves no gap.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from shared.envelope import Envelope, seal
from shared.ids import uuid7
from shared.payloads import Sale, Void
from shared.posting import post_event
from shared.running import COUNTED, TRAINING, Figures, own
from shared.signer import Signer
from shared.stock import stock_moves
from terminal.clock import Clock
from terminal.store import outbox
from terminal.store import running as running_totals
from terminal.store.identity import TerminalIdentity
from terminal.store.ledger import apply_moves, write_journal

SCHEMA_VERSION = 1
# Kinds whose payload is newer than schema 1: a sale of schema 2 names the catalogue
# revision (feed cursor) it was priced from; of schema 3, also the line each discount or
# price approval is for (``Approval.sku``; docs/sync-protocol.md §3.2).
# Schema 4 of a sale, 2 of a refund, a void and a shift close: the till's running totals
# after it (``running``, shared.running; §3.6), kept in ``terminal.store.running``.
SCHEMA_VERSIONS = {"sale": 4, "refund": 2, "void": 2, "shift_close": 2}


@dataclass(frozen=True, slots=True)
class Recorded:
    envelope: Envelope
    journal_id: int | None
    payload: Any = None  # as signed: with its flags and running totals (shared.running)


class EventRecorder:
    def __init__(self, identity: TerminalIdentity, key: Signer, clock: Clock, *,
                 training: bool = False) -> None:
        self.identity = identity
        self.key = key
        self.clock = clock
        # A training till: its sales, refunds and voids are flagged ``training`` inside
        # the signed payload and never counted in the running totals.
        self.training = training

    def new_id(self) -> str:
        return uuid7(int(self.clock.now().timestamp() * 1000), os.urandom(10))

    def record(
        self,
        conn: sqlite3.Connection,
        *,
        kind: str,
        payload: Any,
        user: str,
        business_date: str,
        reference: str | None = None,
        original: Sale | None = None,
        envelope_id: str | None = None,
        at: datetime | None = None,
    ) -> Recorded:
        head = outbox.chain_head(conn)
        payload = self._with_running(conn, kind, payload, original, head.seq + 1)
        payload_json = payload.to_json()
        envelope = seal(
            id=envelope_id or self.new_id(),
            tenant=self.identity.tenant_id,
            branch=self.identity.branch_code,
            terminal=self.identity.terminal_id,
            user=user,
            seq=head.seq + 1,
            prev_hash=head.hash,
            kind=kind,
            schema=SCHEMA_VERSIONS.get(kind, SCHEMA_VERSION),
            # A sale passes the moment it was priced at: its time decides its tax regime.
            created_at=at or self.clock.now(),
            business_date=business_date,
            payload=payload_json,
            key=self.key,
        )
        outbox.append(conn, envelope, payload_json)
        branch = self.identity.branch_code
        journal = post_event(payload, branch, reference or envelope.id, original=original)
        journal_id = write_journal(conn, journal, envelope.seq, business_date) if journal else None
        apply_moves(conn, stock_moves(payload, branch, original=original), envelope.seq)
        return Recorded(envelope, journal_id, payload)

    def _with_running(self, conn: sqlite3.Connection, kind: str, payload: Any,
                      original: Sale | None, seq: int) -> Any:
        """The payload with its flags and the running totals after it (shared.running),
        the till's row of them moved in this same transaction."""
        if kind == "shift_close":
            return replace(payload, running=running_totals.current(conn))
        if kind not in COUNTED:
            return payload
        if kind == "sale":
            if self.training and TRAINING not in payload.flags:
                payload = replace(payload, flags=(*payload.flags, TRAINING))
        else:
            payload = replace(payload, flags=(TRAINING,) if self.training else ())
        if isinstance(payload, Void) and original is not None:
            t = original.totals
            payload = replace(payload, totals=Figures(t.gross, t.net, t.vat, t.nhil, t.getfund,
                                                      t.covid))
        after = running_totals.current(conn).plus(own(kind, payload))
        running_totals.store(conn, after, seq)
        return replace(payload, running=after)
