"""Offboarding (issue [11]): ``tenants.read_only_until`` (the grace end: a suspended
tenant's directors may read their dashboard until then); ``tenant_deletions``, what each
``tenant delete`` purged (a system table, no tenant foreign key); and the audit trail's
append-only triggers let a tenant's entries be deleted only inside that tenant's
recorded deletion (a ``tenant_deletions`` row whose ``finished_at`` is still NULL, which
exists only within the deletion's own transaction). Everything else is refused as before.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 17:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

_MESSAGE = "activity_logs is append-only: audit entries are never changed or deleted"
_PURGING = ("SELECT 1 FROM tenant_deletions WHERE former_tenant_id = OLD.tenant_id "
            "AND finished_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        batch.add_column(sa.Column('read_only_until', sync_server.db.types.UtcDateTime(),
                                   nullable=True))
    op.create_table('tenant_deletions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('former_tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('offboarded_until', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('early', sa.Boolean(), nullable=False),
    sa.Column('started_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('finished_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('archive_file', sa.String(length=1000), nullable=False),
    sa.Column('archive_sha256', sa.String(length=64), nullable=False),
    sa.Column('archive_bytes', sa.BigInteger(), nullable=False),
    sa.Column('keep_until', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('rows_deleted', sa.BigInteger(), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant_deletions'))
    )
    op.create_index(op.f('ix_tenant_deletions_former_tenant_id'), 'tenant_deletions',
                    ['former_tenant_id'], unique=False)
    _triggers(purge=True)


def downgrade() -> None:
    _triggers(purge=False)
    op.drop_table('tenant_deletions')
    op.drop_column('tenants', 'read_only_until')


def _triggers(*, purge: bool) -> None:
    """The append-only triggers of 0001, with (``purge``) or without the one exception."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        allow = (f"IF TG_OP = 'DELETE' AND EXISTS ({_PURGING}) THEN RETURN OLD; END IF; "
                 if purge else "")
        op.execute("CREATE OR REPLACE FUNCTION activity_logs_append_only() RETURNS trigger AS $$ "
                   f"BEGIN {allow}RAISE EXCEPTION '{_MESSAGE}'; END $$ LANGUAGE plpgsql")
        return
    op.execute("DROP TRIGGER IF EXISTS activity_logs_no_delete")
    if dialect in ("mysql", "mariadb"):
        body = (f"IF NOT EXISTS ({_PURGING}) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = "
                f"'{_MESSAGE}'; END IF" if purge else
                f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{_MESSAGE}'")
        op.execute("CREATE TRIGGER activity_logs_no_delete BEFORE DELETE ON activity_logs "
                   f"FOR EACH ROW {body}")
    else:
        when = f" WHEN NOT EXISTS ({_PURGING})" if purge else ""
        op.execute("CREATE TRIGGER activity_logs_no_delete BEFORE DELETE ON activity_logs"
                   f"{when} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END")
