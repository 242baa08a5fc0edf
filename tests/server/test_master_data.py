"""Master data is the server's, not the till's: a signed sale whose lines differ from
what head office published to that till (price at its catalogue revision, tax code,
unit and factor, weighed or not, price list, the seller, an override's approval) is
held naming the line and both figures; every honest sale — a till that sold offline at
yesterday's price with yesterday's revision too — is stored. The cost of goods sold
stored and posted is the server's own.

A toy till (tests/server/toy_terminal.py) signs the sales, as a modified till could:
every figure in them recomputes, only the master data is wrong.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared.accounts import COST_OF_SALES
from shared.money import Money, quantity
from shared.payloads import Approval, Sale, SaleTotals, Tender
from shared.pricing import price_lines
from shared.returns import Returned
from shared.tax import TaxCode
from sync_server.catalogue.editing import set_price
from sync_server.catalogue.models import PriceHistory, Product
from sync_server.ledger.models import Posting
from sync_server.sales.models import ReturnItem, SaleItem
from sync_server.tenants.services import add_branch, add_user
from sync_server.tenants.user_admin import update_user
from tests.server.conftest import ADMIN, TillFactory, World
from tests.server.toy_terminal import ToyTerminal, skewed

OIL = "GH-0001"  # bottle at 38.00, carton of 12 at 419.52, tax code B, not weighed
TOMATOES = "GH-0039"  # weighed, by the kg at 25.00, tax code A

PROPERTY = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _results(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r.get("reason_code")) for r in body["results"]]


def _push_one(t: ToyTerminal, payload: dict[str, Any], **seal: Any) -> dict[str, Any]:
    envelope = t.seal("sale", payload, **seal)
    result: dict[str, Any] = t.push_batch([envelope]).json()["results"][-1]
    return result


def _repriced(sale: Sale, **line_changes: Any) -> Sale:
    """``sale`` with its first line changed and every figure recomputed, as a modified
    till would sign it."""
    first = replace(sale.lines[0], **line_changes)
    regime_lines = price_lines((first, *sale.lines[1:]), order_discount=sale.order_discount,
                               regime=_REGIMES[sale.regime], inclusive=sale.inclusive)
    totals = SaleTotals.of_lines(regime_lines)
    return replace(sale, lines=regime_lines, totals=totals,
                   tenders=(Tender("cash", totals.gross, totals.gross),), change=Money.ZERO)


_REGIMES: dict[str, Any] = {}


def _sale(t: ToyTerminal, items: list[tuple[str, str | int]], **kwargs: Any) -> Sale:
    sale = t.priced_sale(items, **kwargs)
    _REGIMES[sale.regime] = t.regime_on(t.today())
    return sale


def _set_price(world: World, sku: str, unit: str, price: Money, price_list: str = "retail") -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        set_price(world.ctx, scope, ADMIN, price_list=price_list, sku=sku, unit=unit, price=price)


# -- what is held ----------------------------------------------------------------------


def test_each_kind_of_difference_is_held_naming_the_line_and_both_figures(
        world: World, till: TillFactory) -> None:
    t = till()
    sale = _sale(t, [(OIL, 2)])
    cases = [
        (_repriced(sale, unit_price=Money(100)), "price_mismatch", ("GH₵ 1.00", "GH₵ 38.00")),
        (_repriced(sale, tax_code=TaxCode("A")), "tax_code_mismatch", ("code A", "tax code B")),
        (_repriced(sale, unit_factor=Decimal("0.001")), "unit_mismatch", ("holds 1 bottle",
                                                                          "says 0.001")),
        (_repriced(sale, unit="crate"), "unit_mismatch", ("crate", "bottle, carton")),
        (_repriced(sale, qty=quantity("1.234")), "not_weighed", ("1.234 bottle",
                                                                 "whole units")),
        (_repriced(sale, unit_price=Money(100), price_override=True), "unapproved_override",
         ("GH₵ 1.00",)),
        (replace(sale, price_list="staff"), "unknown_price_list", ("staff",)),
        (replace(sale, inclusive=False), "price_list_mismatch", ("including tax",)),
    ]
    for changed, code, words in cases:
        result = _push_one(t, changed.to_json())
        assert (result["status"], result.get("reason_code")) == ("held", code), result
        assert "Line 1 (GH-0001)" in result["reason"] or code in ("unknown_price_list",
                                                                  "price_list_mismatch")
        for word in words:
            assert word in result["reason"], (code, result["reason"])
    # The honest sale, after all of them, is stored.
    assert _push_one(t, sale.to_json())["status"] == "stored"


def test_the_seller_must_be_an_active_user_allowed_at_the_branch(world: World,
                                                                 till: TillFactory) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM", name="Tema Branch")
        add_user(world.ctx, scope, ADMIN, email="esi@acme.test", name="Esi Tema", role="user",
                 branch="TEM", pin="2468", password=None)
        add_user(world.ctx, scope, ADMIN, email="yaw@acme.test", name="Yaw Gone", role="user",
                 branch="MAIN", pin="8642", password=None)
    t = till()
    sale = _sale(t, [(OIL, 1)]).to_json()
    stranger = _push_one(t, sale, user="nobody@acme.test")
    assert (stranger["status"], stranger["reason_code"]) == ("held", "unknown_user")
    elsewhere = _push_one(t, sale, user="esi@acme.test")
    assert (elsewhere["status"], elsewhere["reason_code"]) == ("held", "user_not_allowed")
    assert "branch TEM" in elsewhere["reason"]
    # Deactivated: sales the till made before are still stored, later ones held.
    before = t.seal("sale", sale, user="yaw@acme.test")
    with world.ctx.scope(world.tenant_id) as scope:
        update_user(world.ctx, scope, ADMIN, email="yaw@acme.test", active=False)
    t.clock = skewed(timedelta(minutes=5))
    after = t.seal("sale", sale, user="yaw@acme.test")
    body = t.push_batch([before, after]).json()
    assert _results(body)[-2:] == [("stored", None), ("held", "user_not_allowed")]


def test_a_price_override_needs_a_manager_allowed_to_approve_it(world: World,
                                                                till: TillFactory) -> None:
    t = till()
    sale = _sale(t, [(OIL, 1)])
    cheap = _repriced(sale, unit_price=Money(3000), price_override=True)
    by_cashier = replace(cheap, approvals=(Approval("price_override", "ama@acme.test"),))
    wrong_action = replace(cheap, approvals=(Approval("discount", "manager@acme.test"),))
    approved = replace(cheap, approvals=(Approval("price_override", "manager@acme.test",
                                                  "dented bottle"),))
    assert _push_one(t, by_cashier.to_json())["reason_code"] == "unapproved_override"
    assert _push_one(t, wrong_action.to_json())["reason_code"] == "unapproved_override"
    assert _push_one(t, approved.to_json())["status"] == "stored"
    # A manager selling may change a price without anyone's approval.
    by_manager = replace(cheap, receipt_no=cheap.receipt_no + "-2")
    assert _push_one(t, by_manager.to_json(), user="manager@acme.test")["status"] == "stored"


# -- what is stored --------------------------------------------------------------------


def test_prices_the_till_derives_are_accepted_as_the_till_derives_them(
        world: World, till: TillFactory) -> None:
    """A carton on the retail list (which prices only bottles) is twelve bottles; a
    bottle on the wholesale list (which prices only cartons) is the shelf price."""
    t = till()
    bottle = _sale(t, [(OIL, 1)])
    carton = _repriced(bottle, unit="carton", unit_factor=quantity("12"),
                       unit_price=Money(3800).times(Decimal(12)))
    assert _push_one(t, carton.to_json())["status"] == "stored"
    wholesale = replace(_sale(t, [(OIL, 1)]), price_list="wholesale")
    assert _push_one(t, wholesale.to_json())["status"] == "stored"
    # The wholesale carton price is what a carton costs on the wholesale list, not 12
    # bottles at the shelf price.
    dear = _repriced(replace(_sale(t, [(OIL, 1)]), price_list="wholesale"), unit="carton",
                     unit_factor=quantity("12"), unit_price=Money(3800).times(Decimal(12)))
    held = _push_one(t, dear.to_json())
    assert (held["status"], held["reason_code"]) == ("held", "price_mismatch")
    assert "GH₵ 419.52" in held["reason"]


def test_a_till_that_sold_offline_across_a_price_change_is_right_and_a_newer_till_is_not(
        world: World, till: TillFactory) -> None:
    offline = till()
    _set_price(world, OIL, "bottle", Money(3900))
    fresh = till()  # pulled after the change
    old_price = offline.products[OIL].prices[("retail", "bottle")]
    assert old_price == Money(3800) and fresh.products[OIL].prices[("retail", "bottle")] == Money(3900)
    assert _results(offline.push_batch([offline.sell([(OIL, 1)])]).json()) == [("stored", None)]
    # The fresh till's revision is after the change: 38.00 was no longer its price.
    stale = _repriced(_sale(fresh, [(OIL, 1)]), unit_price=old_price)
    result = _push_one(fresh, stale.to_json())
    assert (result["status"], result["reason_code"]) == ("held", "price_mismatch")
    assert "GH₵ 38.00" in result["reason"] and "GH₵ 39.00" in result["reason"]
    assert f"revision {fresh.cursor}" in result["reason"]
    # Once it pulls, the offline till sells at the new price.
    offline.pull()
    assert _results(offline.push_batch([offline.sell([(OIL, 1)])]).json()) == [("stored", None)]


def test_one_batch_checks_the_same_line_at_each_revision_it_was_signed_at(
        world: World, till: TillFactory) -> None:
    # A batch remembers what the catalogue allows for a line's figures (``Batch.
    # line_checks``): the revision the till signed is part of what it remembers by.
    t = till()
    first = t.sell([(OIL, 1)])  # 38.00, at the till's revision
    _set_price(world, OIL, "bottle", Money(3900))
    t.pull()
    stale = _repriced(_sale(t, [(OIL, 1)]), unit_price=Money(3800))  # same line, newer revision
    body = t.push_batch([first, t.seal("sale", stale.to_json())]).json()
    assert _results(body) == [("stored", None), ("held", "price_mismatch")]


def test_a_sale_of_schema_1_is_checked_against_the_price_at_its_own_time(
        world: World, till: TillFactory) -> None:
    t = till()
    t.sale_schema = 1
    before = t.sell([(OIL, 1)])  # at 38.00, before the change
    assert before.schema == 1 and "catalogue_rev" not in before.payload
    _set_price(world, OIL, "bottle", Money(3900))
    t.clock = skewed(timedelta(minutes=1))
    late = t.sell([(OIL, 1)])  # still 38.00 (the till did not pull), a minute after it
    body = t.push_batch([before, late]).json()
    assert _results(body) == [("stored", None), ("held", "price_mismatch")]


def test_the_cost_of_goods_sold_is_the_servers(world: World, till: TillFactory) -> None:
    t = till()
    sale = _sale(t, [(OIL, 2), ("GH-0002", 1)])
    # A till that says oil costs a pesewa: its sale is consistent, and stored, but at the
    # server's cost (27.56 a bottle).
    cheap = _repriced(sale, unit_cost=Money(1))
    assert cheap.lines[0].cost == Money(2)
    stored = _push_one(t, cheap.to_json())
    assert stored["status"] == "stored"
    with world.ctx.scope(world.tenant_id) as scope:
        items = {i.line_no: (i.unit_cost, i.cost) for i in scope.scalars(
            select(SaleItem).where(SaleItem.sale_id == stored["id"]))}
        cogs = sum(p.debit for p in scope.scalars(
            select(Posting).where(Posting.account_code == COST_OF_SALES)))
    assert items[1] == (2756, 5512)
    assert cogs == 5512 + 316


def test_a_refund_gives_back_the_servers_cost_and_needs_a_user_of_the_branch(
        world: World, till: TillFactory) -> None:
    t = till()
    sale = _repriced(_sale(t, [(OIL, 2)]), unit_cost=Money(1))
    sold = t.seal("sale", sale.to_json())
    # The till's refund gives back its own cost (a pesewa); the server gives back half of
    # the 55.12 it stored for the sale.
    refund = t.refund(sold, [(1, "1")])
    body = t.push_batch([sold, refund]).json()
    assert _results(body) == [("stored", None), ("stored", None)]
    with world.ctx.scope(world.tenant_id) as scope:
        returned = scope.scalars(select(ReturnItem).where(ReturnItem.return_id == refund.id))
        given_back = scope.scalars(select(Posting.credit).where(
            Posting.account_code == COST_OF_SALES, Posting.credit > 0))
    assert [r.cost for r in returned] == [2756]
    assert list(given_back) == [2756]
    # A refund rung up by someone the server does not know is held.
    t.user = "nobody@acme.test"
    stranger = t.refund(sold, [(1, "1")], already={1: _returned(refund)})
    result = t.push_batch([stranger]).json()["results"][-1]
    assert (result["status"], result["reason_code"]) == ("held", "unknown_user")


def _returned(refund: Any) -> Returned:
    line = refund.typed_payload().lines[0]
    return Returned().plus(line)


# -- properties ------------------------------------------------------------------------


_TAMPERS = st.sampled_from(["price", "tax_code", "unit", "factor", "qty", "price_list",
                            "override", "user"])


@PROPERTY
@given(tamper=_TAMPERS, sku=st.sampled_from([OIL, "GH-0002", "GH-0005", TOMATOES]),
       qty=st.integers(1, 5), delta=st.integers(1, 500))
def test_any_sale_that_differs_from_the_published_master_data_is_held(
        world: World, till: TillFactory, tamper: str, sku: str, qty: int, delta: int) -> None:
    t = _shared_till(world, till)
    sale = _sale(t, [(sku, qty)])
    line = sale.lines[0]
    user = None
    expected = {"price": "price_mismatch", "tax_code": "tax_code_mismatch",
                "unit": "unit_mismatch", "factor": "unit_mismatch", "qty": "not_weighed",
                "price_list": "unknown_price_list", "override": "unapproved_override",
                "user": "unknown_user"}[tamper]
    if tamper == "price":
        changed = _repriced(sale, unit_price=line.unit_price + Money(delta))
    elif tamper == "tax_code":
        other = next(c for c in (TaxCode("A"), TaxCode("B"), TaxCode("D")) if c != line.tax_code)
        changed = _repriced(sale, tax_code=other)
    elif tamper == "unit":
        changed = _repriced(sale, unit="sack")
    elif tamper == "factor":
        changed = _repriced(sale, unit_factor=line.unit_factor + quantity(f"0.{delta:03d}"))
    elif tamper == "qty":
        weighed = sku == TOMATOES
        changed = _repriced(sale, qty=line.qty + quantity(f"0.{delta:03d}"))
        if weighed:  # a weighed product may be sold by the gram: change its price instead
            changed = _repriced(sale, qty=line.qty + quantity(f"0.{delta:03d}"),
                                unit_price=line.unit_price + Money(delta))
            expected = "price_mismatch"
    elif tamper == "price_list":
        changed = replace(sale, price_list="staff")
    elif tamper == "override":
        changed = _repriced(sale, unit_price=line.unit_price - Money(min(delta, 99)),
                            price_override=True)
    else:
        changed, user = sale, "stranger@acme.test"
    result = _push_one(t, changed.to_json(), **({"user": user} if user else {}))
    assert (result["status"], result.get("reason_code")) == ("held", expected), result


_STEPS = st.lists(st.one_of(
    st.tuples(st.just("sell"), st.sampled_from([OIL, "GH-0002", "GH-0005", TOMATOES]),
              st.sampled_from(["1", "2", "3"])),
    st.tuples(st.just("price"), st.sampled_from([OIL, "GH-0002", TOMATOES]),
              st.integers(100, 20_000)),
    st.tuples(st.just("pull"), st.just(""), st.just(""))), min_size=1, max_size=8)


@PROPERTY
@given(steps=_STEPS, schema=st.sampled_from([1, 2]))
def test_every_honest_till_sale_is_stored_across_price_changes(
        world: World, till: TillFactory, steps: list[tuple[str, str, Any]], schema: int) -> None:
    """A till of schema 2 names its revision, so it may sell at yesterday's prices for as
    long as it is offline. A sale of schema 1 names none and is checked against the
    price in force when it was made: that till is right as long as it pulls the change
    before it sells (an online till; one that sold offline across the change is held,
    which is the price of not knowing its revision)."""
    t = _shared_till(world, till)
    t.sale_schema = schema
    made = []
    for kind, sku, value in steps:
        if kind == "sell":
            qty = f"{value}.250" if sku == TOMATOES else value
            made.append(t.sell([(sku, qty)]))
        elif kind == "price":
            _set_price(world, sku, _base_unit(world, sku), Money(value))
            if schema == 1:
                t.pull()
        else:
            t.pull()
    made.append(t.sell([(OIL, 1)]))
    body = t.push_batch(made).json()
    assert {r["status"] for r in body["results"]} == {"stored"}, body["results"]


_TILLS: dict[int, ToyTerminal] = {}


def _shared_till(world: World, till: TillFactory) -> ToyTerminal:
    """One till per world for all the examples of a property (a fresh world is a fresh
    database: enrolling a till per example would only cost time)."""
    key = id(world)
    if key not in _TILLS:
        _TILLS.clear()
        _TILLS[key] = till()
    return _TILLS[key]


def _base_unit(world: World, sku: str) -> str:
    with world.ctx.scope(world.tenant_id) as scope:
        product = scope.get(Product, sku)
        assert product is not None
        return product.unit


def test_price_history_keeps_every_published_price_with_its_feed_version(
        world: World, till: TillFactory) -> None:
    t = till()
    first = int(t.cursor)
    _set_price(world, OIL, "bottle", Money(3900))
    _set_price(world, OIL, "bottle", Money(4000))
    with world.ctx.scope(world.tenant_id) as scope:
        rows = [(r.version, r.price) for r in scope.scalars(
            select(PriceHistory).where(PriceHistory.sku == OIL, PriceHistory.unit == "bottle",
                                       PriceHistory.price_list == "retail")
            .order_by(PriceHistory.version))]
    assert [p for _, p in rows] == [3800, 3900, 4000]
    assert rows[0][0] <= first < rows[1][0] < rows[2][0]
    changes = {c["key"]: c["version"] for c in t.pull() if c["entity"] == "price"}
    assert changes[f"retail|{OIL}|bottle"] == rows[2][0]


def test_checking_master_data_costs_no_query_per_sale(world: World, till: TillFactory) -> None:
    """Users, price lists, units and price history are loaded once per push: a push of
    many sales makes as many statements as a push of a few."""
    from sqlalchemy import event

    t = till()
    skus = [OIL, "GH-0002", "GH-0005", TOMATOES, "GH-0004", "GH-0006"]
    t.push_batch([t.sell([(OIL, 1)])])  # the month's period and the stock rows exist now
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    def push(sales: int) -> int:
        batch = [t.sell([(skus[n % len(skus)], 1), (skus[(n + 1) % len(skus)], 2)])
                 for n in range(sales)]
        statements.clear()
        event.listen(world.ctx.engine, "before_cursor_execute", count)
        try:
            body = t.push_batch(batch).json()
        finally:
            event.remove(world.ctx.engine, "before_cursor_execute", count)
        assert {r["status"] for r in body["results"]} == {"stored"}
        return len(statements)

    # (A few statements differ with what already exists, new stock rows for instance;
    # a query per sale would be 54 more.)
    few, many = push(6), push(60)
    assert many <= few + 5, (few, many)
