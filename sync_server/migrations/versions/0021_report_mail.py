"""reports that arrive (issue [11], scope 7): who a tenant names for its daily and
weekly sales reports (``report_recipients``), each report written to the data folder
(``sales_report_files``) and each e-mail of it (``sales_report_mails``), so a report
is written once and sent once to each person. Three new, empty tables.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 17:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_recipients',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('daily', sa.Boolean(), nullable=False),
    sa.Column('weekly', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_report_recipients_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'email', name=op.f('pk_report_recipients'))
    )
    op.create_table('sales_report_files',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('period_start', sa.String(length=10), nullable=False),
    sa.Column('period_end', sa.String(length=10), nullable=False),
    sa.Column('pdf_path', sa.String(length=500), nullable=False),
    sa.Column('xlsx_path', sa.String(length=500), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('xlsx_sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('written_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_report_files_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'kind', 'period_start', name=op.f('pk_sales_report_files'))
    )
    op.create_table('sales_report_mails',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('period_start', sa.String(length=10), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('sent_at', sync_server.db.types.UtcDateTime(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('updated_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_report_mails_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'kind', 'period_start', 'email', name=op.f('pk_sales_report_mails'))
    )


def downgrade() -> None:
    op.drop_table('sales_report_mails')
    op.drop_table('sales_report_files')
    op.drop_table('report_recipients')
