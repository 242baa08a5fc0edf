"""The till's local journal and stock, written from ``shared.posting`` journals and
``shared.stock`` moves (so the till posts exactly as the server will)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from shared.money import Money
from shared.posting import Journal
from shared.stock import StockMove
from terminal.store.db import Database

MILLI = Decimal(1000)


def to_milli(qty: Decimal) -> int:
    return int(qty * MILLI)


def from_milli(value: int) -> Decimal:
    return (Decimal(value) / MILLI).quantize(Decimal("0.001"))


def write_journal(conn: sqlite3.Connection, journal: Journal, seq: int, business_date: str) -> int:
    cur = conn.execute(
        "INSERT INTO journals (seq, kind, reference, memo, business_date) VALUES (?, ?, ?, ?, ?)",
        (seq, journal.kind, journal.reference, journal.memo, business_date),
    )
    journal_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO journal_lines (journal_id, line_no, account, debit, credit, branch, memo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (journal_id, n, ln.account, ln.debit.pesewas, ln.credit.pesewas, ln.branch, ln.memo)
            for n, ln in enumerate(journal.lines, start=1)
        ],
    )
    return journal_id


def apply_moves(conn: sqlite3.Connection, moves: tuple[StockMove, ...], seq: int) -> None:
    if not moves:
        return
    rows = [(seq, m.branch, m.location, m.sku, to_milli(m.delta)) for m in moves]
    conn.executemany(
        "INSERT INTO stock_moves (seq, branch, location, sku, delta_milli) VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany(
        "INSERT INTO stock_levels (branch, location, sku, qty_milli) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (branch, location, sku) DO UPDATE SET qty_milli = qty_milli + ?",
        [(branch, location, sku, delta, delta) for _, branch, location, sku, delta in rows],
    )


def on_hand(db: Database, sku: str, location: str) -> Decimal:
    value = db.scalar(
        "SELECT sum(qty_milli) FROM stock_levels WHERE sku = ? AND location = ?", (sku, location)
    )
    return from_milli(int(value or 0))


def unbalanced_journals(db: Database) -> list[str]:
    """Journals whose debits and credits differ (never expected: a check, not a fix)."""
    rows = db.query(
        "SELECT j.id, j.kind, j.reference, sum(l.debit) AS d, sum(l.credit) AS c "
        "FROM journals j JOIN journal_lines l ON l.journal_id = j.id "
        "GROUP BY j.id HAVING d != c"
    )
    return [
        f"journal {r['id']} ({r['kind']} {r['reference']}) debits {Money(r['d'])} ≠ credits {Money(r['c'])}"
        for r in rows
    ]


def trial_balance(db: Database) -> dict[str, Money]:
    """Net (debit − credit) per account over the whole local ledger."""
    return {
        r[0]: Money(int(r[1]))
        for r in db.query(
            "SELECT account, sum(debit) - sum(credit) FROM journal_lines GROUP BY account ORDER BY account"
        )
    }
