"""Sales reports beyond the CLI's summary, for head office: totals of a date range,
the day-by-day and hour-by-hour series behind the charts, payment methods (each MoMo
network and card scheme on its own), top products, returns and voids, and the SOP's
daily and weekly sales report. Voided sales are excluded from sales and listed as voids; refunds are
subtracted in takings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from shared.tenders import label_rank, provider_of, tender_label
from sync_server.db.scope import TenantScope
from sync_server.reports.models import (
    PaymentsDaySummary,
    ProductsDaySummary,
    ReturnsDaySummary,
    SalesDaySummary,
)
from sync_server.sales.models import Return, Sale


@dataclass(frozen=True)
class SalesTotals:
    sales: int
    gross: int
    net: int
    tax: int
    discount: int
    refunds: int
    refund_count: int
    voids: int
    void_gross: int

    @property
    def takings(self) -> int:
        return self.gross - self.refunds

    @property
    def average(self) -> int:
        return self.gross // self.sales if self.sales else 0


def _sales_where(stmt: Any, first: str, last: str, branch: str | None, *,
                 terminal: str | None = None, cashier: str | None = None) -> Any:
    stmt = stmt.where(Sale.business_date >= first, Sale.business_date <= last)
    if branch:
        stmt = stmt.where(Sale.branch_code == branch)
    if terminal:
        stmt = stmt.where(Sale.terminal_id == terminal)
    if cashier:
        stmt = stmt.where(Sale.user_email == cashier)
    return stmt


def _returns_where(stmt: Any, first: str, last: str, branch: str | None, *,
                   terminal: str | None = None, cashier: str | None = None) -> Any:
    stmt = stmt.where(Return.business_date >= first, Return.business_date <= last)
    if branch:
        stmt = stmt.where(Return.branch_code == branch)
    if terminal:
        stmt = stmt.where(Return.terminal_id == terminal)
    if cashier:
        stmt = stmt.where(Return.user_email == cashier)
    return stmt


def _summary_where(stmt: Any, model: Any, first: str, last: str, branch: str | None, *,
                   terminal: str | None = None, cashier: str | None = None) -> Any:
    """The filters of a range on a summary table (``sync_server.reports.models``): its
    key starts with the tenant and the business date, so a range is one index range."""
    stmt = stmt.where(model.business_date >= first, model.business_date <= last)
    if branch:
        stmt = stmt.where(model.branch_code == branch)
    if terminal:
        stmt = stmt.where(model.terminal_id == terminal)
    if cashier:
        stmt = stmt.where(model.user_email == cashier)
    return stmt


_S, _R = SalesDaySummary, ReturnsDaySummary


def totals(scope: TenantScope, first: str, last: str, branch: str | None = None, *,
           terminal: str | None = None, cashier: str | None = None) -> SalesTotals:
    stmt = _summary_where(select(
        _S.status, func.sum(_S.sales).label("n"), func.sum(_S.gross).label("gross"),
        func.sum(_S.net).label("net"), func.sum(_S.tax).label("tax"),
        func.sum(_S.discount).label("discount")).group_by(_S.status),
        _S, first, last, branch, terminal=terminal, cashier=cashier)
    found = {r.status: r for r in scope.execute(stmt)}
    done, voided = found.get("completed"), found.get("voided")
    rstmt = _summary_where(select(func.sum(_R.refunds).label("n"), func.sum(_R.gross).label("g")),
                           _R, first, last, branch, terminal=terminal, cashier=cashier)
    ret = scope.execute(rstmt).one()
    return SalesTotals(
        int(done.n or 0) if done else 0, int(done.gross or 0) if done else 0,
        int(done.net or 0) if done else 0, int(done.tax or 0) if done else 0,
        int(done.discount or 0) if done else 0, int(ret.g or 0), int(ret.n or 0),
        int(voided.n or 0) if voided else 0, int(voided.gross or 0) if voided else 0)


def by_day(scope: TenantScope, first: str, last: str, branch: str | None = None, *,
           terminal: str | None = None, cashier: str | None = None) -> list[dict[str, Any]]:
    """Every day of the range (days without sales too), with sales, gross and refunds."""
    stmt = _summary_where(select(_S.business_date, func.sum(_S.sales).label("n"),
                                 func.sum(_S.gross).label("g"))
                          .where(_S.status == "completed").group_by(_S.business_date),
                          _S, first, last, branch, terminal=terminal, cashier=cashier)
    sales = {r.business_date: (int(r.n or 0), int(r.g or 0)) for r in scope.execute(stmt)}
    rstmt = _summary_where(select(_R.business_date, func.sum(_R.gross).label("g"))
                           .group_by(_R.business_date), _R, first, last, branch,
                           terminal=terminal, cashier=cashier)
    refunds = {r.business_date: int(r.g or 0) for r in scope.execute(rstmt)}
    days: list[dict[str, Any]] = []
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    while day <= end and len(days) < 400:
        key = day.isoformat()
        count, gross = sales.get(key, (0, 0))
        days.append({"date": key, "sales": count, "gross": gross,
                     "refunds": refunds.get(key, 0), "takings": gross - refunds.get(key, 0)})
        day += timedelta(days=1)
    return days


def by_hour(scope: TenantScope, first: str, last: str, branch: str | None = None, *,
            terminal: str | None = None, cashier: str | None = None) -> list[dict[str, Any]]:
    """Sales per hour of the till's clock (0–23), every hour listed."""
    stmt = _summary_where(select(_S.hour.label("h"), func.sum(_S.sales).label("n"),
                                 func.sum(_S.gross).label("g"))
                          .where(_S.status == "completed").group_by(_S.hour),
                          _S, first, last, branch, terminal=terminal, cashier=cashier)
    found: dict[int, tuple[int, int]] = {}
    for r in scope.execute(stmt):
        if str(r.h).isdigit() and 0 <= int(r.h) < 24:
            n, g = found.get(int(r.h), (0, 0))  # "7" and "07" are the same hour
            found[int(r.h)] = (n + int(r.n or 0), g + int(r.g or 0))
    return [{"hour": h, "sales": found.get(h, (0, 0))[0], "gross": found.get(h, (0, 0))[1]}
            for h in range(24)]


def by_key(scope: TenantScope, first: str, last: str, key: str, branch: str | None = None, *,
           terminal: str | None = None, cashier: str | None = None) -> list[dict[str, Any]]:
    """Per branch, terminal or cashier: sales, gross, tax, refunds, takings."""
    column = {"branch": _S.branch_code, "terminal": _S.terminal_id, "cashier": _S.user_email}[key]
    rcolumn = {"branch": _R.branch_code, "terminal": _R.terminal_id, "cashier": _R.user_email}[key]
    # A key whose only sales were voided after they were summarised keeps rows of zero
    # sales; like the raw tables, it is not listed unless it has refunds.
    stmt = _summary_where(select(column.label("k"), func.sum(_S.sales).label("n"),
                                 func.sum(_S.gross).label("g"), func.sum(_S.tax).label("tx"))
                          .where(_S.status == "completed").group_by(column)
                          .having(func.sum(_S.sales) > 0),
                          _S, first, last, branch, terminal=terminal, cashier=cashier)
    rows = {r.k: (int(r.n), int(r.g or 0), int(r.tx or 0)) for r in scope.execute(stmt)}
    rstmt = _summary_where(select(rcolumn.label("k"), func.sum(_R.gross).label("g"))
                           .group_by(rcolumn), _R, first, last, branch, terminal=terminal,
                           cashier=cashier)
    refunds = {r.k: int(r.g or 0) for r in scope.execute(rstmt)}
    result = []
    for k in sorted(set(rows) | set(refunds)):
        n, g, t = rows.get(k, (0, 0, 0))
        result.append({"key": k, "sales": n, "gross": g, "tax": t, "refunds": refunds.get(k, 0),
                       "takings": g - refunds.get(k, 0)})
    return result


def by_method(scope: TenantScope, first: str, last: str, branch: str | None = None, *,
              terminal: str | None = None, cashier: str | None = None) -> list[dict[str, Any]]:
    """Takings per payment method and MoMo network: sale tenders less refunds and voids
    (payments on account are not sales and are left out of the summary)."""
    p = PaymentsDaySummary
    stmt = _summary_where(select(p.method, p.provider, func.sum(p.tenders).label("n"),
                                 func.sum(p.amount).label("a"))
                          .group_by(p.method, p.provider),
                          p, first, last, branch, terminal=terminal, cashier=cashier)
    merged: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in scope.execute(stmt):
        # Each MoMo network and card scheme apart: each settles on its own statement.
        provider = provider_of(r.method, r.provider)
        row = merged.setdefault((r.method, provider), {
            "method": r.method, "provider": provider, "label": tender_label(r.method, provider),
            "tenders": 0, "amount": 0})
        row["tenders"] += int(r.n or 0)
        row["amount"] += int(r.a or 0)
    return sorted(merged.values(), key=lambda m: (label_rank(m["method"], m["provider"]),
                                                   m["label"]))


def top_products(scope: TenantScope, first: str, last: str, branch: str | None = None,
                 limit: int = 10) -> list[dict[str, Any]]:
    """Best sellers by gross of completed sales: quantity in base units and gross."""
    p = ProductsDaySummary
    gross = func.sum(p.gross)
    stmt = _summary_where(select(p.sku, func.max(p.name).label("name"),
                                 func.sum(p.qty).label("q"), gross.label("g"))
                          .where(p.line_count > 0)  # rows of lines voided since are zero
                          .group_by(p.sku).order_by(gross.desc(), p.sku).limit(limit),
                          p, first, last, branch)
    return [{"sku": r.sku, "name": r.name, "qty_milli": int(r.q or 0) // 1000, "gross": int(r.g or 0)}
            for r in scope.execute(stmt)]


def returns_list(scope: TenantScope, first: str, last: str, branch: str | None = None,
                 limit: int = 200) -> list[dict[str, Any]]:
    stmt = _returns_where(select(Return).order_by(Return.business_date.desc(), Return.refund_no)
                          .limit(limit), first, last, branch)
    return [{"id": r.id, "refund_no": r.refund_no, "sale_id": r.sale_id,
             "receipt_no": r.original_receipt_no, "branch": r.branch_code, "user": r.user_email,
             "date": r.business_date, "reason": r.reason, "gross": r.gross}
            for r in scope.scalars(stmt)]


def voids_list(scope: TenantScope, first: str, last: str, branch: str | None = None,
               limit: int = 200) -> list[dict[str, Any]]:
    stmt = _sales_where(select(Sale).where(Sale.status == "voided")
                        .order_by(Sale.business_date.desc(), Sale.receipt_no).limit(limit),
                        first, last, branch)
    return [{"id": s.id, "receipt_no": s.receipt_no, "branch": s.branch_code,
             "user": s.user_email, "date": s.business_date, "gross": s.gross}
            for s in scope.scalars(stmt)]


def weekly(scope: TenantScope, last_day: str, weeks: int = 8,
           branch: str | None = None) -> list[dict[str, Any]]:
    """The SOP's weekly sales report: the ``weeks`` weeks (Monday to Sunday) up to the week
    of ``last_day``, each with sales, gross, refunds and takings."""
    end = date.fromisoformat(last_day)
    monday = end - timedelta(days=end.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    days = by_day(scope, first.isoformat(), (monday + timedelta(days=6)).isoformat(), branch)
    result = []
    for week in range(weeks):
        start = first + timedelta(weeks=week)
        chunk = days[week * 7:(week + 1) * 7]
        result.append({"week": start.isoformat(), "ends": (start + timedelta(days=6)).isoformat(),
                       "sales": sum(d["sales"] for d in chunk),
                       "gross": sum(d["gross"] for d in chunk),
                       "refunds": sum(d["refunds"] for d in chunk),
                       "takings": sum(d["takings"] for d in chunk)})
    return result


def overview(scope: TenantScope, first: str, last: str, branch: str | None = None, *,
             terminal: str | None = None, cashier: str | None = None) -> dict[str, Any]:
    """Totals, by day, by hour, by branch, till and cashier — the same figures as the
    reports above (a test checks) from three passes over the range's summary rows
    instead of eleven: one grouped by day, branch, till, cashier and status (the hour
    summed away), one by hour, one over the refunds; combined here."""
    who = {"terminal": terminal, "cashier": cashier}
    stmt = _summary_where(select(
        _S.business_date, _S.branch_code, _S.terminal_id, _S.user_email, _S.status,
        func.sum(_S.sales).label("n"), func.sum(_S.gross).label("g"),
        func.sum(_S.net).label("nt"), func.sum(_S.tax).label("tx"),
        func.sum(_S.discount).label("d"))
        .group_by(_S.business_date, _S.branch_code, _S.terminal_id, _S.user_email, _S.status),
        _S, first, last, branch, **who)
    rstmt = _summary_where(select(
        _R.business_date, _R.branch_code, _R.terminal_id, _R.user_email,
        func.sum(_R.refunds).label("n"), func.sum(_R.gross).label("g"))
        .group_by(_R.business_date, _R.branch_code, _R.terminal_id, _R.user_email),
        _R, first, last, branch, **who)
    counts = {"sales": 0, "gross": 0, "net": 0, "tax": 0, "discount": 0, "voids": 0,
              "void_gross": 0, "refunds": 0, "refund_count": 0}
    days: dict[str, list[int]] = {}
    keyed: dict[str, dict[str, list[int]]] = {"branch": {}, "terminal": {}, "cashier": {}}
    for r in scope.execute(stmt):
        n, g = int(r.n or 0), int(r.g or 0)
        if r.status != "completed":
            counts["voids"] += n
            counts["void_gross"] += g
            continue
        counts["sales"] += n
        counts["gross"] += g
        counts["net"] += int(r.nt or 0)
        counts["tax"] += int(r.tx or 0)
        counts["discount"] += int(r.d or 0)
        day = days.setdefault(r.business_date, [0, 0, 0])
        day[0] += n
        day[1] += g
        for name, key in (("branch", r.branch_code), ("terminal", r.terminal_id),
                          ("cashier", r.user_email)):
            acc = keyed[name].setdefault(key, [0, 0, 0, 0])
            acc[0] += n
            acc[1] += g
            acc[2] += int(r.tx or 0)
    # As in by_key: a key whose sales were all voided after being summarised is not listed.
    keyed = {name: {k: v for k, v in rows.items() if v[0] > 0} for name, rows in keyed.items()}
    for r in scope.execute(rstmt):
        n, g = int(r.n or 0), int(r.g or 0)
        counts["refunds"] += g
        counts["refund_count"] += n
        days.setdefault(r.business_date, [0, 0, 0])[2] += g
        for name, key in (("branch", r.branch_code), ("terminal", r.terminal_id),
                          ("cashier", r.user_email)):
            keyed[name].setdefault(key, [0, 0, 0, 0])[3] += g
    series: list[dict[str, Any]] = []
    moment, end = date.fromisoformat(first), date.fromisoformat(last)
    while moment <= end and len(series) < 400:
        n, g, refunded = days.get(moment.isoformat(), [0, 0, 0])
        series.append({"date": moment.isoformat(), "sales": n, "gross": g, "refunds": refunded,
                       "takings": g - refunded})
        moment += timedelta(days=1)
    per = {name: [{"key": k, "sales": v[0], "gross": v[1], "tax": v[2], "refunds": v[3],
                   "takings": v[1] - v[3]} for k, v in sorted(rows.items())]
           for name, rows in keyed.items()}
    return {"totals": SalesTotals(counts["sales"], counts["gross"], counts["net"], counts["tax"],
                                  counts["discount"], counts["refunds"], counts["refund_count"],
                                  counts["voids"], counts["void_gross"]),
            "days": series, "hours": by_hour(scope, first, last, branch, **who),
            "by_branch": per["branch"], "by_terminal": per["terminal"],
            "by_cashier": per["cashier"]}
