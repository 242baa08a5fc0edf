"""The one tenant-scoped query path: a TenantScope sees, changes and inserts only its own
tenant's rows, whatever the statement forgets to say; a system session cannot touch
tenant rows at all."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import StatementError

from shared.money import Money
from sync_server.context import ServerContext
from sync_server.customers.models import Customer
from sync_server.customers.services import add_customer
from sync_server.db.scope import TenantLeak
from sync_server.ledger.models import Account
from tests.server.conftest import ADMIN, make_world


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
