"""Head office's receivables work: payment terms, credit notes, reallocating a payment,
and a customer's statement.

A **credit note** is a price allowance on a credit sale after the fact (the goods stay
with the customer; a return goes through the till as a refund). It is numbered
CN-000001, … per tenant, is never more than what is still open on the invoice, and
posts through ``books.post.post_journal``::

    Dr 4100 Sales Returns and Discounts   net
    Dr 2100/2110/2120 (2130)              each tax component
        Cr 1100 Accounts Receivable       gross

The tax is split by ``shared.tax.split_inclusive`` under the tax regime the original
invoice was priced under; of an invoice with taxed and untaxed lines, the allowance is
shared between them in proportion to their gross (the taxed share rounded half-up), so
an allowance on an exempt sale carries no tax. The customer's balance (what the tills
see) goes down by the gross.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update

from shared import accounts as acc
from shared.ageing import BUCKET_KEYS, age, days_past_due
from shared.money import Money
from shared.posting import Journal, JournalLine
from shared.tax import COMPONENTS, LineTax, TaxCode, split_inclusive
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.receivables.ledger import books
from sync_server.receivables.models import CreditNote, CustomerTerms, ManualAllocation
from sync_server.sales.models import Payment, Sale, SaleItem
from sync_server.sync.changes import Change, record_changes
from sync_server.tenants.models import Tenant
from sync_server.tenants.tax_profile import load_profile


def find_customer(scope: TenantScope, text: str) -> Customer:
    """A customer by id, TIN or exact name."""
    text = (text or "").strip()
    row = scope.get(Customer, text) if len(text) == 36 else None
    if row is None:
        found = scope.scalars(select(Customer).where(
            (Customer.tin == text.upper()) | (Customer.name == text)))
        if len(found) > 1:
            raise Invalid(f"{len(found)} customers are called “{text}”; give the id or TIN.")
        row = found[0] if found else None
    if row is None:
        raise NotFound(f"No customer has the id, TIN or name “{text}”.")
    return row


def find_sale(scope: TenantScope, text: str) -> Sale:
    text = (text or "").strip()
    row = scope.get(Sale, text) if len(text) == 36 else None
    if row is None:
        found = scope.scalars(select(Sale).where(Sale.receipt_no == text))
        row = found[0] if len(found) == 1 else None
    if row is None:
        raise NotFound(f"No sale has the receipt number or id “{text}”.")
    return row


def set_terms(ctx: ServerContext, scope: TenantScope, actor: Actor, customer: str,
              days: int) -> dict[str, Any]:
    row = find_customer(scope, customer)
    if not 0 <= days <= 365:
        raise Invalid("Payment terms are a number of days from 0 to 365.")
    terms = scope.get(CustomerTerms, row.id)
    if terms is None:
        scope.add(CustomerTerms(customer_id=row.id, days=days, updated_at=ctx.clock.now()))
    else:
        terms.days, terms.updated_at = days, ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "customer.terms", subject=row.id, detail={"days": days})
    return {"customer": row.name, "customer_id": row.id, "terms_days": days}


def _open(scope: TenantScope, sale: Sale) -> int:
    """What is still open on ``sale`` counting everything recorded, whatever its date."""
    assert sale.customer_id is not None
    entry = books(scope, as_of=date.max, customer_id=sale.customer_id).get(sale.customer_id)
    return entry.open_of(sale.id) if entry else 0


def credit_note_tax(scope: TenantScope, sale: Sale, gross: Money) -> LineTax:
    """How an allowance of ``gross`` on ``sale`` splits into net and tax (module doc)."""
    items = scope.scalars(select(SaleItem).where(SaleItem.sale_id == sale.id))
    taxed = sum(i.gross for i in items if i.vat + i.nhil + i.getfund + i.covid)
    whole = sum(i.gross for i in items)
    if not taxed or not whole:
        return LineTax.untaxed(gross)
    tenant = scope.scalar(select(Tenant).where(Tenant.id == scope.tenant_id))
    regime = load_profile(scope, tenant).regime(sale.regime)
    share = gross.scale(taxed, whole)
    split = split_inclusive(share, TaxCode.STANDARD, regime, vat_registered=True)
    return split + LineTax.untaxed(gross - share)


def next_number(scope: TenantScope) -> str:
    count = int(scope.scalar(select(func.count()).select_from(CreditNote)) or 0)
    return f"CN-{count + 1:06d}"


@dataclass(frozen=True)
class CreditNoteResult:
    id: str
    number: str
    journal_id: str
    tax: LineTax

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "journal_id": self.journal_id,
                **self.tax.as_strings()}


def add_credit_note(ctx: ServerContext, scope: TenantScope, actor: Actor, *, sale: str,
                    amount: Money, reason: str, entry_date: date, by: str) -> CreditNoteResult:
    """Post a credit note of ``amount`` (tax included) against the credit sale ``sale``."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise Invalid("Say why the customer is credited (up to 200 characters).")
    if amount.is_negative or amount.is_zero:
        raise Invalid("A credit note is for an amount above zero.")
    row = find_sale(scope, sale)
    if row.customer_id is None:
        raise Refused(f"Sale {row.receipt_no} was not sold on account to a customer.")
    if entry_date.isoformat() < row.business_date:
        raise Invalid(f"A credit note cannot be dated before its sale ({row.business_date}).")
    open_amount = _open(scope, row)
    if amount.pesewas > open_amount:
        raise Refused(f"Sale {row.receipt_no} has only {Money(max(open_amount, 0))} open on "
                      f"account; a credit note cannot be for {amount}.")
    tax = credit_note_tax(scope, row, amount)
    number = next_number(scope)
    b = [JournalLine(acc.RETURNS_AND_DISCOUNTS, tax.net, Money.ZERO, row.branch_code,
                     "credit note")] if not tax.net.is_zero else []
    for name in COMPONENTS:
        part = tax.component(name)
        if not part.is_zero:
            b.append(JournalLine(acc.TAX_ACCOUNTS[name], part, Money.ZERO, row.branch_code))
    customer = scope.get(Customer, row.customer_id)
    name = customer.name if customer else row.customer_id
    b.append(JournalLine(acc.RECEIVABLES, Money.ZERO, amount, row.branch_code, name[:200]))
    journal = Journal("credit_note", number,
                      f"Credit note {number} on sale {row.receipt_no}: {reason}"[:300], tuple(b))
    posted = post_journal(ctx, scope, journal, branch=row.branch_code, entry_date=entry_date,
                          actor=actor)
    note_id = ctx.new_id()
    scope.add(CreditNote(id=note_id, number=number, customer_id=row.customer_id, sale_id=row.id,
                         entry_date=entry_date.isoformat(), reason=reason,
                         net=tax.net.pesewas, vat=tax.vat.pesewas, nhil=tax.nhil.pesewas,
                         getfund=tax.getfund.pesewas, covid=tax.covid.pesewas,
                         gross=amount.pesewas, journal_id=posted.id, created_by=by[:254],
                         created_at=ctx.clock.now()))
    # One atomic decrement, as a push moves the balance (never read-modify-write).
    scope.execute(update(Customer).where(Customer.id == row.customer_id).values(
        balance=Customer.balance - amount.pesewas, updated_at=ctx.clock.now()))
    scope.flush()
    record(ctx, scope, actor, "credit_note.add", subject=number,
           detail={"sale": row.receipt_no, "gross": str(amount), "journal": posted.id})
    record_changes(scope, [Change("customer", row.customer_id)])
    return CreditNoteResult(note_id, number, posted.id, tax)


def list_credit_notes(scope: TenantScope, *, customer_id: str | None = None
                      ) -> list[dict[str, Any]]:
    stmt = select(CreditNote).order_by(CreditNote.number)
    if customer_id:
        stmt = stmt.where(CreditNote.customer_id == customer_id)
    notes = scope.scalars(stmt)
    receipts = {s.id: s.receipt_no for s in scope.scalars(
        select(Sale).where(Sale.id.in_([n.sale_id for n in notes])))} if notes else {}
    names = {c.id: c.name for c in scope.scalars(select(Customer))}
    return [{"number": n.number, "date": n.entry_date, "customer": names.get(n.customer_id, "?"),
             "sale": receipts.get(n.sale_id, n.sale_id), "reason": n.reason, "net": n.net,
             "tax": n.vat + n.nhil + n.getfund + n.covid, "gross": n.gross,
             "journal_id": n.journal_id, "sale_id": n.sale_id} for n in notes]


def reallocate(ctx: ServerContext, scope: TenantScope, actor: Actor, *, payment: str,
               allocations: list[tuple[str, Money]], by: str) -> dict[str, Any]:
    """Allocate the payment on account ``payment`` (envelope id or payment number) by
    hand: each (sale, amount). What is not allocated here still pays the oldest invoices
    first. An empty list returns the payment to oldest-first."""
    entry = None
    target = None
    for candidate in books(scope, as_of=date.max).values():
        for p in candidate.payments:
            if payment.strip() in (p.id, p.number):
                entry, target = candidate, p
    if entry is None or target is None:
        raise NotFound(f"No payment on account has the number or id “{payment}”.")
    chosen: list[tuple[str, int]] = []
    for sale_text, amount in allocations:
        if amount.is_negative or amount.is_zero:
            raise Invalid("Each allocation is an amount above zero.")
        sale = find_sale(scope, sale_text)
        if sale.customer_id != target.customer_id:
            raise Refused(f"Sale {sale.receipt_no} is not {entry.name}'s.")
        chosen.append((sale.id, amount.pesewas))
    if sum(a for _, a in chosen) > target.amount:
        raise Refused(f"Payment {target.number} is {Money(target.amount)}; it cannot pay "
                      f"{Money(sum(a for _, a in chosen))}.")
    scope.execute(delete(ManualAllocation).where(ManualAllocation.payment_id == target.id))
    scope.flush()
    now = ctx.clock.now()
    for sale_id, pesewas in chosen:
        scope.add(ManualAllocation(payment_id=target.id, sale_id=sale_id, amount=pesewas,
                                   made_by=by[:254], made_at=now))
    scope.flush()
    # Allocations by hand are applied before any oldest-first one, each capped at what
    # the invoice has open: one that does not fit whole is refused (nothing is kept).
    after = books(scope, as_of=date.max, customer_id=target.customer_id)[target.customer_id]
    assert after.allocated is not None
    taken = {a.invoice: a.amount for a in after.allocated.allocations
             if a.payment == target.id and a.manual}
    numbers = {i.sale_id: i.number for i in entry.invoices}
    for sale_id, pesewas in chosen:
        if taken.get(sale_id, 0) != pesewas:
            raise Refused(f"Sale {numbers.get(sale_id, sale_id)} has only "
                          f"{Money(taken.get(sale_id, 0))} open for this payment; "
                          f"{Money(pesewas)} cannot be allocated to it.")
    scope.flush()
    record(ctx, scope, actor, "receivables.reallocate", subject=target.number,
           detail={"allocations": {numbers.get(s, s): str(Money(a)) for s, a in chosen}})
    return {"payment": target.number, "amount": str(Money(target.amount)),
            "allocations": [{"sale": numbers.get(s, s), "amount": str(Money(a))}
                            for s, a in chosen]}


def statement(scope: TenantScope, customer: str, *, first: date, last: date) -> dict[str, Any]:
    """A customer's statement for ``first``..``last``: opening balance, invoices,
    refunds and voids to account, payments and credit notes in date order with a
    running balance, the closing balance and its ageing as of ``last``."""
    if last < first:
        raise Invalid("The statement's last day is before its first.")
    row = find_customer(scope, customer)
    before = date.fromordinal(first.toordinal() - 1)
    opening_book = books(scope, as_of=before, customer_id=row.id).get(row.id)
    opening = opening_book.balance if opening_book else 0
    entry = books(scope, as_of=last, customer_id=row.id).get(row.id)
    lines: list[dict[str, Any]] = []
    notes = scope.scalars(select(CreditNote).where(
        CreditNote.customer_id == row.id, CreditNote.entry_date >= first.isoformat(),
        CreditNote.entry_date <= last.isoformat()))
    if entry is not None:
        for invoice in entry.invoices:
            if invoice.day >= first:
                lines.append({"date": invoice.day, "kind": "Invoice", "number": invoice.number,
                              "due": invoice.due, "debit": invoice.amount, "credit": 0,
                              "sale_id": invoice.sale_id})
        returned = scope.execute(select(Payment.sale_id, Payment.kind, Payment.business_date,
                                        func.sum(Payment.amount).label("amount"))
                                 .where(Payment.method == "credit",
                                        Payment.customer_id == row.id,
                                        Payment.kind.in_(("refund", "void")),
                                        Payment.business_date >= first.isoformat(),
                                        Payment.business_date <= last.isoformat())
                                 .group_by(Payment.sale_id, Payment.kind, Payment.business_date))
        numbers = {i.sale_id: i.number for i in entry.invoices}
        for r in returned:
            lines.append({"date": date.fromisoformat(r.business_date),
                          "kind": "Refund" if r.kind == "refund" else "Void",
                          "number": numbers.get(r.sale_id, ""), "due": None, "debit": 0,
                          "credit": -int(r.amount), "sale_id": r.sale_id})
        for p in entry.payments:
            if p.day >= first:
                lines.append({"date": p.day, "kind": "Payment", "number": p.number, "due": None,
                              "debit": 0, "credit": p.amount, "sale_id": None})
    for n in notes:
        lines.append({"date": date.fromisoformat(n.entry_date), "kind": "Credit note",
                      "number": n.number, "due": None, "debit": 0, "credit": n.gross,
                      "sale_id": n.sale_id})
    order = {"Invoice": 0, "Refund": 1, "Void": 1, "Credit note": 2, "Payment": 3}
    lines.sort(key=lambda ln: (ln["date"], order[ln["kind"]], ln["number"]))
    running = opening
    for line in lines:
        running += line["debit"] - line["credit"]
        line["balance"] = running
    buckets = dict.fromkeys(BUCKET_KEYS, 0)
    if entry is not None:
        buckets = age([(i.due, entry.open_of(i.sale_id)) for i in entry.invoices], last)
        buckets["current"] -= entry.unapplied
    closing = entry.balance if entry else 0
    assert closing == running, (closing, running)  # the statement adds up
    return {"customer": row.name, "customer_id": row.id, "tin": row.tin, "phone": row.phone,
            "first": first, "last": last, "opening": opening, "lines": lines,
            "closing": closing, "ageing": buckets,
            "overdue_days": max([days_past_due(i.due, last) for i in entry.invoices
                                 if entry.open_of(i.sale_id)], default=0) if entry else 0}


__all__ = ["CreditNoteResult", "add_credit_note", "credit_note_tax", "find_customer",
           "find_sale", "list_credit_notes", "reallocate", "set_terms", "statement"]
