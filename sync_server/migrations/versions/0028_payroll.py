"""payroll and attendance: employees, monthly runs with their payslips, payments of the
payroll's liabilities, the tenant's payroll settings, and clock-in uploads with their
records, and rate sets a director records from a date (issue [14] scopes 1-2;
docs/payroll.md). Eight new, empty tables.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 18:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync_server.db.types import UtcDateTime

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pay_employees',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=60), nullable=False),
    sa.Column('ssnit_number', sa.String(length=20), nullable=True),
    sa.Column('tin', sa.String(length=20), nullable=True),
    sa.Column('pay_method', sa.String(length=8), nullable=False),
    sa.Column('pay_account', sa.String(length=80), nullable=False),
    sa.Column('basic', sa.BigInteger(), nullable=False),
    sa.Column('allowances', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pay_employees')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pay_employees_tenant_id_tenants')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_pay_employees_tenant_id_number')),
    )
    op.create_table('pay_runs',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rates_effective', sa.String(length=10), nullable=False),
    sa.Column('with_attendance', sa.Boolean(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('ssnit_employee', sa.BigInteger(), nullable=False),
    sa.Column('paye', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('ssnit_employer', sa.BigInteger(), nullable=False),
    sa.Column('employer_cost', sa.BigInteger(), nullable=False),
    sa.Column('prepared_by', sa.String(length=254), nullable=False),
    sa.Column('prepared_at', UtcDateTime(), nullable=False),
    sa.Column('approved_by', sa.String(length=254), nullable=True),
    sa.Column('approved_at', UtcDateTime(), nullable=True),
    sa.Column('rejected_by', sa.String(length=254), nullable=True),
    sa.Column('reject_reason', sa.String(length=300), nullable=True),
    sa.Column('journal_id', sa.String(length=36), nullable=True),
    sa.Column('posted_at', UtcDateTime(), nullable=True),
    sa.UniqueConstraint('tenant_id', 'month', name=op.f('uq_pay_runs_tenant_id_month')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pay_runs_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pay_runs')),
    )
    op.create_table('pay_slips',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('run_id', sa.String(length=36), nullable=False),
    sa.Column('employee_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=60), nullable=False),
    sa.Column('ssnit_number', sa.String(length=20), nullable=True),
    sa.Column('tin', sa.String(length=20), nullable=True),
    sa.Column('pay_method', sa.String(length=8), nullable=False),
    sa.Column('pay_account', sa.String(length=80), nullable=False),
    sa.Column('basic', sa.BigInteger(), nullable=False),
    sa.Column('allowances', sa.BigInteger(), nullable=False),
    sa.Column('overtime', sa.BigInteger(), nullable=False),
    sa.Column('absence', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('ssnit_employee', sa.BigInteger(), nullable=False),
    sa.Column('taxable', sa.BigInteger(), nullable=False),
    sa.Column('paye', sa.BigInteger(), nullable=False),
    sa.Column('overtime_tax', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('ssnit_employer', sa.BigInteger(), nullable=False),
    sa.Column('tier1', sa.BigInteger(), nullable=False),
    sa.Column('tier2', sa.BigInteger(), nullable=False),
    sa.Column('employer_cost', sa.BigInteger(), nullable=False),
    sa.Column('days_absent', sa.Integer(), nullable=False),
    sa.Column('overtime_minutes', sa.Integer(), nullable=False),
    sa.Column('notes', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pay_slips_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'run_id', 'employee_id', name=op.f('pk_pay_slips')),
    )
    op.create_table('pay_payments',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('run_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('pay_date', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid_from', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=300), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pay_payments')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pay_payments_tenant_id_tenants')),
    sa.UniqueConstraint('tenant_id', 'run_id', 'kind', name=op.f('uq_pay_payments_tenant_id_run_id_kind')),
    )
    op.create_table('pay_settings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('attendance_feeds_run', sa.Boolean(), nullable=False),
    sa.Column('hours_per_day', sa.Integer(), nullable=False),
    sa.Column('overtime_multiplier_pct', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pay_settings_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pay_settings')),
    )
    op.create_table('att_uploads',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by', sa.String(length=300), nullable=False),
    sa.Column('uploaded_at', UtcDateTime(), nullable=False),
    sa.Column('accepted', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('rejections', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_att_uploads')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_att_uploads_tenant_id_tenants')),
    )
    op.create_table('att_records',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('upload_id', sa.String(length=36), nullable=False),
    sa.Column('employee_id', sa.String(length=36), nullable=False),
    sa.Column('work_date', sa.String(length=10), nullable=False),
    sa.Column('clock_in', sa.String(length=5), nullable=False),
    sa.Column('clock_out', sa.String(length=5), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('flag', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_att_records')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_att_records_tenant_id_tenants')),
    sa.UniqueConstraint('tenant_id', 'employee_id', 'work_date', 'clock_in',
                        name=op.f('uq_att_records_tenant_id_employee_id_work_date_clock_in')),
    )

    op.create_table('pay_rate_sets',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('effective', sa.String(length=10), nullable=False),
    sa.Column('bands', sa.Text(), nullable=False),
    sa.Column('employee_ssnit_bp', sa.Integer(), nullable=False),
    sa.Column('employer_ssnit_bp', sa.Integer(), nullable=False),
    sa.Column('tier2_bp', sa.Integer(), nullable=False),
    sa.Column('max_insurable', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pay_rate_sets_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'effective', name=op.f('pk_pay_rate_sets')),
    )


def downgrade() -> None:
    op.drop_table('pay_rate_sets')
    op.drop_table('att_records')
    op.drop_table('att_uploads')
    op.drop_table('pay_settings')
    op.drop_table('pay_payments')
    op.drop_table('pay_slips')
    op.drop_table('pay_runs')
    op.drop_table('pay_employees')
