"""The tenant directory (issue [15] scope 1): ``db_servers`` and ``tenant_placements``,
two new, empty system tables. No row = every tenant on the system database, as before.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06 20:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('db_servers',
    sa.Column('name', sa.String(length=63), nullable=False),
    sa.Column('engine', sa.String(length=16), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('accepts_new_tenants', sa.Boolean(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.CheckConstraint("engine IN ('sqlite', 'postgresql', 'mysql')",
                       name=op.f('ck_db_servers_engine')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_db_servers'))
    )
    op.create_table('tenant_placements',
    sa.Column('tenant_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('server', sa.String(length=63), nullable=False),
    sa.Column('database', sa.String(length=128), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('epoch', sa.BigInteger(), nullable=False),
    sa.Column('moving_to_server', sa.String(length=63), nullable=True),
    sa.Column('moving_to_database', sa.String(length=128), nullable=True),
    sa.Column('move_phase', sa.String(length=32), nullable=True),
    sa.Column('move_started_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.CheckConstraint("state IN ('active', 'moving', 'frozen', 'retired')",
                       name=op.f('ck_tenant_placements_state')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_tenant_placements_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_tenant_placements'))
    )


def downgrade() -> None:
    op.drop_table('tenant_placements')
    op.drop_table('db_servers')
