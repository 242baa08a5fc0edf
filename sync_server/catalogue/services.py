"""Importing the catalogue from CSV (the shape of ``catalogue_sample.csv``) and
reading products back.

Each row becomes a product (keyed by SKU, base unit = ``unit``), its units of measure
(the base unit and, when given, the wholesale unit with its quantity), its barcode, a
retail price per base unit and a wholesale price per wholesale unit. Rows that fail a
check are listed with the reason; the others are imported (an existing SKU is
updated). A file that is not a catalogue at all changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from shared.errors import BisamaError
from shared.money import Money, quantity
from shared.payloads import SKU_RE
from shared.tax import TaxCode
from sync_server.audit.services import Actor, record
from sync_server.catalogue.models import Barcode, Price, PriceList, Product, ProductUnit
from sync_server.catalogue.prices import publish_prices
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.db.types import to_milli
from sync_server.errors import Invalid
from sync_server.sync.changes import Change, key_of

COLUMNS = ("sku", "barcode", "name", "unit", "retail_price", "wholesale_unit", "wholesale_qty",
           "wholesale_price", "cost_price", "tax_code", "weighed")
OPTIONAL_COLUMNS = ("plu",)  # the scale's 5-digit PLU (weighed items get one from the SKU)
REQUIRED = ("sku", "name", "unit", "retail_price", "cost_price", "tax_code")
UNIT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 .-]{0,19}$")
BARCODE_RE = re.compile(r"^\d{8,14}$")
PLU_RE = re.compile(r"^\d{5}$")
MAX_ROWS = 200_000


@dataclass
class ImportSummary:
    accepted: int = 0
    created: int = 0
    updated: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "created": self.created, "updated": self.updated,
                "rejected": self.rejected}


@dataclass(frozen=True)
class _Row:
    sku: str
    barcode: str | None
    name: str
    unit: str
    retail: Money
    wholesale_unit: str | None
    wholesale_factor: Decimal | None
    wholesale_price: Money | None
    cost: Money
    tax_code: TaxCode
    weighed: bool
    plu: str | None = None


def ean_ok(code: str) -> bool:
    """GS1 check digit (EAN-8, UPC-A, EAN-13, ITF-14)."""
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    weighted = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - weighted % 10) % 10 == check


def _money(text: str, what: str) -> Money:
    try:
        amount = Money.parse(text)
    except BisamaError as exc:
        raise Invalid(f"{what}: {exc}") from None
    if amount.is_negative:
        raise Invalid(f"{what} cannot be negative")
    return amount


def scale_plu(text: str | None, sku: str, weighed: bool) -> str | None:
    """The PLU a scale label carries for this product: the one given, or for a weighed
    item the last five digits of its SKU (GH-0039 → 00039), as the till's own CSV
    import does, so the same file gives the same labels on both."""
    plu = (text or "").strip() or None
    if plu is None and weighed:
        digits = "".join(ch for ch in sku if ch.isdigit())
        plu = digits[-5:].rjust(5, "0") if digits else None
    if plu is not None and not PLU_RE.match(plu):
        raise Invalid(f"PLU “{plu}” must be 5 digits, as the scale prints it (e.g. 00039)")
    return plu


def _parse_row(raw: dict[str, str]) -> _Row:
    def cell(name: str) -> str:
        return (raw.get(name) or "").strip()

    for name in REQUIRED:
        if not cell(name):
            raise Invalid(f"{name} is empty")
    sku = cell("sku")
    if not SKU_RE.match(sku):
        raise Invalid(f"sku “{sku}” may only use letters, digits and . _ / - (up to 64)")
    name = cell("name")
    if len(name) > 200:
        raise Invalid("name is longer than 200 characters")
    unit = cell("unit")
    if not UNIT_RE.match(unit):
        raise Invalid(f"unit “{unit}” is not a unit name (letters, up to 20)")
    barcode = cell("barcode") or None
    if barcode is not None and (not BARCODE_RE.match(barcode) or not ean_ok(barcode)):
        raise Invalid(f"barcode {barcode} is not a valid EAN/UPC (wrong length or check digit)")
    retail = _money(cell("retail_price"), "retail_price")
    cost = _money(cell("cost_price"), "cost_price")
    try:
        tax_code = TaxCode.parse(cell("tax_code"))
    except BisamaError as exc:
        raise Invalid(f"tax_code: {exc}") from None
    weighed_text = cell("weighed").lower() or "0"
    if weighed_text not in ("0", "1", "yes", "no", "true", "false"):
        raise Invalid("weighed is 0 or 1")
    weighed = weighed_text in ("1", "yes", "true")
    w_unit, w_qty, w_price = cell("wholesale_unit"), cell("wholesale_qty"), cell("wholesale_price")
    factor: Decimal | None = None
    wholesale_price: Money | None = None
    if w_unit or w_qty or w_price:
        if not (w_unit and w_qty and w_price):
            raise Invalid("wholesale_unit, wholesale_qty and wholesale_price go together")
        if not UNIT_RE.match(w_unit) or w_unit == unit:
            raise Invalid(f"wholesale_unit “{w_unit}” must be a unit name other than {unit}")
        try:
            factor = quantity(w_qty)
        except BisamaError as exc:
            raise Invalid(f"wholesale_qty: {exc}") from None
        if factor <= 0:
            raise Invalid("wholesale_qty must be more than zero")
        wholesale_price = _money(w_price, "wholesale_price")
    return _Row(sku, barcode, name, unit, retail, w_unit or None, factor, wholesale_price, cost,
                tax_code, weighed, scale_plu(cell("plu"), sku, weighed))


def read_catalogue(text: str) -> tuple[list[tuple[int, _Row]], list[dict[str, Any]]]:
    """Parse a catalogue CSV: (good rows with their line numbers, rejected rows)."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise Invalid(f"This is not a readable CSV file ({exc}).") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Invalid(f"This is not a catalogue file: the columns {', '.join(missing)} are "
                      "missing. "
                      f"Expected: {','.join(COLUMNS)}")
    reader.fieldnames = header
    good: list[tuple[int, _Row]] = []
    rejected: list[dict[str, Any]] = []
    seen_sku: dict[str, int] = {}
    seen_barcode: dict[str, str] = {}
    seen_plu: dict[str, int] = {}
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise Invalid(f"This is not a readable CSV file ({exc}); nothing was imported.") from None
    for index, raw in enumerate(rows):
        line = index + 2
        if index >= MAX_ROWS:
            raise Invalid(f"The file has more than {MAX_ROWS} rows; split it.")
        sku = (raw.get("sku") or "").strip()
        try:
            row = _parse_row(raw)
            if row.sku in seen_sku:
                raise Invalid(f"sku {row.sku} already appears on line {seen_sku[row.sku]}")
            if row.barcode and seen_barcode.get(row.barcode, row.sku) != row.sku:
                owner = seen_barcode[row.barcode]
                raise Invalid(f"barcode {row.barcode} is already used by {owner}")
            if row.plu and row.plu in seen_plu:
                raise Invalid(f"PLU {row.plu} is also on line {seen_plu[row.plu]}")
        except Invalid as exc:
            rejected.append({"line": line, "sku": sku or None, "reason": str(exc)})
            continue
        seen_sku[row.sku] = line
        if row.barcode:
            seen_barcode[row.barcode] = row.sku
        if row.plu:
            seen_plu[row.plu] = line
        good.append((line, row))
    return good, rejected


def import_catalogue(ctx: ServerContext, scope: TenantScope, actor: Actor, text: str,
                     *, source: str = "CSV") -> ImportSummary:
    good, rejected = read_catalogue(text)
    summary = ImportSummary(rejected=rejected)
    barcodes_in_use = {b.barcode: b.sku for b in scope.scalars(
        select(Barcode).where(Barcode.barcode.in_([r.barcode for _, r in good if r.barcode])))}
    plus_in_use = {p.plu: p.sku for p in scope.scalars(
        select(Product).where(Product.plu.in_([r.plu for _, r in good if r.plu])))}
    accepted: list[_Row] = []
    for line, row in good:
        if row.barcode and barcodes_in_use.get(row.barcode, row.sku) != row.sku:
            summary.rejected.append({"line": line, "sku": row.sku,
                                     "reason": f"barcode {row.barcode} belongs to "
                                               f"{barcodes_in_use[row.barcode]} already"})
            continue
        if row.plu and plus_in_use.get(row.plu, row.sku) != row.sku:
            summary.rejected.append({"line": line, "sku": row.sku,
                                     "reason": f"PLU {row.plu} belongs to "
                                               f"{plus_in_use[row.plu]} already"})
            continue
        accepted.append(row)
    summary.rejected.sort(key=lambda r: int(r["line"]))
    if not accepted:
        return summary
    now = ctx.clock.now()
    existing = {k[0] for k in scope.existing_keys(Product, ["sku"], [(r.sku,) for r in accepted])}
    columns = ("name", "unit", "tax_code", "weighed", "cost_price", "active", "updated_at")
    # A row without a PLU leaves the one the product has (set on the dashboard) alone.
    for with_plu in (True, False):
        scope.upsert_rows(Product, [
            {"sku": r.sku, "name": r.name, "unit": r.unit, "tax_code": r.tax_code.value,
             "weighed": r.weighed, "cost_price": r.cost.pesewas, "active": True,
             "created_at": now, "updated_at": now, **({"plu": r.plu} if with_plu else {})}
            for r in accepted if bool(r.plu) is with_plu],
            (*columns, "plu") if with_plu else columns)
    units = [{"sku": r.sku, "unit": r.unit, "factor_milli": 1000} for r in accepted]
    units += [{"sku": r.sku, "unit": r.wholesale_unit, "factor_milli": to_milli(r.wholesale_factor)}
              for r in accepted if r.wholesale_unit and r.wholesale_factor]
    scope.upsert_rows(ProductUnit, units, ("factor_milli",))
    codes = [{"barcode": r.barcode, "sku": r.sku, "unit": r.unit} for r in accepted if r.barcode]
    scope.upsert_rows(Barcode, codes, ("sku", "unit"))
    lists = set(scope.scalars(select(PriceList.code)))
    prices = [{"price_list": "retail", "sku": r.sku, "unit": r.unit, "price": r.retail.pesewas,
               "updated_at": now} for r in accepted if "retail" in lists]
    prices += [{"price_list": "wholesale", "sku": r.sku, "unit": r.wholesale_unit,
                "price": r.wholesale_price.pesewas, "updated_at": now}
               for r in accepted if r.wholesale_unit and r.wholesale_price and "wholesale" in lists]
    scope.upsert_rows(Price, prices, ("price", "updated_at"))
    summary.accepted = len(accepted)
    summary.created = len(accepted) - len(existing)
    summary.updated = len(existing)
    record(ctx, scope, actor, "product.import", subject=source,
           detail={"accepted": summary.accepted, "rejected": len(summary.rejected)})
    publish_prices(scope, [
        *(Change("product", r.sku) for r in accepted),
        *(Change("unit", key_of(str(u["sku"]), str(u["unit"]))) for u in units),
        *(Change("barcode", c["barcode"]) for c in codes),
        *(Change("price", key_of(str(p["price_list"]), str(p["sku"]), str(p["unit"])))
          for p in prices),
    ], prices, now)
    return summary
