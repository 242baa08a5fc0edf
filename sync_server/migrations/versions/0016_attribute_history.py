"""attribute_history: every tax code, base unit, weighed flag and unit factor head office
published for a product, with its feed version and time, so a push checks a sale's
lines against the attributes in force at the catalogue revision the till priced from
(as ``price_history`` does for prices). Backfilled with each product's current values,
as published at version 0 and in force since 1970 (nothing older is known). Also an
index of ``payments`` by reference, so a push finds a MoMo reference used before.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 14:45:00
"""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

SINCE_EVER = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    history = op.create_table('attribute_history',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('attribute', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('version', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('value', sa.String(length=32), nullable=False),
    sa.Column('effective_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'sku'], ['inv_products.tenant_id', 'inv_products.sku'], name=op.f('fk_attribute_history_tenant_id_sku_inv_products')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_attribute_history_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'sku', 'attribute', 'unit', 'version', name=op.f('pk_attribute_history'))
    )
    op.create_index(op.f('ix_attribute_history_tenant_id_sku'), 'attribute_history', ['tenant_id', 'sku'], unique=False)
    # A push looks up the MoMo references its sales name among the tenant's payments.
    op.create_index(op.f('ix_payments_tenant_id_reference'), 'payments', ['tenant_id', 'reference'], unique=False)
    assert history is not None
    products = sa.table('inv_products', sa.column('tenant_id', sa.BigInteger()),
                        sa.column('sku', sa.String()), sa.column('unit', sa.String()),
                        sa.column('tax_code', sa.String()), sa.column('weighed', sa.Boolean()))
    units = sa.table('inv_units', sa.column('tenant_id', sa.BigInteger()),
                     sa.column('sku', sa.String()), sa.column('unit', sa.String()),
                     sa.column('factor_milli', sa.BigInteger()))
    columns = ['tenant_id', 'sku', 'attribute', 'unit', 'version', 'value', 'effective_at']
    since = sa.literal(SINCE_EVER, sync_server.db.types.UtcDateTime())
    zero = sa.literal(0, sa.BigInteger())
    none = sa.literal('', sa.String())
    for attribute, value in (('tax_code', products.c.tax_code), ('base_unit', products.c.unit),
                             ('weighed', sa.case((products.c.weighed, '1'), else_='0'))):
        op.execute(history.insert().from_select(columns, sa.select(
            products.c.tenant_id, products.c.sku, sa.literal(attribute, sa.String()), none,
            zero, value, since)))
    rows = op.get_bind().execute(sa.select(units.c.tenant_id, units.c.sku, units.c.unit,
                                           units.c.factor_milli)).all()
    if rows:
        # The factor as the history keeps it (12.000): formatted here, the same on every
        # database, rather than by each one's own number-to-text rules.
        op.bulk_insert(history, [
            {'tenant_id': r.tenant_id, 'sku': r.sku, 'attribute': 'unit', 'unit': r.unit,
             'version': 0, 'value': f"{r.factor_milli // 1000}.{r.factor_milli % 1000:03d}",
             'effective_at': SINCE_EVER} for r in rows])


def downgrade() -> None:
    op.drop_index(op.f('ix_payments_tenant_id_reference'), table_name='payments')
    # Dropping the table drops its index (MariaDB refuses to drop the index first, since
    # the foreign key to inv_products needs it).
    op.drop_table('attribute_history')
