"""Suppliers, their bills and the payments to them (issue [9] scope 4).

Every document posts one journal through ``books.post.post_journal`` (kinds
``opening_balance``, ``bill``, ``supplier_payment``; reference = the document's number)
in the same transaction as its rows, so a refused journal (closed month, inactive
account) leaves nothing behind. The posting rules are ``shared.purchases``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from shared.errors import BisamaError
from shared.money import Money, total
from shared.purchases import (
    GOODS,
    PricedLine,
    bill_journal,
    input_tax,
    opening_balance_journal,
    payment_journal,
)
from shared.tax import COMPONENTS, TaxCode
from shared.tin import TinError, check_tin
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import AlreadyExists, Invalid, NotFound, Refused
from sync_server.ledger.chart import ensure_account
from sync_server.ledger.models import Journal as JournalRow
from sync_server.purchases import common as c
from sync_server.purchases.models import (
    Allocation,
    Bill,
    BillLine,
    BillReceipt,
    Supplier,
    SupplierPayment,
)


# -- suppliers ---------------------------------------------------------------------------
def supplier_json(row: Supplier, balance: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": row.id, "name": row.name, "tin": row.tin, "phone": row.phone,
                            "terms_days": row.terms_days, "status": row.status}
    if balance is not None:
        data["balance"] = c.cedis(balance)
    return data


def find_supplier(scope: TenantScope, name_or_id: str) -> Supplier:
    wanted = name_or_id.strip()
    row: Supplier | None = scope.scalar(
        select(Supplier).where(func.lower(Supplier.name) == wanted.lower()))
    if row is None and len(wanted) == 36:
        row = scope.get(Supplier, wanted)
    if row is None:
        raise NotFound(f"No supplier is called “{wanted}”. `bisama-sync supplier list` "
                       "shows the suppliers.")
    return row


def add_supplier(ctx: ServerContext, scope: TenantScope, actor: Actor, *, name: str,
                 tin: str | None = None, phone: str | None = None, terms_days: int = 0,
                 opening_balance: str | Money | None = None, go_live: str | date | None = None,
                 branch: str | None = None) -> dict[str, Any]:
    """A new supplier; with ``opening_balance`` what the shop owed it at ``go_live``
    (Dr 3200 Opening Balance Equity / Cr 2000), kept as an opening item payments are
    allocated to like a bill."""
    name = c.text(name, "supplier's name", 200, required=True)
    if scope.scalar(select(Supplier).where(func.lower(Supplier.name) == name.lower())):
        raise AlreadyExists(f"A supplier called “{name}” already exists.")
    if not 0 <= terms_days <= 365:
        raise Invalid("Payment terms are 0 to 365 days.")
    try:
        tin_text = check_tin(c.text(tin, "TIN", 20) or None)
    except TinError as exc:
        raise Invalid(str(exc)) from None
    row = Supplier(id=ctx.new_id(), name=name, tin=tin_text, phone=c.text(phone, "phone", 40) or None,
                   terms_days=terms_days, status="active", created_at=ctx.clock.now())
    scope.add(row)
    scope.flush()
    result = supplier_json(row)
    if opening_balance is not None:
        amount = c.money(opening_balance, "opening balance")
        if go_live is None or branch is None:
            raise Invalid("An opening balance needs the go-live date and a branch.")
        when, where = c.day(go_live, "go-live date"), c.branch(scope, branch)
        ensure_account(scope, acc.OPENING_BALANCE_EQUITY)
        scope.flush()
        number = c.next_number(scope, Bill, "OPEN")
        posted = post_journal(ctx, scope, opening_balance_journal(number, name, where, amount),
                              branch=where, entry_date=when, actor=actor)
        scope.add(Bill(id=ctx.new_id(), number=number, kind="opening", supplier_id=row.id,
                       supplier_invoice=number, bill_date=when, due_date=when, branch_code=where,
                       net=amount.pesewas, vat=0, nhil=0, getfund=0, covid=0, gross=amount.pesewas,
                       receipts_value=0, memo="opening balance", journal_id=posted.id,
                       created_by=actor.name[:300], created_at=ctx.clock.now()))
        result["opening_balance"] = str(amount)
    record(ctx, scope, actor, "purchases.supplier_added", subject=name,
           detail={"terms_days": terms_days, "opening_balance": result.get("opening_balance")})
    return result


def set_supplier_status(ctx: ServerContext, scope: TenantScope, actor: Actor, name: str, *,
                        active: bool) -> dict[str, Any]:
    """Stop (or allow again) new bills from a supplier; its bills and payments stay."""
    row = find_supplier(scope, name)
    row.status = "active" if active else "inactive"
    scope.flush()
    record(ctx, scope, actor, "purchases.supplier_status", subject=row.name,
           detail={"status": row.status})
    return supplier_json(row)


def list_suppliers(scope: TenantScope) -> list[dict[str, Any]]:
    balances = supplier_balances(scope)
    return [supplier_json(row, balances.get(row.id, 0))
            for row in scope.scalars(select(Supplier).order_by(Supplier.name))]


def supplier_balances(scope: TenantScope) -> dict[str, int]:
    owed = dict(c.pairs(scope.execute(select(Bill.supplier_id, func.sum(Bill.gross))
                                      .group_by(Bill.supplier_id))))
    paid = dict(c.pairs(scope.execute(select(SupplierPayment.supplier_id,
                                             func.sum(SupplierPayment.amount))
                                      .group_by(SupplierPayment.supplier_id))))
    return {k: int(owed.get(k) or 0) - int(paid.get(k) or 0) for k in set(owed) | set(paid)}


# -- bills -------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineIn:
    description: str
    account: str  # an account code or "goods"
    amount: str | Money
    tax_code: str = "B"
    inclusive: bool = False


def parse_line(text: str) -> LineIn:
    """``DESCRIPTION|ACCOUNT|AMOUNT|TAX_CODE`` as the CLI and the form take a line."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) not in (3, 4):
        raise Invalid(f"“{text}” is not a bill line; write DESCRIPTION|ACCOUNT|AMOUNT|TAX CODE, "
                      "e.g. “Rice 50kg|goods|1000.00|B”.")
    return LineIn(parts[0], parts[1], parts[2], parts[3] if len(parts) == 4 else "B")


def _priced(scope: TenantScope, lines: Sequence[LineIn], bill_day: date) -> list[PricedLine]:
    profile = c.tax_profile(scope)
    priced = []
    for no, line in enumerate(lines, 1):
        try:
            where = f"Line {no}"
            description = c.text(line.description, f"description of line {no}", 200, required=True)
            account = line.account.strip().lower()
            if account != GOODS:
                row = c.account(scope, line.account, types=("expense", "asset"),
                                what="bill line's account")
                account = row.code
                head = account.partition("-")[0]
                if row.type == "asset" and head.isdigit() and 1000 <= int(head) < 1200:
                    raise Invalid(f"account {account} {row.name} holds money, it is not "
                                  "something bought; choose an expense or asset account, "
                                  "or “goods”")
            amount = c.money(line.amount, f"amount of line {no}")
            code = TaxCode.parse(line.tax_code)
            tax = input_tax(amount, code, bill_day, inclusive=line.inclusive, profile=profile)
        except BisamaError as exc:
            raise Invalid(f"{where}: {exc}") from None
        priced.append(PricedLine(account, description, tax))
    return priced


def _receipts(scope: TenantScope, branch: str, documents: Sequence[str]) -> list[JournalRow]:
    found: list[JournalRow] = []
    for document in documents:
        rows = scope.scalars(select(JournalRow).where(
            JournalRow.kind == "stock_receive", JournalRow.reference == document.strip(),
            JournalRow.branch_code == branch))
        if not rows:
            raise NotFound(f"No goods received at {branch} with delivery note {document} is in "
                           "the books (has the till synced it?).")
        if len(rows) > 1:
            raise Refused(f"{len(rows)} goods receipts at {branch} have delivery note {document}; "
                          "ask the branch which one this bill covers.")
        billed = scope.get(BillReceipt, rows[0].id)
        if billed is not None:
            other = scope.get(Bill, billed.bill_id)
            raise Refused(f"The goods received on delivery note {document} at {branch} are "
                          f"already billed on {other.number if other else billed.bill_id}.")
        found.append(rows[0])
    return found


def add_bill(ctx: ServerContext, scope: TenantScope, actor: Actor, *, supplier: str,
             supplier_invoice: str, bill_date: str | date, branch: str, lines: Sequence[LineIn],
             due_date: str | date | None = None, receipts: Sequence[str] = (),
             memo: str = "") -> dict[str, Any]:
    """Record and post a supplier's bill (see ``shared.purchases``)."""
    who = find_supplier(scope, supplier)
    if who.status != "active":
        raise Refused(f"{who.name} is inactive.")
    invoice = c.text(supplier_invoice, "supplier's invoice number", 64, required=True)
    if scope.scalar(select(Bill).where(Bill.supplier_id == who.id,
                                       Bill.supplier_invoice == invoice)):
        raise AlreadyExists(f"{who.name}'s invoice {invoice} is already entered.")
    when = c.day(bill_date, "bill date")
    due = c.day(due_date, "due date") if due_date else (
        date.fromisoformat(when) + timedelta(days=who.terms_days)).isoformat()
    if due < when:
        raise Invalid(f"The due date {due} is before the bill's date {when}.")
    where = c.branch(scope, branch)
    priced = _priced(scope, lines, date.fromisoformat(when))
    linked = _receipts(scope, where, receipts) if receipts else []
    receipts_value = Money(sum(r.total for r in linked)) if linked else None
    number = c.next_number(scope, Bill, "BILL")
    journal = bill_journal(number, who.name, where, priced, receipts_value=receipts_value)
    journal_id = None
    if journal is not None:
        journal_id = post_journal(ctx, scope, journal, branch=where, entry_date=when,
                                  actor=actor).id
    parts = {name: total([p.tax.tax.component(name) for p in priced]) for name in COMPONENTS}
    bill = Bill(id=ctx.new_id(), number=number, kind="bill", supplier_id=who.id,
                supplier_invoice=invoice, bill_date=when, due_date=due, branch_code=where,
                net=total([p.tax.tax.net for p in priced]).pesewas,
                **{name: parts[name].pesewas for name in COMPONENTS},
                gross=total([p.tax.tax.gross for p in priced]).pesewas,
                receipts_value=receipts_value.pesewas if receipts_value else 0,
                memo=c.text(memo, "memo", 300), journal_id=journal_id,
                created_by=actor.name[:300], created_at=ctx.clock.now())
    scope.add(bill)
    scope.flush()
    for no, (line, p) in enumerate(zip(lines, priced, strict=True), 1):
        t = p.tax.tax
        scope.add(BillLine(bill_id=bill.id, line_no=no, description=p.description,
                           account_code=p.account, tax_code=TaxCode.parse(line.tax_code).value,
                           inclusive=line.inclusive, amount=c.money(line.amount).pesewas,
                           net=t.net.pesewas, vat=t.vat.pesewas, nhil=t.nhil.pesewas,
                           getfund=t.getfund.pesewas, covid=t.covid.pesewas, gross=t.gross.pesewas,
                           cost=p.tax.cost.pesewas))
    for receipt, document in zip(linked, receipts, strict=True):
        scope.add(BillReceipt(receipt_journal_id=receipt.id, bill_id=bill.id, branch_code=where,
                              document_no=document.strip(), value=receipt.total))
    scope.flush()
    record(ctx, scope, actor, "purchases.bill_added", subject=number,
           detail={"supplier": who.name, "invoice": invoice, "gross": bill.gross,
                   "receipts": list(receipts)})
    return show_bill(scope, number)


def _paid(scope: TenantScope, bill_ids: Sequence[str]) -> dict[str, int]:
    if not bill_ids:
        return {}
    return {k: int(v) for k, v in c.pairs(scope.execute(
        select(Allocation.bill_id, func.sum(Allocation.amount))
        .where(Allocation.bill_id.in_(list(bill_ids))).group_by(Allocation.bill_id)))}


def _bill_json(bill: Bill, supplier: str, paid: int) -> dict[str, Any]:
    open_ = bill.gross - paid
    return {"number": bill.number, "kind": bill.kind, "supplier": supplier,
            "supplier_invoice": bill.supplier_invoice, "date": bill.bill_date,
            "due": bill.due_date, "branch": bill.branch_code, "net": c.cedis(bill.net),
            "vat": c.cedis(bill.vat), "nhil": c.cedis(bill.nhil), "getfund": c.cedis(bill.getfund),
            "covid": c.cedis(bill.covid), "gross": c.cedis(bill.gross), "paid": c.cedis(paid),
            "open": c.cedis(open_),
            "status": "paid" if open_ == 0 else ("part paid" if paid else "open")}


def list_bills(scope: TenantScope, *, supplier: str | None = None, only_open: bool = False,
               branch: str | None = None) -> list[dict[str, Any]]:
    stmt = select(Bill, Supplier.name).join(Supplier, Supplier.id == Bill.supplier_id)
    if supplier:
        stmt = stmt.where(Bill.supplier_id == find_supplier(scope, supplier).id)
    if branch:
        stmt = stmt.where(Bill.branch_code == branch)
    rows = c.pairs(scope.execute(stmt.order_by(Bill.bill_date, Bill.number)))
    paid = _paid(scope, [b.id for b, _ in rows])
    result = [_bill_json(b, name, paid.get(b.id, 0)) for b, name in rows]
    return [r for r in result if r["status"] != "paid"] if only_open else result


def show_bill(scope: TenantScope, number: str) -> dict[str, Any]:
    bill = scope.scalar(select(Bill).where(Bill.number == number.strip().upper()))
    if bill is None:
        raise NotFound(f"No bill is numbered {number}.")
    who = scope.get(Supplier, bill.supplier_id)
    data = _bill_json(bill, who.name if who else "", _paid(scope, [bill.id]).get(bill.id, 0))
    data["memo"] = bill.memo
    data["lines"] = [{"line": ln.line_no, "description": ln.description,
                      "account": ln.account_code, "tax_code": ln.tax_code,
                      "net": c.cedis(ln.net), "vat": c.cedis(ln.vat), "nhil": c.cedis(ln.nhil),
                      "getfund": c.cedis(ln.getfund), "gross": c.cedis(ln.gross),
                      "cost": c.cedis(ln.cost)}
                     for ln in scope.scalars(select(BillLine).where(BillLine.bill_id == bill.id)
                                             .order_by(BillLine.line_no))]
    data["receipts"] = [{"document_no": r.document_no, "branch": r.branch_code,
                         "value": c.cedis(r.value)}
                        for r in scope.scalars(select(BillReceipt).where(BillReceipt.bill_id == bill.id))]
    data["payments"] = [{"payment": p.number, "date": p.pay_date, "amount": c.cedis(a.amount)}
                        for a, p in c.pairs(scope.execute(
                            select(Allocation, SupplierPayment)
                            .join(SupplierPayment, SupplierPayment.id == Allocation.payment_id)
                            .where(Allocation.bill_id == bill.id)
                            .order_by(SupplierPayment.pay_date, SupplierPayment.number)))]
    return data


# -- payments ----------------------------------------------------------------------------
def _allocate(open_bills: list[tuple[Bill, int]], amount: int,
              named: Sequence[tuple[str, int | None]]) -> list[tuple[Bill, int]]:
    by_number = {b.number: (b, o) for b, o in open_bills}
    plan: list[tuple[Bill, int]] = []
    left = amount
    if named:
        if len({n for n, _ in named}) != len(named):
            raise Invalid("A bill is named twice; name each bill once.")
        for number, share in named:
            if number not in by_number:
                raise Invalid(f"{number} is not an open bill of this supplier.")
            bill, open_ = by_number[number]
            give = min(open_, left) if share is None else share
            if give > open_:
                raise Invalid(f"{number} has only {c.cedis(open_)} open; {c.cedis(give)} is more.")
            if give <= 0:
                continue
            plan.append((bill, give))
            left -= give
        if left != 0:
            raise Invalid(f"The payment is {c.cedis(amount)} but the bills named take "
                          f"{c.cedis(amount - left)}; the amounts must add up.")
        return plan
    for bill, open_ in open_bills:  # oldest first
        if left == 0:
            break
        give = min(open_, left)
        plan.append((bill, give))
        left -= give
    return plan


def pay_supplier(ctx: ServerContext, scope: TenantScope, actor: Actor, *, supplier: str,
                 amount: str | Money, pay_date: str | date, method: str, branch: str,
                 account: str | None = None, bills: Sequence[tuple[str, str | Money | None]] = (),
                 reference: str = "") -> dict[str, Any]:
    """Pay a supplier by cash, bank or MoMo (Dr 2000 / Cr the account), allocated to the
    named bills or to the oldest open ones first. Paying more than is open is refused."""
    who = find_supplier(scope, supplier)
    scope.execute(select(Supplier.id).where(Supplier.id == who.id).with_for_update())
    value = c.money(amount, "payment")
    when = c.day(pay_date, "payment date")
    where = c.branch(scope, branch)
    source = c.paid_from(scope, method, account)
    rows = scope.scalars(select(Bill).where(Bill.supplier_id == who.id, Bill.bill_date <= when)
                         .order_by(Bill.due_date, Bill.bill_date, Bill.number))
    paid = _paid(scope, [b.id for b in rows])
    open_bills = [(b, b.gross - paid.get(b.id, 0)) for b in rows if b.gross > paid.get(b.id, 0)]
    owed = sum(o for _, o in open_bills)
    if value.pesewas > owed:
        raise Refused(f"{who.name} is owed {c.cedis(owed)} on bills dated up to {when}; a "
                      f"payment of {value} is more. Enter the bill first.")
    named = [(n.strip().upper(), None if s is None else c.money(s, f"amount for {n}").pesewas)
             for n, s in bills]
    plan = _allocate(open_bills, value.pesewas, named)
    number = c.next_number(scope, SupplierPayment, "PAY")
    posted = post_journal(ctx, scope, payment_journal(number, who.name, where, value, source),
                          branch=where, entry_date=when, actor=actor)
    payment = SupplierPayment(id=ctx.new_id(), number=number, supplier_id=who.id, pay_date=when,
                              method=method, account_code=source, branch_code=where,
                              amount=value.pesewas, reference=c.text(reference, "reference", 64),
                              journal_id=posted.id, created_by=actor.name[:300],
                              created_at=ctx.clock.now())
    scope.add(payment)
    scope.flush()
    for bill, share in plan:
        scope.add(Allocation(payment_id=payment.id, bill_id=bill.id, amount=share))
    scope.flush()
    record(ctx, scope, actor, "purchases.supplier_paid", subject=number,
           detail={"supplier": who.name, "amount": value.pesewas, "account": source,
                   "bills": {b.number: s for b, s in plan}})
    return {"number": number, "supplier": who.name, "date": when, "amount": str(value),
            "account": source, "allocated": [{"bill": b.number, "amount": c.cedis(s)}
                                             for b, s in plan]}


__all__ = ["LineIn", "add_bill", "add_supplier", "find_supplier", "list_bills", "list_suppliers",
           "parse_line", "pay_supplier", "set_supplier_status", "show_bill", "supplier_balances"]
