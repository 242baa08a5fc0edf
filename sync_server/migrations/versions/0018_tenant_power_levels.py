"""tenants: the battery levels of the tills (issue [11], power): at ``power_low_percent``
a till on battery takes a backup and warns, at ``power_critical_percent`` it refuses new
carts and closes itself once the sale in progress is done. NULL (the till's defaults,
25 % and 10 %) on existing tenants.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 15:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        batch.add_column(sa.Column('power_low_percent', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('power_critical_percent', sa.Integer(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite ≥ 3.35 has it): a batch copy of ``tenants`` would
    # break the foreign keys every tenant table holds to it.
    op.drop_column('tenants', 'power_critical_percent')
    op.drop_column('tenants', 'power_low_percent')
