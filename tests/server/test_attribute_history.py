"""Attribute history: head office's tax code, units (unit and factor) and weighed flag
are checked as prices are — against what was in force at the till's catalogue revision
(a sale of schema 2) or at the sale's own time (schema 1). A till that sold offline
before head office changed an attribute is right; a till that signs an attribute head
office never published, or had replaced before its revision, is held.

A toy till (tests/server/toy_terminal.py) signs the sales, as a modified till could.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared.money import Money, quantity
from shared.payloads import Sale, SaleTotals, Tender
from shared.pricing import price_lines
from shared.tax import TaxCode
from sync_server.catalogue.editing import save_product, set_unit
from sync_server.catalogue.models import AttributeHistory, Product
from tests.server.conftest import ADMIN, TillFactory, World
from tests.server.toy_terminal import ToyTerminal, skewed

OIL = "GH-0001"  # bottle at 38.00, carton of 12, tax code B, not weighed
RICE = "GH-0002"
TOMATOES = "GH-0039"  # weighed, by the kg, tax code A

PROPERTY = settings(max_examples=10, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _results(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r.get("reason_code")) for r in body["results"]]


def _edit(world: World, sku: str, **changes: Any) -> None:
    """Head office edits a product on the dashboard."""
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(Product, sku)
        assert row is not None
        fields: dict[str, Any] = {"sku": sku, "name": row.name, "unit": row.unit,
                                  "tax_code": row.tax_code, "cost_price": Money(row.cost_price),
                                  "weighed": row.weighed, "active": row.active}
        fields.update(changes)
        save_product(world.ctx, scope, ADMIN, **fields)


def _set_factor(world: World, sku: str, unit: str, factor: str) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        set_unit(world.ctx, scope, ADMIN, sku=sku, unit=unit, factor=factor)


def _regime(t: ToyTerminal) -> Any:
    return t.regime_on(t.today())


def _resigned(t: ToyTerminal, sale: Sale, **line_changes: Any) -> Sale:
    """``sale`` with its first line changed and every figure recomputed."""
    first = replace(sale.lines[0], **line_changes)
    lines = price_lines((first, *sale.lines[1:]), order_discount=sale.order_discount,
                        regime=_regime(t), inclusive=sale.inclusive)
    totals = SaleTotals.of_lines(lines)
    return replace(sale, lines=lines, totals=totals,
                   tenders=(Tender("cash", totals.gross, totals.gross),), change=Money.ZERO)


def _push(t: ToyTerminal, sale: Sale) -> tuple[str, str | None, str]:
    result = t.push_batch([t.seal("sale", sale.to_json())]).json()["results"][-1]
    return result["status"], result.get("reason_code"), result.get("reason", "")


def test_a_till_that_sold_offline_before_a_tax_code_change_is_right(
        world: World, till: TillFactory) -> None:
    offline = till()
    sold = offline.sell([(OIL, 1)])  # code B, as the till was given
    _edit(world, OIL, tax_code="A")
    late = offline.sell([(OIL, 1)])  # still code B: the till has not pulled
    assert _results(offline.push_batch([sold, late]).json()) == [("stored", None),
                                                                 ("stored", None)]
    # A till that pulled the change and still signs code B is held.
    fresh = till()
    assert fresh.products[OIL].tax_code == TaxCode("A")
    stale = _resigned(fresh, fresh.priced_sale([(OIL, 1)]), tax_code=TaxCode("B"))
    status, code, reason = _push(fresh, stale)
    assert (status, code) == ("held", "tax_code_mismatch")
    assert "code B" in reason and "tax code A" in reason and f"revision {fresh.cursor}" in reason
    # Once it pulls, the offline till sells under the new code.
    offline.pull()
    assert _results(offline.push_batch([offline.sell([(OIL, 1)])]).json()) == [("stored", None)]


def test_a_till_that_sold_offline_before_a_unit_factor_change_is_right(
        world: World, till: TillFactory) -> None:
    offline = till()
    carton = offline.sell([(OIL, 1)], unit="carton", price_list="wholesale")  # 12 bottles to the carton
    _set_factor(world, OIL, "carton", "24")
    assert _results(offline.push_batch([carton]).json()) == [("stored", None)]
    fresh = till()
    assert fresh.products[OIL].units["carton"] == Decimal(24)
    stale = _resigned(fresh, fresh.priced_sale([(OIL, 1)], unit="carton", price_list="wholesale"),
                      unit_factor=quantity("12"))
    status, code, reason = _push(fresh, stale)
    assert (status, code) == ("held", "unit_mismatch")
    assert "holds 24 bottle" in reason and "says 12" in reason


def test_a_till_that_sold_by_weight_before_the_product_stopped_being_weighed_is_right(
        world: World, till: TillFactory) -> None:
    _edit(world, RICE, weighed=True)
    offline = till()
    weighed = offline.sell([(RICE, "1.250")])
    _edit(world, RICE, weighed=False)
    assert _results(offline.push_batch([weighed]).json()) == [("stored", None)]
    fresh = till()
    status, code, _ = _push(fresh, fresh.priced_sale([(RICE, "1.250")]))
    assert (status, code) == ("held", "not_weighed")


def test_a_sale_of_schema_1_is_checked_against_the_tax_code_at_its_own_time(
        world: World, till: TillFactory) -> None:
    t = till()
    t.sale_schema = 1
    before = t.sell([(OIL, 1)])
    _edit(world, OIL, tax_code="A")
    t.clock = skewed(timedelta(minutes=1))
    late = t.sell([(OIL, 1)])  # code B a minute after head office made it A
    body = t.push_batch([before, late]).json()
    assert _results(body) == [("stored", None), ("held", "tax_code_mismatch")]


def test_history_keeps_each_change_with_its_feed_version_and_only_changes(
        world: World, till: TillFactory) -> None:
    t = till()
    first = int(t.cursor)
    _edit(world, OIL, tax_code="A")
    _edit(world, OIL, name="Cooking oil 1L (new label)")  # no attribute changed
    _set_factor(world, OIL, "carton", "24")
    with world.ctx.scope(world.tenant_id) as scope:
        rows = [(r.attribute, r.unit, r.version, r.value) for r in scope.scalars(
            select(AttributeHistory).where(AttributeHistory.sku == OIL)
            .order_by(AttributeHistory.version, AttributeHistory.attribute,
                      AttributeHistory.unit))]
    old = [r for r in rows if r[2] <= first]
    new = [r for r in rows if r[2] > first]
    assert ("tax_code", "", "B") in [(a, u, v) for a, u, _, v in old]
    assert [(a, u, v) for a, u, _, v in new] == [("tax_code", "", "A"),
                                                 ("unit", "carton", "24.000")]
    changes = {(c["entity"], c["key"]): c["version"] for c in t.pull()}
    assert changes[("unit", f"{OIL}|carton")] == new[1][2]


# -- properties ------------------------------------------------------------------------

_CODES = ("A", "B", "D")
_STEPS = st.lists(st.one_of(
    st.tuples(st.just("sell"), st.sampled_from(["1", "2"])),
    st.tuples(st.just("tax"), st.sampled_from(_CODES)),
    st.tuples(st.just("factor"), st.sampled_from(["6", "12", "24"])),
    st.tuples(st.just("pull"), st.just(""))), min_size=1, max_size=7)


@PROPERTY
@given(steps=_STEPS)
def test_every_honest_sale_is_stored_across_attribute_changes(
        world: World, till: TillFactory, steps: list[tuple[str, str]]) -> None:
    t = _shared_till(world, till)
    t.pull()
    made = []
    for kind, value in steps:
        if kind == "sell":
            made.append(t.sell([(OIL, value)]))
            made.append(t.sell([(OIL, 1)], unit="carton", price_list="wholesale"))
        elif kind == "tax":
            _edit(world, OIL, tax_code=value)
        elif kind == "factor":
            _set_factor(world, OIL, "carton", value)
        else:
            t.pull()
    body = t.push_batch(made).json() if made else {"results": []}
    assert {r["status"] for r in body["results"]} <= {"stored"}, body["results"]


@PROPERTY
@given(steps=_STEPS, tamper=st.sampled_from(["tax", "factor"]))
def test_a_tampered_sale_is_held_across_attribute_changes(
        world: World, till: TillFactory, steps: list[tuple[str, str]], tamper: str) -> None:
    """Whatever head office changed before, a line whose attribute head office never
    published for the product is held."""
    t = _shared_till(world, till)
    for kind, value in steps:
        if kind == "tax":
            _edit(world, OIL, tax_code=value)
        elif kind == "factor":
            _set_factor(world, OIL, "carton", value)
    t.pull()
    if tamper == "tax":
        # Code C was never OIL's (the steps use A, B and D).
        changed = _resigned(t, t.priced_sale([(OIL, 1)]), tax_code=TaxCode("C"))
        expected = "tax_code_mismatch"
    else:
        changed = _resigned(t, t.priced_sale([(OIL, 1)], unit="carton", price_list="wholesale"),
                            unit_factor=quantity("7"))
        expected = "unit_mismatch"
    status, code, _ = _push(t, changed)
    assert (status, code) == ("held", expected)


_TILLS: dict[int, ToyTerminal] = {}


def _shared_till(world: World, till: TillFactory) -> ToyTerminal:
    key = id(world)
    if key not in _TILLS:
        _TILLS.clear()
        _TILLS[key] = till()
    return _TILLS[key]


def test_the_migration_keeps_each_products_current_attributes_as_known_since_ever(
        world: World) -> None:
    """0016 on a database with a catalogue: each product's tax code, base unit and
    weighed flag and each unit's factor, at version 0 (what every till may have had)."""
    from alembic import command

    from sync_server.db.migrate import alembic_config, upgrade

    engine = world.ctx.engine
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0015")  # the migration before this one
    upgrade(engine)
    with world.ctx.scope(world.tenant_id) as scope:
        rows = {(r.sku, r.attribute, r.unit): (r.version, r.value) for r in scope.scalars(
            select(AttributeHistory).where(AttributeHistory.sku.in_([OIL, TOMATOES])))}
    assert rows == {(OIL, "tax_code", ""): (0, "B"), (OIL, "base_unit", ""): (0, "bottle"),
                    (OIL, "weighed", ""): (0, "0"), (OIL, "unit", "bottle"): (0, "1.000"),
                    (OIL, "unit", "carton"): (0, "12.000"),
                    (TOMATOES, "tax_code", ""): (0, "A"), (TOMATOES, "base_unit", ""): (0, "kg"),
                    (TOMATOES, "weighed", ""): (0, "1"), (TOMATOES, "unit", "kg"): (0, "1.000")}
