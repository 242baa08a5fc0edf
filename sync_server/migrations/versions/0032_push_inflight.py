"""Pushes in flight: the database-side order of a till's batches across several `serve`
replicas on one database (issue [15] scope 3; sync/order.py). One new, empty table.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06 20:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_push_inflight',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=36), nullable=False),
    sa.Column('first_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('replica', sa.String(length=100), nullable=False),
    sa.Column('started_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_sync_push_inflight'))
    )
    op.create_index(op.f('ix_sync_push_inflight_tenant_id_terminal_id'), 'sync_push_inflight',
                    ['tenant_id', 'terminal_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sync_push_inflight_tenant_id_terminal_id'),
                  table_name='sync_push_inflight')
    op.drop_table('sync_push_inflight')
