"""Breaking the printer on purpose: unplugged before and during a job, connection refused,
paper out before and during a job, noise on the status line, a stalled printer, the
printer's process killed with SIGKILL mid-job. Each time the receipt waits with the
reason, the state is reported, and it prints exactly once — whole — when the printer is
back (the virtual printer's log proves it)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hardware import samples
from hardware.print_queue import PrinterState
from hardware.virtual_printer import VirtualPrinter
from hardware.worker import Attempt, Outcome, PrintWorker
from tests.hardware.conftest import WorkerFactory
from tests.hardware.helpers import ManualClock, network_config
from tests.hardware.jobstore import SqliteJobStore

pytestmark = pytest.mark.fault

SALE = samples.sale_with_discounts()
NUMBER = SALE.receipt_no


def add_sale(store: SqliteJobStore, clock: ManualClock, *, drawer_s: float | None = None) -> int:
    deadline = clock.now + timedelta(seconds=drawer_s) if drawer_s is not None else None
    return store.add("sale", NUMBER, SALE.to_json(), clock.now, open_drawer=drawer_s is not None,
                     drawer_deadline=deadline)


def whole_receipts(printer: VirtualPrinter) -> list[str]:
    """Receipts that printed from top to cut on one roll and carry the sale's number."""
    return [p.text() for p in printer.receipts() if NUMBER in p.text()]


def retry(worker: PrintWorker, clock: ManualClock) -> Attempt:
    clock.advance(seconds=10)
    attempt = worker.run_once()
    assert attempt is not None
    return attempt


def test_connection_refused_then_printer_back(make_worker: WorkerFactory, store: SqliteJobStore,
                                              clock: ManualClock, printer: VirtualPrinter) -> None:
    printer.unplug()
    worker, notices = make_worker()
    job = add_sale(store, clock)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert attempt.state is PrinterState.OFFLINE
    assert "is not reachable" in attempt.message and "receipt MAIN-T1-000123 waiting" in attempt.message
    assert "Check that the printer is switched on" in attempt.message
    assert store.row(job).printer_state == "offline"
    printer.plug_in()
    assert retry(worker, clock).outcome is Outcome.PRINTED
    assert printer.wait_for(lambda: len(whole_receipts(printer)) == 1)
    assert [n.state for n in notices] == [PrinterState.OFFLINE, PrinterState.READY]


def test_unplugged_mid_job_prints_once_whole_when_plugged_back(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    worker, _ = make_worker()
    job = add_sale(store, clock, drawer_s=60)
    printer.unplug_after(1500)  # part of the receipt is through when the plug comes out
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert attempt.state is PrinterState.OFFLINE
    assert store.row(job).status == "waiting"
    # The drawer kick went out on its own before the receipt: recorded, never sent again.
    assert store.drawer_opens() == [(job, "kick first")]
    cut_short = [p for p in printer.pages if not p.complete]
    assert cut_short and cut_short[0].ended_by == "power_lost"
    assert whole_receipts(printer) == []
    printer.plug_in()
    assert retry(worker, clock).outcome is Outcome.PRINTED
    assert printer.wait_for(lambda: len(whole_receipts(printer)) == 1)
    assert len(printer.pulses) == 1
    assert store.row(job).status == "printed"


def test_paper_out_before_the_job(make_worker: WorkerFactory, store: SqliteJobStore,
                                  clock: ManualClock, printer: VirtualPrinter) -> None:
    printer.set_fault("paper_out")
    worker, notices = make_worker()
    job = add_sale(store, clock)
    for _ in range(3):
        attempt = worker.run_once()
        assert attempt is not None and attempt.state is PrinterState.PAPER_OUT
        clock.advance(seconds=10)
    assert store.row(job).attempts == 3
    assert printer.pages == []
    printer.set_fault("paper_out", False)
    assert retry(worker, clock).outcome is Outcome.PRINTED
    assert printer.wait_for(lambda: len(whole_receipts(printer)) == 1)
    assert notices[0].message.startswith("Printer out of paper — receipt MAIN-T1-000123 waiting")


def test_paper_out_during_the_job_prints_again_in_full_exactly_once(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    worker, notices = make_worker(timeouts={"print_ms": 800})
    job = add_sale(store, clock)
    printer.run_out_of_paper_after(12)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert attempt.state is PrinterState.PAPER_OUT
    assert attempt.message == ("Printer ran out of paper while printing receipt MAIN-T1-000123; "
                               "it will print again in full. Load a new roll and close the cover.")
    assert notices[-1].waiting == NUMBER
    torn = [p for p in printer.pages if p.ended_by == "paper_out"]
    assert len(torn) == 1 and "TOTAL" not in torn[0].text()
    printer.set_fault("paper_out", False)  # new roll: the rest was cleared, nothing follows
    time.sleep(0.2)
    assert len(printer.pages) == 1
    assert retry(worker, clock).outcome is Outcome.PRINTED
    assert printer.wait_for(lambda: len(whole_receipts(printer)) == 1)
    time.sleep(0.2)
    assert len(whole_receipts(printer)) == 1
    assert store.row(job).status == "printed"


def test_garbage_in_status_replies_is_unknown_not_ready(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    printer.set_fault("garbage_status")
    worker, _ = make_worker()
    job = add_sale(store, clock)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert attempt.state is PrinterState.UNKNOWN
    assert "unreadable status" in attempt.message
    assert store.row(job).printer_state == "unknown"
    assert printer.pages == []
    printer.set_fault("garbage_status", False)
    assert retry(worker, clock).outcome is Outcome.PRINTED
    assert printer.wait_for(lambda: len(whole_receipts(printer)) == 1)


def test_a_stalled_printer_is_not_answering_and_the_receipt_waits(
        make_worker: WorkerFactory, store: SqliteJobStore, clock: ManualClock,
        printer: VirtualPrinter) -> None:
    """The 10-second stall, shortened: the worker's status timeout (0.3 s) is below it."""
    worker, notices = make_worker()
    job = add_sale(store, clock)
    printer.stall(1.5)
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert attempt.state is PrinterState.UNKNOWN
    assert "not answering status requests" in (store.row(job).last_error or "")
    assert notices[-1].state is PrinterState.UNKNOWN
    time.sleep(1.6)
    assert retry(worker, clock).outcome is Outcome.PRINTED
    assert printer.wait_for(lambda: len(whole_receipts(printer)) == 1)
    time.sleep(0.3)
    assert len(whole_receipts(printer)) == 1


@pytest.mark.slow
def test_a_ten_second_stall_with_the_worker_running(printer: VirtualPrinter,
                                                    store: SqliteJobStore) -> None:
    """The real thing: a worker thread on the wall clock, 3 s status timeout, a printer
    that hangs for 10 s. The sale is in the queue the whole time; it prints once after."""
    notices = []
    worker = PrintWorker(store, network_config(printer.port, timeouts={"status_ms": 3000},
                                               retry={"first_ms": 1000, "max_ms": 4000}),
                         clock=lambda: datetime.now(UTC), on_notice=notices.append)
    now = datetime.now(UTC)
    job = store.add("sale", NUMBER, SALE.to_json(), now)
    printer.stall(10)
    worker.start(idle_poll_ms=200)
    try:
        assert printer.wait_for(lambda: len(whole_receipts(printer)) == 1, timeout=30)
    finally:
        worker.stop()
    assert store.row(job).status == "printed" and store.row(job).attempts >= 2
    assert [n.state for n in notices][:1] == [PrinterState.UNKNOWN]
    assert notices[-1].state is PrinterState.READY
    assert len(whole_receipts(printer)) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_printer_process(port: int, control: int, out: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "hardware.virtual_printer", "--port", str(port),
         "--control-port", str(control), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert "virtual printer on" in line, line
    return proc


def _ctl(control: int, command: str) -> str:
    with socket.create_connection(("127.0.0.1", control), timeout=5) as sock:
        sock.sendall(command.encode() + b"\n")
        return sock.makefile().readline().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_printer_process_killed_mid_job(store: SqliteJobStore, clock: ManualClock,
                                        tmp_path: Path) -> None:
    port, control = _free_port(), _free_port()
    first_out, second_out = tmp_path / "before", tmp_path / "after"
    proc = _start_printer_process(port, control, first_out)
    worker = PrintWorker(store, network_config(port, timeouts={"print_ms": 5000}), clock=clock)
    job = add_sale(store, clock)
    try:
        assert _ctl(control, "run-out-after 8") == "ok"  # the job stops part way …
        result: list[Attempt | None] = []
        thread = threading.Thread(target=lambda: result.append(worker.run_once()))
        thread.start()
        deadline = time.monotonic() + 5
        while not list(first_out.glob("*.txt")) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # … and the printer dies with it in its buffer
        proc.wait(timeout=5)
        thread.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert result and result[0] is not None and result[0].outcome is Outcome.FAILED
    assert store.row(job).status == "waiting"
    proc = _start_printer_process(port, control, second_out)
    try:
        assert retry(worker, clock).outcome is Outcome.PRINTED
        deadline = time.monotonic() + 5
        while not list(second_out.glob("*.txt")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert '"receipts": 1' in _ctl(control, "status")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    printed = [p.read_text(encoding="utf-8") for p in sorted(second_out.glob("*.txt"))]
    assert len(printed) == 1 and printed[0].startswith("# ended by: cut") and NUMBER in printed[0]
    assert store.row(job).status == "printed"
