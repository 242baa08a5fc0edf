"""``inv_locations``, ``inv_movements`` and ``inv_stock_levels`` (the seed's names).

Every merged envelope's stock effect is a set of movements whose primary key is the
envelope id and line: merging the same envelope twice fails on the key instead of
counting twice. Levels change only by ``qty_milli = qty_milli + :delta``. Movements and
levels have no foreign keys to products and locations (the merge checks them first; see
``sales.models`` for why).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Code, Sku, UtcDateTime, Uuid

_BRANCH_FK = (["tenant_id", "branch_code"], ["tenant_branches.tenant_id", "tenant_branches.code"])


class Location(TenantOwned, Base):
    """A place stock is kept within a branch: the shop floor, a store room, a van."""

    __tablename__ = "inv_locations"
    __table_args__ = (ForeignKeyConstraint(*_BRANCH_FK),)

    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    code: Mapped[str] = mapped_column(Code, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="shop")  # shop, store, van
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class StockLevel(TenantOwned, Base):
    __tablename__ = "inv_stock_levels"
    __table_args__ = (Index(None, "tenant_id", "sku"),)

    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    location_code: Mapped[str] = mapped_column(Code, primary_key=True)
    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    qty_milli: Mapped[int] = mapped_column(BigInteger, default=0)


class Movement(TenantOwned, Base):
    __tablename__ = "inv_movements"
    __tenant_fk__ = False  # an append-only event table (db/base.py)
    __table_args__ = (Index(None, "tenant_id", "sku", "business_date"),)

    envelope_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_code: Mapped[str] = mapped_column(Code)
    location_code: Mapped[str] = mapped_column(Code)
    sku: Mapped[str] = mapped_column(Sku)
    qty_milli: Mapped[int] = mapped_column(BigInteger)  # signed, base units
    kind: Mapped[str] = mapped_column(String(32))  # the envelope kind
    business_date: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)  # when the server merged it


# -- head office (issue [12] scope 4: sync_server/stock/office.py) -------------------------


class OfficeDocument(TenantOwned, Base):
    """A stock movement head office books from the dashboard or the CLI: a goods receipt
    (``receive``), a transfer between branches (``transfer``: in transit, then received)
    or an adjustment with a reason (``adjust``: waiting for approval above the limit).
    A head-office fact, not an envelope: its movements carry its id (the receiving end
    of a transfer, ``receive_id``) in ``inv_movements.envelope_id``."""

    __tablename__ = "inv_office_docs"
    __table_args__ = (Index(None, "tenant_id", "kind", "status"),
                      UniqueConstraint("tenant_id", "number"))

    id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(16))  # GRN-000001, TRF-…, ADJ-…
    kind: Mapped[str] = mapped_column(String(16))  # receive, transfer, adjust
    # posted; in_transit, received; pending, rejected
    status: Mapped[str] = mapped_column(String(16))
    branch_code: Mapped[str] = mapped_column(Code)  # where (a transfer: the sender)
    location_code: Mapped[str] = mapped_column(Code)
    to_branch: Mapped[str | None] = mapped_column(Code)
    to_location: Mapped[str | None] = mapped_column(Code)
    supplier: Mapped[str | None] = mapped_column(String(200))
    document_no: Mapped[str | None] = mapped_column(String(48))  # the delivery note
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(200))
    entry_date: Mapped[str] = mapped_column(String(10))
    value: Mapped[int] = mapped_column(BigInteger, default=0)  # pesewas moved (signed)
    journal_id: Mapped[str | None] = mapped_column(Uuid)
    bill_number: Mapped[str | None] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(254))  # approved or rejected by
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    receive_id: Mapped[str | None] = mapped_column(Uuid)  # a transfer's receiving end
    received_date: Mapped[str | None] = mapped_column(String(10))
    received_by: Mapped[str | None] = mapped_column(String(254))
    receive_journal_id: Mapped[str | None] = mapped_column(Uuid)


class OfficeLine(TenantOwned, Base):
    __tablename__ = "inv_office_lines"

    document_id: Mapped[str] = mapped_column(Uuid, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sku: Mapped[str] = mapped_column(Sku)
    qty_milli: Mapped[int] = mapped_column(BigInteger)  # signed for adjustments
    unit_cost: Mapped[int] = mapped_column(BigInteger, default=0)  # a receipt's, per base unit
    value: Mapped[int] = mapped_column(BigInteger, default=0)  # pesewas the line moved
    received_milli: Mapped[int | None] = mapped_column(BigInteger)  # a transfer's arrival


class ReorderLevel(TenantOwned, Base):
    """Below ``level_milli`` on hand (all locations of the branch) a product is on the
    reorder list, with enough suggested to bring it up to ``target_milli``."""

    __tablename__ = "inv_reorder_levels"
    __table_args__ = (ForeignKeyConstraint(*_BRANCH_FK),)

    branch_code: Mapped[str] = mapped_column(Code, primary_key=True)
    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    level_milli: Mapped[int] = mapped_column(BigInteger)
    target_milli: Mapped[int] = mapped_column(BigInteger)


class StockSettings(TenantOwned, Base):
    """Above ``adjust_limit`` (pesewas, at average cost) an adjustment waits for a
    second person's approval."""

    __tablename__ = "inv_settings"

    adjust_limit: Mapped[int] = mapped_column(BigInteger, default=50000)
