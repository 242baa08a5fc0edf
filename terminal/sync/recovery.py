"""Recovery of a till restored from an old backup (protocol section 9).

Before it pushes, a sync session asks head office where this till's chain really ends
(``GET /chain``). Three cases:

* the server holds no more than the till, and its last envelope is the till's own
  envelope at that seq → nothing was lost (the acknowledgement is brought up to date);
* the server holds more, and its next envelope continues the till's own head → the till
  lost envelopes: they are fetched (``GET /chain/envelopes``), each checked to be signed
  by this till's key and to continue its chain, and written back page by page with
  everything their events wrote (``replay.py``), acknowledged; the next sale is sealed
  at the server's seq + 1 instead of forking;
* otherwise the chains differ (the till sealed new envelopes after the restore, before
  it could ask) → ``ChainDiverged``: syncing stops, nothing is deleted on either side,
  and a person compares the two (see docs/sync-client.md).

Each page is written in one transaction that first checks the till's head has not moved
(a sale sealed meanwhile would make it a fork), so recovery and selling never interleave
inside a page.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.envelope import ChainError, EnvelopeError, parse_envelope, verify_chain, verify_envelope
from shared.keys import PublicKey
from terminal.clock import Clock, stamp
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity
from terminal.store.outbox import Outbox, chain_head
from terminal.store.pruned import chain_anchor
from terminal.sync.protocol import API, RECOVERY_PAGE, ChainDiverged, RecoveryFailed
from terminal.sync.replay import replay
from terminal.sync.transport import SignedClient


@dataclass(frozen=True, slots=True)
class RecoveryResult:
    server_seq: int
    local_seq: int  # the till's head after recovery
    recovered: int  # envelopes written back
    held: int  # of those, held or rejected at head office


def _diverged(seq: int) -> ChainDiverged:
    return ChainDiverged(
        f"This till's records and head office's differ (at or before transaction seq {seq}): the till was "
        "probably restored from an old backup and then recorded new sales before it could "
        "check with head office. Syncing has stopped so that nothing is counted twice; "
        "nothing is deleted. Keep selling if you must and call support.",
        seq=seq,
    )


class Recovery:
    def __init__(
        self,
        db: Database,
        client: SignedClient,
        clock: Clock,
        identity: TerminalIdentity,
        public_key: Ed25519PublicKey | PublicKey,
        *,
        page_size: int = RECOVERY_PAGE,
    ) -> None:
        self.db = db
        self.outbox = Outbox(db)
        self.client = client
        self.clock = clock
        self.identity = identity
        self.public_key = public_key
        self.page_size = page_size

    def run(self) -> RecoveryResult:
        chain = self.client.get(f"{API}/chain").body
        server_seq, server_hash = int(chain["seq"]), str(chain["hash"])
        local = self.outbox.head()
        if server_seq <= local.seq:
            anchor = chain_anchor(self.db)
            if 0 < server_seq < anchor.seq:
                raise RecoveryFailed(
                    f"Head office holds this till's transactions only up to seq {server_seq}, but "
                    f"this till removed those up to seq {anchor.seq} after head office reported them "
                    "in a verified backup. Head office must restore that backup; call support."
                )
            known = anchor.hash if server_seq == anchor.seq else self.outbox.hash_at(server_seq)
            if server_seq > 0 and known != server_hash:
                raise _diverged(server_seq)
            if server_seq > 0:
                self.outbox.mark_acked(server_seq, stamp(self.clock.now()))
            return RecoveryResult(server_seq, local.seq, 0, 0)
        recovered = held = 0
        after = local.seq
        while after < server_seq:
            page = self.client.get(f"{API}/chain/envelopes?after={after}&limit={self.page_size}").body
            items = list(page.get("envelopes") or [])
            if not items:
                raise RecoveryFailed(
                    f"Head office says it holds this till's transactions up to seq {server_seq} but "
                    f"sent none after seq {after}. Try again later; call support if it persists."
                )
            wrote, held_now = self._write_page(after, items)
            recovered += wrote
            held += held_now
            after += wrote
        self.outbox.mark_acked(server_seq, stamp(self.clock.now()))
        return RecoveryResult(server_seq, self.outbox.head().seq, recovered, held)

    def _write_page(self, after: int, items: list[dict[str, object]]) -> tuple[int, int]:
        envelopes = []
        try:
            for item in items:
                envelope = parse_envelope(item["envelope"])
                verify_envelope(envelope, self.public_key)
                envelopes.append(envelope)
        except EnvelopeError as exc:
            raise RecoveryFailed(
                "A transaction head office sent back is not this till's own "
                f"({exc}). Nothing was changed; call support."
            ) from None
        at = stamp(self.clock.now())
        held = 0
        with self.db.transaction() as conn:
            head = chain_head(conn)
            if head.seq != after:
                raise _diverged(after + 1)
            try:
                verify_chain(head, envelopes, terminal=self.identity.terminal_id)
            except ChainError as exc:
                if exc.code == "broken_chain" and exc.seq == after + 1:
                    raise _diverged(after) from None
                raise RecoveryFailed(
                    f"The transactions head office sent back do not follow on ({exc}). Nothing was "
                    "changed; call support."
                ) from None
            try:
                for envelope, item in zip(envelopes, items, strict=True):
                    status = str(item.get("status") or "stored")
                    held += status != "stored"
                    reason = item.get("reason") or item.get("reason_code")
                    replay(
                        conn,
                        envelope,
                        status=status,
                        reason=None if reason is None else str(reason),
                        identity=self.identity,
                        at=at,
                    )
            except sqlite3.IntegrityError as exc:
                raise RecoveryFailed(
                    f"A transaction head office sent back clashes with this till's records ({exc}). "
                    "Nothing was changed; call support."
                ) from None
            audit(
                conn,
                at,
                None,
                "sync_recovered",
                f"seq {envelopes[0].seq}-{envelopes[-1].seq}",
                count=len(envelopes),
                held=held,
                server=self.client.server_url,
            )
        return len(envelopes), held
