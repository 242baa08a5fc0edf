"""Pulling master data: the paged change feed (protocol section 7) into the till's tables.

A pull asks for pages from the stored cursor until ``more`` is false. The pages are
staged in a TEMP table on the worker's own connection (so a 100,000-product first pull
does not sit in memory, and staging takes no lock a sale would wait for); a thing that
changed again during the pull is kept once, in its latest state. The staged changes are
then applied in the protocol's entity order — tenant, branch, tax profile, periods,
price lists, products, units, barcodes, prices, quick keys, users, customers, stock,
revocations —
so a price is always written after its product and list.

Transactions: a normal pull (up to ``chunk`` changes, 2,000 by default) is applied in
ONE local transaction together with the new cursor. A bigger pull (a first pull of a
large catalogue) is applied in transactions of ``chunk`` changes, still in entity
order, so a sale waits at most a fraction of a second for the write lock; the cursor is
stored with the last one. If the till stops in between, the next pull starts again from
the old cursor, which is always safe: every change is a current state.

A pull from cursor 0 (the first after enrolling) or one the server answers with
``reset: true`` (it was restored from a backup) is a *full* pull: afterwards the
catalogue holds exactly what head office sent — other products are deactivated, other
units, barcodes, prices and quick-key pages removed. Users and customers are never removed by absence
(only by their own ``status``), so a cashier is not locked out by a partial server.

Stock levels and customer balances are written ``as_of_seq`` the server's head for
this till when the pull started: the till adds its own moves and credit made after it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shared.money import Money
from shared.tax import TaxProfile
from terminal.clock import Clock, stamp
from terminal.safeguards import till_limits_from_feed
from terminal.store.db import Database
from terminal.store.evat import set_enabled as set_evat_enabled
from terminal.store.evat import write_clearances
from terminal.store.identity import TerminalIdentity
from terminal.store.masterdata import ROLES, CustomerRecord, MasterData, UserRecord, write_users
from terminal.store.momo_refs import write_refs
from terminal.store.pulled import (
    PulledProduct,
    deactivate_products,
    deactivate_users,
    delete_barcodes,
    delete_prices,
    delete_units,
    retire_missing_catalogue,
    upsert_barcodes,
    upsert_customers,
    upsert_prices,
    upsert_products,
    upsert_units,
)
from terminal.store.quick_keys import StoredPage, delete_pages, retire_missing_pages, write_pages
from terminal.store.settings import Settings, profile_json, save_settings
from terminal.sync.protocol import API, FEED_PAGE, SyncError
from terminal.sync.record import write_record
from terminal.sync.transport import SignedClient

ENTITY_ORDER = (
    "tenant",
    "branch",
    "tax_profile",
    "period",
    "price_list",
    "product",
    "unit",
    "barcode",
    "price",
    "quick_keys",
    "user",
    "customer",
    "stock",
    "revocation",
    "momo_ref",
    "evat_clearance",
)
RANK = {name: n for n, name in enumerate(ENTITY_ORDER)}
KEY_SEPARATOR = "|"
TENANT_WIDE_BRANCH = "*"  # a user the server gives no branch (works at every branch)

STAGING = """
CREATE TEMP TABLE IF NOT EXISTS feed_staging (
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    rank INTEGER NOT NULL,
    version INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    data TEXT,
    PRIMARY KEY (entity, key)
)
"""


@dataclass(frozen=True, slots=True)
class PullResult:
    pages: int
    changes: int  # distinct things applied
    cursor: str
    full: bool  # the catalogue was replaced by what head office sent
    reset: bool  # the server said its feed restarted (it was restored from a backup)
    by_entity: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # units, barcodes or prices whose product or list is unknown
    retired: dict[str, int] = field(default_factory=dict)


class FeedPuller:
    def __init__(
        self,
        db: Database,
        client: SignedClient,
        clock: Clock,
        identity: TerminalIdentity,
        *,
        page_size: int = FEED_PAGE,
        chunk: int = 2000,
    ) -> None:
        self.db = db
        self.client = client
        self.clock = clock
        self.identity = identity
        self.page_size = page_size
        self.chunk = chunk
        self.master = MasterData(db)

    # -- fetching ----------------------------------------------------------------------
    def _stage(self, changes: list[dict[str, Any]]) -> None:
        rows = []
        for change in changes:
            entity = str(change.get("entity"))
            if entity not in RANK:
                continue  # an entity this till does not know yet (protocol section 12)
            data = change.get("data")
            rows.append(
                (
                    entity,
                    str(change["key"]),
                    RANK[entity],
                    int(change["version"]),
                    int(bool(change.get("deleted")) or data is None),
                    None if data is None else json.dumps(data, separators=(",", ":")),
                )
            )
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO temp.feed_staging (entity, key, rank, version, deleted, data) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity, key) DO UPDATE SET "
                "version = excluded.version, deleted = excluded.deleted, data = excluded.data "
                "WHERE excluded.version >= feed_staging.version",
                rows,
            )

    def _clear_staging(self) -> None:
        with self.db.transaction() as conn:
            conn.execute(STAGING)
            conn.execute("DELETE FROM temp.feed_staging")

    def pull(self, cursor: str, *, as_of_seq: int) -> PullResult:
        """Every page from ``cursor``, applied; the new cursor is stored with the last
        write. ``as_of_seq``: the server's head for this till when the pull starts."""
        self._clear_staging()
        full = cursor == "0"
        reset = False
        pages = 0
        try:
            while True:
                reply = self.client.get(f"{API}/feed?cursor={cursor}&limit={self.page_size}")
                page = reply.body
                pages += 1
                if page.get("reset"):
                    # The server's feed is behind our cursor: this page starts from 0 and
                    # whatever was staged from the old numbering is void.
                    self._clear_staging()
                    full = reset = True
                self._stage(list(page.get("changes") or []))
                next_cursor = str(page["cursor"])
                more = bool(page.get("more"))
                if more and next_cursor == cursor:
                    raise SyncError(
                        "Head office's master-data feed did not move on; the pull stopped. "
                        "Nothing was changed on this till."
                    )
                cursor = next_cursor
                if not more:
                    break
            return self._apply(cursor, full=full, reset=reset, pages=pages, as_of_seq=as_of_seq)
        finally:
            self._clear_staging()

    # -- applying ----------------------------------------------------------------------
    def _staged(self) -> Iterator[list[tuple[str, str, bool, dict[str, Any] | None]]]:
        rank, version = -1, -1
        while True:
            rows = self.db.query(
                "SELECT entity, key, deleted, data, rank, version FROM temp.feed_staging "
                "WHERE rank > ? OR (rank = ? AND version > ?) ORDER BY rank, version LIMIT ?",
                (rank, rank, version, self.chunk),
            )
            if not rows:
                return
            rank, version = int(rows[-1]["rank"]), int(rows[-1]["version"])
            yield [
                (
                    r["entity"],
                    r["key"],
                    bool(r["deleted"]),
                    None if r["data"] is None else json.loads(r["data"]),
                )
                for r in rows
            ]

    def _apply(self, cursor: str, *, full: bool, reset: bool, pages: int, as_of_seq: int) -> PullResult:
        at = stamp(self.clock.now())
        keep = self._catalogue_keys() if full else None
        by_entity: dict[str, int] = defaultdict(int)
        skipped = 0
        retired: dict[str, int] = {}
        done = 0
        batches = self._staged()
        batch = next(batches, [])
        while True:
            # Read the next chunk first, to know whether this transaction is the last.
            following = next(batches, None)
            with self.db.transaction() as conn:
                skipped += self._write(conn, batch, at, as_of_seq, by_entity)
                if following is None:
                    if keep is not None:
                        keep_pages = keep.pop("quick_keys")
                        retired = retire_missing_catalogue(conn, at=at, **keep)
                        retired["quick_keys"] = retire_missing_pages(conn, keep_pages)
                    write_record(conn, feed_cursor=cursor, pulled_at=at)
            done += len(batch)
            if following is None:
                break
            batch = following
        return PullResult(pages, done, cursor, full, reset, dict(by_entity), skipped, retired)

    def _catalogue_keys(self) -> dict[str, Any]:
        products: set[str] = set()
        units: set[tuple[str, str]] = set()
        barcodes: set[str] = set()
        prices: set[tuple[str, str, str]] = set()
        pages: set[str] = set()
        for entity, data_text in self.db.query(
            "SELECT entity, data FROM temp.feed_staging WHERE deleted = 0 AND entity IN "
            "('product', 'unit', 'barcode', 'price', 'quick_keys')"
        ):
            data = json.loads(data_text)
            if entity == "quick_keys":
                pages.add(data["code"])
            elif entity == "product":
                products.add(data["sku"])
            elif entity == "unit":
                units.add((data["sku"], data["unit"]))
            elif entity == "barcode":
                barcodes.add(data["barcode"])
            else:
                prices.add((data["price_list"], data["sku"], data["unit"]))
        return {"products": products, "units": units, "barcodes": barcodes, "prices": prices,
                "quick_keys": pages}

    def _write(
        self,
        conn: sqlite3.Connection,
        batch: list[tuple[str, str, bool, dict[str, Any] | None]],
        at: str,
        as_of_seq: int,
        counts: dict[str, int],
    ) -> int:
        groups: dict[str, list[tuple[str, bool, dict[str, Any] | None]]] = defaultdict(list)
        for entity, key, deleted, data in batch:
            groups[entity].append((key, deleted, data))
            counts[entity] += 1
        skipped = 0
        for entity in ENTITY_ORDER:
            items = groups.get(entity)
            if items:
                skipped += WRITERS[entity](self, conn, items, at, as_of_seq)
        return skipped

    # -- one writer per entity (each returns how many it skipped) ------------------------
    def _tenant(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        for _key, deleted, data in items:
            if deleted or data is None:
                continue
            save_settings(
                conn,
                shop_name=data.get("name") or "Bisama Shop",
                shop_address=data.get("address") or "",
                shop_phone=data.get("phone") or "",
                # The manager limits and blind close, when head office sends them
                # (docs/sync-protocol.md); absent, the till keeps its own.
                **till_limits_from_feed(data.get("till_limits")),
            )
            write_record(conn, tenant_name=data.get("name"), tenant_domain=data.get("domain"))
            set_evat_enabled(conn, bool(data.get("evat")))  # GRA E-VAT on (docs/evat.md)
        return 0

    def _branch(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        for key, deleted, data in items:
            if deleted or data is None or key != self.identity.branch_code:
                continue
            write_record(conn, branch_name=data.get("name"))
            save_settings(conn, branch_name=str(data.get("name") or ""))  # for the receipts
            locations = [loc for loc in data.get("locations") or [] if isinstance(loc, dict)]
            codes = {loc.get("code") for loc in locations}
            current = _location(conn)
            if locations and current not in codes:
                # The till's location no longer exists at its branch: sell from the
                # branch's default location (the shop floor) instead.
                default = next((loc["code"] for loc in locations if loc.get("default")), locations[0]["code"])
                save_settings(conn, location=default)
        return 0

    def _tax_profile(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        for _key, deleted, data in items:
            if deleted or data is None:
                continue
            # With its VAT registration history: each sale is taxed by its own date's.
            save_settings(conn, tax_profile=profile_json(TaxProfile.from_json(data)))
        return 0

    def _period(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        periods = [
            (str(d["period"]), str(d["status"]))
            for _k, deleted, d in items
            if not deleted and d is not None and d.get("status") in ("open", "closed")
        ]
        self.master.upsert_fiscal_periods(periods, at)
        return 0

    def _price_list(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        # A withdrawn price list is left in place: old sales and prices name it.
        self.master.upsert_price_lists(
            (str(d["code"]), str(d["name"]), bool(d["inclusive"]))
            for _k, deleted, d in items
            if not deleted and d is not None
        )
        return 0

    def _product(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        upsert_products(
            conn,
            (
                PulledProduct(
                    sku=str(d["sku"]),
                    name=str(d["name"]),
                    base_unit=str(d["unit"]),
                    tax_code=str(d["tax_code"]),
                    cost_price=Money(int(d.get("cost_price") or 0)),
                    weighed=bool(d.get("weighed")),
                    active=bool(d.get("active", True)),
                    plu=_plu(d.get("plu")),
                    plu_sent="plu" in d,
                )
                for _k, deleted, d in items
                if not deleted and d is not None
            ),
            at,
        )
        deactivate_products(conn, [k for k, deleted, d in items if deleted or d is None], at)
        return 0

    def _unit(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        delete_units(conn, [_pair(k) for k, deleted, d in items if deleted or d is None])
        return upsert_units(
            conn,
            (
                (str(d["sku"]), str(d["unit"]), Decimal(str(d["factor"])))
                for _k, deleted, d in items
                if not deleted and d is not None
            ),
        )

    def _barcode(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        delete_barcodes(conn, [k for k, deleted, d in items if deleted or d is None])
        return upsert_barcodes(
            conn,
            (
                (str(d["barcode"]), str(d["sku"]), str(d["unit"]))
                for _k, deleted, d in items
                if not deleted and d is not None
            ),
        )

    def _price(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        delete_prices(conn, [_triple(k) for k, deleted, d in items if deleted or d is None])
        return upsert_prices(
            conn,
            (
                (str(d["price_list"]), str(d["sku"]), str(d["unit"]), Money(int(d["price"])))
                for _k, deleted, d in items
                if not deleted and d is not None
            ),
        )

    def _quick_keys(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        delete_pages(conn, [k for k, deleted, d in items if deleted or d is None])
        write_pages(
            conn,
            (
                StoredPage(
                    code=str(d["code"]),
                    name=str(d["name"]),
                    position=int(d.get("position") or 0),
                    skus=tuple(str(s) for s in d.get("skus") or ()),
                )
                for _k, deleted, d in items
                if not deleted and d is not None
            ),
        )
        return 0

    def _user(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        records = []
        gone = []
        skipped = 0
        for key, deleted, d in items:
            if deleted or d is None:
                gone.append(key)
                continue
            if d.get("role") not in ROLES or not d.get("pin_hash"):
                # No PIN (a dashboard-only person) or a role the till does not know:
                # such a person cannot sign in at a till.
                gone.append(str(d.get("email") or key))
                skipped += 1
                continue
            records.append(
                UserRecord(
                    email=str(d["email"]),
                    name=str(d["name"]),
                    role=str(d["role"]),
                    branch=str(d.get("branch") or TENANT_WIDE_BRANCH),
                    pin_hash=str(d["pin_hash"]),
                    active=d.get("status", "active") == "active",
                )
            )
        write_users(conn, records, at)
        deactivate_users(conn, gone, at)
        return skipped

    def _customer(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        records = [
            CustomerRecord(
                id=str(d["id"]),
                name=str(d["name"]),
                phone=d.get("phone"),
                tin=d.get("tin"),
                email=d.get("email"),
                credit_limit=Money(int(d.get("credit_limit") or 0)),
                balance=Money(int(d.get("balance") or 0)),
                active=d.get("status", "active") == "active",
            )
            for _k, deleted, d in items
            if not deleted and d is not None
        ]
        upsert_customers(conn, records, as_of_seq=as_of_seq, at=at)
        gone = [k for k, deleted, d in items if deleted or d is None]
        conn.executemany(
            "UPDATE customers SET active = 0, updated_at = ? WHERE id = ?", [(at, k) for k in gone]
        )
        return 0

    def _stock(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        levels: dict[tuple[str, str], list[tuple[str, Decimal]]] = defaultdict(list)
        for key, deleted, d in items:
            if deleted or d is None:
                branch, location, sku = _triple(key)
                levels[(branch, location)].append((sku, Decimal(0)))
            else:
                levels[(str(d["branch"]), str(d["location"]))].append((str(d["sku"]), Decimal(str(d["qty"]))))
        for (branch, location), rows in levels.items():
            if branch == self.identity.branch_code:
                self.master.set_branch_stock(branch, location, rows, as_of_seq=as_of_seq)
        return 0

    def _revocation(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        self.master.record_revocations(
            (
                (
                    "terminal",
                    str(d["terminal_id"]),
                    f"revoked by head office {d.get('revoked_at') or ''}".strip(),
                )
                for _k, deleted, d in items
                if not deleted and d is not None
            ),
            at,
        )
        return 0


    def _momo_ref(self, conn: sqlite3.Connection, items: Items, at: str, as_of_seq: int) -> int:
        write_refs(conn, ((deleted, data, key) for key, deleted, data in items), at=at,
                   today=self.clock.now().date())
        return 0


    def _evat_clearance(self, conn: sqlite3.Connection, items: Items, at: str,
                        as_of_seq: int) -> int:
        write_clearances(conn, items, at=at)
        return 0


Items = list[tuple[str, bool, dict[str, Any] | None]]


def _parts(key: str, parts: int) -> list[str]:
    values = key.split(KEY_SEPARATOR, parts - 1)
    if len(values) != parts:
        raise SyncError(f"Head office sent a master-data key the till cannot read ({key!r}).")
    return values


def _pair(key: str) -> tuple[str, str]:
    a, b = _parts(key, 2)
    return a, b


def _triple(key: str) -> tuple[str, str, str]:
    a, b, c = _parts(key, 3)
    return a, b, c


def _plu(value: object) -> str | None:
    """A scale PLU as the till stores it (5 digits), or None for none or one it cannot
    read (that product's labels then say no product has the PLU, which the manager can see)."""
    text = str(value) if value is not None else ""
    return text if text.isdigit() and len(text) == 5 else None


def _location(conn: sqlite3.Connection) -> str:
    """The till's stock location, read inside the open transaction."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'location'").fetchone()
    return str(json.loads(row[0])) if row else Settings().location


WRITERS = {name: getattr(FeedPuller, f"_{name}") for name in ENTITY_ORDER}

__all__ = ["ENTITY_ORDER", "FeedPuller", "PullResult"]
