"""Breaking the network and killing processes under the real sync client (``-m fault``):
the server SIGKILLed mid-push and restarted, a reply lost after the server committed,
the till itself SIGKILLed mid-batch, a server that lost envelopes the till thought were
safe. After each: nothing lost, nothing doubled, every journal balanced."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.money import Money
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Terminal
from terminal.store.masterdata import ProductRecord
from terminal.sync.push import Pusher
from terminal.sync.session import CycleReport, SyncSession
from tests.server.books import check_books
from tests.server.server_process import ServerProcess
from tests.sync.conftest import KEY_PASSPHRASE, MILO, OIL, TillHandle
from tests.sync.proxy import ToyProxy, drop_first

pytestmark = pytest.mark.fault

ROOT = Path(__file__).resolve().parents[2]


def backlog(t: TillHandle, sales: int) -> None:
    for n in range(sales):
        t.sell(OIL, MILO) if n % 2 else t.sell(OIL)


def server_head(world, terminal_id: str) -> int:
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(Terminal, terminal_id)
        return 0 if row is None else int(row.head_seq)


def stored_ids(world) -> list[str]:
    with world.ctx.scope(world.tenant_id) as scope:
        return [e.envelope_id for e in scope.scalars(select(StoredEnvelope).where(StoredEnvelope.fork_no == 0))]


@pytest.mark.slow
def test_server_killed_mid_push_then_restarted(world, make_till, server_url_db, tmp_path):
    server = ServerProcess(server_url_db, tmp_path / "server.log").start()
    try:
        t = make_till()
        t.enroll(server.url, world.code())
        assert t.sync().ok
        backlog(t, 300)
        made = t.till.outbox.head().seq
        session = SyncSession(t.till.db, key=t.till.recorder.key, clock=t.clock, http=t.http, batch_size=5)
        result: list[CycleReport] = []
        pushing = threading.Thread(target=lambda: result.append(session.cycle(pull=False, heartbeat=False)))
        pushing.start()
        deadline = time.monotonic() + 60
        while server_head(world, t.till.identity.terminal_id) < 20 and time.monotonic() < deadline:
            time.sleep(0.005)
        server.kill()  # SIGKILL while batches are still going up
        pushing.join(60)
        [first] = result
        assert first.outcome == "offline" and "head office" in (first.message or "").lower()
        assert 0 < server_head(world, t.till.identity.terminal_id) < made
        assert t.till.outbox.depth() > 0  # the rest waits in the outbox
        server.start()
        second = session.cycle()
        assert second.ok, second.message
        assert t.till.outbox.depth() == 0 and server_head(world, t.till.identity.terminal_id) == made
    finally:
        server.stop()
    ids = stored_ids(world)
    assert len(ids) == len(set(ids)) == made
    assert check_books(world.ctx, world.tenant_id).sales == 300


def test_reply_lost_after_the_server_committed(world, live, make_till):
    proxy = ToyProxy(live.port, drop_first("POST /api/v1/push"))
    try:
        t = make_till()
        t.enroll(proxy.url, world.code())
        assert t.sync().ok
        t.till.master_data.upsert_products(
            [ProductRecord("LOCAL-1", "Kenkey", "ball", "A", Money(300),
                           barcodes=(("2000000000015", "ball"),), prices=(("retail", "ball", Money(500)),))],
            "2026-01-01T00:00:00+00:00",
        )
        t.sell(OIL)
        held = t.sell("2000000000015")  # held at head office: unknown product
        t.sell(MILO)
        lost = t.sync()
        assert lost.outcome == "offline"
        assert server_head(world, t.till.identity.terminal_id) == 4  # committed …
        assert t.till.outbox.depth() == 4  # … but the till never heard
        again = t.sync()
        assert again.ok and again.pushed.acked == 4
        assert [reason for _s, reason in again.pushed.held] and t.till.outbox.held()[0].seq == 3
        assert t.till.outbox.held()[0].envelope.payload["receipt_no"] == held
    finally:
        proxy.close()
    ids = stored_ids(world)
    assert len(ids) == len(set(ids)) == 4
    assert check_books(world.ctx, world.tenant_id).sales == 2


@pytest.mark.slow
def test_the_till_killed_mid_batch_resumes(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    backlog(t, 300)
    made = t.till.outbox.head().seq
    t.till.close()  # the till's own process will sync, as `bisama-terminal sync --once`
    env = {**os.environ, "BISAMA_KEY_STORE": "file", "BISAMA_KEY_PASSPHRASE": KEY_PASSPHRASE,
           "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "terminal", "--data-dir", str(t.data_dir),
               "--backup-dir", str(t.backup_dir), "sync", "--once", "--batch-size", "5", "--json"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while server_head(world, t.till.identity.terminal_id) < 20 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the sync finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)  # the till's power cut, mid-batch
    process.wait(30)
    assert server_head(world, t.till.identity.terminal_id) < made
    finished = subprocess.run(command, check=False, env=env, capture_output=True, timeout=120)
    assert finished.returncode == 0, finished.stderr.decode()
    t.reopen()
    assert t.till.outbox.depth() == 0 and server_head(world, t.till.identity.terminal_id) == made
    ids = stored_ids(world)
    assert len(ids) == len(set(ids)) == made
    assert check_books(world.ctx, world.tenant_id).sales == 300
    assert t.till.check().ok


def test_a_server_that_lost_envelopes_gets_them_again(world, live, make_till):
    """The till thinks seq 1–3 are safe (as if head office acknowledged them and was then
    restored from an older backup): the server answers ``seq_gap`` and the till sends
    again from the seq the server asks for, acknowledged ones included."""
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    backlog(t, 5)
    t.till.outbox.mark_acked(3, "2026-01-01T00:00:00+00:00")
    # The pusher alone, not knowing where the server's chain ends: it starts at the first
    # envelope not acknowledged, is told seq_gap, and sends again from expected_seq.
    pusher = Pusher(t.till.db, t.session.client, t.clock, batch_size=2)
    pushed = pusher.push()
    assert pushed.resends == 1 and pushed.lowest_expected == 1 and pushed.stored_through == 6
    assert server_head(world, t.till.identity.terminal_id) == 6 and t.till.outbox.depth() == 0
    assert check_books(world.ctx, world.tenant_id).sales == 5


def test_a_session_sends_again_what_the_chain_check_says_is_missing(world, live, make_till):
    """The same loss seen by a new session's chain check: no refusal needed."""
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    backlog(t, 5)
    t.till.outbox.mark_acked(3, "2026-01-01T00:00:00+00:00")
    t.session = None
    report = t.sync()
    assert report.ok and report.pushed.resends == 0 and report.pushed.sent == 6
    assert report.pulled.full  # head office held less than it had acknowledged: pull again from 0
    assert server_head(world, t.till.identity.terminal_id) == 6 and t.till.outbox.depth() == 0


def _copy_sqlite(source: str, target: str) -> None:
    """A consistent copy of an SQLite database (the online backup API)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.mark.slow
def test_head_office_restored_from_an_old_backup(world, make_till, server_url_db, tmp_path):
    """Head office loses what the till sent after its backup: the till's chain check sees
    the server behind, sends those envelopes again (acknowledged ones included), and its
    pull starts over (``reset``)."""
    path = server_url_db.removeprefix("sqlite:///")
    server = ServerProcess(server_url_db, tmp_path / "server.log").start()
    try:
        t = make_till()
        t.enroll(server.url, world.code())
        assert t.sync().ok
        t.sell(OIL)
        t.sell(MILO)
        assert t.sync().ok
        server.stop()
        world.ctx.engine.dispose()
        _copy_sqlite(path, str(tmp_path / "nightly.sqlite3"))
        server.start()
        t.sell(OIL, MILO)
        t.sell(OIL)
        assert t.sync().ok and t.till.outbox.depth() == 0
        assert server_head(world, t.till.identity.terminal_id) == 5
        server.stop()
        world.ctx.engine.dispose()
        _copy_sqlite(str(tmp_path / "nightly.sqlite3"), path)  # head office restored
        server.start()
        assert server_head(world, t.till.identity.terminal_id) == 3
        t.session = None  # as after a restart of the till
        report = t.sync()
        assert report.ok, report.message
        assert report.pushed.sent == 2 and report.pulled.full  # the feed starts over from 0
        assert server_head(world, t.till.identity.terminal_id) == 5
    finally:
        server.stop()
    ids = stored_ids(world)
    assert len(ids) == len(set(ids)) == 5
    assert check_books(world.ctx, world.tenant_id).sales == 4
