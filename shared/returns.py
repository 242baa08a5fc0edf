"""How much a return refunds: each figure of the sold line in proportion to the quantity
returned, half-up, with the last return of a line taking exactly what is left — so
returning everything (in one go or in parts) refunds the sale to the pesewa."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.errors import ReturnError
from shared.money import Money, format_quantity
from shared.payloads import RefundLine, SaleLine

_FIGURES = ("net", "vat", "nhil", "getfund", "covid", "cost")


@dataclass(frozen=True, slots=True)
class Returned:
    """What earlier returns already took back from one sold line."""

    qty: Decimal = Decimal("0.000")
    net: Money = Money.ZERO
    vat: Money = Money.ZERO
    nhil: Money = Money.ZERO
    getfund: Money = Money.ZERO
    covid: Money = Money.ZERO
    cost: Money = Money.ZERO

    def plus(self, line: RefundLine) -> Returned:
        return Returned(self.qty + line.qty, *(getattr(self, f) + getattr(line, f) for f in _FIGURES))


def returned_so_far(line_no: int, refunds: tuple[tuple[RefundLine, ...], ...]) -> Returned:
    done = Returned()
    for lines in refunds:
        for line in lines:
            if line.line_no == line_no:
                done = done.plus(line)
    return done


def refund_line(sold: SaleLine, qty: Decimal, already: Returned, *, restock: bool) -> RefundLine:
    """The refund for returning ``qty`` of ``sold`` after ``already`` was returned."""
    if qty <= 0:
        raise ReturnError(f"{sold.name}: the quantity to return must be more than zero")
    left = sold.qty - already.qty
    if qty > left:
        raise ReturnError(
            f"{sold.name}: only {format_quantity(left)} of {format_quantity(sold.qty)} sold can still "
            "be returned", code="return_exceeds_sale")
    last = qty == left
    figures: dict[str, Money] = {}
    for name in _FIGURES:
        whole: Money = getattr(sold, name)
        taken: Money = getattr(already, name)
        figures[name] = whole - taken if last else whole.scale(qty, sold.qty)
    gross = figures["net"] + figures["vat"] + figures["nhil"] + figures["getfund"] + figures["covid"]
    return RefundLine(line_no=sold.line_no, sku=sold.sku, name=sold.name, qty=qty,
                      unit_factor=sold.unit_factor, restock=restock, gross=gross, **figures)
