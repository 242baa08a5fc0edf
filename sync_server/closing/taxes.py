"""The month's tax reconciliation, explained line by line (issue [10] scope 1 and 3).

``reports.tax.reconciliation`` compares the tax on the month's sales less refunds with what
the month's postings moved on the tax accounts. This says *why* they differ, item by item
with amounts, so an accountant can sign it off:

* a journal posted in the month that is not one of the month's own sales or refunds — a
  late sale from an earlier month that landed here, a void of an earlier month's sale, a
  bill's input tax, a tax payment, a journal by hand;
* a sale or refund of the month whose journal is elsewhere — posted late to a later
  month, or not posted yet;
* a sale of the month voided in another month (its tax was posted here, its void there).

The differences are explained when, for each tax, posted − (collected − refunded) equals
the sum of the items. Amounts are credits to the payable account (what is owed to GRA).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, func, or_, select

from sync_server.closing.models import LateMove
from sync_server.db.scope import TenantScope
from sync_server.ledger.models import Journal, Posting
from sync_server.periods.services import bounds
from sync_server.reports.tax import TAXES, reconciliation
from sync_server.sales.models import Return, Sale

ACCOUNT_TAX = {account: name for name, _, account in TAXES}
NAMES = [name for name, _, _ in TAXES]


def _zero() -> dict[str, int]:
    return dict.fromkeys(NAMES, 0)


def _journal_taxes(scope: TenantScope, period: str) -> dict[str, dict[str, Any]]:
    """Tax postings of the journals posted in ``period``, per journal — leaving out, in the
    database, the journals of the month's own completed sales and own refunds, which
    explain themselves (``explained_reconciliation`` would skip each of them: with a
    month of 200,000 sales, loading them all took seconds)."""
    first, last = bounds(period)
    own_sale = exists().where(Sale.tenant_id == Journal.tenant_id,
                              Sale.id == Journal.envelope_id, Sale.status == "completed",
                              Sale.business_date >= first, Sale.business_date <= last)
    own_return = exists().where(Return.tenant_id == Journal.tenant_id,
                                Return.id == Journal.envelope_id,
                                Return.business_date >= first, Return.business_date <= last)
    stmt = (select(Journal.id, Journal.envelope_id, Journal.kind, Journal.reference,
                   Journal.entry_date, Journal.memo, Posting.account_code,
                   func.sum(Posting.credit - Posting.debit).label("amount"))
            .join(Posting, Posting.journal_id == Journal.id)
            .where(Journal.fiscal_period == period, Posting.fiscal_period == period,
                   Posting.account_code.in_(list(ACCOUNT_TAX)),
                   or_(Journal.envelope_id.is_(None), ~own_sale & ~own_return))
            .group_by(Journal.id, Journal.envelope_id, Journal.kind, Journal.reference,
                      Journal.entry_date, Journal.memo, Posting.account_code))
    result: dict[str, dict[str, Any]] = {}
    for row in scope.execute(stmt):
        item = result.setdefault(row.id, {"envelope_id": row.envelope_id, "kind": row.kind,
                                          "reference": row.reference, "date": row.entry_date,
                                          "memo": row.memo, "taxes": _zero()})
        item["taxes"][ACCOUNT_TAX[row.account_code]] += int(row.amount or 0)
    return result


def _item(why: str, reference: str, day: str, taxes: dict[str, int]) -> dict[str, Any]:
    return {"why": why, "reference": reference, "date": day, "taxes": taxes,
            "total": sum(taxes.values())}


def explained_reconciliation(scope: TenantScope, period: str) -> dict[str, Any]:
    base = reconciliation(scope, period)
    first, last = bounds(period)
    journals = _journal_taxes(scope, period)
    # Late postings moved back to their own month (``closing.late``): in the month they
    # landed in, the late journal and its reversal cancel out; in their own month the
    # journal posted again stands for the envelope's own.
    cancelled: set[str] = set()
    moved_here: set[str] = set()
    for move in scope.scalars(select(LateMove).where(
            or_(LateMove.landed_period == period, LateMove.own_period == period))):
        if move.landed_period == period:
            cancelled |= {move.journal_id, move.out_journal_id}
        if move.own_period == period and move.in_journal_id in journals:
            journals[move.in_journal_id]["envelope_id"] = move.envelope_id
            if move.envelope_id:
                moved_here.add(move.envelope_id)
    journals = {k: v for k, v in journals.items() if k not in cancelled}
    envelope_ids = [j["envelope_id"] for j in journals.values() if j["envelope_id"]]
    sales: dict[str, Any] = {}
    returns: dict[str, Any] = {}
    for chunk in (envelope_ids[i:i + 500] for i in range(0, len(envelope_ids), 500)):
        for s in scope.execute(select(Sale.id, Sale.business_date, Sale.status, Sale.void_id,
                                      Sale.receipt_no).where(Sale.id.in_(chunk))):
            sales[s.id] = s
        for r in scope.execute(select(Return.id, Return.business_date).where(Return.id.in_(chunk))):
            returns[r.id] = r
    in_month = lambda day: first <= day <= last  # noqa: E731
    voids_here = {j["envelope_id"] for j in journals.values() if j["kind"] == "void"}
    items: list[dict[str, Any]] = []
    for j in journals.values():
        env = j["envelope_id"]
        sale = sales.get(env) if env else None
        if sale is not None and in_month(sale.business_date):
            if sale.status == "completed":
                continue  # one of the month's own sales
            if sale.void_id in voids_here:
                continue  # sold and voided in the month: the pair nets to nothing
            items.append(_item(f"sale {sale.receipt_no} of this month, voided in another month "
                               "(its tax was posted here, the void's elsewhere)",
                               j["reference"], j["date"], j["taxes"]))
            continue
        ret = returns.get(env) if env else None
        if ret is not None and in_month(ret.business_date):
            continue  # one of the month's own refunds
        if j["kind"] == "void" and env:
            original = scope.execute(select(Sale.business_date, Sale.receipt_no, Sale.status)
                                     .where(Sale.void_id == env)).first()
            if original is not None and in_month(original.business_date):
                continue  # paired above with its sale
        if sale is not None or ret is not None:
            why = (f"late posting: a {j['kind']} dated {j['date']}, in a month that was closed, "
                   "posted here")
        elif j["kind"] == "void":
            why = "void of a sale of an earlier month"
        elif env is None:
            why = f"{j['kind'].replace('_', ' ')} posted at head office: {j['memo']}"
        else:
            why = f"{j['kind'].replace('_', ' ')} dated {j['date']}"
        items.append(_item(why, j["reference"], j["date"], j["taxes"]))
    # The month's own sales and refunds whose tax is not in this month's postings.
    elsewhere = (select(Sale.id, Sale.receipt_no, Sale.business_date, Journal.fiscal_period,
                        *(getattr(Sale, n) for n in NAMES))
                 .outerjoin(Journal, Journal.envelope_id == Sale.id)
                 .where(Sale.business_date >= first, Sale.business_date <= last,
                        Sale.status == "completed",
                        or_(Journal.id.is_(None), Journal.fiscal_period != period)))
    for s in scope.execute(elsewhere):
        if s.id in moved_here:
            continue
        taxes = {n: -int(getattr(s, n) or 0) for n in NAMES}
        why = (f"sale of this month posted late to {s.fiscal_period}" if s.fiscal_period
               else "sale of this month not posted yet")
        items.append(_item(why, s.receipt_no, s.business_date, taxes))
    back = (select(Return.id, Return.refund_no, Return.business_date, Journal.fiscal_period,
                   *(getattr(Return, n) for n in NAMES))
            .outerjoin(Journal, Journal.envelope_id == Return.id)
            .where(Return.business_date >= first, Return.business_date <= last,
                   or_(Journal.id.is_(None), and_(Journal.fiscal_period != period))))
    for r in scope.execute(back):
        if r.id in moved_here:
            continue
        if not any(getattr(r, n) for n in NAMES):
            continue
        taxes = {n: int(getattr(r, n) or 0) for n in NAMES}
        why = (f"refund of this month posted late to {r.fiscal_period}" if r.fiscal_period
               else "refund of this month not posted yet")
        items.append(_item(why, r.refund_no, r.business_date, taxes))
    items = [i for i in items if i["total"] or any(i["taxes"].values())]
    items.sort(key=lambda i: (i["date"], i["reference"]))
    sums = _zero()
    for i in items:
        for n in NAMES:
            sums[n] += i["taxes"][n]
    rows = []
    for row in base["rows"]:
        name = next(n for n, label, _ in TAXES if label == row["tax"])
        rows.append({**row, "explained": sums[name],
                     "unexplained": row["difference"] - sums[name]})
    return {**base, "rows": rows, "items": items,
            "explained": all(r["unexplained"] == 0 for r in rows)}


__all__ = ["explained_reconciliation"]
