"""How much a return refunds: the price paid for what comes back, split into net and
taxes that add up to it.

The refund's gross is the line's gross in proportion to the quantity returned so far,
half-up, less what earlier returns of the line paid back — so 1 of 2 tins sold at 4.50
refunds 4.50, whole units of an undiscounted line refund the shelf price, and the
refunds of a line never add up to more than it. That gross is split over the parts
(net, VAT, NHIL, GETFund, COVID) in proportion to what is left of each (largest
remainder): they always add up to it. Cost follows the quantity the same way. The last
return of a line takes exactly what is left, so returning everything (in one go or in
parts) refunds the sale to the pesewa. The till and the server both use
``refund_line``: the server holds a refund whose figures differ from it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.errors import ReturnError
from shared.money import Money, format_quantity, total
from shared.payloads import RefundLine, SaleLine

_PARTS = ("net", "vat", "nhil", "getfund", "covid")  # they add up to gross
_FIGURES = (*_PARTS, "cost")


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

    @property
    def gross(self) -> Money:
        return self.net + self.vat + self.nhil + self.getfund + self.covid

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
    parts_left = [max(getattr(sold, f) - getattr(already, f), Money.ZERO) for f in _PARTS]
    gross_left = total(parts_left)
    cost_left = max(sold.cost - already.cost, Money.ZERO)
    if last:
        parts, cost = parts_left, cost_left
    else:
        gross = _share(sold.gross, already.qty + qty, sold.qty, already.gross, gross_left)
        parts = ([Money.ZERO] * len(_PARTS) if gross.is_zero
                 else list(gross.allocate(tuple(p.pesewas for p in parts_left))))
        cost = _share(sold.cost, already.qty + qty, sold.qty, already.cost, cost_left)
    figures = dict(zip(_PARTS, parts, strict=True))
    return RefundLine(line_no=sold.line_no, sku=sold.sku, name=sold.name, qty=qty,
                      unit_factor=sold.unit_factor, restock=restock, gross=total(parts),
                      cost=cost, **figures)


def _share(whole: Money, returned: Decimal, sold: Decimal, taken: Money, left: Money) -> Money:
    """What a return of part of a line pays back of ``whole``: its share of everything
    returned so far (``returned`` of ``sold``), half-up, less what earlier returns
    ``taken`` — never below nothing nor above what is ``left``."""
    return min(max(whole.scale(returned, sold) - taken, Money.ZERO), left)
