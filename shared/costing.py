"""Moving average cost: the pure rules (issue [9], docs/costing.md).

A product's stock in one valuation scope (the tenant, or a branch) is an ``Average``:
the quantity on hand in thousandths of a base unit and its total value in pesewas — not
a rounded unit cost — so that the sum of the values is the Inventory account exactly.

* ``take`` — goods go out (a sale, a loss, a transfer out): they cost
  ``value × qty / on hand``, rounded half up to the pesewa, and exactly that leaves the
  value; the last units take what is left. Taken beyond what is on hand (the shop sold
  what the server has not seen received yet) the units are costed at the last average
  (or, before any receipt, the catalogue's cost price) and the stock goes negative with
  a negative value.
* ``put`` — goods come in at a known value (a receipt at what the supplier charged, a
  refund or void at what its sale took, a transfer at the sender's average). When the
  stock was negative, the units that cover the shortfall were costed at the last average
  when they were sold; the difference to what they really cost (this arrival's value for
  them) is a **cost correction** (Dr 5000 / Cr 1200 when they cost more, the reverse when
  less), so that the remaining stock carries exactly this arrival's cost.
* ``at_average`` — the value of a quantity at the current average (a count or adjustment
  that finds stock: the till's unit cost is never trusted).
"""

from __future__ import annotations

from dataclasses import dataclass

from shared import accounts as acc
from shared.money import Money, div_half_up
from shared.posting import Journal, JournalLine


@dataclass(frozen=True, slots=True)
class Average:
    """``qty`` (milli base units, may be negative) and ``value`` (pesewas) on hand;
    ``last_qty``/``last_value`` the last state with stock on hand, whose ratio is "the
    last average" that negative stock is costed at (0/0: never had stock)."""

    qty: int = 0
    value: int = 0
    last_qty: int = 0
    last_value: int = 0

    def rate(self, fallback: int) -> tuple[int, int]:
        """The average as (pesewas, per milli units): the current one while there is stock,
        else the last one, else the catalogue's ``fallback`` pesewas per base unit."""
        if self.qty > 0:
            return self.value, self.qty
        if self.last_qty > 0:
            return self.last_value, self.last_qty
        return fallback, 1000

    def unit_cost(self, fallback: int = 0) -> int:
        """Pesewas per base unit, rounded (for reports only; never used to cost)."""
        value, qty = self.rate(fallback)
        return div_half_up(value * 1000, qty)

    def _settled(self, qty: int, value: int) -> Average:
        if qty > 0:
            return Average(qty, value, qty, value)
        return Average(qty, value, self.last_qty, self.last_value)


def at_average(avg: Average, qty: int, fallback: int) -> int:
    """The value of ``qty`` milli units at the average (``Average.rate``)."""
    value, per = avg.rate(fallback)
    return div_half_up(value * qty, per)


def take(avg: Average, qty: int, fallback: int) -> tuple[Average, int]:
    """Take ``qty`` (> 0) milli units out; returns the new state and what they cost."""
    if qty <= 0:
        raise ValueError("take needs a positive quantity")
    if avg.qty > 0 and qty < avg.qty:
        cost = div_half_up(avg.value * qty, avg.qty)
    elif avg.qty > 0:  # the last units take the remainder; beyond them, the average
        cost = avg.value + div_half_up(avg.value * (qty - avg.qty), avg.qty)
    else:
        cost = at_average(avg, qty, fallback)
    return avg._settled(avg.qty - qty, avg.value - cost), cost


def put(avg: Average, qty: int, value: int) -> tuple[Average, int]:
    """Put ``qty`` (> 0) milli units worth ``value`` in; returns the new state and the
    cost correction (pesewas moved from Inventory to Cost of Goods Sold; negative: back)."""
    if qty <= 0:
        raise ValueError("put needs a positive quantity")
    correction = 0
    if avg.qty < 0:
        short = -avg.qty
        covered = min(short, qty)
        costed_at = -avg.value if covered == short else div_half_up(-avg.value * covered, short)
        real = value if covered == qty else div_half_up(value * covered, qty)
        correction = real - costed_at
    new_qty, new_value = avg.qty + qty, avg.value + value - correction
    if new_qty == 0 and new_value != 0:  # nothing on hand carries no value
        correction += new_value
        new_value = 0
    return avg._settled(new_qty, new_value), correction


def milli_value(pesewas_per_unit: int, qty: int) -> int:
    """Pesewas per base unit × milli units, rounded half up."""
    return div_half_up(pesewas_per_unit * qty, 1000)




def correction_journal(reference: str, branch: str, amounts: dict[str, int],
                       memo: str) -> Journal | None:
    """The cost correction journal (kind ``cost_correction``) of one arrival: per SKU,
    Dr 5000 / Cr 1200 what the units sold ahead of it cost more (the reverse when less).
    None when every amount is zero."""
    lines: list[JournalLine] = []
    zero = Money.ZERO
    for sku, amount in sorted(amounts.items()):
        if amount == 0:
            continue
        money, note = Money(abs(amount)), f"cost correction {sku}"
        expense, inventory = ((money, zero), (zero, money)) if amount > 0 else (
            (zero, money), (money, zero))
        lines.append(JournalLine(acc.COST_OF_SALES, *expense, branch, note))
        lines.append(JournalLine(acc.INVENTORY, *inventory, branch, note))
    if not lines:
        return None
    return Journal("cost_correction", reference, memo, tuple(lines))


__all__ = ["Average", "at_average", "correction_journal", "milli_value", "put", "take"]
