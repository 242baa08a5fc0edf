"""Quick expenses and tax paid to GRA (issue [9] scope 4).

An expense is a receipt in hand: a category (an active expense account), the amount
paid (tax included), its tax code (input tax as on a bill, ``shared.purchases``; ``D``
or ``A`` for none) and where it was paid from (cash at a branch, a bank, MoMo) — Dr the
category, Dr the input tax, Cr the paying account; journal kind ``expense``.

Tax paid to GRA from a bank account settles what the tax accounts owe: Dr 2100 VAT,
2110 NHIL, 2120 GETFund (and 2130 COVID levy when the tenant has it) / Cr the bank, for
the month it pays for; journal kind ``tax_payment``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from shared.errors import BisamaError
from shared.money import Money
from shared.purchases import expense_journal, input_tax, tax_payment_journal
from shared.tax import COMPONENTS, TaxCode
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.periods.services import parse_period
from sync_server.purchases import common as c
from sync_server.purchases.models import Expense, TaxPayment


def add_expense(ctx: ServerContext, scope: TenantScope, actor: Actor, *, category: str,
                amount: str | Money, expense_date: str | date, branch: str, paid_by: str,
                account: str | None = None, tax_code: str = "D", receipt_no: str = "",
                memo: str = "") -> dict[str, Any]:
    when = c.day(expense_date, "date")
    where = c.branch(scope, branch)
    cat = c.account(scope, category, types=("expense",), what="expense category")
    value = c.money(amount, "amount")
    source = c.paid_from(scope, paid_by, account)
    note = c.text(memo, "memo", 200) or cat.name
    try:
        code = TaxCode.parse(tax_code)
        tax = input_tax(value, code, date.fromisoformat(when), inclusive=True,
                        profile=c.tax_profile(scope))
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    number = c.next_number(scope, Expense, "EXP")
    journal = expense_journal(number, cat.code, where, tax, paid_from=source, memo=note)
    posted = post_journal(ctx, scope, journal, branch=where, entry_date=when, actor=actor)
    row = Expense(id=ctx.new_id(), number=number, expense_date=when, category=cat.code,
                  branch_code=where, tax_code=code.value, gross=value.pesewas,
                  cost=tax.cost.pesewas, **{n: tax.claim[n].pesewas for n in COMPONENTS},
                  paid_from=source, receipt_no=c.text(receipt_no, "receipt number", 64),
                  memo=note, journal_id=posted.id, created_by=actor.name[:300],
                  created_at=ctx.clock.now())
    scope.add(row)
    scope.flush()
    record(ctx, scope, actor, "purchases.expense_added", subject=number,
           detail={"category": cat.code, "gross": value.pesewas, "paid_from": source})
    return expense_json(row)


def expense_json(row: Expense) -> dict[str, Any]:
    tax = row.vat + row.nhil + row.getfund + row.covid
    return {"number": row.number, "date": row.expense_date, "category": row.category,
            "branch": row.branch_code, "amount": c.cedis(row.gross), "cost": c.cedis(row.cost),
            "input_tax": c.cedis(tax), "tax_code": row.tax_code, "paid_from": row.paid_from,
            "receipt_no": row.receipt_no, "memo": row.memo}


def list_expenses(scope: TenantScope, *, start: str | None = None, end: str | None = None,
                  branch: str | None = None) -> list[dict[str, Any]]:
    stmt = select(Expense)
    if start:
        stmt = stmt.where(Expense.expense_date >= c.day(start, "start date"))
    if end:
        stmt = stmt.where(Expense.expense_date <= c.day(end, "end date"))
    if branch:
        stmt = stmt.where(Expense.branch_code == branch)
    return [expense_json(r) for r in scope.scalars(stmt.order_by(Expense.expense_date,
                                                                 Expense.number))]


def pay_tax(ctx: ServerContext, scope: TenantScope, actor: Actor, *, period: str,
            pay_date: str | date, branch: str, amounts: dict[str, str | Money],
            account: str | None = None, reference: str = "") -> dict[str, Any]:
    """Tax paid to GRA for ``period`` (YYYY-MM) from a bank account."""
    try:
        month = parse_period(period)
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    when = c.day(pay_date, "payment date")
    where = c.branch(scope, branch)
    bank = c.paid_from(scope, "bank", account)
    values = {n: c.money(amounts[n], f"{n.upper()} paid", positive=False)
              for n in COMPONENTS if amounts.get(n) not in (None, "")}
    number = c.next_number(scope, TaxPayment, "TAX")
    try:
        journal = tax_payment_journal(number, month, where, values, bank)
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    posted = post_journal(ctx, scope, journal, branch=where, entry_date=when, actor=actor)
    row = TaxPayment(id=ctx.new_id(), number=number, pay_date=when, period=month,
                     bank_account=bank, **{n: values.get(n, Money.ZERO).pesewas for n in COMPONENTS},
                     total=journal.total_debit.pesewas, reference=c.text(reference, "reference", 64),
                     journal_id=posted.id, created_by=actor.name[:300], created_at=ctx.clock.now())
    scope.add(row)
    scope.flush()
    record(ctx, scope, actor, "purchases.tax_paid", subject=number,
           detail={"period": month, "total": row.total, "bank": bank})
    return {"number": number, "period": month, "date": when, "bank": bank,
            **{n: c.cedis(getattr(row, n)) for n in COMPONENTS}, "total": c.cedis(row.total)}


def list_tax_payments(scope: TenantScope) -> list[dict[str, Any]]:
    return [{"number": r.number, "date": r.pay_date, "period": r.period, "bank": r.bank_account,
             **{n: c.cedis(getattr(r, n)) for n in COMPONENTS}, "total": c.cedis(r.total),
             "reference": r.reference}
            for r in scope.scalars(select(TaxPayment).order_by(TaxPayment.pay_date))]


__all__ = ["add_expense", "list_expenses", "list_tax_payments", "pay_tax"]
