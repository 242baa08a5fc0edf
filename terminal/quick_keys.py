"""Goods without barcodes at the till: the quick-key grid (pages head office set, each
key a product with its shelf price) and the price check (a code's name, prices and stock
at this branch, without touching the cart).

Neither writes anything: the grid's keys go into the cart through ``SaleService.scan``
with the product's SKU, exactly as a scanned code does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.money import Money
from terminal.catalogue import CatalogueService, Product
from terminal.errors import CartError, NotFound
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity
from terminal.store.ledger import from_milli
from terminal.store.quick_keys import read_pages


@dataclass(frozen=True, slots=True)
class QuickKey:
    sku: str
    name: str
    unit: str
    price: Money | None  # on the default list; None when the product has no price there
    weighed: bool


@dataclass(frozen=True, slots=True)
class QuickKeyPage:
    code: str
    name: str
    keys: tuple[QuickKey, ...]


@dataclass(frozen=True, slots=True)
class PriceLine:
    price_list: str
    unit: str
    factor: Decimal  # base units per unit
    price: Money


@dataclass(frozen=True, slots=True)
class PriceCheck:
    product: Product
    prices: tuple[PriceLine, ...]  # every price the till has for it, default list first
    stock: tuple[tuple[str, Decimal], ...]  # (location, base units) at this branch
    here: str  # the till's own location

    @property
    def on_hand_here(self) -> Decimal:
        return dict(self.stock).get(self.here, Decimal(0))


class QuickKeyService:
    def __init__(self, db: Database, catalogue: CatalogueService, identity: TerminalIdentity) -> None:
        self.db = db
        self.catalogue = catalogue
        self.identity = identity  # the till's branch: stock is kept per branch

    def pages(self) -> tuple[QuickKeyPage, ...]:
        """The pages in head office's order; keys of products the till does not know or no
        longer sells are left out, and so is a page left with none."""
        stored = read_pages(self.db)
        products = self._products({sku for page in stored for sku in page.skus})
        out = []
        for page in stored:
            keys = tuple(self._key(products[s]) for s in page.skus if s in products)
            if keys:
                out.append(QuickKeyPage(page.code, page.name, keys))
        return tuple(out)

    def _products(self, skus: set[str]) -> dict[str, Product]:
        found: dict[str, Product] = {}
        for sku in skus:
            try:
                product = self.catalogue.product(sku)
            except NotFound:
                continue
            if product.active:
                found[sku] = product
        return found

    def _key(self, product: Product) -> QuickKey:
        try:
            price: Money | None = self.catalogue.price(
                product.sku, product.base_unit, self.catalogue.settings.default_price_list
            ).price
        except CartError:
            price = None
        return QuickKey(product.sku, product.name, product.base_unit, price, product.weighed)

    # -- price check ------------------------------------------------------------------------
    def price_check(self, code: str) -> PriceCheck:
        """What a scanned or typed code is, what it costs in every unit and on every list,
        and how many this branch holds. Raises ``NotFound`` in the shop's words."""
        product = self.catalogue.scan(code).product
        default = self.catalogue.settings.default_price_list
        units = self.catalogue.units(product.sku)
        rows = self.db.query(
            "SELECT price_list, unit, price FROM prices WHERE sku = ? "
            "ORDER BY price_list != ?, price_list, unit",
            (product.sku, default),
        )
        prices = tuple(
            PriceLine(str(r["price_list"]), str(r["unit"]), units.get(str(r["unit"]), Decimal(1)),
                      Money(int(r["price"])))
            for r in rows
        )
        stock = tuple(
            (str(r["location"]), from_milli(int(r["qty_milli"])))
            for r in self.db.query(
                "SELECT location, qty_milli FROM stock_levels WHERE branch = ? AND sku = ? ORDER BY location",
                (self.identity.branch_code, product.sku),
            )
        )
        return PriceCheck(product, prices, stock, self.catalogue.settings.location)
