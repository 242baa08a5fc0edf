"""the append-only event tables a push writes (envelopes, sales and their items,
payments, returns, cash moves, stock movements, journals and postings, the feed) no longer
check tenant_id against tenants by foreign key: see sync_server.db.base.TenantOwned

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 01:30:00
"""
from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLES = ('sync_envelopes', 'sales', 'sale_items', 'payments', 'returns', 'return_items',
          'cash_moves', 'inv_movements', 'acc_journals', 'acc_postings', 'sync_feed')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f'fk_{table}_tenant_id_tenants'), type_='foreignkey')


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(op.f(f'fk_{table}_tenant_id_tenants'), 'tenants',
                                     ['tenant_id'], ['id'])
