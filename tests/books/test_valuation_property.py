"""Property: after any sequence of receipts, sales, refunds, voids, adjustments, counts
and transfers — pushed through the real push path by toy tills — the stock valuation
equals account 1200 Inventory to the pesewa, in total and per branch, whichever way the
tenant values its stock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync_server.costing.services import set_valuation
from sync_server.tenants.services import add_branch, add_user
from tests.books.stock import adjust, balances, count, new_id, receive, transfer, valuation_total
from tests.server import conftest as server
from tests.server.conftest import ADMIN, TillFactory, World

live, till = server.live, server.till

SKUS = ("GH-0001", "GH-0002", "GH-0004")

op = st.one_of(
    st.tuples(st.just("receive"), st.sampled_from(SKUS), st.integers(1, 6),
              st.integers(1, 5000)),
    st.tuples(st.just("sell"), st.sampled_from(SKUS), st.integers(1, 4)),
    st.tuples(st.just("refund"), st.integers(0, 50)),
    st.tuples(st.just("void"), st.integers(0, 50)),
    st.tuples(st.just("adjust"), st.sampled_from(SKUS), st.sampled_from([-2, -1, 1, 3])),
    st.tuples(st.just("count"), st.sampled_from(SKUS), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("transfer"), st.sampled_from(SKUS), st.integers(1, 3), st.integers(0, 3)),
)


@dataclass
class Shop:
    main: Any
    tema: Any
    sales: list[Any] = field(default_factory=list)  # sales neither refunded nor voided
    documents: int = 0


def _play(shop: Shop, ops: list[tuple[Any, ...]]) -> None:
    for step in ops:
        kind = step[0]
        if kind == "receive":
            shop.documents += 1
            receive(shop.main, step[1], str(step[2]), step[3], document_no=f"DN-{shop.documents}")
        elif kind == "sell":
            shop.sales.append(shop.main.sell([(step[1], step[2])]))
        elif kind in ("refund", "void") and shop.sales:
            sale = shop.sales.pop(step[1] % len(shop.sales))
            if kind == "refund":
                shop.main.refund(sale, [(1, "1")])
            else:
                shop.main.void(sale)
        elif kind == "adjust":
            adjust(shop.main, step[1], str(step[2]))
        elif kind == "count":
            count(shop.main, step[1], str(step[2]), str(step[3]))
        elif kind == "transfer":
            sent, arrived = step[2], min(step[3], step[2])
            transfer_id = new_id()
            transfer(shop.main, "transfer_out", transfer_id, step[1], str(sent),
                     from_branch="MAIN", to_branch="TEM")
            transfer(shop.tema, "transfer_in", transfer_id, step[1], str(arrived),
                     from_branch="MAIN", to_branch="TEM", expected=str(sent))
    for t in (shop.main, shop.tema):
        for body in t.push():
            held = [r for r in body["results"] if r["status"] != "stored"]
            assert not held, held


def _check(world: World) -> None:
    total = valuation_total(world.ctx, world.tenant_id)
    assert total == balances(world.ctx, world.tenant_id).get("1200", 0)
    for branch in ("MAIN", "TEM"):
        assert valuation_total(world.ctx, world.tenant_id, branch) == \
            balances(world.ctx, world.tenant_id, branch).get("1200", 0)


@pytest.mark.parametrize("valuation", ["tenant", "branch"])
def test_valuation_equals_inventory_after_any_sequence(
        world: World, till: TillFactory, valuation: str, request: pytest.FixtureRequest) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM", name="Tema")
        add_user(world.ctx, scope, ADMIN, email="esi@acme.test", name="Esi Mensah", role="user",
                 branch="TEM", pin="2468", password=None)
        set_valuation(world.ctx, scope, ADMIN, valuation)
    shop = Shop(till(), till("TEM", user="esi@acme.test"))
    examples = 40 if "sqlite" in request.node.name else 8

    # One tenant for every example: each sequence carries on from the last, so the
    # property is checked on ever longer histories (negative stock, corrections …).
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.lists(op, min_size=1, max_size=8))
    def run(ops: list[tuple[Any, ...]]) -> None:
        _play(shop, ops)
        _check(world)

    run()
