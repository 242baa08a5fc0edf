"""Payloads of shifts, cash moves and customers (``shared.payloads`` exports them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from shared.money import Money
from shared.payload_common import (
    CASH_PURPOSES,
    DENOMINATIONS,
    EMAIL_RE,
    TIN_RE,
    Approval,
    CustomerRef,
    Tender,
    _uuid,
)
from shared.phone import MOBILE_E164_RE
from shared.running import Running
from shared.wire import Reader, to_json

# ------------------------------------------------------------------ shifts and cash


@dataclass(frozen=True, slots=True)
class ShiftOpen:
    KIND: ClassVar[str] = "shift_open"
    shift_id: str
    opening_float: Money

    @classmethod
    def from_json(cls, r: Reader) -> ShiftOpen:
        value = cls(shift_id=_uuid(r, "shift_id"), opening_float=r.money("opening_float"))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True, slots=True)
class DenominationCount:
    denomination: Money
    count: int

    @classmethod
    def from_json(cls, r: Reader) -> DenominationCount:
        denomination = r.money("denomination", zero=False)
        value = cls(denomination=denomination, count=r.integer("count", minimum=0, maximum=1_000_000))
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class ShiftClose:
    """End of shift: expected cash from the till's own events, counted cash, variance."""

    KIND: ClassVar[str] = "shift_close"
    shift_id: str
    opening_float: Money
    cash_sales: Money
    cash_refunds: Money
    cash_in: Money
    cash_out: Money
    cash_payments: Money  # customer payments on account taken in cash
    expected: Money
    counts: tuple[DenominationCount, ...]
    counted: Money
    variance: Money  # counted − expected; positive is over, negative short
    blind: bool
    sales_count: int
    sales_gross: Money
    approvals: tuple[Approval, ...] = ()
    # Schema 2: the till's running totals at the close (the Z report's, shared.running).
    running: Running | None = None
    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("running",)

    @classmethod
    def from_json(cls, r: Reader) -> ShiftClose:
        value = cls(
            shift_id=_uuid(r, "shift_id"),
            opening_float=r.money("opening_float"),
            cash_sales=r.money("cash_sales"),
            cash_refunds=r.money("cash_refunds"),
            cash_in=r.money("cash_in"),
            cash_out=r.money("cash_out"),
            cash_payments=r.money("cash_payments"),
            expected=r.money("expected", negative=True),
            counts=r.items("counts", DenominationCount.from_json, max_len=len(DENOMINATIONS)),
            counted=r.money("counted"),
            variance=r.money("variance", negative=True),
            blind=r.boolean("blind"),
            sales_count=r.integer("sales_count", minimum=0),
            sales_gross=r.money("sales_gross", negative=True),
            approvals=r.items("approvals", Approval.from_json, max_len=50),
            running=Running.from_json(running_r) if (running_r := r.opt_obj("running")) else None,
        )
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True, slots=True)
class CashMove:
    """Cash put into or taken out of the drawer during a shift, with its purpose."""

    KIND: ClassVar[str] = "cash_move"
    shift_id: str
    purpose: str
    amount: Money
    reason: str
    approvals: tuple[Approval, ...] = ()

    @property
    def into_drawer(self) -> bool:
        return self.purpose in ("float_in", "bank_in")

    @classmethod
    def from_json(cls, r: Reader) -> CashMove:
        value = cls(shift_id=_uuid(r, "shift_id"), purpose=r.choice("purpose", CASH_PURPOSES),
                    amount=r.money("amount", zero=False), reason=r.text("reason", max_len=200),
                    approvals=r.items("approvals", Approval.from_json, max_len=50))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


# ------------------------------------------------------------------ customers


@dataclass(frozen=True, slots=True)
class CustomerPayment:
    """A customer paying what they owe on account."""

    KIND: ClassVar[str] = "customer_payment"
    payment_no: str
    shift_id: str
    customer: CustomerRef
    amount: Money
    tenders: tuple[Tender, ...]

    @classmethod
    def from_json(cls, r: Reader) -> CustomerPayment:
        value = cls(payment_no=r.text("payment_no", max_len=48),
                    shift_id=_uuid(r, "shift_id"),
                    customer=CustomerRef.from_json(r.obj("customer")),
                    amount=r.money("amount", zero=False),
                    tenders=r.items("tenders", Tender.from_json, min_len=1, max_len=20))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True, slots=True)
class CustomerUpsert:
    """A customer registered (or their details corrected) at the till."""

    KIND: ClassVar[str] = "customer_upsert"
    customer_id: str
    name: str
    phone: str | None
    tin: str | None
    email: str | None

    @classmethod
    def from_json(cls, r: Reader) -> CustomerUpsert:
        value = cls(customer_id=_uuid(r, "customer_id"), name=r.text("name", max_len=200),
                    phone=r.opt_text("phone", max_len=20), tin=r.opt_text("tin", max_len=20, pattern=TIN_RE),
                    email=r.opt_text("email", max_len=254, pattern=EMAIL_RE))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True, slots=True)
class ReceiptSms:
    """The customer asked at the till for the receipt of a sale by text message; head
    office sends a short receipt to the number (docs/messaging.md). Moves no money and no
    stock: the sale itself was sealed before."""

    KIND: ClassVar[str] = "receipt_sms"
    sale_id: str
    phone: str

    @classmethod
    def from_json(cls, r: Reader) -> ReceiptSms:
        value = cls(sale_id=_uuid(r, "sale_id"),
                    phone=r.text("phone", max_len=13, pattern=MOBILE_E164_RE))
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data
