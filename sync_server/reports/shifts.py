"""Shifts and cash-ups at head office: the list of shifts per till and cashier, one
shift's cash-up and Z report, and the variance report.

A shift row (``shifts``) holds what the till's ``shift_open`` and ``shift_close``
envelopes said: float, expected cash, counted, variance, sales count and gross. The
shift page adds what the close envelope carried (cash sales, refunds, cash in and out,
the count by denomination, blind or not, who approved) and works out the Z report again
from the merged sales, refunds, tenders and cash moves of the shift — the same figures
the till printed (``terminal/shift.py`` ``figures``), so a difference shows a record the
server has not got. The books' figure for the drawer is ``books.drawers``'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select

from shared.tenders import label_rank, tender_label
from sync_server.books import drawers as drawer_books
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.reports.sales_list import Names, names
from sync_server.sales.models import CashMove, Payment, Return, Sale, Shift
from sync_server.sync.models import StoredEnvelope

STATES = ("all", "open", "closed")
INTO_DRAWER = ("float_in", "bank_in")
PURPOSES = {"float_in": "Float in", "bank_in": "Cash from bank", "paid_out": "Paid out",
            "drop_to_bank": "Drop to bank", "to_safe": "To the safe"}
PAGE = 100


@dataclass(frozen=True)
class ShiftFilters:
    first: str
    last: str
    branch: str | None = None
    terminal: str | None = None
    cashier: str | None = None
    state: str = "all"
    variance_only: bool = False

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise Invalid(f"“{self.state}” is not a shift state; use all, open or closed.")


def _where(stmt: Any, f: ShiftFilters) -> Any:
    # A shift belongs to the day it opened (a shift opened before the server saw its
    # opening envelope has only its close: that day then).
    day = func.coalesce(Shift.opened_date, Shift.closed_date)
    stmt = stmt.where(day >= f.first, day <= f.last)
    if f.branch:
        stmt = stmt.where(Shift.branch_code == f.branch)
    if f.terminal:
        stmt = stmt.where(Shift.terminal_id == f.terminal)
    if f.cashier:
        stmt = stmt.where(or_(Shift.opened_by == f.cashier, Shift.closed_by == f.cashier))
    if f.state == "open":
        stmt = stmt.where(Shift.close_envelope_id.is_(None))
    elif f.state == "closed":
        stmt = stmt.where(Shift.close_envelope_id.is_not(None))
    if f.variance_only:
        stmt = stmt.where(Shift.variance.is_not(None), Shift.variance != 0)
    return stmt


def _row(s: Shift, who: Names) -> dict[str, Any]:
    return {"id": s.id, "till": who.till(s.terminal_id), "terminal_id": s.terminal_id,
            "branch": who.branch(s.branch_code), "branch_code": s.branch_code,
            "opened_by": who.person(s.opened_by), "opened": s.opened_date,
            "closed_by": who.person(s.closed_by), "closed": s.closed_date,
            "open": s.close_envelope_id is None, "float": s.opening_float,
            "sales": s.sales_count, "gross": s.sales_gross, "expected": s.expected,
            "counted": s.counted, "variance": s.variance}


def shift_list(scope: TenantScope, f: ShiftFilters, *, page: int = 0,
               size: int = PAGE) -> dict[str, Any]:
    """Shifts of the range, newest first, with the totals of all of them (not only the
    page): float, sales, expected, counted and variance of the closed ones."""
    who = names(scope)
    day = func.coalesce(Shift.opened_date, Shift.closed_date)
    stmt = _where(select(Shift), f).order_by(day.desc(), Shift.terminal_id, Shift.id)
    found = list(scope.scalars(stmt.offset(page * size).limit(size + 1)))
    sums = scope.execute(_where(select(
        func.count().label("n"), func.sum(Shift.sales_count).label("sales"),
        func.sum(Shift.sales_gross).label("gross"), func.sum(Shift.expected).label("expected"),
        func.sum(Shift.counted).label("counted"), func.sum(Shift.variance).label("variance"),
        func.sum(Shift.opening_float).label("float")), f)).one()
    totals = {k: int(getattr(sums, k) or 0)
              for k in ("n", "sales", "gross", "expected", "counted", "variance", "float")}
    rows = [_row(s, who) for s in found[:size]]
    # An open shift has no close yet: its sales so far, from the merged sales.
    still_open = [r["id"] for r in rows if r["open"]]
    if still_open:
        so_far = {r.shift_id: (int(r.n), int(r.g or 0)) for r in scope.execute(
            select(Sale.shift_id, func.count().label("n"), func.sum(Sale.gross).label("g"))
            .where(Sale.shift_id.in_(still_open), Sale.status == "completed")
            .group_by(Sale.shift_id))}
        for r in rows:
            if r["open"]:
                r["sales"], r["gross"] = so_far.get(r["id"], (0, 0))
    return {"rows": rows, "more": len(found) > size,
            "page_no": page, "totals": totals}


def _payload(scope: TenantScope, envelope_id: str | None) -> dict[str, Any]:
    if envelope_id is None:
        return {}
    body = scope.scalar(select(StoredEnvelope.body).where(
        StoredEnvelope.envelope_id == envelope_id, StoredEnvelope.status == "stored").limit(1))
    try:
        payload = json.loads(body)["payload"] if body else {}
    except (ValueError, KeyError, TypeError):
        return {}
    return payload if isinstance(payload, dict) else {}


def z_report(scope: TenantScope, shift: Shift) -> dict[str, Any]:
    """The shift's Z report worked out from the merged records, as ``terminal/shift.py``
    works it out on the till: completed sales of the shift, refunds made in it, its cash
    moves; tenders per method and network; cashiers."""
    done = select(Sale.id).where(Sale.shift_id == shift.id, Sale.status == "completed")
    head = scope.execute(select(
        func.count().label("n"), func.sum(Sale.gross).label("gross"),
        func.sum(Sale.discount).label("discount"), func.sum(Sale.net).label("net"),
        func.sum(Sale.vat).label("vat"), func.sum(Sale.nhil).label("nhil"),
        func.sum(Sale.getfund).label("getfund"), func.sum(Sale.covid).label("covid"))
        .where(Sale.shift_id == shift.id, Sale.status == "completed")).one()
    voids = scope.execute(select(func.count().label("n"), func.sum(Sale.gross).label("g"))
                          .where(Sale.shift_id == shift.id, Sale.status == "voided")).one()
    refunds = scope.execute(select(func.count().label("n"), func.sum(Return.gross).label("g"))
                            .where(Return.shift_id == shift.id)).one()
    tenders: dict[str, int] = {}
    rows = scope.execute(select(Payment.method, Payment.provider,
                                func.sum(Payment.amount).label("a"))
                         .where(Payment.kind == "sale", Payment.sale_id.in_(done))
                         .group_by(Payment.method, Payment.provider))
    cash_sales = 0
    for r in sorted(rows, key=lambda r: (label_rank(r.method, r.provider), r.provider or "")):
        label = tender_label(r.method, r.provider)
        tenders[label] = tenders.get(label, 0) + int(r.a or 0)
        if r.method == "cash":
            cash_sales += int(r.a or 0)
    refund_ids = select(Return.id).where(Return.shift_id == shift.id)
    cash_refunds = -int(scope.scalar(select(func.sum(Payment.amount)).where(
        Payment.kind == "refund", Payment.method == "cash",
        Payment.envelope_id.in_(refund_ids))) or 0)
    moves = list(scope.scalars(select(CashMove).where(CashMove.shift_id == shift.id)
                               .order_by(CashMove.business_date, CashMove.envelope_id)))
    cash_in = sum(m.amount for m in moves if m.purpose in INTO_DRAWER)
    cash_out = sum(m.amount for m in moves if m.purpose not in INTO_DRAWER)
    cashiers = [(r.user_email, int(r.n), int(r.g or 0)) for r in scope.execute(
        select(Sale.user_email, func.count().label("n"), func.sum(Sale.gross).label("g"))
        .where(Sale.shift_id == shift.id, Sale.status == "completed")
        .group_by(Sale.user_email).order_by(Sale.user_email))]
    return {"sales_count": int(head.n or 0), "sales_gross": int(head.gross or 0),
            "discounts": int(head.discount or 0),
            "tax": {"net": int(head.net or 0), "vat": int(head.vat or 0),
                    "nhil": int(head.nhil or 0), "getfund": int(head.getfund or 0),
                    "covid": int(head.covid or 0)},
            "refunds_count": int(refunds.n or 0), "refunds_gross": int(refunds.g or 0),
            "voids_count": int(voids.n or 0), "voids_gross": int(voids.g or 0),
            "by_tender": tenders, "cash_sales": cash_sales, "cash_refunds": cash_refunds,
            "cash_in": cash_in, "cash_out": cash_out, "moves": moves, "cashiers": cashiers}


def shift_detail(scope: TenantScope, shift_id: str) -> dict[str, Any] | None:
    """One shift: its row, what the close envelope said, the Z report from the merged
    records, the books' drawer figure and where the till and the server differ."""
    shift = scope.get(Shift, shift_id)
    if shift is None:
        return None
    who = names(scope)
    close = _payload(scope, shift.close_envelope_id)
    z = z_report(scope, shift)
    payments = int(close.get("cash_payments") or 0)
    expected = ((shift.opening_float or 0) + z["cash_sales"] - z["cash_refunds"] + z["cash_in"]
                - z["cash_out"] + payments)
    till: dict[str, Any] = {k: close.get(k) for k in ("cash_sales", "cash_refunds", "cash_in", "cash_out",
                                      "cash_payments", "sales_count", "sales_gross")}
    differences = [k for k in ("cash_sales", "cash_refunds", "cash_in", "cash_out",
                               "sales_count", "sales_gross")
                   if close and isinstance(till[k], int) and till[k] != int(z[k])]
    approvals = [{"action": a.get("action", ""), "by": who.person(a.get("approver")),
                  "reason": a.get("reason") or ""}
                 for a in close.get("approvals") or [] if isinstance(a, dict)]
    counts = [{"denomination": int(c.get("denomination") or 0), "count": int(c.get("count") or 0)}
              for c in close.get("counts") or [] if isinstance(c, dict)]
    drawer = (drawer_books.drawer_of(scope, shift)
              if shift.close_envelope_id is not None else None)
    return {"shift": _row(shift, who), "close": close, "till": till, "z": z,
            "expected": expected, "payments": payments, "differences": differences,
            "approvals": approvals, "counts": counts, "blind": bool(close.get("blind")),
            "drawer": drawer, "cashiers": [(who.person(e), n, g) for e, n, g in z["cashiers"]],
            "moves": [{"purpose": PURPOSES.get(m.purpose, m.purpose), "into": m.purpose in INTO_DRAWER,
                       "amount": m.amount, "reason": m.reason, "by": who.person(m.user_email),
                       "date": m.business_date} for m in z["moves"]]}


def variance_report(scope: TenantScope, f: ShiftFilters) -> dict[str, Any]:
    """Closed shifts of the range by cashier (who closed) and by till: shifts, shifts with
    a variance, over, short and net variance, with the totals."""
    who = names(scope)
    closed = ShiftFilters(f.first, f.last, f.branch, f.terminal, f.cashier, "closed")
    variance = func.coalesce(Shift.variance, 0)
    over = func.sum(case((variance > 0, variance), else_=0))
    short = func.sum(case((variance < 0, variance), else_=0))
    counted = func.sum(case((variance != 0, 1), else_=0))
    result: dict[str, Any] = {}
    for key, column in (("by_cashier", Shift.closed_by), ("by_till", Shift.terminal_id)):
        stmt = _where(select(
            column.label("k"), func.count().label("n"), counted.label("flagged"),
            over.label("over"), short.label("short"),
            func.sum(Shift.expected).label("expected"),
            func.sum(Shift.counted).label("counted")).group_by(column), closed)
        rows = []
        for r in scope.execute(stmt):
            plus, minus = int(r.over or 0), int(r.short or 0)
            rows.append({"key": r.k, "name": (who.person(r.k) if key == "by_cashier"
                                              else who.till(r.k)),
                         "shifts": int(r.n), "with_variance": int(r.flagged or 0),
                         "over": plus, "short": minus, "net": plus + minus,
                         "expected": int(r.expected or 0), "counted": int(r.counted or 0)})
        result[key] = sorted(rows, key=lambda x: (x["net"], x["name"]))
    result["totals"] = {k: sum(r[k] for r in result["by_till"])
                        for k in ("shifts", "with_variance", "over", "short", "net", "expected",
                                  "counted")}
    return result


__all__ = ["PURPOSES", "STATES", "ShiftFilters", "shift_detail", "shift_list",
           "variance_report", "z_report"]
