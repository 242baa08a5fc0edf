"""inv_products.plu: the 5-digit PLU a shop scale prints in price/weight labels, kept by
head office and sent to the tills in the feed's product entity (unique per tenant).
Weighed products already on the server get the PLU a till's CSV import would give them
(the last five digits of the SKU) when no other product of the tenant has it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _derived(sku: str) -> str | None:
    digits = ''.join(ch for ch in sku if ch.isdigit())
    return digits[-5:].rjust(5, '0') if digits else None


def upgrade() -> None:
    # A plain ADD COLUMN and a unique index: no table rebuild, which SQLite could not do
    # under its foreign keys once other tables refer to the products.
    op.add_column('inv_products', sa.Column('plu', sa.String(length=5), nullable=True))
    op.create_index(op.f('ix_inv_products_tenant_id_plu'), 'inv_products', ['tenant_id', 'plu'],
                    unique=True)
    bind = op.get_bind()
    products = sa.table('inv_products', sa.column('tenant_id', sa.BigInteger()),
                        sa.column('sku', sa.String()), sa.column('plu', sa.String()),
                        sa.column('weighed', sa.Boolean()))
    taken: set[tuple[int, str]] = set()
    updates = []
    rows = bind.execute(sa.select(products.c.tenant_id, products.c.sku)
                        .where(products.c.weighed.is_(True))
                        .order_by(products.c.tenant_id, products.c.sku))
    for tenant_id, sku in rows:
        plu = _derived(sku)
        if plu is not None and (tenant_id, plu) not in taken:
            taken.add((tenant_id, plu))
            updates.append({'t': tenant_id, 's': sku, 'p': plu})
    if updates:
        bind.execute(sa.update(products)
                     .where(products.c.tenant_id == sa.bindparam('t'),
                            products.c.sku == sa.bindparam('s'))
                     .values(plu=sa.bindparam('p')), updates)


def downgrade() -> None:
    op.drop_index(op.f('ix_inv_products_tenant_id_plu'), table_name='inv_products')
    op.drop_column('inv_products', 'plu')
