"""costing: stock at moving average cost (issue [9]). Four new, empty tables:
``cost_settings`` (per-tenant or per-branch valuation), ``cost_averages`` (quantity and
value per valuation scope and SKU) and ``cost_moves`` (every value that moved in or out
of Inventory, dated like its journal) and ``opening_customer_balances`` (what customers
owed at go-live, invoice by invoice). Stock merged before this revision has no
average yet: its first receipt or opening stock starts one (docs/costing.md).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 14:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cost_settings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('valuation', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_cost_settings_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_cost_settings'))
    )
    op.create_table('cost_averages',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('valuation', sa.String(length=32), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('last_qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('last_value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_cost_averages_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'valuation', 'sku', name=op.f('pk_cost_averages'))
    )
    op.create_table('cost_moves',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('valuation', sa.String(length=32), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('entry_date', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'source', 'line_no', name=op.f('pk_cost_moves'))
    )
    op.create_table('opening_customer_balances',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('import_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('customer_id', sa.String(length=36), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('invoice_ref', sa.String(length=48), nullable=True),
    sa.Column('due_date', sa.String(length=10), nullable=True),
    sa.Column('entry_date', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_opening_customer_balances_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'import_id', 'line_no',
                            name=op.f('pk_opening_customer_balances'))
    )
    op.create_index(op.f('ix_cost_moves_tenant_id_entry_date'), 'cost_moves', ['tenant_id', 'entry_date'], unique=False)
    op.create_index(op.f('ix_cost_moves_tenant_id_valuation_sku'), 'cost_moves', ['tenant_id', 'valuation', 'sku'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_cost_moves_tenant_id_valuation_sku'), table_name='cost_moves')
    op.drop_table('opening_customer_balances')
    op.drop_table('cost_moves')
    op.drop_table('cost_averages')
    op.drop_table('cost_settings')
