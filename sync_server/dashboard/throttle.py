"""Sign-in cannot starve the tills: the dashboard's password checks are rationed.

An argon2id check costs tens of milliseconds of CPU and 64 MB of memory on purpose. Run
in the request thread pool, sixty sign-in attempts from one client filled that pool and
every till's authentication waited behind them. So:

* **Per client address**: at most ``sign_in_per_address`` attempts (default 10 a
  minute), counted in this process with the ``limits`` library's moving window, before
  any database work or hashing — the 11th is answered at once (429). The count is per
  server process on purpose: what it protects is this process's CPU, and a flood spread
  over several replicas costs each of them only its share. (``limits`` keeps counters in
  memory, Redis or Memcached; we run none of those, and a database round trip per
  refused attempt would hand the flood the database instead.)
* **Per account**: the lockout of ``dashboard.auth`` (5 wrong passwords lock the account
  for 15 minutes), in the database so that every replica sees it — for addresses that
  are no account too (``SignInFailures``), so a lockout does not tell who has one.
* **Hashing outside the request pool**: every sign-in runs in this gate's own small
  thread pool (``sign_in_hashers`` threads, default 1), with at most
  ``sign_in_waiting`` more waiting; beyond that the attempt is refused at once (503)
  rather than queued. Till authentication runs in the request pool and never waits for
  a password check.
* **A share of the time, not more**: a thread of its own still takes the machine's
  cores and memory bandwidth from the tills while it hashes (64 MB per check). So the
  gate also keeps the time spent on sign-ins over the last ``BUDGET_WINDOW`` seconds
  under ``sign_in_share`` of it (default a quarter), refusing (503) while it is over —
  when an attempt arrives and again when its turn to run comes:
  a flood from many addresses, which no per-address limit stops, costs the tills at
  most that share. A person who meets the refusal waits a few seconds.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

T = TypeVar("T")
BUDGET_WINDOW = 10.0  # seconds over which the share of time spent on sign-ins is kept

TOO_MANY = ("Too many sign-in attempts from this address. Wait a minute, then try again.")
BUSY = ("The server is checking many sign-ins just now. Wait a few seconds, then try again.")


class SignInBusy(Exception):
    """Every hashing slot and waiting place is taken."""


def identifier_key(secret: bytes, identifier: str) -> str:
    """A keyed hash of what was typed in the e-mail field: what the audit trail and the
    failure counts keep for an address that is no account (it may be a password typed
    in the wrong field; a plain hash of a weak password is undone by a dictionary)."""
    return hmac.new(secret, b"sign-in\n" + identifier.encode(), hashlib.sha256).hexdigest()


class SignInGate:
    """Admission and a bounded executor for the dashboard's sign-ins (one per app)."""

    def __init__(self, *, hashers: int = 1, waiting: int = 4,
                 per_address: str = "10/minute", share: float = 0.25,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if hashers < 1 or waiting < 0 or not 0 < share <= 1:
            raise ValueError("hashers is at least 1, waiting at least 0, share in (0, 1]")
        self._share = share
        self._clock = clock
        self._spent: deque[tuple[float, float]] = deque()  # (finished at, seconds taken)
        self._hashers = hashers
        self._executor: ThreadPoolExecutor | None = None
        self._capacity = hashers + waiting
        self._in_flight = 0
        self._lock = threading.Lock()
        self._rate = parse(per_address)
        self._form_rate = type(self._rate)(self._rate.amount * 3, self._rate.multiples)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def admit(self, address: str | None, what: str = "sign-in") -> bool:
        """Counts one attempt from ``address``; False once it is over the rate. ``what``
        keeps separate counts (the sign-in form is allowed three times the rate of
        sign-ins: it is fetched again after every refusal)."""
        rate = self._rate if what == "sign-in" else self._form_rate
        return bool(self._limiter.hit(rate, f"dashboard-{what}", address or "unknown"))

    def spent(self) -> float:
        """Seconds spent on sign-ins within the last ``BUDGET_WINDOW`` seconds."""
        now = self._clock()
        with self._lock:
            while self._spent and self._spent[0][0] < now - BUDGET_WINDOW:
                self._spent.popleft()
            return sum(seconds for _, seconds in self._spent)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def busy(self) -> bool:
        """Whether ``run`` would refuse now: asked before a sign-in does any other work
        (the tenant's lookup), so a refused attempt of a flood costs no database trip."""
        return self.spent() >= self._share * BUDGET_WINDOW or self._in_flight >= self._capacity

    async def run(self, work: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """``work(*args, **kwargs)`` on the gate's threads; ``SignInBusy`` at once when
        ``hashers + waiting`` sign-ins are already in hand."""
        over_budget = self.spent() >= self._share * BUDGET_WINDOW
        with self._lock:
            if over_budget or self._in_flight >= self._capacity:
                raise SignInBusy()
            self._in_flight += 1
            if self._executor is None:  # made on first use, again after a shutdown
                self._executor = ThreadPoolExecutor(max_workers=self._hashers,
                                                    thread_name_prefix="bisama-sign-in")
            executor = self._executor
        call = functools.partial(self._timed, work, *args, **kwargs)
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(executor, call)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _timed(self, work: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        # Checked again when the sign-in's turn comes: those admitted together while the
        # budget was free must not all run once it is spent.
        if self.spent() >= self._share * BUDGET_WINDOW:
            raise SignInBusy()
        started = self._clock()
        try:
            return work(*args, **kwargs)
        finally:
            finished = self._clock()
            with self._lock:
                self._spent.append((finished, finished - started))

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
