"""stock from head office (issue [12], scope 4): goods receipts, transfers between
branches with goods in transit and adjustments with approval booked on the dashboard
or the CLI (``inv_office_docs`` and their lines), reorder levels per branch and product,
and the approval limit of adjustments. Four new, empty tables.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 17:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inv_office_docs',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('location_code', sa.String(length=32), nullable=False),
    sa.Column('to_branch', sa.String(length=32), nullable=True),
    sa.Column('to_location', sa.String(length=32), nullable=True),
    sa.Column('supplier', sa.String(length=200), nullable=True),
    sa.Column('document_no', sa.String(length=48), nullable=True),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('entry_date', sa.String(length=10), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=True),
    sa.Column('bill_number', sa.String(length=16), nullable=True),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('decided_by', sa.String(length=254), nullable=True),
    sa.Column('decided_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('receive_id', sa.String(length=36), nullable=True),
    sa.Column('received_date', sa.String(length=10), nullable=True),
    sa.Column('received_by', sa.String(length=254), nullable=True),
    sa.Column('receive_journal_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_inv_office_docs_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_inv_office_docs')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_inv_office_docs_tenant_id_number'))
    )
    op.create_index(op.f('ix_inv_office_docs_tenant_id_kind_status'), 'inv_office_docs', ['tenant_id', 'kind', 'status'], unique=False)
    op.create_table('inv_office_lines',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('document_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('received_milli', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_inv_office_lines_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'document_id', 'line_no', name=op.f('pk_inv_office_lines'))
    )
    op.create_table('inv_reorder_levels',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('level_milli', sa.BigInteger(), nullable=False),
    sa.Column('target_milli', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'branch_code'], ['tenant_branches.tenant_id', 'tenant_branches.code'], name=op.f('fk_inv_reorder_levels_tenant_id_branch_code_tenant_branches')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_inv_reorder_levels_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'branch_code', 'sku', name=op.f('pk_inv_reorder_levels'))
    )
    op.create_table('inv_settings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('adjust_limit', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_inv_settings_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_inv_settings'))
    )


def downgrade() -> None:
    op.drop_table('inv_settings')
    op.drop_table('inv_reorder_levels')
    op.drop_table('inv_office_lines')
    op.drop_table('inv_office_docs')
