"""per-day sales summaries (summary_sales, summary_returns, summary_payments,
summary_products), backfilled from the merged sales; an index for the voids of a range

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 19:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_DIMENSIONS = [
    ('business_date', sa.String(length=10)),
    ('branch_code', sa.String(length=32)),
    ('terminal_id', sa.String(length=36)),
]


def _table(name: str, keys: list[tuple[str, sa.types.TypeEngine]],
           measures: list[str]) -> None:
    columns = [sa.Column('tenant_id', sa.BigInteger(), nullable=False)]
    columns += [sa.Column(key, kind, nullable=False) for key, kind in keys]
    columns += [sa.Column(m, sa.BigInteger(), nullable=False) for m in measures]
    op.create_table(
        name, *columns,
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                                name=op.f(f'fk_{name}_tenant_id_tenants')),
        sa.PrimaryKeyConstraint('tenant_id', *[k for k, _ in keys], name=op.f(f'pk_{name}')))


# The fresh aggregation of sync_server.reports.summaries, in SQL every database speaks.
_BACKFILL = [
    """INSERT INTO summary_sales (tenant_id, business_date, branch_code, terminal_id,
           user_email, hour, status, sales, gross, net, tax, discount)
       SELECT tenant_id, business_date, branch_code, terminal_id, user_email,
              substr(terminal_time, 12, 2), status, count(*), sum(gross), sum(net),
              sum(vat + nhil + getfund + covid), sum(discount)
       FROM sales
       GROUP BY tenant_id, business_date, branch_code, terminal_id, user_email,
                substr(terminal_time, 12, 2), status""",
    """INSERT INTO summary_returns (tenant_id, business_date, branch_code, terminal_id,
           user_email, refunds, gross)
       SELECT tenant_id, business_date, branch_code, terminal_id, user_email, count(*),
              sum(gross)
       FROM returns
       GROUP BY tenant_id, business_date, branch_code, terminal_id, user_email""",
    """INSERT INTO summary_payments (tenant_id, business_date, branch_code, terminal_id,
           user_email, kind, method, provider, tenders, amount)
       SELECT tenant_id, business_date, branch_code, terminal_id, user_email, kind, method,
              coalesce(provider, ''), count(*), sum(amount)
       FROM payments
       WHERE kind <> 'customer_payment'
       GROUP BY tenant_id, business_date, branch_code, terminal_id, user_email, kind, method,
                coalesce(provider, '')""",
    """INSERT INTO summary_products (tenant_id, business_date, branch_code, terminal_id, sku,
           name, line_count, qty, gross)
       SELECT s.tenant_id, s.business_date, s.branch_code, s.terminal_id, i.sku, i.name,
              count(*), sum(i.qty_milli * i.unit_factor_milli), sum(i.gross)
       FROM sale_items i JOIN sales s ON s.tenant_id = i.tenant_id AND s.id = i.sale_id
       WHERE s.status = 'completed'
       GROUP BY s.tenant_id, s.business_date, s.branch_code, s.terminal_id, i.sku, i.name""",
]


def upgrade() -> None:
    _table('summary_sales', [*_DIMENSIONS, ('user_email', sa.String(length=254)),
                             ('hour', sa.String(length=2)), ('status', sa.String(length=16))],
           ['sales', 'gross', 'net', 'tax', 'discount'])
    _table('summary_returns', [*_DIMENSIONS, ('user_email', sa.String(length=254))],
           ['refunds', 'gross'])
    _table('summary_payments', [*_DIMENSIONS, ('user_email', sa.String(length=254)),
                                ('kind', sa.String(length=20)), ('method', sa.String(length=16)),
                                ('provider', sa.String(length=20))],
           ['tenders', 'amount'])
    _table('summary_products', [*_DIMENSIONS, ('sku', sa.String(length=64)),
                                ('name', sa.String(length=200))],
           ['line_count', 'qty', 'gross'])
    # The voids of a date range without reading the range's sales.
    op.create_index(op.f('ix_sales_tenant_id_status_business_date'), 'sales',
                    ['tenant_id', 'status', 'business_date'], unique=False)
    for statement in _BACKFILL:
        op.execute(sa.text(statement))


def downgrade() -> None:
    op.drop_index(op.f('ix_sales_tenant_id_status_business_date'), table_name='sales')
    for name in ('summary_products', 'summary_payments', 'summary_returns', 'summary_sales'):
        op.drop_table(name)
