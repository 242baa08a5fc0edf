"""Building books data the way the shops make it: envelopes from the toy till (credit
sales, payments on account, cash moves, shift closes, stock, transfers), pushed to a live
server, plus journals by hand through ``books.post.post_journal``."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shared.envelope import Envelope
from shared.money import Money
from shared.payloads import (
    Approval,
    CashMove,
    CustomerPayment,
    CustomerRef,
    DenominationCount,
    ShiftClose,
    StockAdjust,
    StockCount,
    StockLine,
    StockReceive,
    Tender,
    Transfer,
)
from shared.posting import Journal, JournalLine
from sync_server.books.post import post_journal
from sync_server.ledger.models import Account
from tests.server.conftest import ADMIN, World
from tests.server.toy_terminal import ToyTerminal

MANAGER = "manager@acme.test"
OIL, RICE = "GH-0001", "GH-0003"  # 38.00 standard-rated; 145.00 a bag


def today() -> date:
    return datetime.now(UTC).date()


def ago(days: int) -> str:
    return (today() - timedelta(days=days)).isoformat()


def customer(world: World) -> CustomerRef:
    return CustomerRef(world.customer_id, "Kofi Traders", "C0009876543")


def credit_sale(t: ToyTerminal, world: World, items: list[tuple[str, int]], *,
                day: str | None = None) -> Envelope:
    sale = t.priced_sale(items, customer=customer(world))
    gross = sale.totals.gross
    return t.sell(items, customer=customer(world), tenders=[Tender("credit", gross, gross)],
                  business_date=day)


def pay_on_account(t: ToyTerminal, world: World, amount: Money, *, day: str | None = None,
                   method: str = "cash") -> Envelope:
    t.receipt_no += 1
    payment = CustomerPayment(payment_no=f"P{t.terminal_id[-4:]}-{t.receipt_no:06d}",
                              shift_id=t.shift_id, customer=customer(world), amount=amount,
                              tenders=(Tender(method, amount, amount, "mtn", "MP2412.77")
                                       if method == "momo" else Tender(method, amount, amount),))
    return t.seal("customer_payment", payment.to_json(), business_date=day)


def cash_move(t: ToyTerminal, purpose: str, amount: Money, reason: str = "test") -> Envelope:
    move = CashMove(shift_id=t.shift_id, purpose=purpose, amount=amount, reason=reason,
                    approvals=(Approval("cash_out", MANAGER, None),))
    return t.seal("cash_move", move.to_json())


def shift_close(t: ToyTerminal, variance: Money) -> Envelope:
    expected = Money(20000)
    counted = expected + variance
    close = ShiftClose(shift_id=t.shift_id, opening_float=Money(20000), cash_sales=Money.ZERO,
                       cash_refunds=Money.ZERO, cash_in=Money.ZERO, cash_out=Money.ZERO,
                       cash_payments=Money.ZERO, expected=expected,
                       counts=(DenominationCount(Money(100), counted.pesewas // 100),)
                       if counted.pesewas % 100 == 0 else (DenominationCount(Money(1), counted.pesewas),),
                       counted=counted, variance=variance, blind=True, sales_count=0,
                       sales_gross=Money.ZERO,
                       approvals=(Approval("shift_close", MANAGER, "counted twice"),))
    return t.seal("shift_close", close.to_json())


def line(sku: str, qty: str, cost: int, expected: str | None = None) -> StockLine:
    return StockLine(sku=sku, qty=Decimal(qty), unit_cost=Money(cost),
                     expected=Decimal(expected) if expected is not None else None)


def receive(t: ToyTerminal, qty: str = "24.000", cost: int = 2756) -> Envelope:
    return t.seal("stock_receive", StockReceive(
        document_no=f"GRN-{uuid.uuid4().hex[:6]}", supplier="Wilmar Africa Ltd", location="SHOP",
        lines=(line(OIL, qty, cost),)).to_json())


def adjust(t: ToyTerminal) -> Envelope:
    return t.seal("stock_adjust", StockAdjust(
        location="SHOP", reason="damaged", note="dropped carton", lines=(line(OIL, "-2.000", 2756),),
        approvals=(Approval("stock_adjust", MANAGER, None),)).to_json())


def count(t: ToyTerminal) -> Envelope:
    return t.seal("stock_count", StockCount(
        location="SHOP", lines=(line(RICE, "3.000", 12000, "4.000"),),
        approvals=(Approval("stock_adjust", MANAGER, "monthly count"),)).to_json())


def transfer(t: ToyTerminal, kind: str, transfer_id: str, *, to_branch: str,
             qty: str = "6.000", expected: str | None = None) -> Envelope:
    return t.seal(kind, Transfer(
        kind=kind, transfer_id=transfer_id, from_branch="MAIN", from_location="SHOP",
        to_branch=to_branch, to_location="SHOP",
        lines=(line(OIL, qty, 2756, expected),)).to_json())


def add_account(world: World, code: str, name: str, kind: str) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        if scope.get(Account, code) is None:
            scope.add(Account(code=code, name=name, type=kind, contra=False, status="active"))


def manual(world: World, reference: str, memo: str, day: str,
           lines: list[tuple[str, int, int]], branch: str = "MAIN") -> str:
    """Post a journal by hand: lines of (account, debit, credit) in pesewas."""
    journal = Journal("manual", reference, memo, tuple(
        JournalLine(account, Money(debit), Money(credit), branch, memo)
        for account, debit, credit in lines))
    with world.ctx.scope(world.tenant_id) as scope:
        return post_journal(world.ctx, scope, journal, branch=branch, entry_date=day,
                            actor=ADMIN).id


def statuses(body: dict[str, Any]) -> list[str]:
    return [str(r["status"]) for r in body["results"]]
