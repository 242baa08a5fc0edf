"""The price history: every price head office published, with the feed version it went
out at and when it took effect — and the question a push asks of it, "could a till at
this catalogue revision have been given this price?".

Every price change records its feed change and its history row in one transaction
(``publish_prices``), so the history and the feed never disagree. The history is read
once per pushed batch, for the SKUs the batch sold (``PriceBook.load``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from sync_server.catalogue.models import PriceHistory
from sync_server.db.scope import TenantScope
from sync_server.sync.changes import Change, key_of, record_changes_versions

_CHUNK = 500


def publish_prices(scope: TenantScope, changes: Iterable[Change],
                   prices: Sequence[Mapping[str, Any]], now: datetime) -> int:
    """``record_changes`` for a change that sets ``prices`` (rows with ``price_list``,
    ``sku``, ``unit``, ``price``; their ``price`` changes must be among ``changes``),
    and a history row for each at the feed version it was given. Returns the tenant's
    new feed version. (A change of products or units too: ``catalogue.attributes.publish``.)"""
    versions = record_changes_versions(scope, changes)
    record_price_history(scope, versions, prices, now)
    return max(versions.values(), default=0)


def record_price_history(scope: TenantScope, versions: Mapping[tuple[str, str], int],
                         prices: Sequence[Mapping[str, Any]], now: datetime) -> None:
    """A history row for each of ``prices`` at the feed version its change was given."""
    rows = [{"price_list": p["price_list"], "sku": p["sku"], "unit": p["unit"],
             "version": versions[("price", key_of(str(p["price_list"]), str(p["sku"]),
                                                  str(p["unit"])))],
             "price": p["price"], "effective_at": now} for p in prices]
    if rows:
        scope.upsert_rows(PriceHistory, rows, ("price", "effective_at"))


@dataclass(frozen=True, slots=True)
class Published:
    version: int
    price: int
    effective_at: datetime


@dataclass(frozen=True, slots=True)
class Known:
    """What a till could know of one price (price list, SKU, unit) at a revision or time:
    the price in force then (None: the list had none) and those published after it. A
    later price is head office's own figure, and a till can hold one before its cursor
    says so (a pull applies its pages before it stores the cursor, and a page reads each
    price as it is when the page is read); a made-up price, or one head office had
    already replaced, is in neither."""

    in_force: int | None
    later: tuple[int, ...]

    def allows(self, price: int) -> bool:
        return price == self.in_force or price in self.later


class PriceBook:
    """The published prices of some SKUs, by (price list, SKU, unit), oldest first."""

    def __init__(self) -> None:
        self._by_version: dict[tuple[str, str, str], list[Published]] = defaultdict(list)
        self._by_time: dict[tuple[str, str, str], list[Published]] = {}

    @classmethod
    def load(cls, scope: TenantScope, skus: Iterable[str]) -> PriceBook:
        book = cls()
        wanted = sorted(set(skus))
        for start in range(0, len(wanted), _CHUNK):
            for row in scope.execute(
                    select(PriceHistory.price_list, PriceHistory.sku, PriceHistory.unit,
                           PriceHistory.version, PriceHistory.price, PriceHistory.effective_at)
                    .where(PriceHistory.sku.in_(wanted[start:start + _CHUNK]))):
                book.add(row.price_list, row.sku, row.unit,
                         Published(int(row.version), int(row.price), row.effective_at))
        book.seal()
        return book

    def add(self, price_list: str, sku: str, unit: str, published: Published) -> None:
        self._by_version[(price_list, sku, unit)].append(published)

    def seal(self) -> None:
        for key, rows in self._by_version.items():
            rows.sort(key=lambda p: p.version)
            self._by_time[key] = sorted(rows, key=lambda p: (p.effective_at, p.version))

    def known(self, price_list: str, sku: str, unit: str, *, revision: int | None,
              at: datetime) -> Known:
        """The price in force at ``revision`` (a schema-2 sale), or at ``at`` (a schema-1
        sale: its own time), and the prices published after."""
        key = (price_list, sku, unit)
        if revision is not None:
            rows = self._by_version.get(key, [])
            cut = bisect_right([p.version for p in rows], revision)
        else:
            rows = self._by_time.get(key, [])
            cut = bisect_right([p.effective_at for p in rows], at)
        return Known(rows[cut - 1].price if cut else None, tuple(p.price for p in rows[cut:]))


__all__ = ["Known", "PriceBook", "Published", "publish_prices", "record_price_history"]
