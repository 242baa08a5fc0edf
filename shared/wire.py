"""Reading and writing JSON payloads field by field, with exact error paths.

``Reader`` wraps one JSON object and hands out typed fields; anything missing, of the
wrong type, out of range or unexpected raises ``Malformed`` naming the field's full path
(``payload.lines[2].qty``) — never a ``KeyError``. ``to_json`` turns our frozen
dataclasses back into JSON data: Money → integer pesewas, Decimal → string, tuples → lists.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from shared.errors import BisamaError, Malformed
from shared.money import (
    _QTY_STEP,
    MAX_PESEWAS,
    QUANTITY_LIMIT,
    QUANTITY_PLACES,
    Money,
    _money,
    quantity,
)

T = TypeVar("T")
_MISSING = object()
# A quantity's text: digits with an optional point and sign, and nothing else.
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


class Reader:
    """Typed access to one JSON object; call ``done()`` to refuse unknown fields."""

    def __init__(self, obj: object, path: str) -> None:
        if type(obj) is not dict and not isinstance(obj, Mapping):
            raise Malformed(path, f"expected an object, got {_kind(obj)}")
        self._obj = obj
        self.path = path
        self._seen: set[str] = set()

    def _field(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def _get(self, name: str, optional: bool) -> Any:
        self._seen.add(name)
        value = self._obj.get(name, _MISSING)
        if value is _MISSING or (value is None and optional):
            if optional:
                return None
            raise Malformed(self._field(name), "is missing")
        if value is None:
            raise Malformed(self._field(name), "must not be null")
        return value

    def raw(self, name: str) -> Any:
        """The field's JSON value as it is (for a nested structure parsed elsewhere)."""
        return self._get(name, False)

    def has(self, name: str) -> bool:
        return name in self._obj

    def text(self, name: str, *, max_len: int = 200, pattern: re.Pattern[str] | None = None,
             allow_empty: bool = False) -> str:
        value = self._get(name, False)
        return self._check_text(name, value, max_len, pattern, allow_empty)

    def opt_text(self, name: str, *, max_len: int = 200,
                 pattern: re.Pattern[str] | None = None) -> str | None:
        value = self._get(name, True)
        if value is None:
            return None
        return self._check_text(name, value, max_len, pattern, False)

    def _check_text(self, name: str, value: Any, max_len: int, pattern: re.Pattern[str] | None,
                    allow_empty: bool) -> str:
        if not isinstance(value, str):
            raise Malformed(self._field(name), f"expected text, got {_kind(value)}")
        if not allow_empty and not value.strip():
            raise Malformed(self._field(name), "must not be empty")
        if len(value) > max_len:
            raise Malformed(self._field(name), f"is longer than {max_len} characters")
        if pattern is not None and not pattern.fullmatch(value):
            raise Malformed(self._field(name), f"“{value[:40]}” is not in the expected form")
        return value

    def opt_integer(self, name: str, *, minimum: int | None = None,
                    maximum: int | None = 2**53 - 1) -> int | None:
        """A whole number, or None when the field is absent or null."""
        if self._obj.get(name) is None:
            self._seen.add(name)
            return None
        return self.integer(name, minimum=minimum, maximum=maximum)

    def integer(self, name: str, *, minimum: int | None = None, maximum: int | None = 2**53 - 1) -> int:
        value = self._get(name, False)
        if type(value) is not int:
            raise Malformed(self._field(name), f"expected a whole number, got {_kind(value)}")
        if minimum is not None and value < minimum:
            raise Malformed(self._field(name), f"must be at least {minimum}")
        if maximum is not None and value > maximum:
            raise Malformed(self._field(name), f"must be at most {maximum}")
        return value

    def boolean(self, name: str) -> bool:
        value = self._get(name, False)
        if type(value) is not bool:
            raise Malformed(self._field(name), f"expected true or false, got {_kind(value)}")
        return value

    def money(self, name: str, *, negative: bool = False, zero: bool = True) -> Money:
        # The common case (a positive whole number of pesewas in range) without the
        # general path's calls: a sale payload has ~80 amounts.
        self._seen.add(name)
        value = self._obj.get(name)
        if type(value) is int and 0 < value <= MAX_PESEWAS:
            return _money(value)
        value = self._get(name, False)
        if type(value) is not int:
            raise Malformed(self._field(name), f"expected integer pesewas, got {_kind(value)}")
        if abs(value) > MAX_PESEWAS:
            raise Malformed(self._field(name), "amount is out of range")
        if value < 0 and not negative:
            raise Malformed(self._field(name), "must not be negative")
        if value == 0 and not zero:
            raise Malformed(self._field(name), "must not be zero")
        return Money(value)

    def amounts(self, names: tuple[str, ...]) -> list[Money]:
        """``money(name)`` for each name (none negative, zero allowed), in one call: a
        sale line has sixteen amounts, and most are plain whole pesewas — zero included."""
        obj, seen, limit = self._obj, self._seen, MAX_PESEWAS
        out = []
        for name in names:
            seen.add(name)
            value = obj.get(name)
            if type(value) is int and 0 <= value <= limit:
                out.append(_money(value))
            else:
                out.append(self.money(name))
        return out

    def qty(self, name: str, *, positive: bool = True, signed: bool = False) -> Decimal:
        value = self._get(name, False)
        if not isinstance(value, str):
            raise Malformed(self._field(name),
                            f"expected a decimal string like \"1.000\", got {_kind(value)}")
        try:
            number = quantity(value)
        except (BisamaError, TypeError) as exc:
            raise Malformed(self._field(name), str(exc)) from None
        if not signed:
            if number < 0:
                raise Malformed(self._field(name), "must not be negative")
            if positive and number == 0:
                raise Malformed(self._field(name), "must be more than zero")
        return number

    def decimal(self, name: str, *, expect: str = "positive") -> Decimal:
        """A quantity, never rounded: only its form is checked (decimal text, finite,
        within the range of any quantity). Written with fewer than three places it is
        given three (``"2"`` is 2.000, exactly); with more it is kept as written — too
        fine a quantity, and its sign, are business rules (``shared.rules``) for the
        server to hold, not refuse. ``expect`` (``positive`` or ``signed``) is what those
        rules ask of it; it only describes the field in the published schema
        (``shared.schema``) and changes nothing here."""
        value = self._get(name, False)
        if not isinstance(value, str):
            raise Malformed(self._field(name),
                            f"expected a decimal string like \"1.000\", got {_kind(value)}")
        try:
            # The decimal text alone: no spaces, no trailing newline, no exponent or "+".
            number = (Decimal(value) if len(value) <= 40 and _DECIMAL_TEXT.fullmatch(value)
                      else None)
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite():
            raise Malformed(self._field(name), f"“{value[:40]}” is not a quantity")
        if abs(number) >= QUANTITY_LIMIT:
            raise Malformed(self._field(name), f"{value} is larger than any quantity this system accepts")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -QUANTITY_PLACES:
            number = number.quantize(_QTY_STEP)  # more places, same value
        return number

    def choice(self, name: str, choices: frozenset[str] | tuple[str, ...]) -> str:
        value = self.text(name, max_len=40)
        if value not in choices:
            raise Malformed(self._field(name), f"“{value}” is not one of {', '.join(sorted(choices))}")
        return value

    def opt_choice(self, name: str, choices: frozenset[str] | tuple[str, ...]) -> str | None:
        value = self.opt_text(name, max_len=40)
        if value is not None and value not in choices:
            raise Malformed(self._field(name), f"“{value}” is not one of {', '.join(sorted(choices))}")
        return value

    def day(self, name: str) -> date:
        value = self.text(name, max_len=10)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise Malformed(self._field(name), f"“{value}” is not a date (YYYY-MM-DD)") from None

    def timestamp(self, name: str) -> datetime:
        value = self.text(name, max_len=40)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise Malformed(self._field(name), f"“{value}” is not a date and time (ISO 8601)") from None
        if moment.tzinfo is None:
            raise Malformed(self._field(name), "must include a time zone offset")
        return moment

    def obj(self, name: str) -> Reader:
        return Reader(self._get(name, False), self._field(name))

    def opt_obj(self, name: str) -> Reader | None:
        value = self._get(name, True)
        return None if value is None else Reader(value, self._field(name))

    def items(self, name: str, parse: Callable[[Reader], T], *, min_len: int = 0,
              max_len: int = 10_000, quick: Callable[[Any], T | None] | None = None,
              ) -> tuple[T, ...]:
        """The list's items, each through ``parse``; with ``quick``, each through
        ``quick`` first and ``parse`` only where it gives None (it must accept only what
        ``parse`` accepts, giving the same value)."""
        value = self._get(name, False)
        if not isinstance(value, list | tuple):
            raise Malformed(self._field(name), f"expected a list, got {_kind(value)}")
        if len(value) < min_len:
            raise Malformed(self._field(name), f"needs at least {min_len} item(s)")
        if len(value) > max_len:
            raise Malformed(self._field(name), f"has more than {max_len} items")
        if quick is None:
            return tuple(parse(Reader(item, f"{self._field(name)}[{i}]"))
                         for i, item in enumerate(value))
        out = []
        for i, item in enumerate(value):
            got = quick(item)
            out.append(parse(Reader(item, f"{self._field(name)}[{i}]")) if got is None else got)
        return tuple(out)

    def texts(self, name: str, *, max_len: int = 50) -> tuple[str, ...]:
        value = self._get(name, False)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise Malformed(self._field(name), "expected a list of text")
        if len(value) > max_len:
            raise Malformed(self._field(name), f"has more than {max_len} items")
        return tuple(value)

    def opt_texts(self, name: str, *, max_len: int = 50) -> tuple[str, ...] | None:
        """``texts``, or None when the field is absent or null (a field a newer schema
        added)."""
        if self._get(name, True) is None:
            return None
        return self.texts(name, max_len=max_len)

    def done(self) -> None:
        extra = sorted(set(self._obj) - self._seen)
        if extra:
            raise Malformed(self._field(extra[0]), "is not a known field")

    def fail(self, name: str, problem: str) -> Malformed:
        """An error for a field whose value is readable but breaks a rule."""
        return Malformed(self._field(name), problem)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a fractional number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


_OMITTED: dict[type, tuple[str, ...]] = {}


def _omitted(cls: type) -> tuple[str, ...]:
    names = _OMITTED.get(cls)
    if names is None:
        names = _OMITTED[cls] = tuple(getattr(cls, "OMIT_WHEN_NONE", ()))
    return names


def to_json(value: Any) -> Any:
    """Our frozen dataclasses → JSON data (Money → int pesewas, Decimal → "1.000")."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is Money:
        return value.pesewas
    if kind is tuple or kind is list:
        return [to_json(v) for v in value]
    if kind in _FIELD_NAMES or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        data = {name: to_json(getattr(value, name)) for name in _field_names(kind)}
        for name in _omitted(kind):  # optional fields a newer schema added: absent when None
            if data[name] is None:
                del data[name]
        return data
    if isinstance(value, Money):
        return value.pesewas
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: to_json(v) for k, v in value.items()}
    return value
