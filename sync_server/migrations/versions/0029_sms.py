"""SMS messaging: the tenant's SMS setting, the queue of messages with their delivery
reports, the numbers that opted out and the staff's mobile numbers. Four new, empty
tables (docs/messaging.md).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 18:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sms_settings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('window_start', sa.String(length=5), nullable=False),
    sa.Column('window_end', sa.String(length=5), nullable=False),
    sa.Column('paused_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('paused_reason', sa.String(length=300), nullable=True),
    sa.Column('resumed_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_sms_settings_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_sms_settings'))
    )
    op.create_table('sms_messages',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=True),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('recipient_name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=480), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('gateway_id', sa.String(length=64), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('sent_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('reported_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.CheckConstraint("audience IN ('customer', 'staff', 'number')",
                       name=op.f('ck_sms_messages_audience')),
    sa.CheckConstraint("purpose IN ('bulk', 'single', 'receipt')",
                       name=op.f('ck_sms_messages_purpose')),
    sa.CheckConstraint("status IN ('queued', 'sent', 'delivered', 'failed', 'opted_out')",
                       name=op.f('ck_sms_messages_status')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_sms_messages_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_sms_messages'))
    )
    op.create_index(op.f('ix_sms_messages_tenant_id_batch_id'), 'sms_messages',
                    ['tenant_id', 'batch_id'], unique=False)
    op.create_index(op.f('ix_sms_messages_tenant_id_sent_at'), 'sms_messages',
                    ['tenant_id', 'sent_at'], unique=False)
    op.create_index(op.f('ix_sms_messages_tenant_id_status_next_attempt_at'), 'sms_messages',
                    ['tenant_id', 'status', 'next_attempt_at'], unique=False)
    op.create_table('sms_optouts',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('by', sa.String(length=254), nullable=False),
    sa.CheckConstraint("source IN ('dashboard', 'cli', 'stop')",
                       name=op.f('ck_sms_optouts_source')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_sms_optouts_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'phone', name=op.f('pk_sms_optouts'))
    )
    op.create_table('sms_staff_phones',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=False),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_sms_staff_phones_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'user_id', name=op.f('pk_sms_staff_phones'))
    )


def downgrade() -> None:
    op.drop_table('sms_staff_phones')
    op.drop_table('sms_optouts')
    op.drop_table('sms_messages')
    op.drop_table('sms_settings')
