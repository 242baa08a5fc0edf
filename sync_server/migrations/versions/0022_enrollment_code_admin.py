"""enrollment_codes: what the dashboard's Terminals page needs to list and cancel codes
(issue [12] scope 7). ``hint`` keeps the code's last four characters (never the whole
code: only its hash is kept) so a listed code can be told apart; ``request_key`` is the
idempotency key of the form that issued it (a reload does not issue another code);
``cancelled_at``/``cancelled_by`` record a cancellation (a cancelled code enrolls no
till). NULL on codes issued before.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 17:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync_server.db.types import UtcDateTime

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('enrollment_codes') as batch:
        batch.add_column(sa.Column('hint', sa.String(length=4), nullable=True))
        batch.add_column(sa.Column('request_key', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('cancelled_at', UtcDateTime(), nullable=True))
        batch.add_column(sa.Column('cancelled_by', sa.String(length=254), nullable=True))


def downgrade() -> None:
    op.drop_column('enrollment_codes', 'cancelled_by')
    op.drop_column('enrollment_codes', 'cancelled_at')
    op.drop_column('enrollment_codes', 'request_key')
    op.drop_column('enrollment_codes', 'hint')
