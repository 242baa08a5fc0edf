"""Trucks and drivers at head office: deposit slips, how they match the cash drivers
collected, and follow-ups of unpaid van invoices. Three new, empty tables
(docs/drivers.md).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 18:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

import sync_server.db.types

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drv_deposit_slips',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('bank', sa.String(length=60), nullable=False),
    sa.Column('slip_no', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('deposit_date', sa.String(length=10), nullable=False),
    sa.Column('driver_email', sa.String(length=254), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('van_code', sa.String(length=32), nullable=False),
    sa.Column('account_code', sa.String(length=16), nullable=False),
    sa.Column('scan_name', sa.String(length=120), nullable=True),
    sa.Column('scan_type', sa.String(length=40), nullable=True),
    sa.Column('scan', sa.LargeBinary().with_variant(mysql.MEDIUMBLOB(), 'mysql', 'mariadb'),
              nullable=True),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_drv_deposit_slips_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_drv_deposit_slips')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_drv_deposit_slips_tenant_id_number')),
    sa.UniqueConstraint('tenant_id', 'bank', 'slip_no',
                        name=op.f('uq_drv_deposit_slips_tenant_id_bank_slip_no'))
    )
    op.create_table('drv_deposit_matches',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('slip_id', sa.String(length=36), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('van_code', sa.String(length=32), nullable=False),
    sa.Column('driver_email', sa.String(length=254), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_drv_deposit_matches_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'slip_id', 'branch_code', 'van_code', 'driver_email',
                            'business_date', name=op.f('pk_drv_deposit_matches'))
    )
    op.create_index(op.f('ix_drv_deposit_matches_tenant_id_driver_email_business_date'),
                    'drv_deposit_matches', ['tenant_id', 'driver_email', 'business_date'],
                    unique=False)
    op.create_table('drv_followups',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('sale_id', sa.String(length=36), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('follow_up_on', sa.String(length=10), nullable=True),
    sa.Column('updated_by', sa.String(length=254), nullable=False),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_drv_followups_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'sale_id', name=op.f('pk_drv_followups'))
    )
    op.create_index(op.f('ix_drv_followups_tenant_id_follow_up_on'), 'drv_followups',
                    ['tenant_id', 'follow_up_on'], unique=False)


def downgrade() -> None:
    op.drop_table('drv_followups')
    op.drop_table('drv_deposit_matches')
    op.drop_table('drv_deposit_slips')
