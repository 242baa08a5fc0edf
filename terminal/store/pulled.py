"""Row-level writes of pulled master data, for the sync client's feed.

The feed (protocol section 7) sends each thing on its own — a product, one of its
units, a barcode, a price — so a price change arrives without its product and must not
replace the product's other prices (``MasterData.upsert_products`` replaces a whole
product and suits imports). Every function here runs inside the caller's transaction,
so a pull lands whole or not at all.

Rows whose parent is not on the till (a price for an unknown product or list) are
skipped and counted rather than breaking the foreign keys; the feed sends parents first
when a pull is applied in its entity order, so this only happens for data the server
itself no longer has.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from shared.money import Money
from terminal.store.masterdata import CustomerRecord

THREE_PLACES = Decimal("0.001")


@dataclass(frozen=True, slots=True)
class PulledProduct:
    sku: str
    name: str
    base_unit: str
    tax_code: str
    cost_price: Money
    weighed: bool
    active: bool
    plu: str | None = None
    plu_sent: bool = False  # False: a server from before PLUs were master data


def upsert_products(conn: sqlite3.Connection, products: Iterable[PulledProduct], at: str) -> int:
    """Product rows only: units, barcodes and prices are left as they are. The scale
    PLU is head office's when it sends one (a PLU moved to this product is taken from
    the one that had it); a server that sends none leaves the till's own."""
    count = 0
    for p in products:
        conn.execute(
            "INSERT INTO products (sku, name, base_unit, tax_code, weighed, cost_price, active, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET "
            "name = excluded.name, base_unit = excluded.base_unit, tax_code = excluded.tax_code, "
            "weighed = excluded.weighed, cost_price = excluded.cost_price, "
            "active = excluded.active, updated_at = excluded.updated_at",
            (p.sku, p.name, p.base_unit, p.tax_code, int(p.weighed), p.cost_price.pesewas, int(p.active), at),
        )
        # Every product sells in its base unit; the feed may send that unit later or not.
        conn.execute(
            "INSERT INTO product_units (sku, unit, factor) VALUES (?, ?, '1.000') "
            "ON CONFLICT (sku, unit) DO NOTHING",
            (p.sku, p.base_unit),
        )
        if p.plu_sent:
            if p.plu is not None:
                conn.execute("UPDATE products SET plu = NULL WHERE plu = ? AND sku != ?", (p.plu, p.sku))
            conn.execute("UPDATE products SET plu = ? WHERE sku = ?", (p.plu, p.sku))
        count += 1
    return count


def deactivate_products(conn: sqlite3.Connection, skus: Iterable[str], at: str) -> None:
    """Withdrawn centrally: kept (old sales name them) but no longer sold or found."""
    conn.executemany(
        "UPDATE products SET active = 0, updated_at = ? WHERE sku = ? AND active = 1",
        [(at, s) for s in skus],
    )


def upsert_units(conn: sqlite3.Connection, units: Iterable[tuple[str, str, Decimal]]) -> int:
    """(sku, unit, base units per unit); returns how many were skipped (no such product)."""
    skipped = 0
    for sku, unit, factor in units:
        cur = conn.execute(
            "INSERT INTO product_units (sku, unit, factor) SELECT ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM products WHERE sku = ?) "
            "ON CONFLICT (sku, unit) DO UPDATE SET factor = excluded.factor",
            (sku, unit, str(factor.quantize(THREE_PLACES)), sku),
        )
        skipped += cur.rowcount == 0
    return skipped


def delete_units(conn: sqlite3.Connection, keys: Iterable[tuple[str, str]]) -> None:
    """(sku, unit); a product's base unit is never removed (it always sells in it)."""
    conn.executemany(
        "DELETE FROM product_units WHERE sku = ? AND unit = ? AND unit != "
        "(SELECT base_unit FROM products WHERE sku = product_units.sku)",
        list(keys),
    )


def upsert_barcodes(conn: sqlite3.Connection, barcodes: Iterable[tuple[str, str, str]]) -> int:
    """(barcode, sku, unit); a barcode moved to another product follows it."""
    skipped = 0
    for code, sku, unit in barcodes:
        cur = conn.execute(
            "INSERT INTO barcodes (code, sku, unit) SELECT ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM products WHERE sku = ?) "
            "ON CONFLICT (code) DO UPDATE SET sku = excluded.sku, unit = excluded.unit",
            (code, sku, unit, sku),
        )
        skipped += cur.rowcount == 0
    return skipped


def delete_barcodes(conn: sqlite3.Connection, codes: Iterable[str]) -> None:
    conn.executemany("DELETE FROM barcodes WHERE code = ?", [(c,) for c in codes])


def upsert_prices(conn: sqlite3.Connection, prices: Iterable[tuple[str, str, str, Money]]) -> int:
    """(price list, sku, unit, price in the list's basis)."""
    skipped = 0
    for price_list, sku, unit, price in prices:
        cur = conn.execute(
            "INSERT INTO prices (price_list, sku, unit, price) SELECT ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM products WHERE sku = ?) "
            "AND EXISTS (SELECT 1 FROM price_lists WHERE code = ?) "
            "ON CONFLICT (price_list, sku, unit) DO UPDATE SET price = excluded.price",
            (price_list, sku, unit, price.pesewas, sku, price_list),
        )
        skipped += cur.rowcount == 0
    return skipped


def delete_prices(conn: sqlite3.Connection, keys: Iterable[tuple[str, str, str]]) -> None:
    conn.executemany("DELETE FROM prices WHERE price_list = ? AND sku = ? AND unit = ?", list(keys))


def upsert_customers(
    conn: sqlite3.Connection, customers: Iterable[CustomerRecord], *, as_of_seq: int, at: str
) -> int:
    """Customers with the balance head office computed as of this till's ``as_of_seq``;
    the till's own credit sales and payments after that seq are added on top. The till's
    own price-list choice for a customer is kept (head office does not send one)."""
    count = 0
    for c in customers:
        local = conn.execute(
            "SELECT coalesce(sum(amount), 0) FROM customer_entries WHERE customer_id = ? AND seq > ?",
            (c.id, as_of_seq),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO customers (id, name, phone, tin, email, credit_limit, balance, "
            "balance_as_of_seq, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, "
            "tin = excluded.tin, email = excluded.email, credit_limit = excluded.credit_limit, "
            "balance = excluded.balance, balance_as_of_seq = excluded.balance_as_of_seq, "
            "active = excluded.active, updated_at = excluded.updated_at",
            (
                c.id,
                c.name,
                c.phone,
                c.tin,
                c.email,
                c.credit_limit.pesewas,
                c.balance.pesewas + int(local),
                as_of_seq,
                int(c.active),
                at,
            ),
        )
        count += 1
    return count


def deactivate_users(conn: sqlite3.Connection, emails: Iterable[str], at: str) -> None:
    """People head office no longer sends to this till (gone, or moved to another
    branch): they cannot sign in here, and their PIN hash is wiped, so a copy of this
    till's database holds nothing to guess PINs from. The row stays: old sales name them."""
    conn.executemany(
        "UPDATE users SET active = 0, pin_hash = '', updated_at = ? WHERE email = ?",
        [(at, e.lower()) for e in emails],
    )


def retire_missing_catalogue(
    conn: sqlite3.Connection,
    *,
    products: set[str],
    units: set[tuple[str, str]],
    barcodes: set[str],
    prices: set[tuple[str, str, str]],
    at: str,
) -> dict[str, int]:
    """After a full pull (from cursor 0, or a server restored from a backup): what the
    till has and head office no longer does goes — products are deactivated (old sales
    name them), their units, barcodes, scale PLUs and prices are removed."""
    gone_products = [
        r[0] for r in conn.execute("SELECT sku FROM products WHERE active = 1") if r[0] not in products
    ]
    deactivate_products(conn, gone_products, at)
    # A withdrawn product's scale labels no longer ring it up, as its barcodes no longer do.
    conn.executemany("UPDATE products SET plu = NULL WHERE sku = ?", [(s,) for s in gone_products])
    base = {r[0]: r[1] for r in conn.execute("SELECT sku, base_unit FROM products")}
    gone_units = [
        (r[0], r[1])
        for r in conn.execute("SELECT sku, unit FROM product_units")
        if (r[0], r[1]) not in units and base.get(r[0]) != r[1]
    ]
    conn.executemany("DELETE FROM product_units WHERE sku = ? AND unit = ?", gone_units)
    gone_codes = [r[0] for r in conn.execute("SELECT code FROM barcodes") if r[0] not in barcodes]
    delete_barcodes(conn, gone_codes)
    gone_prices = [
        (r[0], r[1], r[2])
        for r in conn.execute("SELECT price_list, sku, unit FROM prices")
        if (r[0], r[1], r[2]) not in prices
    ]
    delete_prices(conn, gone_prices)
    return {
        "products": len(gone_products),
        "units": len(gone_units),
        "barcodes": len(gone_codes),
        "prices": len(gone_prices),
    }
