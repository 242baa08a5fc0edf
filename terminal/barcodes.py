"""Barcodes the till reads: EAN-13/EAN-8/UPC check digits, and scale labels with a
price or weight embedded (GS1 restricted-circulation prefixes 20–29:
``2X PPPPP VVVVV C`` — prefix, 5-digit PLU, 5-digit value, check digit). Which prefixes
carry a weight (grams) and which a price (pesewas) is a setting (``weighed_prefixes``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.money import Money


def gs1_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (EAN-8, UPC-A, EAN-13, GTIN-14)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def valid_gs1(code: str) -> bool:
    return code.isdigit() and len(code) in (8, 12, 13, 14) and gs1_check_digit(code[:-1]) == int(code[-1])


@dataclass(frozen=True, slots=True)
class ScaleLabel:
    plu: str
    weight: Decimal | None  # kilograms, 3 places
    price: Money | None


def read_scale_label(code: str, prefixes: dict[str, str]) -> ScaleLabel | None:
    """A price/weight-embedded label, or None when ``code`` is not one."""
    if len(code) != 13 or not code.isdigit() or code[:2] not in prefixes:
        return None
    if not valid_gs1(code):
        return None
    plu, value = code[2:7], int(code[7:12])
    if prefixes[code[:2]] == "weight":
        return ScaleLabel(plu, (Decimal(value) / 1000).quantize(Decimal("0.001")), None)
    return ScaleLabel(plu, None, Money(value))


def make_scale_label(prefix: str, plu: str, value: int) -> str:
    """Build a label barcode (for tests, demos and the simulator)."""
    body = f"{prefix}{plu:0>5}{value:05d}"
    return body + str(gs1_check_digit(body))
