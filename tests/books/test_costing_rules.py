"""The pure moving-average rules (``shared.costing``), by hand and by property."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from shared.costing import Average, at_average, correction_journal, put, take


def test_take_rounds_half_up_and_the_last_unit_takes_the_remainder() -> None:
    avg = Average(3000, 1000, 3000, 1000)  # 3 units worth 10.00
    avg, first = take(avg, 1000, 0)
    avg, second = take(avg, 1000, 0)
    avg, third = take(avg, 1000, 0)
    assert (first, second, third) == (333, 334, 333) and (avg.qty, avg.value) == (0, 0)


def test_negative_stock_uses_the_last_average_then_the_receipt_corrects() -> None:
    avg, cost = take(Average(), 2000, 2756)  # never received: the catalogue's 27.56
    assert cost == 5512 and (avg.qty, avg.value) == (-2000, -5512)
    avg, correction = put(avg, 5000, 15000)
    assert correction == 488 and (avg.qty, avg.value) == (3000, 9000)
    avg, cost = take(avg, 4000, 0)  # 3 on hand at 30.00, one beyond at the last average
    assert cost == 12000 and (avg.qty, avg.value) == (-1000, -3000)
    avg, correction = put(avg, 500, 1600)  # half a unit at 32.00 covers half the shortfall
    assert correction == 1600 - 1500 and (avg.qty, avg.value) == (-500, -1500)


def test_correction_journal_sides() -> None:
    journal = correction_journal("DN-1", "MAIN", {"A": 488, "B": -100, "C": 0}, "fix")
    assert journal is not None and journal.balances() == {"5000": journal.balances()["5000"],
                                                          "1200": journal.balances()["1200"]}
    assert journal.balances()["5000"].pesewas == 388
    assert correction_journal("DN-1", "MAIN", {"A": 0}, "fix") is None


step = st.one_of(st.tuples(st.just("take"), st.integers(1, 5000)),
                 st.tuples(st.just("put"), st.integers(1, 5000), st.integers(0, 100_000)))


@given(st.lists(step, max_size=40), st.integers(0, 10_000))
def test_value_is_what_came_in_less_what_went_out(steps: list[tuple[Any, ...]],
                                                  fallback: int) -> None:
    avg, value = Average(), 0
    for s in steps:
        if s[0] == "take":
            avg, cost = take(avg, s[1], fallback)
            value -= cost
        else:
            avg, correction = put(avg, s[1], s[2])
            value += s[2] - correction
        assert avg.value == value
        if avg.qty == 0:
            assert avg.value == 0
        assert at_average(avg, 0, fallback) == 0
