"""tenants: the till limits a cashier may not pass alone (issue [8]) — the cart value and
line count above which cancelling needs a manager, the shortage above which closing the
shift needs one, and blind close. All NULL (the till's defaults) on existing tenants.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 12:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        batch.add_column(sa.Column('cancel_limit_pesewas', sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column('cancel_limit_lines', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('shortage_limit_pesewas', sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column('blind_close', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        batch.drop_column('blind_close')
        batch.drop_column('shortage_limit_pesewas')
        batch.drop_column('cancel_limit_lines')
        batch.drop_column('cancel_limit_pesewas')
