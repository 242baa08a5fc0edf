"""Witnessed heads: the highest chain head each till signed and presented in a heartbeat
or push (issue [13] scope 2; docs/sync-protocol.md §8.2). One new, empty table.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06 18:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_witnessed_heads',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('terminal_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('witnessed_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('unmet_seq', sa.BigInteger(), nullable=True),
    sa.Column('unmet_since', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('missing_alerted_seq', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_sync_witnessed_heads_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'terminal_id', name=op.f('pk_sync_witnessed_heads'))
    )


def downgrade() -> None:
    op.drop_table('sync_witnessed_heads')
