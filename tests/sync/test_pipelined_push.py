"""The push with two batches in flight (protocol 6.6), against the real server, with the
toy proxy in between to count what is at the server at once and to delay or lose one
request: every envelope arrives once, in seq order, whichever of the two gets there
first, whichever reply is lost; a fork on the first stops the push with nothing more
sent."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from shared.money import Money
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Terminal
from terminal.backup import restore
from terminal.store.masterdata import ProductRecord
from terminal.sync.protocol import ChainDiverged
from terminal.sync.session import SyncSession
from tests.server.books import check_books
from tests.server.server_process import ServerProcess
from tests.sync.conftest import MILO, OIL, TillHandle
from tests.sync.proxy import ToyProxy, push_start

PUSH = "POST /api/v1/push"
KENKEY = "2000000000015"  # a product only the till knows: head office holds its sale


def backlog(t: TillHandle, sales: int) -> None:
    for n in range(sales):
        t.sell(OIL, MILO) if n % 2 else t.sell(OIL)


def session_of(t: TillHandle, batch_size: int) -> SyncSession:
    """A session as the worker makes it (two pushes in flight by default)."""
    session = SyncSession(t.till.db, key=t.till.recorder.key, clock=t.clock, http=t.http,
                          batch_size=batch_size, power=lambda: ("mains", None))
    assert session.pusher.depth == 2
    return session


def server_chain(world, terminal_id: str) -> list[tuple[int, str]]:
    with world.ctx.scope(world.tenant_id) as scope:
        rows = scope.scalars(select(StoredEnvelope).where(StoredEnvelope.terminal_id == terminal_id,
                                                          StoredEnvelope.fork_no == 0)
                             .order_by(StoredEnvelope.seq))
        return [(int(e.seq), e.envelope_id) for e in rows]


def till_chain(t: TillHandle) -> list[tuple[int, str]]:
    return [(int(r[0]), str(r[1])) for r in t.till.db.query("SELECT seq, id FROM outbox ORDER BY seq")]


def server_head(world, terminal_id: str) -> int:
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(Terminal, terminal_id)
        return 0 if row is None else int(row.head_seq)


def pushes_starting(proxy: ToyProxy) -> list[int | None]:
    """The first seq of every push the proxy forwarded to the server, in order."""
    with proxy.changed:
        return [first for key, first in proxy.forwarded if key == PUSH]


def assert_once_in_order(world, t: TillHandle) -> None:
    """The server holds exactly the till's chain: every envelope once, seq by seq."""
    chain = till_chain(t)
    assert server_chain(world, t.till.identity.terminal_id) == chain
    assert [seq for seq, _id in chain] == list(range(1, len(chain) + 1))


@pytest.mark.slow
@pytest.mark.parametrize("server_url_db", ["sqlite", pytest.param("postgresql", id="pg", marks=pytest.mark.pg)],
                         indirect=True)
def test_a_backlog_goes_up_with_two_batches_in_flight(world, make_till, server_url_db, tmp_path):
    """`bisama-sync serve` as head office runs it (on PostgreSQL: pushes checked and
    committed in helper processes); the proxy counts the pushes at the server at once."""
    server = ServerProcess(server_url_db, tmp_path / "server.log").start()
    proxy = ToyProxy(server.port)
    try:
        t = make_till()
        t.enroll(proxy.url, world.code())
        assert t.sync().ok
        backlog(t, 300)
        report = session_of(t, batch_size=20).cycle()
        assert report.ok, report.message
        assert report.backlog == 0 and report.pushed.stored_through == t.till.outbox.head().seq
        assert proxy.peak[PUSH] == 2  # two pushes really were at the server together, never more
        starts = pushes_starting(proxy)
        assert len(starts) >= report.pushed.batches >= 16
        assert len(proxy.nonces) == len(set(proxy.nonces))  # no nonce sent twice (none refused, retried)
    finally:
        proxy.close()
        server.stop()
    assert_once_in_order(world, t)
    assert check_books(world.ctx, world.tenant_id).sales == 300


@pytest.mark.fault
@pytest.mark.parametrize("release_when", ["forwarded", "answered"])
def test_the_second_batch_gets_there_first(world, live, make_till, release_when):
    """The proxy holds the first of two pushes until the second is at the server
    ("forwarded": the server orders the two, or refuses the second with ``seq_gap`` if
    the first comes too late) or even answered ("answered": the second was refused
    ``seq_gap`` — the till sends it again once the first's reply says it is stored,
    without sending the first again)."""
    proxy = ToyProxy(live.port)
    try:
        t = make_till()
        t.enroll(proxy.url, world.code())
        assert t.sync().ok
        backlog(t, 14)
        first = t.till.outbox.first_pending_seq()
        assert first is not None
        second = first + 5
        proxy.hold = threading.Event()
        proxy.body_policy = lambda m, p, body: "hold" if p == "/api/v1/push" and push_start(body) == first else "pass"
        seen = proxy.forwarded if release_when == "forwarded" else proxy.answered

        def release() -> None:
            proxy.wait_for(lambda: (PUSH, second) in seen)
            proxy.hold.set()  # type: ignore[union-attr]

        releaser = threading.Thread(target=release, daemon=True)
        releaser.start()
        report = session_of(t, batch_size=5).cycle()
        releaser.join(10)
        assert report.ok, report.message
        assert report.backlog == 0
        starts = pushes_starting(proxy)
        assert starts.index(second) < starts.index(first)  # the second did get there first
        if release_when == "answered":
            assert report.pushed.resends >= 1 and starts.count(second) == 2
            assert starts.count(first) == 1  # its reply said it was stored: not sent again
    finally:
        proxy.close()
    assert_once_in_order(world, t)
    assert check_books(world.ctx, world.tenant_id).sales == 14


@pytest.mark.fault
@pytest.mark.parametrize("lost", ["first", "both"])
def test_a_reply_lost_after_the_commit_with_two_in_flight(world, live, make_till, lost):
    """The reply of the first push (or of both) is lost after the server committed: the
    till stops sending, waits for the other, and next time sends again from the batch it
    never heard about — answered with the same results (its held sale comes back held,
    with the reason), nothing doubled."""
    proxy = ToyProxy(live.port)
    try:
        t = make_till()
        t.enroll(proxy.url, world.code())
        assert t.sync().ok
        t.till.master_data.upsert_products(
            [ProductRecord("LOCAL-1", "Kenkey", "ball", "A", Money(300),
                           barcodes=((KENKEY, "ball"),), prices=(("retail", "ball", Money(500)),))],
            "2026-01-01T00:00:00+00:00",
        )
        first = t.till.outbox.head().seq + 1  # the shift opened by the first sale
        held_receipt = t.sell(KENKEY)  # in the first batch: held at head office
        backlog(t, 13)
        made = t.till.outbox.head().seq
        second = first + 5
        dropping = {first} if lost == "first" else {first, second}
        dropped: set[int] = set()

        def policy(method: str, path: str, body: bytes) -> str:
            start = push_start(body) if path == "/api/v1/push" else None
            if start in dropping and start not in dropped:
                dropped.add(start)
                return "drop"
            return "pass"

        proxy.body_policy = policy
        session = session_of(t, batch_size=5)
        failed = session.cycle(pull=False, heartbeat=False)
        assert failed.outcome == "offline"
        assert sorted(pushes_starting(proxy)) == [first, second]  # nothing sent after the failure
        assert server_head(world, t.till.identity.terminal_id) >= first + 4  # the server committed
        # Whatever came back is recorded, but nothing from the batch whose reply was lost
        # on is taken as acknowledged: its held result is only in its own reply.
        assert t.till.outbox.first_pending_seq() == first
        again = session.cycle()
        assert again.ok, again.message
        assert again.backlog == 0 and again.pushed.stored_through == made
        [held] = t.till.outbox.held()
        assert held.seq == first + 1 and held.envelope.payload["receipt_no"] == held_receipt
        assert "LOCAL-1" in (held.held_reason or "")
    finally:
        proxy.close()
    assert_once_in_order(world, t)
    assert check_books(world.ctx, world.tenant_id).sales == 13


@pytest.mark.fault
def test_a_fork_on_the_first_batch_stops_the_push(world, live, make_till):
    """A till restored from an old backup sold again before asking head office: the
    first push is refused ``fork``; the second was already in flight and is waited for;
    nothing more is sent, nothing is deleted on either side."""
    proxy = ToyProxy(live.port)
    try:
        t = make_till()
        t.enroll(proxy.url, world.code())
        assert t.sync().ok
        t.sell(OIL)
        assert t.sync().ok
        backup = t.till.backups.take("old")
        t.sell(MILO)
        t.sell(OIL)
        assert t.sync().ok
        before = server_chain(world, t.till.identity.terminal_id)
        t.till.close()
        restore(backup, t.data_dir / "bisama-terminal.sqlite3", t.clock.now())
        t.reopen()
        backlog(t, 12)  # sealed at seqs head office holds with other contents, and beyond
        first = t.till.outbox.first_pending_seq()
        head = t.till.outbox.head().seq
        pushed_before = len(pushes_starting(proxy))
        pusher = session_of(t, batch_size=3).pusher  # the push alone: no chain check first
        with pytest.raises(ChainDiverged):
            pusher.push()
        assert pushes_starting(proxy)[pushed_before:] in ([first, first + 3], [first + 3, first])
        assert t.till.outbox.head().seq == head  # nothing renumbered or dropped
        assert server_chain(world, t.till.identity.terminal_id) == before
    finally:
        proxy.close()
    assert check_books(world.ctx, world.tenant_id).sales == 3
