"""The till's schema, as numbered migrations. A released migration is never edited
(its checksum is pinned by a test); changes go in a new migration at the end.

Conventions: money is INTEGER pesewas; quantities in documents are TEXT decimals with
three places ("1.250"); stock quantities are INTEGER thousandths so they sum exactly;
times are ISO 8601 text with offset; booleans are 0/1.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from terminal.store.evat import V5_SQL as EVAT_SQL
from terminal.store.migrations import Migration
from terminal.store.momo_refs import V4_SQL as MOMO_REFS_SQL
from terminal.store.pruned import V5_SQL as PRUNED_SQL
from terminal.store.quick_keys import V3_SQL as QUICK_KEYS_SQL
from terminal.store.running import V7_SQL as RUNNING_SQL

V1_SQL = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL              -- JSON
);

CREATE TABLE terminal_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    terminal_id TEXT NOT NULL,       -- UUID, in every envelope
    branch_code TEXT NOT NULL,
    terminal_code TEXT NOT NULL,     -- in receipt numbers: MAIN-T01-000123
    tenant_id TEXT,                  -- NULL until enrolled
    public_key TEXT NOT NULL,        -- Ed25519, hex
    created_at TEXT NOT NULL,
    enrolled_at TEXT
);

-- ------------------------------------------------------------------ catalogue
CREATE TABLE price_lists (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    inclusive INTEGER NOT NULL DEFAULT 1 CHECK (inclusive IN (0, 1))
);

CREATE TABLE products (
    sku TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    base_unit TEXT NOT NULL,
    tax_code TEXT NOT NULL CHECK (tax_code IN ('A', 'B', 'C', 'D')),
    weighed INTEGER NOT NULL DEFAULT 0 CHECK (weighed IN (0, 1)),
    plu TEXT UNIQUE,                 -- 5-digit scale code for 2x price/weight barcodes
    cost_price INTEGER NOT NULL DEFAULT 0 CHECK (cost_price >= 0),  -- per base unit
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at TEXT NOT NULL
);

CREATE TABLE product_units (
    sku TEXT NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
    unit TEXT NOT NULL,
    factor TEXT NOT NULL,            -- base units per this unit: "12.000" for a carton of 12
    PRIMARY KEY (sku, unit)
);

CREATE TABLE barcodes (
    code TEXT PRIMARY KEY,
    sku TEXT NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
    unit TEXT NOT NULL               -- a carton's own barcode sells the carton
);
CREATE INDEX barcodes_by_sku ON barcodes (sku);

CREATE TABLE prices (
    price_list TEXT NOT NULL REFERENCES price_lists (code),
    sku TEXT NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
    unit TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    PRIMARY KEY (price_list, sku, unit)
);

-- ------------------------------------------------------------------ people
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT,
    tin TEXT,
    email TEXT,
    price_list TEXT REFERENCES price_lists (code),
    credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    balance INTEGER NOT NULL DEFAULT 0,       -- owed to the shop: last known + local since
    balance_as_of_seq INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE INDEX customers_by_name ON customers (name);

CREATE TABLE customer_entries (              -- local credit sales and payments on account
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    seq INTEGER NOT NULL,
    amount INTEGER NOT NULL,                  -- + owed more, − paid
    reference TEXT NOT NULL
);
CREATE INDEX customer_entries_by_customer ON customer_entries (customer_id, seq);

CREATE TABLE users (
    email TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'director', 'manager', 'user')),
    branch TEXT NOT NULL,
    pin_hash TEXT NOT NULL,                   -- argon2id
    active INTEGER NOT NULL DEFAULT 1,
    failed_pins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE approvals (
    id TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    approver TEXT NOT NULL,
    requested_by TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    used_seq INTEGER                          -- the envelope that used it (once only)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT NOT NULL,                     -- JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- ------------------------------------------------------------------ shifts and documents
CREATE TABLE shifts (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,           -- 1, 2, 3 … per terminal
    user TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    business_date TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    opening_float INTEGER NOT NULL,
    open_seq INTEGER NOT NULL,
    closed_at TEXT,
    closed_by TEXT,
    close_seq INTEGER,
    expected INTEGER,
    counted INTEGER,
    variance INTEGER,
    blind INTEGER,
    counts TEXT,                              -- JSON
    z_no TEXT UNIQUE
);
CREATE UNIQUE INDEX one_open_shift ON shifts (status) WHERE status = 'open';

CREATE TABLE cash_moves (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    shift_id TEXT NOT NULL REFERENCES shifts (id),
    user TEXT NOT NULL,
    purpose TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    into_drawer INTEGER NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE doc_counters (
    series TEXT PRIMARY KEY,                  -- 'sale', 'refund', 'payment', 'z'
    last INTEGER NOT NULL
);

CREATE TABLE carts (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('open', 'parked')),
    label TEXT,
    user TEXT NOT NULL,
    shift_id TEXT,
    data TEXT NOT NULL,                       -- JSON: lines, customer, discounts, approvals
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE sales (
    id TEXT PRIMARY KEY,                      -- the envelope id
    seq INTEGER NOT NULL UNIQUE,
    receipt_no TEXT NOT NULL UNIQUE,
    shift_id TEXT NOT NULL REFERENCES shifts (id),
    user TEXT NOT NULL,
    customer_id TEXT REFERENCES customers (id),
    price_list TEXT NOT NULL,
    inclusive INTEGER NOT NULL,
    regime TEXT NOT NULL,
    business_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'voided')),
    discount INTEGER NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    nhil INTEGER NOT NULL,
    getfund INTEGER NOT NULL,
    covid INTEGER NOT NULL,
    gross INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    change INTEGER NOT NULL,
    flags TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sales_by_shift ON sales (shift_id);
CREATE INDEX sales_by_date ON sales (business_date);

CREATE TABLE sale_lines (
    sale_id TEXT NOT NULL REFERENCES sales (id),
    line_no INTEGER NOT NULL,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_factor TEXT NOT NULL,
    qty TEXT NOT NULL,
    unit_price INTEGER NOT NULL,
    tax_code TEXT NOT NULL,
    price_override INTEGER NOT NULL,
    list_amount INTEGER NOT NULL,
    line_discount INTEGER NOT NULL,
    order_discount INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    nhil INTEGER NOT NULL,
    getfund INTEGER NOT NULL,
    covid INTEGER NOT NULL,
    gross INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE sale_tenders (
    sale_id TEXT NOT NULL REFERENCES sales (id),
    n INTEGER NOT NULL,
    method TEXT NOT NULL,
    provider TEXT,
    reference TEXT,
    amount INTEGER NOT NULL,
    tendered INTEGER NOT NULL,
    PRIMARY KEY (sale_id, n)
);

CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    refund_no TEXT NOT NULL UNIQUE,
    sale_id TEXT NOT NULL REFERENCES sales (id),
    shift_id TEXT NOT NULL REFERENCES shifts (id),
    user TEXT NOT NULL,
    business_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    gross INTEGER NOT NULL,
    exchange_sale_id TEXT REFERENCES sales (id)
);
CREATE INDEX refunds_by_sale ON refunds (sale_id);

CREATE TABLE refund_lines (
    refund_id TEXT NOT NULL REFERENCES refunds (id),
    line_no INTEGER NOT NULL,
    sku TEXT NOT NULL,
    qty TEXT NOT NULL,
    restock INTEGER NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    nhil INTEGER NOT NULL,
    getfund INTEGER NOT NULL,
    covid INTEGER NOT NULL,
    gross INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    PRIMARY KEY (refund_id, line_no)
);

CREATE TABLE refund_tenders (
    refund_id TEXT NOT NULL REFERENCES refunds (id),
    n INTEGER NOT NULL,
    method TEXT NOT NULL,
    provider TEXT,
    reference TEXT,
    amount INTEGER NOT NULL,
    PRIMARY KEY (refund_id, n)
);

CREATE TABLE voids (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    sale_id TEXT NOT NULL UNIQUE REFERENCES sales (id),
    shift_id TEXT NOT NULL REFERENCES shifts (id),
    user TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE customer_payments (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    payment_no TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    shift_id TEXT NOT NULL REFERENCES shifts (id),
    user TEXT NOT NULL,
    amount INTEGER NOT NULL,
    cash INTEGER NOT NULL,                    -- the part taken in cash (for the drawer)
    created_at TEXT NOT NULL
);

-- ------------------------------------------------------------------ ledger and stock
CREATE TABLE journals (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    memo TEXT NOT NULL,
    business_date TEXT NOT NULL
);
CREATE INDEX journals_by_seq ON journals (seq);

CREATE TABLE journal_lines (
    journal_id INTEGER NOT NULL REFERENCES journals (id),
    line_no INTEGER NOT NULL,
    account TEXT NOT NULL,
    debit INTEGER NOT NULL CHECK (debit >= 0),
    credit INTEGER NOT NULL CHECK (credit >= 0),
    branch TEXT NOT NULL,
    memo TEXT NOT NULL,
    PRIMARY KEY (journal_id, line_no)
);

CREATE TABLE stock_levels (
    branch TEXT NOT NULL,
    location TEXT NOT NULL,
    sku TEXT NOT NULL,
    qty_milli INTEGER NOT NULL,               -- thousandths of a base unit
    as_of_seq INTEGER NOT NULL DEFAULT 0,     -- last pulled from the server at this seq
    PRIMARY KEY (branch, location, sku)
);

CREATE TABLE stock_moves (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    branch TEXT NOT NULL,
    location TEXT NOT NULL,
    sku TEXT NOT NULL,
    delta_milli INTEGER NOT NULL
);
CREATE INDEX stock_moves_by_sku ON stock_moves (sku, seq);

-- ------------------------------------------------------------------ outbox and printing
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    business_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    prev_hash TEXT NOT NULL,
    envelope TEXT NOT NULL,                   -- the sealed envelope, JSON
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'acked', 'held')),
    held_reason TEXT,
    acked_at TEXT
);
CREATE INDEX outbox_pending ON outbox (status, seq);
CREATE TRIGGER outbox_sealed BEFORE UPDATE OF seq, id, kind, business_date, created_at, hash,
    prev_hash, envelope ON outbox
BEGIN SELECT RAISE(ABORT, 'a sealed envelope cannot be changed'); END;
CREATE TRIGGER outbox_kept BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'a sealed envelope cannot be deleted'); END;

CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    document TEXT NOT NULL,                   -- ReceiptDoc / ReportDoc JSON
    copy INTEGER NOT NULL DEFAULT 0,
    open_drawer INTEGER NOT NULL DEFAULT 0,
    drawer_deadline TEXT,
    status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'printed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    last_error TEXT,
    printer_state TEXT,
    created_at TEXT NOT NULL,
    printed_at TEXT,
    drawer_opened INTEGER
);
CREATE INDEX print_jobs_waiting ON print_jobs (status, next_try_at);

-- ------------------------------------------------------------------ pulled master data
CREATE TABLE fiscal_periods (
    period TEXT PRIMARY KEY,                  -- YYYY-MM
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    updated_at TEXT NOT NULL
);

CREATE TABLE revocations (
    kind TEXT NOT NULL,                       -- 'terminal', 'user'
    subject TEXT NOT NULL,
    reason TEXT,
    revoked_at TEXT NOT NULL,
    PRIMARY KEY (kind, subject)
);

CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,                     -- feed cursors etc., owned by the sync client
    value TEXT NOT NULL
);

CREATE TABLE backups (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    reason TEXT NOT NULL
);

INSERT INTO price_lists (code, name, inclusive) VALUES ('retail', 'Retail', 1);
INSERT INTO price_lists (code, name, inclusive) VALUES ('wholesale', 'Wholesale', 1);
"""


def build_product_search(conn: sqlite3.Connection) -> None:
    """FTS5 index over product names and SKUs, kept current by triggers (sqlite-utils)."""
    sqlite_utils.Database(conn).table("products").enable_fts(
        ["name", "sku"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )


# v2: remember the quantity the server last sent for a location, so ``check`` can prove
# stock = pulled + the till's own moves since (v1 kept only the running total).
V2_SQL = """
ALTER TABLE stock_levels ADD COLUMN pulled_milli INTEGER NOT NULL DEFAULT 0;
UPDATE stock_levels SET pulled_milli = qty_milli - (
    SELECT coalesce(sum(m.delta_milli), 0) FROM stock_moves m
    WHERE m.branch = stock_levels.branch AND m.location = stock_levels.location
      AND m.sku = stock_levels.sku AND m.seq > stock_levels.as_of_seq);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial till schema", V1_SQL, build_product_search),
    Migration(2, "stock levels remember the pulled quantity", V2_SQL),
    Migration(3, "the quick-key grid head office sets", QUICK_KEYS_SQL),
    Migration(4, "MoMo references other tills used, from the feed", MOMO_REFS_SQL),
    Migration(5, "old acknowledged envelopes may be pruned, with the chain anchor kept", PRUNED_SQL),
    Migration(6, "GRA E-VAT clearances and setting, from the feed", EVAT_SQL),
    Migration(7, "the till's running totals (signed in every sale, refund and void)", RUNNING_SQL),
)

LATEST = MIGRATIONS[-1].version
