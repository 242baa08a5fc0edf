"""A till restored from an old backup recovers what it lost from head office instead of
forking its chain: every kind of event made after the backup comes back with the rows
its service wrote (sales, credit, refunds, voids, shifts, cash moves, payments,
customers, stock, journals, counters), and the till sells on at the next seq and the next
receipt number."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from shared.money import Money
from terminal.backup import BackupInfo, restore
from terminal.returns import ReturnItem
from terminal.store.ledger import trial_balance, unbalanced_journals
from terminal.sync.state import Connection
from terminal.sync.status import build_state
from terminal.tenders import cash, credit
from tests.server.books import check_books
from tests.sync.conftest import MANAGER, MANAGER_PIN, MILO, OIL, TillHandle

pytestmark = pytest.mark.fault

# What each table must hold after recovery, exactly as before the restore (columns that
# are local row ids, or times of the recovery itself, left out).
SNAPSHOT = {
    "outbox": "SELECT seq, id, kind, hash, prev_hash, status, held_reason FROM outbox ORDER BY seq",
    "sales": "SELECT id, seq, receipt_no, shift_id, user, customer_id, price_list, inclusive, regime, "
             "business_date, created_at, status, discount, net, vat, nhil, getfund, covid, gross, cost, "
             "change, flags FROM sales ORDER BY seq",
    "sale_lines": "SELECT * FROM sale_lines ORDER BY sale_id, line_no",
    "sale_tenders": "SELECT * FROM sale_tenders ORDER BY sale_id, n",
    "refunds": "SELECT id, seq, refund_no, sale_id, shift_id, user, business_date, created_at, reason, "
               "gross FROM refunds ORDER BY seq",
    "refund_lines": "SELECT * FROM refund_lines ORDER BY refund_id, line_no",
    "refund_tenders": "SELECT * FROM refund_tenders ORDER BY refund_id, n",
    "voids": "SELECT * FROM voids ORDER BY seq",
    # Tax invoice numbers are on paper only: recovery counts them again, never reusing one.
    "tax_invoices": "SELECT series, last FROM doc_counters WHERE series = 'tax_invoice'",
    "shifts": "SELECT id, number, user, status, business_date, opened_at, opening_float, open_seq, "
              "closed_at, closed_by, close_seq, expected, counted, variance, blind, counts, z_no "
              "FROM shifts ORDER BY number",
    "cash_moves": "SELECT * FROM cash_moves ORDER BY seq",
    "customer_payments": "SELECT * FROM customer_payments ORDER BY seq",
    "customer_entries": "SELECT customer_id, seq, amount, reference FROM customer_entries ORDER BY seq, id",
    "customers": "SELECT id, name, phone, tin, email, credit_limit, balance, active FROM customers ORDER BY id",
    "journals": "SELECT seq, kind, reference, memo, business_date FROM journals ORDER BY seq, id",
    "journal_lines": "SELECT j.seq, l.line_no, l.account, l.debit, l.credit, l.branch, l.memo "
                     "FROM journal_lines l JOIN journals j ON j.id = l.journal_id ORDER BY j.seq, j.id, l.line_no",
    "stock_moves": "SELECT seq, branch, location, sku, delta_milli FROM stock_moves ORDER BY seq, id",
    "stock_levels": "SELECT branch, location, sku, qty_milli FROM stock_levels ORDER BY branch, location, sku",
    "doc_counters": "SELECT * FROM doc_counters ORDER BY series",
}


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = {name: [tuple(r) for r in conn.execute(sql)] for name, sql in SNAPSHOT.items()}
    finally:
        conn.close()
    # The refund service stores the quantity as typed ("1"); the envelope, and so the
    # recovered row, carries it with three places ("1.000"). Same quantity.
    tables["refund_lines"] = [(*r[:3], Decimal(str(r[3])), *r[4:]) for r in tables["refund_lines"]]
    return tables


def busy_day(t: TillHandle, customer_id: str) -> None:
    """Every kind of event the till makes, as a manager (who needs no approvals)."""
    till = t.till
    till.sales.scan(OIL)
    till.sales.set_customer(customer_id)
    till.sales.complete([credit(Money.cedis(38))])
    till.sales.scan(MILO)
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(100))])
    till.returns.refund(sale.receipt_no, [ReturnItem(1, Decimal("1"))], reason="damaged tin")
    till.sales.scan(OIL)
    doomed = till.sales.complete([cash(Money.cedis(38))])
    till.returns.void(doomed.receipt_no, reason="rang up twice")
    till.shifts.cash_move("paid_out", Money.cedis(10), "fuel for generator")
    walk_in = till.customers.register("Abena Stores", phone="0244000000")
    till.customers.take_payment(customer_id, [cash(Money.cedis(20))])
    till.stock.adjust([("GH-0001", "-1")], reason="damaged")
    till.stock.receive("DN-7781", "Unilever Ghana", [("GH-0002", "24", Money(316))])
    till.shifts.close({20000: 2, 1000: 3})
    till.shifts.open(Money.cedis(150))
    till.sales.scan(MILO)
    till.sales.complete([cash(Money.cedis(62))])
    assert walk_in.id


def test_a_restored_till_gets_back_every_kind_of_event(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok  # the catalogue, users and the credit customer come down
    t.till.auth.login(MANAGER, MANAGER_PIN)
    t.till.shifts.open(Money.cedis(200))
    t.sell(OIL, user=MANAGER, pin=MANAGER_PIN)
    assert t.sync().ok
    backup: BackupInfo = t.till.backups.take("before the disk died")
    busy_day(t, world.customer_id)
    report = t.sync()
    assert report.ok and report.backlog == 0
    before = snapshot(t.data_dir / "bisama-terminal.sqlite3")
    head_before = t.till.outbox.head()

    t.till.close()
    restore(backup, t.data_dir / "bisama-terminal.sqlite3", t.clock.now())
    t.reopen()
    assert t.till.outbox.head().seq == backup.seq < head_before.seq

    report = t.sync()
    assert report.ok, report.message
    assert report.recovery is not None and report.recovery.recovered == head_before.seq - backup.seq
    after = snapshot(t.data_dir / "bisama-terminal.sqlite3")
    for table in SNAPSHOT:
        assert after[table] == before[table], f"{table} differs after recovery"
    assert t.till.outbox.head() == head_before
    check = t.till.check()
    assert check.ok, check.problems
    assert unbalanced_journals(t.till.db) == []
    assert sum(m.pesewas for m in trial_balance(t.till.db).values()) == 0

    # The till sells on: next seq, next receipt number, next shift state — and the
    # server takes it without a fork.
    t.reopen()
    t.till.auth.login(MANAGER, MANAGER_PIN)
    assert t.till.shifts.current() is not None  # the shift opened after the backup is back
    receipt = t.sell(OIL, user=MANAGER, pin=MANAGER_PIN)
    assert receipt == "MAIN-T01-000006"
    assert t.till.outbox.head().seq == head_before.seq + 1
    report = t.sync()
    assert report.ok and report.backlog == 0 and report.pushed.acked == 1
    books = check_books(world.ctx, world.tenant_id)
    assert books.sales == 6
    state = build_state(t.till.db, t.clock)
    assert state.connection is Connection.ONLINE and state.last_error is None


def test_a_till_that_sold_before_asking_stops_instead_of_forking(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    assert t.sync().ok
    backup = t.till.backups.take("old")
    t.sell(MILO)
    t.sell(OIL)
    assert t.sync().ok
    t.till.close()
    restore(backup, t.data_dir / "bisama-terminal.sqlite3", t.clock.now())
    t.reopen()
    t.sell(MILO)  # sealed at a seq head office already holds, with other contents
    report = t.sync()
    assert report.outcome == "refused" and report.code == "fork"
    assert "restored from an old backup" in (report.message or "")
    state = build_state(t.till.db, t.clock)
    assert state.connection is Connection.REFUSED
    assert state.refused_reason and "nothing is deleted" in state.refused_reason
    # Nothing was deleted or changed on either side.
    assert t.till.outbox.depth() == 1
    assert check_books(world.ctx, world.tenant_id).sales == 3
