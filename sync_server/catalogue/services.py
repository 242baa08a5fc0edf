"""Importing the catalogue from CSV (the shape of ``catalogue_sample.csv``) and
reading products back.

Each row becomes a product (keyed by SKU, base unit = ``unit``), its units of measure
(the base unit and, when given, the wholesale unit with its quantity), its barcodes, a
retail price per base unit and a wholesale price per wholesale unit. The file is read by
``shared.csv_import``, the same reader and rules as the till's import (any spreadsheet
encoding, GS1 check digits). Rows that fail a check are listed with the reason; the
others are imported (an existing SKU is updated). A file that is not a catalogue at all
changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from shared import csv_import
from shared.csv_import import (
    CATALOGUE_COLUMNS,
    CATALOGUE_REQUIRED,
    ImportRejected,
    decode_csv,
    gs1_ok,
    rejected_json,
)
from shared.csv_import import CatalogueRow as _Row
from shared.csv_import import read_catalogue as read_csv_catalogue
from sync_server.audit.services import Actor, record
from sync_server.catalogue.attributes import publish
from sync_server.catalogue.models import Barcode, Price, PriceList, Product, ProductUnit
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.db.types import to_milli
from sync_server.errors import Invalid
from sync_server.sync.changes import Change, key_of

COLUMNS = CATALOGUE_COLUMNS
REQUIRED = CATALOGUE_REQUIRED
UNIT_RE = csv_import.UNIT_RE  # the catalogue editor checks units by the import's rule
BARCODE_RE = re.compile(r"^\d{8,14}$")
PLU_RE = re.compile(r"^\d{5}$")
ean_ok = gs1_ok  # the catalogue editor's name for the GS1 check


def scale_plu(text: str | None, sku: str, weighed: bool) -> str | None:
    """The PLU a scale label carries for this product: the one given, or for a weighed
    item the last five digits of its SKU (GH-0039 → 00039), as the till's own CSV
    import does, so the same file gives the same labels on both."""
    plu = (text or "").strip() or None
    if plu is None and weighed:
        digits = "".join(ch for ch in sku if ch.isdigit())
        plu = digits[-5:].rjust(5, "0") if digits else None
    if plu is not None and not PLU_RE.fullmatch(plu):
        raise Invalid(f"PLU “{plu}” must be 5 digits, as the scale prints it (e.g. 00039)")
    return plu


@dataclass
class ImportSummary:
    accepted: int = 0
    created: int = 0
    updated: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = "UTF-8"  # how the file was read (Excel on Windows: Windows-1252)

    def to_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "created": self.created, "updated": self.updated,
                "rejected": self.rejected, "encoding": self.encoding}


def read_catalogue(text: str, *, encoding: str = "UTF-8") -> tuple[list[tuple[int, _Row]],
                                                                   list[dict[str, Any]]]:
    """Parse a catalogue CSV by the rules the till uses too (``shared.csv_import``):
    (good rows with their line numbers, rejected rows)."""
    try:
        read = read_csv_catalogue(text, encoding=encoding)
    except ImportRejected as exc:
        raise Invalid(str(exc)) from None
    return [(row.line, row) for row in read.rows], rejected_json(read.rejected)


def decode_upload(raw: bytes) -> tuple[str, str]:
    """An uploaded or named file's text, however the spreadsheet saved it."""
    try:
        return decode_csv(raw)
    except ImportRejected as exc:
        raise Invalid(str(exc)) from None


def import_catalogue(ctx: ServerContext, scope: TenantScope, actor: Actor, text: str,
                     *, source: str = "CSV", encoding: str = "UTF-8") -> ImportSummary:
    good, rejected = read_catalogue(text, encoding=encoding)
    summary = ImportSummary(rejected=rejected, encoding=encoding)
    plu_of = {row.sku: scale_plu(row.plu, row.sku, row.weighed) for _, row in good}
    barcodes_in_use = {b.barcode: b.sku for b in scope.scalars(
        select(Barcode).where(Barcode.barcode.in_([c for _, r in good for c, _u in r.barcodes])))}
    plus_in_use = {p.plu: p.sku for p in scope.scalars(
        select(Product).where(Product.plu.in_([p for p in plu_of.values() if p])))}
    accepted: list[_Row] = []
    for line, row in good:
        taken = [c for c, _u in row.barcodes if barcodes_in_use.get(c, row.sku) != row.sku]
        if taken:
            summary.rejected.append({"line": line, "sku": row.sku,
                                     "reason": f"barcode {taken[0]} belongs to "
                                               f"{barcodes_in_use[taken[0]]} already"})
            continue
        plu = plu_of[row.sku]
        if plu and plus_in_use.get(plu, row.sku) != row.sku:
            summary.rejected.append({"line": line, "sku": row.sku,
                                     "reason": f"PLU {plu} belongs to {plus_in_use[plu]} already"})
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
             "created_at": now, "updated_at": now,
             **({"plu": plu_of[r.sku]} if with_plu else {})}
            for r in accepted if bool(plu_of[r.sku]) is with_plu],
            (*columns, "plu") if with_plu else columns)
    units = [{"sku": r.sku, "unit": r.unit, "factor_milli": 1000} for r in accepted]
    units += [{"sku": r.sku, "unit": r.wholesale_unit, "factor_milli": to_milli(r.wholesale_factor)}
              for r in accepted if r.wholesale_unit and r.wholesale_factor]
    scope.upsert_rows(ProductUnit, units, ("factor_milli",))
    codes = [{"barcode": code, "sku": r.sku, "unit": unit} for r in accepted for code, unit in r.barcodes]
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
    publish(scope, [
        *(Change("product", r.sku) for r in accepted),
        *(Change("unit", key_of(str(u["sku"]), str(u["unit"]))) for u in units),
        *(Change("barcode", c["barcode"]) for c in codes),
        *(Change("price", key_of(str(p["price_list"]), str(p["sku"]), str(p["unit"])))
          for p in prices),
    ], now, prices=prices, units=units,
        products=[{"sku": r.sku, "unit": r.unit, "tax_code": r.tax_code.value,
                   "weighed": r.weighed} for r in accepted])
    return summary
