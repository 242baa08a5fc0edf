"""The background worker: its own thread and connection, state published on every change,
backoff with jitter when head office cannot be reached, no retries after a refusal a
person must deal with, and never in the way of a sale."""

from __future__ import annotations

import random
import re
import threading
import time
from datetime import timedelta

import httpx
import pytest

from sync_server.terminals.services import revoke_terminal
from terminal.sync.record import save_record
from terminal.sync.state import Connection, SyncState
from terminal.sync.status import build_state
from terminal.sync.transport import network_problem
from terminal.sync.worker import SyncWorker, WorkerTiming
from tests.server.books import check_books
from tests.server.conftest import ADMIN
from tests.sync.conftest import MILO, OIL, TillHandle
from tests.sync.proxy import ToyProxy

FAST = WorkerTiming(poll_seconds=0.05, pull_every=0.3, heartbeat_every=0.3, backoff_base=0.05,
                    backoff_cap=0.2, suspended_retry=0.5, not_enrolled_poll=0.05)


class Recorder:
    def __init__(self) -> None:
        self.states: list[SyncState] = []
        self.threads: set[str] = set()

    def __call__(self, state: SyncState) -> None:
        self.states.append(state)
        self.threads.add(threading.current_thread().name)


def worker_for(t: TillHandle, url_client: httpx.Client | None = None, **kwargs) -> SyncWorker:
    return SyncWorker(t.data_dir / "bisama-terminal.sqlite3", key_store=t.key_store, clock=t.clock,
                      http_factory=lambda: httpx.Client(timeout=10), timing=FAST,
                      rng=random.Random(7), power=lambda: ("battery", 64), **kwargs)


def test_enroll_then_sync_in_the_background(world, live, make_till):
    t = make_till()
    listener = Recorder()
    worker = worker_for(t)
    worker.start(listener)
    try:
        worker.wait_for(lambda s: s.connection is Connection.NOT_ENROLLED)
        message = worker.enroll(live.url, world.code())
        assert message == "Enrolled as MAIN/T01 of Acme Trading."
        state = worker.wait_for(lambda s: s.connection is Connection.ONLINE and s.pulled_at is not None)
        assert state.server_url == live.url and state.backlog == 0 and state.last_error is None
        t.reopen()  # the screen reopens its till after enrolling
        for _ in range(3):
            t.sell(OIL, MILO)
        worker.wait_for(lambda s: s.backlog == 0 and s.last_success_at is not None
                        and t.till.outbox.depth() == 0)
    finally:
        worker.stop()
    assert not worker.running
    assert listener.threads == {"bisama-sync"}  # published from the worker's own thread
    assert len({id(s) for s in listener.states}) == len(listener.states)
    assert all(a != b for a, b in zip(listener.states, listener.states[1:], strict=False))  # changes only
    assert check_books(world.ctx, world.tenant_id).sales == 3


def test_offline_backs_off_says_why_and_catches_up(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    up = {"ok": False}
    proxy = ToyProxy(live.port, lambda m, p: "pass" if up["ok"] else "refuse")
    try:
        save_record(t.till.db, server_url=proxy.url)
        t.sell(OIL)
        t.sell(MILO)
        worker = worker_for(t)
        worker.start()
        try:
            state = worker.wait_for(lambda s: s.connection is Connection.OFFLINE and s.last_error is not None)
            assert re.fullmatch(
                r"The connection to head office \(127\.0\.0\.1\) was cut — 2 sales and 1 other record "
                r"waiting since \d\d:\d\d", state.last_error), state.last_error
            assert state.backlog == 3 and state.next_attempt_at is not None
            assert state.next_attempt_at <= t.clock.now() + timedelta(seconds=FAST.backoff_cap)
            worker.wait_for(lambda s: (worker.last_report is not None and worker.cycles >= 3))
            up["ok"] = True
            worker.wait_for(lambda s: s.connection is Connection.ONLINE and s.backlog == 0)
        finally:
            worker.stop()
    finally:
        proxy.close()
    assert check_books(world.ctx, world.tenant_id).sales == 2


def test_full_jitter_backoff_doubles_to_the_cap():
    timing = WorkerTiming(backoff_base=1.0, backoff_cap=300.0)
    rng = random.Random(3)
    ceilings = [min(300.0, 2.0 ** (n - 1)) for n in range(1, 13)]
    draws = [[timing.backoff(n, rng) for _ in range(200)] for n in range(1, 13)]
    for ceiling, values in zip(ceilings, draws, strict=True):
        assert all(0 <= v <= ceiling for v in values)
        assert max(values) > ceiling * 0.9 and min(values) < ceiling * 0.1  # spread: jitter
    assert ceilings[-1] == 300.0


def test_words_for_network_trouble():
    url = "https://acme.bisamapos.com"
    assert network_problem(httpx.ConnectError("[Errno -2] Name or service not known"), url) == \
        "No internet connection"
    assert network_problem(httpx.ConnectError("[Errno 111] Connection refused"), url) == \
        "Head office (acme.bisamapos.com) cannot be reached"
    assert network_problem(httpx.ReadTimeout("timed out"), url) == \
        "Head office (acme.bisamapos.com) did not answer in time"


def test_a_revoked_till_stops_until_someone_asks(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    proxy = ToyProxy(live.port)
    try:
        save_record(t.till.db, server_url=proxy.url)
        with world.ctx.scope(world.tenant_id) as scope:
            revoke_terminal(world.ctx, scope, ADMIN, t.till.identity.terminal_id, reason="stolen")
        t.sell(OIL)
        worker = worker_for(t)
        worker.start()
        try:
            state = worker.wait_for(lambda s: s.connection is Connection.REFUSED)
            assert state.refused_reason.startswith("Head office has revoked this till")
            assert "Sales stay safe on this till" in state.refused_reason
            asked = len(proxy.seen)
            time.sleep(20 * FAST.poll_seconds)  # many poll intervals: no request goes out
            assert len(proxy.seen) == asked
            worker.sync_now()  # a person asks again: exactly one more try
            worker.wait_for(lambda s: len(proxy.seen) > asked)
            time.sleep(10 * FAST.poll_seconds)
            # One try: a nonce (which tells nobody the till is revoked) and the first
            # signed request, which does (docs/security.md).
            assert [p for _m, p, _a in proxy.seen[asked:]] == ["/api/v1/nonce", "/api/v1/chain"]
        finally:
            worker.stop()
    finally:
        proxy.close()
    assert t.till.outbox.depth() == 2  # kept, not dropped


def test_a_sale_never_waits_for_the_network(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    release = threading.Event()
    proxy = ToyProxy(live.port, lambda m, p: "hold" if p == "/api/v1/push" else "pass", hold=release)
    try:
        save_record(t.till.db, server_url=proxy.url)
        t.sell(OIL)
        worker = worker_for(t)
        worker.start()
        try:
            assert proxy.holding.wait(10)  # the worker's push is on the wire, unanswered
            receipt = t.sell(MILO, OIL)  # the cashier sells meanwhile
            assert receipt == "MAIN-T01-000002"
            release.set()
            worker.wait_for(lambda s: s.backlog == 0 and t.till.outbox.depth() == 0)
        finally:
            release.set()
            worker.stop()
    finally:
        proxy.close()
    assert check_books(world.ctx, world.tenant_id).sales == 2


@pytest.mark.fault
def test_a_till_clock_days_wrong_still_syncs_and_says_so(world, live, make_till):
    t = make_till()
    t.clock.advance(days=-3)  # a dead CMOS battery: three days behind
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    report = t.sync()
    assert report.ok and report.pushed.acked == 2  # authentication never used the till's clock
    assert report.heartbeat.clock_skew_ms < -2 * 86400 * 1000
    state = build_state(t.till.db, t.clock)
    assert abs(state.clock_offset_seconds - 3 * 86400) < 120 and state.clock_warning
    assert check_books(world.ctx, world.tenant_id).sales == 1
