"""receivables: customers' payment terms, payments on account allocated by hand, and
credit notes (issue [9], scope 7). Three new, empty tables.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 14:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ar_terms',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.String(length=36), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_ar_terms_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'customer_id', name=op.f('pk_ar_terms'))
    )
    op.create_table('ar_allocations',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('payment_id', sa.String(length=36), nullable=False),
    sa.Column('sale_id', sa.String(length=36), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('made_by', sa.String(length=254), nullable=False),
    sa.Column('made_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_ar_allocations_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'payment_id', 'sale_id', name=op.f('pk_ar_allocations'))
    )
    op.create_table('ar_credit_notes',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('customer_id', sa.String(length=36), nullable=False),
    sa.Column('sale_id', sa.String(length=36), nullable=False),
    sa.Column('entry_date', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('nhil', sa.BigInteger(), nullable=False),
    sa.Column('getfund', sa.BigInteger(), nullable=False),
    sa.Column('covid', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_ar_credit_notes_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_ar_credit_notes')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_ar_credit_notes_tenant_id_number'))
    )


def downgrade() -> None:
    op.drop_table('ar_credit_notes')
    op.drop_table('ar_allocations')
    op.drop_table('ar_terms')
