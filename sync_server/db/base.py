"""Declarative base for every table of the central database.

Two kinds of table exist. *System* tables (``tenants``, ``system_users``) belong to no
tenant. Every other table is *tenant-owned*: it derives from ``TenantOwned``, whose
``tenant_id`` column comes first in the table and therefore first in its primary key,
and every unique constraint a model declares starts with ``tenant_id`` too (a test checks
both). That is what lets the rows of one tenant be sharded together later (Citus
distributes by the leading key) and what ``TenantScope`` relies on to keep tenants apart.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names, so migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class TenantOwned:
    """Mixin for every tenant-owned table: ``tenant_id`` leads the primary key.

    ``tenant_id`` references ``tenants`` by foreign key, except where a table sets
    ``__tenant_fk__ = False``:

    - the audit trail, which also holds system-wide rows under tenant id 0;
    - the append-only event tables a push writes for every transaction it merges
      (``sync_envelopes``, ``sales``, ``sale_items``, ``payments``, ``returns``,
      ``return_items``, ``cash_moves``, ``inv_movements``, ``acc_journals``,
      ``acc_postings``, ``sync_feed``), and ``sync_push_inflight``, written and deleted
      for every push (``sync.order``). Their rows are only ever written through a
      ``TenantScope``, which stamps the scope's tenant and refuses any other, and a tenant
      row is never deleted (a tenant is deactivated), so the key could never fail; but
      checking it costs PostgreSQL a lookup and a row lock on the tenant for every row —
      about twice the cost of inserting the row (docs/benchmarks.md, fourth round)."""

    __tenant_fk__ = True

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        if cls.__tenant_fk__:
            return mapped_column(BigInteger, ForeignKey("tenants.id"), primary_key=True,
                                 sort_order=-100)
        return mapped_column(BigInteger, primary_key=True, sort_order=-100)
