"""Toy tills that keep selling and pushing while a database node dies, as a real till
does: every 5xx, dropped connection or spent nonce is retried after a short back-off,
and a till never gives up until its outbox is empty. Each till records what the server
acknowledged, so the test can count an acknowledged sale that went missing."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
from sqlalchemy import select

from sync_server.context import ServerContext
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Terminal
from tests.server.toy_terminal import ProtocolError, ToyTerminal

ITEMS = (("GH-0001", 1), ("GH-0005", 2), ("GH-0020", 1))


@dataclass
class TillRun:
    """One till's selling loop and what it saw."""

    till: ToyTerminal
    sales: int
    batch: int = 3
    acknowledged: set[str] = field(default_factory=set)  # envelope ids acknowledged
    statuses: Counter[int] = field(default_factory=Counter)  # reply status → count (0: no reply)
    forgotten: int = 0  # acknowledged envelopes the server later asked for again
    ack_times: list[float] = field(default_factory=list)  # monotonic time of each 200
    failure: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def retried(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200)

    def run(self, deadline: float) -> None:
        try:
            self._run(deadline)
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.failure = exc
        finally:
            self.done.set()

    def _run(self, deadline: float) -> None:
        till, made, failures = self.till, 0, 0
        rng = random.Random(till.terminal_id)
        while made < self.sales or till.pending():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{till.name}: {len(till.pending())} envelopes still "
                                   "unacknowledged at the deadline")
            for _ in range(min(self.batch, self.sales - made)):
                till.sell([ITEMS[made % len(ITEMS)]])
                made += 1
            try:
                reply = till.push_batch(till.pending()[:20])
            except httpx.HTTPError:
                self.statuses[0] += 1
                till.nonce = None
                failures += 1
                time.sleep(self._backoff(failures, rng))
                continue
            except ProtocolError as exc:  # fetching a nonce failed
                self.statuses[exc.status] += 1
                failures += 1
                time.sleep(self._backoff(failures, rng))
                continue
            self.statuses[reply.status_code] += 1
            if reply.status_code == 200:
                failures = 0
                self.ack_times.append(time.monotonic())
                self.acknowledged |= {e.id for e in till.outbox if e.seq <= till.acked}
            elif reply.status_code == 409:
                refused = reply.json()["refused"]
                if refused["code"] not in ("seq_gap", "seq_repeat"):
                    raise AssertionError(f"{till.name}: refused {refused}")
                expected = int(refused["expected_seq"])
                if expected <= till.acked:  # the server lost what it had acknowledged
                    self.forgotten += till.acked - expected + 1
                    till.acked = expected - 1
            else:  # 5xx (503 unavailable while the database fails over), 401 nonce
                till.nonce = None
                failures += 1
                time.sleep(self._backoff(failures, rng))

    @staticmethod
    def _backoff(failures: int, rng: random.Random) -> float:
        return rng.uniform(0.1, min(2.0, 0.2 * 2 ** failures))


def start_tills(runs: list[TillRun], seconds: float) -> list[threading.Thread]:
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=r.run, args=(deadline,), name=r.till.name, daemon=True)
               for r in runs]
    for thread in threads:
        thread.start()
    return threads


def acknowledged_count(runs: list[TillRun]) -> int:
    return sum(r.till.acked for r in runs)


def outage(runs: list[TillRun], since: float) -> float:
    """The longest time after ``since`` during which no till had a push acknowledged:
    the failover as the shops saw it."""
    times = sorted([since] + [t for r in runs for t in r.ack_times if t > since])
    return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


def loss_count(ctx: ServerContext, tenant_id: int, runs: list[TillRun]) -> int:
    """Acknowledged envelopes not in the database now, plus those the server asked for
    again after acknowledging them."""
    with ctx.scope(tenant_id) as scope:
        stored = set(scope.scalars(select(StoredEnvelope.envelope_id)
                                   .where(StoredEnvelope.fork_no == 0)))
    return sum(len(r.acknowledged - stored) + r.forgotten for r in runs)


def check_heads(ctx: ServerContext, tenant_id: int, runs: list[TillRun]) -> None:
    """Every till's chain head on the server is the till's own."""
    with ctx.scope(tenant_id) as scope:
        for run in runs:
            row = scope.get(Terminal, run.till.terminal_id)
            assert row is not None, run.till.name
            assert (row.head_seq, row.head_hash) == (run.till.seq, run.till.head), run.till.name
