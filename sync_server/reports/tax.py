"""The month-end tax reconciliation (the seed's Phase 3): VAT, NHIL, GETFund (and the
COVID-19 levy for older data) collected on the month's sales less refunds, against
what the month's postings moved on the tax payable accounts. They agree unless
something is unposted, a late posting landed in the month, or a void crossed months;
the report says which."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from sync_server.db.scope import TenantScope
from sync_server.ledger.models import Journal, Posting
from sync_server.periods.services import bounds
from sync_server.sales.models import Return, Sale
from sync_server.sync.models import StoredEnvelope

TAXES = (("vat", "VAT", "2100"), ("nhil", "NHIL", "2110"), ("getfund", "GETFund", "2120"),
         ("covid", "COVID-19 levy", "2130"))


def reconciliation(scope: TenantScope, period: str, branch: str | None = None) -> dict[str, Any]:
    first, last = bounds(period)
    sales = select(*(func.sum(getattr(Sale, name)).label(name) for name, _, _ in TAXES),
                   func.count().label("n")).where(
        Sale.business_date >= first, Sale.business_date <= last, Sale.status == "completed")
    refunds = select(*(func.sum(getattr(Return, name)).label(name) for name, _, _ in TAXES)
                     ).where(Return.business_date >= first, Return.business_date <= last)
    ledger = (select(Posting.account_code, func.sum(Posting.credit - Posting.debit).label("c"))
              .where(Posting.fiscal_period == period,
                     Posting.account_code.in_([a for _, _, a in TAXES]))
              .group_by(Posting.account_code))
    late = select(func.count()).select_from(Journal).where(Journal.fiscal_period == period,
                                                           Journal.late.is_(True))
    unposted = select(func.count()).select_from(StoredEnvelope).where(
        StoredEnvelope.posting_status.in_(("pending", "failed")),
        StoredEnvelope.business_date >= first, StoredEnvelope.business_date <= last)
    if branch:
        sales = sales.where(Sale.branch_code == branch)
        refunds = refunds.where(Return.branch_code == branch)
        ledger = ledger.where(Posting.branch_code == branch)
        late = late.where(Journal.branch_code == branch)
        unposted = unposted.where(StoredEnvelope.branch_code == branch)
    s = scope.execute(sales).one()
    r = scope.execute(refunds).one()
    booked = {row.account_code: int(row.c or 0) for row in scope.execute(ledger)}
    rows = []
    for name, label, account in TAXES:
        collected = int(getattr(s, name) or 0)
        refunded = int(getattr(r, name) or 0)
        net = collected - refunded
        posted = booked.get(account, 0)
        if name == "covid" and not (collected or refunded or posted):
            continue
        rows.append({"tax": label, "account": account, "collected": collected,
                     "refunded": refunded, "net": net, "posted": posted,
                     "difference": posted - net})
    return {"period": period, "branch": branch, "sales": int(s.n or 0), "rows": rows,
            "late_journals": int(scope.scalar(late) or 0),
            "unposted": int(scope.scalar(unposted) or 0),
            "agrees": all(row["difference"] == 0 for row in rows)}
