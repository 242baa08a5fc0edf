"""Ageing and allocation rules for receivables (and payables): pure functions of dated
amounts, so the server's reports, a statement and a test all age an invoice the same way.

* An invoice is **due** its terms after its date (``due = date + terms days``; 30 days
  when the customer has no terms of its own).
* Its **days past due** on a day are ``day − due`` (never negative: an invoice not yet
  due is *current*).
* The buckets are: current (not past due), 1–30, 31–60, 61–90 and over 90 days past due.
* Payments on account pay the **oldest invoice first** (by date, then number), unless a
  person allocated them by hand; what no open invoice takes is *unapplied* (the
  customer is in credit by that much).

All amounts are integer pesewas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_TERMS_DAYS = 30

BUCKETS: tuple[tuple[str, str], ...] = (
    ("current", "Current"),
    ("d1_30", "1–30 days"),
    ("d31_60", "31–60 days"),
    ("d61_90", "61–90 days"),
    ("over_90", "Over 90 days"),
)
BUCKET_KEYS = tuple(key for key, _ in BUCKETS)


def due_date(invoice_date: date, terms_days: int | None = None) -> date:
    days = DEFAULT_TERMS_DAYS if terms_days is None else terms_days
    if days < 0:
        raise ValueError("payment terms are a number of days, never negative")
    return invoice_date + timedelta(days=days)


def days_past_due(due: date, on: date) -> int:
    return max((on - due).days, 0)


def bucket_of(days_overdue: int) -> str:
    """The ageing bucket of an amount ``days_overdue`` days past its due date."""
    if days_overdue <= 0:
        return "current"
    if days_overdue <= 30:
        return "d1_30"
    if days_overdue <= 60:
        return "d31_60"
    if days_overdue <= 90:
        return "d61_90"
    return "over_90"


@dataclass(frozen=True)
class OpenItem:
    """An invoice (or a bill) with what is still owed on it."""

    key: str  # the sale's id (or the bill's)
    number: str  # receipt or invoice number, as printed
    day: date
    amount: int  # the invoice's value on account (pesewas)
    settled: int = 0  # paid, credited or refunded against it

    @property
    def open(self) -> int:
        return self.amount - self.settled


@dataclass
class Allocation:
    payment: str
    invoice: str
    amount: int
    manual: bool = False


@dataclass
class Allocated:
    """The outcome of allocating payments to invoices."""

    open: dict[str, int]  # invoice key → still open
    allocations: list[Allocation] = field(default_factory=list)
    unapplied: dict[str, int] = field(default_factory=dict)  # payment key → not allocated


def allocate(invoices: Sequence[OpenItem], payments: Sequence[tuple[str, date, int]],
             manual: Mapping[str, Sequence[tuple[str, int]]] | None = None) -> Allocated:
    """Allocate ``payments`` ((key, day, amount), any order) to ``invoices``.

    A payment with ``manual`` allocations (payment key → [(invoice key, amount)]) pays
    those first, never more than an invoice's open amount or the payment; whatever of
    any payment is left pays the oldest open invoices first. Returns what stays open."""
    manual = manual or {}
    order = sorted(invoices, key=lambda i: (i.day, i.number, i.key))
    open_ = {i.key: i.open for i in order}
    result = Allocated(open_)
    left: dict[str, int] = {}
    for key, _day, amount in payments:
        remaining = amount
        for target, wanted in manual.get(key, ()):
            take = min(wanted, remaining, max(open_.get(target, 0), 0))
            if take > 0:
                open_[target] -= take
                remaining -= take
                result.allocations.append(Allocation(key, target, take, manual=True))
        left[key] = remaining
    for key, _day, _amount in sorted(payments, key=lambda p: (p[1], p[0])):
        remaining = left[key]
        for invoice in order:
            if remaining <= 0:
                break
            take = min(remaining, open_[invoice.key])
            if take > 0:
                open_[invoice.key] -= take
                remaining -= take
                result.allocations.append(Allocation(key, invoice.key, take))
        if remaining:
            result.unapplied[key] = remaining
    return result


def age(items: Iterable[tuple[date, int]], on: date) -> dict[str, int]:
    """Sum open amounts ((due date, amount)) into the buckets as of ``on``."""
    totals = dict.fromkeys(BUCKET_KEYS, 0)
    for due, amount in items:
        totals[bucket_of(days_past_due(due, on))] += amount
    return totals


__all__ = ["BUCKETS", "BUCKET_KEYS", "DEFAULT_TERMS_DAYS", "Allocated", "Allocation", "OpenItem",
           "age", "allocate", "bucket_of", "days_past_due", "due_date"]
