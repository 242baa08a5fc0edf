"""Purchases as arithmetic: the input tax of a bill line, and the journals of a supplier
bill, a supplier payment, a quick expense, a tax payment to GRA and a MoMo or card
settlement (issue [9]). No database: the server's ``sync_server.purchases`` stores what
these return and posts the journals through ``books.post.post_journal``.

**Input tax.** A supplier charges VAT, NHIL and GETFund on a standard-rated (B) line by
the regime of the bill's date (``shared.tax``), on a net amount or split out of a gross
one. What the shop may claim back decides where each part goes:

* ``GH-2026`` (levies on the value, not under VAT): VAT, NHIL and GETFund are all input
  tax — debited to 2100/2110/2120, which the output tax on sales is credited to, so the
  balance is what is owed to GRA.
* ``GH-2023`` (VAT on value plus levies): only VAT is input tax; NHIL, GETFund and the
  COVID levy were straight levies, not deductible, so they are part of the cost.
* A shop that is not VAT-registered on the bill's date claims nothing: all tax is cost.

**Goods received.** A till's ``stock_receive`` already posted Dr 1200 / Cr 2000 at the
receipt's value. A bill that links receipts posts only what they did not: the input
tax, the lines that are not goods (transport …), and the difference between the goods
lines' cost and the receipts' value to 1200 (the supplier charged more or less than the
till recorded) — and credits 2000 with the bill's gross less the receipts' value, so
Accounts Payable ends at the gross.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from shared import accounts as acc
from shared.errors import BisamaError
from shared.money import Money, total
from shared.posting import Journal, JournalLine
from shared.tax import COMPONENTS, LineTax, TaxCode, TaxProfile, line_tax

GOODS = "goods"  # a bill line for goods received: its account is 1200 Inventory


class PurchaseError(BisamaError, ValueError):
    """A bill, payment, expense or settlement that cannot be what it says."""

    def __init__(self, message: str, code: str = "bad_purchase") -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True, slots=True)
class InputTax:
    """One purchase line: what the supplier charged (``tax``), the part the shop claims
    back per component (``claim``), and the cost that goes to the line's account."""

    tax: LineTax
    claim: dict[str, Money]

    @property
    def claimed(self) -> Money:
        return total(list(self.claim.values()))

    @property
    def cost(self) -> Money:
        return self.tax.gross - self.claimed


def input_tax(amount: Money, code: TaxCode, day: date, *, inclusive: bool,
              profile: TaxProfile) -> InputTax:
    """The tax on one purchase line of ``amount`` (gross when ``inclusive``, else net)
    dated ``day``, and how much of it is claimable (see the module docstring)."""
    if amount.is_negative or amount.is_zero:
        raise PurchaseError(f"A line amount must be more than zero, not {amount}.",
                            code="bad_amount")
    regime = profile.regime_on(day)
    tax = line_tax(amount, code, regime, inclusive=inclusive, vat_registered=True)
    claim = {name: Money.ZERO for name in COMPONENTS}
    if profile.vat_registered_on(day):
        claim["vat"] = tax.vat
        if not regime.vat_on_levies:
            claim["nhil"], claim["getfund"], claim["covid"] = tax.nhil, tax.getfund, tax.covid
    return InputTax(tax, claim)


@dataclass(frozen=True, slots=True)
class PricedLine:
    account: str  # an account code, or GOODS
    description: str
    tax: InputTax


def _tax_debits(lines: list[JournalLine], parts: Sequence[InputTax], branch: str) -> None:
    for name in COMPONENTS:
        amount = total([p.claim[name] for p in parts])
        if not amount.is_zero:
            lines.append(JournalLine(acc.TAX_ACCOUNTS[name], amount, Money.ZERO, branch,
                                     f"input {name.upper() if name == 'vat' else name}"))


def _signed(account: str, amount: Money, branch: str, memo: str) -> JournalLine | None:
    if amount.is_zero:
        return None
    if amount.is_negative:
        return JournalLine(account, Money.ZERO, -amount, branch, memo)
    return JournalLine(account, amount, Money.ZERO, branch, memo)


def bill_journal(number: str, supplier: str, branch: str, lines: Sequence[PricedLine], *,
                 receipts_value: Money | None = None) -> Journal | None:
    """Dr each line's account its cost, Dr the input tax, Cr 2000 the gross; with linked
    receipts (``receipts_value``) the goods lines' cost is netted against what the
    receipts already debited to 1200 and 2000. ``None`` when a linked bill adds nothing
    (no tax, exactly the receipts' value)."""
    if not lines:
        raise PurchaseError("A bill needs at least one line.", code="empty_bill")
    out: list[JournalLine] = []
    costs: dict[str, Money] = {}
    for line in lines:
        account = acc.INVENTORY if line.account == GOODS else line.account
        costs[account] = costs.get(account, Money.ZERO) + line.tax.cost
    gross = total([ln.tax.tax.gross for ln in lines])
    if receipts_value is not None:
        goods = total([ln.tax.cost for ln in lines if ln.account == GOODS])
        if goods.is_zero:
            raise PurchaseError("A bill that links goods received needs a “goods received” "
                                "line for them.", code="no_goods_line")
        costs[acc.INVENTORY] = costs.get(acc.INVENTORY, Money.ZERO) - receipts_value
        gross = gross - receipts_value
    for account, amount in costs.items():
        memo = "difference to goods received" if (receipts_value is not None
                                                  and account == acc.INVENTORY) else ""
        posting = _signed(account, amount, branch, memo)
        if posting is not None:
            out.append(posting)
    _tax_debits(out, [ln.tax for ln in lines], branch)
    payable = _signed(acc.PAYABLES, -gross, branch, supplier)
    if payable is not None:
        out.append(payable)
    if not out:
        return None  # a linked bill with no tax at exactly the receipts' value adds nothing
    return Journal("bill", number, f"Bill {number} from {supplier}", tuple(out))


def opening_balance_journal(reference: str, supplier: str, branch: str, amount: Money) -> Journal:
    """A supplier's balance at go-live: Dr 3200 Opening Balance Equity / Cr 2000."""
    if amount.is_negative or amount.is_zero:
        raise PurchaseError("An opening balance must be more than zero.", code="bad_amount")
    return Journal("opening_balance", reference, f"Opening balance owed to {supplier}", (
        JournalLine(acc.OPENING_BALANCE_EQUITY, amount, Money.ZERO, branch, supplier),
        JournalLine(acc.PAYABLES, Money.ZERO, amount, branch, supplier)))


def payment_journal(number: str, supplier: str, branch: str, amount: Money,
                    paid_from: str) -> Journal:
    """A payment to a supplier: Dr 2000 / Cr the cash, bank or MoMo account."""
    if amount.is_negative or amount.is_zero:
        raise PurchaseError("A payment must be more than zero.", code="bad_amount")
    return Journal("supplier_payment", number, f"Payment {number} to {supplier}", (
        JournalLine(acc.PAYABLES, amount, Money.ZERO, branch, supplier),
        JournalLine(paid_from, Money.ZERO, amount, branch, supplier)))


def expense_journal(number: str, category: str, branch: str, tax: InputTax, *, paid_from: str,
                    memo: str) -> Journal:
    """A quick expense: Dr the category its cost, Dr the input tax, Cr where it was paid
    from the gross."""
    out = [JournalLine(category, tax.cost, Money.ZERO, branch, memo[:200])]
    _tax_debits(out, [tax], branch)
    out.append(JournalLine(paid_from, Money.ZERO, tax.tax.gross, branch, memo[:200]))
    return Journal("expense", number, f"Expense {number}: {memo}"[:300], tuple(out))


def tax_payment_journal(number: str, period: str, branch: str, amounts: dict[str, Money],
                        bank: str) -> Journal:
    """Tax paid to GRA: Dr 2100/2110/2120 (2130) / Cr the bank, for ``period``."""
    out: list[JournalLine] = []
    for name in COMPONENTS:
        amount = amounts.get(name, Money.ZERO)
        if amount.is_negative:
            raise PurchaseError(f"The {name.upper()} paid cannot be negative.", code="bad_amount")
        if not amount.is_zero:
            out.append(JournalLine(acc.TAX_ACCOUNTS[name], amount, Money.ZERO, branch, period))
    paid = total([ln.debit for ln in out])
    if paid.is_zero:
        raise PurchaseError("Say how much VAT, NHIL, GETFund (or COVID levy) was paid.",
                            code="bad_amount")
    out.append(JournalLine(bank, Money.ZERO, paid, branch, f"GRA {period}"))
    return Journal("tax_payment", number, f"Tax paid to GRA for {period}", tuple(out))


def settlement_journal(number: str, clearing: str, branch: str, *, gross: Money | dict[str, Money],
                       fee: Money, bank: str) -> Journal:
    """MoMo or card money reaching the bank: Dr bank the net, Dr 6200 the provider's
    fee, Cr the clearing account (1020 MoMo, 1030 card) the gross — at each branch whose
    tenders it settles when ``gross`` is given per branch, so each branch's clearing
    balance comes down by what its tills took."""
    per_branch = gross if isinstance(gross, dict) else {branch: gross}
    amount = total(list(per_branch.values()))
    if amount.is_negative or amount.is_zero or any(g.is_negative for g in per_branch.values()):
        raise PurchaseError("A settlement must be more than zero.", code="bad_amount")
    if fee.is_negative or fee.pesewas >= amount.pesewas:
        raise PurchaseError(f"The fee ({fee}) must be at least 0.00 and less than the "
                            f"amount settled ({amount}).", code="bad_fee")
    out = [JournalLine(bank, amount - fee, Money.ZERO, branch, number)]
    if not fee.is_zero:
        out.append(JournalLine(acc.BANK_CHARGES, fee, Money.ZERO, branch, "provider's fee"))
    for where, part in sorted(per_branch.items()):
        if not part.is_zero:
            out.append(JournalLine(clearing, Money.ZERO, part, where, number))
    return Journal("settlement", number, f"Settlement {number} into {bank}", tuple(out))


__all__ = ["GOODS", "InputTax", "PricedLine", "PurchaseError", "bill_journal", "expense_journal",
           "input_tax", "opening_balance_journal", "payment_journal", "settlement_journal",
           "tax_payment_journal"]
