"""Unpaid van invoices, by driver and customer, followed until paid.

An unpaid invoice is a credit sale made at a van (a location of kind ``van``) with
something still open on it, worked out by the receivables (``receivables.ledger.books``:
payments on account pay the oldest invoice first unless allocated by hand; credit
notes and refunds settle it). It is aged as the AR ageing ages it (``shared.ageing``):
days past its due date, in the same buckets. The driver is the person who made the
sale on the van's till.

Head office writes a **follow-up** on an invoice: a note (“promised Friday”) and the day
to chase it again. *Due follow-ups* are the open invoices whose day has come, and the
overdue ones no one has followed up yet. An invoice drops off every list once paid.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from shared.ageing import BUCKET_KEYS, age, bucket_of, days_past_due
from shared.money import Money
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.receivables.ledger import books
from sync_server.sales.models import Sale
from sync_server.trucks.models import FollowUp
from sync_server.trucks.report import people, vans


def unpaid(scope: TenantScope, *, as_of: date, branch: str | None = None,
           driver: str | None = None, customer_id: str | None = None) -> dict[str, Any]:
    """Open van invoices as of ``as_of``: rows, totals by driver and by customer, each
    with its ageing buckets."""
    van_keys = {(v.branch_code, v.code) for v in vans(scope, branch)}
    open_items: list[tuple[Any, Any, int]] = []
    for entry in books(scope, as_of=as_of, customer_id=customer_id).values():
        for invoice in entry.invoices:
            amount = entry.open_of(invoice.sale_id)
            if amount > 0 and not invoice.sale_id.startswith("opening:"):
                open_items.append((entry, invoice, amount))
    ids = [i.sale_id for _e, i, _a in open_items]
    sales = {s.id: s for s in scope.scalars(select(Sale).where(Sale.id.in_(ids)))} if ids else {}
    notes = {f.sale_id: f for f in scope.scalars(select(FollowUp).where(
        FollowUp.sale_id.in_(ids)))} if ids else {}
    names = people(scope)
    rows: list[dict[str, Any]] = []
    for entry, invoice, amount in open_items:
        sale = sales.get(invoice.sale_id)
        if sale is None or (sale.branch_code, sale.location_code) not in van_keys:
            continue
        if driver and sale.user_email != driver:
            continue
        overdue = days_past_due(invoice.due, as_of)
        note = notes.get(invoice.sale_id)
        rows.append({"sale_id": invoice.sale_id, "number": invoice.number,
                     "driver": names.get(sale.user_email, sale.user_email),
                     "driver_email": sale.user_email, "van": sale.location_code,
                     "branch": sale.branch_code, "customer": entry.name,
                     "customer_id": entry.customer_id, "date": invoice.day.isoformat(),
                     "due": invoice.due.isoformat(), "days": overdue,
                     "bucket": bucket_of(overdue), "amount": str(Money(invoice.amount)),
                     "open": str(Money(amount)), "open_pesewas": amount,
                     "note": note.note if note else "",
                     "follow_up_on": note.follow_up_on if note else None,
                     "follow_up_due": _due(note, overdue, as_of)})
    rows.sort(key=lambda r: (r["driver"], r["customer"], r["date"], r["number"]))

    def totals(key: str) -> list[dict[str, Any]]:
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            groups.setdefault(r[key], []).append(r)
        result = []
        for name, items in sorted(groups.items()):
            buckets = age([(date.fromisoformat(r["due"]), r["open_pesewas"]) for r in items], as_of)
            result.append({key: name, **{k: str(Money(v)) for k, v in buckets.items()},
                           "total": str(Money(sum(buckets.values()))), "invoices": len(items)})
        return result

    overall = age([(date.fromisoformat(r["due"]), r["open_pesewas"]) for r in rows], as_of)
    return {"as_of": as_of.isoformat(), "rows": rows, "by_driver": totals("driver"),
            "by_customer": totals("customer"),
            "totals": {k: str(Money(overall[k])) for k in BUCKET_KEYS},
            "total": str(Money(sum(overall.values()))),
            "due_follow_ups": [r for r in rows if r["follow_up_due"]]}


def _due(note: FollowUp | None, overdue: int, as_of: date) -> bool:
    if note is None or not note.follow_up_on:
        return overdue > 0
    return note.follow_up_on <= as_of.isoformat()


def set_follow_up(ctx: ServerContext, scope: TenantScope, actor: Actor, *, invoice: str,
                  note: str, on: date | None, by: str, branch: str | None = None
                  ) -> dict[str, Any]:
    """Write the follow-up of an unpaid van invoice (receipt number or sale id);
    ``branch`` limits it to that branch's invoices (a manager's)."""
    note = (note or "").strip()
    if not note or len(note) > 300:
        raise Invalid("Write what was agreed or done (up to 300 characters).")
    text = (invoice or "").strip()
    found = scope.scalars(select(Sale).where((Sale.receipt_no == text) | (Sale.id == text)))
    if len(found) != 1 or (branch is not None and found[0].branch_code != branch):
        raise NotFound(f"No sale has the receipt number or id “{text}”.")
    sale = found[0]
    if sale.customer_id is None:
        raise Refused(f"Sale {sale.receipt_no} was not sold on account to a customer.")
    if on is not None and on < date.fromisoformat(sale.business_date):
        raise Invalid(f"Follow up on or after the sale's day ({sale.business_date}).")
    entry = books(scope, as_of=date.max, customer_id=sale.customer_id).get(sale.customer_id)
    if entry is None or entry.open_of(sale.id) <= 0:
        raise Refused(f"Invoice {sale.receipt_no} is paid; there is nothing to follow up.")
    row = scope.get(FollowUp, sale.id)
    if row is None:
        scope.add(FollowUp(sale_id=sale.id, note=note,
                           follow_up_on=on.isoformat() if on else None,
                           updated_by=by[:254], updated_at=ctx.clock.now()))
    else:
        row.note, row.follow_up_on = note, on.isoformat() if on else None
        row.updated_by, row.updated_at = by[:254], ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "invoice.follow_up", subject=sale.receipt_no,
           detail={"note": note, "on": on.isoformat() if on else None})
    return {"invoice": sale.receipt_no, "note": note,
            "follow_up_on": on.isoformat() if on else None,
            "open": str(Money(entry.open_of(sale.id)))}


__all__ = ["set_follow_up", "unpaid"]
