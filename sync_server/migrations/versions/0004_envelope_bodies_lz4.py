"""PostgreSQL: sync_envelopes.body compressed with lz4 instead of pglz (half the cost
of storing an envelope; the same size on disk). Only rows written from now on; a server
built without lz4 keeps pglz. Nothing changes on MariaDB or SQLite.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 02:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _lz4_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return False
    methods = bind.execute(sa.text(
        "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")).scalar()
    return bool(methods) and 'lz4' in methods


def upgrade() -> None:
    if _lz4_available():
        op.execute('ALTER TABLE sync_envelopes ALTER COLUMN body SET COMPRESSION lz4')


def downgrade() -> None:
    if _lz4_available():
        op.execute('ALTER TABLE sync_envelopes ALTER COLUMN body SET COMPRESSION pglz')
