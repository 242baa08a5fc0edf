"""The background sync worker: the till's connection to head office, on its own thread
with its own ``Database`` connection, so a sale never waits for the network.

It pushes the outbox soon after each sale (it looks every ``poll_seconds``), pulls master
data and sends a heartbeat about once a minute, and when something fails it retries with
exponential backoff and full jitter (1 s, 2 s, 4 s … capped at 5 minutes; about an hour
for a suspended account; not at all after a refusal a person must deal with — revoked,
wrong key, a fork — until someone presses "sync now" or the till restarts). A restart
mid-batch loses nothing: the outbox is the source of truth and the server's answer to a
resent batch is the same.

Every change of ``SyncState`` goes to the listener (from the worker's thread: the Qt
layer re-emits it on the GUI thread). The worker is the screens' ``SyncControl``
(``start(listener)``, ``sync_now()``, ``stop()``) and its ``enroll`` is their
``EnrollFn``.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from terminal import __version__
from terminal.clock import Clock, SystemClock
from terminal.keystore import KeyStore
from terminal.store.db import Database
from terminal.store.identity import load_identity
from terminal.store.outbox import Outbox
from terminal.sync.enroll import enroll_till
from terminal.sync.heartbeat import PowerReport, PrinterReport, power_now
from terminal.sync.lock import SyncLock
from terminal.sync.protocol import EnrollmentFailed
from terminal.sync.push import DEFAULT_BATCH, DEFAULT_DEPTH
from terminal.sync.record import load_record, save_record
from terminal.sync.session import RETRY_BACKOFF, RETRY_LONG, CycleReport, SyncSession
from terminal.sync.state import SyncListener, SyncState
from terminal.sync.status import build_state
from terminal.sync.transport import new_http_client

if TYPE_CHECKING:
    from terminal.till import Till

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkerTiming:
    poll_seconds: float = 5.0  # how often the outbox is looked at (and the state refreshed)
    pull_every: float = 60.0
    heartbeat_every: float = 60.0
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    suspended_retry: float = 3600.0
    not_enrolled_poll: float = 30.0

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Full jitter: anywhere between 0 and base × 2^(failures − 1), capped."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** max(0, failures - 1))
        return rng.uniform(0, ceiling)


class SyncWorker:
    def __init__(
        self,
        db_path: Path,
        *,
        key_store: KeyStore,
        clock: Clock | None = None,
        http_factory: Callable[[], httpx.Client] = new_http_client,
        timing: WorkerTiming | None = None,
        rng: random.Random | None = None,
        app_version: str = __version__,
        batch_size: int = DEFAULT_BATCH,
        push_depth: int = DEFAULT_DEPTH,
        printer: Callable[[], PrinterReport] | None = None,
        power: Callable[[], PowerReport] = power_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db_path = Path(db_path)
        self.key_store = key_store
        self.clock: Clock = clock or SystemClock()
        self.http_factory = http_factory
        self.timing = timing or WorkerTiming()
        self.rng = rng or random.Random()
        self.app_version = app_version
        self.batch_size = batch_size
        self.push_depth = push_depth
        self.printer = printer
        self.power = power
        self.monotonic = monotonic
        self._listener: SyncListener | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._forced = False
        self._thread: threading.Thread | None = None
        self._state: SyncState | None = None
        self._state_changed = threading.Condition()
        self.last_report: CycleReport | None = None
        self.cycles = 0

    @classmethod
    def for_till(cls, till: Till, **kwargs: Any) -> SyncWorker:
        """A worker for an open ``Till``: its database file, key store and clock (the
        worker opens its own connection; the till's stays with the screen's thread)."""
        return cls(till.db.path, key_store=till.key_store, clock=till.clock, **kwargs)

    # -- SyncControl ---------------------------------------------------------------------
    def start(self, listener: SyncListener | None = None) -> None:
        if self._thread is not None:
            raise RuntimeError("the sync worker is already running")
        self._listener = listener
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="bisama-sync", daemon=True)
        self._thread.start()

    def sync_now(self) -> None:
        """Push, pull and send a heartbeat at once (also after a refusal)."""
        self._forced = True
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def state(self) -> SyncState | None:
        return self._state

    def wait_for(self, predicate: Callable[[SyncState], bool], timeout: float = 30.0) -> SyncState:
        """Block until a published state satisfies ``predicate`` (tests, scripts). The
        predicate is also looked at every 50 ms, for conditions outside the state."""
        deadline = time.monotonic() + timeout
        with self._state_changed:
            while True:
                state = self._state
                if state is not None and predicate(state):
                    return state
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"sync state not reached in {timeout} s; last: {state}")
                self._state_changed.wait(min(left, 0.05))

    # -- EnrollFn ------------------------------------------------------------------------
    def enroll(self, server_url: str, code: str) -> str:
        """Enroll the till (on the caller's thread, with its own connection) and wake the
        worker so the first sync starts at once. Returns the words to show."""
        with Database(self.db_path) as db:
            identity = load_identity(db)
            if identity is None:
                raise EnrollmentFailed("This till has no identity yet; start it once before enrolling.")
            key = self.key_store.load(identity.terminal_id)
            if key is None:
                raise EnrollmentFailed("This till's signing key is missing; it cannot enroll without it.")
            with self.http_factory() as http:
                result = enroll_till(
                    db, key, self.clock, server_url, code, http=http, app_version=self.app_version
                )
        self.sync_now()
        return result.message

    # -- the thread ----------------------------------------------------------------------
    def _publish(self, state: SyncState) -> None:
        if state == self._state:
            return
        with self._state_changed:
            self._state = state
            self._state_changed.notify_all()
        if self._listener is not None:
            try:
                self._listener(state)
            except Exception:  # the listener is the UI's; its failure must not stop syncing
                log.exception("sync state listener failed")

    def _sleep(self, db: Database, seconds: float | None, next_attempt: datetime | None = None) -> None:
        """Wait ``seconds`` (None: until woken), refreshing the published state every
        poll so the backlog on screen follows the sales made meanwhile."""
        deadline = None if seconds is None else self.monotonic() + seconds
        while not self._stop.is_set():
            left = (
                self.timing.poll_seconds
                if deadline is None
                else min(self.timing.poll_seconds, deadline - self.monotonic())
            )
            if left <= 0:
                return
            if self._wake.wait(left):
                self._wake.clear()
                return
            self._publish(build_state(db, self.clock, next_attempt_at=next_attempt))

    def _run(self) -> None:
        http = self.http_factory()
        db = Database(self.db_path)
        lock = SyncLock(self.db_path.parent)
        try:
            self._loop(db, http, lock)
        except Exception:
            log.exception("the sync worker stopped")
        finally:
            lock.release()
            db.close()
            http.close()

    def _loop(self, db: Database, http: httpx.Client, lock: SyncLock) -> None:
        run = _Run(failures=load_record(db).failures or 0)
        while not self._stop.is_set():
            try:
                delay, next_attempt = self._step(db, http, lock, run)
            except Exception as exc:
                # Never let the worker die quietly: say so, and try again later.
                log.exception("sync worker step failed")
                run.failures += 1
                run.session = None
                delay = self.timing.backoff(run.failures, self.rng)
                next_attempt = self.clock.now() + timedelta(seconds=delay)
                try:
                    save_record(db, last_error=f"A problem on this till stopped the sync ({exc}); retrying.")
                    self._publish(build_state(db, self.clock, next_attempt_at=next_attempt))
                except Exception:
                    log.exception("could not record the sync failure")
            self._sleep(db, delay, next_attempt)

    def _step(
        self, db: Database, http: httpx.Client, lock: SyncLock, run: _Run
    ) -> tuple[float | None, datetime | None]:
        """One turn of the loop; returns how long to wait (None: until woken)."""
        forced, self._forced = self._forced, False
        identity = load_identity(db)
        if identity is None or not identity.enrolled:
            self._publish(build_state(db, self.clock))
            return self.timing.not_enrolled_poll, None
        if not lock.acquire():
            save_record(
                db, last_error="Another sync of this till is running (bisama-terminal sync); waiting."
            )
            self._publish(build_state(db, self.clock))
            return self.timing.poll_seconds, None
        if run.never and not forced:
            self._publish(build_state(db, self.clock))
            return None, None
        if run.session is None:
            key = self.key_store.load(identity.terminal_id)
            if key is None:
                save_record(
                    db, last_error="This till's signing key is missing; it cannot sync. Call support."
                )
                run.never = True
                self._publish(build_state(db, self.clock))
                return None, None
            run.session = SyncSession(
                db,
                key=key,
                clock=self.clock,
                http=http,
                app_version=self.app_version,
                batch_size=self.batch_size,
                push_depth=self.push_depth,
                printer=self.printer,
                power=self.power,
            )
        session = run.session
        now = self.monotonic()
        pull = forced or run.failures > 0 or now - run.last_pull >= self.timing.pull_every
        beat = forced or run.failures > 0 or now - run.last_beat >= self.timing.heartbeat_every
        if not (pull or beat or Outbox(db).depth() or not session.chain_checked):
            self._publish(build_state(db, self.clock))
            return self.timing.poll_seconds, None
        report = session.cycle(push=True, pull=pull, heartbeat=beat)
        self.last_report = report
        self.cycles += 1
        run.never = False
        delay: float | None
        if report.ok:
            run.failures = 0
            run.last_pull = now if pull else run.last_pull
            run.last_beat = now if beat else run.last_beat
            delay = self.timing.poll_seconds
        elif report.retry == RETRY_BACKOFF:
            run.failures += 1
            delay = self.timing.backoff(run.failures, self.rng)
        elif report.retry == RETRY_LONG:
            run.failures += 1
            delay = self.timing.suspended_retry * self.rng.uniform(0.8, 1.2)
        else:
            run.never = True
            delay = None
        next_attempt = None if delay is None else self.clock.now() + timedelta(seconds=delay)
        self._publish(build_state(db, self.clock, next_attempt_at=next_attempt))
        return delay, next_attempt


@dataclass
class _Run:
    """What the worker's loop carries from one turn to the next."""

    failures: int = 0
    never: bool = False  # a refusal a person must deal with: wait for sync_now
    session: SyncSession | None = None
    last_pull: float = float("-inf")
    last_beat: float = float("-inf")
