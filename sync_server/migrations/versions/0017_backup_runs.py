"""backup runs: every server backup, verification, restore and drill with its outcome
(``bisama-sync backup …``). One new, empty table.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 15:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('backup_runs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=True),
    sa.Column('file', sa.String(length=255), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('started_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('finished_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_backup_runs'))
    )
    op.create_index(op.f('ix_backup_runs_kind_started_at'), 'backup_runs', ['kind', 'started_at'], unique=False)


def downgrade() -> None:
    op.drop_table('backup_runs')
