"""The cart being rung up: its lines, customer, price list, discounts and the approvals
given for them — as plain values the sale service changes and stores after every
change (so a power cut never loses more than the keystroke in flight)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from shared.money import Money
from shared.payloads import CustomerRef, SaleLine, SaleTotals
from shared.pricing import LineInput
from shared.tax import TaxCode


@dataclass(frozen=True, slots=True)
class CartLine:
    sku: str
    name: str
    unit: str
    unit_factor: Decimal
    qty: Decimal
    unit_price: Money
    tax_code: TaxCode
    unit_cost: Money
    weighed: bool = False
    line_discount: Money = Money.ZERO
    price_override: bool = False

    def as_input(self) -> LineInput:
        return LineInput(
            sku=self.sku,
            name=self.name,
            unit=self.unit,
            unit_factor=self.unit_factor,
            qty=self.qty,
            unit_price=self.unit_price,
            tax_code=self.tax_code,
            unit_cost=self.unit_cost,
            line_discount=self.line_discount,
            price_override=self.price_override,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "name": self.name,
            "unit": self.unit,
            "unit_factor": str(self.unit_factor),
            "qty": str(self.qty),
            "unit_price": self.unit_price.pesewas,
            "tax_code": self.tax_code.value,
            "unit_cost": self.unit_cost.pesewas,
            "weighed": self.weighed,
            "line_discount": self.line_discount.pesewas,
            "price_override": self.price_override,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CartLine:
        return cls(
            d["sku"],
            d["name"],
            d["unit"],
            Decimal(d["unit_factor"]),
            Decimal(d["qty"]),
            Money(d["unit_price"]),
            TaxCode(d["tax_code"]),
            Money(d["unit_cost"]),
            bool(d["weighed"]),
            Money(d["line_discount"]),
            bool(d["price_override"]),
        )


@dataclass(frozen=True, slots=True)
class CartApproval:
    """An approval given while building the cart, spent when the sale commits."""

    id: str
    action: str
    approver: str
    reason: str | None
    line_sku: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "approver": self.approver,
            "reason": self.reason,
            "line_sku": self.line_sku,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CartApproval:
        return cls(d["id"], d["action"], d["approver"], d.get("reason"), d.get("line_sku"))


@dataclass(frozen=True, slots=True)
class Cart:
    id: str
    user: str
    shift_id: str | None
    price_list: str
    lines: tuple[CartLine, ...] = ()
    customer: CustomerRef | None = None
    order_discount: Money = Money.ZERO
    approvals: tuple[CartApproval, ...] = ()
    label: str | None = None
    created_at: str = ""

    def with_lines(self, lines: tuple[CartLine, ...] | list[CartLine]) -> Cart:
        return replace(self, lines=tuple(lines))

    def to_json(self) -> dict[str, Any]:
        return {
            "price_list": self.price_list,
            "lines": [ln.to_json() for ln in self.lines],
            "customer": None
            if self.customer is None
            else {"id": self.customer.id, "name": self.customer.name, "tin": self.customer.tin},
            "order_discount": self.order_discount.pesewas,
            "approvals": [a.to_json() for a in self.approvals],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), separators=(",", ":"))

    @classmethod
    def from_row(cls, row: sqlite3.Row, shift_id: str | None = None) -> Cart:
        """A cart from its ``carts`` row (``shift_id`` overrides the row's, for a recall)."""
        d = json.loads(row["data"])
        customer = d.get("customer")
        return cls(
            id=row["id"],
            user=row["user"],
            shift_id=shift_id or row["shift_id"],
            price_list=d["price_list"],
            lines=tuple(CartLine.from_json(x) for x in d["lines"]),
            customer=CustomerRef(customer["id"], customer["name"], customer.get("tin")) if customer else None,
            order_discount=Money(d["order_discount"]),
            approvals=tuple(CartApproval.from_json(a) for a in d["approvals"]),
            label=row["label"],
            created_at=row["created_at"],
        )


@dataclass(frozen=True, slots=True)
class CartView:
    """What the till screen shows: the cart priced exactly as the sale will be."""

    id: str
    lines: tuple[SaleLine, ...]
    totals: SaleTotals | None  # None for an empty cart
    customer: CustomerRef | None
    price_list: str
    inclusive: bool
    order_discount: Money
    label: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.lines

    @property
    def total(self) -> Money:
        return self.totals.gross if self.totals else Money.ZERO
