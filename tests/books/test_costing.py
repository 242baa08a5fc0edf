"""Stock at moving average cost, through the real push path, against figures worked out
by hand (docs/costing.md). Every test ends with the valuation equal to account 1200."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from sync_server.costing.models import CostAverage
from sync_server.costing.services import set_valuation
from sync_server.ledger.models import Journal
from sync_server.sales.models import SaleItem
from sync_server.tenants.services import add_branch, add_user
from tests.books.stock import (
    adjust,
    balances,
    count,
    new_id,
    receive,
    transfer,
    valuation_total,
)
from tests.server import conftest as server
from tests.server.books import check_books
from tests.server.conftest import ADMIN, TillFactory, World

live, till = server.live, server.till  # the server suite's live server and toy tills

OIL = "GH-0001"  # Frytol oil: catalogue cost 27.56 a bottle, 12 a carton


def _stored(body: list[dict[str, Any]]) -> list[Any]:
    return [r["status"] for b in body for r in b["results"]]


def test_a_receipt_at_30_00_is_costed_at_30_00_not_the_catalogues_27_56(
        world: World, till: TillFactory) -> None:
    t = till()
    receive(t, OIL, "10", 3000)
    t.sell([(OIL, 2)])
    assert set(_stored(t.push())) == {"stored"}
    b = balances(world.ctx, world.tenant_id)
    assert b["5000"] == 6000  # 2 × 30.00, not 2 × 27.56
    assert b["1200"] == 24000 and valuation_total(world.ctx, world.tenant_id) == 24000
    with world.ctx.scope(world.tenant_id) as scope:
        item = scope.scalars(select(SaleItem))[0]
        assert (item.unit_cost, item.cost) == (3000, 6000)
    # Sold down to nothing: nothing is left in Inventory (the 29.28 that stayed for ever).
    t.sell([(OIL, 8)])
    t.push()
    assert balances(world.ctx, world.tenant_id)["1200"] == 0
    assert valuation_total(world.ctx, world.tenant_id) == 0
    check_books(world.ctx, world.tenant_id, [t])


def test_the_average_moves_with_each_receipt_and_the_last_unit_takes_the_remainder(
        world: World, till: TillFactory) -> None:
    t = till()
    receive(t, OIL, "2", 1000, document_no="DN-1")
    receive(t, OIL, "1", 1001, document_no="DN-2")  # 3 bottles worth 30.01
    for _ in range(3):
        t.sell([(OIL, 1)])
    t.push()
    with world.ctx.scope(world.tenant_id) as scope:
        costs = [i.cost for i in scope.scalars(select(SaleItem).order_by(SaleItem.sale_id))]
    assert sorted(costs) == [1000, 1000, 1001]  # 10.00 (10.003 rounded), 10.00, then 10.01
    assert balances(world.ctx, world.tenant_id)["5000"] == 3001
    assert valuation_total(world.ctx, world.tenant_id) == 0


def test_negative_stock_is_costed_at_the_catalogue_then_corrected_by_the_receipt(
        world: World, till: TillFactory) -> None:
    t = till()
    t.sell([(OIL, 2)])  # sold before the delivery was booked: 2 × 27.56
    t.push()
    b = balances(world.ctx, world.tenant_id)
    assert b["5000"] == 5512 and b["1200"] == -5512
    receive(t, OIL, "5", 3000)
    t.push()
    b = balances(world.ctx, world.tenant_id)
    # The two bottles really cost 2 × 30.00: a correction of 4.88 Dr 5000 / Cr 1200.
    assert b["5000"] == 6000
    assert b["1200"] == 9000 and valuation_total(world.ctx, world.tenant_id) == 9000
    with world.ctx.scope(world.tenant_id) as scope:
        fixes = scope.scalars(select(Journal).where(Journal.kind == "cost_correction"))
        assert [(j.total, j.reference, j.envelope_id) for j in fixes] == [(488, "DN-1", None)]
        row = scope.get(CostAverage, "*", OIL)
        assert row is not None and (row.qty_milli, row.value) == (3000, 9000)
    t.sell([(OIL, 1)])
    t.push()
    assert balances(world.ctx, world.tenant_id)["5000"] == 9000  # now at 30.00
    check_books(world.ctx, world.tenant_id, [t])


def test_negative_stock_after_a_receipt_is_costed_at_the_last_average(
        world: World, till: TillFactory) -> None:
    t = till()
    receive(t, OIL, "1", 3000)
    t.sell([(OIL, 3)])  # 1 at 30.00 on hand, 2 more at the last average 30.00
    receive(t, OIL, "1", 3300, document_no="DN-2")  # covers 1 of the 2: 3.00 more
    t.push()
    b = balances(world.ctx, world.tenant_id)
    assert b["5000"] == 9000 + 300
    assert b["1200"] == -3000 and valuation_total(world.ctx, world.tenant_id) == -3000


def test_refund_and_void_give_back_what_their_sale_took(world: World, till: TillFactory) -> None:
    t = till()
    receive(t, OIL, "4", 3000)
    sale = t.sell([(OIL, 2)])
    t.push()
    receive(t, OIL, "4", 3600, document_no="DN-2")  # average now (60.00 + 144.00) / 6 = 34.00
    t.refund(sale, [(1, "1")])  # one bottle back at the 30.00 its sale took
    t.push()
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(CostAverage, "*", OIL)
        assert row is not None and (row.qty_milli, row.value) == (7000, 20400 + 3000)
    other = t.sell([(OIL, 1)])  # 234.00 / 7 = 33.43
    t.void(other)
    t.push()
    b = balances(world.ctx, world.tenant_id)
    assert b["5000"] == 6000 - 3000
    assert b["1200"] == 23400 and valuation_total(world.ctx, world.tenant_id) == 23400
    check_books(world.ctx, world.tenant_id, [t])


def test_adjustments_and_counts_move_value_at_the_average_not_the_tills_unit_cost(
        world: World, till: TillFactory) -> None:
    t = till()
    receive(t, OIL, "10", 3000)
    adjust(t, OIL, "-1", unit_cost=1)  # the till says 0.01 a bottle: ignored
    count(t, OIL, "10", "9", unit_cost=99999)  # found one: at 30.00
    count(t, OIL, "7", "10")  # three missing: 90.00
    t.push()
    b = balances(world.ctx, world.tenant_id)
    assert b["5000"] == 3000 - 3000 + 9000
    assert b["1200"] == 21000 and valuation_total(world.ctx, world.tenant_id) == 21000
    check_books(world.ctx, world.tenant_id, [t])


def test_transfers_move_value_at_the_senders_average_when_valued_per_branch(
        world: World, till: TillFactory) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM", name="Tema")
        add_user(world.ctx, scope, ADMIN, email="esi@acme.test", name="Esi Mensah", role="user",
                 branch="TEM", pin="2468", password=None)
        set_valuation(world.ctx, scope, ADMIN, "branch")
    main, tema = till(), till("TEM", user="esi@acme.test")
    receive(main, OIL, "4", 3000)
    receive(tema, OIL, "1", 4000, document_no="DN-T")
    sent = new_id()
    transfer(main, "transfer_out", sent, OIL, "2", from_branch="MAIN", to_branch="TEM")
    main.push()
    transfer(tema, "transfer_in", sent, OIL, "1", from_branch="MAIN", to_branch="TEM",
             expected="2")  # one bottle short: a loss at Tema's average
    tema.sell([(OIL, 1)])
    tema.push()
    assert valuation_total(world.ctx, world.tenant_id, "MAIN") == 6000
    assert balances(world.ctx, world.tenant_id, "MAIN")["1200"] == 6000
    # Tema: 40.00 + 60.00 in transit = 100.00 for 3; short one at 33.33, sold one at 33.34
    tb = balances(world.ctx, world.tenant_id, "TEM")
    assert tb["1200"] == 3333 and valuation_total(world.ctx, world.tenant_id, "TEM") == 3333
    assert tb["5000"] == 3333 + 3334
    check_books(world.ctx, world.tenant_id, [main, tema])


def test_transfers_move_no_value_when_the_tenant_is_valued_as_a_whole(
        world: World, till: TillFactory) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM", name="Tema")
        add_user(world.ctx, scope, ADMIN, email="esi@acme.test", name="Esi Mensah", role="user",
                 branch="TEM", pin="2468", password=None)
    main, tema = till(), till("TEM", user="esi@acme.test")
    receive(main, OIL, "4", 3000)
    sent = new_id()
    transfer(main, "transfer_out", sent, OIL, "2", from_branch="MAIN", to_branch="TEM")
    main.push()
    transfer(tema, "transfer_in", sent, OIL, "2", from_branch="MAIN", to_branch="TEM",
             expected="2")
    tema.sell([(OIL, 1)])
    tema.push()
    assert balances(world.ctx, world.tenant_id)["1200"] == 9000
    assert valuation_total(world.ctx, world.tenant_id) == 9000
    assert valuation_total(world.ctx, world.tenant_id, "TEM") == -3000  # sold where not received
    assert valuation_total(world.ctx, world.tenant_id, "MAIN") == 12000


def test_post_unposted_posts_the_servers_costs_not_the_tills(
        world: World, till: TillFactory) -> None:
    from sync_server.ledger.chart import set_account_status
    from sync_server.ledger.services import post_unposted

    t = till()
    receive(t, OIL, "10", 3000)
    t.push()
    with world.ctx.scope(world.tenant_id) as scope:
        set_account_status(scope, "5000", active=False)
    sale = t.sell([(OIL, 2)])
    adjust(t, OIL, "-1", unit_cost=1)
    t.refund(sale, [(1, "1")])
    t.push()
    assert "5000" not in balances(world.ctx, world.tenant_id)  # waiting, with the error
    with world.ctx.scope(world.tenant_id) as scope:
        set_account_status(scope, "5000", active=True)
    assert post_unposted(world.ctx, world.tenant_id, ADMIN)["posted"] == 3
    b = balances(world.ctx, world.tenant_id)
    assert b["5000"] == 6000 + 3000 - 3000  # two sold, one lost, one back: at 30.00
    assert b["1200"] == 24000 and valuation_total(world.ctx, world.tenant_id) == 24000
    check_books(world.ctx, world.tenant_id, [t])


def test_two_tills_pushing_the_same_sku_at_once_queue_on_its_cost_row(
        world: World, till: TillFactory) -> None:
    import threading

    first, second = till(), till()
    receive(first, OIL, "30", 333)  # 30 bottles for 99.90: the average is 3.33 exactly
    receive(first, OIL, "1", 10, document_no="DN-2")  # 31 for 100.00: never a whole pesewa
    first.push()
    for t in (first, second):
        for _ in range(15):
            t.sell([(OIL, 1)])
    errors: list[BaseException] = []

    def push(t: Any) -> None:
        try:
            for body in t.push(batch_size=3):
                assert {r["status"] for r in body["results"]} == {"stored"}
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(t,)) for t in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(CostAverage, "*", OIL)
        assert row is not None and row.qty_milli == 1000
    b = balances(world.ctx, world.tenant_id)
    assert b["1200"] == row.value and b["5000"] == 10000 - row.value
    assert valuation_total(world.ctx, world.tenant_id) == row.value
    first.sell([(OIL, 1)])  # the last bottle takes what is left: nothing stays in Inventory
    first.push()
    assert balances(world.ctx, world.tenant_id)["1200"] == 0
    check_books(world.ctx, world.tenant_id, [first, second])


def test_start_averages_for_stock_from_before_average_costing(
        world: World, till: TillFactory, database_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import delete

    from sync_server.cli import main
    from sync_server.costing.models import CostMove

    t = till()
    receive(t, OIL, "10", 3000)
    t.sell([(OIL, 2)])
    t.sell([("GH-0002", 3)])  # negative stock
    t.push()
    with world.ctx.scope(world.tenant_id) as scope:  # as a server before migration 0011 left it
        scope.execute(delete(CostMove))
        scope.execute(delete(CostAverage))
        scope.flush()
    before = balances(world.ctx, world.tenant_id)["1200"]
    day = t.today()
    args = ["stock", "start-averages", "--db", database_url, "--tenant", world.domain,
            "--date", day, "--json"]
    assert main(args) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["value"] == 8 * 2756 - 3 * 316  # at the catalogue's cost prices
    b = balances(world.ctx, world.tenant_id)
    # 1200 stood at 300.00 − 60.00 − 9.48 = 230.52: 19.52 more goes to Cost of Goods Sold.
    assert before == 23052 and b["1200"] == done["value"] and b["5000"] == 6948 + 1952
    assert valuation_total(world.ctx, world.tenant_id) == done["value"]
    assert main(args) == 2  # once
    t.sell([(OIL, 1)])
    t.push()
    assert balances(world.ctx, world.tenant_id)["5000"] - b["5000"] == 2756
