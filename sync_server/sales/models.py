"""``sales``, ``sale_items``, ``payments``, ``returns`` (the seed's names) and the other
tables merged envelopes land in.

The primary key of each merged row is (or starts with) the id of the envelope it came
from, so a second merge of the same envelope fails on the key and never counts twice.
All money is integer pesewas; quantities are thousandths (``*_milli``).

The high-volume tables (sales, sale lines, and in other modules movements, stock levels
and postings) carry no foreign keys to master data or to their header: the merge checks
every reference before it writes (an unknown SKU or customer holds the envelope), and
a foreign-key check there would take a key-share lock on the same hot parent rows — the
best-selling product, the Cash account — from every concurrent push, which made merging
seven times slower on PostgreSQL (measured, docs/benchmarks.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Email, Sku, UtcDateTime, Uuid

POSTING_STATUSES = ("pending", "posted", "failed")


class Sale(TenantOwned, Base):
    __tablename__ = "sales"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (
        UniqueConstraint("tenant_id", "terminal_id", "receipt_no"),
        CheckConstraint("posting_status IN ('pending', 'posted', 'failed')", name="posting_status"),
        CheckConstraint("status IN ('completed', 'voided')", name="status"),
        Index(None, "tenant_id", "business_date"),
        Index(None, "tenant_id", "status", "business_date"),  # the voids of a range
        Index(None, "tenant_id", "posting_status"),
        Index(None, "tenant_id", "customer_id"),
        # Head office's list of sales: newest first a page at a time, by branch, till or
        # cashier (migration 0024).
        Index(None, "tenant_id", "business_date", "terminal_time", "id"),
        Index(None, "tenant_id", "branch_code", "business_date"),
        Index(None, "tenant_id", "terminal_id", "business_date"),
        Index(None, "tenant_id", "user_email", "business_date"),
        Index(None, "tenant_id", "shift_id"),  # a shift's Z report at head office
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)  # the envelope id
    receipt_no: Mapped[str] = mapped_column(String(48))  # the seed's invoice_number
    terminal_id: Mapped[str] = mapped_column(Uuid)
    seq: Mapped[int] = mapped_column(BigInteger)
    branch_code: Mapped[str] = mapped_column(Code)
    location_code: Mapped[str] = mapped_column(Code)
    user_email: Mapped[str] = mapped_column(Email)
    shift_id: Mapped[str] = mapped_column(Uuid)
    business_date: Mapped[str] = mapped_column(String(10))
    terminal_time: Mapped[str] = mapped_column(String(40))  # the till's clock, as it said
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    customer_id: Mapped[str | None] = mapped_column(Uuid)
    customer_tin: Mapped[str | None] = mapped_column(String(20))
    price_list: Mapped[str] = mapped_column(Sku)
    inclusive: Mapped[bool] = mapped_column(Boolean)
    regime: Mapped[str] = mapped_column(String(32))
    order_discount: Mapped[int] = mapped_column(BigInteger)
    discount: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger)
    change: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="completed")
    void_id: Mapped[str | None] = mapped_column(Uuid)
    posting_status: Mapped[str] = mapped_column(String(16), default="pending")
    error_message: Mapped[str | None] = mapped_column(String(500))


class SaleItem(TenantOwned, Base):
    __tablename__ = "sale_items"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (Index(None, "tenant_id", "sku"),)

    sale_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(Sku)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    unit_factor_milli: Mapped[int] = mapped_column(BigInteger)
    qty_milli: Mapped[int] = mapped_column(BigInteger)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    tax_code: Mapped[str] = mapped_column(String(1))
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    line_discount: Mapped[int] = mapped_column(BigInteger)
    order_discount: Mapped[int] = mapped_column(BigInteger)
    price_override: Mapped[bool] = mapped_column(Boolean)
    list_amount: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    list_net: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger)


class Payment(TenantOwned, Base):
    """One tender of a sale, a refund (negative amount) or a payment on account."""

    __tablename__ = "payments"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (
        CheckConstraint("kind IN ('sale', 'refund', 'void', 'customer_payment')", name="kind"),
        Index(None, "tenant_id", "sale_id"),
        Index(None, "tenant_id", "business_date"),
        Index(None, "tenant_id", "reference"),  # a MoMo reference used before (sync.momo_refs)
    )

    envelope_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    tender_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    sale_id: Mapped[str | None] = mapped_column(Uuid)
    customer_id: Mapped[str | None] = mapped_column(Uuid)
    method: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str | None] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)  # signed: refunds are negative
    tendered: Mapped[int] = mapped_column(BigInteger)
    branch_code: Mapped[str] = mapped_column(Code)
    terminal_id: Mapped[str] = mapped_column(Uuid)
    user_email: Mapped[str] = mapped_column(Email)
    business_date: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Return(TenantOwned, Base):
    """A refund of lines of an earlier sale (the seed's ``returns``)."""

    __tablename__ = "returns"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "sale_id"], ["sales.tenant_id", "sales.id"]),
        CheckConstraint("posting_status IN ('pending', 'posted', 'failed')", name="posting_status"),
        Index(None, "tenant_id", "sale_id"),
        Index(None, "tenant_id", "business_date"),
        Index(None, "tenant_id", "shift_id"),  # a shift's refunds (0024)
    )

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)  # the envelope id
    refund_no: Mapped[str] = mapped_column(String(48))
    sale_id: Mapped[str] = mapped_column(Uuid)
    original_receipt_no: Mapped[str] = mapped_column(String(48))
    terminal_id: Mapped[str] = mapped_column(Uuid)
    branch_code: Mapped[str] = mapped_column(Code)
    location_code: Mapped[str] = mapped_column(Code)
    user_email: Mapped[str] = mapped_column(Email)
    shift_id: Mapped[str] = mapped_column(Uuid)
    business_date: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(200))
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger)
    posting_status: Mapped[str] = mapped_column(String(16), default="pending")
    error_message: Mapped[str | None] = mapped_column(String(500))


class ReturnItem(TenantOwned, Base):
    __tablename__ = "return_items"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "return_id"], ["returns.tenant_id", "returns.id"]),
        Index(None, "tenant_id", "sale_id", "line_no"),
    )

    return_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)  # the sold line's number
    sale_id: Mapped[str] = mapped_column(Uuid)
    sku: Mapped[str] = mapped_column(Sku)
    qty_milli: Mapped[int] = mapped_column(BigInteger)
    unit_factor_milli: Mapped[int] = mapped_column(BigInteger)
    restock: Mapped[bool] = mapped_column(Boolean)
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    nhil: Mapped[int] = mapped_column(BigInteger)
    getfund: Mapped[int] = mapped_column(BigInteger)
    covid: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger)


class Shift(TenantOwned, Base):
    __tablename__ = "shifts"
    __table_args__ = (Index(None, "tenant_id", "opened_date"),)  # the list of shifts (0024)

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Uuid)
    branch_code: Mapped[str] = mapped_column(Code)
    opened_by: Mapped[str | None] = mapped_column(Email)
    opened_date: Mapped[str | None] = mapped_column(String(10))
    opening_float: Mapped[int | None] = mapped_column(BigInteger)
    closed_by: Mapped[str | None] = mapped_column(Email)
    closed_date: Mapped[str | None] = mapped_column(String(10))
    expected: Mapped[int | None] = mapped_column(BigInteger)
    counted: Mapped[int | None] = mapped_column(BigInteger)
    variance: Mapped[int | None] = mapped_column(BigInteger)
    sales_count: Mapped[int | None] = mapped_column(Integer)
    sales_gross: Mapped[int | None] = mapped_column(BigInteger)
    open_envelope_id: Mapped[str | None] = mapped_column(Uuid)
    close_envelope_id: Mapped[str | None] = mapped_column(Uuid)


class CashMove(TenantOwned, Base):
    __tablename__ = "cash_moves"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (Index(None, "tenant_id", "shift_id"),)  # a shift's cash in and out

    envelope_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    shift_id: Mapped[str] = mapped_column(Uuid)
    terminal_id: Mapped[str] = mapped_column(Uuid)
    branch_code: Mapped[str] = mapped_column(Code)
    user_email: Mapped[str] = mapped_column(Email)
    purpose: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(200))
    business_date: Mapped[str] = mapped_column(String(10))


class Transfer(TenantOwned, Base):
    """Stock moving between locations (the seed's ``transfers``). The sending and the
    receiving envelope may arrive in either order; each fills in its half."""

    __tablename__ = "transfers"

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)  # the transfer id
    kind: Mapped[str] = mapped_column(String(16))  # branch or truck
    from_branch: Mapped[str] = mapped_column(Code)
    from_location: Mapped[str] = mapped_column(Code)
    to_branch: Mapped[str] = mapped_column(Code)
    to_location: Mapped[str] = mapped_column(Code)
    sent_envelope_id: Mapped[str | None] = mapped_column(Uuid)
    sent_date: Mapped[str | None] = mapped_column(String(10))
    received_envelope_id: Mapped[str | None] = mapped_column(Uuid)
    received_date: Mapped[str | None] = mapped_column(String(10))
