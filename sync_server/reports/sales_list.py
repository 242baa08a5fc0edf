"""Head office's list of sales and of sale lines: every sale of a range, newest first, a
page at a time, filtered by branch, till, cashier, payment method, customer, product and
amount, each to its receipt and journal; with the filtered totals.

Pages are keyset pages (``after`` = the last row's business date, till time and id), not
offsets: page 400 of a year costs what page 1 costs, on the index
``(tenant_id, business_date, terminal_time, id)`` (migration 0024). Names, not e-mails or
codes, are what a person reads: ``names`` maps them once per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, or_, select

from shared.payload_common import TENDER_METHODS
from shared.tenders import label_rank, tender_label
from sync_server.catalogue.models import Product
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.reports.models import SalesDaySummary
from sync_server.sales.models import Payment, Sale, SaleItem
from sync_server.tenants.models import Branch, User
from sync_server.terminals.models import Terminal

PAGE = 50
MAX_PAGE = 500  # rows per page of an export run
METHODS = TENDER_METHODS
STATUSES = ("completed", "voided", "all")
_UUID = re.compile(r"^[0-9a-fA-F-]{32,36}$")


@dataclass(frozen=True)
class SaleFilters:
    first: str
    last: str
    branch: str | None = None
    terminal: str | None = None
    cashier: str | None = None
    method: str | None = None
    customer: str | None = None  # as typed: a name (or part), phone or TIN
    product: str | None = None  # as typed: a SKU or part of a name
    customers: tuple[str, ...] | None = None  # the customer ids it matched (None: any)
    skus: tuple[str, ...] | None = None  # the SKUs it matched (None: any)
    low: int | None = None  # pesewas, gross of the sale (or of the line)
    high: int | None = None
    status: str = "completed"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise Invalid(f"“{self.status}” is not a status; use completed, voided or all.")
        if self.method is not None and self.method not in METHODS:
            raise Invalid(f"“{self.method}” is not a payment method.")

    def query(self) -> dict[str, str]:
        """The filters as the page's query string has them (for links and exports)."""
        out = {"first": self.first, "last": self.last}
        for key in ("branch", "terminal", "cashier", "method", "customer", "product"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.low is not None:
            out["min"] = _cedis_text(self.low)
        if self.high is not None:
            out["max"] = _cedis_text(self.high)
        if self.status != "completed":
            out["status"] = self.status
        return out


def _cedis_text(pesewas: int) -> str:
    sign = "-" if pesewas < 0 else ""
    return f"{sign}{abs(pesewas) // 100}.{abs(pesewas) % 100:02d}"


def _where(stmt: Any, f: SaleFilters, *, lines: bool = False) -> Any:
    stmt = stmt.where(Sale.business_date >= f.first, Sale.business_date <= f.last)
    if f.status != "all":
        stmt = stmt.where(Sale.status == f.status)
    if f.branch:
        stmt = stmt.where(Sale.branch_code == f.branch)
    if f.terminal:
        stmt = stmt.where(Sale.terminal_id == f.terminal)
    if f.cashier:
        stmt = stmt.where(Sale.user_email == f.cashier)
    if f.customers is not None:
        stmt = stmt.where(Sale.customer_id.in_(f.customers))
    if f.method:
        stmt = stmt.where(exists().where(
            Payment.tenant_id == Sale.tenant_id, Payment.sale_id == Sale.id,
            Payment.kind == "sale", Payment.method == f.method))
    amount = SaleItem.gross if lines else Sale.gross
    if f.low is not None:
        stmt = stmt.where(amount >= f.low)
    if f.high is not None:
        stmt = stmt.where(amount <= f.high)
    if f.skus is not None:
        if lines:
            stmt = stmt.where(SaleItem.sku.in_(f.skus))
        else:
            # Not correlated (the scope adds the tenant to the subquery): PostgreSQL then
            # hashes the product's sale ids once instead of probing per sale (5 s → ms,
            # docs/benchmarks.md "Head office: sales list").
            stmt = stmt.where(Sale.id.in_(select(SaleItem.sale_id).where(
                SaleItem.sku.in_(f.skus))))
    return stmt


def parse_cursor(text: str | None, *, lines: bool = False) -> tuple[Any, ...] | None:
    """``after`` as the page links write it: date|till time|sale id[|line]."""
    if not text:
        return None
    parts = text.split("|")
    if len(parts) != (4 if lines else 3) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", parts[0]) \
            or not _UUID.match(parts[2]) or len(parts[1]) > 40:
        raise Invalid("That page link is not one this list made; start from the first page.")
    if lines:
        if not parts[3].isdigit() or len(parts[3]) > 6:
            raise Invalid("That page link is not one this list made; start from the first page.")
        return parts[0], parts[1], parts[2], int(parts[3])
    return parts[0], parts[1], parts[2]


def _after(stmt: Any, after: tuple[Any, ...] | None, *, lines: bool = False) -> Any:
    if after is None:
        return stmt
    day, moment, sale_id = after[0], after[1], after[2]
    # Spelled out rather than a row-value comparison: the same on SQLite, PostgreSQL and
    # MariaDB, and every database's planner turns the leading date into an index range.
    tail = Sale.id < sale_id
    if lines:
        tail = or_(Sale.id < sale_id, and_(Sale.id == sale_id, SaleItem.line_no > after[3]))
    return stmt.where(Sale.business_date <= day, or_(
        Sale.business_date < day,
        and_(Sale.business_date == day, or_(
            Sale.terminal_time < moment, and_(Sale.terminal_time == moment, tail)))))


@dataclass
class Names:
    branches: dict[str, str]
    tills: dict[str, str]
    people: dict[str, str]

    def branch(self, code: str) -> str:
        return self.branches.get(code, code)

    def till(self, terminal_id: str) -> str:
        return self.tills.get(terminal_id, "a till no longer enrolled")

    def person(self, email: str | None) -> str:
        if not email:
            return ""
        return self.people.get(email, email.split("@")[0])


def names(scope: TenantScope) -> Names:
    return Names({b.code: b.name for b in scope.scalars(select(Branch))},
                 {t.id: t.name for t in scope.scalars(select(Terminal))},
                 {u.email: u.name for u in scope.scalars(select(User))})


def match_customers(scope: TenantScope, text: str, limit: int = 50) -> tuple[str, ...]:
    """The customers a typed name, phone or TIN means (at most ``limit``)."""
    text = text.strip()
    like = f"%{text.lower()}%"
    stmt = select(Customer.id).where(or_(
        func.lower(Customer.name).like(like), Customer.phone == text, Customer.tin == text)
    ).order_by(Customer.name).limit(limit)
    return tuple(str(i) for i in scope.scalars(stmt))


def match_products(scope: TenantScope, text: str, limit: int = 50) -> tuple[str, ...]:
    """The SKUs a typed SKU or part of a name means (at most ``limit``)."""
    text = text.strip()
    if scope.get(Product, text) is not None:
        return (text,)
    like = f"%{text.lower()}%"
    stmt = select(Product.sku).where(or_(func.lower(Product.name).like(like),
                                         func.lower(Product.sku).like(like))
                                     ).order_by(Product.sku).limit(limit)
    return tuple(str(s) for s in scope.scalars(stmt))


def _customers(scope: TenantScope, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {c.id: c.name for c in scope.scalars(select(Customer).where(Customer.id.in_(ids)))}


def sales_page(scope: TenantScope, f: SaleFilters, *, after: tuple[Any, ...] | None = None,
               size: int = PAGE, who: Names | None = None) -> dict[str, Any]:
    """One page of sales, newest first: ``rows`` and ``next`` (the cursor of the next
    page, None on the last)."""
    who = who or names(scope)
    stmt = _after(_where(select(Sale), f), after).order_by(
        Sale.business_date.desc(), Sale.terminal_time.desc(), Sale.id.desc()).limit(size + 1)
    found = list(scope.scalars(stmt))
    more = len(found) > size
    found = found[:size]
    ids = [s.id for s in found]
    tenders: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    if ids:
        pay = (select(Payment.sale_id, Payment.method, Payment.provider)
               .where(Payment.sale_id.in_(ids), Payment.kind == "sale")
               .order_by(Payment.sale_id, Payment.tender_no))
        for p in scope.execute(pay):
            label = tender_label(p.method, p.provider)
            mine = tenders.setdefault(p.sale_id, [])
            if label not in mine:
                mine.append(label)
        counts = {r.sale_id: int(r.n) for r in scope.execute(
            select(SaleItem.sale_id, func.count().label("n"))
            .where(SaleItem.sale_id.in_(ids)).group_by(SaleItem.sale_id))}
    customers = _customers(scope, {s.customer_id for s in found if s.customer_id})
    rows = [{"id": s.id, "receipt_no": s.receipt_no, "date": s.business_date,
             "time": _clock(s.terminal_time), "branch": who.branch(s.branch_code),
             "till": who.till(s.terminal_id), "cashier": who.person(s.user_email),
             "customer": customers.get(s.customer_id or "", ""),
             "methods": ", ".join(tenders.get(s.id, [])), "lines": counts.get(s.id, 0),
             "net": s.net, "tax": s.vat + s.nhil + s.getfund + s.covid, "gross": s.gross,
             "status": s.status, "posted": s.posting_status == "posted"} for s in found]
    nxt = f"{found[-1].business_date}|{found[-1].terminal_time}|{found[-1].id}" if more else None
    return {"rows": rows, "next": nxt}


def lines_page(scope: TenantScope, f: SaleFilters, *, after: tuple[Any, ...] | None = None,
               size: int = PAGE, who: Names | None = None) -> dict[str, Any]:
    """One page of sale lines (every line of the filtered sales; with a product, only
    that product's lines), newest sale first."""
    who = who or names(scope)
    stmt = _where(select(Sale.id, Sale.receipt_no, Sale.business_date, Sale.terminal_time,
                         Sale.branch_code, Sale.terminal_id, Sale.user_email, Sale.status,
                         SaleItem.line_no, SaleItem.sku, SaleItem.name, SaleItem.unit,
                         SaleItem.qty_milli, SaleItem.unit_price, SaleItem.line_discount,
                         SaleItem.order_discount, SaleItem.net, SaleItem.gross, SaleItem.tax_code)
                  .join(SaleItem, and_(SaleItem.tenant_id == Sale.tenant_id,
                                       SaleItem.sale_id == Sale.id)), f, lines=True)
    stmt = _after(stmt, after, lines=True).order_by(
        Sale.business_date.desc(), Sale.terminal_time.desc(), Sale.id.desc(),
        SaleItem.line_no).limit(size + 1)
    found = list(scope.execute(stmt))
    more = len(found) > size
    found = found[:size]
    rows = [{"id": r.id, "receipt_no": r.receipt_no, "date": r.business_date,
             "time": _clock(r.terminal_time), "branch": who.branch(r.branch_code),
             "till": who.till(r.terminal_id), "cashier": who.person(r.user_email),
             "line_no": r.line_no, "sku": r.sku, "name": r.name, "unit": r.unit,
             "qty_milli": r.qty_milli, "unit_price": r.unit_price,
             "discount": r.line_discount + r.order_discount, "net": r.net, "gross": r.gross,
             "tax_code": r.tax_code, "status": r.status} for r in found]
    last = found[-1] if found else None
    nxt = (f"{last.business_date}|{last.terminal_time}|{last.id}|{last.line_no}"
           if more and last is not None else None)
    return {"rows": rows, "next": nxt}


def summarised(f: SaleFilters) -> bool:
    """Whether the filtered totals come from the per-day summaries (cheap: the page
    shows them at once) or need the sales themselves (the page loads them after)."""
    return (f.method is None and f.customers is None and f.skus is None and f.low is None
            and f.high is None)


def totals(scope: TenantScope, f: SaleFilters) -> dict[str, int]:
    """The filtered sales' count, net, tax and gross (the list's tiles). Filtered by
    date, branch, till, cashier and status only, they come from the per-day summaries
    (the same figures as the sales page, a few hundred rows for a month); a method,
    customer, product or amount needs the sales themselves."""
    if summarised(f):
        s = SalesDaySummary
        stmt = select(func.sum(s.sales).label("n"), func.sum(s.net).label("net"),
                      func.sum(s.tax).label("tax"), func.sum(s.gross).label("gross")).where(
            s.business_date >= f.first, s.business_date <= f.last)
        for column, value in ((s.branch_code, f.branch), (s.terminal_id, f.terminal),
                              (s.user_email, f.cashier)):
            if value:
                stmt = stmt.where(column == value)
        if f.status != "all":
            stmt = stmt.where(s.status == f.status)
        row = scope.execute(stmt).one()
        return {"sales": int(row.n or 0), "net": int(row.net or 0), "tax": int(row.tax or 0),
                "gross": int(row.gross or 0)}
    row = scope.execute(_where(select(
        func.count().label("n"), func.sum(Sale.net).label("net"),
        func.sum(Sale.vat + Sale.nhil + Sale.getfund + Sale.covid).label("tax"),
        func.sum(Sale.gross).label("gross")), f)).one()
    return {"sales": int(row.n or 0), "net": int(row.net or 0), "tax": int(row.tax or 0),
            "gross": int(row.gross or 0)}


def methods_of() -> list[tuple[str, str]]:
    """The payment methods the filter offers, labelled as the tills print them."""
    return sorted(((m, tender_label(m, None)) for m in METHODS),
                  key=lambda m: label_rank(m[0], None))


def _clock(terminal_time: str) -> str:
    """``HH:MM`` of the till's clock as it said (ISO text)."""
    return terminal_time[11:16] if len(terminal_time) >= 16 else ""


__all__ = ["METHODS", "PAGE", "Names", "SaleFilters", "lines_page", "match_customers",
           "match_products", "methods_of", "names",
           "parse_cursor", "sales_page", "summarised", "totals"]
