"""The daily E-VAT reconciliation, per till: every sale and refund of the day is either
cleared by GRA or still pending (or failed, waiting for a person), none is missing from
the outbox, and no GRA receipt number or invoice number is used twice."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select

from sync_server.db.scope import TenantScope
from sync_server.fiscal.models import EvatClearance, EvatSubmission
from sync_server.fiscal.settings import is_enabled
from sync_server.sales.models import Return, Sale
from sync_server.terminals.models import Terminal


def _documents(scope: TenantScope, day: str) -> list[dict[str, Any]]:
    rows = [{"id": s.id, "kind": "sale", "terminal_id": s.terminal_id, "branch": s.branch_code,
             "number": s.receipt_no, "business_date": s.business_date}
            for s in scope.scalars(select(Sale).where(Sale.business_date == day))]
    rows += [{"id": r.id, "kind": "refund", "terminal_id": r.terminal_id, "branch": r.branch_code,
              "number": r.refund_no, "business_date": r.business_date}
             for r in scope.scalars(select(Return).where(Return.business_date == day))]
    return rows


def reconcile(scope: TenantScope, day: str) -> dict[str, Any]:
    """Per till of ``day``: documents, cleared, pending, failed, missing, duplicates."""
    docs = _documents(scope, day)
    ids = [d["id"] for d in docs]
    outbox = {r.envelope_id: r for r in scope.scalars(
        select(EvatSubmission).where(EvatSubmission.business_date == day))}
    clearances = {c.envelope_id: c for c in scope.scalars(
        select(EvatClearance).where(EvatClearance.envelope_id.in_(ids)))} if ids else {}
    names = {t.id: t.name for t in scope.scalars(select(Terminal))}
    tills: dict[str, dict[str, Any]] = defaultdict(lambda: {
        "documents": 0, "cleared": 0, "pending": 0, "failed": 0, "missing": 0, "duplicates": 0})
    receipts = Counter(c.receipt_number for c in clearances.values())
    numbers = Counter(c.invoice_number for c in clearances.values())
    missing_ids = []
    for doc in docs:
        till = tills[doc["terminal_id"]]
        till["branch"] = doc["branch"]
        till["documents"] += 1
        row = outbox.get(doc["id"])
        cleared = doc["id"] in clearances
        if cleared:
            till["cleared"] += 1
            c = clearances[doc["id"]]
            if receipts[c.receipt_number] > 1 or numbers[c.invoice_number] > 1:
                till["duplicates"] += 1
        elif row is None:
            till["missing"] += 1
            missing_ids.append(doc["id"])
        elif row.status == "failed":
            till["failed"] += 1
        else:
            till["pending"] += 1
    result = []
    for terminal_id, till in sorted(tills.items(), key=lambda kv: names.get(kv[0], kv[0])):
        till["terminal_id"] = terminal_id
        till["till"] = names.get(terminal_id, terminal_id[:8])
        till["balanced"] = (till["documents"] == till["cleared"] + till["pending"] + till["failed"]
                            and till["missing"] == 0 and till["duplicates"] == 0)
        result.append(till)
    return {"business_date": day, "enabled": is_enabled(scope), "tills": result,
            "balanced": all(t["balanced"] for t in result), "missing": missing_ids}


def queue_missing(scope: TenantScope, day: str, now: datetime) -> int:
    """Put the day's documents that have no outbox row (stored while E-VAT was off, or
    released from hold later) into the outbox. Only when E-VAT is on."""
    if not is_enabled(scope):
        return 0
    have = set(scope.scalars(select(EvatSubmission.envelope_id)
                             .where(EvatSubmission.business_date == day)))
    rows = [{"envelope_id": d["id"], "kind": d["kind"], "terminal_id": d["terminal_id"],
             "branch_code": d["branch"], "business_date": d["business_date"],
             "invoice_number": d["number"], "status": "pending", "attempts": 0,
             "next_attempt_at": now, "claim_token": None, "claimed_until": None,
             "last_error": None, "created_at": now, "cleared_at": None}
            for d in _documents(scope, day) if d["id"] not in have]
    scope.insert_missing(EvatSubmission, rows)
    return len(rows)


def queue_summary(scope: TenantScope, *, limit: int = 200) -> list[dict[str, Any]]:
    """Pending and failed submissions, oldest first (the dashboard's list)."""
    rows = scope.scalars(select(EvatSubmission).where(EvatSubmission.status != "cleared")
                         .order_by(EvatSubmission.created_at).limit(limit))
    names = {t.id: t.name for t in scope.scalars(select(Terminal))}
    return [{"envelope_id": r.envelope_id, "kind": r.kind, "invoice_number": r.invoice_number,
             "till": names.get(r.terminal_id, r.terminal_id[:8]), "branch": r.branch_code,
             "business_date": r.business_date, "status": r.status, "attempts": r.attempts,
             "next_attempt_at": r.next_attempt_at.isoformat(), "last_error": r.last_error}
            for r in rows]
