"""The drawer opens with the sale, not behind the printer (issue [8]): a sale's kick is
sent on its own before any receipt, even while an earlier receipt is stuck and the queue
is in its back-off pause; a kick that cannot be sent is recorded and reported at once.
Faults on the virtual printer: out of paper, off-line (DLE EOT says so) and unplugged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hardware import samples
from hardware.config import DrawerConfig
from hardware.print_queue import PrinterState
from hardware.virtual_printer import VirtualPrinter
from hardware.worker import DrawerNotice, Outcome, PrintWorker
from tests.hardware.helpers import ManualClock, network_config
from tests.hardware.jobstore import SqliteJobStore

pytestmark = pytest.mark.fault

SALE = samples.sale_with_discounts()


def add_sale(store: SqliteJobStore, clock: ManualClock, reference: str, *, drawer_s: float = 5) -> int:
    return store.add("sale", reference, SALE.to_json(), clock.now, open_drawer=True,
                     drawer_deadline=clock.now + timedelta(seconds=drawer_s))


@pytest.fixture
def drawer_news() -> list[DrawerNotice]:
    return []


@pytest.fixture
def worker(printer: VirtualPrinter, store: SqliteJobStore, clock: ManualClock,
           drawer_news: list[DrawerNotice]) -> PrintWorker:
    return PrintWorker(store, network_config(printer.port), clock=clock,
                       drawer=DrawerConfig(pin=2, pulse_ms=100), on_drawer=drawer_news.append)


def test_the_next_sale_drawer_opens_while_a_receipt_is_stuck_on_paper_out(
        worker: PrintWorker, store: SqliteJobStore, clock: ManualClock, printer: VirtualPrinter,
        drawer_news: list[DrawerNotice]) -> None:
    printer.set_fault("paper_out")
    first = add_sale(store, clock, "MAIN-T1-000001")
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert attempt.state is PrinterState.PAPER_OUT
    # The next cash sale, at once: the queue is in its back-off pause behind the stuck
    # receipt, but the new sale's drawer still opens.
    second = add_sale(store, clock, "MAIN-T1-000002")
    assert worker.run_once() is None  # no receipt tried in the pause …
    assert [(p.pin, p.realtime) for p in printer.pulses] == [(2, True), (2, True)]  # … both drawers
    assert store.drawer_opens() == [(first, "kick first"), (second, "kick first")]
    assert [(n.reference, n.opened) for n in drawer_news] == [("MAIN-T1-000001", True),
                                                              ("MAIN-T1-000002", True)]
    assert store.row(second).status == "waiting"  # its receipt waits behind the first
    printer.set_fault("paper_out", False)
    clock.advance(seconds=30)
    assert worker.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    assert worker.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    assert len(printer.pulses) == 2  # never again with the receipts


def test_a_kick_that_cannot_be_sent_is_told_at_once_and_recorded(
        worker: PrintWorker, store: SqliteJobStore, clock: ManualClock, printer: VirtualPrinter,
        drawer_news: list[DrawerNotice]) -> None:
    printer.unplug()
    job = add_sale(store, clock, "MAIN-T1-000007")
    attempt = worker.run_once()
    assert attempt is not None and attempt.outcome is Outcome.FAILED
    assert len(drawer_news) == 1 and not drawer_news[0].opened
    assert drawer_news[0].message.startswith("Drawer did not open — printer off-line")
    assert "drawer key" in drawer_news[0].message
    opens = store.drawer_opens()
    assert opens[0][0] == job and opens[0][1].startswith("failed: Drawer did not open")
    assert not store.row(job).open_drawer  # never replayed later
    printer.plug_in()
    clock.advance(seconds=30)
    assert worker.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    assert printer.pulses == []  # the receipt printed; the drawer did not pop open late
    assert len(drawer_news) == 1


def test_an_offline_printer_says_so_and_the_drawer_is_not_replayed(
        worker: PrintWorker, store: SqliteJobStore, clock: ManualClock, printer: VirtualPrinter,
        drawer_news: list[DrawerNotice]) -> None:
    printer.set_fault("offline")
    add_sale(store, clock, "MAIN-T1-000008")
    worker.run_once()
    assert [n.opened for n in drawer_news] == [False]
    assert "Drawer did not open — printer off-line" in drawer_news[0].message
    assert printer.pulses == []
    clock.advance(seconds=1)
    worker.run_once()
    assert len(drawer_news) == 1


def test_a_kick_past_its_deadline_is_dropped_without_a_word(
        worker: PrintWorker, store: SqliteJobStore, clock: ManualClock, printer: VirtualPrinter,
        drawer_news: list[DrawerNotice]) -> None:
    add_sale(store, clock, "MAIN-T1-000009", drawer_s=1)
    clock.advance(seconds=2)
    assert worker.run_once().outcome is Outcome.PRINTED  # type: ignore[union-attr]
    assert printer.pulses == [] and drawer_news == []
