"""Stock payloads survive ``to_json`` → ``parse_payload`` (receipts and adjustments carry
``"expected": null`` and must still parse; a value there is refused)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.errors import Malformed
from shared.money import Money
from shared.payloads import StockAdjust, StockLine, StockReceive, parse_payload


def test_receive_and_adjust_round_trip():
    receive = StockReceive("DN-1", "Wilmar", "SHOP", (StockLine("GH-0001", Decimal("24.000"), Money(2756)),))
    assert parse_payload("stock_receive", 1, receive.to_json()) == receive
    adjust = StockAdjust("SHOP", "damaged", None, (StockLine("GH-0001", Decimal("-2.000"), Money(2756)),))
    assert parse_payload("stock_adjust", 1, adjust.to_json()) == adjust


def test_expected_value_is_refused_outside_counts():
    data = StockReceive("DN-1", "W", "SHOP", (StockLine("GH-0001", Decimal("1.000"), Money(1)),)).to_json()
    data["lines"][0]["expected"] = "1.000"
    with pytest.raises(Malformed, match="only used by stock counts"):
        parse_payload("stock_receive", 1, data)
