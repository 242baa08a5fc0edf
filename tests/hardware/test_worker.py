"""The print worker against the virtual printer and a real SQLite print queue."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from hardware import samples
from hardware.config import DrawerConfig, parse_config
from hardware.print_queue import PrinterState
from hardware.virtual_printer import VirtualPrinter, decode
from hardware.worker import Outcome, PrintWorker
from tests.hardware.conftest import WorkerFactory
from tests.hardware.helpers import ManualClock
from tests.hardware.jobstore import SqliteJobStore

SALE = samples.sale_with_discounts()


def add_sale(store: SqliteJobStore, clock: ManualClock, *, drawer_s: float | None = None,
             copy: bool = False, doc=SALE) -> int:
    deadline = clock.now + timedelta(seconds=drawer_s) if drawer_s is not None else None
    return store.add(doc.kind, doc.receipt_no, doc.to_json(), clock.now, copy=copy,
                     open_drawer=drawer_s is not None, drawer_deadline=deadline)


def receipts_with(printer: VirtualPrinter, number: str) -> list[str]:
    return [p.text() for p in printer.receipts() if number in p.text()]


def test_prints_the_receipt_opens_the_drawer_and_marks_it_printed(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    worker, notices = make_worker()
    job = add_sale(store, clock, drawer_s=30)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.PRINTED and attempt.drawer_opened
    assert store.row(job).status == "printed"
    assert store.drawer_opens() == [(job, "kick first")]
    assert printer.wait_for(lambda: len(printer.receipts()) == 1)
    assert "TOTAL                                 GH¢ 541.00" in printer.receipts()[0].text()
    assert [(p.pin, p.realtime) for p in printer.pulses] == [(2, False)]
    assert [n.state for n in notices] == [PrinterState.READY]
    assert worker.run_once() is None  # nothing left


def test_a_late_drawer_kick_is_dropped_and_never_replayed(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    worker, _ = make_worker()
    job = add_sale(store, clock, drawer_s=5)
    clock.advance(seconds=6)  # the printer queue was busy; the customer has gone
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.PRINTED
    assert not attempt.drawer_opened
    assert printer.pulses == []
    assert store.drawer_opens() == []
    assert store.row(job).status == "printed"


def test_a_reprint_says_copy(make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
                             printer: VirtualPrinter) -> None:
    worker, _ = make_worker()
    add_sale(store, clock, copy=True)
    worker.run_once()
    assert printer.wait_for(lambda: len(printer.receipts()) == 1)
    assert printer.receipts()[0].text().count("COPY - NOT AN ORIGINAL RECEIPT") == 2


def test_status_is_checked_before_anything_is_sent(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    printer.set_fault("paper_out")
    worker, notices = make_worker()
    job = add_sale(store, clock)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert attempt.state is PrinterState.PAPER_OUT
    expected = ("Printer out of paper — receipt MAIN-T1-000123 waiting. "
                "Load a new roll and close the cover.")
    assert attempt.message == expected
    row = store.row(job)
    assert (row.status, row.last_error, row.printer_state) == ("waiting", expected, "paper_out")
    assert notices[-1].message == expected and notices[-1].waiting == "MAIN-T1-000123"
    printer.wait_for(lambda: len(printer.jobs) == 1)
    assert b"TOTAL" not in b"".join(printer.jobs)  # only status requests went out


def test_the_drawer_opens_while_the_paper_is_out_and_only_once(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    printer.set_fault("paper_out")
    worker, _ = make_worker(drawer=DrawerConfig(pin=5, pulse_ms=200))
    job = add_sale(store, clock, drawer_s=30)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED and attempt.drawer_opened
    assert [(p.pin, p.on_ms, p.realtime) for p in printer.pulses] == [(5, 200, True)]
    assert store.drawer_opens() == [(job, "kick first")]
    assert not store.row(job).open_drawer
    printer.set_fault("paper_out", False)
    clock.advance(seconds=2)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.PRINTED and not attempt.drawer_opened
    assert len(printer.pulses) == 1
    assert store.drawer_opens() == [(job, "kick first")]


def test_back_off_doubles_up_to_the_maximum(make_worker: WorkerFactory, store: SqliteJobStore,
                                            clock: ManualClock, printer: VirtualPrinter) -> None:
    printer.set_fault("cover_open")
    worker, notices = make_worker()
    job = add_sale(store, clock)
    delays = []
    for _ in range(5):
        before = clock.now
        assert worker.run_once() is not None
        retry_at = store.row(job).next_try_at
        delays.append((clock.now.fromisoformat(retry_at) - before).total_seconds())
        assert worker.run_once() is None  # still pausing: nothing is tried
        clock.now = clock.now.fromisoformat(retry_at)
    assert delays == [1, 2, 4, 8, 8]
    assert len(notices) == 1 and notices[0].state is PrinterState.COVER_OPEN  # told once
    assert "Close the printer cover firmly." in notices[0].message


def test_a_document_that_cannot_be_laid_out_waits_without_blocking_the_queue(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    worker, _ = make_worker()
    broken = SALE.to_json()
    broken["lines"][0]["qty"] = 3  # a number where the document has text
    bad = store.add("sale", "MAIN-T1-000122", broken, clock.now)
    good = add_sale(store, clock)
    first = worker.run_once()
    assert first is not None and first.outcome is Outcome.UNPRINTABLE
    assert "document.lines[0].qty" in (store.row(bad).last_error or "")
    assert "Reprint it from the sale" in (store.row(bad).last_error or "")
    second = worker.run_once()
    assert second is not None and second.outcome is Outcome.PRINTED and second.job_id == good


def test_waiting_receipts_print_in_order_once_the_printer_is_back(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    printer.set_fault("paper_out")
    worker, _ = make_worker()
    first = add_sale(store, clock)
    worker.run_once()
    momo = samples.sale_momo_split()
    second = add_sale(store, clock, doc=momo)
    assert worker.run_once() is None  # the worker waits out its pause, not jumping the queue
    printer.set_fault("paper_out", False)
    clock.advance(seconds=1)
    assert [worker.run_once().job_id, worker.run_once().job_id] == [first, second]  # type: ignore[union-attr]
    assert printer.wait_for(lambda: len(printer.receipts()) == 2)
    numbers = ["MAIN-T1-000123" in p.text() for p in printer.receipts()]
    assert numbers == [True, False]


def test_a_one_way_connection_prints_without_status(
        store: SqliteJobStore, clock: ManualClock, tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    config = parse_config({"printer": {"connection": "file", "device": str(target),
                                       "model": "POS-5890", "paper_mm": 58}}).printer
    assert config is not None and not config.two_way
    worker = PrintWorker(store, config, clock=clock)
    job = add_sale(store, clock, doc=samples.sale_momo_split())
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.PRINTED
    assert store.row(job).status == "printed"
    pages = decode(target.read_bytes(), 384)
    assert "MAIN-T2-000045" in pages[0].text()


def test_the_no_sale_drawer_opens_before_its_deadline_only(
        make_worker: WorkerFactory, clock: ManualClock, printer: VirtualPrinter) -> None:
    worker, _ = make_worker()
    on_time = worker.open_drawer(clock.now + timedelta(seconds=5))
    worker.run_once()
    assert on_time.result(timeout=1) is True
    late = worker.open_drawer(clock.now - timedelta(seconds=1))
    worker.run_once()
    assert late.result(timeout=1) is False
    assert printer.wait_for(lambda: len(printer.pulses) == 1)


def test_a_waiting_receipt_survives_a_restart_of_the_till(
        tmp_path: Path, clock: ManualClock, printer: VirtualPrinter) -> None:
    path = tmp_path / "till.sqlite3"
    store = SqliteJobStore(path)
    from tests.hardware.helpers import network_config

    printer.unplug()
    worker = PrintWorker(store, network_config(printer.port), clock=clock)
    job = add_sale(store, clock)
    assert worker.run_once().outcome is Outcome.FAILED  # type: ignore[union-attr]
    store.close()  # the till is switched off
    printer.plug_in()
    clock.advance(minutes=5)
    store = SqliteJobStore(path)  # … and on again
    worker = PrintWorker(store, network_config(printer.port), clock=clock)
    assert worker.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    assert store.row(job).status == "printed"
    assert printer.wait_for(lambda: len(receipts_with(printer, "MAIN-T1-000123")) == 1)
    store.close()


def test_paper_running_low_is_reported_with_ready(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    printer.set_fault("paper_near_end")
    worker, notices = make_worker()
    add_sale(store, clock)
    assert worker.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    assert notices[-1].state is PrinterState.READY and notices[-1].paper_low
    assert "running low" in notices[-1].message


@pytest.mark.parametrize(("fault", "state", "detail"), [
    (None, PrinterState.READY, "ready"),
    ("paper_out", PrinterState.PAPER_OUT, "out of paper"),
    ("cover_open", PrinterState.COVER_OPEN, "cover open"),
    ("offline", PrinterState.OFFLINE, "off-line"),
    ("error", PrinterState.ERROR, "cutter jammed"),
    ("garbage_status", PrinterState.UNKNOWN, "sent an unreadable status (ff 00 a5)"),
])
def test_check_printer_reports_each_state(make_worker: WorkerFactory, printer: VirtualPrinter,
                                          fault: str | None, state: PrinterState, detail: str) -> None:
    if fault:
        printer.set_fault(fault)
    worker, _ = make_worker()
    report = worker.check_printer()
    assert (report.state, report.detail) == (state, detail)


def test_the_worker_thread_prints_what_is_queued(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    worker, _ = make_worker()
    worker.start(idle_poll_ms=50)
    try:
        for doc in (SALE, samples.sale_momo_split(), samples.refund_of_big_sale()):
            add_sale(store, clock, doc=doc)
            worker.wake()
        assert printer.wait_for(lambda: len(printer.receipts()) == 3, timeout=10)
    finally:
        worker.stop()


def test_the_configured_logo_prints_and_a_missing_one_does_not_stop_receipts(
        store: SqliteJobStore, clock: ManualClock, printer: VirtualPrinter, tmp_path: Path) -> None:
    from hardware.samples import LOGO
    from tests.hardware.helpers import network_config

    with_logo = PrintWorker(store, network_config(printer.port, logo=str(LOGO)), clock=clock)
    assert with_logo.logo_problem is None and with_logo.options.logo is not None
    assert with_logo.options.logo.width == 240
    missing = PrintWorker(store, network_config(printer.port, logo=str(tmp_path / "nope.png")),
                          clock=clock)
    assert missing.options.logo is None
    assert missing.logo_problem is not None and "receipts print without it" in missing.logo_problem
    add_sale(store, clock)
    assert missing.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    add_sale(store, clock)
    assert with_logo.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    assert printer.wait_for(lambda: len(printer.receipts()) == 2)
    assert "[image 576x96]" in printer.receipts()[1].text()  # the logo, centred on the paper


def test_the_drawer_deadline_is_checked_when_the_kick_would_go(
        store: SqliteJobStore, clock: ManualClock, printer: VirtualPrinter) -> None:
    """Slow status replies eat into the kick's few seconds: a kick due when the attempt
    began but late by the time it would be sent is dropped."""
    from tests.hardware.helpers import network_config

    start = clock.now

    class SlowClock:
        calls = 0

        def __call__(self):  # each look at the clock is 4 s after the last
            self.calls += 1
            return start + timedelta(seconds=4 * (self.calls - 1))

    worker = PrintWorker(store, network_config(printer.port), clock=SlowClock())
    job = add_sale(store, clock, drawer_s=3)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.PRINTED
    assert not attempt.drawer_opened and store.drawer_opens() == []
    assert store.row(job).status == "printed"
    assert printer.wait_for(lambda: len(printer.receipts()) == 1) and printer.pulses == []
