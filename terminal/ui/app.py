"""Starting and stopping the till's screens: open the till (database check first), start
the printer worker, the worker thread and (when there is one) the sync client, show the
main window on the sign-in screen, and close everything in order at exit. A damaged
database or a missing signing key gets its own window that says what to do — with the
restore of the latest verified backup one click away."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from hardware.config import HardwareConfig
from hardware.transport import Transport
from shared.errors import BisamaError
from terminal import __version__
from terminal.backup import latest_verified, restore
from terminal.clock import Clock, SystemClock
from terminal.errors import DatabaseDamaged, KeyStoreError
from terminal.keystore import KeyStore
from terminal.lifetime import signals_call
from terminal.paths import DB_NAME, resolve_backup_dir
from terminal.sync.state import SyncState
from terminal.till import Till
from terminal.ui.context import EnrollFn, SyncControl, UiContext
from terminal.ui.i18n import translate
from terminal.ui.main_window import MainWindow
from terminal.ui.power import PowerState, read_power
from terminal.ui.power_watch import PowerWatch
from terminal.ui.preferences import Preferences
from terminal.ui.printer_link import PrinterLink
from terminal.ui.tasks import TaskRunner
from terminal.ui.theme import apply_theme, install_translator
from terminal.ui.training import ReceiptRoll, TrainingPrinter
from terminal.ui.widgets import MessageBar, button, label


@dataclass(frozen=True)
class AppOptions:
    data_dir: Path
    backup_dir: Path | None = None
    fullscreen: bool | None = None  # None: as the till's preferences say
    language: str | None = None
    check_start: bool = False  # open to the first screen, say how long it took, exit
    training_printer: bool = False  # receipts to an on-screen roll instead of the printer


def make_application(argv: list[str] | None = None, language: str | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Bisama POS")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Bisama")
    apply_theme(app)
    install_translator(app, language)
    return app


def build_context(
    till: Till,
    data_dir: Path,
    *,
    open_worker_till: Callable[[], Till],
    enroll: EnrollFn | None = None,
    sync_control: SyncControl | None = None,
    power: Callable[[], PowerState | None] = read_power,
    transport_factory: Callable[[HardwareConfig], Transport | None] | None = None,
    adjust_hardware: Callable[[HardwareConfig], HardwareConfig] | None = None,
) -> UiContext:
    tasks = TaskRunner(open_worker_till)
    printer = PrinterLink(
        data_dir, till.db.path, till.clock.now, transport_factory=transport_factory, adjust=adjust_hardware
    )
    return UiContext(
        till=till,
        data_dir=Path(data_dir),
        tasks=tasks,
        printer=printer,
        prefs=Preferences(data_dir),
        enroll=enroll,
        sync_control=sync_control,
        power=power,
    )


class TillApp:
    """The running till: owns the window and everything started for it."""

    def __init__(
        self,
        ctx: UiContext,
        *,
        scanner_clock: Callable[..., int] | None = None,
        scanner_now: Callable[[], int] | None = None,
    ) -> None:
        self.ctx = ctx
        self.ctx.printer.start()
        self.window = MainWindow(ctx, scanner_clock=scanner_clock, scanner_now=scanner_now)
        self._pulled_at: object = None
        self.ctx.sync.state_changed.connect(self._after_sync)
        # A UPS running down: warn, back up, and close before the power goes (terminal/power.py).
        self.power = PowerWatch(ctx, self._say, self._power_close)

    def start(self, messages: tuple[str, ...] = ()) -> MainWindow:
        self.window.start(messages)
        if self.ctx.sync_control is not None:
            self.ctx.sync_control.start(self.ctx.sync.publish)
        # The daily backup copies the whole database: on the worker thread, never at the
        # sign-in screen's expense.
        self.ctx.tasks.submit(lambda t: t.backups.take_if_due(), None, self._backup_failed)
        self.power.start()
        return self.window

    def _say(self, level: str, text: str) -> None:
        """A notice on the current screen's message bar (the sign-in screen's when none)."""
        bar = getattr(self.window.current, "message", None) or self.window.login.notes
        getattr(bar, level, bar.warning)(text)

    def _power_close(self) -> None:
        """The battery is critical and everything is saved: close as the window's own
        button would (the run loop then stops the workers and closes the database)."""
        self.window.close()
        QApplication.quit()

    def _after_sync(self, state: SyncState) -> None:
        """A pull may have brought new settings — the tax profile with a VAT registration
        change, the shop's name, options — written by the sync worker's own connection:
        the screens' till and the task runner's till read them again."""
        if state.pulled_at is None or state.pulled_at == self._pulled_at:
            return
        self._pulled_at = state.pulled_at
        self.ctx.till.reload_settings()
        self.ctx.tasks.submit(lambda t: t.reload_settings())

    def _backup_failed(self, exc: Exception) -> None:
        self.window.login.notes.warning(
            translate(
                "TillApp", "The daily backup could not be taken ({0}). Check the backup folder."
            ).format(exc)
        )

    def stop(self) -> None:
        self.power.stop()
        if self.ctx.sync_control is not None:
            self.ctx.sync_control.stop()
        self.window.close()
        self.window.deleteLater()
        self.ctx.printer.stop()
        self.ctx.tasks.close()
        self.ctx.displays.close()
        self.ctx.till.close()


class StartupProblem(QWidget):
    """The till cannot open its database or its key: say why and what to do."""

    def __init__(self, error: BisamaError, data_dir: Path, backup_dir: Path) -> None:
        super().__init__()
        self.setObjectName("startup-problem")
        self.setWindowTitle(translate("TillApp", "Bisama POS — the till cannot start"))
        self.retry = False
        self.data_dir, self.backup_dir = data_dir, backup_dir
        col = QVBoxLayout(self)
        col.setContentsMargins(30, 24, 30, 24)
        col.addWidget(label(translate("TillApp", "The till cannot start"), "heading"))
        self.text = label(str(error), wrap=True)
        self.text.setObjectName("startup.problem")
        col.addWidget(self.text)
        self.message = MessageBar("startup.message")
        col.addWidget(self.message)
        self.best = latest_verified(backup_dir) if isinstance(error, DatabaseDamaged) else None
        if self.best is not None:
            col.addWidget(
                button(
                    translate("TillApp", "Restore the latest verified backup ({0})").format(
                        self.best.taken_at
                    ),
                    "startup.restore",
                    role="primary",
                    on_click=self._restore,
                )
            )
        col.addWidget(button(translate("TillApp", "Try again"), "startup.retry", on_click=self._again))
        col.addWidget(button(translate("TillApp", "Close"), "startup.close", on_click=self.close))
        self.resize(760, 420)

    def _restore(self) -> None:
        if self.best is None:
            return
        try:
            aside = restore(self.best, self.data_dir / DB_NAME, SystemClock().now())
        except (BisamaError, OSError) as exc:
            self.message.error(str(exc))
            return
        self.message.ok(
            translate("TillApp", "Restored. The damaged file is kept as {0}. Starting the till…").format(
                aside
            )
        )
        self._again()

    def _again(self) -> None:
        self.retry = True
        self.close()


def open_till(options: AppOptions, *, clock: Clock | None = None, key_store: KeyStore | None = None) -> Till:
    return Till.open(options.data_dir, backup_dir=options.backup_dir, clock=clock, key_store=key_store)


def run(options: AppOptions) -> int:
    """``bisama-terminal run``: the till's screens until the window is closed."""
    started = time.monotonic()
    app = make_application(language=options.language)
    backup_dir = resolve_backup_dir(options.data_dir, options.backup_dir)
    while True:
        try:
            till = open_till(options)
        except (DatabaseDamaged, KeyStoreError) as exc:
            if options.check_start:
                sys.stdout.write(json.dumps({"screen": "startup-problem", "problem": str(exc)}) + "\n")
                return 1
            problem = StartupProblem(exc, options.data_dir, backup_dir)
            problem.show()
            app.exec()
            if problem.retry:
                continue
            return 1
        break
    report = till.start(take_backup=False)
    key_store = till.key_store
    clock = till.clock
    training: TrainingPrinter | None = None
    if options.training_printer or till.settings.training:
        # A training till's receipts never reach a real printer, whatever the set-up says.
        training = TrainingPrinter(ReceiptRoll()).start()
    from terminal.sync.worker import SyncWorker

    # The till's connection to head office: enrolling from the screens and syncing in the
    # background (an unenrolled till's worker only looks every half minute).
    worker = SyncWorker.for_till(till)
    ctx = build_context(
        till,
        options.data_dir,
        open_worker_till=lambda: open_till(options, clock=clock, key_store=key_store),
        enroll=worker.enroll,
        sync_control=worker,
        adjust_hardware=training.config_for if training else None,
    )
    running = TillApp(ctx)
    window = running.start(report.messages)
    fullscreen = ctx.prefs.fullscreen if options.fullscreen is None else options.fullscreen
    if fullscreen:
        window.showFullScreen()
    else:
        window.showMaximized()
    if training is not None:
        training.roll.show()
        window.activateWindow()
    if options.check_start:
        QTimer.singleShot(0, lambda: _report_start(window, started))
    stopped_by: list[int] = []

    def stop(signum: int) -> None:
        stopped_by.append(signum)
        app.quit()  # the window closes as by its own button: cart kept, workers stopped, database closed

    # Qt's event loop runs in C++: a timer gives Python a moment to see Ctrl+C, SIGTERM, SIGHUP.
    ticker = QTimer()
    ticker.timeout.connect(lambda: None)
    ticker.start(250)
    console = sys.stderr  # None in the windowed build (bisama-till.exe): no console to tell
    if console is not None:
        if till.settings.training:
            console.write("A training till: its receipts go to the on-screen roll, never to a printer.\n")
        if not options.check_start:
            console.write("The till is open. Ctrl+C here closes it.\n")
        console.flush()
    try:
        with signals_call(stop):
            code = app.exec()
        # Stopped by a signal: the shell's convention (130 for Ctrl+C, 143 for SIGTERM …).
        return 128 + stopped_by[0] if stopped_by else code
    finally:
        ticker.stop()
        running.stop()
        if training is not None:
            training.stop()
            training.roll.close()


def _report_start(window: MainWindow, started: float) -> None:
    """``run --check-start``: the first screen is up; say which and how long it took."""
    screen = window.current.screen_id if window.current else "none"
    seconds = time.monotonic() - started
    sys.stdout.write(json.dumps({"screen": screen, "seconds": round(seconds, 3)}) + "\n")
    sys.stdout.flush()
    window.close()
    QApplication.quit()
