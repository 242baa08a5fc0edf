"""Hypothesis strategies for whole business events (priced sales, refunds, stock moves).

Everything is built through the real pipeline (``price_lines``, ``refund_line``), so a
generated sale is one a till could make.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume
from hypothesis import strategies as st

from shared.money import Money
from shared.payloads import (
    CashMove,
    CustomerRef,
    Sale,
    SaleTotals,
    StockAdjust,
    StockLine,
    StockReceive,
    Tender,
    Transfer,
)
from shared.pricing import LineInput, price_lines
from shared.tax import GHANA_2023, GHANA_2026, TaxCode

SHIFT = "01900000-0000-7000-8000-000000000001"
CUSTOMER = CustomerRef(id="01900000-0000-7000-8000-0000000000c1", name="Kofi Traders", tin="C0012345678")

whole_qty = st.integers(min_value=1, max_value=24).map(lambda n: Decimal(n).quantize(Decimal("0.001")))
weighed_qty = st.integers(min_value=1, max_value=20_000).map(lambda g: (Decimal(g) / 1000).quantize(Decimal("0.001")))


@st.composite
def line_inputs(draw, index: int = 0) -> LineInput:
    price = draw(st.integers(min_value=1, max_value=2_500_000))
    qty = draw(st.one_of(whole_qty, weighed_qty))
    list_amount = Money(price).times(qty)
    assume(not list_amount.is_zero)  # price_lines refuses a line worth nothing (tested separately)
    discount = draw(st.one_of(st.just(0), st.integers(min_value=0, max_value=list_amount.pesewas)))
    factor = draw(st.sampled_from(["1", "6", "12", "50"]))
    return LineInput(
        sku=f"GH-{index:04d}", name=f"Item {index}", unit="each", unit_factor=Decimal(factor).quantize(Decimal("0.001")),
        qty=qty, unit_price=Money(price), tax_code=draw(st.sampled_from(list(TaxCode))),
        unit_cost=Money(draw(st.integers(min_value=0, max_value=price))), line_discount=Money(discount),
    )


@st.composite
def tenders_for(draw, due: Money, *, allow_credit: bool) -> tuple[tuple[Tender, ...], Money]:
    methods = ["cash", "momo", "card"] + (["credit"] if allow_credit else [])
    chosen = draw(st.lists(st.sampled_from(methods), min_size=1, max_size=3, unique=True))
    weights = tuple(draw(st.integers(min_value=1, max_value=100)) for _ in chosen)
    parts = due.allocate(weights)
    tenders = []
    change = Money.ZERO
    for method, amount in zip(chosen, parts, strict=True):
        if amount.is_zero:
            continue
        if method == "cash":
            extra = Money(draw(st.integers(min_value=0, max_value=20_000)))
            tenders.append(Tender("cash", amount, amount + extra))
            change = change + extra
        elif method == "momo":
            tenders.append(Tender("momo", amount, amount, draw(st.sampled_from(["mtn", "telecel", "airteltigo"])), "MP241121.1200.A12345"))
        elif method == "card":
            tenders.append(Tender("card", amount, amount, "visa", "AUTH42"))
        else:
            tenders.append(Tender("credit", amount, amount))
    return tuple(tenders), change


@st.composite
def sales(draw, max_lines: int = 6) -> Sale:
    count = draw(st.integers(min_value=1, max_value=max_lines))
    inputs = tuple(draw(line_inputs(i + 1)) for i in range(count))
    regime = draw(st.sampled_from([GHANA_2026, GHANA_2023]))
    inclusive = draw(st.booleans())
    subtotal = sum((i.unit_price.times(i.qty) - i.line_discount).pesewas for i in inputs)
    order_discount = Money(draw(st.one_of(st.just(0), st.integers(min_value=0, max_value=subtotal))))
    lines = price_lines(inputs, order_discount=order_discount, regime=regime, inclusive=inclusive)
    totals = SaleTotals.of_lines(lines)
    customer = draw(st.one_of(st.none(), st.just(CUSTOMER)))
    if totals.gross.is_zero:  # fully discounted: nothing to pay
        tenders: tuple[Tender, ...] = ()
        change = Money.ZERO
    else:
        tenders, change = draw(tenders_for(totals.gross, allow_credit=customer is not None))
    return Sale(receipt_no="MAIN-T1-000001", shift_id=SHIFT, location="MAIN", price_list="retail",
                inclusive=inclusive, regime=regime.id, customer=customer, lines=lines,
                order_discount=order_discount, totals=totals, tenders=tenders, change=change)


money_positive = st.integers(min_value=1, max_value=10_000_000).map(Money)

cash_moves = st.builds(lambda p, a: CashMove(SHIFT, p, a, "test"),
                       st.sampled_from(["float_in", "bank_in", "paid_out", "drop_to_bank", "to_safe"]),
                       money_positive)

stock_lines = st.builds(lambda s, q, c: StockLine(f"GH-{s:04d}", q, Money(c)),
                        st.integers(1, 50), whole_qty, st.integers(0, 100_000))
signed_stock_lines = st.builds(lambda s, q, neg, c: StockLine(f"GH-{s:04d}", -q if neg else q, Money(c)),
                               st.integers(1, 50), whole_qty, st.booleans(), st.integers(0, 100_000))

stock_receipts = st.builds(lambda ls: StockReceive("GRN-1", "Unilever Ghana", "MAIN", tuple(ls)),
                           st.lists(stock_lines, min_size=1, max_size=5))
stock_adjusts = st.builds(lambda ls: StockAdjust("MAIN", "damaged", None, tuple(ls)),
                          st.lists(signed_stock_lines, min_size=1, max_size=5))
transfers_out = st.builds(
    lambda ls, to: Transfer("transfer_out", "01900000-0000-7000-8000-0000000000t1".replace("t", "a"), "MAIN",
                            "MAIN", to, "MAIN", tuple(ls)),
    st.lists(stock_lines, min_size=1, max_size=5), st.sampled_from(["TEMA", "KSI"]))
