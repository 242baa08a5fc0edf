"""One valid example of every payload kind and of a whole envelope, for the sync schema.

``shared.schema`` reads these through the very parsers the server uses, recording what
each parser asks of each field: that is how the schema learns the fields. So an example
must exercise every nested object — at least one item in every list and every optional
object present — or its fields go undocumented (the generator says which). The examples
are built with the code a till uses (``shared.pricing``, the payload classes), so their
figures are right by construction; they also appear in the schema and in
docs/sync-protocol.md as the worked example of each kind.

Adding a payload field: give it a value here if the payload classes do not give it a
default, then run ``python tools/protocol/publish_schema.py``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.money import Money
from shared.payloads import (
    TRANSFER_KINDS,
    Approval,
    CashMove,
    CustomerPayment,
    CustomerRef,
    CustomerUpsert,
    DenominationCount,
    ReceiptSms,
    Refund,
    Sale,
    SaleTotals,
    ShiftClose,
    ShiftOpen,
    StockAdjust,
    StockCount,
    StockLine,
    StockReceive,
    Tender,
    Transfer,
    Void,
)
from shared.pricing import LineInput, price_lines
from shared.returns import Returned, refund_line
from shared.running import Figures, Running, own
from shared.tax import GHANA_2026, TaxCode

SHIFT = "01938a6e-8f40-7c1e-9a51-3c0b1d2e4f60"
SALE_ID = "01938a6e-9b00-7d2a-8b11-55aa66bb77cc"
CUSTOMER = CustomerRef(id="01938a6e-7a10-7b3c-a1d2-0e1f2a3b4c5d", name="Kwame Mensah Enterprises",
                       tin="C0012345678")
MANAGER = "manager@acme.test"
OIL, RICE = "6030010001371", "GH-0050"


def _sale() -> Sale:
    lines = price_lines((
        LineInput(sku=OIL, name="Frytol Vegetable Oil 1L", unit="bottle", unit_factor=Decimal("1.000"),
                  qty=Decimal("3.000"), unit_price=Money(3800), tax_code=TaxCode.STANDARD,
                  unit_cost=Money(3150), line_discount=Money(400)),
        LineInput(sku=RICE, name="Royal Aroma Rice 5kg", unit="bag", unit_factor=Decimal("1.000"),
                  qty=Decimal("1.000"), unit_price=Money(14500), tax_code=TaxCode.EXEMPT,
                  unit_cost=Money(12000)),
    ), order_discount=Money(1000), regime=GHANA_2026, inclusive=True)
    totals = SaleTotals.of_lines(lines)
    momo = Money(10000)
    cash = totals.gross - momo
    sale = Sale(receipt_no="T0001-000042", shift_id=SHIFT, location="SHOP", price_list="retail",
                inclusive=True, regime=GHANA_2026.id, customer=CUSTOMER, lines=lines,
                order_discount=Money(1000), totals=totals,
                tenders=(Tender("momo", momo, momo, "mtn", "MP241121.1733.C01234"),
                         Tender("cash", cash, Money(15000))),
                change=Money(15000) - cash,
                approvals=(Approval("discount", MANAGER, "loyal customer"),
                           Approval("discount", MANAGER, "dented tins", sku=OIL)),
                flags=(),
                catalogue_rev=353)
    return replace(sale, running=_after(Running.ZERO, "sale", sale))


# The running totals of the examples: a till's first sale, then the refund of one of its
# bottles (shared.running).
def _after(before: Running, kind: str, payload: Any) -> Running:
    return before.plus(own(kind, payload))


def _refund() -> Refund:
    sale = _sale()
    line = refund_line(sale.lines[0], Decimal("1.000"), Returned(), restock=True)
    refund = Refund(refund_no="R0001-000043", shift_id=SHIFT, location="SHOP",
                    original_id=SALE_ID, original_receipt_no="T0001-000042", lines=(line,),
                    tenders=(Tender("cash", line.gross, line.gross),), reason="damaged seal",
                    approvals=(Approval("refund", MANAGER, None),), flags=())
    assert sale.running is not None
    return replace(refund, running=_after(sale.running, "refund", refund))


def _void() -> Void:
    sale = _sale()
    t = sale.totals
    void = Void(shift_id=SHIFT, original_id=SALE_ID, original_receipt_no="T0001-000042",
                reason="rang up the wrong customer", approvals=(Approval("void", MANAGER, None),),
                flags=(), totals=Figures(t.gross, t.net, t.vat, t.nhil, t.getfund, t.covid))
    assert sale.running is not None
    return replace(void, running=_after(sale.running, "void", void))


def _shift_close() -> ShiftClose:
    counts = (DenominationCount(Money(5000), 10), DenominationCount(Money(2000), 6),
              DenominationCount(Money(100), 7))
    counted = Money(62700)
    expected = Money(20000) + Money(45150) - Money(3522) + Money(0) - Money(0) + Money(1000)
    return ShiftClose(shift_id=SHIFT, opening_float=Money(20000), cash_sales=Money(45150),
                      cash_refunds=Money(3522), cash_in=Money.ZERO, cash_out=Money.ZERO,
                      cash_payments=Money(1000), expected=expected, counts=counts, counted=counted,
                      variance=counted - expected, blind=True, sales_count=17,
                      sales_gross=Money(48672),
                      approvals=(Approval("shift_close", MANAGER, "short: counted twice"),),
                      running=_refund().running)


def _stock_line(qty: str, cost: int, expected: str | None = None) -> StockLine:
    return StockLine(sku=OIL, qty=Decimal(qty), unit_cost=Money(cost),
                     expected=Decimal(expected) if expected is not None else None)


def _transfer(kind: str) -> Transfer:
    truck = kind.startswith("truck")
    receiving = kind in ("transfer_in", "truck_return")
    line = _stock_line("11.000", 3150, "12.000") if receiving else _stock_line("12.000", 3150)
    return Transfer(kind=kind, transfer_id="01938a6e-a000-7e4f-9c3d-2b1a0f9e8d7c",
                    from_branch="MAIN", from_location="VAN-1" if kind == "truck_return" else "STORE",
                    to_branch="MAIN" if truck else "TEM-02",
                    to_location="STORE" if kind == "truck_return" else "VAN-1" if truck else "SHOP",
                    lines=(line,))


def payload_examples() -> dict[str, dict[str, Any]]:
    """kind → a valid payload of that kind (JSON data)."""
    examples: dict[str, Any] = {
        "sale": _sale(),
        "refund": _refund(),
        "void": _void(),
        "shift_open": ShiftOpen(shift_id=SHIFT, opening_float=Money(20000)),
        "shift_close": _shift_close(),
        "cash_move": CashMove(shift_id=SHIFT, purpose="paid_out", amount=Money(2500),
                              reason="kayayo for offloading",
                              approvals=(Approval("cash_out", MANAGER, None),)),
        "customer_payment": CustomerPayment(
            payment_no="P0001-000007", shift_id=SHIFT, customer=CUSTOMER, amount=Money(50000),
            tenders=(Tender("card", Money(49000), Money(49000), "visa", "A1B2C3"),
                     Tender("cash", Money(1000), Money(1000)))),
        "customer_upsert": CustomerUpsert(customer_id=CUSTOMER.id, name=CUSTOMER.name,
                                          phone="+233 24 412 3456", tin=CUSTOMER.tin,
                                          email="accounts@kme.test"),
        "receipt_sms": ReceiptSms(sale_id=SALE_ID, phone="+233244123456"),
        "stock_receive": StockReceive(document_no="GRN-2026-0113", supplier="Wilmar Africa Ltd",
                                      location="STORE", lines=(_stock_line("120.000", 3150),)),
        "stock_adjust": StockAdjust(location="SHOP", reason="damaged", note="dropped carton",
                                    lines=(_stock_line("-2.000", 3150),),
                                    approvals=(Approval("stock_adjust", MANAGER, None),)),
        "stock_count": StockCount(location="SHOP", lines=(_stock_line("46.000", 3150, "48.000"),),
                                  approvals=(Approval("stock_adjust", MANAGER, "monthly count"),)),
        **{kind: _transfer(kind) for kind in TRANSFER_KINDS},
    }
    return {kind: value.to_json() for kind, value in examples.items()}


# A fixed key, so the example envelope (and so the published schema) is the same on every run.
_EXAMPLE_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def envelope_example() -> dict[str, Any]:
    """A whole sealed sale envelope: seq 1 of a till enrolled with tenant 1."""
    from shared.envelope import GENESIS_HASH, seal

    envelope = seal(id="01938a6e-9b00-7d2a-8b11-55aa66bb77cc", tenant="1", branch="MAIN",
                    terminal="01938a6e-6fed-7e2d-a8e9-2eced5c9f2f7", user="ama@acme.test", seq=1,
                    prev_hash=GENESIS_HASH, kind="sale", schema=4,
                    created_at=datetime(2026, 11, 21, 17, 33, 19, 441000, tzinfo=UTC),
                    business_date="2026-11-21", payload=payload_examples()["sale"], key=_EXAMPLE_KEY)
    return envelope.to_json()
