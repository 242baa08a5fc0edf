"""The attribute history: every tax code, base unit, weighed flag and unit factor head
office published for a product, with the feed version it went out at and when it took
effect — and the question a push asks of it, "could a till at this catalogue revision
(or, for a sale of schema 1, at this time) have been given this value?", exactly as
``catalogue.prices`` asks it of prices.

Every change of a product or a unit publishes its feed change and its history rows in
one transaction (``publish``), so the history and the feed never disagree. A row is
written only when a value changes (renaming a product adds none). The history is read
once per pushed batch, for the SKUs the batch sold (``AttributeBook.load``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from sync_server.catalogue.models import AttributeHistory
from sync_server.catalogue.prices import record_price_history
from sync_server.db.scope import TenantScope
from sync_server.sync.changes import Change, key_of, record_changes_versions

_CHUNK = 500
TAX_CODE, BASE_UNIT, WEIGHED, UNIT = "tax_code", "base_unit", "weighed", "unit"


def factor_text(factor_milli: int) -> str:
    """A unit's factor as the history keeps it: base units with three places (12.000)."""
    return f"{factor_milli // 1000}.{factor_milli % 1000:03d}"


def _values(products: Iterable[Mapping[str, Any]],
            units: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str, str], str]:
    values: dict[tuple[str, str, str], str] = {}
    for p in products:
        sku = str(p["sku"])
        values[(sku, TAX_CODE, "")] = str(p["tax_code"])
        values[(sku, BASE_UNIT, "")] = str(p["unit"])
        values[(sku, WEIGHED, "")] = "1" if p["weighed"] else "0"
    for u in units:
        values[(str(u["sku"]), UNIT, str(u["unit"]))] = factor_text(int(u["factor_milli"]))
    return values


def _latest(scope: TenantScope, skus: Sequence[str]) -> dict[tuple[str, str, str], str]:
    latest: dict[tuple[str, str, str], tuple[int, str]] = {}
    for start in range(0, len(skus), _CHUNK):
        for row in scope.execute(
                select(AttributeHistory.sku, AttributeHistory.attribute, AttributeHistory.unit,
                       AttributeHistory.version, AttributeHistory.value)
                .where(AttributeHistory.sku.in_(skus[start:start + _CHUNK]))):
            key = (row.sku, row.attribute, row.unit)
            if key not in latest or int(row.version) > latest[key][0]:
                latest[key] = (int(row.version), row.value)
    return {key: value for key, (_, value) in latest.items()}


def record_attribute_history(scope: TenantScope, versions: Mapping[tuple[str, str], int],
                             products: Sequence[Mapping[str, Any]],
                             units: Sequence[Mapping[str, Any]], now: datetime) -> None:
    """A history row for each attribute of ``products`` (rows with ``sku``, ``unit``,
    ``tax_code``, ``weighed``) and factor of ``units`` (``sku``, ``unit``,
    ``factor_milli``) that differs from the last one kept, at the feed version its
    product or unit change was given (``versions``)."""
    values = _values(products, units)
    if not values:
        return
    latest = _latest(scope, sorted({sku for sku, _, _ in values}))
    rows = []
    for (sku, attribute, unit), value in sorted(values.items()):
        if latest.get((sku, attribute, unit)) == value:
            continue
        change = ("unit", key_of(sku, unit)) if attribute == UNIT else ("product", sku)
        rows.append({"sku": sku, "attribute": attribute, "unit": unit,
                     "version": versions[change], "value": value, "effective_at": now})
    scope.upsert_rows(AttributeHistory, rows, ("value", "effective_at"))


def publish(scope: TenantScope, changes: Iterable[Change], now: datetime, *,
            products: Sequence[Mapping[str, Any]] = (),
            units: Sequence[Mapping[str, Any]] = (),
            prices: Sequence[Mapping[str, Any]] = ()) -> int:
    """``record_changes`` for a change of the catalogue, with the history of what it
    set: the attributes of ``products`` and ``units`` (their ``product`` and ``unit``
    changes must be among ``changes``) and ``prices`` (``catalogue.prices``). Call last
    in the transaction. Returns the tenant's new feed version."""
    versions = record_changes_versions(scope, changes)
    record_attribute_history(scope, versions, products, units, now)
    record_price_history(scope, versions, prices, now)
    return max(versions.values(), default=0)


@dataclass(frozen=True, slots=True)
class _Published:
    version: int
    value: str
    effective_at: datetime


@dataclass(frozen=True, slots=True)
class KnownValue:
    """What a till could know of one attribute at a revision or time: the value in force
    then (None: none was published yet) and those published after it (a till may hold
    a later value before its cursor says so, as with prices)."""

    in_force: str | None
    later: tuple[str, ...]

    @property
    def values(self) -> set[str]:
        return {v for v in (self.in_force, *self.later) if v is not None}


class AttributeBook:
    """The published attributes of some SKUs, by (SKU, attribute, unit), oldest first."""

    def __init__(self) -> None:
        self._by_version: dict[tuple[str, str, str], list[_Published]] = defaultdict(list)
        self._by_time: dict[tuple[str, str, str], list[_Published]] = {}

    @classmethod
    def load(cls, scope: TenantScope, skus: Iterable[str]) -> AttributeBook:
        book = cls()
        wanted = sorted(set(skus))
        for start in range(0, len(wanted), _CHUNK):
            for row in scope.execute(
                    select(AttributeHistory.sku, AttributeHistory.attribute,
                           AttributeHistory.unit, AttributeHistory.version,
                           AttributeHistory.value, AttributeHistory.effective_at)
                    .where(AttributeHistory.sku.in_(wanted[start:start + _CHUNK]))):
                book._by_version[(row.sku, row.attribute, row.unit)].append(
                    _Published(int(row.version), row.value, row.effective_at))
        for key, rows in book._by_version.items():
            rows.sort(key=lambda p: p.version)
            book._by_time[key] = sorted(rows, key=lambda p: (p.effective_at, p.version))
        return book

    def known(self, sku: str, attribute: str, unit: str = "", *, revision: int | None,
              at: datetime) -> KnownValue:
        """The value in force at ``revision`` (a schema-2 sale) or at ``at`` (a schema-1
        sale: its own time), and the values published after."""
        key = (sku, attribute, unit)
        if revision is not None:
            rows = self._by_version.get(key, [])
            cut = bisect_right([p.version for p in rows], revision)
        else:
            rows = self._by_time.get(key, [])
            cut = bisect_right([p.effective_at for p in rows], at)
        return KnownValue(rows[cut - 1].value if cut else None,
                          tuple(p.value for p in rows[cut:]))


__all__ = ["BASE_UNIT", "TAX_CODE", "UNIT", "WEIGHED", "AttributeBook", "KnownValue",
           "factor_text", "publish", "record_attribute_history"]
