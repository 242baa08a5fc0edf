"""Per-day summaries of the merged sales, read by the sales reports and the dashboard
instead of the raw ``sales``/``sale_items``/``payments``/``returns`` rows.

Each table holds sums per business date and the dimensions head office filters and
groups by (branch, till, cashier; the hour of the till's clock and the sale's status;
the payment method; the product). They are kept exactly in step with the raw tables by
``sync_server.reports.summaries.record_merged``, which adds a merged batch's figures in
the same transaction that inserts its rows (so a push either lands in both or in
neither), and can be checked against or rebuilt from the raw tables with
``bisama-sync report summaries``.

Every key is the full grouping of the figures it sums, so the summaries are exact:
a row is never an estimate. A row whose figures fell back to zero (a sale voided after
it was summarised) is kept; it adds nothing to any report. Nullable values of the raw
tables (a tender's provider) are stored as ``''`` because a key column cannot be NULL.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Email, Sku, Uuid


class SalesDaySummary(TenantOwned, Base):
    """Sales (completed and voided) per day, branch, till, cashier, hour and status."""

    __tablename__ = "summary_sales"

    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    user_email: Mapped[str] = mapped_column(Email, primary_key=True)
    hour: Mapped[str] = mapped_column(String(2), primary_key=True)  # the till's clock
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    sales: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    tax: Mapped[int] = mapped_column(BigInteger)  # VAT + NHIL + GETFund + COVID
    discount: Mapped[int] = mapped_column(BigInteger)


class ReturnsDaySummary(TenantOwned, Base):
    """Refunds per day, branch, till and cashier (of the refund, not of the sale)."""

    __tablename__ = "summary_returns"

    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    user_email: Mapped[str] = mapped_column(Email, primary_key=True)
    refunds: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)


class PaymentsDaySummary(TenantOwned, Base):
    """Tenders of sales, refunds and voids (not payments on account) per day, branch,
    till, cashier, kind, method and provider."""

    __tablename__ = "summary_payments"

    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    user_email: Mapped[str] = mapped_column(Email, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    method: Mapped[str] = mapped_column(String(16), primary_key=True)
    provider: Mapped[str] = mapped_column(String(20), primary_key=True)  # '' for none
    tenders: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)


class ProductsDaySummary(TenantOwned, Base):
    """Lines of completed sales per day, branch, till, product and the name the line
    carried. The till is part of the key so concurrent pushes of different tills never
    wait on one hot row (a best seller's)."""

    __tablename__ = "summary_products"

    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    line_count: Mapped[int] = mapped_column(BigInteger)
    qty: Mapped[int] = mapped_column(BigInteger)  # Σ qty_milli × unit_factor_milli
    gross: Mapped[int] = mapped_column(BigInteger)
