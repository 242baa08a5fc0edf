"""MoMo and card settlements and statement matching (issue [9] scope 5).

* **Settle by hand** (``settle``): the provider paid ``gross`` less its ``fee`` into a
  bank account — Dr bank the net, Dr 6200 Bank and MoMo Charges the fee, Cr 1020 (MoMo)
  or 1030 (card) the gross. No tender is marked; use it when there is no statement.
* **Import a statement** (CSV or XLSX: date, reference, amount, description). Every row
  is checked; if any row is rejected nothing is imported and the summary says which
  rows and why, so a file is fixed and loaded whole.
* **Match** its lines to the tills' MoMo or card tenders (``payments`` rows of sales and
  payments on account) by reference and amount, then amount and date within a day
  (``shared.matching``). A tender is matched to one line of one statement at most.
* **Settle the matched lines**: one settlement whose gross is what they add up to,
  credited to the clearing account at each tender's branch; each tender is written to
  ``pur_settled_tenders``, whose key refuses a second settlement of the same tender.
* **Unmatched**, both ways: statement lines no tender explains, and tenders older than
  N days that no statement shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, select

from shared import accounts as acc
from shared.csv_import import ImportRejected, decode_csv
from shared.errors import BisamaError
from shared.matching import (
    StatementLine,
    StatementRejected,
    TenderRef,
    check_header,
    match_lines,
    read_rows,
)
from shared.money import Money
from shared.purchases import settlement_journal
from shared.tenders import tender_label
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.ledger.chart import ensure_account
from sync_server.purchases import common as c
from sync_server.purchases.models import SettledTender, Settlement, Statement, StatementLineRow
from sync_server.sales.models import Payment

CLEARING = {"momo": acc.MOMO_CLEARING, "card": acc.CARD_CLEARING}


def _clearing(kind: str) -> str:
    if kind not in CLEARING:
        raise Invalid(f"“{kind}” is not a clearing account; use momo or card.")
    return CLEARING[kind]


def _settle(ctx: ServerContext, scope: TenantScope, actor: Actor, *, kind: str,
            gross: Money | dict[str, Money], fee: Money, when: str, where: str, bank: str,
            statement_id: str | None, reference: str) -> Settlement:
    ensure_account(scope, acc.BANK_CHARGES)
    scope.flush()
    number = c.next_number(scope, Settlement, "SET")
    try:
        journal = settlement_journal(number, _clearing(kind), where, gross=gross, fee=fee,
                                     bank=bank)
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    posted = post_journal(ctx, scope, journal, branch=where, entry_date=when, actor=actor)
    total = journal.total_credit.pesewas
    row = Settlement(id=ctx.new_id(), number=number, clearing=kind, bank_account=bank,
                     branch_code=where, settle_date=when, gross=total, fee=fee.pesewas,
                     net=total - fee.pesewas, statement_id=statement_id,
                     reference=c.text(reference, "reference", 64), journal_id=posted.id,
                     created_by=actor.name[:300], created_at=ctx.clock.now())
    scope.add(row)
    scope.flush()
    record(ctx, scope, actor, "purchases.settled", subject=number,
           detail={"clearing": kind, "gross": total, "fee": fee.pesewas, "bank": bank,
                   "statement": statement_id})
    return row


def settlement_json(row: Settlement) -> dict[str, Any]:
    return {"number": row.number, "clearing": row.clearing, "date": row.settle_date,
            "bank": row.bank_account, "branch": row.branch_code, "gross": c.cedis(row.gross),
            "fee": c.cedis(row.fee), "net": c.cedis(row.net), "reference": row.reference,
            "statement": row.statement_id}


def settle(ctx: ServerContext, scope: TenantScope, actor: Actor, *, kind: str,
           gross: str | Money, fee: str | Money, settle_date: str | date, branch: str,
           account: str | None = None, reference: str = "") -> dict[str, Any]:
    """Settle by hand (see the module docstring)."""
    row = _settle(ctx, scope, actor, kind=kind, gross=c.money(gross, "amount settled"),
                  fee=c.money(fee, "fee", positive=False), when=c.day(settle_date),
                  where=c.branch(scope, branch), bank=c.paid_from(scope, "bank", account),
                  statement_id=None, reference=reference)
    return settlement_json(row)


def list_settlements(scope: TenantScope) -> list[dict[str, Any]]:
    return [settlement_json(r) for r in scope.scalars(
        select(Settlement).order_by(Settlement.settle_date, Settlement.number))]


# -- statements --------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def statement_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    """The rows of a statement file (CSV or XLSX) as lower-case column → text."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise StatementRejected(f"{filename} is not an XLSX workbook we can read ({exc}).") from None
        values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if not values:
            raise StatementRejected(f"{filename} is empty.")
        header = [h.strip().lower() for h in values[0]]
        check_header(header)
        return [dict(zip(header, row, strict=False)) for row in values[1:]]
    try:
        text, _ = decode_csv(content)
    except ImportRejected as exc:
        raise StatementRejected(f"{filename}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    check_header(reader.fieldnames or [])
    return [{(k or "").strip().lower(): v or "" for k, v in row.items()} for row in reader]


def import_statement(ctx: ServerContext, scope: TenantScope, actor: Actor, *, kind: str,
                     filename: str, content: bytes) -> dict[str, Any]:
    """Check every row; import the statement only when none is rejected."""
    _clearing(kind)
    try:
        accepted, problems = read_rows(statement_rows(filename, content))
    except StatementRejected as exc:
        raise Invalid(str(exc)) from None
    summary: dict[str, Any] = {
        "file": filename, "accepted": len(accepted), "rejected": len(problems),
        "problems": [{"line": p.line, "reason": p.reason} for p in problems],
        "total": c.cedis(sum(ln.amount.pesewas for ln in accepted)), "imported": False}
    if problems or not accepted:
        if not accepted and not problems:
            summary["problems"] = [{"line": 1, "reason": "the file has no statement lines"}]
        return summary
    statement = Statement(id=ctx.new_id(), clearing=kind, filename=filename[:200],
                          line_count=len(accepted),
                          total=sum(ln.amount.pesewas for ln in accepted),
                          imported_by=actor.name[:300], imported_at=ctx.clock.now())
    scope.add(statement)
    scope.flush()
    scope.insert_rows(StatementLineRow, [
        {"statement_id": statement.id, "line_no": ln.line_no, "line_date": ln.day.isoformat(),
         "reference": ln.reference, "amount": ln.amount.pesewas, "description": ln.description,
         "envelope_id": None, "tender_no": None, "settlement_id": None} for ln in accepted])
    record(ctx, scope, actor, "purchases.statement_imported", subject=filename[:200],
           detail={"statement": statement.id, "lines": len(accepted), "clearing": kind})
    summary.update(imported=True, statement=statement.id)
    return summary


def _statement(scope: TenantScope, statement_id: str) -> Statement:
    row = scope.get(Statement, statement_id.strip())
    if row is None:
        raise NotFound(f"No statement has the id {statement_id}.")
    return row


def _taken(scope: TenantScope) -> set[tuple[str, int]]:
    matched = c.pairs(scope.execute(select(StatementLineRow.envelope_id, StatementLineRow.tender_no)
                                    .where(StatementLineRow.envelope_id.is_not(None))))
    settled = c.pairs(scope.execute(select(SettledTender.envelope_id, SettledTender.tender_no)))
    return {(e, int(n)) for e, n in [*matched, *settled]}


def _tenders(scope: TenantScope, kind: str, first: str, last: str) -> list[Payment]:
    return scope.scalars(select(Payment).where(
        Payment.method == kind, Payment.amount > 0, Payment.business_date >= first,
        Payment.business_date <= last).order_by(Payment.business_date, Payment.envelope_id))


def match_statement(ctx: ServerContext, scope: TenantScope, actor: Actor,
                    statement_id: str) -> dict[str, Any]:
    statement = _statement(scope, statement_id)
    lines = scope.scalars(select(StatementLineRow).where(
        StatementLineRow.statement_id == statement.id, StatementLineRow.envelope_id.is_(None))
        .order_by(StatementLineRow.line_no).with_for_update())
    if not lines:
        return {"statement": statement.id, "matched": 0, "unmatched": 0}
    days = [date.fromisoformat(ln.line_date) for ln in lines]
    first, last = (min(days) - timedelta(days=1)).isoformat(), (max(days) + timedelta(days=1)).isoformat()
    taken = _taken(scope)
    tenders = [TenderRef((p.envelope_id, p.tender_no), date.fromisoformat(p.business_date),
                         p.reference or "", Money(p.amount))
               for p in _tenders(scope, statement.clearing, first, last)
               if (p.envelope_id, p.tender_no) not in taken]
    by_no = {ln.line_no: ln for ln in lines}
    matches = match_lines([StatementLine(ln.line_no, date.fromisoformat(ln.line_date),
                                         ln.reference, Money(ln.amount)) for ln in lines], tenders)
    for m in matches:
        by_no[m.line_no].envelope_id, by_no[m.line_no].tender_no = m.tender
    scope.flush()
    record(ctx, scope, actor, "purchases.statement_matched", subject=statement.id,
           detail={"matched": len(matches)})
    return {"statement": statement.id, "matched": len(matches),
            "unmatched": len(lines) - len(matches),
            "matches": [{"line": m.line_no, "how": m.how, "envelope": m.tender[0],
                         "tender": m.tender[1]} for m in matches]}


def settle_statement(ctx: ServerContext, scope: TenantScope, actor: Actor, *, statement_id: str,
                     fee: str | Money, settle_date: str | date, branch: str,
                     account: str | None = None) -> dict[str, Any]:
    """One settlement of the statement's matched lines not settled yet."""
    statement = _statement(scope, statement_id)
    rows = scope.scalars(select(StatementLineRow).where(
        StatementLineRow.statement_id == statement.id, StatementLineRow.envelope_id.is_not(None),
        StatementLineRow.settlement_id.is_(None)).with_for_update())
    if not rows:
        raise Refused("This statement has no matched lines left to settle; match it first.")
    keys = [(str(r.envelope_id), int(r.tender_no or 0)) for r in rows]
    already = _settled(scope, keys)
    if already:
        raise Refused(f"{len(already)} of these tenders are already settled "
                      f"(settlement {already[0].settlement_id}); a tender is settled once.")
    tenders = {(p.envelope_id, p.tender_no): p for p in scope.scalars(select(Payment).where(
        Payment.envelope_id.in_([k[0] for k in keys])))}
    per_branch: dict[str, Money] = {}
    for key in keys:
        tender = tenders[key]
        per_branch[tender.branch_code] = per_branch.get(tender.branch_code, Money.ZERO) + Money(tender.amount)
    row = _settle(ctx, scope, actor, kind=statement.clearing, gross=per_branch,
                  fee=c.money(fee, "fee", positive=False), when=c.day(settle_date),
                  where=c.branch(scope, branch), bank=c.paid_from(scope, "bank", account),
                  statement_id=statement.id, reference=statement.filename[:64])
    scope.insert_rows(SettledTender, [{"envelope_id": k[0], "tender_no": k[1], "settlement_id": row.id,
                                       "amount": tenders[k].amount} for k in keys])
    for r in rows:
        r.settlement_id = row.id
    scope.flush()
    return {**settlement_json(row), "tenders": len(keys)}


def _settled(scope: TenantScope, keys: Sequence[tuple[str | None, int | None]]) -> list[SettledTender]:
    found = []
    for envelope, tender in keys:
        row = scope.scalar(select(SettledTender).where(and_(SettledTender.envelope_id == envelope,
                                                            SettledTender.tender_no == tender)))
        if row is not None:
            found.append(row)
    return found


def unmatched(scope: TenantScope, kind: str, *, older_than_days: int = 3,
              as_of: str | date | None = None) -> dict[str, Any]:
    """Statement lines no tender explains, and tenders older than N days no statement
    line shows and no settlement covers."""
    _clearing(kind)
    today = date.fromisoformat(c.day(as_of)) if as_of else datetime.now(UTC).date()
    lines = c.pairs(scope.execute(select(StatementLineRow, Statement.filename)
                          .join(Statement, Statement.id == StatementLineRow.statement_id)
                          .where(Statement.clearing == kind, StatementLineRow.envelope_id.is_(None))
                          .order_by(StatementLineRow.line_date, StatementLineRow.line_no)))
    cutoff = (today - timedelta(days=older_than_days)).isoformat()
    taken = _taken(scope)
    tenders = [p for p in _tenders(scope, kind, "0000-01-01", cutoff)
               if (p.envelope_id, p.tender_no) not in taken]
    return {"clearing": kind, "as_of": today.isoformat(), "older_than_days": older_than_days,
            "statement_lines": [{"file": name, "line": ln.line_no, "date": ln.line_date,
                                 "reference": ln.reference, "amount": c.cedis(ln.amount),
                                 "description": ln.description} for ln, name in lines],
            "tenders": [{"date": p.business_date, "branch": p.branch_code, "kind": p.kind,
                         "label": tender_label(p.method, p.provider), "reference": p.reference,
                         "amount": c.cedis(p.amount),
                         "envelope": p.envelope_id, "tender": p.tender_no} for p in tenders]}


def list_statements(scope: TenantScope) -> list[dict[str, Any]]:
    return [{"id": s.id, "clearing": s.clearing, "file": s.filename, "lines": s.line_count,
             "total": c.cedis(s.total), "imported_at": s.imported_at.isoformat()}
            for s in scope.scalars(select(Statement).order_by(Statement.imported_at))]


__all__ = ["import_statement", "list_settlements", "list_statements", "match_statement", "settle",
           "settle_statement", "statement_rows", "unmatched"]
