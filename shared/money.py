"""Money as integer pesewas, and quantities as 3-place decimals.

No float ever touches an amount: ``Money`` refuses floats at construction, arithmetic is
on integers, and the only rounding (an amount times a quantity or a rate) is explicit
and half-up (away from zero) to the pesewa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import ClassVar

from shared.errors import InvalidAmount

CEDI_SIGN = "GH₵"
ASCII_CURRENCY = "GHS"
PESEWAS_PER_CEDI = 100
_CENT = Decimal("0.01")
QUANTITY_PLACES = 3
_QTY_STEP = Decimal("0.001")
QUANTITY_LIMIT = Decimal(10_000_000)  # no quantity is this large or larger
# The largest amount we accept anywhere: GH₵ 10 billion. Anything bigger is a typo or an
# attack, and it keeps every sum comfortably inside a signed 64-bit database column.
MAX_PESEWAS = 10_000_000_000 * PESEWAS_PER_CEDI
# Every quantity is below this (seven whole digits): the sync schema's pattern says so too.
QUANTITY_LIMIT = Decimal(10_000_000)

_AMOUNT_RE = re.compile(
    r"^(?P<sign>[-+]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d{1,2}))?$", re.ASCII
)


def _round_half_up(value: Decimal) -> int:
    """Round a number of pesewas (possibly fractional) half away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def div_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half away from zero, in exact integers (the
    same result as Decimal's ROUND_HALF_UP, without Decimal's cost)."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((-2 * numerator + denominator) // (2 * denominator))


def _ratio(value: Decimal | int) -> tuple[int, int]:
    if type(value) is int:
        return value, 1
    if isinstance(value, float):
        raise TypeError("Money.scale takes integers or Decimals, never float")
    if not isinstance(value, Decimal | int):
        raise TypeError(f"Money.scale takes integers or Decimals, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidAmount(f"{value} is not a number")
    return value.as_integer_ratio()


def _money(pesewas: int) -> Money:
    """A Money from an int our own arithmetic produced: no checks, no range limit (a
    report's sum may exceed what any single input is allowed to be). A push makes ~130
    of these per sale, and a shop's amounts repeat (the same prices, taxes and totals
    over and over): one immutable value per amount is kept (``_INTERNED``) and handed
    out again, two and a half times quicker than making one. A new one sets its slot
    through the descriptor: a third cheaper than ``object.__setattr__``."""
    money = _interned(pesewas)
    if money is None:
        money = _new(Money)
        _set_pesewas(money, pesewas)
        if len(_INTERNED) < _INTERN_LIMIT and type(pesewas) is int:
            _INTERNED[pesewas] = money
    return money


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in Ghana cedis, held as an integer number of pesewas."""

    pesewas: int
    ZERO: ClassVar[Money]

    def __post_init__(self) -> None:
        # bool is an int subclass; True pesewas is always a bug.
        if type(self.pesewas) is not int:
            raise TypeError(f"Money takes integer pesewas, not {type(self.pesewas).__name__}")
        if abs(self.pesewas) > MAX_PESEWAS:
            raise InvalidAmount(
                f"{self.pesewas} pesewas is larger than any amount this system accepts."
            )

    # -- construction ----------------------------------------------------------------
    @classmethod
    def cedis(cls, whole: int) -> Money:
        """Whole cedis: ``Money.cedis(5)`` is GH₵ 5.00."""
        if type(whole) is not int:
            raise TypeError("Money.cedis takes a whole number of cedis")
        return cls(whole * PESEWAS_PER_CEDI)

    @classmethod
    def from_decimal(cls, value: Decimal, *, exact: bool = True) -> Money:
        """A Decimal number of cedis. With ``exact`` (the default) it must already be
        whole pesewas; otherwise it is rounded half-up."""
        if not isinstance(value, Decimal):
            raise TypeError(f"Money.from_decimal takes a Decimal, not {type(value).__name__}")
        if not value.is_finite():
            raise InvalidAmount(f"{value} is not an amount of money.")
        pesewas = value * PESEWAS_PER_CEDI
        if exact and pesewas != pesewas.to_integral_value():
            raise InvalidAmount(f"{value} has fractions of a pesewa; amounts have at most 2 decimals.")
        return cls(_round_half_up(pesewas))

    @classmethod
    def parse(cls, text: str) -> Money:
        """Read an amount a person typed or a file holds: ``12``, ``12.5``, ``1,234.50``,
        ``GH₵ 1,234.50``, ``GHS 5.00``, ``-3.20``. Raises ``InvalidAmount`` with a message
        saying what is wrong."""
        if not isinstance(text, str):
            raise TypeError(f"Money.parse takes text, not {type(text).__name__}")
        cleaned = text.strip()
        negative_prefix = cleaned.startswith("-")
        if negative_prefix:
            cleaned = cleaned[1:].strip()
        for symbol in (CEDI_SIGN, "GH¢", "GHC", ASCII_CURRENCY, "₵", "¢"):
            if cleaned.upper().startswith(symbol.upper()):
                cleaned = cleaned[len(symbol) :].strip()
                break
        if negative_prefix:
            if cleaned.startswith(("-", "+")):
                raise InvalidAmount(f"“{text}” is not an amount of money.")
            cleaned = "-" + cleaned
        match = _AMOUNT_RE.fullmatch(cleaned)
        if match is None:
            raise InvalidAmount(
                f"“{text}” is not an amount of money. Type it like 12.50 or 1,234.50."
            )
        whole = int(match["int"].replace(",", ""))
        frac = (match["frac"] or "").ljust(2, "0")
        pesewas = whole * PESEWAS_PER_CEDI + int(frac or "0")
        return cls(-pesewas if match["sign"] == "-" else pesewas)

    # -- arithmetic ------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        if type(other) is not Money:
            return NotImplemented
        return _money(self.pesewas + other.pesewas)

    def __sub__(self, other: Money) -> Money:
        if type(other) is not Money:
            return NotImplemented
        return _money(self.pesewas - other.pesewas)

    def __neg__(self) -> Money:
        return _money(-self.pesewas)

    def __abs__(self) -> Money:
        return _money(abs(self.pesewas))

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            return NotImplemented
        return _money(self.pesewas * factor)

    __rmul__ = __mul__

    def times(self, quantity: Decimal) -> Money:
        """This unit price times a quantity, rounded half-up to the pesewa."""
        if not isinstance(quantity, Decimal):
            raise TypeError("Money.times takes a Decimal quantity")
        numerator, denominator = quantity.as_integer_ratio()
        return _money(div_half_up(self.pesewas * numerator, denominator))

    def scale(self, numerator: Decimal | int, denominator: Decimal | int) -> Money:
        """This amount × numerator ÷ denominator, rounded half-up to the pesewa."""
        num_n, num_d = _ratio(numerator)
        den_n, den_d = _ratio(denominator)
        if den_n == 0:
            raise InvalidAmount("cannot divide an amount by zero")
        return _money(div_half_up(self.pesewas * num_n * den_d, num_d * den_n))

    def allocate(self, weights: tuple[int, ...]) -> tuple[Money, ...]:
        """Split this amount in proportion to integer weights so that the parts add up
        exactly (largest remainder; ties go to the earlier part)."""
        if not weights:
            raise InvalidAmount("cannot split an amount over nothing")
        if any(type(w) is not int or w < 0 for w in weights):
            raise InvalidAmount("split weights must be whole numbers, zero or more")
        total = sum(weights)
        if total == 0:
            raise InvalidAmount("cannot split an amount over weights that are all zero")
        sign = -1 if self.pesewas < 0 else 1
        amount = abs(self.pesewas)
        floors = [amount * w // total for w in weights]
        remainders = [amount * w % total for w in weights]
        short = amount - sum(floors)
        order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
        for i in order[:short]:
            floors[i] += 1
        return tuple(_money(sign * f) for f in floors)

    # -- inspection and formatting ---------------------------------------------------
    @property
    def is_zero(self) -> bool:
        return self.pesewas == 0

    @property
    def is_negative(self) -> bool:
        return self.pesewas < 0

    def to_decimal(self) -> Decimal:
        """The amount in cedis as a Decimal with exactly two places."""
        return (Decimal(self.pesewas) / PESEWAS_PER_CEDI).quantize(_CENT)

    def __str__(self) -> str:
        """Plain decimal string, as used in JSON reports: ``1234.50``, ``-0.05``."""
        return str(self.to_decimal())

    def format(self, symbol: str = CEDI_SIGN, *, grouping: bool = True) -> str:
        """For people: ``GH₵ 1,234.50``; negative as ``-GH₵ 5.00``; ``symbol=""`` for none."""
        whole, frac = divmod(abs(self.pesewas), PESEWAS_PER_CEDI)
        digits = f"{whole:,}" if grouping else str(whole)
        body = f"{digits}.{frac:02d}"
        text = f"{symbol} {body}" if symbol else body
        return f"-{text}" if self.pesewas < 0 else text


_new = object.__new__
_set_pesewas = vars(Money)["pesewas"].__set__  # the slot's descriptor
# Amounts made by ``_money``, kept to be handed out again (``Money`` is immutable, so a
# shared one is as good as a new one). Bounded: a long-running server keeps the first
# ``_INTERN_LIMIT`` amounts it sees (at most ≈ 10 MB), and makes any other afresh.
_INTERN_LIMIT = 65_536
_INTERNED: dict[int, Money] = {}
_interned = _INTERNED.get
Money.ZERO = Money(0)


def total(amounts: tuple[Money, ...] | list[Money]) -> Money:
    """The sum of several amounts (``sum`` would start from the int 0)."""
    return _money(sum(a.pesewas for a in amounts))


# -- quantities ----------------------------------------------------------------------


def quantity(value: str | int | Decimal) -> Decimal:
    """A quantity with exactly three decimal places (weighed goods to the gram).

    Accepts text, integers or Decimals; refuses floats and values with more than three
    decimals (rather than silently rounding what a scale reported)."""
    if isinstance(value, bool | float):
        raise TypeError("quantities are never float; pass text, an int or a Decimal")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise InvalidAmount(f"“{value}” is not a quantity.") from None
    if not number.is_finite():
        raise InvalidAmount(f"“{value}” is not a quantity.")
    stepped = number.quantize(_QTY_STEP, rounding=ROUND_HALF_UP)
    if stepped != number:
        raise InvalidAmount(f"{value} has more than {QUANTITY_PLACES} decimal places.")
    if abs(stepped) >= QUANTITY_LIMIT:
        raise InvalidAmount(f"{value} is larger than any quantity this system accepts.")
    return stepped


def format_quantity(value: Decimal) -> str:
    """A quantity for a receipt: ``2`` for whole units, ``1.250`` for weighed goods."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(_QTY_STEP))
