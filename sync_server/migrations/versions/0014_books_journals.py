"""books journals: journals by hand (draft → approve → post, reversals) and recurring
journal templates (issue [9]). Three new, empty tables.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 14:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync_server.db.types import UtcDateTime

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('acc_manual_journals',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('entry_date', sa.String(length=10), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('memo', sa.String(length=300), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('drafted_by', sa.String(length=254), nullable=False),
    sa.Column('drafted_at', UtcDateTime(), nullable=False),
    sa.Column('approved_by', sa.String(length=254), nullable=True),
    sa.Column('approved_at', UtcDateTime(), nullable=True),
    sa.Column('rejected_by', sa.String(length=254), nullable=True),
    sa.Column('rejected_at', UtcDateTime(), nullable=True),
    sa.Column('reject_reason', sa.String(length=300), nullable=True),
    sa.Column('journal_id', sa.String(length=36), nullable=True),
    sa.Column('reverses_journal_id', sa.String(length=36), nullable=True),
    sa.Column('reversal_key', sa.String(length=36), nullable=True),
    sa.Column('auto_reverse_on', sa.String(length=10), nullable=True),
    sa.Column('recurring_id', sa.String(length=36), nullable=True),
    sa.Column('recurring_key', sa.String(length=48), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_acc_manual_journals_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_acc_manual_journals')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_acc_manual_journals_tenant_id_number')),
    sa.UniqueConstraint('tenant_id', 'recurring_key', name=op.f('uq_acc_manual_journals_tenant_id_recurring_key')),
    sa.UniqueConstraint('tenant_id', 'reversal_key', name=op.f('uq_acc_manual_journals_tenant_id_reversal_key'))
    )
    op.create_table('acc_manual_journal_lines',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('account_code', sa.String(length=16), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('debit', sa.BigInteger(), nullable=False),
    sa.Column('credit', sa.BigInteger(), nullable=False),
    sa.Column('memo', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_acc_manual_journal_lines_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'journal_id', 'line_no', name=op.f('pk_acc_manual_journal_lines'))
    )
    op.create_table('acc_recurring_journals',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('memo', sa.String(length=300), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('day_of_month', sa.Integer(), nullable=False),
    sa.Column('first_date', sa.String(length=10), nullable=False),
    sa.Column('last_date', sa.String(length=10), nullable=True),
    sa.Column('lines', sa.Text(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('drafted_by', sa.String(length=254), nullable=False),
    sa.Column('drafted_at', UtcDateTime(), nullable=False),
    sa.Column('approved_by', sa.String(length=254), nullable=True),
    sa.Column('approved_at', UtcDateTime(), nullable=True),
    sa.Column('rejected_by', sa.String(length=254), nullable=True),
    sa.Column('reject_reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_acc_recurring_journals_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_acc_recurring_journals')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_acc_recurring_journals_tenant_id_number'))
    )


def downgrade() -> None:
    op.drop_table('acc_recurring_journals')
    op.drop_table('acc_manual_journal_lines')
    op.drop_table('acc_manual_journals')
