"""The pieces every payload kind shares (``shared.payloads``): the forms of codes,
SKUs, document numbers, e-mails and TINs, the closed vocabularies (tender methods,
networks, approval actions …), and the approval, tender and customer reference that
several kinds carry. Split from ``shared.payloads``, which still exports all of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from shared.ids import UUID_RE
from shared.money import Money
from shared.tax import TaxCode
from shared.wire import Reader

SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
DOC_NO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_-]{0,47}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}$")
TIN_RE = re.compile(r"^[A-Z0-9-]{5,20}$")

TENDER_METHODS = ("cash", "momo", "card", "credit")
MOMO_PROVIDERS = ("mtn", "telecel", "airteltigo")
CARD_PROVIDERS = ("visa", "mastercard", "gh-link", "other")
APPROVAL_ACTIONS = (
    "discount", "price_override", "void", "refund", "over_credit_limit", "no_sale",
    "cash_out", "stock_adjust", "reprint", "shift_close",
    # issue [8]: a large cart cancelled, a shift closed short, a MoMo reference used before
    "cancel_sale", "shift_shortage", "momo_reuse",
)
CASH_PURPOSES = ("float_in", "bank_in", "paid_out", "drop_to_bank", "to_safe")
ADJUST_REASONS = ("damaged", "expired", "theft", "found", "correction", "other")
# Ghana cedi notes and coins, in pesewas: coins 1p–2 cedis, notes 1–200 cedis. The 1 and
# 5 pesewa coins are rare but legal tender: without them a drawer that took a GH₵ 12.37
# sale in exact money cannot be counted exactly.
DENOMINATIONS = (20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 1)


_TAX_CODES = tuple(c.value for c in TaxCode)


def _code(r: Reader, name: str) -> str:
    return r.text(name, max_len=32, pattern=CODE_RE)


def _uuid(r: Reader, name: str) -> str:
    return r.text(name, max_len=36, pattern=UUID_RE)


def _sku(r: Reader, name: str = "sku") -> str:
    return r.text(name, max_len=64, pattern=SKU_RE)


# ------------------------------------------------------------------ common pieces


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's PIN approval at the till: who approved which action, and why."""

    action: str
    approver: str
    reason: str | None = None
    # The SKU of the line it approves (a discount or a price change on that line), or
    # None for the sale as a whole (its order discount). Sent by tills of sale schema 3;
    # left out of the JSON when None, so every other payload reads as before.
    sku: str | None = None

    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("sku",)

    @classmethod
    def from_json(cls, r: Reader) -> Approval:
        value = cls(action=r.choice("action", APPROVAL_ACTIONS),
                    approver=r.text("approver", max_len=254, pattern=EMAIL_RE),
                    reason=r.opt_text("reason", max_len=200),
                    sku=r.opt_text("sku", max_len=64, pattern=SKU_RE))
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class Tender:
    """One way the customer paid (or was refunded).

    ``amount`` is what this tender settles; ``tendered`` is what was handed over (more
    than ``amount`` only for cash, the difference being change)."""

    method: str
    amount: Money
    tendered: Money
    provider: str | None = None
    reference: str | None = None

    @property
    def change(self) -> Money:
        return self.tendered - self.amount

    @classmethod
    def from_json(cls, r: Reader) -> Tender:
        method = r.choice("method", TENDER_METHODS)
        amount = r.money("amount", zero=False)
        tendered = r.money("tendered", zero=False)
        provider = r.opt_text("provider", max_len=20)
        reference = r.opt_text("reference", max_len=64)
        r.done()
        return cls(method=method, amount=amount, tendered=tendered, provider=provider, reference=reference)


@dataclass(frozen=True, slots=True)
class CustomerRef:
    id: str
    name: str
    tin: str | None = None

    @classmethod
    def from_json(cls, r: Reader) -> CustomerRef:
        value = cls(id=_uuid(r, "id"), name=r.text("name", max_len=200),
                    tin=r.opt_text("tin", max_len=20, pattern=TIN_RE))
        r.done()
        return value


