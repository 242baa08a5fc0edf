"""The one tenant-scoped query path: a TenantScope sees, changes and inserts only its own
tenant's rows, whatever the statement forgets to say; a system session cannot touch
tenant rows at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

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
