"""Recording what changed for the tills' pull feed.

Every service that changes something a till needs (a product, a price, a user, a
customer's balance, branch stock, a period's status, a revoked terminal …) calls
``record_changes`` in the same transaction. Each changed thing gets the next feed
version of its tenant; the feed keeps one row per thing, so a till that pulls from an
old cursor gets each thing once, in its latest state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from sync_server.db.scope import TenantScope
from sync_server.sync.models import FeedCounter, FeedEntry

ENTITIES = ("tenant", "branch", "tax_profile", "period", "price_list", "product", "unit",
            "barcode", "price", "quick_keys", "user", "customer", "stock", "revocation",
            "momo_ref", "evat_clearance")
KEY_SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Change:
    entity: str
    key: str
    branch: str | None = None  # only this branch's tills need it (branch stock)
    deleted: bool = False


def _feed_order(change: Change) -> tuple[int, str]:
    # Things others refer to come first (a product before its prices), which spares a
    # till that applies one page at a time most forward references.
    return ENTITIES.index(change.entity), change.key


def key_of(*parts: str) -> str:
    return KEY_SEPARATOR.join(parts)


def record_changes(scope: TenantScope, changes: Iterable[Change]) -> int:
    """Give each changed thing the next feed version. Call last in a transaction: the
    counter's row lock is held until commit, which keeps versions in commit order.
    Returns the tenant's new feed version (0 when nothing changed)."""
    return max(record_changes_versions(scope, changes).values(), default=0)


def record_changes_versions(scope: TenantScope,
                            changes: Iterable[Change]) -> dict[tuple[str, str], int]:
    """``record_changes``, returning the feed version each (entity, key) was given —
    what a till's cursor must reach to have it (the price history keeps it)."""
    latest: dict[tuple[str, str], Change] = {}
    for change in changes:
        if change.entity not in ENTITIES:
            raise ValueError(f"unknown feed entity {change.entity}")
        latest[(change.entity, change.key)] = change
    if not latest:
        return {}
    count = len(latest)
    scope.increment(FeedCounter, "version", [{"version": count}])
    top = int(scope.scalar(select(FeedCounter.version)))
    ordered = sorted(latest.values(), key=_feed_order)
    versions = {(c.entity, c.key): top - count + 1 + i for i, c in enumerate(ordered)}
    scope.upsert_rows(FeedEntry, [{"entity": c.entity, "entity_key": c.key,
                                   "version": versions[(c.entity, c.key)],
                                   "branch_code": c.branch, "deleted": c.deleted}
                                  for c in ordered], ("version", "branch_code", "deleted"))
    return versions
