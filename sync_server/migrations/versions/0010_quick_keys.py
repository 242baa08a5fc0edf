"""quick keys: the pages (categories) and keys of the till's quick-key grid, for goods
without a barcode (bread, kenkey, sachet water), set at head office
(``bisama-sync quick-keys set``) and sent to the tills in the feed. Two new, empty tables.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 13:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quick_key_categories',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_quick_key_categories_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'code', name=op.f('pk_quick_key_categories'))
    )
    op.create_table('quick_key_items',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'category'], ['quick_key_categories.tenant_id', 'quick_key_categories.code'], name=op.f('fk_quick_key_items_tenant_id_category_quick_key_categories')),
    sa.ForeignKeyConstraint(['tenant_id', 'sku'], ['inv_products.tenant_id', 'inv_products.sku'], name=op.f('fk_quick_key_items_tenant_id_sku_inv_products')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_quick_key_items_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'category', 'position', name=op.f('pk_quick_key_items'))
    )


def downgrade() -> None:
    op.drop_table('quick_key_items')
    op.drop_table('quick_key_categories')
