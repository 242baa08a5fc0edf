"""The demo's screens: the real till window, signed in as the demo cashier on the sale
screen, its sync worker talking to the demo's head office, and receipts printed to the
virtual printer shown on the paper roll window beside it (``ReceiptRoll``) — the bytes
the print worker sent, decoded and drawn. A "Head office ↗" button on the top bar opens
the dashboard in the browser.

``DemoWindows.open`` builds all that on a prepared demo (``terminal.demo.prepare``) and
``close`` stops it in order; ``run_demo`` is ``bisama-terminal demo``: set up, open,
run until the till's window is closed, Ctrl+C, SIGTERM or SIGHUP, and stop head office,
the printer and the sync worker whatever happens.
"""

from __future__ import annotations

import signal
import tempfile
import webbrowser
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QPushButton

from terminal.demo import (
    CASHIER,
    DASHBOARD_PASSWORD,
    DIRECTOR,
    MANAGER,
    DemoHome,
    DemoSetup,
    Say,
    free_port,
    prepare,
    sign_in_cashier,
)
from terminal.lifetime import signals_call
from terminal.sync.worker import SyncWorker
from terminal.till import Till
from terminal.ui.app import TillApp, build_context, make_application
from terminal.ui.i18n import translate
from terminal.ui.main_window import MainWindow
from terminal.ui.training import ReceiptRoll, TrainingPrinter
from terminal.ui.widgets import button, label


class _Closed(QObject):
    """Calls ``then`` when the watched window is closed (the roll may stay open)."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self._then)
        return False


class DemoWindows:
    """The till's window and the receipt roll on a prepared demo."""

    def __init__(self, setup: DemoSetup, *, open_browser: Callable[[str], object] | None = None) -> None:
        self.setup = setup
        self.open_browser = open_browser or webbrowser.open  # looked up now: tests replace it
        self.app = make_application(["bisama-demo"])
        self.roll = ReceiptRoll()
        self.printer = TrainingPrinter(self.roll)
        self.running: TillApp | None = None
        self.window: MainWindow | None = None
        self.till: Till | None = None
        self.worker: SyncWorker | None = None
        self.dashboard_button: QPushButton | None = None

    def open(self) -> MainWindow:
        home = self.setup.home
        self.printer.start()
        till = self.till = home.open_till()
        report = till.start(take_backup=False)
        key_store, clock = till.key_store, till.clock
        self.worker = SyncWorker.for_till(till)

        def worker_till() -> Till:
            return Till.open(home.till, clock=clock, key_store=key_store, backup_dir=home.till / "backups")

        ctx = build_context(
            till,
            home.till,
            open_worker_till=worker_till,
            enroll=self.worker.enroll,
            sync_control=self.worker,
            adjust_hardware=self.printer.config_for,
        )
        self.running = TillApp(ctx)
        window = self.window = self.running.start(report.messages)
        sign_in_cashier(till)
        window.signed_in()
        self._add_dashboard_button(window)
        self._add_hints()
        window.fit_to_screen(1180, 800)  # never larger than the screen it opens on (issue [8])
        window.show()
        screen = window.screen().availableGeometry()
        right = min(window.x() + window.width() + 8, max(0, screen.right() - self.roll.width()))
        self.roll.move(right, window.y())
        self.roll.show()
        window.raise_()
        window.activateWindow()
        window.focus_screen()
        return window

    def _add_dashboard_button(self, window: MainWindow) -> None:
        bar = window.manager_button.parentWidget()
        layout = bar.layout() if bar is not None else None
        if layout is None:
            return
        self.dashboard_button = button(
            translate("DemoWindows", "Head office ↗"),
            "topbar.dashboard",
            accessible=translate("DemoWindows", "Open the head-office dashboard in the browser"),
            on_click=self.open_dashboard,
        )
        self.dashboard_button.setToolTip(
            translate("DemoWindows", "{0} — sign in as {1}, password {2}").format(
                self.setup.office.dashboard_url, DIRECTOR[0], DASHBOARD_PASSWORD
            )
        )
        layout.addWidget(self.dashboard_button)

    def _add_hints(self) -> None:
        """What to try, on top of the receipt roll (the PINs and the dashboard's sign-in)."""
        text = translate(
            "DemoWindows",
            "Demo — scan or type a barcode (e.g. 6030010001371), F12 to pay, Enter for exact cash.\n"
            "Cashier {0}: PIN {1} · manager {2}: PIN {3}\n"
            "Dashboard {4} — {5} / {6}",
        ).format(
            CASHIER[1], CASHIER[3], MANAGER[1], MANAGER[3], self.setup.office.dashboard_url,
            DIRECTOR[0], DASHBOARD_PASSWORD,
        )
        hint = label(text, "muted", wrap=True)
        hint.setObjectName("receipt-roll.demo-hints")
        layout = self.roll.layout()
        if layout is not None:
            layout.insertWidget(0, hint)  # type: ignore[attr-defined]

    def open_dashboard(self) -> None:
        self.open_browser(self.setup.office.dashboard_url)

    def close(self) -> None:
        """Stop the till's window, the sync worker and the printer (head office is the
        caller's: ``DemoSetup.office.stop``)."""
        if self.running is not None:
            self.running.stop()
            self.running = None
        self.printer.stop()
        self.roll.close()


def run_demo(
    home: DemoHome,
    *,
    fresh: bool,
    port: int | None,
    browser: bool,
    say: Say,
    on_open: Callable[[DemoWindows], object] | None = None,
) -> int:
    """``bisama-terminal demo``: until the till's window is closed or Ctrl+C.
    ``on_open`` is called once the windows are up (tests drive the window from it)."""
    # Qt first: if it cannot open a window it aborts the process, which must happen
    # before head office is started, not 20 seconds later with head office running.
    make_application(["bisama-demo"])
    setup = prepare(home, fresh=fresh, port=port, say=say)
    windows: DemoWindows | None = None
    try:
        windows = shown = DemoWindows(setup)
        app = windows.app
        window = windows.open()
        say("")
        say("The till is open, signed in as the cashier on the sale screen:")
        for line in setup.sign_in_lines():
            say(line)
        say(f"  Receipts print to a virtual printer and show in the receipt window; head office's log: "
            f"{home.server_log}")
        say("Close the till's window or press Ctrl+C here to stop the demo.")
        if browser:
            windows.open_dashboard()

        stopped_by: list[int] = []

        def interrupted(signum: int) -> None:
            what = "Ctrl+C" if signum == signal.SIGINT else signal.Signals(signum).name
            say(f"{what}: stopping the demo …")
            stopped_by.append(signum)
            app.quit()

        # Qt's event loop runs in C++; a timer gives Python a moment to see Ctrl+C,
        # SIGTERM and SIGHUP.
        ticker = QTimer()
        ticker.timeout.connect(lambda: None)
        ticker.start(200)
        closed = _Closed(app.quit)
        window.installEventFilter(closed)
        quit_on_last = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the receipt roll may stay open: the till decides
        if on_open is not None:
            QTimer.singleShot(0, lambda: on_open(shown))
        try:
            with signals_call(interrupted):
                app.exec()
        finally:
            ticker.stop()
            window.removeEventFilter(closed)
            app.setQuitOnLastWindowClosed(quit_on_last)
        # Stopped by a signal: the shell's convention (130 for Ctrl+C, 143 for SIGTERM …).
        return 128 + stopped_by[0] if stopped_by else 0
    finally:
        if windows is not None:
            windows.close()
        setup.office.stop()
        say("Demo stopped: head office, the printer and the till are shut down. "
            f"Its data stays in {home.root} (run again to continue, --fresh to start over).")


def take_demo_shot(path: Path, *, say: Say = lambda _line: None) -> Path:
    """The picture of the demo for the README (``python -m terminal.ui.screenshots
    --demo``): a throw-away demo, one sale scanned and paid exact through the real
    window, then the till and the receipt roll side by side as the newcomer sees them."""
    from PySide6.QtGui import QColor, QImage, QPainter

    from terminal.ui.driver import Driver

    with tempfile.TemporaryDirectory(prefix="bisama-demo-shot-") as work:
        setup = prepare(DemoHome(Path(work) / "demo"), fresh=False, port=free_port(), say=say)
        windows = DemoWindows(setup, open_browser=lambda _url: None)
        try:
            window = windows.open()
            window.resize(1024, 768)
            windows.roll.resize(460, 768)
            drive = Driver(window)
            for code in ("6030010001371", "6030010002743", "6030010002743"):
                drive.scan(code)
            drive.key("F12")
            drive.enter()
            drive.wait(lambda: any("MAIN-T01-000001" in t for t in windows.roll.texts), timeout=20)
            drive.wait(lambda: False, timeout=0.5)
            till_image = window.grab().toImage()
            roll_image = windows.roll.grab().toImage()
            gap = 12
            image = QImage(
                till_image.width() + gap + roll_image.width(),
                max(till_image.height(), roll_image.height()),
                QImage.Format.Format_RGB32,
            )
            image.fill(QColor("#3a3f44"))
            painter = QPainter(image)
            painter.drawImage(0, 0, till_image)
            painter.drawImage(till_image.width() + gap, 0, roll_image)
            painter.end()
            path.parent.mkdir(parents=True, exist_ok=True)
            image.save(str(path))
        finally:
            windows.close()
            setup.office.stop()
    return path
