"""The general ledger of one account for a range of days: the opening balance, each
posting (date, journal kind, reference, memo, branch, debit, credit) with the running
balance, and the closing balance. Dates are the postings' own (``entry_date``), so a
late envelope shows on the day it happened. Balances are debit − credit (a credit
balance is negative), as the trial balance nets them.

Each posting names its journal, and the sale it came from when there is one (a sale,
a refund or a void of it, a credit note on it), so the page links to both.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound
from sync_server.ledger.models import Account, Journal, Posting
from sync_server.receivables.models import CreditNote
from sync_server.sales.models import Return, Sale

MAX_ROWS = 20_000


def sale_links(scope: TenantScope, journals: list[Journal]) -> dict[str, str]:
    """journal id → the id of the sale behind it, for those that have one."""
    by_envelope = {j.envelope_id: j.id for j in journals if j.envelope_id}
    result: dict[str, str] = {}
    if by_envelope:
        ids = list(by_envelope)
        for sale_id in scope.scalars(select(Sale.id).where(Sale.id.in_(ids))):
            result[by_envelope[sale_id]] = sale_id
        for row in scope.execute(select(Return.id, Return.sale_id).where(Return.id.in_(ids))):
            result[by_envelope[row.id]] = row.sale_id
        for row in scope.execute(select(Sale.id, Sale.void_id).where(Sale.void_id.in_(ids))):
            result[by_envelope[row.void_id]] = row.id
    notes = [j.id for j in journals if j.kind == "credit_note"]
    if notes:
        for row in scope.execute(select(CreditNote.journal_id, CreditNote.sale_id)
                                 .where(CreditNote.journal_id.in_(notes))):
            result[row.journal_id] = row.sale_id
    return result


def general_ledger(scope: TenantScope, account: str, *, first: date, last: date,
                   branch: str | None = None) -> dict[str, Any]:
    if last < first:
        raise Invalid("The last day is before the first.")
    row = scope.get(Account, account.strip())
    if row is None:
        raise NotFound(f"Account {account} is not in this tenant's chart.")
    base = [Posting.account_code == row.code]
    if branch is not None:
        base.append(Posting.branch_code == branch)
    opening = int(scope.scalar(select(func.sum(Posting.debit - Posting.credit))
                               .where(*base, Posting.entry_date < first.isoformat())) or 0)
    stmt = (select(Posting, Journal).join(Journal, Journal.id == Posting.journal_id)
            .where(*base, Posting.entry_date >= first.isoformat(),
                   Posting.entry_date <= last.isoformat())
            .order_by(Posting.entry_date, Journal.posted_at, Journal.id, Posting.line_no)
            .limit(MAX_ROWS + 1))
    result: Any = scope.execute(stmt)
    pairs: list[tuple[Posting, Journal]] = [(r[0], r[1]) for r in result]
    truncated = len(pairs) > MAX_ROWS
    pairs = pairs[:MAX_ROWS]
    links = sale_links(scope, list({j.id: j for _, j in pairs}.values()))
    running = opening
    lines = []
    for posting, journal in pairs:
        running += posting.debit - posting.credit
        lines.append({"date": date.fromisoformat(posting.entry_date), "kind": journal.kind,
                      "reference": journal.reference, "memo": posting.memo or journal.memo,
                      "branch": posting.branch_code, "debit": posting.debit,
                      "credit": posting.credit, "balance": running, "journal_id": journal.id,
                      "sale_id": links.get(journal.id), "late": journal.late})
    return {"account": row.code, "name": row.name, "type": row.type, "first": first,
            "last": last, "branch": branch, "opening": opening, "lines": lines,
            "debit": sum(ln["debit"] for ln in lines), "credit": sum(ln["credit"] for ln in lines),
            "closing": running, "truncated": truncated}


__all__ = ["general_ledger", "sale_links"]
