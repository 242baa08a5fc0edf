"""GRA E-VAT: the tenant's E-VAT setting, the outbox of sales and refunds to submit, and
GRA's answers (clearances). Three new, empty tables (docs/evat.md).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 17:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evat_settings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('company_tin', sa.String(length=20), nullable=False),
    sa.Column('security_key', sa.String(length=200), nullable=False),
    sa.Column('endpoint_url', sa.String(length=300), nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=True),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_evat_settings_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_evat_settings'))
    )
    op.create_table('evat_outbox',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('envelope_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('terminal_id', sa.String(length=36), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('invoice_number', sa.String(length=48), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('claim_token', sa.String(length=36), nullable=True),
    sa.Column('claimed_until', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('cleared_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('sale', 'refund')", name=op.f('ck_evat_outbox_kind')),
    sa.CheckConstraint("status IN ('pending', 'cleared', 'failed')",
                       name=op.f('ck_evat_outbox_status')),
    sa.PrimaryKeyConstraint('tenant_id', 'envelope_id', name=op.f('pk_evat_outbox'))
    )
    op.create_index(op.f('ix_evat_outbox_tenant_id_business_date'), 'evat_outbox',
                    ['tenant_id', 'business_date'], unique=False)
    op.create_index(op.f('ix_evat_outbox_tenant_id_status_next_attempt_at'), 'evat_outbox',
                    ['tenant_id', 'status', 'next_attempt_at'], unique=False)
    op.create_table('evat_clearances',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('envelope_id', sa.String(length=36), nullable=False),
    sa.Column('invoice_number', sa.String(length=48), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('sdc_id', sa.String(length=64), nullable=False),
    sa.Column('receipt_number', sa.String(length=64), nullable=False),
    sa.Column('sdc_time', sa.String(length=40), nullable=False),
    sa.Column('mrc', sa.String(length=64), nullable=False),
    sa.Column('mrc_time', sa.String(length=40), nullable=False),
    sa.Column('internal_data', sa.String(length=200), nullable=False),
    sa.Column('signature', sa.String(length=200), nullable=False),
    sa.Column('qr_code', sa.String(length=1000), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('cleared_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'envelope_id', name=op.f('pk_evat_clearances'))
    )


def downgrade() -> None:
    op.drop_table('evat_clearances')
    op.drop_table('evat_outbox')
    op.drop_table('evat_settings')
