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
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

T = TypeVar("T")

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

    def __init__(self, *, hashers: int = 1, waiting: int = 8,
                 per_address: str = "10/minute") -> None:
        if hashers < 1 or waiting < 0:
            raise ValueError("hashers is at least 1 and waiting at least 0")
        self._hashers = hashers
        self._executor: ThreadPoolExecutor | None = None
        self._capacity = hashers + waiting
        self._in_flight = 0
        self._lock = threading.Lock()
        self._rate = parse(per_address)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def admit(self, address: str | None) -> bool:
        """Counts one attempt from ``address``; False once it is over the rate."""
        return bool(self._limiter.hit(self._rate, "dashboard-sign-in", address or "unknown"))

    @property
    def in_flight(self) -> int:
        return self._in_flight

    async def run(self, work: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """``work(*args, **kwargs)`` on the gate's threads; ``SignInBusy`` at once when
        ``hashers + waiting`` sign-ins are already in hand."""
        with self._lock:
            if self._in_flight >= self._capacity:
                raise SignInBusy()
            self._in_flight += 1
            if self._executor is None:  # made on first use, again after a shutdown
                self._executor = ThreadPoolExecutor(max_workers=self._hashers,
                                                    thread_name_prefix="bisama-sign-in")
            executor = self._executor
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(executor, functools.partial(work, *args, **kwargs))
        finally:
            with self._lock:
                self._in_flight -= 1

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
