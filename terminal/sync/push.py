"""Pushing the outbox (protocol section 6): batches in seq order, idempotent acks.

The outbox is the source of truth: nothing is changed, renumbered or dropped because a
push failed. Each batch is the envelope JSON exactly as it was sealed, starting at the
first envelope the server does not hold. The reply's ``stored_through`` marks
everything up to it acknowledged, and each ``held`` (or ``rejected``) result is recorded
with its reason — all in one local transaction, so a crash between two writes cannot
leave the outbox half-updated. A batch the server stored before its reply was lost is
sent again and answered with the same results.

Refusals (409): ``seq_gap``/``seq_repeat`` → send again from ``expected_seq`` at once (the
server may even ask for envelopes already acknowledged, if it was restored from a
backup); ``fork``/``broken_chain`` → ``ChainDiverged`` (the caller stops and shows it);
anything else → ``ServerRefused`` with retry ``never``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from terminal.clock import Clock, stamp
from terminal.store.db import Database
from terminal.store.outbox import Outbox
from terminal.sync.protocol import API, ChainDiverged, ServerRefused, SyncError
from terminal.sync.transport import SignedClient

DEFAULT_BATCH = 200  # the protocol's advice for a slow link is 100–200


@dataclass(frozen=True, slots=True)
class PushResult:
    batches: int = 0
    sent: int = 0  # envelopes sent (resends included)
    acked: int = 0  # outbox rows newly acknowledged (stored or held)
    held: tuple[tuple[int, str], ...] = ()  # (seq, reason) newly held
    stored_through: int | None = None  # the server's head for this till, last heard
    resends: int = 0  # refusals answered by sending again from expected_seq
    lowest_expected: int | None = None  # the lowest seq a refusal asked for again


def _reason(result: dict[str, Any]) -> str:
    if result.get("status") == "rejected":
        return "rejected at head office: " + str(result.get("reason") or "no reason given")
    reason = result.get("reason") or result.get("reason_code") or "held at head office"
    return str(reason)


class Pusher:
    def __init__(
        self, db: Database, client: SignedClient, clock: Clock, *, batch_size: int = DEFAULT_BATCH
    ) -> None:
        if not 1 <= batch_size <= 500:
            raise ValueError("a push batch holds 1 to 500 envelopes")
        self.db = db
        self.outbox = Outbox(db)
        self.client = client
        self.clock = clock
        self.batch_size = batch_size

    def _record_reply(self, body: dict[str, Any]) -> tuple[int, list[tuple[int, str]]]:
        stored = int(body["stored_through"])
        at = stamp(self.clock.now())
        held: list[tuple[int, str]] = []
        with self.db.transaction():
            acked = self.outbox.mark_acked(stored, at)
            for result in body.get("results") or []:
                if result.get("status") in ("held", "rejected"):
                    seq, reason = int(result["seq"]), _reason(result)
                    self.outbox.mark_held(seq, reason, at)
                    held.append((seq, reason))
        return acked, held

    def push(self, *, server_head: int | None = None) -> PushResult:
        """Push until the server holds the whole outbox. ``server_head``, when known, is
        where the server's chain for this till ends: if it is below envelopes the till
        has as acknowledged (head office was restored from a backup), those are sent
        again. Raises ``Unreachable`` (nothing lost: the rest is sent next time),
        ``ChainDiverged`` or ``ServerRefused``."""
        start = self.outbox.first_pending_seq()
        if server_head is not None and server_head < self.outbox.head().seq:
            start = server_head + 1 if start is None else min(start, server_head + 1)
        if start is None:
            return PushResult()
        batches = sent = acked = resends = 0
        held: list[tuple[int, str]] = []
        stored_through: int | None = None
        last_refusal: tuple[str, int] | None = None
        lowest_expected: int | None = None
        while True:
            rows = self.outbox.wire_batch(start, self.batch_size)
            if not rows:
                break
            body = ('{"envelopes":[' + ",".join(text for _seq, text in rows) + "]}").encode()
            reply = self.client.post(f"{API}/push", body)
            batches += 1
            sent += len(rows)
            newly, held_now = self._record_reply(reply.body)
            acked += newly
            held += held_now
            stored_through = int(reply.body["stored_through"])
            refused = reply.body.get("refused")
            if reply.status == 200 and not refused:
                start = max(stored_through, rows[-1][0]) + 1
                last_refusal = None
                continue
            if not isinstance(refused, dict):
                raise SyncError("Head office answered a push in a way this till does not understand.")
            code = str(refused.get("code"))
            message = str(refused.get("message") or code)
            expected = int(refused.get("expected_seq") or stored_through + 1)
            if code in ("seq_gap", "seq_repeat"):
                if last_refusal == (code, expected):
                    raise ServerRefused(
                        f"Head office keeps refusing the envelopes from seq {expected} ({message}).",
                        code=code,
                        status=409,
                        retry="backoff",
                    )
                last_refusal = (code, expected)
                lowest_expected = expected if lowest_expected is None else min(lowest_expected, expected)
                resends += 1
                start = expected
                continue
            if code in ("fork", "broken_chain"):
                raise ChainDiverged(
                    f"Head office holds a different transaction at seq {refused.get('seq')} than this "
                    f"till ({message}). This happens after a restore from an old backup. Syncing has "
                    "stopped; nothing is deleted. Call support.",
                    seq=refused.get("seq"),
                )
            raise ServerRefused(
                f"Head office refused transaction seq {refused.get('seq')}: {message}. Syncing has "
                "stopped; nothing is deleted. Call support.",
                code=code,
                status=409,
                retry="never",
            )
        return PushResult(batches, sent, acked, tuple(held), stored_through, resends, lowest_expected)
