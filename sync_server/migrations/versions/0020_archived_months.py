"""archived months: the tenant-months whose envelope bodies were moved to an archive
file (``bisama-sync archive …``). One new, empty table.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 17:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('archived_months',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('file', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('envelopes', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('archived_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('restored_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_archived_months_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'month', name=op.f('pk_archived_months'))
    )


def downgrade() -> None:
    op.drop_table('archived_months')
