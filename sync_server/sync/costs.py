"""The cost of goods sold a push stores and posts: the server's own figure, never the
till's. A line costs the product's cost price (per base unit) × the base units in the
sold unit, rounded to the pesewa, × the quantity — the figures a till computes from
the same catalogue, so an honest sale usually keeps its own and its journal, computed
before the transaction (``sync.prepare``), stands. The till's figures stay in the
envelope it signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from shared.money import Money, total
from shared.payloads import Sale, SaleLine


def _with_lines(sale: Sale, lines: list[SaleLine]) -> Sale:
    if all(a is b for a, b in zip(lines, sale.lines, strict=True)):
        return sale
    costed = tuple(lines)
    return replace(sale, lines=costed,
                   totals=replace(sale.totals, cost=total([ln.cost for ln in costed])))


def server_cost(cost_prices: Mapping[str, int], sale: Sale) -> Sale:
    """``sale`` with the server's cost of goods sold (``cost_prices``: SKU → pesewas per
    base unit); the very same object when the till's figures agree."""
    lines = []
    for ln in sale.lines:
        unit_cost = Money(cost_prices[ln.sku]).times(ln.unit_factor)
        cost = unit_cost.times(ln.qty)
        lines.append(ln if (unit_cost, cost) == (ln.unit_cost, ln.cost)
                     else replace(ln, unit_cost=unit_cost, cost=cost))
    return _with_lines(sale, lines)


def with_costs(sale: Sale, costs: Mapping[int, tuple[int, int]]) -> Sale:
    """A stored sale with the costs its ``sale_items`` rows hold (line → unit cost,
    cost): what a refund or void of it gives back. A sale stored before the server
    costed sales holds the till's."""
    lines = []
    for ln in sale.lines:
        stored = costs.get(ln.line_no)
        lines.append(ln if stored is None or stored == (ln.unit_cost.pesewas, ln.cost.pesewas)
                     else replace(ln, unit_cost=Money(stored[0]), cost=Money(stored[1])))
    return _with_lines(sale, lines)


__all__ = ["server_cost", "with_costs"]
