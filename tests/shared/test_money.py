from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.errors import InvalidAmount
from shared.money import Money, format_quantity, quantity, total

amounts = st.integers(min_value=-10**11, max_value=10**11).map(Money)


@pytest.mark.parametrize(
    ("text", "pesewas"),
    [
        ("0", 0), ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("1,234.50", 123450),
        ("GH₵ 1,234.50", 123450), ("GHS 5.00", 500), ("GH¢3", 300), ("-3.20", -320),
        ("- GH₵ 0.05", -5), ("  7.07 ", 707), ("1,000,000", 100_000_000),
    ],
)
def test_parse(text, pesewas):
    assert Money.parse(text) == Money(pesewas)


@pytest.mark.parametrize("text", ["", "abc", "1.234", "12,34", "1,2345.00", "--5", "5-", "1e3",
                                  "NaN", "12.5.0", "GH₵", "١٢"])
def test_parse_refuses_what_is_not_an_amount(text):
    with pytest.raises(InvalidAmount) as err:
        Money.parse(text)
    assert "amount" in str(err.value)


def test_format():
    assert Money(123450).format() == "GH₵ 1,234.50"
    assert Money(-500).format() == "-GH₵ 5.00"
    assert Money(5).format("GHS") == "GHS 0.05"
    assert Money(100_000_000).format("") == "1,000,000.00"
    assert str(Money(-5)) == "-0.05"
    assert str(Money(123450)) == "1234.50"


def test_float_is_refused_everywhere():
    with pytest.raises(TypeError):
        Money(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(100).times(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(100).scale(1.5, 2)
    with pytest.raises(TypeError):
        quantity(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.from_decimal(1.5)  # type: ignore[arg-type]
    assert Money(100).__mul__(1.5) is NotImplemented  # type: ignore[operator]


def test_times_rounds_half_up_to_the_pesewa():
    assert Money(3800).times(quantity("1.255")) == Money(4769)  # 4769.0
    assert Money(999).times(quantity("0.5")) == Money(500)  # 499.5 → 500
    assert Money(-999).times(quantity("0.5")) == Money(-500)  # away from zero


def test_from_decimal():
    assert Money.from_decimal(Decimal("12.34")) == Money(1234)
    with pytest.raises(InvalidAmount):
        Money.from_decimal(Decimal("12.345"))
    assert Money.from_decimal(Decimal("12.345"), exact=False) == Money(1235)


def test_out_of_range():
    with pytest.raises(InvalidAmount):
        Money(10**13)


@given(amounts, st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12))
def test_allocate_adds_up_exactly(amount, weights):
    if sum(weights) == 0:
        weights[0] = 1
    parts = amount.allocate(tuple(weights))
    assert total(parts) == amount
    assert len(parts) == len(weights)
    for part, weight in zip(parts, weights, strict=True):
        if weight == 0:
            assert part.is_zero


@given(amounts)
def test_format_parse_round_trip(amount):
    assert Money.parse(amount.format()) == amount
    assert Money.parse(str(amount)) == amount


@given(amounts, amounts)
def test_arithmetic(a, b):
    assert (a + b) - b == a
    assert -(-a) == a  # noqa: B002 - negation twice, on purpose
    assert a * 3 == a + a + a


def test_quantity():
    assert quantity("1.25") == Decimal("1.250")
    assert quantity(2) == Decimal("2.000")
    with pytest.raises(InvalidAmount):
        quantity("1.2345")
    with pytest.raises(InvalidAmount):
        quantity("two")
    assert format_quantity(quantity("3")) == "3"
    assert format_quantity(quantity("1.5")) == "1.500"


def test_amounts_made_again_are_equal_values_and_zero_stays_zero() -> None:
    # ``_money`` hands out one kept value per amount (``_INTERNED``): it must stay the
    # amount it was made for, whatever arithmetic is done with it afterwards.
    from shared.money import _money

    a = _money(1234)
    b = Money(1000) + Money(234)
    assert a == b and a.pesewas == 1234 and b.pesewas == 1234
    assert (a - b).is_zero and (a + a).pesewas == 2468
    assert _money(-5) == Money(-5) and Money.ZERO.pesewas == 0
