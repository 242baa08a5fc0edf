"""The print queue as the printer worker and the cashier use it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hardware.documents import document_from_json
from hardware.print_queue import JobStore, PrinterState
from shared.money import Money
from terminal.errors import NotFound
from terminal.store.print_jobs import PrintQueue
from terminal.tenders import cash, momo
from tests.terminal.conftest import CASHIER, OIL


def test_is_a_job_store(till):
    store: JobStore = till.print_queue
    assert isinstance(store, PrintQueue)


def test_worker_cycle_failed_then_printed_and_drawer_audited(till, clock):
    q = till.print_queue
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(50))])
    now = clock.now()
    first = q.next_due(now)
    assert first is not None and first.kind == "shift_open"
    q.mark_printed(first.id, now, drawer_opened=False)
    job = q.next_due(now)
    assert job.reference == sale.receipt_no and job.open_drawer
    assert job.drawer_deadline == now + timedelta(seconds=5)
    assert document_from_json(dict(job.document)).total == Money.cedis(38)
    q.mark_failed(
        job.id,
        f"Printer out of paper — receipt {sale.receipt_no} waiting",
        now + timedelta(seconds=30),
        PrinterState.PAPER_OUT,
    )
    assert q.next_due(now) is None
    waiting = q.waiting()
    assert [(w.reference, w.attempts, w.printer_state) for w in waiting] == [
        (sale.receipt_no, 1, "paper_out")
    ]
    assert "out of paper" in waiting[0].last_error
    again = q.next_due(now + timedelta(seconds=31))
    assert again.id == job.id and again.attempts == 1
    q.mark_printed(job.id, now + timedelta(seconds=31), drawer_opened=True)
    assert q.depth() == 0
    drawer = till.db.query("SELECT subject FROM audit_log WHERE action = 'drawer_open'")
    assert [r[0] for r in drawer] == [sale.receipt_no]


def test_drawer_opened_while_receipt_waits_is_audited_once_and_not_repeated(till, clock):
    q = till.print_queue
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(50))])
    now = clock.now()
    first = q.next_due(now)
    q.mark_printed(first.id, now, drawer_opened=False)  # the shift slip
    job = q.next_due(now)
    assert job.open_drawer
    # paper out: the worker kicks the drawer anyway (the cashier must give change)
    q.mark_drawer_opened(job.id, now)
    q.mark_drawer_opened(job.id, now)  # reported again on a retry: recorded once
    q.mark_failed(job.id, "Printer out of paper", now + timedelta(seconds=5), PrinterState.PAPER_OUT)
    again = q.next_due(now + timedelta(seconds=6))
    assert again.id == job.id and not again.open_drawer
    q.mark_printed(job.id, now + timedelta(seconds=6), drawer_opened=False)
    assert till.db.scalar("SELECT drawer_opened FROM print_jobs WHERE id = ?", (job.id,)) == 1
    drawer = till.db.query("SELECT subject FROM audit_log WHERE action = 'drawer_open'")
    assert [r[0] for r in drawer] == [sale.receipt_no]


def test_no_drawer_kick_without_cash(till, clock):
    till.sales.scan(OIL)
    sale = till.sales.complete([momo(Money.cedis(38), "mtn", "44231234567")])
    job = till.db.one(
        "SELECT open_drawer, drawer_deadline FROM print_jobs WHERE reference = ?",
        (sale.receipt_no,),
    )
    assert tuple(job) == (0, None)


def test_reprint_and_skip(till, clock):
    q = till.print_queue
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(38))])
    copy_id = q.reprint(sale.receipt_no, clock.now(), CASHIER)
    copy = till.db.one("SELECT copy, open_drawer FROM print_jobs WHERE id = ?", (copy_id,))
    assert tuple(copy) == (1, 0)
    q.skip(copy_id, clock.now(), CASHIER)
    assert copy_id not in [w.id for w in q.waiting()]
    with pytest.raises(NotFound):
        q.skip(copy_id, clock.now(), CASHIER)
    with pytest.raises(NotFound):
        q.reprint("MAIN-T01-999999", clock.now(), CASHIER)


def test_drawer_kicks_due_newest_first_and_a_failed_kick_is_audited_not_replayed(till, clock):
    """Issue [8]: the worker serves kicks before receipts; old jobs whose kick was never
    sent (no printer then) do not hide a new sale's."""
    q = till.print_queue
    for _ in range(25):  # a day without a printer: every kick's deadline passes
        till.sales.scan(OIL)
        till.sales.complete([cash(Money.cedis(38))])
    clock.advance(minutes=5)
    assert q.drawer_kicks_due(clock.now()) == []
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(40))])
    (kick,) = q.drawer_kicks_due(clock.now())
    assert kick.reference == sale.receipt_no and kick.open_drawer
    q.mark_drawer_failed(kick.id, clock.now(), "Drawer did not open — printer off-line.")
    q.mark_drawer_failed(kick.id, clock.now(), "again")  # recorded once
    assert q.drawer_kicks_due(clock.now()) == []
    rows = till.db.query("SELECT subject, detail FROM audit_log WHERE action = 'drawer_not_opened'")
    assert [r[0] for r in rows] == [sale.receipt_no]
    assert "printer off-line" in rows[0][1]
    assert till.db.scalar("SELECT status FROM print_jobs WHERE id = ?", (kick.id,)) == "waiting"
