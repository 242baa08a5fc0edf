"""The default chart of accounts every tenant starts with (17 accounts).

Branches are a dimension on postings (a cost centre), not copies of accounts. One more
account, ``2130 COVID-19 Levy Payable``, exists only for tenants whose tax profile still
covers the 2023–2025 regime: it is not in the default 17 (see ``docs/tax.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AccountType(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    REVENUE = "revenue"
    EXPENSE = "expense"

    @property
    def debit_normal(self) -> bool:
        return self in (AccountType.ASSET, AccountType.EXPENSE)


@dataclass(frozen=True, slots=True)
class Account:
    code: str
    name: str
    type: AccountType
    contra: bool = False

    @property
    def debit_normal(self) -> bool:
        """Whether the account's balance is normally a debit (contra accounts flip)."""
        return self.type.debit_normal != self.contra


CASH = "1000"
BANK = "1010"
MOMO_CLEARING = "1020"
CARD_CLEARING = "1030"
RECEIVABLES = "1100"
INVENTORY = "1200"
PAYABLES = "2000"
VAT_PAYABLE = "2100"
NHIL_PAYABLE = "2110"
GETFUND_PAYABLE = "2120"
COVID_PAYABLE = "2130"
CAPITAL = "3000"
RETAINED_EARNINGS = "3100"
OPENING_BALANCE_EQUITY = "3200"
SALES = "4000"
RETURNS_AND_DISCOUNTS = "4100"
COST_OF_SALES = "5000"
OPERATING_EXPENSES = "6000"
CASH_OVER_SHORT = "6100"
BANK_CHARGES = "6200"
GOODS_IN_TRANSIT = "1210"

DEFAULT_CHART: tuple[Account, ...] = (
    Account(CASH, "Cash on Hand", AccountType.ASSET),
    Account(BANK, "Bank", AccountType.ASSET),
    Account(MOMO_CLEARING, "Mobile Money Clearing", AccountType.ASSET),
    Account(CARD_CLEARING, "Card Clearing", AccountType.ASSET),
    Account(RECEIVABLES, "Accounts Receivable", AccountType.ASSET),
    Account(INVENTORY, "Inventory", AccountType.ASSET),
    Account(PAYABLES, "Accounts Payable", AccountType.LIABILITY),
    Account(VAT_PAYABLE, "VAT Payable", AccountType.LIABILITY),
    Account(NHIL_PAYABLE, "NHIL Payable", AccountType.LIABILITY),
    Account(GETFUND_PAYABLE, "GETFund Payable", AccountType.LIABILITY),
    Account(CAPITAL, "Owner's Capital", AccountType.EQUITY),
    Account(RETAINED_EARNINGS, "Retained Earnings", AccountType.EQUITY),
    Account(SALES, "Sales Revenue", AccountType.REVENUE),
    Account(RETURNS_AND_DISCOUNTS, "Sales Returns and Discounts", AccountType.REVENUE, contra=True),
    Account(COST_OF_SALES, "Cost of Goods Sold", AccountType.EXPENSE),
    Account(OPERATING_EXPENSES, "Operating Expenses", AccountType.EXPENSE),
    Account(CASH_OVER_SHORT, "Cash Over and Short", AccountType.EXPENSE),
)

LEGACY_ACCOUNTS: tuple[Account, ...] = (
    Account(COVID_PAYABLE, "COVID-19 Levy Payable", AccountType.LIABILITY),
)

# Accounts the books add to a tenant's chart the first time they are needed (issue [9]):
# opening balances post against 3200; provider fees on MoMo and card settlements go to
# 6200; 1210 holds goods between branches when a tenant turns it on.
OPTIONAL_ACCOUNTS: tuple[Account, ...] = (
    Account(GOODS_IN_TRANSIT, "Goods in Transit", AccountType.ASSET),
    Account(OPENING_BALANCE_EQUITY, "Opening Balance Equity", AccountType.EQUITY),
    Account(BANK_CHARGES, "Bank and MoMo Charges", AccountType.EXPENSE),
)

ALL_ACCOUNTS = {a.code: a for a in DEFAULT_CHART + LEGACY_ACCOUNTS + OPTIONAL_ACCOUNTS}

TAX_ACCOUNTS = {"vat": VAT_PAYABLE, "nhil": NHIL_PAYABLE, "getfund": GETFUND_PAYABLE,
                "covid": COVID_PAYABLE}

TENDER_ACCOUNTS = {"cash": CASH, "momo": MOMO_CLEARING, "card": CARD_CLEARING, "credit": RECEIVABLES}


def account(code: str) -> Account:
    return ALL_ACCOUNTS[code]


def is_account_code(code: str) -> bool:
    """Whether ``code`` has the form of an account code: 4 to 8 digits, optionally
    followed by ``-`` and up to 7 more letters or digits (``1010``, ``1011``,
    ``1020-MTN``). A tenant's chart grows beyond the default 17 (issue [9]); which codes
    a tenant has, and their types, are the server's to know — the posting rules here
    only need the form."""
    head, _, tail = code.partition("-")
    return (4 <= len(head) <= 8 and head.isascii() and head.isdigit()
            and (not _ or (1 <= len(tail) <= 7 and tail.isascii() and tail.isalnum()
                           and tail.upper() == tail)))
