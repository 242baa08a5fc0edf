"""Opening supplier balances (issue [9] scope 3): what the shop owed each supplier at
go-live, invoice by invoice, from CSV or XLSX (``supplier, amount, invoice_ref,
due_date``; optional ``branch``), with the same validation summary as the other opening
imports. Each line becomes an opening item of the supplier (a ``pur_bills`` row of kind
``opening``, with its invoice number and due date) that payments are allocated to and
the AP ageing ages; one journal per branch posts Dr 3200 Opening Balance Equity / Cr 2000
Accounts Payable, never through Cost of Goods Sold. A trial balance imported later must
show 2000 equal to this, or leave it out.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from shared.csv_import import Rejected
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.costing.opening import (
    OpeningSummary,
    _equity,
    _finish,
    _journal,
    _money,
    _rows,
    check_day,
    read_table,
)
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.purchases.common import next_number
from sync_server.purchases.models import Bill, Supplier
from sync_server.tenants.models import Branch

SUPPLIER_COLUMNS = ("supplier", "amount", "invoice_ref", "due_date")
SUPPLIER_OPTIONAL = ("branch",)


def opened_payables(scope: TenantScope) -> dict[str, int]:
    """Branch → what the supplier balance imports posted to 2000 (as a debit − credit)."""
    return {r.branch_code: -int(r.v) for r in scope.execute(
        select(Bill.branch_code, func.sum(Bill.gross).label("v"))
        .where(Bill.kind == "opening", Bill.memo == "opening balance (import)")
        .group_by(Bill.branch_code))}


def import_supplier_balances(ctx: ServerContext, scope: TenantScope, actor: Actor, raw: bytes,
                             *, day: str | date, filename: str = "", partial: bool = False,
                             branch: str | None = None) -> OpeningSummary:
    day = check_day(day)
    text, encoding = read_table(raw, filename)
    rows, ignored = _rows(text, "supplier balances", SUPPLIER_COLUMNS, SUPPLIER_OPTIONAL)
    summary = OpeningSummary("supplier balances", day, encoding=encoding,
                             ignored_columns=ignored)
    branches = set(scope.scalars(select(Branch.code)))
    if branch is not None and branch not in branches:
        raise Invalid(f"Branch {branch} does not exist.")
    default = branch or (next(iter(branches)) if len(branches) == 1 else None)
    suppliers = list(scope.scalars(select(Supplier)))
    by_key: dict[str, list[Supplier]] = defaultdict(list)
    for s in suppliers:
        by_key[s.name.strip().lower()].append(s)
        if s.tin:
            by_key[s.tin.strip().lower()].append(s)
    taken = {(b.supplier_id, b.supplier_invoice) for b in scope.scalars(select(Bill))}
    good: list[dict[str, Any]] = []
    for line, cell in rows:
        who = cell.get("supplier", "")
        try:
            found = by_key.get(who.strip().lower(), [])
            if not found:
                raise ValueError(f"no supplier is called “{who}” or has that TIN; add the "
                                 "supplier first")
            if len({s.id for s in found}) > 1:
                raise ValueError(f"{len(found)} suppliers match “{who}”; use the TIN")
            supplier = found[0]
            amount = _money(cell.get("amount", ""), "the amount")
            if amount.is_zero:
                raise ValueError("the amount is zero")
            ref = cell.get("invoice_ref", "")[:48]
            if not ref:
                raise ValueError("give the supplier's invoice number (invoice_ref)")
            if (supplier.id, ref) in taken:
                raise ValueError(f"invoice {ref} of {supplier.name} is already entered")
            due = cell.get("due_date", "") or day
            try:
                due = date.fromisoformat(due).isoformat()
            except ValueError:
                raise ValueError(f"the due date “{due}” is not a date (YYYY-MM-DD)") from None
            where = cell.get("branch", "") or default
            if where is None:
                raise ValueError("say which branch owes it (a branch column, or choose the "
                                 "branch when importing)")
            if where not in branches:
                raise ValueError(f"branch “{where}” does not exist")
        except ValueError as exc:
            summary.rejected.append(Rejected(line, who or None, str(exc)))
            continue
        taken.add((supplier.id, ref))
        good.append({"line": line, "supplier": supplier, "amount": amount.pesewas, "ref": ref,
                     "due": due, "branch": where})
    summary.accepted = len(good)
    if not _finish(summary, partial):
        return summary
    _equity(scope)
    by_branch: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in good:
        by_branch[row["branch"]].append(row)
    for where, items in sorted(by_branch.items()):
        lines = [(acc.PAYABLES, -r["amount"], where, f"{r['supplier'].name} {r['ref']}")
                 for r in items]
        total = sum(r["amount"] for r in items)
        lines.append((acc.OPENING_BALANCE_EQUITY, total, where, "supplier balances"))
        journal = _journal("opening_suppliers", f"supplier balances {day}",
                           f"Opening supplier balances of branch {where} on {day}", lines)
        assert journal is not None  # no amount is zero
        posted = post_journal(ctx, scope, journal, branch=where, entry_date=day, actor=actor)
        summary.journals.append(posted.id)
        summary.total += journal.total_debit.pesewas
        for r in items:
            scope.add(Bill(id=ctx.new_id(), number=next_number(scope, Bill, "OPEN"),
                           kind="opening",
                           supplier_id=r["supplier"].id, supplier_invoice=r["ref"],
                           bill_date=day, due_date=r["due"], branch_code=where,
                           net=r["amount"], vat=0, nhil=0, getfund=0, covid=0,
                           gross=r["amount"], receipts_value=0, memo="opening balance (import)",
                           journal_id=posted.id, created_by=actor.name[:300],
                           created_at=ctx.clock.now()))
            scope.flush()  # the next number counts this one
    summary.imported = True
    record(ctx, scope, actor, "opening.suppliers_imported", subject=day,
           detail={"lines": len(good), "rejected": len(summary.rejected),
                   "total": summary.total})
    return summary


__all__ = ["import_supplier_balances", "opened_payables"]
