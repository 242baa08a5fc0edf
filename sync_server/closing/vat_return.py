"""The monthly VAT return as GRA's form asks for it (issue [10] scope 5): supplies by
kind (standard-rated, zero-rated, exempt, non-taxable), the output VAT, NHIL and GETFund
(and the old COVID-19 levy where it applies) on the month's own sales less refunds, the
input tax on the month's bills and expenses, the net payable per tax and the due date.

It is tied to the ledger: the tax accounts' movement in the month equals the output tax
here, less the input tax, plus the items the explained reconciliation lists that are not
the month's own trade (late postings, voids across months, tax payments …) — a test holds
the two to the pesewa.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from shared.filing import monthly_return_due
from sync_server.closing.taxes import NAMES, explained_reconciliation
from sync_server.db.scope import TenantScope
from sync_server.ledger.models import Journal, Posting
from sync_server.periods.services import bounds
from sync_server.reports.tax import TAXES
from sync_server.sales.models import Return, ReturnItem, Sale, SaleItem

SUPPLIES = (("B", "Standard-rated supplies"), ("C", "Zero-rated supplies"),
            ("A", "Exempt supplies"), ("D", "Non-taxable supplies"))
INPUT_KINDS = ("bill", "expense")  # journals whose tax debits are input tax


def vat_return(scope: TenantScope, period: str) -> dict[str, Any]:
    first, last = bounds(period)
    sold = (select(SaleItem.tax_code, func.sum(SaleItem.net).label("net"),
                   *(func.sum(getattr(SaleItem, n)).label(n) for n in NAMES))
            .join(Sale, Sale.id == SaleItem.sale_id)
            .where(Sale.business_date >= first, Sale.business_date <= last,
                   Sale.status == "completed")
            .group_by(SaleItem.tax_code))
    returned = (select(SaleItem.tax_code, func.sum(ReturnItem.net).label("net"),
                       *(func.sum(getattr(ReturnItem, n)).label(n) for n in NAMES))
                .join(Return, Return.id == ReturnItem.return_id)
                .join(SaleItem, and_(SaleItem.sale_id == ReturnItem.sale_id,
                                     SaleItem.line_no == ReturnItem.line_no))
                .where(Return.business_date >= first, Return.business_date <= last)
                .group_by(SaleItem.tax_code))
    by_code: dict[str, dict[str, int]] = {}
    for sign, stmt in ((1, sold), (-1, returned)):
        for row in scope.execute(stmt):
            figures = by_code.setdefault(row.tax_code, dict.fromkeys(["net", *NAMES], 0))
            for key in ("net", *NAMES):
                figures[key] += sign * int(getattr(row, key) or 0)
    supplies = [{"code": code, "label": label,
                 "value": by_code.get(code, {}).get("net", 0)} for code, label in SUPPLIES]
    output = {n: sum(f[n] for f in by_code.values()) for n in NAMES}
    accounts = {account: name for name, _, account in TAXES}
    input_tax = dict.fromkeys(NAMES, 0)
    stmt = (select(Posting.account_code, func.sum(Posting.debit - Posting.credit).label("amount"))
            .join(Journal, Journal.id == Posting.journal_id)
            .where(Journal.fiscal_period == period, Journal.kind.in_(INPUT_KINDS),
                   Posting.account_code.in_(list(accounts)))
            .group_by(Posting.account_code))
    for row in scope.execute(stmt):
        input_tax[accounts[row.account_code]] += int(row.amount or 0)
    taxes = []
    for name, label, account in TAXES:
        if name == "covid" and not (output[name] or input_tax[name]):
            continue
        taxes.append({"tax": label, "account": account, "output": output[name],
                      "input": input_tax[name], "payable": output[name] - input_tax[name]})
    explained = explained_reconciliation(scope, period)
    other = [i for i in explained["items"]
             if not any(i["why"].startswith(f"{k} posted at head office") for k in INPUT_KINDS)]
    return {"period": period, "from": first, "to": last,
            "due": monthly_return_due(period).isoformat(), "supplies": supplies,
            "taxes": taxes, "total_payable": sum(t["payable"] for t in taxes),
            "other_ledger_items": other, "explained": explained["explained"]}


__all__ = ["vat_return"]
