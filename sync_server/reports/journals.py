"""Browsing the ledger: journals of a period, one journal with its postings and the
sale or refund it came from, a sale with its lines, tenders, returns and journal, and
the postings that wait (pending or failed) for ``post-unposted``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from sync_server.db.scope import TenantScope
from sync_server.ledger.models import Account, Journal, Posting
from sync_server.sales.models import Payment, Return, ReturnItem, Sale, SaleItem
from sync_server.sync.models import StoredEnvelope


def journals(scope: TenantScope, *, period: str | None = None, branch: str | None = None,
             kind: str | None = None, page: int = 0, size: int = 50) -> dict[str, Any]:
    stmt = select(Journal)
    count = select(func.count()).select_from(Journal)
    for condition in ([Journal.fiscal_period == period] if period else []) + \
            ([Journal.branch_code == branch] if branch else []) + \
            ([Journal.kind == kind] if kind else []):
        stmt = stmt.where(condition)
        count = count.where(condition)
    rows = scope.scalars(stmt.order_by(Journal.entry_date.desc(), Journal.posted_at.desc(),
                                       Journal.id.desc())
                         .offset(page * size).limit(size))
    return {"rows": rows, "total": int(scope.scalar(count) or 0), "page": page, "size": size}


def journal(scope: TenantScope, journal_id: str) -> dict[str, Any] | None:
    head = scope.get(Journal, journal_id)
    if head is None:
        return None
    names = {a.code: a.name for a in scope.scalars(select(Account))}
    lines = [{"account": p.account_code, "name": names.get(p.account_code, "?"),
              "branch": p.branch_code, "debit": p.debit, "credit": p.credit, "memo": p.memo}
             for p in scope.scalars(select(Posting).where(Posting.journal_id == journal_id)
                                    .order_by(Posting.line_no))]
    sale_id = None
    if head.envelope_id:
        if scope.get(Sale, head.envelope_id) is not None:
            sale_id = head.envelope_id
        else:
            refund = scope.get(Return, head.envelope_id)
            if refund is not None:
                sale_id = refund.sale_id
            else:
                voided = scope.scalar(select(Sale.id).where(Sale.void_id == head.envelope_id))
                sale_id = voided
    return {"journal": head, "lines": lines, "sale_id": sale_id,
            "debit": sum(ln["debit"] for ln in lines), "credit": sum(ln["credit"] for ln in lines)}


def sale(scope: TenantScope, sale_id: str) -> dict[str, Any] | None:
    head = scope.get(Sale, sale_id)
    if head is None:
        return None
    items = scope.scalars(select(SaleItem).where(SaleItem.sale_id == sale_id)
                          .order_by(SaleItem.line_no))
    tenders = scope.scalars(select(Payment).where(Payment.sale_id == sale_id)
                            .order_by(Payment.received_at, Payment.envelope_id,
                                      Payment.tender_no))
    refunds = scope.scalars(select(Return).where(Return.sale_id == sale_id)
                            .order_by(Return.business_date))
    refund_ids = [r.id for r in refunds]
    returned = scope.scalars(select(ReturnItem).where(ReturnItem.return_id.in_(refund_ids))
                             ) if refund_ids else []
    envelope_ids = [sale_id, *refund_ids, *([head.void_id] if head.void_id else [])]
    journal_rows = scope.scalars(select(Journal).where(Journal.envelope_id.in_(envelope_ids))
                                 .order_by(Journal.entry_date))
    return {"sale": head, "items": items, "tenders": tenders, "refunds": refunds,
            "returned": returned, "journals": journal_rows}


def find_sale(scope: TenantScope, receipt_no: str) -> str | None:
    found = scope.scalar(select(Sale.id).where(Sale.receipt_no == receipt_no.strip()).limit(1))
    return str(found) if found is not None else None


def waiting(scope: TenantScope, *, branch: str | None = None,
            limit: int = 500) -> list[dict[str, Any]]:
    """Stored envelopes whose posting is pending or failed, oldest first."""
    stmt = (select(StoredEnvelope)
            .where(StoredEnvelope.posting_status.in_(("pending", "failed")),
                   StoredEnvelope.status == "stored", StoredEnvelope.fork_no == 0)
            .order_by(StoredEnvelope.business_date, StoredEnvelope.terminal_id,
                      StoredEnvelope.seq).limit(limit))
    if branch:
        stmt = stmt.where(StoredEnvelope.branch_code == branch)
    return [{"terminal_id": r.terminal_id, "seq": r.seq, "kind": r.kind, "branch": r.branch_code,
             "date": r.business_date, "status": r.posting_status, "error": r.posting_error,
             "envelope_id": r.envelope_id} for r in scope.scalars(stmt)]
