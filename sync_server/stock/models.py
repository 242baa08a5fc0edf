"""``inv_locations``, ``inv_movements`` and ``inv_stock_levels`` (the seed's names).

Every merged envelope's stock effect is a set of movements whose primary key is the
envelope id and line: merging the same envelope twice fails on the key instead of
counting twice. Levels change only by ``qty_milli = qty_milli + :delta``. Movements and
levels have no foreign keys to products and locations (the merge checks them first; see
``sales.models`` for why).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String
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
