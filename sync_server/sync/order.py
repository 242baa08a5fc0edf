"""The order of a till's pushes across server processes: the database decides.

A till keeps two pushes in flight (docs/sync-protocol.md 6.6). Behind a balancer the
second may reach another ``serve`` replica (or another ``--workers`` process) than the
first, finish its checks first and — if nothing held it — reach its transaction while the
chain still ends before it: refused ``seq_gap``, sent again. ``sync.pipeline.PushOrder``
prevents that only for pushes in one process's memory. Here the processes share what
they need through the database they already share:

* **arrival** — every push writes a row in ``sync_push_inflight`` (tenant, till, first
  and last seq, replica, started) in a short transaction of its own, side by side with
  its checks (not on the push's critical path);
* **turn** — after its checks, a push whose first seq is beyond the till's stored head
  + 1 reads the stored head and the in-flight rows of the till: while an earlier batch
  of the till that the head has not passed is in flight on *any* process, it waits (up
  to ``LIMIT``); with none known it waits at most ``GRACE`` for one to arrive — the
  same two bounds as ``PushOrder``. No lock is held while waiting. On PostgreSQL the
  wait ends on a notification (``LISTEN``/``NOTIFY`` on ``CHANNEL``, one listening
  connection per process, a safety read every ``SAFETY`` seconds); elsewhere, and
  while no predecessor is known yet, it is a poll whose pause grows with the time
  waited (5 ms, then a quarter of the time waited, at most 250 ms): one indexed read
  each (≈ 1.4 ms of CPU), so a push that waits seconds behind a busy replica costs
  tens of reads, not hundreds;
* **leave** — the row is deleted once the push committed or was refused, after the
  reply is on its way (a row the head has passed no longer holds anyone up); on
  PostgreSQL the same transaction notifies the waiters of the till.

Why no lock is needed: the turn is only a hint about *when* to try. The push's own
transaction still locks the till's row (``SELECT … FOR UPDATE`` in ``sync.push``) and
decides from the head it reads there, so a batch let through too early is refused
``seq_gap`` exactly as before, and two pushes that both start at head + 1 (a resend)
are serialised by that row lock. Nothing is ever stored out of order whatever this
module does; it only turns would-be ``seq_gap`` refusals into short waits. A simpler
"wait on the row lock" design does not suffice: the later batch may reach the lock
while the earlier one is still being checked elsewhere, so it would need to know the
earlier one exists — which is what the row of ``sync_push_inflight`` says.

A replica that dies leaves its rows behind; they stop counting once ``started_at`` is
older than ``LIMIT`` (and are deleted then by whoever meets them), so a dead replica
costs a till at most one ``LIMIT`` wait and a ``seq_gap`` resend. ``started_at`` is the
writing replica's clock: replicas' clocks must agree to well within ``LIMIT`` (NTP).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from sync_server.context import ServerContext
from sync_server.sync.models import PushInFlight
from sync_server.terminals.models import Terminal

log = logging.getLogger("bisama.push.order")

GRACE = 1.0  # as sync.pipeline.GRACE: a batch beyond the head waits this long for one
LIMIT = 60.0  # as sync.pipeline.LIMIT: at most this long for the batches before it
FIRST_POLL, LAST_POLL = 0.005, 0.25  # seconds between two reads of the head, at least/most
SAFETY = 0.5  # seconds between two reads while a notification is awaited (PostgreSQL)
CHANNEL = "bisama_push_done"  # payload: "tenant id:terminal id"


def replica_name() -> str:
    """Who holds a push, for a person reading ``sync_push_inflight``: host and pid."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}"


def _raw_seq(raw: object) -> int | None:
    if isinstance(raw, dict):
        seq = raw.get("seq")
        if type(seq) is int:
            return seq
    return None


def batch_seqs(envelopes: list[Any]) -> tuple[int, int] | None:
    """The first and last seq of a batch as sent, or None when the first is unreadable
    (a malformed batch waits for nothing; its push refuses it)."""
    first = _raw_seq(envelopes[0]) if envelopes else None
    if first is None:
        return None
    last = _raw_seq(envelopes[-1])
    return first, max(first, last if last is not None else first)


def arrive(ctx: ServerContext, tenant_id: int, terminal_id: str, first: int, last: int, *,
           replica: str) -> str:
    """Record a push of the till as in flight; returns its mark for ``leave``."""
    mark = ctx.new_id()
    with ctx.scope(tenant_id) as scope:
        scope.insert_rows(PushInFlight, [{
            "id": mark, "terminal_id": terminal_id, "first_seq": first, "last_seq": last,
            "replica": replica, "started_at": ctx.clock.now()}])
    return mark


def leave(ctx: ServerContext, tenant_id: int, mark: str, terminal_id: str) -> None:
    """The push is over (committed, refused or failed); on PostgreSQL the till's
    waiters are told when this commits."""
    with ctx.scope(tenant_id) as scope:
        scope.execute(delete(PushInFlight).where(PushInFlight.id == mark))
        if scope.dialect == "postgresql":
            scope.execute(text("SELECT pg_notify(:channel, :till)"),
                          {"channel": CHANNEL, "till": f"{tenant_id}:{terminal_id}"})


@dataclass(frozen=True)
class Standing:
    """Where a batch stands, as the database says now."""

    head: int  # the till's stored head seq
    before: bool  # an earlier batch of the till, not yet passed by the head, is in flight


def standing(ctx: ServerContext, tenant_id: int, terminal_id: str, first: int, *,
             limit: float = LIMIT) -> Standing:
    """The till's stored head, and whether a batch starting before ``first`` that the
    head has not passed is in flight on any process (rows older than ``limit`` seconds
    are a dead process's: ignored, and deleted)."""
    with ctx.scope(tenant_id) as scope:
        head = scope.scalar(select(Terminal.head_seq).where(Terminal.id == terminal_id)) or 0
        if first <= head + 1:
            return Standing(head, False)
        rows = scope.execute(select(PushInFlight.id, PushInFlight.started_at).where(
            PushInFlight.terminal_id == terminal_id, PushInFlight.first_seq < first,
            PushInFlight.last_seq > head)).all()
        oldest = ctx.clock.now() - timedelta(seconds=limit)
        expired = [row.id for row in rows if row.started_at < oldest]
        if expired:
            log.warning("till %s: %d in-flight push(es) older than %.0f s dropped (a server "
                        "process died mid-push?)", terminal_id, len(expired), limit)
            scope.execute(delete(PushInFlight).where(PushInFlight.id.in_(expired)))
        return Standing(head, len(rows) > len(expired))


class _Listener:
    """One connection per server process that ``LISTEN``s on ``CHANNEL`` (PostgreSQL)
    and hands each notification's till to ``wake``, in a thread of its own. Lost
    connections are opened again; while none is open, waiters poll."""

    def __init__(self, dsn: str, wake: Callable[[str], None]) -> None:
        self.dsn, self.wake = dsn, wake
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="push order")
        self._thread.start()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self.wake(note.payload)
            except psycopg.Error as exc:
                if not self._stop.is_set():
                    log.warning("push order: not listening for commits (%s); polling", exc)
            finally:
                self.listening.clear()
            self._stop.wait(1.0)

    def close(self) -> None:
        """Stop listening (within ``notifies``' one-second turn)."""
        self._stop.set()
        self._thread.join(timeout=2.0)


class SharedOrder:
    """``arrive`` / ``turn`` / ``leave_soon`` for ``sync.pipeline.Pushes``, on the
    server's event loop; the database work runs in the thread pool."""

    def __init__(self, ctx: ServerContext, *, replica: str | None = None,
                 grace: float = GRACE, limit: float = LIMIT) -> None:
        self.ctx = ctx
        self.replica = replica or replica_name()
        self.grace, self.limit = grace, limit
        self._leaving: set[asyncio.Task[None]] = set()
        # Waiters by till ("tenant:terminal"), each with the loop its event lives on.
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}
        self._guard = threading.Lock()
        self._listener: _Listener | None = None
        self.notified = 0  # waits a notification ended (for tests)

    def _listen(self) -> _Listener | None:
        """The process's listener, started on first need (PostgreSQL only)."""
        if self._listener is None and self.ctx.engine.dialect.name == "postgresql":
            url = self.ctx.engine.url.set(drivername="postgresql")
            self._listener = _Listener(url.render_as_string(hide_password=False), self._wake)
        return self._listener

    @property
    def listening(self) -> bool:
        """Whether commits elsewhere wake this process's waiters (else they poll)."""
        return self._listener is not None and self._listener.listening.is_set()

    def _wake(self, till: str) -> None:
        with self._guard:
            waiters = list(self._waiters.get(till, ()))
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop has closed: its waiter is gone
                continue

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()

    async def arrive(self, tenant_id: int, terminal_id: str,
                     envelopes: list[Any]) -> str | None:
        seqs = batch_seqs(envelopes)
        if seqs is None:
            return None
        try:
            return await run_in_threadpool(arrive, self.ctx, tenant_id, terminal_id, *seqs,
                                           replica=self.replica)
        except SQLAlchemyError as exc:
            # The order is a courtesy: without the row a later batch may be refused
            # seq_gap and resent. The push itself meets the database's state on its own.
            log.warning("could not record a push in flight: %s", exc)
            return None

    def leave_soon(self, tenant_id: int, terminal_id: str,
                   arrival: asyncio.Future[str | None]) -> None:
        """Delete the push's row once its arrival was recorded, without holding up the
        reply (a row the head has passed holds nobody up)."""
        async def go() -> None:
            try:
                mark = await arrival
                if mark is not None:
                    await run_in_threadpool(leave, self.ctx, tenant_id, mark, terminal_id)
            except SQLAlchemyError as exc:
                log.warning("could not clear a push in flight (it expires): %s", exc)

        self._spawn(go())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._leaving.add(task)
        task.add_done_callback(self._leaving.discard)

    async def settled(self) -> None:
        """Wait for the rows being deleted (tests; shutdown)."""
        while self._leaving:
            await asyncio.gather(*self._leaving, return_exceptions=True)

    async def turn(self, tenant_id: int, terminal_id: str, first: int | None,
                   known_head: int | None = None) -> None:
        """Wait until the batch starting at ``first`` may try to commit (see the module
        docstring). ``known_head``: a head this process knows the till has reached
        (its own last commit, the request's authentication): at or past ``first - 1``
        no read is needed."""
        if first is None or (known_head is not None and first <= known_head + 1):
            return
        loop = asyncio.get_running_loop()
        listener = self._listen()
        till, woken = f"{tenant_id}:{terminal_id}", asyncio.Event()
        with self._guard:
            self._waiters.setdefault(till, set()).add((loop, woken))
        try:
            start = loop.time()
            while True:
                woken.clear()  # a commit notified from here on ends the next wait
                try:
                    now = await run_in_threadpool(standing, self.ctx, tenant_id, terminal_id,
                                                  first, limit=self.limit)
                except SQLAlchemyError as exc:
                    log.warning("could not read the order of till %s: %s", terminal_id, exc)
                    return  # the push's transaction meets the database's state on its own
                if first <= now.head + 1:
                    return
                allowed = self.limit if now.before else self.grace
                elapsed = loop.time() - start
                if elapsed >= allowed:
                    return
                notified = now.before and listener is not None and listener.listening.is_set()
                pause = SAFETY if notified else min(max(FIRST_POLL, elapsed / 4), LAST_POLL)
                try:
                    await asyncio.wait_for(woken.wait(), min(pause, allowed - elapsed))
                    self.notified += 1
                except TimeoutError:
                    pass
        finally:
            with self._guard:
                waiters = self._waiters.get(till, set())
                waiters.discard((loop, woken))
                if not waiters:
                    self._waiters.pop(till, None)


__all__ = ["GRACE", "LIMIT", "SharedOrder", "Standing", "arrive", "batch_seqs", "leave",
           "replica_name", "standing"]
