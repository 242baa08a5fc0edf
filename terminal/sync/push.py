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

Pipelining (protocol 6.6): with ``depth=2`` (what the sync session uses) up to two batches
are in flight: the second starts at the seq after the first's last envelope and is sent
without waiting for the first's reply, so head office checks one batch while it commits
the other. The requests go out on a small thread pool; everything that touches the
till's database — reading the next batch, recording a reply — stays on the calling
thread (a ``Database`` belongs to one thread). Replies are handled in the order the
requests were sent. When one fails (network error, 5xx, any 409) nothing more is sent:
the other request is waited for, every reply that came back is recorded, and then the
push goes on as with one batch at a time — from ``expected_seq`` after ``seq_gap`` /
``seq_repeat``, or it raises. A ``seq_gap`` for a batch that overtook the one before it
(the server refused it before its predecessor arrived) is stale once that predecessor's
reply said it was stored: the push goes on after what that reply acknowledged instead of
sending the predecessor again. ``depth=1`` sends each batch on the calling thread after
the previous reply, as before pipelining.
"""

from __future__ import annotations

import json
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from terminal.clock import Clock, stamp
from terminal.store.db import Database
from terminal.store.outbox import Outbox
from terminal.sync.head import head_statement, remember_witnessed
from terminal.sync.protocol import API, ChainDiverged, ServerRefused, SyncError
from terminal.sync.transport import Reply, SignedClient

DEFAULT_BATCH = 200  # the protocol's advice for a slow link is 100–200
DEFAULT_DEPTH = 2  # push requests in flight at once: the protocol's most (6.6)
MAX_DEPTH = 2


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


@dataclass(eq=False)
class _Flight:
    """One push request: its batch, its reply to come, and the request sent just before
    it if that one was still in flight when this one left (this one may overtake it)."""

    rows: tuple[tuple[int, str], ...]
    reply: Future[Reply]
    overtaking: _Flight | None = None
    acked_through: int | None = field(default=None)  # its reply's stored_through, if a 200

    @property
    def first(self) -> int:
        return self.rows[0][0]

    @property
    def last(self) -> int:
        return self.rows[-1][0]


class Pusher:
    def __init__(
        self,
        db: Database,
        client: SignedClient,
        clock: Clock,
        *,
        batch_size: int = DEFAULT_BATCH,
        depth: int = 1,
    ) -> None:
        if not 1 <= batch_size <= 500:
            raise ValueError("a push batch holds 1 to 500 envelopes")
        if not 1 <= depth <= MAX_DEPTH:
            raise ValueError(f"a till keeps 1 to {MAX_DEPTH} push requests in flight")
        self.db = db
        self.outbox = Outbox(db)
        self.client = client
        self.clock = clock
        self.batch_size = batch_size
        self.depth = depth

    def _record_reply(
        self, body: dict[str, Any], *, through: int | None = None
    ) -> tuple[int, list[tuple[int, str]]]:
        """Acknowledge up to ``stored_through`` (never beyond ``through``, when given) and
        mark the held results, in one transaction."""
        stored = int(body["stored_through"])
        remember_witnessed(self.db, body)
        if through is not None:
            stored = min(stored, through)
        at = stamp(self.clock.now())
        held: list[tuple[int, str]] = []
        with self.db.transaction():
            acked = self.outbox.mark_acked(stored, at)
            for result in body.get("results") or []:
                if result.get("status") in ("held", "rejected"):
                    seq, reason = int(result["seq"]), _reason(result)
                    if through is not None and seq > through:
                        continue
                    self.outbox.mark_held(seq, reason, at)
                    held.append((seq, reason))
        return acked, held

    def _post(self, rows: tuple[tuple[int, str], ...], head: str) -> Reply:
        body = ('{"envelopes":[' + ",".join(text for _seq, text in rows) + '],"head":' + head
                + "}").encode()
        return self.client.post(f"{API}/push", body)

    def _head(self) -> str:
        """The till's signed head statement (§8.2), read here on the pushing thread."""
        return json.dumps(head_statement(self.db, self.client.key, self.client.terminal_id,
                                         self.clock), separators=(",", ":"))

    def push(self, *, server_head: int | None = None) -> PushResult:
        """Push until the server holds the whole outbox. ``server_head``, when known, is
        where the server's chain for this till ends: if it is below envelopes the till
        has as acknowledged (head office was restored from a backup), those are sent
        again. Raises ``Unreachable`` (nothing lost: the rest is sent next time),
        ``ChainDiverged`` or ``ServerRefused`` — after every request in flight has
        finished and its reply, if any, is recorded."""
        start = self.outbox.first_pending_seq()
        if server_head is not None and server_head < self.outbox.head().seq:
            start = server_head + 1 if start is None else min(start, server_head + 1)
        if start is None:
            return PushResult()
        if self.depth == 1:
            return self._push(start, None)
        with ThreadPoolExecutor(self.depth, thread_name_prefix="bisama-push") as pool:
            return self._push(start, pool)

    def _send(self, rows: tuple[tuple[int, str], ...], pool: ThreadPoolExecutor | None) -> Future[Reply]:
        if pool is not None:
            return pool.submit(self._post, rows, self._head())
        done: Future[Reply] = Future()  # one at a time: sent here, on the calling thread
        try:
            done.set_result(self._post(rows, self._head()))
        except Exception as exc:
            done.set_exception(exc)
        return done

    def _push(self, start: int, pool: ThreadPoolExecutor | None) -> PushResult:
        batches = sent = acked = resends = 0
        held: list[tuple[int, str]] = []
        stored_through: int | None = None
        last_refusal: tuple[str, int] | None = None
        lowest_expected: int | None = None
        flights: deque[_Flight] = deque()
        failure: Exception | None = None  # raised once nothing is in flight any more
        resume: int | None = None  # where to go on once nothing is in flight (seq_gap)
        unheard: int | None = None  # the first seq of the first batch whose reply never came
        while True:
            while failure is None and resume is None and len(flights) < self.depth:
                rows = self.outbox.wire_batch(start, self.batch_size)
                if not rows:
                    break
                before = flights[-1] if flights else None
                flights.append(_Flight(rows, self._send(rows, pool), before))
                start = rows[-1][0] + 1
            if not flights:
                if failure is not None:
                    raise failure
                if resume is None:
                    break
                start, resume = resume, None
                continue
            flight = flights.popleft()
            try:
                reply = flight.reply.result()
            except Exception as exc:  # Unreachable, ServerRefused (5xx, 401 …), a reply not understood
                failure = failure or exc
                unheard = flight.first if unheard is None else unheard
                continue
            batches += 1
            sent += len(flight.rows)
            # After a batch whose reply was lost, a later reply acknowledges only what came
            # before it: that batch's held results are known only from its own reply, so it
            # is sent again (the server answers a resend with the same results).
            newly, held_now = self._record_reply(
                reply.body, through=None if unheard is None else unheard - 1
            )
            acked += newly
            held += held_now
            refused = reply.body.get("refused")
            if reply.status == 200 and not refused:
                flight.acked_through = int(reply.body["stored_through"])
                stored_through = flight.acked_through
                start = max(start, flight.acked_through + 1)
                if failure is None and resume is None:
                    last_refusal = None
                continue
            if not isinstance(refused, dict):
                failure = failure or SyncError(
                    "Head office answered a push in a way this till does not understand."
                )
                continue
            code = str(refused.get("code"))
            message = str(refused.get("message") or code)
            heard = int(reply.body["stored_through"])
            expected = int(refused.get("expected_seq") or heard + 1)
            if code in ("seq_gap", "seq_repeat"):
                ahead = flight.overtaking
                if ahead is not None and ahead.acked_through is not None and expected <= ahead.acked_through:
                    # Refused before the batch it overtook arrived; that one is stored now.
                    if failure is None and resume is None:
                        resends += 1
                        resume = ahead.acked_through + 1
                    continue
                stored_through = heard
                if failure is not None or resume is not None:
                    continue  # already stopping: the first refusal decides where to go on
                if last_refusal == (code, expected):
                    failure = ServerRefused(
                        f"Head office keeps refusing the envelopes from seq {expected} ({message}).",
                        code=code,
                        status=409,
                        retry="backoff",
                    )
                    continue
                last_refusal = (code, expected)
                lowest_expected = expected if lowest_expected is None else min(lowest_expected, expected)
                resends += 1
                resume = expected
                continue
            stored_through = heard
            if code in ("fork", "broken_chain"):
                failure = failure or ChainDiverged(
                    f"Head office holds a different transaction at seq {refused.get('seq')} than this "
                    f"till ({message}). This happens after a restore from an old backup. Syncing has "
                    "stopped; nothing is deleted. Call support.",
                    seq=refused.get("seq"),
                )
                continue
            failure = failure or ServerRefused(
                f"Head office refused transaction seq {refused.get('seq')}: {message}. Syncing has "
                "stopped; nothing is deleted. Call support.",
                code=code,
                status=409,
                retry="never",
            )
        return PushResult(batches, sent, acked, tuple(held), stored_through, resends, lowest_expected)
