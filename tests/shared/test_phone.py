"""Ghana mobile numbers as people type them (shared/phone.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.phone import PhoneError, normalise, parse_ghana_mobile


@pytest.mark.parametrize("typed", ["0244123456", "024 412 3456", "024-412-3456",
                                   "+233244123456", "+233 24 412 3456", "233244123456",
                                   "00233244123456", "+233 (0)24 412 3456", "244123456"])
def test_every_way_of_writing_one_number_is_the_same_number(typed: str) -> None:
    found = parse_ghana_mobile(typed)
    assert found.e164 == "+233244123456"
    assert found.network == "MTN"
    assert found.national == "024 412 3456"


@pytest.mark.parametrize(("typed", "network"), [
    ("0201234567", "Telecel"), ("0501234567", "Telecel"), ("0261234567", "AirtelTigo"),
    ("0571234567", "AirtelTigo"), ("0231234567", "Glo"), ("0591234567", "MTN"),
    ("0531234567", "MTN")])
def test_the_prefix_names_the_network(typed: str, network: str) -> None:
    assert parse_ghana_mobile(typed).network == network


@pytest.mark.parametrize(("typed", "says"), [
    ("", "No phone number"), ("0302123456", "fixed line"), ("+2348012345678", "not a Ghana"),
    ("0211234567", "not a Ghana mobile network"), ("024412345", "ten digits"),
    ("02441234567", "ten digits"), ("024412345x", "characters"), ("0" * 50, "too long"),
    ("٠٢٤٤١٢٣٤٥٦", "characters")])
def test_what_is_not_a_ghana_mobile_is_refused_with_the_reason(typed: str, says: str) -> None:
    with pytest.raises(PhoneError) as caught:
        normalise(typed)
    assert says in str(caught.value)


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_clear_refusal(text: str) -> None:
    try:
        number = normalise(text)
    except PhoneError:
        return
    assert number.startswith("+233") and len(number) == 13 and number[1:].isdigit()
    assert normalise(number) == number
