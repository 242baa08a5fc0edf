"""The catalogue tables: ``inv_products`` (the seed's name), units of measure,
barcodes, price lists, prices and the history of every price a till may have been
given (``price_history``) and of every tax code, unit and weighed flag
(``attribute_history``). Products are keyed by SKU, the key a till and the
server share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base, TenantOwned
from sync_server.db.types import Sku, UtcDateTime

_PRODUCT_FK = (["tenant_id", "sku"], ["inv_products.tenant_id", "inv_products.sku"])


class Product(TenantOwned, Base):
    __tablename__ = "inv_products"
    # A scale prints one PLU per product: two products with the same PLU would make a
    # label ring up whichever the till found first.
    __table_args__ = (Index("ix_inv_products_tenant_id_plu", "tenant_id", "plu", unique=True),)

    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))  # the base (stock) unit
    tax_code: Mapped[str] = mapped_column(String(1))
    weighed: Mapped[bool] = mapped_column(Boolean, default=False)
    cost_price: Mapped[int] = mapped_column(BigInteger)  # pesewas per base unit
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The 5-digit code a shop scale prints in price/weight labels (2X PPPPP VVVVV C);
    # master data like a barcode, so an enrolled till reads the labels too.
    plu: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProductUnit(TenantOwned, Base):
    """A unit a product is sold in and how many base units it holds (a carton of 12)."""

    __tablename__ = "inv_units"
    __table_args__ = (ForeignKeyConstraint(*_PRODUCT_FK),)

    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    factor_milli: Mapped[int] = mapped_column(BigInteger)


class Barcode(TenantOwned, Base):
    __tablename__ = "inv_barcodes"
    __table_args__ = (ForeignKeyConstraint(*_PRODUCT_FK),)

    barcode: Mapped[str] = mapped_column(String(64), primary_key=True)
    sku: Mapped[str] = mapped_column(Sku)
    unit: Mapped[str] = mapped_column(String(20))


class PriceList(TenantOwned, Base):
    __tablename__ = "price_lists"

    code: Mapped[str] = mapped_column(Sku, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    inclusive: Mapped[bool] = mapped_column(Boolean, default=True)


class Price(TenantOwned, Base):
    __tablename__ = "prices"
    __table_args__ = (
        ForeignKeyConstraint(*_PRODUCT_FK),
        ForeignKeyConstraint(["tenant_id", "price_list"],
                             ["price_lists.tenant_id", "price_lists.code"]),
    )

    price_list: Mapped[str] = mapped_column(Sku, primary_key=True)
    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    price: Mapped[int] = mapped_column(BigInteger)  # pesewas per unit, in the list's basis
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PriceHistory(TenantOwned, Base):
    """Every price ever published: what a till may have priced a sale at. ``version`` is
    the feed version the price was published at (a till whose cursor reached it has it;
    0 for prices from before the history was kept), ``effective_at`` when it was set.
    Written with the feed change, in the same transaction (``catalogue.prices``)."""

    __tablename__ = "price_history"
    __table_args__ = (
        ForeignKeyConstraint(*_PRODUCT_FK),
        ForeignKeyConstraint(["tenant_id", "price_list"],
                             ["price_lists.tenant_id", "price_lists.code"]),
        Index(None, "tenant_id", "sku"),  # a push loads the history of the SKUs it sold
    )

    price_list: Mapped[str] = mapped_column(Sku, primary_key=True)
    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    price: Mapped[int] = mapped_column(BigInteger)  # pesewas per unit, in the list's basis
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AttributeHistory(TenantOwned, Base):
    """Every value head office gave a product's attributes a till checks a sale by: its
    tax code (``tax_code``), base unit (``base_unit``), weighed or not (``weighed``: 1
    or 0) and how many base units each unit it is sold in holds (``unit``, keyed by the
    unit's name: ``12.000``). ``unit`` is "" for the product's own attributes. As
    ``price_history``: ``version`` is the feed version the value went out at (0 for
    values from before the history was kept), ``effective_at`` when it was set; a row
    is written only when the value changes, with the feed change, in the same
    transaction (``catalogue.attributes``)."""

    __tablename__ = "attribute_history"
    __table_args__ = (
        ForeignKeyConstraint(*_PRODUCT_FK),
        Index(None, "tenant_id", "sku"),  # a push loads the history of the SKUs it sold
    )

    sku: Mapped[str] = mapped_column(Sku, primary_key=True)
    attribute: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    value: Mapped[str] = mapped_column(String(32))
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuickKeyCategory(TenantOwned, Base):
    """A page of the till's quick-key grid (Bread, Kenkey, Water …): goods without a
    barcode the cashier picks by touch or digit. Set at head office, sent to every till."""

    __tablename__ = "quick_key_categories"

    code: Mapped[str] = mapped_column(Sku, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)  # the order of the pages on the till


class QuickKeyItem(TenantOwned, Base):
    """One key of a quick-key page: a product, at a place in the page's order."""

    __tablename__ = "quick_key_items"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "category"],
                             ["quick_key_categories.tenant_id", "quick_key_categories.code"]),
        ForeignKeyConstraint(*_PRODUCT_FK),
    )

    category: Mapped[str] = mapped_column(Sku, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sku: Mapped[str] = mapped_column(Sku)


__all__ = ["AttributeHistory", "Barcode", "Price", "PriceHistory", "PriceList", "Product", "ProductUnit",
           "QuickKeyCategory", "QuickKeyItem"]
