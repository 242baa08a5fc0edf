"""The till's printer, cash drawer, pole display and serial scanner as the screens see
them: ``hardware.worker.PrintWorker`` on its own thread over its own connection to the
print queue (one SQLite connection per thread), its notices re-emitted as Qt signals on
the GUI thread, and start/stop/restart when the manager changes ``hardware.toml``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from hardware.config import HardwareConfig, HardwareConfigError
from hardware.display import PoleDisplay
from hardware.print_queue import PrinterState
from hardware.scanner import SerialScanner
from hardware.transport import Transport
from hardware.worker import PrinterNotice, PrintWorker
from terminal.store.db import Database
from terminal.store.print_jobs import PrintQueue
from terminal.ui import hardware_file

log = logging.getLogger(__name__)


class PrinterLink(QObject):
    notice_changed = Signal(object)  # PrinterNotice
    drawer_news = Signal(object)  # DrawerNotice: a sale's drawer opened, or did not
    _from_drawer = Signal(object)
    scanned = Signal(str)  # a code from a serial scanner
    restarted = Signal()
    _from_worker = Signal(object)
    _from_scanner = Signal(str)
    _stopped = Signal()

    def __init__(
        self,
        data_dir: Path,
        db_path: Path,
        now: Callable[[], datetime],
        *,
        transport_factory: Callable[[HardwareConfig], Transport | None] | None = None,
        adjust: Callable[[HardwareConfig], HardwareConfig] | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.db_path = Path(db_path)
        self._now = now
        self._transport_factory = transport_factory
        self._adjust = adjust  # e.g. the training printer in place of the real one
        self.config = HardwareConfig(printer=None)
        self.problem: str | None = None  # hardware.toml could not be used
        self.worker: PrintWorker | None = None
        self.scanner: SerialScanner | None = None
        self.pole: PoleDisplay | None = None
        self.notice: PrinterNotice | None = None
        self._db: Database | None = None
        self._from_worker.connect(self._remember)
        self._from_drawer.connect(self.drawer_news)
        self._from_scanner.connect(self.scanned)
        self._stopped.connect(self._start_again)

    @property
    def path(self) -> Path:
        return hardware_file.config_path(self.data_dir)

    @property
    def configured(self) -> bool:
        return self.worker is not None

    # -- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        try:
            self.config = hardware_file.load(self.path)
            self.problem = None
        except HardwareConfigError as exc:
            self.config = HardwareConfig(printer=None)
            self.problem = str(exc)
        if self._adjust is not None:
            self.config = self._adjust(self.config)
        printer = self.config.printer
        if printer is not None:
            self._db = Database(self.db_path)
            transport = self._transport_factory(self.config) if self._transport_factory else None
            self.worker = PrintWorker(
                PrintQueue(self._db),
                printer,
                clock=self._now,
                drawer=self.config.drawer,
                transport=transport,
                on_notice=self._from_worker.emit,
                on_drawer=self._from_drawer.emit,
            )
            self.worker.start(idle_poll_ms=1000)
        display = self.config.display
        if display.enabled and display.device:
            self.pole = PoleDisplay(
                display.device, baudrate=display.baudrate, width=display.columns, page_name=display.code_page
            )
        serial = self.config.scanner.serial_device
        if serial:
            self.scanner = SerialScanner(
                serial, self._from_scanner.emit, baudrate=self.config.scanner.serial_baudrate
            )
            self.scanner.start()

    def stop(self) -> None:
        if self.pole is not None:
            self.pole.close()
            self.pole = None
        if self.scanner is not None:
            self.scanner.stop()
            self.scanner = None
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        if self._db is not None:
            self._db.close()
            self._db = None

    def restart(self) -> None:
        """After ``hardware.toml`` changed. Stopping waits for a job in flight (a few
        seconds at most), so it happens on a helper thread; ``restarted`` says when the
        new set-up is running."""

        def run() -> None:
            self.stop()
            self._stopped.emit()  # queued: start() runs on the GUI thread

        threading.Thread(target=run, name="printer-restart", daemon=True).start()

    def _start_again(self) -> None:
        self.notice = None
        self.start()
        self.restarted.emit()

    # -- what the screens ask for ------------------------------------------------------
    def wake(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    def retry_now(self) -> None:
        if self.worker is not None:
            self.worker.retry_now()

    def open_drawer(self, deadline: datetime) -> Future[bool] | None:
        return None if self.worker is None else self.worker.open_drawer(deadline)

    def state(self) -> PrinterState | None:
        return None if self.notice is None else self.notice.state

    def _remember(self, notice: PrinterNotice) -> None:
        self.notice = notice
        self.notice_changed.emit(notice)
