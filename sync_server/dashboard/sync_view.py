"""What the sync dashboard shows, read through the tenant's scope: every branch and
till (online or not by heartbeat age, backlog as the till reported it, last sync,
version, printer, power, clock skew), held envelopes, open alerts (forks, tampering)
and postings that wait."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from sync_server.db.scope import TenantScope
from sync_server.sales.models import Sale
from sync_server.sync.alerts import alerts_of_branch
from sync_server.sync.models import Alert, StoredEnvelope
from sync_server.tenants.models import Branch
from sync_server.terminals.models import Heartbeat, Terminal


@dataclass(frozen=True)
class TillRow:
    id: str
    name: str
    branch: str
    status: str  # online, offline, never, revoked
    seen_seconds: int | None
    head_seq: int
    last_push_seconds: int | None
    outbox_depth: int | None
    oldest_unsynced_seconds: int | None
    app_version: str | None
    printer: str | None
    printer_detail: str | None
    power: str | None
    battery: int | None
    skew_ms: int | None
    forks: int
    held: int
    revoked_reason: str | None

    @property
    def skew_warning(self) -> bool:
        return self.skew_ms is not None and abs(self.skew_ms) > 5 * 60 * 1000

    @property
    def skew_text(self) -> str:
        if self.skew_ms is None:
            return "—"
        if abs(self.skew_ms) < 1000:
            return "in step"
        seconds = self.skew_ms / 1000
        if abs(seconds) < 90:
            return f"{round(seconds):+d} s"
        if abs(seconds) < 5400:
            return f"{seconds / 60:+.0f} min"
        if abs(seconds) < 172800:
            return f"{seconds / 3600:+.1f} h"
        return f"{seconds / 86400:+.1f} days"


@dataclass(frozen=True)
class BranchRow:
    code: str
    name: str
    tills: int
    online: int
    backlog: int
    held: int
    sales_today: int
    gross_today: int


def _age(now: datetime, moment: datetime | None) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def tills(scope: TenantScope, now: datetime, offline_after: int,
          branch: str | None = None) -> list[TillRow]:
    beats = {h.terminal_id: h for h in scope.scalars(select(Heartbeat))}
    held_stmt = (select(StoredEnvelope.terminal_id, func.count().label("n"))
                 .where(StoredEnvelope.status == "held").group_by(StoredEnvelope.terminal_id))
    held = {r.terminal_id: int(r.n) for r in scope.execute(held_stmt)}
    stmt = select(Terminal).order_by(Terminal.branch_code, Terminal.name)
    if branch is not None:
        stmt = stmt.where(Terminal.branch_code == branch)
    rows = []
    for t in scope.scalars(stmt):
        beat = beats.get(t.id)
        seen = _age(now, t.last_seen_at)
        if t.status == "revoked":
            status = "revoked"
        elif seen is None:
            status = "never"
        else:
            status = "online" if seen <= offline_after else "offline"
        rows.append(TillRow(
            t.id, t.name, t.branch_code, status, seen, t.head_seq, _age(now, t.last_push_at),
            beat.outbox_depth if beat else None, beat.oldest_unsynced_seconds if beat else None,
            t.app_version, beat.printer_status if beat else None,
            beat.printer_detail if beat else None, beat.power_source if beat else None,
            beat.battery_percent if beat else None, t.clock_skew_ms, t.forks, held.get(t.id, 0),
            t.revoked_reason))
    return rows


def branches(scope: TenantScope, till_rows: list[TillRow], today: str,
             branch: str | None = None) -> list[BranchRow]:
    stmt = (select(Sale.branch_code, func.count().label("n"), func.sum(Sale.gross).label("g"))
            .where(Sale.business_date == today, Sale.status == "completed")
            .group_by(Sale.branch_code))
    sales = {r.branch_code: (int(r.n), int(r.g or 0)) for r in scope.execute(stmt)}
    result = []
    bstmt = select(Branch).order_by(Branch.code)
    if branch is not None:
        bstmt = bstmt.where(Branch.code == branch)
    for b in scope.scalars(bstmt):
        mine = [t for t in till_rows if t.branch == b.code and t.status != "revoked"]
        count, gross = sales.get(b.code, (0, 0))
        result.append(BranchRow(
            b.code, b.name, len(mine), sum(1 for t in mine if t.status == "online"),
            sum(t.outbox_depth or 0 for t in mine), sum(t.held for t in mine), count, gross))
    return result


def alerts(scope: TenantScope, branch: str | None = None) -> list[dict[str, Any]]:
    """Open alerts, newest first; with ``branch``, only those of that branch's tills
    (a branch manager's view: see ``sync.alerts.alerts_of_branch``)."""
    stmt = (select(Alert).where(Alert.resolved_at.is_(None))
            .order_by(Alert.created_at.desc()).limit(200))
    if branch is not None:
        stmt = alerts_of_branch(stmt, branch)
    rows = scope.scalars(stmt)
    return [{"id": a.id, "kind": a.kind, "terminal_id": a.terminal_id, "seq": a.seq,
             "message": a.message, "created_at": a.created_at} for a in rows]


def waiting_postings(scope: TenantScope) -> dict[str, int]:
    stmt = (select(StoredEnvelope.posting_status, func.count().label("n"))
            .where(StoredEnvelope.posting_status.in_(("pending", "failed")),
                   StoredEnvelope.fork_no == 0)
            .group_by(StoredEnvelope.posting_status))
    found = {r.posting_status: int(r.n) for r in scope.execute(stmt)}
    return {"pending": found.get("pending", 0), "failed": found.get("failed", 0)}


def held_envelopes(scope: TenantScope, branch: str | None = None) -> list[dict[str, Any]]:
    stmt = (select(StoredEnvelope).where(StoredEnvelope.status == "held")
            .order_by(StoredEnvelope.received_at, StoredEnvelope.terminal_id, StoredEnvelope.seq))
    if branch is not None:
        stmt = stmt.where(StoredEnvelope.branch_code == branch)
    names = {t.id: t.name for t in scope.scalars(select(Terminal))}
    result = []
    for r in scope.scalars(stmt.limit(500)):
        result.append({"terminal_id": r.terminal_id, "terminal": names.get(r.terminal_id, "?"),
                       "seq": r.seq, "kind": r.kind, "branch": r.branch_code, "user": r.user_email,
                       "business_date": r.business_date, "received_at": r.received_at,
                       "reason_code": r.reason_code, "reason": r.reason,
                       "summary": envelope_summary(r.kind, r.body)})
    return result


def envelope_summary(kind: str, body: str) -> dict[str, Any]:
    """The few facts a person needs to judge a held envelope: receipt, lines, total."""
    try:
        payload = json.loads(body)["payload"]
    except (ValueError, KeyError, TypeError):
        return {}
    lines = [{"sku": ln.get("sku"), "name": ln.get("name"), "qty": ln.get("qty"),
              "unit": ln.get("unit"), "tax_code": ln.get("tax_code"),
              "unit_price": ln.get("unit_price"), "gross": ln.get("gross")}
             for ln in payload.get("lines", []) if isinstance(ln, dict)]
    totals = payload.get("totals") or {}
    return {"receipt_no": payload.get("receipt_no") or payload.get("refund_no"),
            "lines": lines, "gross": totals.get("gross"),
            "customer": (payload.get("customer") or {}).get("id")
            if isinstance(payload.get("customer"), dict) else None}


def held_one(scope: TenantScope, terminal_id: str, seq: int) -> dict[str, Any] | None:
    row = scope.get(StoredEnvelope, terminal_id, seq, 0)
    if row is None:
        return None
    from sync_server.catalogue.models import PriceList
    from sync_server.dashboard.held_attach import line_of, unknown_skus

    summary = envelope_summary(row.kind, row.body)
    unknown = unknown_skus(scope, summary.get("lines") or [])
    return {"terminal_id": row.terminal_id, "seq": row.seq, "kind": row.kind,
            "branch": row.branch_code, "status": row.status, "reason_code": row.reason_code,
            "reason": row.reason, "business_date": row.business_date,
            "summary": summary, "unknown": unknown,
            # the line the "Attach to a product" form describes: the first unknown SKU's
            "unknown_line": line_of(summary.get("lines") or [], unknown[0]) if unknown else {},
            "price_lists": [p.code for p in scope.scalars(select(PriceList)
                                                           .order_by(PriceList.code))]}
