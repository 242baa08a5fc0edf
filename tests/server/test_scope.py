"""The one tenant-scoped query path: a TenantScope sees, changes and inserts only its own
tenant's rows, whatever the statement forgets to say; a system session cannot touch
tenant rows at all."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, delete, select, update
from sqlalchemy.exc import StatementError

from shared.money import Money
from sync_server.context import ServerContext
from sync_server.customers.models import Customer
from sync_server.customers.services import add_customer
from sync_server.db.scope import TenantLeak
from sync_server.ledger.models import Account
from tests.server.conftest import ADMIN, DATABASES, make_world


def test_a_scope_sees_and_changes_only_its_tenant(ctx: ServerContext, testdata: Path) -> None:
    acme = make_world(ctx, testdata, domain="acme.test")
    beta = make_world(ctx, testdata, domain="beta.test")
    with ctx.scope(beta.tenant_id) as scope:
        add_customer(ctx, scope, ADMIN, name="Beta only", credit_limit=Money.cedis(5))
    with ctx.scope(acme.tenant_id) as scope:
        # No tenant filter written here: the scope adds it.
        names = scope.scalars(select(Customer.name))
        assert names == ["Kofi Traders"]
        assert len(scope.scalars(select(Account))) == 17
        scope.execute(update(Customer).values(credit_limit=0))
        scope.execute(delete(Customer).where(Customer.name == "Beta only"))
        assert scope.get(Customer, beta.customer_id) is None
    with ctx.scope(beta.tenant_id) as scope:
        limits = {c.name: c.credit_limit for c in scope.scalars(select(Customer))}
    assert limits == {"Kofi Traders": 100_000, "Beta only": 500}


def test_rows_of_another_tenant_cannot_be_written(ctx: ServerContext, testdata: Path) -> None:
    acme = make_world(ctx, testdata, domain="acme.test")
    beta = make_world(ctx, testdata, domain="beta.test")
    with pytest.raises(TenantLeak), ctx.scope(acme.tenant_id) as scope:
        scope.insert_rows(Customer, [{"tenant_id": beta.tenant_id, "id": "x" * 36}])
    with pytest.raises(TenantLeak), ctx.scope(acme.tenant_id) as scope:
        row = Customer(id="0" * 36, name="x", tenant_id=beta.tenant_id)
        scope.add(row)


def test_a_system_session_cannot_read_tenant_rows(ctx: ServerContext, testdata: Path) -> None:
    make_world(ctx, testdata)
    with pytest.raises(TenantLeak), ctx.system() as session:
        session.scalars(select(Customer)).all()


def _envelope_rows(start: int, count: int, received_at: datetime) -> list[dict[str, Any]]:
    awkward = 'tab\there, "quotes", back\\slash, new\nline, Ɔdɔ ₵ 😀, \\N'
    return [{"terminal_id": "t" * 36, "seq": n, "fork_no": n % 2, "envelope_id": f"{n:036d}",
             "hash": "a" * 64, "kind": "sale", "branch_code": "MAIN",
             "user_email": "ama@acme.test", "business_date": "2026-11-22",
             "terminal_time": "2026-11-22T10:00:00.000+00:00", "received_at": received_at,
             "status": "stored", "reason_code": None, "reason": None,
             "posting_status": "posted", "posting_error": None, "late": n % 3 == 0,
             "resolved_at": None, "resolved_by": None, "body": f"{awkward} {n}"}
            for n in range(start, start + count)]


def test_bulk_inserts_keep_every_value(ctx: ServerContext, testdata: Path) -> None:
    """``insert_rows`` of a batch big enough for PostgreSQL's COPY (binary, types set
    from the table) stores each value exactly as a small INSERT does; a batch whose
    times carry no zone is refused on every database, as any other write of one is."""
    from sync_server.db.scope import COPY_FROM
    from sync_server.sync.models import StoredEnvelope

    world = make_world(ctx, testdata)
    when = datetime(2026, 11, 22, 10, 30, 15, 123456, tzinfo=UTC)
    rows = _envelope_rows(1, COPY_FROM + 36, when)
    with ctx.scope(world.tenant_id) as scope:
        scope.insert_rows(StoredEnvelope, rows)
    with pytest.raises((ValueError, StatementError), match="timezone-aware"), \
            ctx.scope(world.tenant_id) as scope:
        scope.insert_rows(StoredEnvelope, _envelope_rows(1000, COPY_FROM,
                                                         when.replace(tzinfo=None)))
    with ctx.scope(world.tenant_id) as scope:
        stored = {e.seq: e for e in scope.scalars(select(StoredEnvelope))}
    assert sorted(stored) == [row["seq"] for row in rows]
    for row in rows:
        got = stored[row["seq"]]
        for name, value in row.items():
            assert getattr(got, name) == value, name


def test_upserts_of_many_rows_add_and_replace_exactly(ctx: ServerContext,
                                                      testdata: Path) -> None:
    """``increment`` and ``upsert_rows`` of many rows (one multi-row statement on
    PostgreSQL when their keys differ, one statement per row otherwise) add to and
    replace exactly the rows of their keys, creating the missing ones; repeated keys
    in one call add up as one after the other would."""
    from sync_server.stock.models import StockLevel

    world = make_world(ctx, testdata)
    skus = [f"UPS-{n:03d}" for n in range(120)]

    def level(sku: str, qty: int) -> dict[str, Any]:
        return {"branch_code": "MAIN", "location_code": "SHOP", "sku": sku, "qty_milli": qty}

    with ctx.scope(world.tenant_id) as scope:
        scope.increment(StockLevel, "qty_milli", [level(s, 1000) for s in skus[:60]])
    with ctx.scope(world.tenant_id) as scope:
        scope.increment(StockLevel, "qty_milli", [level(s, -250) for s in skus])
        scope.increment(StockLevel, "qty_milli", [level(skus[0], 5), level(skus[0], 7)])
    with ctx.scope(world.tenant_id) as scope:
        got = {r.sku: r.qty_milli for r in scope.scalars(
            select(StockLevel).where(StockLevel.sku.in_(skus)))}
    assert got == {s: (750 if n < 60 else -250) + (12 if n == 0 else 0)
                   for n, s in enumerate(skus)}
    with ctx.scope(world.tenant_id) as scope:
        scope.upsert_rows(StockLevel, [level(s, n) for n, s in enumerate(skus)], ("qty_milli",))
    with ctx.scope(world.tenant_id) as scope:
        got = {r.sku: r.qty_milli for r in scope.scalars(
            select(StockLevel).where(StockLevel.sku.in_(skus)))}
    assert got == {s: n for n, s in enumerate(skus)}


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_multirow_upserts_keep_defaults_types_and_refuse_what_they_cannot_take(
        ctx: ServerContext, testdata: Path) -> None:
    """PostgreSQL's multi-row upsert text (``db.multirow``): a scalar column default
    fills a value the rows lack, timestamps go through their bind processor (a naive one
    is refused, as SQLAlchemy refuses it), and a statement with parameters outside its
    ``VALUES`` group is left to SQLAlchemy, with nothing sent."""
    from sqlalchemy.dialects import postgresql

    from sync_server.catalogue.models import Product
    from sync_server.db.multirow import execute_multirow
    from sync_server.stock.models import StockLevel

    world = make_world(ctx, testdata)
    levels = cast(Table, StockLevel.__table__)
    at = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)

    def product(sku: str, when: datetime) -> dict[str, Any]:
        return {"sku": sku, "name": f"Item {sku}", "unit": "pc", "tax_code": "A",
                "cost_price": 100, "created_at": when, "updated_at": when}

    with ctx.scope(world.tenant_id) as scope:
        scope.upsert_rows(StockLevel, [{"branch_code": "MAIN", "location_code": "SHOP",
                                        "sku": f"MR-{n}"} for n in range(3)], ("sku",))
        scope.upsert_rows(Product, [product(f"MR-{n}", at) for n in range(3)], ("name",))
        with (pytest.raises((ValueError, StatementError), match="timezone-aware"),
              scope._session.begin_nested()):
            scope.upsert_rows(Product, [product(f"MR-{n}", at.replace(tzinfo=None))
                                        for n in range(3, 5)], ("name",))
        stmt = postgresql.insert(levels).values(qty_milli=levels.c.qty_milli + 1)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(levels.primary_key.columns),
            set_={"qty_milli": levels.c.qty_milli + 7})
        assert not execute_multirow(scope._session.connection(), levels, stmt, [
            {"tenant_id": world.tenant_id, "branch_code": "MAIN", "location_code": "SHOP",
             "sku": "MR-9"}])
    with ctx.scope(world.tenant_id) as scope:
        got = {r.sku: r.qty_milli for r in scope.scalars(
            select(StockLevel).where(StockLevel.sku.like("MR-%")))}
        made = {p.sku: p.created_at for p in scope.scalars(
            select(Product).where(Product.sku.like("MR-%")))}
    assert got == {"MR-0": 0, "MR-1": 0, "MR-2": 0}
    assert made == {f"MR-{n}": at for n in range(3)}
