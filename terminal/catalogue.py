"""The catalogue at the till: what a scan or a typed name finds, what it costs on a
price list, and the CSV import of a standalone till.

A scan is one indexed lookup: the barcode table first (a carton's own barcode sells the
carton), then a scale label (2x prefix: PLU with weight or price), then the SKU. Name
search runs on the FTS5 index with prefix matching, so "mil 40" finds "Milo 400g".
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from shared.errors import BisamaError
from shared.money import Money, quantity
from shared.payloads import SKU_RE
from shared.tax import TaxCode
from terminal.barcodes import read_scale_label, valid_gs1
from terminal.clock import Clock, stamp
from terminal.errors import CartError, ImportFailed, NotFound
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.masterdata import ProductRecord, write_products
from terminal.store.settings import Settings

CATALOGUE_COLUMNS = (
    "sku",
    "barcode",
    "name",
    "unit",
    "retail_price",
    "wholesale_unit",
    "wholesale_qty",
    "wholesale_price",
    "cost_price",
    "tax_code",
    "weighed",
)
OPTIONAL_COLUMNS = ("plu", "wholesale_barcode")
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
        """Import a catalogue CSV (the shape of ``catalogue_sample.csv``). Every row is
        checked first; with any bad row nothing is imported and every problem is listed."""
        text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
        records = parse_catalogue(text)
        at = stamp(self.clock.now())
        with self.db.transaction() as conn:
            write_products(conn, records, at)
            audit(conn, at, user, "import_catalogue", None, products=len(records))
        return ImportReport(
            len(records), sum(len(r.barcodes) for r in records), sum(len(r.prices) for r in records)
        )


def _split_codes(text: str) -> list[str]:
    return [c for c in re.split(r"[|;\s]+", text.strip()) if c]


def parse_catalogue(text: str) -> list[ProductRecord]:
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    missing = [c for c in CATALOGUE_COLUMNS if c not in header]
    if missing:
        raise ImportFailed(
            f"The catalogue file is missing the column(s) {', '.join(missing)}. "
            f"Expected: {','.join(CATALOGUE_COLUMNS)}."
        )
    unknown = [c for c in header if c not in CATALOGUE_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise ImportFailed(f"The catalogue file has column(s) this till does not know: {', '.join(unknown)}.")
    problems: list[str] = []
    records: list[ProductRecord] = []
    seen_sku: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    seen_plu: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        where = f"line {line}"
        try:
            record = _catalogue_row(row)
        except (BisamaError, ValueError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        if record.sku in seen_sku:
            problems.append(f"{where}: SKU {record.sku} is also on line {seen_sku[record.sku]}")
            continue
        seen_sku[record.sku] = line
        for code, _unit in record.barcodes:
            if code in seen_code:
                problems.append(f"{where}: barcode {code} is also on line {seen_code[code]}")
            seen_code[code] = line
        if record.plu:
            if record.plu in seen_plu:
                problems.append(f"{where}: PLU {record.plu} is also on line {seen_plu[record.plu]}")
            seen_plu[record.plu] = line
        records.append(record)
    if problems:
        shown = "; ".join(problems[:10]) + (f" … and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise ImportFailed(f"Nothing was imported: {len(problems)} row problem(s). {shown}", tuple(problems))
    if not records:
        raise ImportFailed("The catalogue file has no products.")
    return records


def _catalogue_row(row: dict[str, str | None]) -> ProductRecord:
    def get(name: str) -> str:
        return (row.get(name) or "").strip()

    sku = get("sku")
    if not SKU_RE.match(sku):
        raise ValueError(f"“{sku}” is not a valid SKU (letters, digits, . _ / -; at most 64)")
    name = get("name")
    if not name or len(name) > 200:
        raise ValueError("the name is empty or longer than 200 characters")
    unit = get("unit")
    if not unit or len(unit) > 20:
        raise ValueError("the unit is empty or longer than 20 characters")
    retail = Money.parse(get("retail_price"))
    cost = Money.parse(get("cost_price")) if get("cost_price") else Money.ZERO
    if retail.is_negative or cost.is_negative:
        raise ValueError("prices cannot be negative")
    tax_code = TaxCode.parse(get("tax_code") or "B")
    weighed_text = get("weighed") or "0"
    if weighed_text not in ("0", "1"):
        raise ValueError("weighed must be 0 or 1")
    weighed = weighed_text == "1"
    codes = _split_codes(get("barcode"))
    for code in codes:
        if code.isdigit() and len(code) in (8, 12, 13, 14) and not valid_gs1(code):
            raise ValueError(f"barcode {code} has a wrong check digit")
    barcodes = [(c, unit) for c in codes]
    prices = [("retail", unit, retail)]
    units: list[tuple[str, Decimal]] = []
    w_unit, w_qty, w_price = get("wholesale_unit"), get("wholesale_qty"), get("wholesale_price")
    if any((w_unit, w_qty, w_price)):
        if not all((w_unit, w_qty, w_price)):
            raise ValueError("wholesale_unit, wholesale_qty and wholesale_price go together")
        factor = quantity(w_qty)
        if factor <= 0:
            raise ValueError("wholesale_qty must be more than zero")
        if w_unit == unit:
            raise ValueError("the wholesale unit must differ from the retail unit")
        units.append((w_unit, factor))
        wholesale = Money.parse(w_price)
        prices.append(("wholesale", w_unit, wholesale))
        for code in _split_codes(get("wholesale_barcode")):
            barcodes.append((code, w_unit))
    plu = get("plu") or None
    if plu is None and weighed:
        digits = "".join(ch for ch in sku if ch.isdigit())
        plu = digits[-5:].rjust(5, "0") if digits else None
    if plu is not None and not (plu.isdigit() and len(plu) == 5):
        raise ValueError(f"PLU “{plu}” must be 5 digits")
    return ProductRecord(
        sku=sku,
        name=name,
        base_unit=unit,
        tax_code=tax_code.value,
        cost_price=cost,
        weighed=weighed,
        plu=plu,
        units=tuple(units),
        barcodes=tuple(barcodes),
        prices=tuple(prices),
    )
