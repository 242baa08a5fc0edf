"""Payloads of stock receipts, adjustments, counts and transfers (``shared.payloads``
exports them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from shared.money import Money
from shared.payload_common import (
    ADJUST_REASONS,
    Approval,
    _code,
    _sku,
    _uuid,
)
from shared.wire import Reader, to_json

# ------------------------------------------------------------------ stock


@dataclass(frozen=True, slots=True)
class StockLine:
    """A quantity of a product in base (stock) units and its cost per base unit.

    For receipts and transfers ``qty`` is what moved; for adjustments it is the signed
    change; for counts it is the counted quantity and ``expected`` what the till had."""

    sku: str
    qty: Decimal
    unit_cost: Money
    expected: Decimal | None = None

    @classmethod
    def parse(cls, r: Reader, *, with_expected: bool) -> StockLine:
        value = cls(sku=_sku(r), qty=r.decimal("qty", expect="signed"),
                    unit_cost=r.money("unit_cost"),
                    expected=r.decimal("expected", expect="signed") if with_expected else None)
        # ``to_json`` writes ``"expected": null`` for receipts and adjustments; only a value is wrong.
        if not with_expected and r.has("expected") and r.opt_text("expected", max_len=20) is not None:
            raise r.fail("expected", "is only used by stock counts")
        r.done()
        return value

    @property
    def delta(self) -> Decimal:
        """The change in stock this line makes (a count: counted − expected)."""
        return self.qty - self.expected if self.expected is not None else self.qty

    @property
    def value(self) -> Money:
        return self.unit_cost.times(self.delta)


@dataclass(frozen=True, slots=True)
class StockReceive:
    """Goods received from a supplier into a location (bought on account)."""

    KIND: ClassVar[str] = "stock_receive"
    document_no: str
    supplier: str
    location: str
    lines: tuple[StockLine, ...]

    @classmethod
    def from_json(cls, r: Reader) -> StockReceive:
        value = cls(document_no=r.text("document_no", max_len=48),
                    supplier=r.text("supplier", max_len=200), location=_code(r, "location"),
                    lines=r.items("lines", lambda x: StockLine.parse(x, with_expected=False),
                                  min_len=1))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True, slots=True)
class StockAdjust:
    """A signed change of stock with a reason (damage, expiry, theft, found …)."""

    KIND: ClassVar[str] = "stock_adjust"
    location: str
    reason: str
    note: str | None
    lines: tuple[StockLine, ...]
    approvals: tuple[Approval, ...] = ()

    @classmethod
    def from_json(cls, r: Reader) -> StockAdjust:
        value = cls(location=_code(r, "location"), reason=r.choice("reason", ADJUST_REASONS),
                    note=r.opt_text("note", max_len=200),
                    lines=r.items("lines", lambda x: StockLine.parse(x, with_expected=False),
                                  min_len=1),
                    approvals=r.items("approvals", Approval.from_json, max_len=50))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True, slots=True)
class StockCount:
    """A physical count of a location; the difference to what the till expected."""

    KIND: ClassVar[str] = "stock_count"
    location: str
    lines: tuple[StockLine, ...]
    approvals: tuple[Approval, ...] = ()

    @classmethod
    def from_json(cls, r: Reader) -> StockCount:
        value = cls(location=_code(r, "location"),
                    lines=r.items("lines", lambda x: StockLine.parse(x, with_expected=True),
                                  min_len=1),
                    approvals=r.items("approvals", Approval.from_json, max_len=50))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


TRANSFER_KINDS = ("transfer_out", "transfer_in", "truck_load", "truck_return")


@dataclass(frozen=True, slots=True)
class Transfer:
    """Stock moving between locations: branch to branch (``transfer_out`` then
    ``transfer_in``) or warehouse to van and back (``truck_load``, ``truck_return``).

    The sending side records ``qty`` sent; the receiving side records what actually
    arrived in ``qty`` with ``expected`` = what was sent, so a short delivery is a
    visible, posted loss."""

    kind: str
    transfer_id: str
    from_branch: str
    from_location: str
    to_branch: str
    to_location: str
    lines: tuple[StockLine, ...]

    KIND: ClassVar[str] = "transfer"

    @property
    def receiving(self) -> bool:
        return self.kind in ("transfer_in", "truck_return")

    @classmethod
    def parse(cls, r: Reader, kind: str) -> Transfer:
        receiving = kind in ("transfer_in", "truck_return")
        value = cls(kind=r.choice("kind", (kind,)), transfer_id=_uuid(r, "transfer_id"),
                    from_branch=_code(r, "from_branch"), from_location=_code(r, "from_location"),
                    to_branch=_code(r, "to_branch"), to_location=_code(r, "to_location"),
                    lines=r.items("lines", lambda x: StockLine.parse(
                        x, with_expected=receiving), min_len=1))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


