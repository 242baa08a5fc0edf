"""Paying what a posted payroll owes (issue [14] scope 1, as [9]'s tax payments): net
pay to the staff, PAYE to GRA (by the 15th of the next month), SSNIT tier 1 (within 14
days of the month's end) and tier 2 to the trustee. Each is paid once per run, in full,
from a cash, bank or MoMo account: Dr the liability (per branch) / Cr the account.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared.errors import BisamaError
from shared.money import Money
from shared.payroll import PAID_TO, payment_journal
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, Refused
from sync_server.payroll.models import PayPayment
from sync_server.payroll.runs import find_run, slip_of, slips
from sync_server.purchases import common as c

KINDS = tuple(PAID_TO)


def owed(scope: TenantScope, month: str, kind: str) -> dict[str, Money]:
    """Per branch, what the run owes for ``kind``."""
    run = find_run(scope, month)
    out: dict[str, Money] = {}
    for row in slips(scope, run):
        slip = slip_of(row)
        amount = {"net": slip.net, "paye": slip.paye + slip.overtime_tax, "ssnit": slip.tier1,
                  "tier2": slip.tier2}[kind]
        out[row.branch_code] = out.get(row.branch_code, Money.ZERO) + amount
    return out


def pay(ctx: ServerContext, scope: TenantScope, actor: Actor, *, month: str, kind: str,
        pay_date: str, method: str = "bank", account: str | None = None,
        reference: str = "") -> dict[str, Any]:
    if kind not in KINDS:
        raise Invalid(f"“{kind}” is not a payroll liability; use {', '.join(KINDS)}.")
    run = find_run(scope, month, lock=True)
    if run.status != "posted":
        raise Refused(f"The {run.month} payroll is {run.status}; post it before paying it.")
    done = scope.scalar(select(PayPayment).where(PayPayment.run_id == run.id,
                                                 PayPayment.kind == kind))
    if done is not None:
        raise Refused(f"{PAID_TO[kind]} for {run.month} was already paid on {done.pay_date}.")
    when = c.day(pay_date, "payment date")
    if when < run.month + "-01":
        raise Invalid(f"A payment for {run.month} cannot be dated before the month ({when}).")
    paid_from = c.paid_from(scope, method, account)
    ref = c.text(reference, "reference", 64) or f"PAY-{run.month}-{kind.upper()}"
    amounts = owed(scope, run.month, kind)
    try:
        journal = payment_journal(run.month, kind, amounts, paid_from, ref)
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    posted = post_journal(ctx, scope, journal, branch=min(amounts), entry_date=when, actor=actor)
    row = PayPayment(id=ctx.new_id(), run_id=run.id, kind=kind, pay_date=when,
                     amount=journal.total_debit.pesewas, paid_from=paid_from, reference=ref,
                     journal_id=posted.id, created_by=actor.name[:300], created_at=ctx.clock.now())
    scope.add(row)
    scope.flush()
    record(ctx, scope, actor, "payroll.paid", subject=f"{run.month} {kind}",
           detail={"amount": row.amount, "from": paid_from, "journal": posted.id})
    return payment_json(row, run.month)


def payment_json(row: PayPayment, month: str) -> dict[str, Any]:
    return {"month": month, "kind": row.kind, "what": PAID_TO[row.kind], "date": row.pay_date,
            "amount": c.cedis(row.amount), "from": row.paid_from, "reference": row.reference}


def list_payments(scope: TenantScope, month: str) -> list[dict[str, Any]]:
    run = find_run(scope, month)
    paid = {p.kind: p for p in scope.scalars(select(PayPayment)
                                             .where(PayPayment.run_id == run.id))}
    out = []
    for kind in KINDS:
        total = sum((m.pesewas for m in owed(scope, run.month, kind).values()), 0)
        row = paid.get(kind)
        out.append({"kind": kind, "what": PAID_TO[kind], "owed": c.cedis(total),
                    "paid_on": row.pay_date if row else "", "from": row.paid_from if row else "",
                    "reference": row.reference if row else ""})
    return out


__all__ = ["KINDS", "list_payments", "owed", "pay"]
