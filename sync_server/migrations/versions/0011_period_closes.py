"""period closes: every prepare, approve, rejection and reopen of a month with the
checklist as it stood (``period_close_events``), and a director's waivers of a till or
a held envelope with the reason (``period_waivers``), the year-end closes
(``fiscal_year_closes``), late postings moved back to their month (``late_moves``): four
new, empty tables; and ``tenants.fiscal_year_end_month``
(12 for every tenant: the year ends on 31 December).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 15:10:00
"""
from __future__ import annotations

import sqlalchemy as sa

import sync_server.db.types
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('period_close_events',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('by_email', sa.String(length=254), nullable=False),
    sa.Column('by_name', sa.String(length=200), nullable=False),
    sa.Column('at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('checklist', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_period_close_events_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_period_close_events'))
    )
    op.create_index(op.f('ix_period_close_events_tenant_id_period'), 'period_close_events', ['tenant_id', 'period'], unique=False)
    op.create_table('period_waivers',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=80), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('by_email', sa.String(length=254), nullable=False),
    sa.Column('at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_period_waivers_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_period_waivers')),
    sa.UniqueConstraint('tenant_id', 'period', 'kind', 'subject', name=op.f('uq_period_waivers_tenant_id_period_kind_subject'))
    )


    op.create_table('fiscal_year_closes',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('last_period', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('closed_by', sa.String(length=254), nullable=False),
    sa.Column('closed_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_fiscal_year_closes_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'last_period', name=op.f('pk_fiscal_year_closes'))
    )
    op.create_table('late_moves',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('envelope_id', sa.String(length=36), nullable=True),
    sa.Column('landed_period', sa.String(length=7), nullable=False),
    sa.Column('own_period', sa.String(length=7), nullable=False),
    sa.Column('out_journal_id', sa.String(length=36), nullable=False),
    sa.Column('in_journal_id', sa.String(length=36), nullable=False),
    sa.Column('moved_by', sa.String(length=254), nullable=False),
    sa.Column('moved_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_late_moves_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'journal_id', name=op.f('pk_late_moves'))
    )
    with op.batch_alter_table('tenants') as batch:
        batch.add_column(sa.Column('fiscal_year_end_month', sa.Integer(), server_default='12',
                                   nullable=False))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite ≥ 3.35 has it): a batch copy of ``tenants`` would
    # break the foreign keys every tenant table holds to it.
    op.drop_column('tenants', 'fiscal_year_end_month')
    op.drop_table('late_moves')
    op.drop_table('fiscal_year_closes')
    op.drop_table('period_waivers')
    op.drop_table('period_close_events')
