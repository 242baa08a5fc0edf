"""The catalogue at the till: what a scan or a typed name finds, what it costs on a
price list, and the CSV import of a standalone till (read by ``shared.csv_import``: the
same rules as head office's import).

A scan is one indexed lookup: the barcode table first (a carton's own barcode sells the
carton), then a scale label (2x prefix: PLU with weight or price), then the SKU. Name
search runs on the FTS5 index with prefix matching, so "mil 40" finds "Milo 400g".
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from shared.csv_import import CatalogueRow, ImportRejected, Read, Rejected, decode_csv, read_catalogue
from shared.money import Money
from shared.tax import TaxCode
from terminal.barcodes import read_scale_label
from terminal.clock import Clock, stamp
from terminal.errors import CartError, ImportFailed, NotFound
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.masterdata import ProductRecord, write_products
from terminal.store.settings import Settings

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    base_unit: str
    tax_code: TaxCode
    weighed: bool
    cost_price: Money  # per base unit
    active: bool


@dataclass(frozen=True, slots=True)
class Scan:
    """What a scanned or typed code means: a product in a unit, perhaps with the
    quantity (weight label) or the price (price label) the scale printed."""

    product: Product
    unit: str
    qty: Decimal | None = None
    label_price: Money | None = None


@dataclass(frozen=True, slots=True)
class PriceQuote:
    price: Money
    inclusive: bool
    price_list: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    products: int
    barcodes: int
    prices: int
    rejected: tuple[Rejected, ...] = ()  # rows left out, with the reason
    summary: str = ""  # the whole outcome in words, for the screen and the command line


def _product(row: sqlite3.Row) -> Product:
    r = row  # sqlite3.Row
    return Product(
        r["sku"],
        r["name"],
        r["base_unit"],
        TaxCode(r["tax_code"]),
        bool(r["weighed"]),
        Money(r["cost_price"]),
        bool(r["active"]),
    )


def fts_query(text: str) -> str | None:
    tokens = [t for t in _TOKEN.findall(text.lower()) if t]
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens[:8])


class CatalogueService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings

    # -- lookups --------------------------------------------------------------------
    def product(self, sku: str) -> Product:
        row = self.db.one("SELECT * FROM products WHERE sku = ?", (sku,))
        if row is None:
            raise NotFound(f"No product has the code “{sku}”.")
        return _product(row)

    def scan(self, code: str) -> Scan:
        """A barcode, scale label or SKU → what to put in the cart."""
        code = code.strip()
        if not code:
            raise NotFound("Nothing was scanned.")
        row = self.db.one(
            "SELECT p.*, b.unit AS scanned_unit FROM barcodes b JOIN products p "
            "ON p.sku = b.sku WHERE b.code = ?",
            (code,),
        )
        if row is not None:
            return Scan(_product(row), row["scanned_unit"])
        label = read_scale_label(code, self.settings.weighed_prefixes)
        if label is not None:
            row = self.db.one("SELECT * FROM products WHERE plu = ?", (label.plu,))
            if row is None:
                raise NotFound(
                    f"The scale label {code} is for PLU {label.plu}, which no product has. "
                    "Check the scale's PLU list."
                )
            product = _product(row)
            return Scan(product, product.base_unit, qty=label.weight, label_price=label.price)
        row = self.db.one("SELECT * FROM products WHERE sku = ? COLLATE NOCASE", (code,))
        if row is not None:
            product = _product(row)
            return Scan(product, product.base_unit)
        raise NotFound(f"“{code}” is not in the catalogue. Search by name or ask the manager to add it.")

    def search(self, text: str, limit: int = 20) -> tuple[Product, ...]:
        query = fts_query(text)
        if query is None:
            return ()
        rows = self.db.query(
            "SELECT p.* FROM products_fts f JOIN products p ON p.rowid = f.rowid "
            "WHERE products_fts MATCH ? AND p.active = 1 ORDER BY f.rank LIMIT ?",
            (query, limit),
        )
        return tuple(_product(r) for r in rows)

    def units(self, sku: str) -> dict[str, Decimal]:
        return {
            r["unit"]: Decimal(r["factor"])
            for r in self.db.query("SELECT unit, factor FROM product_units WHERE sku = ?", (sku,))
        }

    def unit_factor(self, sku: str, unit: str) -> Decimal:
        value = self.db.scalar("SELECT factor FROM product_units WHERE sku = ? AND unit = ?", (sku, unit))
        if value is None:
            raise CartError(f"{sku} is not sold by the {unit}.")
        return Decimal(value)

    def price(self, sku: str, unit: str, price_list: str) -> PriceQuote:
        """The price of ``unit`` on ``price_list``; failing that, on the default list if it
        has the same tax basis (a wholesale customer buying one bottle pays the shelf
        price); failing that, the base unit's price times the unit's size (a walk-in buying
        a carton pays twelve bottles)."""
        lists = self.price_lists()
        if price_list not in lists:
            raise CartError(f"There is no price list “{price_list}”.")
        candidates = [price_list]
        default = self.settings.default_price_list
        if default != price_list and lists.get(default) == lists[price_list]:
            candidates.append(default)
        base = self.db.scalar("SELECT base_unit FROM products WHERE sku = ?", (sku,))
        for wanted in (unit, base):
            if wanted is None or (wanted == base and wanted != unit and unit is None):
                continue
            for code in candidates:
                value = self.db.scalar(
                    "SELECT price FROM prices WHERE price_list = ? AND sku = ? AND unit = ?",
                    (code, sku, wanted),
                )
                if value is None:
                    continue
                price = Money(int(value))
                if wanted != unit:
                    price = price.times(self.unit_factor(sku, unit))
                return PriceQuote(price, lists[price_list], price_list)
        raise CartError(f"{sku} has no {unit} price on the {price_list} list. Ask the manager to set one.")

    def price_lists(self) -> dict[str, bool]:
        return {
            r["code"]: bool(r["inclusive"]) for r in self.db.query("SELECT code, inclusive FROM price_lists")
        }

    def count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM products WHERE active = 1"))

    # -- import ---------------------------------------------------------------------
    def import_csv(self, source: Path | str, user: str | None = None) -> ImportReport:
        """Import a catalogue CSV (the shape of ``catalogue_sample.csv``) by head office's
        rules (``shared.csv_import``): a file from Excel in any encoding; the good rows are
        imported, the bad ones listed in the report with their reasons. Raises
        ``ImportFailed`` when the file is not a catalogue or no row is good."""
        text, encoding = csv_text(source)
        try:
            read = read_catalogue(text, encoding=encoding)
        except ImportRejected as exc:
            raise ImportFailed(str(exc)) from None
        records = _records(read)
        if not records:
            problems = tuple(r.words() for r in read.rejected)
            said = read.summary("products") if problems else "the file has no products."
            raise ImportFailed(f"Nothing was imported: {said}", problems)
        at = stamp(self.clock.now())
        with self.db.transaction() as conn:
            write_products(conn, records, at)
            audit(conn, at, user, "import_catalogue", None, products=len(records),
                  rejected=len(read.rejected))
        return ImportReport(
            len(records),
            sum(len(r.barcodes) for r in records),
            sum(len(r.prices) for r in records),
            tuple(read.rejected),
            read.summary("products"),
        )


def csv_text(source: Path | str) -> tuple[str, str]:
    """A file's text however the spreadsheet saved it (UTF-8, UTF-16 or Windows-1252)."""
    if isinstance(source, str):
        return source, "UTF-8"
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"The file {source} cannot be read: {exc.strerror or exc}.") from None
    try:
        return decode_csv(raw)
    except ImportRejected as exc:
        raise ImportFailed(str(exc)) from None


def _records(read: Read[CatalogueRow]) -> list[ProductRecord]:
    """The till's records of the good rows. A weighed item without a PLU gets one from its
    SKU's digits (the scale's labels carry it); a clash with another row's PLU rejects it."""
    records: list[ProductRecord] = []
    plus = {row.plu: row.line for row in read.rows if row.plu}
    for row in read.rows:
        plu = row.plu
        if plu is None and row.weighed:
            digits = "".join(ch for ch in row.sku if ch.isdigit())
            plu = digits[-5:].rjust(5, "0") if digits else None
            if plu is not None and plu in plus:
                read.rejected.append(Rejected(row.line, row.sku, f"its PLU {plu} (from the SKU) is already "
                                              f"used on line {plus[plu]}; give it a plu"))
                continue
            if plu is not None:
                plus[plu] = row.line
        units: tuple[tuple[str, Decimal], ...] = ()
        prices: list[tuple[str, str, Money]] = [("retail", row.unit, row.retail)]
        if row.wholesale_unit and row.wholesale_factor is not None and row.wholesale_price is not None:
            units = ((row.wholesale_unit, row.wholesale_factor),)
            prices.append(("wholesale", row.wholesale_unit, row.wholesale_price))
        records.append(
            ProductRecord(
                sku=row.sku,
                name=row.name,
                base_unit=row.unit,
                tax_code=row.tax_code.value,
                cost_price=row.cost,
                weighed=row.weighed,
                plu=plu,
                units=units,
                barcodes=row.barcodes,
                prices=tuple(prices),
            )
        )
    read.rejected.sort(key=lambda r: r.line)
    return records

