"""``cost_settings``, ``cost_averages`` and ``cost_moves``: stock at moving average cost.

``cost_averages`` holds, per valuation scope (``*`` for the whole tenant, or a branch
code when the tenant values per branch) and SKU, the quantity on hand and its value in
pesewas; a push locks the rows it touches in key order. ``cost_moves`` is the
append-only history of every value that moved in or out of Inventory (one row per
envelope line, opening stock line or cost correction), dated like the journal that
posted it, so that the valuation at any date is a sum and equals account 1200.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Sku, Uuid

TENANT_SCOPE = "*"  # the valuation scope of a tenant valued as a whole


class CostSettings(TenantOwned, Base):
    """How a tenant values its stock: ``tenant`` (one average per product, the default)
    or ``branch`` (one per branch and product)."""

    __tablename__ = "cost_settings"

    valuation: Mapped[str] = mapped_column(String(16), default="tenant")


class CostAverage(TenantOwned, Base):
    __tablename__ = "cost_averages"

    valuation: Mapped[str] = mapped_column(Code, primary_key=True)  # "*" or a branch code
    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    qty_milli: Mapped[int] = mapped_column(BigInteger, default=0)
    value: Mapped[int] = mapped_column(BigInteger, default=0)  # pesewas
    last_qty_milli: Mapped[int] = mapped_column(BigInteger, default=0)
    last_value: Mapped[int] = mapped_column(BigInteger, default=0)


class CostMove(TenantOwned, Base):
    __tablename__ = "cost_moves"
    __tenant_fk__ = False  # an append-only event table written by pushes (db/base.py)
    __table_args__ = (Index(None, "tenant_id", "valuation", "sku"),
                      Index(None, "tenant_id", "entry_date"))

    source: Mapped[str] = mapped_column(Uuid, primary_key=True)  # envelope, import or journal id
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    valuation: Mapped[str] = mapped_column(Code)
    branch_code: Mapped[str] = mapped_column(Code)  # where the journal posted it
    sku: Mapped[str] = mapped_column(Sku)
    qty_milli: Mapped[int] = mapped_column(BigInteger)  # signed
    value: Mapped[int] = mapped_column(BigInteger)  # signed pesewas into Inventory
    entry_date: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(64))


class OpeningCustomerBalance(TenantOwned, Base):
    """What a customer owed at go-live, invoice by invoice (``opening.py``): posted Dr
    1100 / Cr 3200, kept with its reference and due date for receivables ageing."""

    __tablename__ = "opening_customer_balances"

    import_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    customer_id: Mapped[str] = mapped_column(Uuid)
    branch_code: Mapped[str] = mapped_column(Code)
    amount: Mapped[int] = mapped_column(BigInteger)  # pesewas; negative: the shop owes
    invoice_ref: Mapped[str | None] = mapped_column(String(48))
    due_date: Mapped[str | None] = mapped_column(String(10))
    entry_date: Mapped[str] = mapped_column(String(10))
