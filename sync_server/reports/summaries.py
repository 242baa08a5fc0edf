"""Keeping the per-day summaries (``sync_server.reports.models``) exactly in step with
the merged sales, checking them, and rebuilding them.

``record_merged`` is called once per merged batch, in the transaction that inserted the
batch's rows, after its sales, refunds, voids and tenders are written. It is set-based:
the batch's rows (already in memory) are summed per summary key and added with one
multi-row upsert per summary table (``x = x + excluded.x``); a void of a sale stored
by an earlier batch adds ``INSERT … SELECT … GROUP BY`` upserts over those sales.
Additions commute, so concurrent pushes of many tills give the same sums in any order
on every database: PostgreSQL and MariaDB lock each summary row being added to until the
push commits, SQLite has one writer at a time. Keys include the till, so only a void of
another till's sale ever waits on a row another push holds, and rows are added in key
order (retry covers the rest, as for every push).

The SELECTs below, without a filter on sales, are the *fresh aggregation* of the raw
tables: ``rebuild`` writes them and ``check`` compares them with the stored rows; the
sums of ``record_merged`` are the same expressions in Python (a test compares them
after every kind of merge).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    delete,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite

from sync_server.db.scope import TenantScope
from sync_server.reports.models import (
    PaymentsDaySummary,
    ProductsDaySummary,
    ReturnsDaySummary,
    SalesDaySummary,
)
from sync_server.sales.models import Payment, Return, Sale, SaleItem
from sync_server.terminals.models import Terminal

CHUNK = 500  # ids per statement


def _t(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


SALES, ITEMS, PAYMENTS, RETURNS = _t(Sale), _t(SaleItem), _t(Payment), _t(Return)
S_SALES, S_RETURNS = _t(SalesDaySummary), _t(ReturnsDaySummary)
S_PAYMENTS, S_PRODUCTS = _t(PaymentsDaySummary), _t(ProductsDaySummary)
SUMMARIES = (S_SALES, S_RETURNS, S_PAYMENTS, S_PRODUCTS)


def hour_of(terminal_time: Any) -> ColumnElement[str]:
    """The hour of the till's clock in ``terminal_time`` (ISO text): characters 12–13."""
    return func.substr(terminal_time, 12, 2)


def _measures(table: Table) -> list[str]:
    return [c.name for c in table.columns if not c.primary_key]


# -- the aggregations (fresh, or of a batch's rows) -------------------------------------


def _sales_select(tenant_id: int, where: ColumnElement[bool], *, sign: int = 1,
                  status: str | None = None) -> Select[Any]:
    s = SALES.c
    hour = hour_of(s.terminal_time)
    keys = [s.business_date, s.branch_code, s.terminal_id, s.user_email, hour]
    status_col: Any = literal(status) if status is not None else s.status
    group = keys if status is not None else [*keys, s.status]
    return (select(s.tenant_id, *keys, status_col, sign * func.count(), sign * func.sum(s.gross),
                   sign * func.sum(s.net), sign * func.sum(s.vat + s.nhil + s.getfund + s.covid),
                   sign * func.sum(s.discount))
            .where(s.tenant_id == tenant_id, where)
            .group_by(s.tenant_id, *group).order_by(*group))


def _returns_select(tenant_id: int, where: ColumnElement[bool]) -> Select[Any]:
    r = RETURNS.c
    keys = [r.business_date, r.branch_code, r.terminal_id, r.user_email]
    return (select(r.tenant_id, *keys, func.count(), func.sum(r.gross))
            .where(r.tenant_id == tenant_id, where)
            .group_by(r.tenant_id, *keys).order_by(*keys))


def _payments_select(tenant_id: int, where: ColumnElement[bool]) -> Select[Any]:
    p = PAYMENTS.c
    provider = func.coalesce(p.provider, "")
    keys = [p.business_date, p.branch_code, p.terminal_id, p.user_email, p.kind, p.method,
            provider]
    return (select(p.tenant_id, *keys, func.count(), func.sum(p.amount))
            .where(p.tenant_id == tenant_id, p.kind != "customer_payment", where)
            .group_by(p.tenant_id, *keys).order_by(*keys))


def _products_select(tenant_id: int, where: ColumnElement[bool], *, sign: int = 1,
                     completed: bool = True) -> Select[Any]:
    s, i = SALES.c, ITEMS.c
    keys = [s.business_date, s.branch_code, s.terminal_id, i.sku, i.name]
    stmt = (select(s.tenant_id, *keys, sign * func.count(),
                   sign * func.sum(i.qty_milli * i.unit_factor_milli), sign * func.sum(i.gross))
            .select_from(ITEMS.join(SALES, and_(s.tenant_id == i.tenant_id, s.id == i.sale_id)))
            .where(s.tenant_id == tenant_id, i.tenant_id == tenant_id, where)
            .group_by(s.tenant_id, *keys).order_by(*keys))
    if completed:
        stmt = stmt.where(s.status == "completed")
    return stmt


def fresh(tenant_id: int) -> dict[str, Select[Any]]:
    """The aggregation of all the tenant's raw rows, per summary table."""
    everything = true()
    return {S_SALES.name: _sales_select(tenant_id, everything),
            S_RETURNS.name: _returns_select(tenant_id, everything),
            S_PAYMENTS.name: _payments_select(tenant_id, everything),
            S_PRODUCTS.name: _products_select(tenant_id, everything)}


# -- writing -----------------------------------------------------------------------------


def _add(scope: TenantScope, table: Table, source: Select[Any]) -> None:
    """``INSERT INTO table SELECT …`` adding to the rows whose key exists."""
    columns = [c.name for c in table.columns]
    measures = _measures(table)
    dialect = scope.dialect
    stmt: Any
    if dialect in ("mysql", "mariadb"):
        stmt = mysql.insert(table).from_select(columns, source)
        stmt = stmt.on_duplicate_key_update({m: table.c[m] + stmt.inserted[m] for m in measures})
    else:
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = make(table).from_select(columns, source)
        stmt = stmt.on_conflict_do_update(index_elements=list(table.primary_key.columns),
                                          set_={m: table.c[m] + stmt.excluded[m]
                                                for m in measures})
    scope.execute(stmt)


def _increment(scope: TenantScope, table: Table,
               deltas: dict[tuple[Any, ...], list[int]]) -> None:
    """Add ``deltas`` (key without the tenant → measures) to ``table`` in one multi-row
    upsert, in key order (concurrent writers lock rows in the same order)."""
    if not deltas:
        return
    keys = [c.name for c in table.primary_key.columns if c.name != "tenant_id"]
    measures = _measures(table)
    rows = [{"tenant_id": scope.tenant_id, **dict(zip(keys, key, strict=True)),
             **dict(zip(measures, values, strict=True))}
            for key, values in sorted(deltas.items(), key=lambda kv: tuple(map(str, kv[0])))]
    dialect = scope.dialect
    stmt: Any
    if dialect in ("mysql", "mariadb"):
        stmt = mysql.insert(table)
        stmt = stmt.on_duplicate_key_update({m: table.c[m] + stmt.inserted[m] for m in measures})
    else:
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = make(table)
        stmt = stmt.on_conflict_do_update(index_elements=list(table.primary_key.columns),
                                          set_={m: table.c[m] + stmt.excluded[m]
                                                for m in measures})
    scope.upsert_many(table, stmt, rows)


def _bump(deltas: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...],
          *values: int) -> None:
    found = deltas.get(key)
    if found is None:
        deltas[key] = list(values)
    else:
        for index, value in enumerate(values):
            found[index] += value


def record_merged(scope: TenantScope, *, sales: Sequence[Mapping[str, Any]],
                  items: Sequence[Mapping[str, Any]], returns: Sequence[Mapping[str, Any]],
                  payments: Sequence[Mapping[str, Any]], void_ids: Sequence[str]) -> None:
    """Add a merged batch to the summaries, in the batch's transaction, after its rows
    are written: ``sales``, ``items``, ``returns`` and ``payments`` are the rows the batch
    inserted into ``sales`` (voided in the same batch or not), ``sale_items``,
    ``returns`` and ``payments`` (every kind; payments on account are skipped);
    ``void_ids`` the sales stored by an *earlier* batch that this batch voided (their
    status already updated). The batch's own rows are summed here, not read back; the
    voided sales are read (a void is rare)."""
    sale_sums: dict[tuple[Any, ...], list[int]] = {}
    status: dict[str, tuple[str, str, str]] = {}
    for r in sales:
        key = (r["business_date"], r["branch_code"], r["terminal_id"], r["user_email"],
               str(r["terminal_time"])[11:13], r["status"])  # = substr(terminal_time, 12, 2)
        _bump(sale_sums, key, 1, r["gross"], r["net"],
              r["vat"] + r["nhil"] + r["getfund"] + r["covid"], r["discount"])
        if r["status"] == "completed":
            status[r["id"]] = (r["business_date"], r["branch_code"], r["terminal_id"])
    product_sums: dict[tuple[Any, ...], list[int]] = {}
    for i in items:
        where = status.get(i["sale_id"])
        if where is not None:
            _bump(product_sums, (*where, i["sku"], i["name"]), 1,
                  i["qty_milli"] * i["unit_factor_milli"], i["gross"])
    return_sums: dict[tuple[Any, ...], list[int]] = {}
    for r in returns:
        _bump(return_sums, (r["business_date"], r["branch_code"], r["terminal_id"],
                            r["user_email"]), 1, r["gross"])
    payment_sums: dict[tuple[Any, ...], list[int]] = {}
    for p in payments:
        if p["kind"] != "customer_payment":
            _bump(payment_sums, (p["business_date"], p["branch_code"], p["terminal_id"],
                                 p["user_email"], p["kind"], p["method"], p["provider"] or ""),
                  1, p["amount"])
    _increment(scope, S_SALES, sale_sums)
    _increment(scope, S_PRODUCTS, product_sums)
    _increment(scope, S_RETURNS, return_sums)
    _increment(scope, S_PAYMENTS, payment_sums)
    tenant_id, s = scope.tenant_id, SALES.c
    ordered = sorted(set(void_ids))
    for start in range(0, len(ordered), CHUNK):
        # Summarised as completed by an earlier batch: move each sale to voided and take
        # its lines off the products (its reversing tenders are among ``payments``).
        chunk = s.id.in_(ordered[start:start + CHUNK])
        _add(scope, S_SALES, _sales_select(tenant_id, chunk, sign=-1, status="completed"))
        _add(scope, S_SALES, _sales_select(tenant_id, chunk, status="voided"))
        _add(scope, S_PRODUCTS, _products_select(tenant_id, chunk, sign=-1, completed=False))


def _lock_tills(scope: TenantScope) -> None:
    """Hold every till of the tenant as a push does, so no batch merges meanwhile."""
    scope.execute(select(Terminal.id).order_by(Terminal.id).with_for_update()).all()


def rebuild(scope: TenantScope) -> dict[str, int]:
    """Recompute the tenant's summaries from the raw tables (pushes of the tenant wait
    until it commits). Returns the rows written per table."""
    _lock_tills(scope)
    tenant_id = scope.tenant_id
    written: dict[str, int] = {}
    for table, source in zip(SUMMARIES, fresh(tenant_id).values(), strict=True):
        scope.execute(delete(table).where(table.c.tenant_id == tenant_id))
        columns = [c.name for c in table.columns]
        scope.execute(table.insert().from_select(columns, source))
        written[table.name] = int(scope.execute(
            select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)
        ).scalar_one())
    return written


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple[Any, ...]
    stored: tuple[int, ...] | None
    expected: tuple[int, ...] | None

    def describe(self) -> str:
        key = ", ".join(str(k) for k in self.key)
        return f"{self.table} [{key}]: stored {self.stored}, raw tables say {self.expected}"


def _nonzero(rows: Any, width: int) -> dict[tuple[Any, ...], tuple[int, ...]]:
    found: dict[tuple[Any, ...], tuple[int, ...]] = {}
    for row in rows:
        values = tuple(int(v or 0) for v in row[-width:])
        if any(values):
            found[tuple(row[1:-width])] = values
    return found


def check(scope: TenantScope) -> list[Difference]:
    """Every difference between the stored summaries and a fresh aggregation of the raw
    tables (rows whose figures are all zero count as absent)."""
    _lock_tills(scope)
    tenant_id = scope.tenant_id
    differences: list[Difference] = []
    for table, source in zip(SUMMARIES, fresh(tenant_id).values(), strict=True):
        width = len(_measures(table))
        stored = _nonzero(scope.execute(select(*table.columns).where(
            table.c.tenant_id == tenant_id)), width)
        expected = _nonzero(scope.execute(source), width)
        for key in sorted(set(stored) | set(expected), key=lambda k: tuple(map(str, k))):
            if stored.get(key) != expected.get(key):
                differences.append(Difference(table.name, key, stored.get(key),
                                              expected.get(key)))
    return differences
