"""Posting rules: each business event → one balanced ``Journal`` (or none).

The till's local ledger and the server's central ledger both call these functions, so
an event is posted the same way on both sides. Journals are never edited; a void is the
exact reversal of its sale. Every journal is checked to balance when it is built.

Accounts (``shared.accounts``):

* sale — Dr each tender's account (cash applied, MoMo, card, receivables for credit);
  Cr 4000 Sales at the list price net of tax; Dr 4100 the discounts net of tax;
  Cr 2100/2110/2120 (and 2130 for the old COVID levy) the tax; Dr 5000 / Cr 1200 cost.
* refund — Dr 4100 the net refunded, Dr the tax accounts, Cr the refund tenders;
  Dr 1200 / Cr 5000 the cost of what goes back on the shelf.
* void — the sale's journal reversed.
* customer payment — Dr the tenders, Cr 1100.
* cash move — paid-out expense Dr 6000 / Cr 1000; drop to bank Dr 1010 / Cr 1000;
  cash from bank Dr 1000 / Cr 1010; float from or to the safe: no journal (cash on hand
  either way).
* shift close — over: Dr 1000 / Cr 6100; short: Dr 6100 / Cr 1000.
* stock receive — Dr 1200 / Cr 2000; adjust or count — loss Dr 5000 / Cr 1200 (gain
  the reverse); transfer out between branches — Dr 1200 at the receiving branch /
  Cr 1200 at the sending branch; transfer in — a short delivery Dr 5000 / Cr 1200 at
  the receiving branch. Van loads and returns within a branch move no value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shared import accounts as acc
from shared.errors import PostingError, UnbalancedJournal
from shared.money import Money, total
from shared.payloads import (
    CashMove,
    CustomerPayment,
    Refund,
    Sale,
    ShiftClose,
    StockAdjust,
    StockCount,
    StockReceive,
    Tender,
    Transfer,
    Void,
)
from shared.tax import COMPONENTS


@dataclass(frozen=True, slots=True)
class JournalLine:
    account: str
    debit: Money
    credit: Money
    branch: str
    memo: str = ""

    def __post_init__(self) -> None:
        if self.debit.is_negative or self.credit.is_negative:
            raise PostingError("a posting's debit and credit are never negative")
        if self.debit.is_zero == self.credit.is_zero:
            raise PostingError("a posting is either a debit or a credit")
        if not acc.is_account_code(self.account):
            raise PostingError(f"“{self.account}” is not an account code")

    @property
    def signed(self) -> Money:
        """Debit positive, credit negative."""
        return self.debit - self.credit


@dataclass(frozen=True, slots=True)
class Journal:
    kind: str
    reference: str
    memo: str
    lines: tuple[JournalLine, ...]

    def __post_init__(self) -> None:
        if not self.lines:
            raise PostingError("a journal needs at least one line")
        debits, credits = self.total_debit, self.total_credit
        if debits != credits:
            raise UnbalancedJournal(
                f"journal {self.kind} {self.reference} does not balance: debits {debits}, "
                f"credits {credits}")

    @property
    def total_debit(self) -> Money:
        return total([ln.debit for ln in self.lines])

    @property
    def total_credit(self) -> Money:
        return total([ln.credit for ln in self.lines])

    def reversed(self, kind: str, reference: str, memo: str) -> Journal:
        return Journal(kind, reference, memo, tuple(
            JournalLine(ln.account, ln.credit, ln.debit, ln.branch, ln.memo) for ln in self.lines))

    def balances(self) -> dict[str, Money]:
        """Net (debit − credit) per account."""
        result: dict[str, Money] = {}
        for line in self.lines:
            result[line.account] = result.get(line.account, Money.ZERO) + line.signed
        return result


class _Builder:
    """Collects signed amounts per (account, branch, memo) and emits postings; a
    negative debit becomes a credit. Zero amounts are dropped."""

    def __init__(self, branch: str) -> None:
        self.branch = branch
        self._lines: list[tuple[str, Money, str, str]] = []

    def dr(self, account: str, amount: Money, memo: str = "", branch: str | None = None) -> None:
        self._lines.append((account, amount, memo, branch or self.branch))

    def cr(self, account: str, amount: Money, memo: str = "", branch: str | None = None) -> None:
        self._lines.append((account, -amount, memo, branch or self.branch))

    def build(self, kind: str, reference: str, memo: str) -> Journal | None:
        merged: dict[tuple[str, str, str], Money] = {}
        for account, amount, line_memo, branch in self._lines:
            key = (account, branch, line_memo)
            merged[key] = merged.get(key, Money.ZERO) + amount
        lines = tuple(
            JournalLine(account, amount if amount.pesewas > 0 else Money.ZERO,
                        -amount if amount.pesewas < 0 else Money.ZERO, branch, line_memo)
            for (account, branch, line_memo), amount in merged.items() if not amount.is_zero)
        if not lines:
            return None
        return Journal(kind, reference, memo, lines)


def _tender_memo(tender: Tender) -> str:
    parts = [tender.method]
    if tender.provider:
        parts.append(tender.provider)
    if tender.reference:
        parts.append(tender.reference)
    return " ".join(parts)


def _tax_lines(builder: _Builder, figures: Iterable[Any], *, credit: bool) -> None:
    items = list(figures)
    for name in COMPONENTS:
        amount = total([getattr(x, name) for x in items])
        if credit:
            builder.cr(acc.TAX_ACCOUNTS[name], amount)
        else:
            builder.dr(acc.TAX_ACCOUNTS[name], amount)


def post_sale(sale: Sale, branch: str) -> Journal:
    b = _Builder(branch)
    for tender in sale.tenders:
        b.dr(acc.TENDER_ACCOUNTS[tender.method], tender.amount, _tender_memo(tender))
    list_net = total([ln.list_net for ln in sale.lines])
    net = total([ln.net for ln in sale.lines])
    b.cr(acc.SALES, list_net)
    b.dr(acc.RETURNS_AND_DISCOUNTS, list_net - net, "discounts")
    _tax_lines(b, sale.lines, credit=True)
    cost = total([ln.cost for ln in sale.lines])
    b.dr(acc.COST_OF_SALES, cost)
    b.cr(acc.INVENTORY, cost)
    journal = b.build("sale", sale.receipt_no, f"Sale {sale.receipt_no}")
    if journal is None:
        raise PostingError(f"sale {sale.receipt_no} has nothing to post")
    return journal


def post_refund(refund: Refund, branch: str) -> Journal | None:
    """``None`` when the return moves no value: the last pesewa of a line was already
    refunded by an earlier part-return (the goods still go back on the shelf)."""
    b = _Builder(branch)
    b.dr(acc.RETURNS_AND_DISCOUNTS, total([ln.net for ln in refund.lines]), "returns")
    _tax_lines(b, refund.lines, credit=False)
    for tender in refund.tenders:
        b.cr(acc.TENDER_ACCOUNTS[tender.method], tender.amount, _tender_memo(tender))
    restocked = total([ln.cost for ln in refund.lines if ln.restock])
    b.dr(acc.INVENTORY, restocked)
    b.cr(acc.COST_OF_SALES, restocked)
    return b.build("refund", refund.refund_no,
                   f"Return {refund.refund_no} of sale {refund.original_receipt_no}")


def post_void(void: Void, original: Sale, branch: str) -> Journal:
    return post_sale(original, branch).reversed(
        "void", original.receipt_no, f"Void of sale {original.receipt_no}: {void.reason}")


def post_customer_payment(payment: CustomerPayment, branch: str) -> Journal:
    b = _Builder(branch)
    for tender in payment.tenders:
        b.dr(acc.TENDER_ACCOUNTS[tender.method], tender.amount, _tender_memo(tender))
    b.cr(acc.RECEIVABLES, payment.amount, payment.customer.name)
    journal = b.build("customer_payment", payment.payment_no,
                      f"Payment on account by {payment.customer.name}")
    assert journal is not None  # amount is never zero (checked when parsed)
    return journal


_CASH_MOVES = {
    "paid_out": (acc.OPERATING_EXPENSES, acc.CASH),
    "drop_to_bank": (acc.BANK, acc.CASH),
    "bank_in": (acc.CASH, acc.BANK),
}


def post_cash_move(move: CashMove, branch: str, reference: str) -> Journal | None:
    if move.purpose not in _CASH_MOVES:
        return None  # float to or from the safe: cash on hand either way
    debit, credit = _CASH_MOVES[move.purpose]
    b = _Builder(branch)
    b.dr(debit, move.amount, move.reason)
    b.cr(credit, move.amount, move.reason)
    return b.build("cash_move", reference, f"Cash {move.purpose.replace('_', ' ')}: {move.reason}")


def post_shift_close(close: ShiftClose, branch: str, reference: str) -> Journal | None:
    b = _Builder(branch)
    b.dr(acc.CASH, close.variance)
    b.cr(acc.CASH_OVER_SHORT, close.variance)
    word = "over" if close.variance.pesewas > 0 else "short"
    return b.build("shift_close", reference, f"Cash {word} at shift close")


def post_stock_receive(receipt: StockReceive, branch: str) -> Journal | None:
    value = total([ln.value for ln in receipt.lines])
    b = _Builder(branch)
    b.dr(acc.INVENTORY, value)
    b.cr(acc.PAYABLES, value, receipt.supplier)
    return b.build("stock_receive", receipt.document_no, f"Goods received from {receipt.supplier}")


def post_stock_change(change: StockAdjust | StockCount, branch: str, reference: str) -> Journal | None:
    value = total([ln.value for ln in change.lines])
    b = _Builder(branch)
    b.dr(acc.INVENTORY, value)
    b.cr(acc.COST_OF_SALES, value)
    what = f"Stock adjustment ({change.reason})" if isinstance(change, StockAdjust) else "Stock count"
    return b.build(
        "stock_adjust" if isinstance(change, StockAdjust) else "stock_count", reference, what)


def post_transfer(transfer: Transfer) -> Journal | None:
    b = _Builder(transfer.to_branch)
    if transfer.receiving:
        short = total([ln.unit_cost.times((ln.expected or ln.qty) - ln.qty) for ln in transfer.lines])
        b.dr(acc.COST_OF_SALES, short, "transfer shortage")
        b.cr(acc.INVENTORY, short, "transfer shortage")
    elif transfer.from_branch != transfer.to_branch:
        value = total([ln.value for ln in transfer.lines])
        b.dr(acc.INVENTORY, value, branch=transfer.to_branch)
        b.cr(acc.INVENTORY, value, branch=transfer.from_branch)
    return b.build(transfer.kind, transfer.transfer_id,
                   f"Transfer {transfer.from_branch}/{transfer.from_location} → "
                   f"{transfer.to_branch}/{transfer.to_location}")


def post_event(payload: Any, branch: str, reference: str, *, original: Sale | None = None) -> Journal | None:
    """The journal for any typed payload (``None`` for events that move no value).

    ``reference`` names the event in the ledger (the envelope id when the payload has no
    document number of its own); a void needs the ``original`` sale."""
    if isinstance(payload, Sale):
        return post_sale(payload, branch)
    if isinstance(payload, Refund):
        return post_refund(payload, branch)
    if isinstance(payload, Void):
        if original is None:
            raise PostingError("posting a void needs the sale it cancels")
        return post_void(payload, original, branch)
    if isinstance(payload, CustomerPayment):
        return post_customer_payment(payload, branch)
    if isinstance(payload, CashMove):
        return post_cash_move(payload, branch, reference)
    if isinstance(payload, ShiftClose):
        return post_shift_close(payload, branch, reference)
    if isinstance(payload, StockReceive):
        return post_stock_receive(payload, branch)
    if isinstance(payload, StockAdjust | StockCount):
        return post_stock_change(payload, branch, reference)
    if isinstance(payload, Transfer):
        return post_transfer(payload)
    return None  # shift open, customer details: no value moves
