"""A tenant database's copy of its ``tenants`` row, kept in step with the system's.

Tenant-owned tables have foreign keys to ``tenants``, and some services read the tenant
(name, TIN, VAT registration, till limits) inside the tenant's scope: so a tenant placed
outside the system database has a copy of its ``tenants`` row in its own database. The
system database's row stays the authority for routing, sign-in and status (the API, the
dashboard's session and ``require_tenant`` read it there). Every change of a tenant row
goes through one of the functions below, which write both when they differ:

* ``tenant_side`` — a change made in a system session that also records audit entries or
  feed changes in the tenant's rows (status, till limits, offboarding);
* ``update_tenant_row`` — a change made from inside the tenant's scope (VAT
  registration);
* ``refresh_copy`` — after a change made in the system database alone.

The two databases are not one transaction: the tenant's side commits first, then the
system's; a system commit that fails after it leaves the copy ahead until the next
change or ``refresh_copy``, never the authority wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session

from sync_server.db.scope import TenantScope
from sync_server.directory.services import placement_of
from sync_server.tenants.models import Tenant

if TYPE_CHECKING:
    from sync_server.context import ServerContext


def row_values(tenant: Tenant) -> dict[str, Any]:
    """Every column of a tenant row, by attribute name."""
    return {attr.key: getattr(tenant, attr.key) for attr in inspect(Tenant).column_attrs}


def write_copy(scope: TenantScope, values: dict[str, Any]) -> None:
    """Insert or update the scope's database's copy of the tenant row."""
    copy = scope.execute(select(Tenant).where(Tenant.id == scope.tenant_id)).scalar_one_or_none()
    if copy is None:
        scope.add(Tenant(**values))
    else:
        for key, value in values.items():
            if key != "id":
                setattr(copy, key, value)
    scope.flush()


@contextmanager
def tenant_side(ctx: ServerContext, session: Session, tenant: Tenant) -> Iterator[TenantScope]:
    """The tenant scope that goes with a change of ``tenant`` (a system row, already
    flushed in ``session``): on the system database the same transaction; elsewhere a
    transaction on the tenant's database whose copy of the row is brought in step first,
    committed before the system session's."""
    placement = ctx.directory.placement(tenant.id, fresh=True, session=session)
    if placement.on_system_database:
        yield TenantScope(session, tenant.id)  # type: ignore[arg-type]
        return
    with ctx.directory.scope_on(placement, system=session) as scope:
        write_copy(scope, row_values(tenant))
        yield scope


def update_tenant_row(ctx: ServerContext, scope: TenantScope, **values: Any) -> None:
    """Change columns of the scope's tenant row from inside its scope: the scope's
    database's row, and the system database's when that is another database."""
    scope.execute(update(Tenant).where(Tenant.id == scope.tenant_id).values(**values))
    if placement_of(scope).on_system_database:
        return
    with ctx.system() as session:
        session.execute(update(Tenant).where(Tenant.id == scope.tenant_id).values(**values))


def refresh_copy(ctx: ServerContext, tenant_id: int) -> None:
    """Bring the tenant database's copy in step with the system row (after a change
    made in the system database alone); nothing for a tenant on the system database."""
    placement = ctx.directory.placement(tenant_id, fresh=True)
    if placement.on_system_database:
        return
    with ctx.system() as session:
        tenant = session.get(Tenant, tenant_id)
        values = None if tenant is None else row_values(tenant)
    if values is None:
        return
    with ctx.directory.scope_on(placement) as scope:
        write_copy(scope, values)
