"""The sale pipeline's pricing step: cart lines → priced ``SaleLine``s and totals.

Order of operations (the same on the till and on the server):

1. ``list_amount`` = unit price × quantity, half-up to the pesewa;
2. the line discount comes off, then the order discount is shared over the lines in
   proportion to what is left (largest remainder, so the shares add up exactly);
3. tax is computed per line on the discounted amount (``shared.tax.line_tax``);
4. totals are the sums of the lines.

``check_sale`` is what the server runs on every sale it receives: it reprices the lines
from their inputs and lists every figure that does not match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from operator import attrgetter

from shared.errors import InvalidAmount
from shared.money import Money, total
from shared.payloads import Sale, SaleLine, SaleTotals
from shared.tax import TaxCode, TaxRegime, line_tax


@dataclass(frozen=True, slots=True)
class LineInput:
    """What the cashier put in the cart for one line."""

    sku: str
    name: str
    unit: str
    unit_factor: Decimal
    qty: Decimal
    unit_price: Money
    tax_code: TaxCode
    unit_cost: Money
    line_discount: Money = Money.ZERO
    price_override: bool = False


def price_lines(inputs: Sequence[LineInput | SaleLine], *, order_discount: Money,
                regime: TaxRegime, inclusive: bool,
                vat_registered: bool = True) -> tuple[SaleLine, ...]:
    """Price a cart. Raises ``InvalidAmount`` for a discount larger than what it is on.
    ``inputs`` may be priced lines themselves: only their inputs are read (how
    ``check_sale`` reprices a received sale)."""
    lines = []
    for number, (item, figures) in enumerate(zip(inputs, _priced(
            inputs, order_discount=order_discount, regime=regime, inclusive=inclusive,
            vat_registered=vat_registered), strict=True), start=1):
        (list_amount, share, amount, list_net, net, vat, nhil, getfund, covid, gross,
         cost) = figures
        lines.append(SaleLine(
            line_no=number, sku=item.sku, name=item.name, unit=item.unit,
            unit_factor=item.unit_factor, qty=item.qty, unit_price=item.unit_price,
            tax_code=item.tax_code, unit_cost=item.unit_cost, line_discount=item.line_discount,
            price_override=item.price_override, list_amount=list_amount, order_discount=share,
            amount=amount, list_net=list_net, net=net, vat=vat, nhil=nhil,
            getfund=getfund, covid=covid, gross=gross, cost=cost,
        ))
    return tuple(lines)


def _priced(inputs: Sequence[LineInput | SaleLine], *, order_discount: Money,
            regime: TaxRegime, inclusive: bool,
            vat_registered: bool) -> list[tuple[Money, ...]]:
    """Each line's eleven results, in the order of ``_RESULT_FIELDS`` (see
    ``price_lines``): what ``check_sale`` compares without making a ``SaleLine``."""
    if not inputs:
        raise InvalidAmount("the cart is empty")
    if order_discount.is_negative:
        raise InvalidAmount("an order discount cannot be negative")
    after_line: list[Money] = []
    list_amounts: list[Money] = []
    for item in inputs:
        if item.qty <= 0:
            raise InvalidAmount(f"{item.name}: quantity must be more than zero")
        if item.unit_price.is_negative or item.line_discount.is_negative:
            raise InvalidAmount(f"{item.name}: prices and discounts cannot be negative")
        list_amount = item.unit_price.times(item.qty)
        if list_amount.is_zero and not item.unit_price.is_zero:
            # 1 g at a pesewa a kilo: nothing to charge, nothing to post — almost always a
            # wrong quantity or price, so say so rather than sell it for nothing.
            raise InvalidAmount(f"{item.name}: {item.qty} at {item.unit_price.format()} comes to "
                                "GH₵ 0.00; check the quantity and the price")
        if item.line_discount > list_amount:
            raise InvalidAmount(f"{item.name}: the discount {item.line_discount.format()} is more "
                                f"than the line's {list_amount.format()}")
        list_amounts.append(list_amount)
        after_line.append(list_amount - item.line_discount)
    subtotal = total(after_line)
    if order_discount > subtotal:
        raise InvalidAmount(f"the order discount {order_discount.format()} is more than the "
                            f"sale's {subtotal.format()}")
    if order_discount.is_zero:
        shares: tuple[Money, ...] = tuple(Money.ZERO for _ in inputs)
    else:
        shares = order_discount.allocate(tuple(a.pesewas for a in after_line))
    figures: list[tuple[Money, ...]] = []
    for item, list_amount, remaining, share in zip(inputs, list_amounts, after_line, shares,
                                                   strict=True):
        amount = remaining - share
        tax = line_tax(amount, item.tax_code, regime, inclusive=inclusive, vat_registered=vat_registered)
        list_net = (line_tax(list_amount, item.tax_code, regime, inclusive=True,
                             vat_registered=vat_registered).net if inclusive else list_amount)
        figures.append((list_amount, share, amount, list_net, tax.net, tax.vat, tax.nhil,
                        tax.getfund, tax.covid, tax.gross, item.unit_cost.times(item.qty)))
    return figures


def totals_of(lines: tuple[SaleLine, ...]) -> SaleTotals:
    return SaleTotals.of_lines(lines)


_RESULT_FIELDS = ("list_amount", "order_discount", "amount", "list_net", "net", "vat", "nhil",
                  "getfund", "covid", "gross", "cost")
_results = attrgetter(*_RESULT_FIELDS)


def check_sale(sale: Sale, regime: TaxRegime, *, vat_registered: bool = True) -> tuple[str, ...]:
    """Reprice a received sale from its inputs; return every figure that differs
    (empty when the sale is right). Used by the server to hold, never to correct."""
    if sale.regime != regime.id:
        return (f"the sale was taxed under {sale.regime} but {regime.id} applies at its time",)
    try:
        expected = _priced(sale.lines, order_discount=sale.order_discount, regime=regime,
                           inclusive=sale.inclusive, vat_registered=vat_registered)
    except InvalidAmount as exc:
        return (str(exc),)
    problems = []
    fields = _RESULT_FIELDS
    for got, want in zip(sale.lines, expected, strict=True):
        # Almost every line matches: compare its eleven amounts as integers at once, and
        # name the ones that differ only when something does.
        if [m.pesewas for m in _results(got)] == [m.pesewas for m in want]:
            continue
        for name, figure in zip(fields, want, strict=True):
            if getattr(got, name) != figure:
                problems.append(f"line {got.line_no} ({got.sku}) {name}: sent {getattr(got, name)}, "
                                f"recomputed {figure}")
    return tuple(problems)


def with_quantity(line: LineInput, qty: Decimal) -> LineInput:
    return replace(line, qty=qty)
