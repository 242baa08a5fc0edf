"""users: the group accountant role (``accountant``: all branches, prepares closes and
journals, never approves them); users and system_users: two-factor sign-in (TOTP) —
the confirmed secret, the one offered while enrolling, the last time step used, the
hashes of the unused recovery codes and when the person enrolled. NULL on existing rows
(not enrolled).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 17:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('director', 'manager', 'user')"
NEW_ROLES = "role IN ('director', 'accountant', 'manager', 'user')"


def _columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column('totp_secret', sa.String(length=64), nullable=True),
            sa.Column('totp_pending', sa.String(length=64), nullable=True),
            sa.Column('totp_last_step', sa.BigInteger(), nullable=True),
            sa.Column('totp_recovery', sa.String(length=1000), nullable=True),
            sa.Column('totp_enrolled_at', sync_server.db.types.UtcDateTime(), nullable=True)]


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role'), sa.text(NEW_ROLES))
        for column in _columns():
            batch.add_column(column)
    for column in _columns():
        op.add_column('system_users', column)


def downgrade() -> None:
    # The old rule has no accountants: they are kept as managers, switched off (a
    # director decides their branch and switches them on again).
    op.execute("UPDATE users SET role = 'manager', status = 'inactive' "
               "WHERE role = 'accountant'")
    for column in reversed(_columns()):
        op.drop_column('system_users', column.name)
        op.drop_column('users', column.name)
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role'), sa.text(OLD_ROLES))
