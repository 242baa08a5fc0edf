"""tax_registrations: each tenant's VAT registration history (from a date on, VAT-registered
or not, under which TIN), so a tenant's status can change after onboarding without
re-taxing its past sales. Every existing tenant gets one entry: its current status,
from the day it was created.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 12:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    registrations = op.create_table(
        'tax_registrations',
        sa.Column('tenant_id', sa.BigInteger(), nullable=False),
        sa.Column('entry', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('effective_from', sa.String(length=10), nullable=False),
        sa.Column('vat_registered', sa.Boolean(), nullable=False),
        sa.Column('tin', sa.String(length=20), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=True),
        sa.Column('recorded_at', sync_server.db.types.UtcDateTime(), nullable=False),
        sa.Column('recorded_by', sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                                name=op.f('fk_tax_registrations_tenant_id_tenants')),
        sa.PrimaryKeyConstraint('tenant_id', 'entry', name=op.f('pk_tax_registrations')),
    )
    tenants = sa.table('tenants', sa.column('id', sa.BigInteger()),
                       sa.column('vat_registered', sa.Boolean()), sa.column('tin', sa.String()),
                       sa.column('created_at', sync_server.db.types.UtcDateTime()))
    bind = op.get_bind()
    rows = [{'tenant_id': t.id, 'entry': 1, 'effective_from': t.created_at.date().isoformat(),
             'vat_registered': bool(t.vat_registered), 'tin': t.tin,
             'note': 'status at upgrade', 'recorded_at': t.created_at, 'recorded_by': 'migration'}
            for t in bind.execute(sa.select(tenants))]
    if rows:
        op.bulk_insert(registrations, rows)


def downgrade() -> None:
    op.drop_table('tax_registrations')
