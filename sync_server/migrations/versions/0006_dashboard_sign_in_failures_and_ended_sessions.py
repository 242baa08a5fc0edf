"""dashboard sign-in failures of unknown e-mail addresses (counted and locked like an
account's, so the sign-in page does not tell who has one) and dashboard sessions ended
by signing out (their cookies are refused)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 12:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dashboard_sign_in_failures',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_dashboard_sign_in_failures'))
    )
    op.create_table('dashboard_ended_sessions',
    sa.Column('session_id', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_dashboard_ended_sessions'))
    )
    op.create_index('ix_dashboard_ended_sessions_expires_at', 'dashboard_ended_sessions',
                    ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_dashboard_ended_sessions_expires_at', table_name='dashboard_ended_sessions')
    op.drop_table('dashboard_ended_sessions')
    op.drop_table('dashboard_sign_in_failures')
