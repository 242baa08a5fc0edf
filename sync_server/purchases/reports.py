"""A supplier's statement and the AP ageing (issue [9] scope 4).

**AP ageing** as of a date: every bill (and opening balance) dated by then, less what
was paid on it by then, in buckets by days past its due date — current (not yet due),
1–30, 31–60, 61–90, over 90. Goods received by the tills that no bill dated by then
covers are Accounts Payable too (the till posted Dr 1200 / Cr 2000): they are a row of
their own, "received, not billed", current. The total equals the balance of 2000
Accounts Payable on that date (``ledger_2000``); ``difference`` is anything posted to
2000 by other means (a journal by hand), which should be zero.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.ledger.models import Journal as JournalRow
from sync_server.ledger.models import Posting
from sync_server.purchases import common as c
from sync_server.purchases.bills import find_supplier
from sync_server.purchases.models import Allocation, Bill, BillReceipt, Supplier, SupplierPayment

BUCKETS = ("current", "1-30", "31-60", "61-90", "over 90")


def bucket(days_past_due: int) -> str:
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "1-30"
    if days_past_due <= 60:
        return "31-60"
    if days_past_due <= 90:
        return "61-90"
    return "over 90"


def supplier_statement(scope: TenantScope, supplier: str, *, start: str | date | None = None,
                       end: str | date | None = None) -> dict[str, Any]:
    """Bills and payments of a supplier between two dates with a running balance (what
    the shop owes), after the balance brought forward from before ``start``."""
    who = find_supplier(scope, supplier)
    first = c.day(start, "start date") if start else "0000-01-01"
    last = c.day(end, "end date") if end else "9999-12-31"
    if last < first:
        raise Invalid("The statement's end date is before its start.")
    items: list[tuple[str, str, str, str, int]] = []
    for b in scope.scalars(select(Bill).where(Bill.supplier_id == who.id)):
        what = "Opening balance" if b.kind == "opening" else f"Bill, invoice {b.supplier_invoice}"
        items.append((b.bill_date, "0", b.number, what, b.gross))
    for p in scope.scalars(select(SupplierPayment).where(SupplierPayment.supplier_id == who.id)):
        items.append((p.pay_date, "1", p.number,
                      f"Payment by {p.method}" + (f", ref {p.reference}" if p.reference else ""),
                      -p.amount))
    items.sort()
    opening = sum(amount for when, _, _, _, amount in items if when < first)
    balance = opening
    rows = []
    for when, _, number, what, amount in items:
        if not first <= when <= last:
            continue
        balance += amount
        rows.append({"date": when, "document": number, "description": what,
                     "billed": c.cedis(amount) if amount > 0 else "",
                     "paid": c.cedis(-amount) if amount < 0 else "", "balance": c.cedis(balance)})
    return {"supplier": who.name, "tin": who.tin, "from": start and first, "to": end and last,
            "opening": c.cedis(opening), "rows": rows, "closing": c.cedis(balance)}


def ap_ageing(scope: TenantScope, as_of: str | date) -> dict[str, Any]:
    when = c.day(as_of, "date")
    today = date.fromisoformat(when)
    names = dict(c.pairs(scope.execute(select(Supplier.id, Supplier.name))))
    bills = scope.scalars(select(Bill).where(Bill.bill_date <= when))
    paid = {k: int(v) for k, v in c.pairs(scope.execute(
        select(Allocation.bill_id, func.sum(Allocation.amount))
        .join(SupplierPayment, SupplierPayment.id == Allocation.payment_id)
        .where(SupplierPayment.pay_date <= when).group_by(Allocation.bill_id)))}
    per: dict[str, dict[str, int]] = {}
    for b in bills:
        open_ = b.gross - paid.get(b.id, 0)
        if open_ == 0:
            continue
        days = (today - date.fromisoformat(b.due_date)).days
        row = per.setdefault(names.get(b.supplier_id, b.supplier_id), dict.fromkeys(BUCKETS, 0))
        row[bucket(days)] += open_
    billed = {r for r, in scope.execute(
        select(BillReceipt.receipt_journal_id).join(Bill, Bill.id == BillReceipt.bill_id)
        .where(Bill.bill_date <= when)).all()}
    unbilled = sum(j.total for j in scope.scalars(
        select(JournalRow).where(JournalRow.kind == "stock_receive", JournalRow.entry_date <= when))
        if j.id not in billed)
    rows = [{"supplier": name, **{k: c.cedis(v) for k, v in amounts.items()},
             "total": c.cedis(sum(amounts.values()))} for name, amounts in sorted(per.items())]
    totals = {k: sum(a[k] for a in per.values()) for k in BUCKETS}
    if unbilled:
        rows.append({"supplier": "(received, not billed)", **{k: c.cedis(0) for k in BUCKETS},
                     "current": c.cedis(unbilled), "total": c.cedis(unbilled)})
        totals["current"] += unbilled
    grand = sum(totals.values())
    credits, debits = c.pairs(scope.execute(
        select(func.coalesce(func.sum(Posting.credit), 0), func.coalesce(func.sum(Posting.debit), 0))
        .where(Posting.account_code == acc.PAYABLES, Posting.entry_date <= when)))[0]
    ledger = int(credits) - int(debits)
    return {"as_of": when, "rows": rows,
            "totals": {**{k: c.cedis(v) for k, v in totals.items()}, "total": c.cedis(grand)},
            "ledger_2000": c.cedis(ledger), "difference": c.cedis(ledger - grand)}


__all__ = ["BUCKETS", "ap_ageing", "bucket", "supplier_statement"]
