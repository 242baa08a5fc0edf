"""purchases: the books' suppliers, bills (lines, the goods receipts each covers), supplier
payments and their allocations, quick expenses, tax paid to GRA, imported MoMo and bank
statements (lines), settlements and the tenders each settled (issue [9]). Twelve new,
empty tables.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 14:32:28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pur_expenses',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('expense_date', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('tax_code', sa.String(length=1), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('nhil', sa.BigInteger(), nullable=False),
    sa.Column('getfund', sa.BigInteger(), nullable=False),
    sa.Column('covid', sa.BigInteger(), nullable=False),
    sa.Column('paid_from', sa.String(length=16), nullable=False),
    sa.Column('receipt_no', sa.String(length=64), nullable=False),
    sa.Column('memo', sa.String(length=200), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=300), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_expenses_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pur_expenses')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_pur_expenses_tenant_id_number'))
    )
    op.create_index(op.f('ix_pur_expenses_tenant_id_expense_date'), 'pur_expenses', ['tenant_id', 'expense_date'], unique=False)
    op.create_table('pur_settled_tenders',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('envelope_id', sa.String(length=36), nullable=False),
    sa.Column('tender_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('settlement_id', sa.String(length=36), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_settled_tenders_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'envelope_id', 'tender_no', name=op.f('pk_pur_settled_tenders'))
    )
    op.create_index(op.f('ix_pur_settled_tenders_tenant_id_settlement_id'), 'pur_settled_tenders', ['tenant_id', 'settlement_id'], unique=False)
    op.create_table('pur_settlements',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('clearing', sa.String(length=8), nullable=False),
    sa.Column('bank_account', sa.String(length=16), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('settle_date', sa.String(length=10), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('fee', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=True),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=300), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_settlements_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pur_settlements')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_pur_settlements_tenant_id_number'))
    )
    op.create_table('pur_statements',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('clearing', sa.String(length=8), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('imported_by', sa.String(length=300), nullable=False),
    sa.Column('imported_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_statements_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pur_statements'))
    )
    op.create_table('pur_suppliers',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('tin', sa.String(length=20), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('terms_days', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_suppliers_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pur_suppliers')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_pur_suppliers_tenant_id_name'))
    )
    op.create_table('pur_tax_payments',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('pay_date', sa.String(length=10), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('bank_account', sa.String(length=16), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('nhil', sa.BigInteger(), nullable=False),
    sa.Column('getfund', sa.BigInteger(), nullable=False),
    sa.Column('covid', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=300), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_tax_payments_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pur_tax_payments')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_pur_tax_payments_tenant_id_number'))
    )
    op.create_table('pur_bills',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('supplier_id', sa.String(length=36), nullable=False),
    sa.Column('supplier_invoice', sa.String(length=64), nullable=False),
    sa.Column('bill_date', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.String(length=10), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('nhil', sa.BigInteger(), nullable=False),
    sa.Column('getfund', sa.BigInteger(), nullable=False),
    sa.Column('covid', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('receipts_value', sa.BigInteger(), nullable=False),
    sa.Column('memo', sa.String(length=300), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=True),
    sa.Column('created_by', sa.String(length=300), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'supplier_id'], ['pur_suppliers.tenant_id', 'pur_suppliers.id'], name=op.f('fk_pur_bills_tenant_id_supplier_id_pur_suppliers')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_bills_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pur_bills')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_pur_bills_tenant_id_number')),
    sa.UniqueConstraint('tenant_id', 'supplier_id', 'supplier_invoice', name=op.f('uq_pur_bills_tenant_id_supplier_id_supplier_invoice'))
    )
    op.create_index(op.f('ix_pur_bills_tenant_id_bill_date'), 'pur_bills', ['tenant_id', 'bill_date'], unique=False)
    op.create_table('pur_payments',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('supplier_id', sa.String(length=36), nullable=False),
    sa.Column('pay_date', sa.String(length=10), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('account_code', sa.String(length=16), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('journal_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=300), nullable=False),
    sa.Column('created_at', sync_server.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'supplier_id'], ['pur_suppliers.tenant_id', 'pur_suppliers.id'], name=op.f('fk_pur_payments_tenant_id_supplier_id_pur_suppliers')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_payments_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pur_payments')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_pur_payments_tenant_id_number'))
    )
    op.create_table('pur_statement_lines',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('line_date', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('envelope_id', sa.String(length=36), nullable=True),
    sa.Column('tender_no', sa.Integer(), nullable=True),
    sa.Column('settlement_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'statement_id'], ['pur_statements.tenant_id', 'pur_statements.id'], name=op.f('fk_pur_statement_lines_tenant_id_statement_id_pur_statements')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_statement_lines_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'statement_id', 'line_no', name=op.f('pk_pur_statement_lines'))
    )
    op.create_table('pur_allocations',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('payment_id', sa.String(length=36), nullable=False),
    sa.Column('bill_id', sa.String(length=36), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'bill_id'], ['pur_bills.tenant_id', 'pur_bills.id'], name=op.f('fk_pur_allocations_tenant_id_bill_id_pur_bills')),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['pur_payments.tenant_id', 'pur_payments.id'], name=op.f('fk_pur_allocations_tenant_id_payment_id_pur_payments')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_allocations_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'payment_id', 'bill_id', name=op.f('pk_pur_allocations'))
    )
    op.create_index(op.f('ix_pur_allocations_tenant_id_bill_id'), 'pur_allocations', ['tenant_id', 'bill_id'], unique=False)
    op.create_table('pur_bill_lines',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('bill_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('account_code', sa.String(length=16), nullable=False),
    sa.Column('tax_code', sa.String(length=1), nullable=False),
    sa.Column('inclusive', sa.Boolean(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('nhil', sa.BigInteger(), nullable=False),
    sa.Column('getfund', sa.BigInteger(), nullable=False),
    sa.Column('covid', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'bill_id'], ['pur_bills.tenant_id', 'pur_bills.id'], name=op.f('fk_pur_bill_lines_tenant_id_bill_id_pur_bills')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_bill_lines_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'bill_id', 'line_no', name=op.f('pk_pur_bill_lines'))
    )
    op.create_table('pur_bill_receipts',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('receipt_journal_id', sa.String(length=36), nullable=False),
    sa.Column('bill_id', sa.String(length=36), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('document_no', sa.String(length=64), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'bill_id'], ['pur_bills.tenant_id', 'pur_bills.id'], name=op.f('fk_pur_bill_receipts_tenant_id_bill_id_pur_bills')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pur_bill_receipts_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('tenant_id', 'receipt_journal_id', name=op.f('pk_pur_bill_receipts'))
    )
    op.create_index(op.f('ix_pur_bill_receipts_tenant_id_bill_id'), 'pur_bill_receipts', ['tenant_id', 'bill_id'], unique=False)


def downgrade() -> None:
    op.drop_table('pur_bill_receipts')
    op.drop_table('pur_bill_lines')
    op.drop_table('pur_allocations')
    op.drop_table('pur_statement_lines')
    op.drop_table('pur_payments')
    op.drop_table('pur_bills')
    op.drop_table('pur_tax_payments')
    op.drop_table('pur_suppliers')
    op.drop_table('pur_statements')
    op.drop_table('pur_settlements')
    op.drop_table('pur_settled_tenders')
    op.drop_table('pur_expenses')
