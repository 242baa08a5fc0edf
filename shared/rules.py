"""The business rules of a payload that its form does not show: what the till must get
right for the figures to mean anything, checked on a payload that already parsed.

``shared.payloads`` only reads (types, fields, JSON shape: breaking that is
``malformed``, and the envelope is refused). An envelope that reads but breaks a rule
here is authentic and must not stick a till's outbox: the server *holds* it with the
problem's ``code`` and ``message`` (a sentence a person can act on), and a till never
signs one (``shared.envelope.seal`` refuses it). Whether prices and taxes recompute is
``shared.pricing.check_sale``, not here.

Codes (docs/sync-protocol.md §6.4): ``bad_quantity``, ``totals_mismatch``,
``bad_line_numbers``, ``bad_tender``, ``unknown_network``, ``bad_change``,
``bad_receipt_no``, ``duplicate_line``, ``bad_denomination``, ``bad_cash_count``,
``bad_transfer``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.money import QUANTITY_PLACES, Money, total
from shared.payloads import (
    CARD_PROVIDERS,
    DENOMINATIONS,
    DOC_NO_RE,
    MOMO_PROVIDERS,
    CustomerPayment,
    Refund,
    Sale,
    SaleLine,
    SaleTotals,
    ShiftClose,
    StockAdjust,
    StockCount,
    StockLine,
    StockReceive,
    Tender,
    Transfer,
    Void,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: a stable ``code`` (the hold's reason code), the field's path
    in the payload and a sentence for a person."""

    code: str
    field: str
    message: str


def payload_problems(payload: Any) -> tuple[Problem, ...]:
    """Every rule ``payload`` (a parsed payload of any kind) breaks; () when none."""
    check = _CHECKS.get(type(payload))
    if check is None:
        return ()
    found: list[Problem] = []
    check(payload, found.append)
    return tuple(found)


Add = Callable[[Problem], None]


def _quantity(add: Add, field: str, what: str, value: Decimal, *, sign: str = "positive") -> None:
    """Quantities have three decimal places (to the gram), no more — ``Reader.decimal``
    gives fewer three, exactly — and, by ``sign``, are ``positive``, ``not_negative``
    or ``any``."""
    exponent = value.as_tuple().exponent
    if exponent != -QUANTITY_PLACES:
        add(Problem("bad_quantity", field, f"{what}: the quantity “{value}” has more than "
                    f"{QUANTITY_PLACES} decimal places (quantities go to the gram, like 1.000 "
                    "or 0.250). It was not rounded: the till's software must be fixed."))
        return
    if sign == "positive" and value <= 0:
        add(Problem("bad_quantity", field, f"{what}: the quantity {value} must be more "
                    "than zero."))
    elif sign == "not_negative" and value < 0:
        add(Problem("bad_quantity", field, f"{what}: the quantity {value} must not be "
                    "negative."))


def _doc_no(add: Add, field: str, what: str, value: str) -> None:
    if DOC_NO_RE.fullmatch(value) is None:
        add(Problem("bad_receipt_no", field, f"The {what} “{value[:48]}” is not in the form a "
                    "document number takes (letters, digits, / _ - only, starting with a letter "
                    "or digit)."))


def _tender(add: Add, field: str, tender: Tender) -> None:
    method = tender.method
    if method == "cash":
        if tender.tendered < tender.amount:
            add(Problem("bad_tender", f"{field}.tendered", f"The cash handed over "
                        f"({tender.tendered.format()}) is less than the {tender.amount.format()} "
                        "it is said to pay."))
    elif tender.tendered != tender.amount:
        add(Problem("bad_change", f"{field}.tendered", f"A {method} payment cannot give change, "
                    f"but {tender.tendered.format()} was tendered for {tender.amount.format()}."))
    if method == "momo":
        if tender.provider not in MOMO_PROVIDERS:
            add(Problem("unknown_network", f"{field}.provider", f"The mobile money network "
                        f"“{tender.provider or ''}” is not one of {', '.join(MOMO_PROVIDERS)}."))
        if not tender.reference:
            add(Problem("bad_tender", f"{field}.reference", "A mobile money payment has no "
                        "transaction reference."))
    if method == "card":
        # Older tills sent no scheme; a scheme they did send must be a known one.
        if tender.provider is not None and tender.provider not in CARD_PROVIDERS:
            add(Problem("unknown_network", f"{field}.provider", f"The card scheme "
                        f"“{tender.provider}” is not one of {', '.join(CARD_PROVIDERS)}."))
        if not tender.reference:
            add(Problem("bad_tender", f"{field}.reference", "A card payment has no approval "
                        "code."))


def _tenders(add: Add, tenders: tuple[Tender, ...], due: Money, change: Money, *,
             what: str) -> None:
    for number, tender in enumerate(tenders):
        _tender(add, f"payload.tenders[{number}]", tender)
    paid = total([t.amount for t in tenders])
    if paid != due:
        add(Problem("bad_tender", "payload.tenders", f"The payments add up to {paid.format()}, "
                    f"not the {what} of {due.format()}."))
    given = total([t.change for t in tenders])
    if given != change:
        add(Problem("bad_change", "payload.change", f"The change recorded ({change.format()}) is "
                    f"not the cash handed over less the cash applied ({given.format()})."))


def _totals_match(lines: tuple[SaleLine, ...], totals: SaleTotals) -> bool:
    """``SaleTotals.of_lines(lines) == totals``, in integers."""
    discount = net = vat = nhil = getfund = covid = gross = cost = 0
    for ln in lines:
        discount += ln.line_discount.pesewas + ln.order_discount.pesewas
        net += ln.net.pesewas
        vat += ln.vat.pesewas
        nhil += ln.nhil.pesewas
        getfund += ln.getfund.pesewas
        covid += ln.covid.pesewas
        gross += ln.gross.pesewas
        cost += ln.cost.pesewas
    return (discount, net, vat, nhil, getfund, covid, gross, cost) == (
        totals.discount.pesewas, totals.net.pesewas, totals.vat.pesewas, totals.nhil.pesewas,
        totals.getfund.pesewas, totals.covid.pesewas, totals.gross.pesewas,
        totals.cost.pesewas)


def _sale(sale: Sale, add: Add) -> None:
    _doc_no(add, "payload.receipt_no", "receipt number", sale.receipt_no)
    for index, line in enumerate(sale.lines):
        field, what = f"payload.lines[{index}]", f"Line {line.line_no} ({line.sku})"
        _quantity(add, f"{field}.qty", what, line.qty)
        _quantity(add, f"{field}.unit_factor", f"{what}, units per sold unit", line.unit_factor)
        # Compared as integers: the same sums as of ``Money`` values, without making any.
        if (line.net.pesewas + line.vat.pesewas + line.nhil.pesewas + line.getfund.pesewas
                + line.covid.pesewas != line.gross.pesewas):
            add(Problem("totals_mismatch", f"{field}.gross", f"{what}: net plus taxes is not "
                        f"the line's gross {line.gross.format()}."))
        if (line.list_amount.pesewas - line.line_discount.pesewas
                - line.order_discount.pesewas != line.amount.pesewas):
            add(Problem("totals_mismatch", f"{field}.amount", f"{what}: the list amount less "
                        f"discounts is not the line's amount {line.amount.format()}."))
    numbers = [ln.line_no for ln in sale.lines]
    if numbers != list(range(1, len(numbers) + 1)):
        add(Problem("bad_line_numbers", "payload.lines", "The sale's lines are numbered "
                    f"{', '.join(map(str, numbers[:10]))}, not 1, 2, 3 … in order."))
    if not _totals_match(sale.lines, sale.totals):
        add(Problem("totals_mismatch", "payload.totals", "The sale's totals are not the sums of "
                    "its lines."))
    _tenders(add, sale.tenders, sale.totals.gross, sale.change, what="sale's total")
    if sale.customer is None and any(t.method == "credit" for t in sale.tenders):
        add(Problem("bad_tender", "payload.tenders", "A sale on credit has no registered "
                    "customer to owe it."))


def _refund(refund: Refund, add: Add) -> None:
    _doc_no(add, "payload.refund_no", "refund number", refund.refund_no)
    _doc_no(add, "payload.original_receipt_no", "original receipt number",
            refund.original_receipt_no)
    seen: set[int] = set()
    for index, line in enumerate(refund.lines):
        field, what = f"payload.lines[{index}]", f"Returned line {line.line_no} ({line.sku})"
        _quantity(add, f"{field}.qty", what, line.qty)
        _quantity(add, f"{field}.unit_factor", f"{what}, units per sold unit", line.unit_factor)
        if line.net + line.vat + line.nhil + line.getfund + line.covid != line.gross:
            add(Problem("totals_mismatch", f"{field}.gross", f"{what}: net plus taxes is not "
                        f"the line's gross {line.gross.format()}."))
        if line.line_no in seen:
            add(Problem("duplicate_line", f"{field}.line_no", f"{what} appears twice in one "
                        "refund."))
        seen.add(line.line_no)
    _tenders(add, refund.tenders, refund.gross, Money.ZERO, what="refund's total")


def _void(void: Void, add: Add) -> None:
    _doc_no(add, "payload.original_receipt_no", "original receipt number",
            void.original_receipt_no)


def _shift_close(close: ShiftClose, add: Add) -> None:
    for index, count in enumerate(close.counts):
        if count.denomination.pesewas not in DENOMINATIONS:
            add(Problem("bad_denomination", f"payload.counts[{index}].denomination",
                        f"{count.denomination.format()} is not a Ghana cedi note or coin."))
    expected = (close.opening_float + close.cash_sales - close.cash_refunds + close.cash_in
                - close.cash_out + close.cash_payments)
    if expected != close.expected:
        add(Problem("bad_cash_count", "payload.expected", f"The expected cash "
                    f"{close.expected.format()} is not float + sales − refunds + in − out + "
                    f"payments ({expected.format()})."))
    if close.counts and total([c.denomination * c.count for c in close.counts]) != close.counted:
        add(Problem("bad_cash_count", "payload.counted", "The notes and coins counted do not add "
                    f"up to the counted cash {close.counted.format()}."))
    if close.counted - close.expected != close.variance:
        add(Problem("bad_cash_count", "payload.variance", f"The variance {close.variance.format()}"
                    " is not the counted cash less the expected cash."))


def _customer_payment(payment: CustomerPayment, add: Add) -> None:
    _doc_no(add, "payload.payment_no", "payment number", payment.payment_no)
    if any(t.method == "credit" for t in payment.tenders):
        add(Problem("bad_tender", "payload.tenders", "A payment on account cannot itself be on "
                    "credit."))
    change = total([t.change for t in payment.tenders])
    _tenders(add, payment.tenders, payment.amount, change, what="payment's amount")


def _stock_lines(add: Add, lines: tuple[StockLine, ...], sign: str) -> None:
    for index, line in enumerate(lines):
        field, what = f"payload.lines[{index}]", f"Stock line {index + 1} ({line.sku})"
        _quantity(add, f"{field}.qty", what, line.qty, sign=sign)
        if line.expected is not None:
            _quantity(add, f"{field}.expected", f"{what}, expected", line.expected, sign="any")


def _stock_receive(receive: StockReceive, add: Add) -> None:
    _doc_no(add, "payload.document_no", "delivery note number", receive.document_no)
    _stock_lines(add, receive.lines, "positive")


def _stock_adjust(adjust: StockAdjust, add: Add) -> None:
    _stock_lines(add, adjust.lines, "any")
    for index, line in enumerate(adjust.lines):
        if line.qty == 0:
            add(Problem("bad_quantity", f"payload.lines[{index}].qty", f"Stock line {index + 1} "
                        f"({line.sku}) of an adjustment changes nothing (quantity 0)."))


def _stock_count(count: StockCount, add: Add) -> None:
    _stock_lines(add, count.lines, "not_negative")


def _transfer(transfer: Transfer, add: Add) -> None:
    _stock_lines(add, transfer.lines, "not_negative" if transfer.receiving else "positive")
    if (transfer.from_branch, transfer.from_location) == (transfer.to_branch, transfer.to_location):
        add(Problem("bad_transfer", "payload.to_location", "A transfer must go to a different "
                    f"location, but it goes from {transfer.from_location} to itself."))
    if transfer.kind.startswith("truck") and transfer.from_branch != transfer.to_branch:
        add(Problem("bad_transfer", "payload.to_branch", "A van is loaded and unloaded within one "
                    f"branch, not from {transfer.from_branch} to {transfer.to_branch}."))


_CHECKS: dict[type[Any], Callable[[Any, Add], None]] = {
    Sale: _sale, Refund: _refund, Void: _void, ShiftClose: _shift_close,
    CustomerPayment: _customer_payment, StockReceive: _stock_receive,
    StockAdjust: _stock_adjust, StockCount: _stock_count, Transfer: _transfer,
}

__all__ = ["Problem", "payload_problems"]
