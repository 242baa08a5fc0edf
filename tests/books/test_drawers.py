"""Drawer reconciliation on every database: a real till opens a shift with a float, sells
for cash, moves cash in and out, counts and closes; the books' figure for the drawer
(from the ledger) equals the till's expected cash, the shortage is the over/short
posted — and a till that claims more than the ledger holds is flagged."""

from __future__ import annotations

from typing import Any

from sync_server.books.drawers import drawers
from tests.server import conftest as server_suite
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ToyTerminal

live = server_suite.live  # the server suite's fixtures, reused
till = server_suite.till


def close(t: ToyTerminal, *, cash_sales: int, cash_in: int, cash_out: int,
          short: int) -> dict[str, Any]:
    expected = 10_000 + cash_sales + cash_in - cash_out
    counted = expected - short
    return {"shift_id": t.shift_id, "opening_float": 10_000, "cash_sales": cash_sales,
            "cash_refunds": 0, "cash_in": cash_in, "cash_out": cash_out, "cash_payments": 0,
            "expected": expected, "counts": [], "counted": counted, "variance": -short,
            "blind": False, "sales_count": 1, "sales_gross": cash_sales, "approvals": []}


def move(t: ToyTerminal, purpose: str, amount: int) -> None:
    t.seal("cash_move", {"shift_id": t.shift_id, "purpose": purpose, "amount": amount,
                         "reason": purpose.replace("_", " "), "approvals": []})


def test_the_books_figure_for_a_drawer_matches_the_till_or_is_flagged(
        world: World, till: TillFactory) -> None:
    t = till()
    t.seal("shift_open", {"shift_id": t.shift_id, "opening_float": 10_000})
    sale = t.sell([("GH-0001", 2)]).typed_payload()
    gross = sale.totals.gross.pesewas
    move(t, "float_in", 5_000)  # from the safe: no journal, still cash on hand
    move(t, "paid_out", 1_500)  # 6000 / 1000
    t.seal("shift_close", close(t, cash_sales=gross, cash_in=5_000, cash_out=1_500, short=200))
    t.push()
    with world.ctx.scope(world.tenant_id) as scope:
        [drawer] = drawers(scope)
    assert drawer.opening_float.pesewas == 10_000
    assert drawer.books_cash.pesewas == gross - 1_500
    assert drawer.float_moves.pesewas == 5_000
    assert drawer.books_expected.pesewas == drawer.till_expected.pesewas == (
        10_000 + gross + 5_000 - 1_500)
    assert (drawer.counted.pesewas, drawer.variance.pesewas) == (
        drawer.till_expected.pesewas - 200, -200)
    assert drawer.over_short_posted.pesewas == -200 and not drawer.flagged

    # The next shift's till claims 20.00 of cash sales the ledger never saw.
    t.shift_id = t.seal("shift_open", {"shift_id": "0192f000-0000-7000-8000-000000000001",
                                       "opening_float": 10_000}).typed_payload().shift_id
    t.seal("shift_close", close(t, cash_sales=2_000, cash_in=0, cash_out=0, short=0))
    t.push()
    with world.ctx.scope(world.tenant_id) as scope:
        found = {d.shift_id: d for d in drawers(scope, branch="MAIN")}
    second = found["0192f000-0000-7000-8000-000000000001"]
    assert second.books_cash.pesewas == 0
    assert second.difference.pesewas == 2_000 and second.flagged
    assert second.to_json()["difference"] == "20.00"
