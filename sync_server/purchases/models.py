"""Tables of the purchases books (issue [9]): suppliers, bills and their lines, the goods
receipts a bill covers, supplier payments and their allocations, quick expenses, tax
paid to GRA, imported statements and their lines, settlements and the tenders each
settled.

All money is integer pesewas; dates are ``YYYY-MM-DD`` text like every business date of
the server. Every document keeps the id of the journal it posted (``acc_journals``).
Two keys stop a double count: a goods receipt can be billed once
(``pur_bill_receipts``), and a tender can be settled once (``pur_settled_tenders``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, UtcDateTime, Uuid


class Supplier(TenantOwned, Base):
    __tablename__ = "pur_suppliers"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tin: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(40))
    terms_days: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Bill(TenantOwned, Base):
    """A supplier's invoice (``kind`` ``bill``), or a supplier's balance at go-live
    (``opening``), so payments are allocated to both alike."""

    __tablename__ = "pur_bills"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "supplier_id", "supplier_invoice"),
        ForeignKeyConstraint(["tenant_id", "supplier_id"], ["pur_suppliers.tenant_id", "pur_suppliers.id"]),
        Index(None, "tenant_id", "bill_date"),
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16), default="bill")
    supplier_id: Mapped[str] = mapped_column(Uuid)
    supplier_invoice: Mapped[str] = mapped_column(String(64))
    bill_date: Mapped[str] = mapped_column(String(10))
    due_date: Mapped[str] = mapped_column(String(10))
    branch_code: Mapped[str] = mapped_column(Code)
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    receipts_value: Mapped[int] = mapped_column(BigInteger, default=0)
    memo: Mapped[str] = mapped_column(String(300), default="")
    journal_id: Mapped[str | None] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BillLine(TenantOwned, Base):
    __tablename__ = "pur_bill_lines"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "bill_id"], ["pur_bills.tenant_id", "pur_bills.id"]),
    )

    bill_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str] = mapped_column(String(200))
    account_code: Mapped[str] = mapped_column(String(16))  # or "goods"
    tax_code: Mapped[str] = mapped_column(String(1))
    inclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    amount: Mapped[int] = mapped_column(BigInteger)  # as typed: gross when inclusive
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger)  # debited to the account (net + tax not claimed)


class BillReceipt(TenantOwned, Base):
    """A till's goods receipt (its ``stock_receive`` journal) covered by a bill: once."""

    __tablename__ = "pur_bill_receipts"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "bill_id"], ["pur_bills.tenant_id", "pur_bills.id"]),
        Index(None, "tenant_id", "bill_id"),
    )

    receipt_journal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    bill_id: Mapped[str] = mapped_column(Uuid)
    branch_code: Mapped[str] = mapped_column(Code)
    document_no: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(BigInteger)


class SupplierPayment(TenantOwned, Base):
    __tablename__ = "pur_payments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        ForeignKeyConstraint(["tenant_id", "supplier_id"], ["pur_suppliers.tenant_id", "pur_suppliers.id"]),
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(32))
    supplier_id: Mapped[str] = mapped_column(Uuid)
    pay_date: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(16))  # cash, bank, momo
    account_code: Mapped[str] = mapped_column(String(16))
    branch_code: Mapped[str] = mapped_column(Code)
    amount: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(64), default="")
    journal_id: Mapped[str] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Allocation(TenantOwned, Base):
    __tablename__ = "pur_allocations"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "payment_id"], ["pur_payments.tenant_id", "pur_payments.id"]),
        ForeignKeyConstraint(["tenant_id", "bill_id"], ["pur_bills.tenant_id", "pur_bills.id"]),
        Index(None, "tenant_id", "bill_id"),
    )

    payment_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    bill_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)


class Expense(TenantOwned, Base):
    __tablename__ = "pur_expenses"
    __table_args__ = (UniqueConstraint("tenant_id", "number"), Index(None, "tenant_id", "expense_date"))

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(32))
    expense_date: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(16))  # an expense account
    branch_code: Mapped[str] = mapped_column(Code)
    tax_code: Mapped[str] = mapped_column(String(1))
    gross: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    paid_from: Mapped[str] = mapped_column(String(16))
    receipt_no: Mapped[str] = mapped_column(String(64), default="")
    memo: Mapped[str] = mapped_column(String(200), default="")
    journal_id: Mapped[str] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TaxPayment(TenantOwned, Base):
    __tablename__ = "pur_tax_payments"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(32))
    pay_date: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(7))
    bank_account: Mapped[str] = mapped_column(String(16))
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(64), default="")
    journal_id: Mapped[str] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Statement(TenantOwned, Base):
    """An imported MoMo or bank statement (``clearing``: the tenders it is matched to)."""

    __tablename__ = "pur_statements"

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    clearing: Mapped[str] = mapped_column(String(8))  # momo or card
    filename: Mapped[str] = mapped_column(String(200))
    line_count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(BigInteger)
    imported_by: Mapped[str] = mapped_column(String(300))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StatementLineRow(TenantOwned, Base):
    __tablename__ = "pur_statement_lines"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "statement_id"],
                             ["pur_statements.tenant_id", "pur_statements.id"]),
    )

    statement_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line_date: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(String(200))
    envelope_id: Mapped[str | None] = mapped_column(Uuid)  # the matched tender
    tender_no: Mapped[int | None] = mapped_column(Integer)
    settlement_id: Mapped[str | None] = mapped_column(Uuid)


class Settlement(TenantOwned, Base):
    __tablename__ = "pur_settlements"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(32))
    clearing: Mapped[str] = mapped_column(String(8))
    bank_account: Mapped[str] = mapped_column(String(16))
    branch_code: Mapped[str] = mapped_column(Code)
    settle_date: Mapped[str] = mapped_column(String(10))
    gross: Mapped[int] = mapped_column(BigInteger)
    fee: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    statement_id: Mapped[str | None] = mapped_column(Uuid)
    reference: Mapped[str] = mapped_column(String(64), default="")
    journal_id: Mapped[str] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SettledTender(TenantOwned, Base):
    """A till's tender (``payments`` row) settled into the bank: never twice."""

    __tablename__ = "pur_settled_tenders"
    __table_args__ = (Index(None, "tenant_id", "settlement_id"),)

    envelope_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    tender_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    settlement_id: Mapped[str] = mapped_column(Uuid)
    amount: Mapped[int] = mapped_column(BigInteger)


__all__ = [
    "Allocation",
    "Bill",
    "BillLine",
    "BillReceipt",
    "Expense",
    "SettledTender",
    "Settlement",
    "Statement",
    "StatementLineRow",
    "Supplier",
    "SupplierPayment",
    "TaxPayment",
]
