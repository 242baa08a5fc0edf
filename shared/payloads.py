"""The payload of every envelope kind, schema version 1 (a sale: 1 or 2, see ``SCHEMAS``).

The pieces every kind shares are in ``shared.payload_common``, the kinds of shifts, cash
and customers in ``shared.payload_cash``, of stock in ``shared.payload_stock``; this
module exports them all, as before. Each kind is a frozen dataclass with ``from_json``
(strict: every field checked, unknown fields refused, errors name the field's path) and
``to_json``. Money is integer pesewas,
quantities are decimal strings with three places, products are keyed by SKU (stable
across the server and a till that imported the same catalogue), users by e-mail.

Only the *form* is checked here: types, required fields, lengths, the JSON shape —
what a program must know to read the payload at all. An envelope that fails it is
``malformed`` and refused. Every business rule (tenders add up to the total, change,
receipt number form, mobile money networks, three-place quantities …) is checked by
``shared.rules.payload_problems`` and whether the prices and taxes recompute by
``shared.pricing.check_sale``: an envelope that breaks one is authentic but *held*, so
a till's outbox never sticks on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, ClassVar, Protocol

from shared.errors import Malformed
from shared.money import MAX_PESEWAS, QUANTITY_PLACES, Money, _money, total
from shared.payload_cash import (
    CashMove,
    CustomerPayment,
    CustomerUpsert,
    DenominationCount,
    ReceiptSms,
    ShiftClose,
    ShiftOpen,
)
from shared.payload_common import (
    _TAX_CODES,
    ADJUST_REASONS,
    APPROVAL_ACTIONS,
    CARD_PROVIDERS,
    CASH_PURPOSES,
    CODE_RE,
    DENOMINATIONS,
    DOC_NO_RE,
    EMAIL_RE,
    MOMO_PROVIDERS,
    SKU_RE,
    TENDER_METHODS,
    TIN_RE,
    Approval,
    CustomerRef,
    Tender,
    _code,
    _sku,
    _uuid,
)
from shared.payload_stock import (
    TRANSFER_KINDS,
    StockAdjust,
    StockCount,
    StockLine,
    StockReceive,
    Transfer,
)
from shared.running import Figures, Running, carries_running
from shared.tax import LineTax, TaxCode
from shared.wire import Reader, to_json

# ------------------------------------------------------------------ sale


# The amounts of a sale line and of a sale's totals, in the order their classes take them.
_LINE_AMOUNTS = ("unit_price", "unit_cost", "line_discount", "list_amount", "order_discount",
                 "amount", "list_net", "net", "vat", "nhil", "getfund", "covid", "gross", "cost")
_TOTAL_AMOUNTS = ("discount", "net", "vat", "nhil", "getfund", "covid", "gross", "cost")
_LINE_FIELDS = frozenset(("line_no", "sku", "name", "unit", "unit_factor", "qty", "tax_code",
                          "price_override", *_LINE_AMOUNTS))
_line_amounts = itemgetter(*_LINE_AMOUNTS)
_line_fields = itemgetter("line_no", "sku", "name", "unit", "unit_factor", "qty", "tax_code",
                          "price_override")
_TAX_CODE_OF = {c.value: c for c in TaxCode}
# Quantity text → its value, for text that is a quantity of exactly three places and more
# than zero. Sales repeat a few quantities ("1.000", "2.000") thousands of times; the
# cache is bounded.
_POSITIVE_QTY: dict[str, Decimal] = {}


def _positive_qty(text: object) -> Decimal | None:
    """``Reader.decimal`` of a quantity that breaks no rule either, or None (the slow
    path reads it, and ``shared.rules`` says what is wrong with it)."""
    if type(text) is not str:
        return None
    value = _POSITIVE_QTY.get(text)
    if value is None:
        try:
            value = Reader({"q": text}, "").decimal("q")
        except Malformed:
            return None
        if value <= 0 or value.as_tuple().exponent != -QUANTITY_PLACES:
            return None
        if len(_POSITIVE_QTY) >= 4096:
            _POSITIVE_QTY.clear()
        _POSITIVE_QTY[text] = value
    return value


def _text_ok(value: object, max_len: int, pattern: re.Pattern[str] | None = None) -> bool:
    """What ``Reader.text`` accepts, for a fast path that falls back to it."""
    return (type(value) is str and len(value) <= max_len and bool(value.strip())
            and (pattern is None or pattern.fullmatch(value) is not None))


@dataclass(frozen=True, slots=True)
class SaleLine:
    """One priced line. Inputs (what was scanned and agreed) and results (what the
    pricing pipeline computed from them); the server recomputes the results."""

    line_no: int
    sku: str
    name: str
    unit: str
    unit_factor: Decimal  # base (stock) units per sold unit: 12 for a carton of 12
    qty: Decimal
    unit_price: Money  # in the price list's basis (tax-inclusive or exclusive)
    tax_code: TaxCode
    unit_cost: Money  # cost of one sold unit
    line_discount: Money
    price_override: bool
    # results
    list_amount: Money  # unit_price × qty
    order_discount: Money  # this line's share of the order discount
    amount: Money  # list_amount − discounts, in the price list's basis
    list_net: Money  # list_amount without tax (revenue before discount)
    net: Money
    vat: Money
    nhil: Money
    getfund: Money
    covid: Money
    gross: Money  # what the customer pays for this line
    cost: Money  # unit_cost × qty

    @property
    def tax(self) -> LineTax:
        return LineTax(self.net, self.vat, self.nhil, self.getfund, self.covid, self.gross)

    @property
    def discount(self) -> Money:
        return self.line_discount + self.order_discount

    @property
    def base_qty(self) -> Decimal:
        return self.qty * self.unit_factor

    @classmethod
    def quick(cls, obj: object) -> SaleLine | None:
        """``from_json`` of a line with nothing wrong in it, in a handful of checks that
        run in C; None for anything else (``from_json`` then finds and names the
        problem). Accepts only what ``from_json`` accepts, giving the same value — a
        property test holds the two together. A sale is mostly its lines."""
        if type(obj) is not dict or obj.keys() != _LINE_FIELDS:
            return None
        amounts = _line_amounts(obj)
        for value in amounts:
            if type(value) is not int or not 0 <= value <= MAX_PESEWAS:
                return None
        line_no, sku, name, unit, unit_factor, qty, tax_code, price_override = _line_fields(obj)
        if (type(line_no) is not int or not 1 <= line_no <= 10_000
                or not _text_ok(sku, 64, SKU_RE) or not _text_ok(name, 200)
                or not _text_ok(unit, 20) or type(price_override) is not bool):
            return None
        factor = _positive_qty(unit_factor)
        count = _positive_qty(qty)
        code = _TAX_CODE_OF.get(tax_code) if type(tax_code) is str else None
        if factor is None or count is None or code is None:
            return None
        (unit_price, unit_cost, line_discount, list_amount, order_discount, amount, list_net,
         net, vat, nhil, getfund, covid, gross, cost) = amounts
        if net + vat + nhil + getfund + covid != gross:
            return None
        if list_amount - line_discount - order_discount != amount:
            return None
        return cls(line_no, sku, name, unit, factor, count, _money(unit_price), code,
                   _money(unit_cost), _money(line_discount), price_override,
                   _money(list_amount), _money(order_discount), _money(amount),
                   _money(list_net), _money(net), _money(vat), _money(nhil), _money(getfund),
                   _money(covid), _money(gross), _money(cost))

    @classmethod
    def from_json(cls, r: Reader) -> SaleLine:
        (unit_price, unit_cost, line_discount, list_amount, order_discount, amount, list_net,
         net, vat, nhil, getfund, covid, gross, cost) = r.amounts(_LINE_AMOUNTS)
        value = cls(
            line_no=r.integer("line_no", minimum=1, maximum=10_000),
            sku=_sku(r),
            name=r.text("name", max_len=200),
            unit=r.text("unit", max_len=20),
            unit_factor=r.decimal("unit_factor"),
            qty=r.decimal("qty"),
            unit_price=unit_price,
            tax_code=TaxCode(r.choice("tax_code", _TAX_CODES)),
            unit_cost=unit_cost,
            line_discount=line_discount,
            price_override=r.boolean("price_override"),
            list_amount=list_amount,
            order_discount=order_discount,
            amount=amount,
            list_net=list_net,
            net=net,
            vat=vat,
            nhil=nhil,
            getfund=getfund,
            covid=covid,
            gross=gross,
            cost=cost,
        )
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class SaleTotals:
    discount: Money
    net: Money
    vat: Money
    nhil: Money
    getfund: Money
    covid: Money
    gross: Money
    cost: Money

    @property
    def tax(self) -> LineTax:
        return LineTax(self.net, self.vat, self.nhil, self.getfund, self.covid, self.gross)

    @classmethod
    def of_lines(cls, lines: tuple[SaleLine, ...]) -> SaleTotals:
        return cls(
            discount=total([ln.discount for ln in lines]),
            net=total([ln.net for ln in lines]),
            vat=total([ln.vat for ln in lines]),
            nhil=total([ln.nhil for ln in lines]),
            getfund=total([ln.getfund for ln in lines]),
            covid=total([ln.covid for ln in lines]),
            gross=total([ln.gross for ln in lines]),
            cost=total([ln.cost for ln in lines]),
        )

    @classmethod
    def from_json(cls, r: Reader) -> SaleTotals:
        value = cls(*r.amounts(_TOTAL_AMOUNTS))
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class Sale:
    KIND: ClassVar[str] = "sale"
    receipt_no: str
    shift_id: str
    location: str
    price_list: str
    inclusive: bool
    regime: str
    customer: CustomerRef | None
    lines: tuple[SaleLine, ...]
    order_discount: Money
    totals: SaleTotals
    tenders: tuple[Tender, ...]
    change: Money
    approvals: tuple[Approval, ...] = ()
    flags: tuple[str, ...] = ()
    # Schema 2: the till's feed cursor when it priced the sale — which catalogue revision
    # the server checks its prices against. None in schema 1 (and then not sent at all).
    catalogue_rev: int | None = None
    # Schema 4: the till's running totals after this sale (shared.running).
    running: Running | None = None
    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("catalogue_rev", "running")

    @classmethod
    def from_json(cls, r: Reader) -> Sale:
        customer_r = r.opt_obj("customer")
        value = cls(
            receipt_no=r.text("receipt_no", max_len=48),
            shift_id=_uuid(r, "shift_id"),
            location=_code(r, "location"),
            price_list=r.text("price_list", max_len=32, pattern=SKU_RE),
            inclusive=r.boolean("inclusive"),
            regime=r.text("regime", max_len=32),
            customer=CustomerRef.from_json(customer_r) if customer_r else None,
            lines=r.items("lines", SaleLine.from_json, min_len=1, max_len=1000,
                          quick=SaleLine.quick),
            order_discount=r.money("order_discount"),
            totals=SaleTotals.from_json(r.obj("totals")),
            tenders=r.items("tenders", Tender.from_json, max_len=20),
            change=r.money("change"),
            approvals=r.items("approvals", Approval.from_json, max_len=50),
            flags=r.texts("flags"),
            catalogue_rev=r.opt_integer("catalogue_rev", minimum=0),
            running=_running(r),
        )
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)  # catalogue_rev, running: absent when None
        return data


# ------------------------------------------------------------------ refund and void


@dataclass(frozen=True, slots=True)
class RefundLine:
    line_no: int  # the line of the original sale
    sku: str
    name: str
    qty: Decimal  # in the sold unit
    unit_factor: Decimal
    restock: bool
    net: Money
    vat: Money
    nhil: Money
    getfund: Money
    covid: Money
    gross: Money
    cost: Money

    @property
    def tax(self) -> LineTax:
        return LineTax(self.net, self.vat, self.nhil, self.getfund, self.covid, self.gross)

    @property
    def base_qty(self) -> Decimal:
        return self.qty * self.unit_factor

    @classmethod
    def from_json(cls, r: Reader) -> RefundLine:
        value = cls(
            line_no=r.integer("line_no", minimum=1, maximum=10_000),
            sku=_sku(r),
            name=r.text("name", max_len=200),
            qty=r.decimal("qty"),
            unit_factor=r.decimal("unit_factor"),
            restock=r.boolean("restock"),
            net=r.money("net"),
            vat=r.money("vat"),
            nhil=r.money("nhil"),
            getfund=r.money("getfund"),
            covid=r.money("covid"),
            gross=r.money("gross"),
            cost=r.money("cost"),
        )
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class Refund:
    """A return of some or all lines of a completed sale, paid back by ``tenders``."""

    KIND: ClassVar[str] = "refund"
    refund_no: str
    shift_id: str
    location: str
    original_id: str
    original_receipt_no: str
    lines: tuple[RefundLine, ...]
    tenders: tuple[Tender, ...]
    reason: str
    approvals: tuple[Approval, ...] = ()
    # Schema 2: markers (``training``) and the till's running totals after the refund.
    flags: tuple[str, ...] | None = None
    running: Running | None = None
    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("flags", "running")

    @property
    def gross(self) -> Money:
        return total([ln.gross for ln in self.lines])

    @classmethod
    def from_json(cls, r: Reader) -> Refund:
        value = cls(
            refund_no=r.text("refund_no", max_len=48),
            shift_id=_uuid(r, "shift_id"),
            location=_code(r, "location"),
            original_id=_uuid(r, "original_id"),
            original_receipt_no=r.text("original_receipt_no", max_len=48),
            lines=r.items("lines", RefundLine.from_json, min_len=1, max_len=1000),
            tenders=r.items("tenders", Tender.from_json, max_len=20),  # none for a GH₵ 0.00 return
            reason=r.text("reason", max_len=200),
            approvals=r.items("approvals", Approval.from_json, max_len=50),
            flags=r.opt_texts("flags"),
            running=_running(r),
        )
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True, slots=True)
class Void:
    """Cancels a completed sale of the open shift entirely (with approval)."""

    KIND: ClassVar[str] = "void"
    shift_id: str
    original_id: str
    original_receipt_no: str
    reason: str
    approvals: tuple[Approval, ...]
    # Schema 2: markers (``training``), the voided sale's totals (what the void takes off
    # the running totals) and the till's running totals after the void.
    flags: tuple[str, ...] | None = None
    totals: Figures | None = None
    running: Running | None = None
    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("flags", "totals", "running")

    @classmethod
    def from_json(cls, r: Reader) -> Void:
        value = cls(
            shift_id=_uuid(r, "shift_id"),
            original_id=_uuid(r, "original_id"),
            original_receipt_no=r.text("original_receipt_no", max_len=48),
            reason=r.text("reason", max_len=200),
            approvals=r.items("approvals", Approval.from_json, max_len=50),
            flags=r.opt_texts("flags"),
            totals=Figures.from_json(totals_r) if (totals_r := r.opt_obj("totals")) else None,
            running=_running(r),
        )
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


def _running(r: Reader) -> Running | None:
    running_r = r.opt_obj("running")
    return Running.from_json(running_r) if running_r else None


# ------------------------------------------------------------------ registry


class Payload(Protocol):
    def to_json(self) -> dict[str, Any]: ...


def _transfer_parser(kind: str) -> Any:
    return lambda r: Transfer.parse(r, kind)


PARSERS: dict[str, Any] = {
    "sale": Sale.from_json,
    "refund": Refund.from_json,
    "void": Void.from_json,
    "shift_open": ShiftOpen.from_json,
    "shift_close": ShiftClose.from_json,
    "cash_move": CashMove.from_json,
    "customer_payment": CustomerPayment.from_json,
    "customer_upsert": CustomerUpsert.from_json,
    "receipt_sms": ReceiptSms.from_json,
    "stock_receive": StockReceive.from_json,
    "stock_adjust": StockAdjust.from_json,
    "stock_count": StockCount.from_json,
    **{kind: _transfer_parser(kind) for kind in TRANSFER_KINDS},
}

# kind → the schema versions this code reads. A sale of schema 2 carries
# ``catalogue_rev``; schema 1 (tills already in shops) is still read, and checked against
# the prices in force at the sale's own time. In schema 3 an approval names the line it
# approves (``Approval.sku``) and covers only that; in 1 and 2 one covers every line.
SCHEMAS: dict[str, frozenset[int]] = {kind: frozenset({1}) for kind in PARSERS}
SCHEMAS["sale"] = frozenset({1, 2, 3, 4})
# Schema 4 of a sale, 2 of a refund and a void, 2 of a shift close: the till's running
# totals after it (``running``, shared.running); a refund and a void of schema 2 may be
# flagged ``training``, and a void of schema 2 carries the voided sale's ``totals``.
SCHEMAS["refund"] = frozenset({1, 2})
SCHEMAS["void"] = frozenset({1, 2})
SCHEMAS["shift_close"] = frozenset({1, 2})
KINDS = tuple(PARSERS)


def _check_sale_schema(sale: Sale, schema: int) -> None:
    if schema >= 2 and sale.catalogue_rev is None:
        raise Malformed("payload.catalogue_rev", "is missing: a sale of schema 2 or 3 names "
                        "the catalogue revision it was priced from")
    if schema < 2 and sale.catalogue_rev is not None:
        raise Malformed("payload.catalogue_rev", "is not a field of schema 1 of a sale; "
                        "send schema 2")


def _check_running_schema(kind: str, value: Any, schema: int) -> None:
    newer = carries_running(kind, schema)
    fields = ("running",) + (("flags",) if kind in ("refund", "void") else ()) + (
        ("totals",) if kind == "void" else ())
    for name in fields:
        present = getattr(value, name) is not None
        if name == "flags" and not newer and present:
            raise Malformed(f"payload.{name}", f"is not a field of schema {schema} of a {kind}")
        if name != "flags" and present != newer:
            raise Malformed(f"payload.{name}", (
                f"is missing: a {kind} of schema {schema} carries it (shared.running)" if newer
                else f"is not a field of schema {schema} of a {kind}"))


def parse_payload(kind: str, schema: int, data: object) -> Any:
    """A payload's JSON → its typed value, or ``Malformed`` naming the bad field."""
    if kind not in PARSERS:
        raise Malformed("kind", f"“{kind}” is not a known transaction kind")
    if schema not in SCHEMAS[kind]:
        raise Malformed("schema", f"schema version {schema} of {kind} is not supported")
    value = PARSERS[kind](Reader(data, "payload"))
    if kind == "sale":
        _check_sale_schema(value, schema)
    if kind in ("sale", "refund", "void", "shift_close"):
        _check_running_schema(kind, value, schema)
    return value


def business_day(value: str) -> date:
    """Parse a business date field (used by envelopes)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed("business_date", f"“{value}” is not a date (YYYY-MM-DD)") from None


__all__ = [
    "ADJUST_REASONS", "APPROVAL_ACTIONS", "CARD_PROVIDERS", "CASH_PURPOSES", "CODE_RE",
    "DENOMINATIONS", "DOC_NO_RE", "EMAIL_RE", "KINDS", "MOMO_PROVIDERS", "PARSERS", "SCHEMAS",
    "SKU_RE", "TENDER_METHODS", "TIN_RE", "TRANSFER_KINDS", "Approval", "CashMove",
    "CustomerPayment", "CustomerRef", "CustomerUpsert", "DenominationCount", "Payload",
    "ReceiptSms", "Refund", "RefundLine", "Sale", "SaleLine", "SaleTotals", "ShiftClose", "ShiftOpen",
    "StockAdjust", "StockCount", "StockLine", "StockReceive", "Tender", "Transfer", "Void",
    "business_day", "parse_payload",
]
