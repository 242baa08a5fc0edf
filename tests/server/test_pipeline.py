"""A till with two pushes in flight (docs/sync-protocol.md 6.6, ``sync.pipeline``):
the server commits one till's batches in seq order whichever arrives first, never makes
two tills wait for each other, and — with ``serve --push-processes`` — survives a killed
helper and leaves no helper behind when the server itself is killed."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from sync_server.context import ServerContext
from sync_server.sync.pipeline import PushOrder
from tests.server.books import check_books
from tests.server.conftest import LiveServer, TillFactory, World, make_world
from tests.server.server_process import ServerProcess, alive
from tests.server.toy_terminal import ProtocolError, ToyTerminal

# -- the order, on its own ---------------------------------------------------------------


async def _commit_order(order: PushOrder,
                        pushes: list[tuple[str, int, float]]) -> list[tuple[str, int]]:
    """Run pushes (till, first seq, seconds their check takes) at once; (till, seq) in
    the order they were allowed to commit."""
    committed: list[tuple[str, int]] = []

    async def one(till: str, seq: int, check: float) -> None:
        async with order.ticket(till, seq) as ticket:
            await asyncio.sleep(check)
            await order.turn(till, ticket)
            committed.append((till, seq))
            await asyncio.sleep(0.01)  # the commit
            order.done(till, seq + 99)

    await asyncio.gather(*(one(*push) for push in pushes))
    return committed


def test_a_later_batch_whose_check_ends_first_commits_second() -> None:
    order = PushOrder()
    assert asyncio.run(_commit_order(order, [("a", 1, 0.05), ("a", 101, 0.0)])) == [
        ("a", 1), ("a", 101)]


def test_two_tills_do_not_wait_for_each_other() -> None:
    order = PushOrder()
    # Till b's quick batch commits while till a's slow check still runs, first pushes …
    assert asyncio.run(_commit_order(order, [("a", 1, 0.2), ("b", 1, 0.0)])) == [
        ("b", 1), ("a", 1)]
    # … and later ones, each following its own till's head.
    assert asyncio.run(_commit_order(order, [("a", 101, 0.2), ("b", 101, 0.0)])) == [
        ("b", 101), ("a", 101)]


def test_a_batch_beyond_the_known_head_waits_a_moment_for_the_one_before_it() -> None:
    order = PushOrder(grace=1.0)

    async def scene() -> list[int]:
        order.done("a", 100)  # the server holds 1–100
        committed: list[int] = []

        async def push(seq: int, delay: float) -> None:
            await asyncio.sleep(delay)  # the request arrives late
            async with order.ticket("a", seq) as ticket:
                await order.turn("a", ticket)
                committed.append(seq)
                order.done("a", seq + 99)

        await asyncio.gather(push(201, 0.0), push(101, 0.1))
        return committed

    assert asyncio.run(scene()) == [101, 201]


def test_batches_that_are_all_ahead_do_not_wait_for_each_other_forever() -> None:
    order = PushOrder(grace=0.05, limit=600.0)

    async def scene() -> list[tuple[str, int]]:
        order.done("a", 100)
        # 101–200 was lost on the way: both are beyond the head; the lower goes first
        # after the grace, then the other — each is refused seq_gap by the push. Were
        # they to wait for each other, only the 600 s limit would end it.
        return await asyncio.wait_for(
            _commit_order(order, [("a", 301, 0.0), ("a", 201, 0.0)]), 60)

    assert asyncio.run(scene()) == [("a", 201), ("a", 301)]


def test_a_malformed_batch_without_a_readable_seq_is_not_held_up() -> None:
    order = PushOrder()

    async def scene() -> None:
        async with order.ticket("a", None) as ticket:
            await asyncio.wait_for(order.turn("a", ticket), 1.0)

    asyncio.run(scene())


@pytest.mark.security
def test_tills_of_two_tenants_with_one_terminal_id_do_not_wait_for_each_other() -> None:
    """A till chooses its terminal id; another tenant's till may carry the same one. Its
    slow push in flight, or its head, must not hold this tenant's till up."""
    order = PushOrder(grace=600.0, limit=600.0)
    mine, theirs = (1, "0193a1b2-0000-7000-8000-000000000001"), \
        (2, "0193a1b2-0000-7000-8000-000000000001")

    async def scene() -> list[tuple[object, int]]:
        order.done(theirs, 10_000)  # their head is far beyond mine
        committed: list[tuple[object, int]] = []
        async with order.ticket(theirs, 1) as slow:  # and a push of theirs at seq 1 in flight
            for seq in (5, 2):  # mine: the head is 4 by my request's authentication
                async with order.ticket(mine, seq, head=seq - 1) as ticket:
                    await asyncio.wait_for(order.turn(mine, ticket), 60)
                    committed.append((mine, seq))
                    order.done(mine, seq + 10)
            assert order.in_flight(theirs) == 1 and slow.seq == 1
        return committed

    assert asyncio.run(scene()) == [(mine, 5), (mine, 2)]


# -- against the server, in-process (threads) --------------------------------------------


def _sell(t: ToyTerminal, sales: int) -> None:
    for n in range(sales):
        t.sell([("GH-0001", 1), (f"GH-00{20 + n % 10}", 1 + n % 3)])


def _push_as_a_till(t: ToyTerminal) -> None:
    """Push the outbox as a till does after a helper died: a 503 ``unavailable`` is sent
    again a moment later. (A push can still reach the dead helper before the executor's
    watcher has noticed its death — seen in CI on a busy machine — and gets that 503; the
    helper is replaced as it answers.)"""
    for _ in range(20):
        try:
            t.push(batch_size=100)
            return
        except ProtocolError as exc:
            if exc.status != 503 or exc.code != "unavailable":
                raise
            time.sleep(0.25)
    t.push(batch_size=100)


def test_two_batches_in_flight_arrive_once_in_order(world: World, till: TillFactory) -> None:
    t = till()
    _sell(t, 120)
    replies = t.push_pipelined(batch_size=20, depth=2)
    assert [r.status_code for r in replies] == [200] * 6
    assert t.acked == 120
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 120


def test_the_second_batch_arriving_first_waits_for_the_first(world: World, till: TillFactory,
                                                              live: LiveServer) -> None:
    t = till()
    _sell(t, 40)
    t.push_batch(t.pending()[:10])  # the server now knows where this till's chain ends
    first, second = t.pending()[:15], t.pending()[15:]
    replies: dict[str, httpx.Response] = {}
    late = threading.Thread(target=lambda: replies.update(second=t.push_batch(second)))
    late.start()
    # The first is sent only once the server holds the second (which then waits for it).
    order = live.app.state.pushes.order
    deadline = time.monotonic() + 30
    while order.in_flight((world.tenant_id, t.terminal_id)) == 0 and late.is_alive():
        assert time.monotonic() < deadline, "the second batch never reached the server"
        time.sleep(0.005)
    replies["first"] = t.push_batch(first)
    late.join(timeout=60)
    assert replies["first"].status_code == 200, replies["first"].text
    assert replies["second"].status_code == 200, replies["second"].text
    assert replies["second"].json()["stored_through"] == 40
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 40


# -- with helper processes (serve --push-processes 2), killed on purpose -----------------


@pytest.mark.fault
@pytest.mark.parametrize("database_url", [
    pytest.param("postgresql", id="pg", marks=pytest.mark.pg),
    pytest.param("mariadb", id="mysql", marks=pytest.mark.mysql),
], indirect=True)
def test_push_helpers_pipeline_survive_a_killed_helper_and_die_with_the_server(
        ctx: ServerContext, testdata: Path, tmp_path: Path) -> None:
    world = make_world(ctx, testdata)
    server = ServerProcess(ctx.engine.url.render_as_string(hide_password=False),
                           tmp_path / "server.log", args=("--push-processes", "2")).start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            t = ToyTerminal(http)
            t.enroll(world.code())
            t.pull()
            _sell(t, 300)
            helpers = server.helpers()
            assert len(helpers) == 2, helpers

            # Two in flight, through the helpers.
            replies = t.push_pipelined(batch_size=50, depth=2)
            assert {r.status_code for r in replies} == {200} and t.acked == 300

            # A helper killed while it merges: that push fails with 503 (retry), the
            # other helper carries on, a new helper takes the dead one's place.
            _sell(t, 200)
            outcome: list[httpx.Response | BaseException] = []

            def push() -> None:
                try:
                    outcome.append(t.push_batch(t.pending()))
                except BaseException as exc:
                    outcome.append(exc)

            sender = threading.Thread(target=push)
            sender.start()
            time.sleep(0.15)
            for pid in helpers:
                os.kill(pid, signal.SIGKILL)
            sender.join(timeout=60)
            assert len(outcome) == 1
            reply = outcome[0]
            assert isinstance(reply, httpx.Response), reply
            assert reply.status_code in (200, 503), reply.text
            if reply.status_code == 503:
                assert reply.json()["error"]["code"] == "unavailable"
            _push_as_a_till(t)  # the till sends again; new helpers answer
            # A dead helper is replaced when the next push picks a helper. On a busy
            # machine the push above may have finished before the kill landed, leaving
            # nothing to send again: one more sale makes sure a push comes after it.
            _sell(t, 1)
            _push_as_a_till(t)
            assert t.acked == 501
            # A spawned interpreter can take seconds to show up on a busy machine.
            deadline = time.monotonic() + 30
            while len(server.helpers()) != 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert len(server.helpers()) == 2, server.log.read_text()[-3000:]

            # The server killed outright: its helpers follow it.
            helpers = server.helpers()
            server.kill()
            deadline = time.monotonic() + 10
            while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not any(alive(pid) for pid in helpers), "push helpers outlived the server"
        books = check_books(ctx, world.tenant_id, [t])
        assert books.sales == 501
    finally:
        server.stop()
