"""price_history: every price a till may have been given, with the feed version it was
published at and when it took effect, so a push can check a sale's prices against the
catalogue revision the till priced from. Backfilled with each current price, as
published at version 0 and in force since 1970 (nothing older is known).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:00:00
"""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

SINCE_EVER = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    history = op.create_table('price_history',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('price_list', sa.String(length=64), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('version', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('effective_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'price_list'], ['price_lists.tenant_id', 'price_lists.code'], name=op.f('fk_price_history_tenant_id_price_list_price_lists')),
    sa.ForeignKeyConstraint(['tenant_id', 'sku'], ['inv_products.tenant_id', 'inv_products.sku'], name=op.f('fk_price_history_tenant_id_sku_inv_products')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_price_history_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'price_list', 'sku', 'unit', 'version', name=op.f('pk_price_history'))
    )
    op.create_index(op.f('ix_price_history_tenant_id_sku'), 'price_history', ['tenant_id', 'sku'], unique=False)
    prices = sa.table('prices', sa.column('tenant_id', sa.BigInteger()),
                      sa.column('price_list', sa.String()), sa.column('sku', sa.String()),
                      sa.column('unit', sa.String()), sa.column('price', sa.BigInteger()))
    assert history is not None
    op.execute(history.insert().from_select(
        ['tenant_id', 'price_list', 'sku', 'unit', 'version', 'price', 'effective_at'],
        sa.select(prices.c.tenant_id, prices.c.price_list, prices.c.sku, prices.c.unit,
                  sa.literal(0, sa.BigInteger()), prices.c.price,
                  sa.literal(SINCE_EVER, sync_server.db.types.UtcDateTime()))))


def downgrade() -> None:
    # Dropping the table drops its index: MariaDB refuses to drop the index first, since
    # the foreign key to inv_products needs it.
    op.drop_table('price_history')
