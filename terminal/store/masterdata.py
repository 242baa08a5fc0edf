"""Master data on the till — products, barcodes, units, price lists and prices, tax
profile, users with PIN hashes, customers with balances, branch stock, fiscal periods,
revocations — and the upserts that write it.

The catalogue and user imports use these, and the sync client ([3]) maps its pulled
feed onto them: each call is one transaction, so a page of the feed lands whole or not
at all. Bulk writes go through sqlite-utils (its ``upsert_all`` batches the statements
and, being transaction-aware since 4.0, runs inside ours as a savepoint).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlite_utils

from shared.money import Money
from shared.tax import TaxProfile
from terminal.store.db import Database
from terminal.store.ledger import from_milli, to_milli
from terminal.store.settings import profile_json, save_settings

ROLES = ("admin", "director", "manager", "user")


@dataclass(frozen=True, slots=True)
class ProductRecord:
    """A whole product: its units, barcodes and prices replace what the till had."""

    sku: str
    name: str
    base_unit: str
    tax_code: str
    cost_price: Money  # per base unit
    weighed: bool = False
    plu: str | None = None
    active: bool = True
    units: tuple[tuple[str, Decimal], ...] = ()  # (unit, base units per unit), base unit implied
    barcodes: tuple[tuple[str, str], ...] = ()  # (code, unit)
    prices: tuple[tuple[str, str, Money], ...] = ()  # (price list, unit, price)


@dataclass(frozen=True, slots=True)
class UserRecord:
    email: str
    name: str
    role: str
    branch: str
    pin_hash: str  # argon2id, as the server stores it
    active: bool = True


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    id: str
    name: str
    phone: str | None = None
    tin: str | None = None
    email: str | None = None
    price_list: str | None = None
    credit_limit: Money = Money.ZERO
    balance: Money = Money.ZERO  # what the server says the customer owes
    active: bool = True


def _su(conn: sqlite3.Connection) -> sqlite_utils.Database:
    return sqlite_utils.Database(conn, recursive_triggers=False)


def write_products(conn: sqlite3.Connection, products: Iterable[ProductRecord], at: str) -> int:
    items = list(products)
    if not items:
        return 0
    db = _su(conn)
    db.table("products").upsert_all(
        (
            {
                "sku": p.sku,
                "name": p.name,
                "base_unit": p.base_unit,
                "tax_code": p.tax_code,
                "weighed": int(p.weighed),
                "plu": p.plu,
                "cost_price": p.cost_price.pesewas,
                "active": int(p.active),
                "updated_at": at,
            }
            for p in items
        ),
        pk="sku",
        batch_size=500,
    )
    skus = [(p.sku,) for p in items]
    for table in ("product_units", "barcodes", "prices"):
        conn.executemany(f"DELETE FROM {table} WHERE sku = ?", skus)
    units = [{"sku": p.sku, "unit": p.base_unit, "factor": "1.000"} for p in items]
    units += [
        {"sku": p.sku, "unit": u, "factor": str(f.quantize(Decimal("0.001")))}
        for p in items
        for u, f in p.units
        if u != p.base_unit
    ]
    db.table("product_units").upsert_all(units, pk=("sku", "unit"), batch_size=500)
    codes = [{"code": c, "sku": p.sku, "unit": u} for p in items for c, u in p.barcodes]
    if codes:
        db.table("barcodes").upsert_all(codes, pk="code", batch_size=500)
    prices = [
        {"price_list": pl, "sku": p.sku, "unit": u, "price": m.pesewas}
        for p in items
        for pl, u, m in p.prices
    ]
    if prices:
        db.table("prices").upsert_all(prices, pk=("price_list", "sku", "unit"), batch_size=500)
    return len(items)


def write_users(conn: sqlite3.Connection, users: Iterable[UserRecord], at: str) -> int:
    count = 0
    for u in users:
        if u.role not in ROLES:
            raise ValueError(f"unknown role {u.role}")
        # A pulled user keeps the till's own lockout counters unless the PIN changed.
        conn.execute(
            "INSERT INTO users (email, name, role, branch, pin_hash, active, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO UPDATE SET name = excluded.name, "
            "role = excluded.role, branch = excluded.branch, active = excluded.active, "
            "updated_at = excluded.updated_at, "
            "failed_pins = CASE WHEN users.pin_hash = excluded.pin_hash THEN users.failed_pins "
            "ELSE 0 END, "
            "locked_until = CASE WHEN users.pin_hash = excluded.pin_hash THEN users.locked_until "
            "ELSE NULL END, "
            "pin_hash = excluded.pin_hash",
            (u.email.lower(), u.name, u.role, u.branch, u.pin_hash, int(u.active), at),
        )
        count += 1
    return count


class MasterData:
    """The upserts the sync client calls, one transaction each."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def upsert_price_lists(self, lists: Iterable[tuple[str, str, bool]]) -> None:
        with self.db.transaction() as conn:
            for code, name, inclusive in lists:
                conn.execute(
                    "INSERT INTO price_lists (code, name, inclusive) VALUES (?, ?, ?) "
                    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
                    "inclusive = excluded.inclusive",
                    (code, name, int(inclusive)),
                )

    def upsert_products(self, products: Iterable[ProductRecord], at: str) -> int:
        with self.db.transaction() as conn:
            return write_products(conn, products, at)

    def remove_products(self, skus: Iterable[str], at: str) -> None:
        """Products withdrawn centrally are deactivated, never deleted (old sales name them)."""
        with self.db.transaction() as conn:
            conn.executemany(
                "UPDATE products SET active = 0, updated_at = ? WHERE sku = ?",
                [(at, s) for s in skus],
            )

    def set_tax_profile(self, profile: TaxProfile) -> None:
        with self.db.transaction() as conn:
            save_settings(conn, tax_profile=profile_json(profile))

    def set_options(self, **options: Any) -> None:
        """Per-tenant options from the server: blind_close, discount_limits, shop details …"""
        with self.db.transaction() as conn:
            save_settings(conn, **options)

    def upsert_users(self, users: Iterable[UserRecord], at: str) -> int:
        with self.db.transaction() as conn:
            return write_users(conn, users, at)

    def upsert_customers(self, customers: Iterable[CustomerRecord], *, as_of_seq: int, at: str) -> int:
        """``as_of_seq``: the highest seq of THIS till the server had merged when it computed
        the balances; the till adds its own credit sales and payments made after it."""
        count = 0
        with self.db.transaction() as conn:
            for c in customers:
                local = conn.execute(
                    "SELECT coalesce(sum(amount), 0) FROM customer_entries WHERE customer_id = ? AND seq > ?",
                    (c.id, as_of_seq),
                ).fetchone()[0]
                conn.execute(
                    "INSERT INTO customers (id, name, phone, tin, email, price_list, "
                    "credit_limit, balance, "
                    "balance_as_of_seq, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?) "
                    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, "
                    "tin = excluded.tin, email = excluded.email, price_list = excluded.price_list, "
                    "credit_limit = excluded.credit_limit, balance = excluded.balance, "
                    "balance_as_of_seq = excluded.balance_as_of_seq, active = excluded.active, "
                    "updated_at = excluded.updated_at",
                    (
                        c.id,
                        c.name,
                        c.phone,
                        c.tin,
                        c.email,
                        c.price_list,
                        c.credit_limit.pesewas,
                        c.balance.pesewas + int(local),
                        as_of_seq,
                        int(c.active),
                        at,
                    ),
                )
                count += 1
        return count

    def set_branch_stock(
        self, branch: str, location: str, levels: Iterable[tuple[str, Decimal]], *, as_of_seq: int
    ) -> None:
        """Stock the server counted for a location, as of this till's ``as_of_seq``; the
        till's own moves after that seq are added on top."""
        with self.db.transaction() as conn:
            for sku, qty in levels:
                local = conn.execute(
                    "SELECT coalesce(sum(delta_milli), 0) FROM stock_moves WHERE sku = ? "
                    "AND branch = ? AND location = ? AND seq > ?",
                    (sku, branch, location, as_of_seq),
                ).fetchone()[0]
                conn.execute(
                    "INSERT INTO stock_levels (branch, location, sku, qty_milli, as_of_seq, "
                    "pulled_milli) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (branch, location, sku) DO UPDATE SET "
                    "qty_milli = excluded.qty_milli, as_of_seq = excluded.as_of_seq, "
                    "pulled_milli = excluded.pulled_milli",
                    (branch, location, sku, to_milli(qty) + int(local), as_of_seq, to_milli(qty)),
                )

    def stock_level(self, branch: str, location: str, sku: str) -> Decimal:
        value = self.db.scalar(
            "SELECT qty_milli FROM stock_levels WHERE branch = ? AND location = ? AND sku = ?",
            (branch, location, sku),
        )
        return from_milli(int(value or 0))

    def upsert_fiscal_periods(self, periods: Iterable[tuple[str, str]], at: str) -> None:
        with self.db.transaction() as conn:
            for period, status in periods:
                conn.execute(
                    "INSERT INTO fiscal_periods (period, status, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (period) DO UPDATE SET status = excluded.status, "
                    "updated_at = excluded.updated_at",
                    (period, status, at),
                )

    def fiscal_period_status(self, period: str) -> str | None:
        value = self.db.scalar("SELECT status FROM fiscal_periods WHERE period = ?", (period,))
        return None if value is None else str(value)

    def record_revocations(self, revocations: Iterable[tuple[str, str, str | None]], at: str) -> None:
        """(kind, subject, reason): a revoked user is deactivated at once; a revoked
        terminal is shown by ``status`` and ``check``."""
        with self.db.transaction() as conn:
            for kind, subject, reason in revocations:
                conn.execute(
                    "INSERT INTO revocations (kind, subject, reason, revoked_at) VALUES (?, ?, ?, "
                    "?) "
                    "ON CONFLICT (kind, subject) DO UPDATE SET reason = excluded.reason",
                    (kind, subject, reason, at),
                )
                if kind == "user":
                    conn.execute(
                        "UPDATE users SET active = 0, updated_at = ? WHERE email = ?",
                        (at, subject.lower()),
                    )

    def revoked(self, kind: str, subject: str) -> bool:
        return (
            self.db.scalar("SELECT 1 FROM revocations WHERE kind = ? AND subject = ?", (kind, subject))
            is not None
        )

    def get_sync_state(self, key: str) -> str | None:
        value = self.db.scalar("SELECT value FROM sync_state WHERE key = ?", (key,))
        return None if value is None else str(value)

    def set_sync_state(self, key: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) "
                "DO UPDATE SET value = excluded.value",
                (key, value),
            )
