"""The payload of every envelope kind, schema version 1 (a sale: 1 or 2, see ``SCHEMAS``).

Each kind is a frozen dataclass with ``from_json`` (strict: every field checked, unknown
fields refused, errors name the field's path) and ``to_json``. Money is integer pesewas,
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
from shared.ids import UUID_RE
from shared.money import MAX_PESEWAS, QUANTITY_PLACES, Money, _money, total
from shared.tax import LineTax, TaxCode
from shared.wire import Reader, to_json

SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
DOC_NO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_-]{0,47}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}$")
TIN_RE = re.compile(r"^[A-Z0-9-]{5,20}$")

TENDER_METHODS = ("cash", "momo", "card", "credit")
MOMO_PROVIDERS = ("mtn", "telecel", "airteltigo")
CARD_PROVIDERS = ("visa", "mastercard", "gh-link", "other")
APPROVAL_ACTIONS = (
    "discount", "price_override", "void", "refund", "over_credit_limit", "no_sale",
    "cash_out", "stock_adjust", "reprint", "shift_close",
    # issue [8]: a large cart cancelled, a shift closed short, a MoMo reference used before
    "cancel_sale", "shift_shortage", "momo_reuse",
)
CASH_PURPOSES = ("float_in", "bank_in", "paid_out", "drop_to_bank", "to_safe")
ADJUST_REASONS = ("damaged", "expired", "theft", "found", "correction", "other")
# Ghana cedi notes and coins, in pesewas: coins 1p–2 cedis, notes 1–200 cedis. The 1 and
# 5 pesewa coins are rare but legal tender: without them a drawer that took a GH₵ 12.37
# sale in exact money cannot be counted exactly.
DENOMINATIONS = (20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 1)


_TAX_CODES = tuple(c.value for c in TaxCode)


def _code(r: Reader, name: str) -> str:
    return r.text(name, max_len=32, pattern=CODE_RE)


def _uuid(r: Reader, name: str) -> str:
    return r.text(name, max_len=36, pattern=UUID_RE)


def _sku(r: Reader, name: str = "sku") -> str:
    return r.text(name, max_len=64, pattern=SKU_RE)


# ------------------------------------------------------------------ common pieces


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's PIN approval at the till: who approved which action, and why."""

    action: str
    approver: str
    reason: str | None = None

    @classmethod
    def from_json(cls, r: Reader) -> Approval:
        value = cls(action=r.choice("action", APPROVAL_ACTIONS),
                    approver=r.text("approver", max_len=254, pattern=EMAIL_RE),
                    reason=r.opt_text("reason", max_len=200))
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class Tender:
    """One way the customer paid (or was refunded).

    ``amount`` is what this tender settles; ``tendered`` is what was handed over (more
    than ``amount`` only for cash, the difference being change)."""

    method: str
    amount: Money
    tendered: Money
    provider: str | None = None
    reference: str | None = None

    @property
    def change(self) -> Money:
        return self.tendered - self.amount

    @classmethod
    def from_json(cls, r: Reader) -> Tender:
        method = r.choice("method", TENDER_METHODS)
        amount = r.money("amount", zero=False)
        tendered = r.money("tendered", zero=False)
        provider = r.opt_text("provider", max_len=20)
        reference = r.opt_text("reference", max_len=64)
        r.done()
        return cls(method=method, amount=amount, tendered=tendered, provider=provider, reference=reference)


@dataclass(frozen=True, slots=True)
class CustomerRef:
    id: str
    name: str
    tin: str | None = None

    @classmethod
    def from_json(cls, r: Reader) -> CustomerRef:
        value = cls(id=_uuid(r, "id"), name=r.text("name", max_len=200),
                    tin=r.opt_text("tin", max_len=20, pattern=TIN_RE))
        r.done()
        return value


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
        )
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        if self.catalogue_rev is None:
            del data["catalogue_rev"]  # schema 1, as tills before schema 2 sign it
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

    @classmethod
    def from_json(cls, r: Reader) -> Void:
        value = cls(
            shift_id=_uuid(r, "shift_id"),
            original_id=_uuid(r, "original_id"),
            original_receipt_no=r.text("original_receipt_no", max_len=48),
            reason=r.text("reason", max_len=200),
            approvals=r.items("approvals", Approval.from_json, max_len=50),
        )
        r.done()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


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
    "stock_receive": StockReceive.from_json,
    "stock_adjust": StockAdjust.from_json,
    "stock_count": StockCount.from_json,
    **{kind: _transfer_parser(kind) for kind in TRANSFER_KINDS},
}

# kind → the schema versions this code reads. A sale of schema 2 carries
# ``catalogue_rev``; schema 1 (tills already in shops) is still read, and checked against
# the prices in force at the sale's own time.
SCHEMAS: dict[str, frozenset[int]] = {kind: frozenset({1}) for kind in PARSERS}
SCHEMAS["sale"] = frozenset({1, 2})
KINDS = tuple(PARSERS)


def _check_sale_schema(sale: Sale, schema: int) -> None:
    if schema >= 2 and sale.catalogue_rev is None:
        raise Malformed("payload.catalogue_rev", "is missing: a sale of schema 2 names the "
                        "catalogue revision it was priced from")
    if schema < 2 and sale.catalogue_rev is not None:
        raise Malformed("payload.catalogue_rev", "is not a field of schema 1 of a sale; "
                        "send schema 2")


def parse_payload(kind: str, schema: int, data: object) -> Any:
    """A payload's JSON → its typed value, or ``Malformed`` naming the bad field."""
    if kind not in PARSERS:
        raise Malformed("kind", f"“{kind}” is not a known transaction kind")
    if schema not in SCHEMAS[kind]:
        raise Malformed("schema", f"schema version {schema} of {kind} is not supported")
    value = PARSERS[kind](Reader(data, "payload"))
    if kind == "sale":
        _check_sale_schema(value, schema)
    return value


def business_day(value: str) -> date:
    """Parse a business date field (used by envelopes)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed("business_date", f"“{value}” is not a date (YYYY-MM-DD)") from None
