"""Running pushes: in seq order per till, and on more than one CPU core.

A till may keep two push requests in flight (docs/sync-protocol.md, 6.6): while the
server merges one batch it can already be checking the next. Each push has two
phases —

1. **check** (``push.precheck``): parse every envelope, verify its hash and signature,
   reprice the sales. Pure CPU, two thirds of a push, no locks; pushes check side by
   side, whatever their till.
2. **commit** (``push.commit``): the transaction that locks the till's row, follows the
   chain, merges, posts and writes.

``PushOrder`` makes the commits of one till's pushes happen in seq order: a push waits
for every push of the same till that starts at a lower seq and is still in this
process; and a push that starts beyond the head this process last saw for the till
waits a moment (``GRACE``) for the batch before it, whose request may simply have
arrived a few milliseconds later (the head is what this process last committed for
the till, or what the push's own authentication read, whichever is higher). Nothing
else waits: a batch that really is out of
order is refused with ``seq_gap`` as before and the till sends again from
``expected_seq``. ``PushOrder`` only knows the pushes of one server process. With
several (replicas behind a balancer, ``serve --workers N``) ``Pushes`` is also given a
``sync.order.SharedOrder``: the pushes of every process are recorded in the database,
and a batch waits for an earlier one in flight on *any* process (``PushOrder`` then
only orders this process's own pushes, without its grace; the shared order applies the
same ``GRACE`` and ``LIMIT``).

A till is known to the order by its tenant *and* terminal id: a till chooses its own
terminal id, and tills of two tenants may carry the same one (a copied database, or
someone who read another shop's id off a receipt); keyed by the terminal id alone, one
tenant's pushes could hold up another's for up to ``LIMIT``.

Where the phases run:

* ``ThreadRunner`` — in this process's thread pool, at most ``push_workers`` phases at
  once (Python threads share one core for this work);
* ``ProcessRunner`` — in ``serve --push-processes N`` helper processes, each with its
  own database connections. A push's two phases run in the same helper (it keeps the
  parsed batch between them); the server process only authenticates, orders and
  replies. The batch crosses to the helper as the request's own bytes, parsed again
  there (orjson: ≈ 4 ms for 500 sales, where pickling the parsed batch cost the server
  process ≈ 4 ms and the helper ≈ 5 ms to unpickle), and only the reply comes back.
  (An earlier design checked part of a batch in helpers and sent the parsed envelopes
  back: unpickling them cost ≈ 40 % of parsing them again, and it bought nothing on two
  cores.)
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import AsyncIterator, Hashable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool

from sync_server.context import ServerContext
from sync_server.metrics import ServerMetrics
from sync_server.notify import AlertMessage
from sync_server.sync.order import GRACE, LIMIT, SharedOrder
from sync_server.sync.push import (
    Prechecked,
    PushResult,
    TerminalRevoked,
    commit,
    count,
    first_seq,
    free_later,
    precheck,
)
from sync_server.tenants.models import Tenant

log = logging.getLogger("bisama.push")


class PushUnavailable(Exception):
    """A helper process died or could not run the push; nothing was committed by it
    (or, if it was, the resend is answered from what was stored)."""


@dataclass(eq=False)
class _Ticket:
    seq: int
    arrival: int
    head: int | None = None  # the till's head as its request's authentication read it

    @property
    def key(self) -> tuple[int, int]:
        return self.seq, self.arrival


TillKey = Hashable  # what identifies a till to the order: (tenant id, terminal id)


class PushOrder:
    """Per till, lets pushes commit in the order of the seq they start at. Lives on
    the server's event loop (all methods are called from it). ``terminal_id`` in its
    methods is the till's key, ``(tenant id, terminal id)`` from ``Pushes``."""

    def __init__(self, *, grace: float = GRACE, limit: float = LIMIT) -> None:
        self.grace, self.limit = grace, limit
        self._live: dict[TillKey, list[_Ticket]] = {}
        self._heads: dict[TillKey, int] = {}
        self._arrivals = itertools.count()
        self._changed: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    @asynccontextmanager
    async def ticket(self, terminal_id: TillKey, seq: int | None,
                     head: int | None = None) -> AsyncIterator[_Ticket]:
        ticket = _Ticket(seq if seq is not None else 0, next(self._arrivals), head)
        changed = self._condition()
        self._live.setdefault(terminal_id, []).append(ticket)
        async with changed:
            changed.notify_all()
        try:
            yield ticket
        finally:
            live = self._live.get(terminal_id, [])
            if ticket in live:
                live.remove(ticket)
            if not live:
                self._live.pop(terminal_id, None)
            async with changed:
                changed.notify_all()

    def done(self, terminal_id: TillKey, stored_through: int) -> None:
        """A push of the till committed (or was refused) and the server's head for it
        is now ``stored_through``."""
        self._heads[terminal_id] = stored_through

    def head(self, terminal_id: TillKey) -> int | None:
        """The till's head as this process last committed it (for tests and checks)."""
        return self._heads.get(terminal_id)

    def in_flight(self, terminal_id: TillKey) -> int:
        """How many pushes of the till this process holds now (for tests and checks)."""
        return len(self._live.get(terminal_id, ()))

    def known_head(self, terminal_id: TillKey, ticket: _Ticket) -> int | None:
        """The highest head this process knows the till reached: its own last commit
        or what the push's authentication read."""
        heads = [h for h in (self._heads.get(terminal_id), ticket.head) if h is not None]
        return max(heads) if heads else None

    async def turn(self, terminal_id: TillKey, ticket: _Ticket, *,
                   grace: float | None = None) -> None:
        """Wait until this push may commit (see the module docstring). ``grace`` 0:
        wait only for this process's earlier pushes of the till (``SharedOrder`` does
        the rest, from the database)."""
        grace = self.grace if grace is None else grace
        loop = asyncio.get_running_loop()
        start = loop.time()
        changed = self._condition()
        async with changed:
            while True:
                now = loop.time()
                before = [t for t in self._live.get(terminal_id, ())
                          if t is not ticket and t.key < ticket.key]
                if before:
                    timeout = start + self.limit - now
                else:
                    head = self.known_head(terminal_id, ticket)
                    ahead = head is not None and ticket.seq > head + 1
                    timeout = start + grace - now if ahead else 0.0
                if timeout <= 0:
                    return
                try:
                    await asyncio.wait_for(changed.wait(), timeout)
                except TimeoutError:
                    pass


@dataclass
class _Job:
    """One push between its phases."""

    tenant: Tenant
    terminal_id: str
    envelopes: list[Any]
    public_key: str | None
    raw: bytes | None = None  # the request body the envelopes were parsed from
    checked: Prechecked | None = None
    helper: int = -1
    token: int = 0


class ThreadRunner:
    """Both phases in this process's threads; at most ``slots`` phases at once."""

    def __init__(self, ctx: ServerContext, slots: threading.BoundedSemaphore) -> None:
        self.ctx, self.slots = ctx, slots

    def _check(self, job: _Job) -> None:
        with self.slots:
            job.checked = precheck(self.ctx, job.tenant, job.terminal_id, job.envelopes,
                                   public_key=job.public_key)

    def _commit(self, job: _Job) -> tuple[PushResult, list[AlertMessage]]:
        with self.slots:
            return commit(self.ctx, job.tenant, job.terminal_id, job.envelopes, job.checked)

    async def check(self, job: _Job) -> None:
        await run_in_threadpool(self._check, job)

    async def commit(self, job: _Job) -> tuple[PushResult, list[AlertMessage]]:
        return await run_in_threadpool(self._commit, job)

    async def discard(self, job: _Job) -> None:
        return None

    def close(self) -> None:
        return None


# -- helper processes --------------------------------------------------------------------
_HELPER: dict[str, ServerContext] = {}  # "ctx": the helper process's own context
_JOBS: dict[int, tuple[Tenant, str, list[Any], Prechecked | None]] = {}
_KEEP = 64  # batches a helper keeps between phases at most (abandoned ones are dropped)


def _start_helper(url: str, pool_size: int, log_level: int, server_pid: int) -> None:
    from sqlalchemy.orm import configure_mappers

    from sync_server.web.factory import tune_garbage_collector

    logging.basicConfig(level=log_level,
                        format="%(asctime)s %(levelname)s %(name)s[push helper]: %(message)s")
    _HELPER["ctx"] = ServerContext.open(url, pool_size=pool_size)
    # SQLAlchemy configures the mappers on the first query otherwise: the first push
    # a helper checks would wait for it (about 0.1 s each, measured in bench sync).
    configure_mappers()
    # The server's pid as the server gave it: one that died while this process was
    # still starting has already left it to init, and getppid() would say so.
    threading.Thread(target=_follow_parent, args=(server_pid,), daemon=True,
                     name="follow server").start()
    tune_garbage_collector()


def _follow_parent(parent: int) -> None:
    """Stop when the server process is gone — killed outright (a power cut, SIGKILL)
    its helpers would otherwise live on, holding database connections. A push
    half-done here is rolled back by the database, as the server's own would be."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _helper_ready() -> bool:
    return "ctx" in _HELPER


def _helper_check(token: int, tenant_id: int, terminal_id: str, envelopes: list[Any] | bytes,
                  public_key: str | None) -> None:
    """``envelopes``: the batch, or the request body it was parsed from."""
    ctx = _HELPER["ctx"]
    if isinstance(envelopes, bytes):
        envelopes = orjson.loads(envelopes)["envelopes"]
        assert isinstance(envelopes, list)
    tenant = ctx.tenant(tenant_id)
    if tenant is None:
        raise PushUnavailable(f"tenant {tenant_id} is gone")
    checked = precheck(ctx, tenant, terminal_id, envelopes, public_key=public_key)
    while len(_JOBS) >= _KEEP:
        _JOBS.pop(next(iter(_JOBS)))
    _JOBS[token] = (tenant, terminal_id, envelopes, checked)


def _helper_commit(token: int) -> tuple[str, Any, list[AlertMessage]]:
    """("ok", reply JSON, alerts), ("revoked", None, []) or ("unavailable", message, [])
    — plain values: a database exception need not survive pickling."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    from sync_server.db.retry import is_unavailable

    job = _JOBS.pop(token, None)
    if job is None:
        return "unavailable", "the checked batch was dropped; send it again", []
    tenant, terminal_id, envelopes, checked = job
    try:
        result, alerts = commit(_HELPER["ctx"], tenant, terminal_id, envelopes, checked)
    except TerminalRevoked:
        return "revoked", None, []
    except OperationalError as exc:
        log.error("database unavailable: %s", exc)
        return "unavailable", "database", []
    except DBAPIError as exc:
        if is_unavailable(exc):
            log.error("database unavailable: %s", exc)
            return "unavailable", "database", []
        log.exception("database error in a push")
        return "failed", "database", []
    # Freed when this helper next checks a batch, not before the till's next push,
    # waiting for this reply, may commit (``sync.push.free_later``).
    free_later(job)
    del job, envelopes, checked
    return "ok", result.to_json(), alerts


def _helper_discard(token: int) -> None:
    _JOBS.pop(token, None)


class ProcessRunner:
    """Both phases of a push in one of ``processes`` helper processes (``spawn``ed:
    the server process has threads and open connections a fork would copy)."""

    def __init__(self, url: str, processes: int, *, pool_size: int = 2,
                 wait: bool = False) -> None:
        if processes < 1:
            raise ValueError("--push-processes needs at least one process")
        self.url, self.pool_size = url, pool_size
        self._helpers: list[ProcessPoolExecutor] = [self._spawn() for _ in range(processes)]
        self._load = [0] * processes
        self._tokens = itertools.count(1)
        if wait:
            for helper in self._helpers:
                if not helper.submit(_helper_ready).result():
                    raise RuntimeError("a push helper did not start")

    def _spawn(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_helper,
            initargs=(self.url, self.pool_size, logging.getLogger().getEffectiveLevel(),
                      os.getpid()))
        executor.submit(_helper_ready)  # start it now, not on the first push
        return executor

    def _replace(self, index: int, helper: ProcessPoolExecutor) -> None:
        if self._helpers[index] is helper:
            log.error("push helper %d stopped; starting a new one", index)
            self._helpers[index] = self._spawn()
            helper.shutdown(wait=False, cancel_futures=True)

    def _pick(self) -> int:
        """The least busy helper; one found dead is replaced first (``_broken`` is set by
        the executor's own watcher as soon as its process dies)."""
        for index, helper in enumerate(self._helpers):
            if getattr(helper, "_broken", False):
                self._replace(index, helper)
        return min(range(len(self._helpers)), key=self._load.__getitem__)

    async def _run(self, job: _Job, fn: Any, *args: Any) -> Any:
        helper = self._helpers[job.helper]
        try:
            return await asyncio.wrap_future(helper.submit(fn, *args))
        except (BrokenProcessPool, RuntimeError) as exc:
            if not isinstance(exc, BrokenProcessPool) and "shutdown" not in str(exc):
                raise  # not a dead helper (BrokenProcessPool is a RuntimeError too)
            self._replace(job.helper, helper)
            raise PushUnavailable("a push helper process stopped") from None

    async def check(self, job: _Job) -> None:
        job.helper = self._pick()
        job.token = next(self._tokens)
        self._load[job.helper] += 1
        try:
            await self._run(job, _helper_check, job.token, job.tenant.id, job.terminal_id,
                            job.raw if job.raw is not None else job.envelopes, job.public_key)
        except BaseException:
            self._load[job.helper] -= 1
            job.helper = -1
            raise

    async def commit(self, job: _Job) -> tuple[PushResult, list[AlertMessage]]:
        try:
            status, value, alerts = await self._run(job, _helper_commit, job.token)
        finally:
            self._load[job.helper] -= 1
            job.helper = -1
        if status == "revoked":
            raise TerminalRevoked(job.terminal_id)
        if status != "ok":
            raise PushUnavailable(str(value))
        result = PushResult(value["terminal_id"], value["stored_through"], value["head_hash"],
                            value["results"], value["refused"])
        return result, alerts

    async def discard(self, job: _Job) -> None:
        if job.helper >= 0:
            helper = job.helper
            self._load[helper] -= 1
            job.helper = -1
            self._helpers[helper].submit(_helper_discard, job.token)

    def close(self) -> None:
        for helper in self._helpers:
            helper.shutdown(wait=True, cancel_futures=True)


Runner = ThreadRunner | ProcessRunner


class Pushes:
    """What the push route calls: order, check, commit, notify, count."""

    def __init__(self, ctx: ServerContext, metrics: ServerMetrics | None, runner: Runner,
                 order: PushOrder | None = None, shared: SharedOrder | None = None) -> None:
        """``shared``: the database-side order (``sync.order``), for several server
        processes on one database; without it the order is this process's alone."""
        self.ctx, self.metrics, self.runner = ctx, metrics, runner
        self.order = order or PushOrder()
        self.shared = shared

    async def push(self, tenant: Tenant, terminal_id: str, envelopes: list[Any],
                   public_key: str | None, *, head: int | None = None,
                   raw: bytes | None = None) -> PushResult:
        """``head``: the till's chain head as the request's authentication read it (a
        hint for ``PushOrder``). ``raw``: the request body ``envelopes`` was parsed from
        (its ``envelopes`` member), sent to a helper process instead of the batch."""
        job = _Job(tenant, terminal_id, envelopes, public_key or None, raw)
        till = (tenant.id, terminal_id)  # terminal ids may repeat across tenants
        first = first_seq(envelopes)
        shared = self.shared
        async with self.order.ticket(till, first, head) as ticket:
            # Recorded in flight (for other processes) while this process checks it.
            arrival = None if shared is None else asyncio.ensure_future(
                shared.arrive(tenant.id, terminal_id, envelopes))
            committed = False
            try:
                started = time.perf_counter()
                await self.runner.check(job)
                checked = time.perf_counter()
                if shared is None:
                    await self.order.turn(till, ticket)
                else:
                    await self.order.turn(till, ticket, grace=0.0)
                    await shared.turn(tenant.id, terminal_id, first,
                                      self.order.known_head(till, ticket))
                turn = time.perf_counter()
                result, alerts = await self.runner.commit(job)
                committed = True
                if self.metrics is not None:
                    phases = self.metrics.push_phases
                    phases.labels("check").observe(checked - started)
                    phases.labels("wait").observe(turn - checked)
                    phases.labels("commit").observe(time.perf_counter() - turn)
            finally:
                if not committed:
                    await self.runner.discard(job)
                if shared is not None and arrival is not None:
                    shared.leave_soon(tenant.id, terminal_id, arrival)
            self.order.done(till, result.stored_through)
        for alert in alerts:
            self.ctx.notifier.notify(alert)
        count(self.metrics, result)
        return result

    def close(self) -> None:
        self.runner.close()
        if self.shared is not None:
            self.shared.close()


__all__ = ["GRACE", "LIMIT", "ProcessRunner", "PushOrder", "PushUnavailable", "Pushes",
           "ThreadRunner", "TillKey"]
