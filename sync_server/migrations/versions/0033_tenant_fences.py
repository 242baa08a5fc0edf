"""Tenant fences: one row per tenant that moved away from this database, read by every
tenant transaction under the fence lock (issue [15] scope 2; directory/fence.py).

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 21:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tenant_fences',
    sa.Column('tenant_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('moved_to', sa.String(length=300), nullable=False),
    sa.Column('epoch', sa.BigInteger(), nullable=False),
    sa.Column('at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_tenant_fences'))
    )


def downgrade() -> None:
    op.drop_table('tenant_fences')
