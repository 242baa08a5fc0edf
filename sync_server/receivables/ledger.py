"""What each customer owes, invoice by invoice, as of a day.

* An **invoice** is a credit sale: its value on account is the sale's ``credit``
  tenders (``payments`` rows of kind ``sale``). A refund to credit or a void of it
  (kinds ``refund``/``void``, negative) and the credit notes against it settle it.
* A **payment on account** is a till's ``customer_payment`` envelope (its ``payments``
  rows, summed). Payments pay the oldest open invoice first unless allocated by hand at
  head office (``ar_allocations``); see ``shared.ageing.allocate``.
* Everything is read as of a day: rows dated after it do not count.

So the total of every customer's open invoices less their unapplied payments is what
account 1100 Accounts Receivable holds on that day (``ageing`` shows both; a test ties
them out).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from shared.accounts import RECEIVABLES
from shared.ageing import (
    BUCKET_KEYS,
    Allocated,
    OpenItem,
    age,
    allocate,
    bucket_of,
    days_past_due,
    due_date,
)
from sync_server.costing.models import OpeningCustomerBalance
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.ledger.models import Journal, Posting
from sync_server.receivables.models import CreditNote, CustomerTerms, ManualAllocation
from sync_server.sales.models import Payment, Sale


@dataclass(frozen=True)
class Invoice:
    sale_id: str
    number: str
    customer_id: str
    branch: str
    day: date
    amount: int  # charged to account by the sale
    returned: int  # refunded to credit or voided
    credited: int  # credit notes
    terms: int

    @property
    def due(self) -> date:
        return due_date(self.day, self.terms)


@dataclass(frozen=True)
class PaymentIn:
    id: str  # the envelope id
    number: str
    customer_id: str
    branch: str
    day: date
    amount: int


@dataclass
class CustomerBook:
    """One customer's invoices and payments as of a day, allocated."""

    customer_id: str
    name: str
    invoices: list[Invoice] = field(default_factory=list)
    payments: list[PaymentIn] = field(default_factory=list)
    allocated: Allocated | None = None

    def open_of(self, sale_id: str) -> int:
        assert self.allocated is not None
        return self.allocated.open.get(sale_id, 0)

    @property
    def unapplied(self) -> int:
        assert self.allocated is not None
        return sum(self.allocated.unapplied.values())

    @property
    def balance(self) -> int:
        assert self.allocated is not None
        return sum(self.allocated.open.values()) - self.unapplied


def terms_of(scope: TenantScope) -> dict[str, int]:
    return {row.customer_id: row.days for row in scope.scalars(select(CustomerTerms))}


def _day(text: str) -> date:
    return date.fromisoformat(text)


def invoices(scope: TenantScope, *, as_of: date, customer_id: str | None = None) -> list[Invoice]:
    day = as_of.isoformat()
    stmt = (select(Payment.sale_id, Payment.kind, Payment.customer_id,
                   func.sum(Payment.amount).label("amount"))
            .where(Payment.method == "credit", Payment.sale_id.is_not(None),
                   Payment.customer_id.is_not(None), Payment.business_date <= day)
            .group_by(Payment.sale_id, Payment.kind, Payment.customer_id))
    if customer_id is not None:
        stmt = stmt.where(Payment.customer_id == customer_id)
    charged: dict[str, int] = defaultdict(int)
    returned: dict[str, int] = defaultdict(int)
    owner: dict[str, str] = {}
    for row in scope.execute(stmt):
        owner[row.sale_id] = row.customer_id
        if row.kind == "sale":
            charged[row.sale_id] += int(row.amount)
        else:
            returned[row.sale_id] -= int(row.amount)
    result = _opening_invoices(scope, day, customer_id)
    if not charged:
        return sorted(result, key=lambda i: (i.day, i.number))
    credited: dict[str, int] = defaultdict(int)
    for note in scope.scalars(select(CreditNote).where(CreditNote.sale_id.in_(list(charged)),
                                                       CreditNote.entry_date <= day)):
        credited[note.sale_id] += note.gross
    terms = terms_of(scope)
    for sale in scope.scalars(select(Sale).where(Sale.id.in_(list(charged)))):
        customer = owner[sale.id]
        result.append(Invoice(sale.id, sale.receipt_no, customer, sale.branch_code,
                              _day(sale.business_date), charged[sale.id], returned[sale.id],
                              credited[sale.id], terms.get(customer, 30)))
    return sorted(result, key=lambda i: (i.day, i.number))


def _opening_rows(scope: TenantScope, day: str,
                  customer_id: str | None) -> list[OpeningCustomerBalance]:
    stmt = select(OpeningCustomerBalance).where(OpeningCustomerBalance.entry_date <= day)
    if customer_id is not None:
        stmt = stmt.where(OpeningCustomerBalance.customer_id == customer_id)
    return list(scope.scalars(stmt))


def _opening_invoices(scope: TenantScope, day: str, customer_id: str | None) -> list[Invoice]:
    """What customers owed at go-live (``costing.opening``), each line an invoice with its
    own reference and due date (the tenant's terms when none was given)."""
    terms = terms_of(scope)
    result = []
    for row in _opening_rows(scope, day, customer_id):
        if row.amount <= 0:
            continue
        start = _day(row.entry_date)
        days = ((_day(row.due_date) - start).days if row.due_date
                else terms.get(row.customer_id, 30))
        result.append(Invoice(f"opening:{row.import_id}:{row.line_no}",
                              row.invoice_ref or "Opening balance", row.customer_id,
                              row.branch_code, start, row.amount, 0, 0, max(days, 0)))
    return result


def payments_in(scope: TenantScope, *, as_of: date,
                customer_id: str | None = None) -> list[PaymentIn]:
    stmt = (select(Payment.envelope_id, Payment.customer_id, Payment.branch_code,
                   Payment.business_date, func.sum(Payment.amount).label("amount"))
            .where(Payment.kind == "customer_payment", Payment.customer_id.is_not(None),
                   Payment.business_date <= as_of.isoformat())
            .group_by(Payment.envelope_id, Payment.customer_id, Payment.branch_code,
                      Payment.business_date))
    if customer_id is not None:
        stmt = stmt.where(Payment.customer_id == customer_id)
    rows = list(scope.execute(stmt))
    ids = [r.envelope_id for r in rows]
    numbers = {j.envelope_id: j.reference for j in scope.scalars(
        select(Journal).where(Journal.envelope_id.in_(ids)))} if ids else {}
    paid = [PaymentIn(r.envelope_id, numbers.get(r.envelope_id, r.envelope_id[:8]),
                      r.customer_id, r.branch_code, _day(r.business_date), int(r.amount))
            for r in rows]
    # A customer the shop owed at go-live: a payment on account from the start.
    paid += [PaymentIn(f"opening:{o.import_id}:{o.line_no}", o.invoice_ref or "Opening credit",
                       o.customer_id, o.branch_code, _day(o.entry_date), -o.amount)
             for o in _opening_rows(scope, as_of.isoformat(), customer_id) if o.amount < 0]
    return sorted(paid, key=lambda p: (p.day, p.number))


def manual_allocations(scope: TenantScope) -> dict[str, list[tuple[str, int]]]:
    result: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in scope.scalars(select(ManualAllocation).order_by(ManualAllocation.payment_id,
                                                               ManualAllocation.sale_id)):
        result[row.payment_id].append((row.sale_id, row.amount))
    return result


def books(scope: TenantScope, *, as_of: date, customer_id: str | None = None
          ) -> dict[str, CustomerBook]:
    """Each customer's invoices and payments as of ``as_of``, allocated."""
    names = {c.id: c.name for c in scope.scalars(select(Customer))}
    result: dict[str, CustomerBook] = {}

    def book(cid: str) -> CustomerBook:
        if cid not in result:
            result[cid] = CustomerBook(cid, names.get(cid, cid))
        return result[cid]

    for invoice in invoices(scope, as_of=as_of, customer_id=customer_id):
        book(invoice.customer_id).invoices.append(invoice)
    for payment in payments_in(scope, as_of=as_of, customer_id=customer_id):
        book(payment.customer_id).payments.append(payment)
    manual = manual_allocations(scope)
    for entry in result.values():
        items = [OpenItem(i.sale_id, i.number, i.day, i.amount, i.returned + i.credited)
                 for i in entry.invoices]
        entry.allocated = allocate(items, [(p.id, p.day, p.amount) for p in entry.payments],
                                   {p.id: manual[p.id] for p in entry.payments if p.id in manual})
    return dict(sorted(result.items(), key=lambda kv: kv[1].name))


def ledger_balance(scope: TenantScope, account: str, *, as_of: date,
                   branch: str | None = None) -> int:
    """Debit − credit of ``account`` over postings dated up to ``as_of``."""
    stmt = select(func.sum(Posting.debit - Posting.credit)).where(
        Posting.account_code == account, Posting.entry_date <= as_of.isoformat())
    if branch is not None:
        stmt = stmt.where(Posting.branch_code == branch)
    return int(scope.scalar(stmt) or 0)


def ageing(scope: TenantScope, *, as_of: date, branch: str | None = None) -> dict[str, Any]:
    """AR ageing by invoice as of ``as_of``: each open invoice in its bucket by days past
    its due date, unapplied payments as credits, totals per bucket and per customer, and
    the 1100 balance beside it (tenant-wide only: a payment may be taken at any branch)."""
    rows: list[dict[str, Any]] = []
    customers: list[dict[str, Any]] = []
    totals = dict.fromkeys(BUCKET_KEYS, 0)
    for entry in books(scope, as_of=as_of).values():
        mine = [i for i in entry.invoices if branch is None or i.branch == branch]
        open_items = [(i, entry.open_of(i.sale_id)) for i in mine if entry.open_of(i.sale_id)]
        for invoice, amount in open_items:
            overdue = days_past_due(invoice.due, as_of)
            rows.append({"customer": entry.name, "customer_id": entry.customer_id,
                         "number": invoice.number, "sale_id": invoice.sale_id,
                         "date": invoice.day, "due": invoice.due, "days": overdue,
                         "bucket": bucket_of(overdue), "branch": invoice.branch,
                         "amount": invoice.amount, "open": amount})
        buckets = age([(i.due, amount) for i, amount in open_items], as_of)
        unapplied = entry.unapplied if branch is None else 0
        if unapplied:
            buckets["current"] -= unapplied
            rows.append({"customer": entry.name, "customer_id": entry.customer_id,
                         "number": "unapplied payments", "sale_id": None, "date": None,
                         "due": None, "days": 0, "bucket": "current", "branch": None,
                         "amount": None, "open": -unapplied})
        if any(buckets.values()):
            customers.append({"customer": entry.name, "customer_id": entry.customer_id,
                              **buckets, "total": sum(buckets.values())})
        for key in BUCKET_KEYS:
            totals[key] += buckets[key]
    total = sum(totals.values())
    ledger = None if branch is not None else ledger_balance(scope, RECEIVABLES, as_of=as_of)
    return {"as_of": as_of, "branch": branch, "rows": rows, "customers": customers,
            "totals": totals, "total": total, "ledger": ledger,
            "difference": None if ledger is None else ledger - total}


__all__ = ["CustomerBook", "Invoice", "PaymentIn", "ageing", "books", "invoices",
           "ledger_balance", "payments_in", "terms_of"]
