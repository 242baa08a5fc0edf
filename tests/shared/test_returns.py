"""``refund_line``: a partial return pays back the price paid for what comes back, its
parts add up to it, and the returns of a line never pay back more than the line."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.money import Money, quantity
from shared.payloads import SaleLine
from shared.pricing import LineInput, price_lines
from shared.returns import Returned, refund_line
from shared.tax import GHANA_2023, GHANA_2026, TaxCode
from tests.shared.strategies import sales

_PARTS = ("net", "vat", "nhil", "getfund", "covid")
_MILLI = Decimal("0.001")


def _line(price: int, qty: str, *, code: TaxCode = TaxCode.STANDARD, discount: int = 0,
          order_discount: int = 0, inclusive: bool = True, regime=GHANA_2026) -> SaleLine:
    lines = price_lines((LineInput(sku="GH-0002", name="Gino Tomato Paste 70g", unit="tin",
                                   unit_factor=quantity(1), qty=quantity(qty),
                                   unit_price=Money(price), tax_code=code,
                                   unit_cost=Money(316), line_discount=Money(discount)),),
                        order_discount=Money(order_discount), regime=regime,
                        inclusive=inclusive)
    return lines[0]


def test_one_of_two_tins_at_4_50_refunds_4_50_twice() -> None:
    tins = _line(450, "2")
    assert tins.gross == Money(900)
    first = refund_line(tins, quantity(1), Returned(), restock=True)
    second = refund_line(tins, quantity(1), Returned().plus(first), restock=True)
    assert first.gross == second.gross == Money(450)  # not 4.52 then 4.48
    for refund in (first, second):
        assert sum(getattr(refund, p).pesewas for p in _PARTS) == refund.gross.pesewas
    for part in (*_PARTS, "cost"):
        assert getattr(first, part) + getattr(second, part) == getattr(tins, part)


def _splits(total_milli: int) -> st.SearchStrategy[list[int]]:
    """Ways to return ``total_milli`` thousandths in parts (maybe not all of it)."""
    return st.lists(st.integers(min_value=1, max_value=max(1, total_milli)), min_size=1,
                    max_size=6)


@settings(max_examples=300, deadline=None)
@given(sales(max_lines=3), st.data())
def test_partial_refunds_add_up_and_never_exceed_the_line(sale, data) -> None:
    line = data.draw(st.sampled_from(sale.lines))
    sold_milli = int(line.qty / _MILLI)
    wanted = data.draw(_splits(sold_milli))
    done = Returned()
    refunded = dict.fromkeys((*_PARTS, "gross", "cost"), 0)
    for milli in wanted:
        left = sold_milli - int(done.qty / _MILLI)
        if left <= 0:
            break
        qty = Decimal(min(milli, left)) * _MILLI
        refund = refund_line(line, qty, done, restock=True)
        # Each refund's tax parts add up to its gross, none below nothing.
        assert sum(getattr(refund, p).pesewas for p in _PARTS) == refund.gross.pesewas
        assert all(getattr(refund, p).pesewas >= 0 for p in (*_PARTS, "cost"))
        done = done.plus(refund)
        for name in refunded:
            refunded[name] += getattr(refund, name).pesewas
        # Never more than the line, in any figure …
        for name, value in refunded.items():
            assert value <= getattr(line, name).pesewas, name
        # … and, until the last, the gross refunded so far is the line's gross in
        # proportion, half-up: fair to the shop and to the customer, discounts included.
        if done.qty < line.qty:
            assert Money(refunded["gross"]) == line.gross.scale(done.qty, line.qty)
    if done.qty == line.qty:  # everything back: exactly the sale's line
        for name, value in refunded.items():
            assert value == getattr(line, name).pesewas, name


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=2_500_000), st.integers(min_value=1, max_value=24),
       st.sampled_from(list(TaxCode)), st.sampled_from([GHANA_2023, GHANA_2026]), st.data())
def test_whole_units_of_an_undiscounted_line_refund_the_shelf_price(price, count, code, regime,
                                                                     data) -> None:
    line = _line(price, str(count), code=code, regime=regime)
    done = Returned()
    left = count
    while left:
        units = data.draw(st.integers(min_value=1, max_value=left))
        refund = refund_line(line, quantity(units), done, restock=False)
        assert refund.gross == Money(price * units)
        done = done.plus(refund)
        left -= units
