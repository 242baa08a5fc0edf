"""sales, shifts: indexes for head office's list of sales and of shifts (issue [12]).

The list of sales is read newest first a page at a time (keyset on business date, the
till's time and id), filtered by branch, till or cashier over a range of days; shifts
are listed by the day they opened, and a shift's Z report reads its sales, refunds and
cash moves by shift. Without these a filtered page of a million-line
database reads every sale of the range (docs/benchmarks.md, "Sales list").

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 17:30:00
"""
from __future__ import annotations

from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

INDEXES = (
    ('sales', ('tenant_id', 'business_date', 'terminal_time', 'id')),
    ('sales', ('tenant_id', 'branch_code', 'business_date')),
    ('sales', ('tenant_id', 'terminal_id', 'business_date')),
    ('sales', ('tenant_id', 'user_email', 'business_date')),
    ('sales', ('tenant_id', 'shift_id')),
    ('returns', ('tenant_id', 'shift_id')),
    ('cash_moves', ('tenant_id', 'shift_id')),
    ('shifts', ('tenant_id', 'opened_date')),
)


def _name(table: str, columns: tuple[str, ...]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, columns in INDEXES:
        op.create_index(_name(table, columns), table, list(columns), unique=False)


def downgrade() -> None:
    for table, columns in reversed(INDEXES):
        op.drop_index(_name(table, columns), table_name=table)
