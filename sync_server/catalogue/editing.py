"""Editing the catalogue one thing at a time (the dashboard's back office): a product,
its units of measure, barcodes and prices, and price lists. Every change is audited and
recorded in the pull feed (a price in the price history, a tax code, unit or weighed
flag in the attribute history) in the same transaction,
so the tills get it on their next pull — exactly as a CSV import does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from shared.errors import BisamaError
from shared.money import Money, quantity
from shared.payloads import SKU_RE
from shared.tax import TaxCode
from sync_server.audit.services import Actor, record
from sync_server.catalogue.attributes import publish
from sync_server.catalogue.models import Barcode, Price, PriceList, Product, ProductUnit
from sync_server.catalogue.prices import publish_prices
from sync_server.catalogue.services import BARCODE_RE, UNIT_RE, ean_ok, scale_plu
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.db.types import to_milli
from sync_server.errors import AlreadyExists, Invalid, NotFound
from sync_server.sync.changes import Change, key_of, record_changes


def _tax_code(text: str) -> TaxCode:
    try:
        return TaxCode.parse(text)
    except BisamaError as exc:
        raise Invalid(f"Tax code: {exc}") from None


def save_product(ctx: ServerContext, scope: TenantScope, actor: Actor, *, sku: str, name: str,
                 unit: str, tax_code: str, cost_price: Money, weighed: bool = False,
                 active: bool = True, create: bool = False) -> dict[str, Any]:
    """Create (``create``) or update a product. Its base unit gets a unit row of factor 1."""
    sku = (sku or "").strip()
    if not SKU_RE.fullmatch(sku):
        raise Invalid(f"“{sku}” is not a SKU: letters, digits and . _ / - (up to 64).")
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise Invalid("A product needs a name (up to 200 characters).")
    unit = (unit or "").strip()
    if not UNIT_RE.fullmatch(unit):
        raise Invalid(f"“{unit}” is not a unit name (letters, up to 20), e.g. bottle, kg, tin.")
    code = _tax_code(tax_code)
    if cost_price.is_negative:
        raise Invalid("A cost price cannot be negative.")
    row = scope.get(Product, sku)
    now = ctx.clock.now()
    if create and row is not None:
        raise AlreadyExists(f"Product {sku} already exists; edit it instead.")
    if not create and row is None:
        raise NotFound(f"There is no product {sku}.")
    if row is None:
        scope.add(Product(sku=sku, name=name, unit=unit, tax_code=code.value, weighed=weighed,
                          cost_price=cost_price.pesewas, active=active, created_at=now,
                          updated_at=now))
    else:
        row.name, row.unit, row.tax_code = name, unit, code.value
        row.weighed, row.cost_price, row.active, row.updated_at = (
            weighed, cost_price.pesewas, active, now)
    scope.flush()
    scope.upsert_rows(ProductUnit, [{"sku": sku, "unit": unit, "factor_milli": 1000}],
                      ("factor_milli",))
    record(ctx, scope, actor, "product.add" if create else "product.edit", subject=sku,
           detail={"name": name, "unit": unit, "tax_code": code.value, "active": active})
    publish(scope, [Change("product", sku), Change("unit", key_of(sku, unit))], now,
            products=[{"sku": sku, "unit": unit, "tax_code": code.value, "weighed": weighed}],
            units=[{"sku": sku, "unit": unit, "factor_milli": 1000}])
    return {"sku": sku, "name": name, "unit": unit, "tax_code": code.value, "active": active}


def _product(scope: TenantScope, sku: str) -> Product:
    row = scope.get(Product, sku)
    if row is None:
        raise NotFound(f"There is no product {sku}.")
    return row


def set_unit(ctx: ServerContext, scope: TenantScope, actor: Actor, *, sku: str, unit: str,
             factor: str) -> dict[str, Any]:
    """A unit the product is sold in and how many base units it holds (a carton of 12)."""
    product = _product(scope, sku)
    unit = (unit or "").strip()
    if not UNIT_RE.fullmatch(unit):
        raise Invalid(f"“{unit}” is not a unit name (letters, up to 20), e.g. carton.")
    try:
        amount = quantity(factor)
    except BisamaError as exc:
        raise Invalid(f"Base units per {unit}: {exc}") from None
    if amount <= 0:
        raise Invalid(f"A {unit} must hold more than zero {product.unit}.")
    if unit == product.unit and amount != Decimal(1):
        raise Invalid(f"{unit} is the base unit: it holds exactly 1.")
    row = {"sku": sku, "unit": unit, "factor_milli": to_milli(amount)}
    scope.upsert_rows(ProductUnit, [row], ("factor_milli",))
    record(ctx, scope, actor, "product.unit", subject=sku, detail={"unit": unit,
                                                                     "factor": str(amount)})
    publish(scope, [Change("unit", key_of(sku, unit))], ctx.clock.now(), units=[row])
    return {"sku": sku, "unit": unit, "factor": str(amount)}


def set_plu(ctx: ServerContext, scope: TenantScope, actor: Actor, *, sku: str,
            plu: str | None) -> dict[str, Any]:
    """The PLU the shop's scale prints in this product's labels (5 digits), or none;
    the tills get it with the product on their next pull."""
    product = _product(scope, sku)
    code = scale_plu(plu, sku, weighed=False)
    if code is not None:
        owner = scope.scalar(select(Product.sku).where(Product.plu == code, Product.sku != sku))
        if owner is not None:
            raise AlreadyExists(f"PLU {code} is already {owner}'s; a scale label can name only "
                                "one product.")
    product.plu, product.updated_at = code, ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "product.plu", subject=sku, detail={"plu": code})
    record_changes(scope, [Change("product", sku)])
    return {"sku": sku, "plu": code or "none"}


def _units(scope: TenantScope, sku: str) -> set[str]:
    return set(scope.scalars(select(ProductUnit.unit).where(ProductUnit.sku == sku)))


def add_barcode(ctx: ServerContext, scope: TenantScope, actor: Actor, *, sku: str, barcode: str,
                unit: str) -> dict[str, Any]:
    _product(scope, sku)
    barcode = (barcode or "").strip()
    if not BARCODE_RE.fullmatch(barcode) or not ean_ok(barcode):
        raise Invalid(f"{barcode} is not a valid EAN/UPC barcode (wrong length or check digit).")
    if unit not in _units(scope, sku):
        raise Invalid(f"{sku} is not sold by the {unit}; add the unit first.")
    owner = scope.get(Barcode, barcode)
    if owner is not None and owner.sku != sku:
        raise AlreadyExists(f"Barcode {barcode} already belongs to {owner.sku}.")
    scope.upsert_rows(Barcode, [{"barcode": barcode, "sku": sku, "unit": unit}], ("sku", "unit"))
    record(ctx, scope, actor, "product.barcode", subject=sku, detail={"barcode": barcode,
                                                                        "unit": unit})
    record_changes(scope, [Change("barcode", barcode)])
    return {"barcode": barcode, "sku": sku, "unit": unit}


def remove_barcode(ctx: ServerContext, scope: TenantScope, actor: Actor, *,
                   barcode: str) -> None:
    row = scope.get(Barcode, barcode)
    if row is None:
        raise NotFound(f"There is no barcode {barcode}.")
    scope.execute(delete(Barcode).where(Barcode.barcode == barcode))
    record(ctx, scope, actor, "product.barcode_remove", subject=row.sku,
           detail={"barcode": barcode})
    record_changes(scope, [Change("barcode", barcode, deleted=True)])


def set_price(ctx: ServerContext, scope: TenantScope, actor: Actor, *, price_list: str,
              sku: str, unit: str, price: Money) -> dict[str, Any]:
    _product(scope, sku)
    if scope.get(PriceList, price_list) is None:
        raise NotFound(f"There is no price list {price_list}.")
    if unit not in _units(scope, sku):
        raise Invalid(f"{sku} is not sold by the {unit}; add the unit first.")
    if price.is_negative:
        raise Invalid("A price cannot be negative.")
    now = ctx.clock.now()
    row = {"price_list": price_list, "sku": sku, "unit": unit, "price": price.pesewas}
    scope.upsert_rows(Price, [{**row, "updated_at": now}], ("price", "updated_at"))
    record(ctx, scope, actor, "price.set", subject=sku,
           detail={"price_list": price_list, "unit": unit, "price": str(price)})
    publish_prices(scope, [Change("price", key_of(price_list, sku, unit))], [row], now)
    return {"price_list": price_list, "sku": sku, "unit": unit, "price": str(price)}


def add_price_list(ctx: ServerContext, scope: TenantScope, actor: Actor, *, code: str, name: str,
                   inclusive: bool) -> dict[str, Any]:
    code = (code or "").strip().lower()
    if not SKU_RE.fullmatch(code):
        raise Invalid(f"“{code}” is not a price list code (letters, digits, - or _).")
    name = (name or "").strip()
    if not name:
        raise Invalid("A price list needs a name.")
    if scope.get(PriceList, code) is not None:
        raise AlreadyExists(f"Price list {code} already exists.")
    scope.add(PriceList(code=code, name=name[:100], inclusive=inclusive))
    scope.flush()
    record(ctx, scope, actor, "price_list.add", subject=code, detail={"inclusive": inclusive})
    record_changes(scope, [Change("price_list", code)])
    return {"code": code, "name": name, "inclusive": inclusive}


def copy_product(ctx: ServerContext, scope: TenantScope, actor: Actor, *, sku: str,
                 source: str, name: str | None = None) -> dict[str, Any]:
    """A new SKU with the unit, tax code, cost, units and prices of an existing product
    (barcodes stay with the original): how a till's unknown SKU is attached to the
    catalogue when it is really a known item under another code."""
    original = _product(scope, source)
    made = save_product(ctx, scope, actor, sku=sku, name=name or original.name,
                        unit=original.unit, tax_code=original.tax_code,
                        cost_price=Money(original.cost_price), weighed=original.weighed,
                        create=True)
    for unit in scope.scalars(select(ProductUnit).where(ProductUnit.sku == source)):
        if unit.unit != original.unit:
            set_unit(ctx, scope, actor, sku=sku, unit=unit.unit,
                     factor=str(Decimal(unit.factor_milli) / 1000))
    for price in scope.scalars(select(Price).where(Price.sku == source)):
        set_price(ctx, scope, actor, price_list=price.price_list, sku=sku, unit=price.unit,
                  price=Money(price.price))
    return made


def product_detail(scope: TenantScope, sku: str) -> dict[str, Any]:
    product = _product(scope, sku)
    units = scope.scalars(select(ProductUnit).where(ProductUnit.sku == sku)
                          .order_by(ProductUnit.factor_milli))
    barcodes = scope.scalars(select(Barcode).where(Barcode.sku == sku).order_by(Barcode.barcode))
    prices = scope.scalars(select(Price).where(Price.sku == sku)
                           .order_by(Price.price_list, Price.unit))
    return {"product": product, "units": units, "barcodes": barcodes, "prices": prices,
            "price_lists": scope.scalars(select(PriceList).order_by(PriceList.code))}
