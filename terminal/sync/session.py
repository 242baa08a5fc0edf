"""One till's conversation with head office: a ``SyncSession`` runs sync cycles —
check the chain (once per session: recovery after a restore), push the outbox, pull the
master data, send a heartbeat — and records how it went in the sync record, in words a
cashier can act on.

The background worker keeps one session while it runs; ``bisama-terminal sync --once``
runs a single cycle. A session owns its ``Database`` connection's thread: build it on
the thread that uses it.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import httpx

from shared.errors import BisamaError
from shared.keys import public_key_from_text
from shared.signer import Signer
from terminal import __version__
from terminal.clock import Clock, stamp
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity, load_identity
from terminal.store.outbox import Outbox
from terminal.sync.feed import FeedPuller, PullResult
from terminal.sync.heartbeat import Heartbeat, HeartbeatResult, PowerReport, PrinterReport, power_now
from terminal.sync.protocol import (
    API,
    ChainDiverged,
    NotEnrolled,
    RecoveryFailed,
    ServerRefused,
    SyncError,
    Unreachable,
)
from terminal.sync.push import DEFAULT_BATCH, DEFAULT_DEPTH, Pusher, PushResult
from terminal.sync.record import load_record, save_record
from terminal.sync.recovery import Recovery, RecoveryResult
from terminal.sync.status import waiting_words
from terminal.sync.transport import SignedClient

log = logging.getLogger(__name__)

# What the worker does after a cycle ends this way.
RETRY_SOON = "soon"  # all well: the next cycle at the normal pace
RETRY_BACKOFF = "backoff"  # network or server trouble: exponential backoff with jitter
RETRY_LONG = "long"  # the tenant is suspended: try again in about an hour
RETRY_NEVER = "never"  # revoked, fork, wrong key: wait for a person (sync now / restart)


@dataclass(frozen=True, slots=True)
class CycleReport:
    outcome: str  # ok, offline (network or server trouble), refused (a person must act), error (this till)
    retry: str
    message: str | None
    code: str | None = None  # the protocol code of a refusal
    recovery: RecoveryResult | None = None
    pushed: PushResult | None = None
    pulled: PullResult | None = None
    heartbeat: HeartbeatResult | None = None
    backlog: int = 0
    held: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "outcome": self.outcome,
            "code": self.code,
            "message": self.message,
            "recovered": self.recovery.recovered if self.recovery else 0,
            "pushed": None
            if self.pushed is None
            else {
                "batches": self.pushed.batches,
                "sent": self.pushed.sent,
                "acked": self.pushed.acked,
                "held": [{"seq": s, "reason": r} for s, r in self.pushed.held],
                "stored_through": self.pushed.stored_through,
            },
            "pulled": None
            if self.pulled is None
            else {
                "pages": self.pulled.pages,
                "changes": self.pulled.changes,
                "by_entity": self.pulled.by_entity,
                "cursor": self.pulled.cursor,
                "full": self.pulled.full,
                "reset": self.pulled.reset,
                "retired": self.pulled.retired,
            },
            "heartbeat": None
            if self.heartbeat is None
            else {
                "server_time": self.heartbeat.server_time,
                "clock_skew_ms": self.heartbeat.clock_skew_ms,
                "stored_through": self.heartbeat.stored_through,
            },
            "backlog": self.backlog,
            "held": self.held,
        }


def _failure_retry(exc: SyncError) -> tuple[str, str]:
    """(outcome, retry) for an error that ended a cycle."""
    if isinstance(exc, Unreachable):
        return "offline", RETRY_BACKOFF
    if isinstance(exc, ServerRefused):
        if exc.code == "tenant_suspended":
            return "refused", RETRY_LONG
        if exc.retry in ("backoff", "now"):
            return "offline", RETRY_BACKOFF
        return "refused", RETRY_NEVER
    if isinstance(exc, ChainDiverged | RecoveryFailed):
        return "refused", RETRY_NEVER
    return "offline", RETRY_BACKOFF


_REFUSAL_WORDS = {
    "terminal_revoked": "Head office has revoked this till",
    "tenant_suspended": "This shop's Bisama account is suspended",
    "unknown_terminal": "Head office does not know this till (it is not enrolled there)",
    "unknown_tenant": "Head office does not know this shop's account",
    "bad_request_signature": "This till's key does not match the one head office enrolled",
}


def refusal_words(exc: SyncError) -> str:
    """The head of the message for a refusal; the server's own sentence follows."""
    lead = _REFUSAL_WORDS.get(exc.code)
    text = str(exc)
    if lead is None:
        return text
    advice = {
        "terminal_revoked": "Sales stay safe on this till; ask the administrator to enroll it again.",
        "tenant_suspended": "Keep selling; sales stay safe on this till. Contact your Bisama administrator.",
        "unknown_terminal": "Enroll it again with a new code from the administrator.",
        "unknown_tenant": "Check the server address, or enroll the till again.",
        "bad_request_signature": "An administrator must re-enroll the till. Sales stay safe on this till.",
    }[exc.code]
    detail = f" ({text.rstrip('.')})" if text else ""
    return f"{lead}{detail}. {advice}"


class SyncSession:
    def __init__(
        self,
        db: Database,
        *,
        key: Signer,
        clock: Clock,
        http: httpx.Client,
        app_version: str = __version__,
        batch_size: int = DEFAULT_BATCH,
        push_depth: int = DEFAULT_DEPTH,
        feed_chunk: int = 2000,
        printer: Callable[[], PrinterReport] | None = None,
        power: Callable[[], PowerReport] = power_now,
    ) -> None:
        identity = load_identity(db)
        record = load_record(db)
        if identity is None or identity.tenant_id is None or not record.server_url:
            raise NotEnrolled(
                "This till is not enrolled with head office yet: run `bisama-terminal enroll "
                "--server URL --code CODE` with the code from the administrator."
            )
        self.db = db
        self.clock = clock
        self.identity: TerminalIdentity = identity
        self.outbox = Outbox(db)
        self.client = SignedClient(
            http, record.server_url, tenant=identity.tenant_id, terminal_id=identity.terminal_id, key=key
        )
        self.pusher = Pusher(db, self.client, clock, batch_size=batch_size, depth=push_depth)
        self.puller = FeedPuller(db, self.client, clock, identity, chunk=feed_chunk)
        self.heartbeat = Heartbeat(
            db, self.client, clock, app_version=app_version, printer=printer, power=power
        )
        self.recovery = Recovery(db, self.client, clock, identity, public_key_from_text(identity.public_key))
        self.chain_checked = False
        self.server_head: int | None = None  # exact while only this session pushes for the till
        # Head office was restored from a backup (it holds less of this till than it once
        # acknowledged): its feed numbering is no longer the one our cursor counts in.
        self.restart_feed = False

    def _heard(self, head: int) -> None:
        """The server's head for this till, from any reply."""
        self.server_head = head
        if head < self.outbox.acked_through():
            self.restart_feed = True

    def _server_head(self) -> int:
        if self.server_head is None:
            self.server_head = int(self.client.get(f"{API}/chain").body["seq"])
        return self.server_head

    def cycle(self, *, push: bool = True, pull: bool = True, heartbeat: bool = True) -> CycleReport:
        """One round; never raises a ``SyncError`` (the report says what happened)."""
        started = self.clock.now()
        report = CycleReport("ok", RETRY_SOON, None)
        try:
            if not self.chain_checked:
                acked = self.outbox.acked_through()
                recovered = self.recovery.run()
                self.chain_checked = True
                self.restart_feed = self.restart_feed or recovered.server_seq < acked
                self.server_head = recovered.server_seq
                report = replace(report, recovery=recovered)
            if push:
                acked = self.outbox.acked_through()
                try:
                    pushed = self.pusher.push(server_head=self.server_head)
                except Unreachable:
                    self.server_head = None  # the server may have stored a batch we did not hear of
                    raise
                report = replace(report, pushed=pushed)
                if pushed.lowest_expected is not None and pushed.lowest_expected <= acked:
                    self.restart_feed = True
                if pushed.stored_through is not None:
                    self._heard(pushed.stored_through)
                    if pushed.stored_through > self.outbox.head().seq:
                        # Head office holds more of this till than the till: restored.
                        report = replace(report, recovery=self.recovery.run())
            if pull:
                cursor = "0" if self.restart_feed else load_record(self.db).feed_cursor
                report = replace(report, pulled=self.puller.pull(cursor, as_of_seq=self._server_head()))
                self.restart_feed = False
            if heartbeat:
                beat = self.heartbeat.send()
                self._heard(beat.stored_through)
                report = replace(report, heartbeat=beat)
                if beat.stored_through > self.outbox.head().seq:
                    self.chain_checked = False  # recover on the next cycle
        except SyncError as exc:
            outcome, retry = _failure_retry(exc)
            report = replace(report, outcome=outcome, retry=retry, code=exc.code, message=str(exc))
            if heartbeat and isinstance(exc, ChainDiverged):
                # Syncing stops, but head office still hears this till's signed head, so it
                # alerts a person at once (a copied or restored folder, §8.2).
                with contextlib.suppress(SyncError):
                    report = replace(report, heartbeat=self.heartbeat.send())
        except BisamaError as exc:  # the till's own trouble: a full disk, a damaged file
            report = replace(report, outcome="error", retry=RETRY_BACKOFF, code=exc.code, message=str(exc))
        except (ValueError, KeyError, TypeError, sqlite3.Error) as exc:
            # A reply this till cannot read, or a local database error: logged for support,
            # retried with backoff; whatever was applied before it stays (each step commits
            # whole or not at all).
            log.exception("sync cycle failed")
            report = replace(
                report,
                outcome="error",
                retry=RETRY_BACKOFF,
                code="client_error",
                message=f"A problem on this till stopped the sync ({type(exc).__name__}: {exc})",
            )
        return self._finish(report, started)

    def _finish(self, report: CycleReport, started: datetime) -> CycleReport:
        record = load_record(self.db)
        now = self.clock.now()
        changes: dict[str, object] = {
            "last_attempt_at": stamp(started),
            "server_stored_through": self.server_head,
        }
        if report.heartbeat is not None:
            changes["clock_offset_seconds"] = report.heartbeat.clock_offset_seconds
            if report.heartbeat.backed_up_through is not None:  # absent: keep what we knew
                changes["server_backed_up_through"] = report.heartbeat.backed_up_through
        if report.ok:
            changes.update(
                last_success_at=stamp(now),
                last_error=None,
                refused_code=None,
                refused_reason=None,
                failures=0,
            )
        else:
            failures = (record.failures or 0) + 1
            if report.outcome == "refused":
                words = refusal_words(SyncError(report.message or "", code=report.code))
                changes.update(refused_code=report.code, refused_reason=words, last_error=words)
            else:
                words = f"{(report.message or 'Sync failed').rstrip('.')} — {waiting_words(self.outbox, now)}"
                changes.update(refused_code=None, refused_reason=None, last_error=words)
            changes["failures"] = failures
            report = replace(report, message=str(changes["last_error"]))
        save_record(self.db, **changes)
        return replace(report, backlog=self.outbox.depth(), held=len(self.outbox.held()))
