"""The till's main window: the top bar (shop, screen, who is signed in), the screens in a
stack, the F-key bar and the status bar. It routes keys to the current screen, scanner
input to the screen that takes scans, and moves between screens (sign in → open shift →
sell → pay → sell …)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QMargins, QRect, QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from terminal.sale import SaleResult
from terminal.ui.account_payment_screen import AccountPaymentScreen
from terminal.ui.context import UiContext
from terminal.ui.count_screen import CountScreen
from terminal.ui.customer_window import CustomerWindow
from terminal.ui.dialogs import FormDialog
from terminal.ui.exchange_screen import ExchangeScreen
from terminal.ui.first_run import FirstRunScreen
from terminal.ui.help_dialog import KeysDialog
from terminal.ui.i18n import translate
from terminal.ui.keymap import GLOBAL, Key
from terminal.ui.login_screen import LoginScreen
from terminal.ui.payment_screen import PaymentScreen, describe_tender
from terminal.ui.print_queue_dialog import PrintQueueDialog
from terminal.ui.returns_screen import ReturnsScreen
from terminal.ui.sale_screen import SaleScreen
from terminal.ui.scan_router import ScanRouter, ScanTarget, monotonic_ms
from terminal.ui.screen import Screen
from terminal.ui.settings_screen import SettingsScreen
from terminal.ui.shift_screen import ShiftScreen
from terminal.ui.status_bar import StatusBar
from terminal.ui.stock_screen import StockScreen
from terminal.ui.sync_screen import SyncScreen
from terminal.ui.text import role_name
from terminal.ui.widgets import FKeyBar, button, label

SIGNED_OUT_SCREENS = ("first_run", "login")
MIN_WIDTH, MIN_HEIGHT = 1024, 640  # a 1366×768 laptop less its task bar and title bar still fits
TITLE_BAR = 32  # what a window manager adds above a window before it is first shown


def fitted(want: QSize, area: QRect, frame: QMargins) -> QRect:
    """Where a window of ``want`` goes on a screen whose free area is ``area``: as large
    as asked but never larger than the area less the window's frame, and inside it."""
    width = max(MIN_WIDTH, min(want.width(), area.width() - frame.left() - frame.right()))
    height = max(MIN_HEIGHT, min(want.height(), area.height() - frame.top() - frame.bottom()))
    x = area.x() + frame.left() + max(0, (area.width() - frame.left() - frame.right() - width) // 2)
    y = area.y() + frame.top() + max(0, (area.height() - frame.top() - frame.bottom() - height) // 2)
    return QRect(x, y, width, height)


def shortcut_key(key: Key) -> bool:
    """Keys that are window shortcuts. Enter, arrows and Del belong to the focused field
    and are handled there (a shortcut would take them from the code box)."""
    return key.keys.startswith(("F", "Esc", "Ctrl+"))


class MainWindow(QMainWindow):
    def __init__(
        self,
        ctx: UiContext,
        *,
        scanner_clock: Callable[[QKeyEvent], int] | None = None,
        scanner_now: Callable[[], int] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("main-window")
        self.setWindowTitle(translate("MainWindow", "Bisama POS"))
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.dialog: QDialog | None = None
        self._shortcuts: list[QShortcut] = []
        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self._top_bar())
        self.stack = QStackedWidget()
        col.addWidget(self.stack, 1)
        self.fkeys = FKeyBar()
        self.fkeys.triggered.connect(self.dispatch)
        col.addWidget(self.fkeys)
        self.status = StatusBar(ctx)
        self.status.open_sync.connect(lambda: self.dispatch("sync"))
        self.status.open_print_queue.connect(lambda: self.dispatch("print_queue"))
        col.addWidget(self.status)
        self.setCentralWidget(central)
        self.screens: dict[str, Screen] = {}
        for screen in (
            FirstRunScreen(ctx, self),
            LoginScreen(ctx, self),
            ShiftScreen(ctx, self),
            SaleScreen(ctx, self),
            PaymentScreen(ctx, self),
            ReturnsScreen(ctx, self),
            CountScreen(ctx, self),
            SyncScreen(ctx, self),
            SettingsScreen(ctx, self, self.apply_customer_window),
            StockScreen(ctx, self),
            ExchangeScreen(ctx, self),
            AccountPaymentScreen(ctx, self),
        ):
            self.screens[screen.screen_id] = screen
            self.stack.addWidget(screen)
        self.login: LoginScreen = self.screens["login"]  # type: ignore[assignment]
        self.sale: SaleScreen = self.screens["sale"]  # type: ignore[assignment]
        self.returns: ReturnsScreen = self.screens["returns"]  # type: ignore[assignment]
        target = ScanTarget(self._takes_scans, self._code_box, self._scanned)
        gap = ctx.printer.config.scanner.wedge_max_gap_ms
        min_length = ctx.printer.config.scanner.wedge_min_length
        self.scan_router = ScanRouter(
            self, target, max_gap_ms=gap, min_length=min_length, clock=scanner_clock or monotonic_ms,
            now=scanner_now,
        )
        self.scan_router.install()
        ctx.printer.scanned.connect(self._serial_scan)
        ctx.printer.restarted.connect(self._devices_changed)
        self.current: Screen | None = None

    def fit_to_screen(self, width: int, height: int) -> None:
        """Open at ``width``×``height`` or smaller, so that the whole window (F-key bar and
        status bar too) is on the screen it opens on."""
        screen = self.screen()
        frame = self.frameGeometry()
        inner = self.geometry()
        margins = QMargins(
            inner.left() - frame.left(), inner.top() - frame.top(),
            frame.right() - inner.right(), frame.bottom() - inner.bottom(),
        )
        if margins.isNull() and not self.isVisible():
            margins = QMargins(0, TITLE_BAR, 0, 0)
        self.setGeometry(fitted(QSize(width, height), screen.availableGeometry(), margins))

    # -- top bar ---------------------------------------------------------------------------
    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("topbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 0, 8, 0)
        ident = self.ctx.till.identity
        self.shop_label = label(
            f"{self.ctx.till.settings.shop_name} · {ident.branch_code}/{ident.terminal_code}"
        )
        self.shop_label.setObjectName("topbar.shop")
        self.title_label = label("")
        self.title_label.setObjectName("topbar.title")
        self.user_label = label("")
        self.user_label.setObjectName("topbar.user")
        self.switch_button = button(
            translate("MainWindow", "Switch user (Ctrl+L)"),
            "topbar.switch_user",
            accessible=translate("MainWindow", "Switch user"),
            on_click=lambda: self.dispatch("switch_user"),
        )
        self.switch_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.manager_button = button(
            translate("MainWindow", "Manager (Ctrl+M)"),
            "topbar.settings",
            accessible=translate("MainWindow", "Manager"),
            on_click=lambda: self.dispatch("settings"),
        )
        self.manager_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.shop_label)
        row.addStretch(1)
        row.addWidget(self.title_label)
        row.addStretch(1)
        row.addWidget(self.user_label)
        row.addWidget(self.manager_button)
        row.addWidget(self.switch_button)
        return bar

    def _show_user(self) -> None:
        session = self.ctx.till.auth.session
        signed = session.signed_in
        self.user_label.setText(f"{session.user.name} · {role_name(session.user.role)}" if signed else "")
        self.switch_button.setVisible(signed)
        self.manager_button.setVisible(signed)
        ident = self.ctx.till.identity
        self.shop_label.setText(
            f"{self.ctx.till.settings.shop_name} · {ident.branch_code}/{ident.terminal_code}"
        )

    # -- starting --------------------------------------------------------------------------
    def start(self, startup_messages: tuple[str, ...] = ()) -> None:
        self.status.start()
        self.apply_customer_window()
        self._devices_changed()
        self.login.show_startup(startup_messages)
        self.go("login" if self.ctx.till.auth.users() else "first_run")

    # -- navigation ------------------------------------------------------------------------
    def go(self, screen_id: str) -> None:
        signed_in = self.ctx.till.auth.session.signed_in
        if not signed_in and screen_id not in SIGNED_OUT_SCREENS:
            screen_id = "login" if self.ctx.till.auth.users() else "first_run"
        screen = self.screens[screen_id]
        self.current = screen
        self.stack.setCurrentWidget(screen)
        self.title_label.setText(screen.title())
        keys = screen.keys()
        self.fkeys.set_keys(keys)
        self._install_shortcuts(keys, global_keys=signed_in)
        self._show_user()
        try:
            screen.entered()
        except BisamaError as exc:
            message = getattr(screen, "message", None)
            if message is not None:
                message.error(str(exc))

    def refresh_keys(self) -> None:
        """The current screen's keys changed (e.g. after the shift closed)."""
        if self.current is not None:
            keys = self.current.keys()
            self.fkeys.set_keys(keys)
            self._install_shortcuts(keys, global_keys=self.ctx.till.auth.session.signed_in)

    def _install_shortcuts(self, keys: tuple[Key, ...], *, global_keys: bool) -> None:
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._shortcuts = []
        for key in (*keys, *(GLOBAL if global_keys else ())):
            if not shortcut_key(key):
                continue
            shortcut = QShortcut(QKeySequence(key.keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(partial(self.dispatch, key.action))
            self._shortcuts.append(shortcut)

    def dispatch(self, action: str) -> None:
        """A key, an F-key bar button or a status bar click."""
        signed_in = self.ctx.till.auth.session.signed_in
        if action == "switch_user" and signed_in:
            self.sign_out()
        elif action == "print_queue" and signed_in:
            self.open_dialog(PrintQueueDialog(self, self.ctx))
        elif action in ("sync", "settings", "stock", "exchange", "account_payment") and signed_in:
            self.go(action)
        elif action == "help" and self.current is not None:
            self.open_dialog(KeysDialog(self, self.current.title(), self.current.keys()))
        elif self.current is not None:
            self.current.handle(action)

    def open_dialog(self, dialog: QDialog) -> None:
        if isinstance(dialog, FormDialog):
            dialog.opener = self.open_dialog
        self.dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        dialog.open()
        # The dialog takes the keyboard at once (some platforms leave it with the window).
        dialog.raise_()
        dialog.activateWindow()
        field = getattr(dialog, "focus_field", None)
        if isinstance(field, QWidget):
            field.setFocus(Qt.FocusReason.PopupFocusReason)

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if self.dialog is None and self.isVisible():
            # Back to the screen, with the keyboard where the cashier types (the code box
            # on the sale screen), whatever the platform does with focus after a dialog.
            self.activateWindow()
            self.focus_screen()

    def focus_screen(self) -> None:
        screen = self.current
        if screen is None:
            return
        target = screen.focus_target()
        if target is not None and target.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- flows -----------------------------------------------------------------------------
    def signed_in(self) -> None:
        self._show_user()
        self.ctx.displays.welcome(self.ctx.till.settings.shop_name)
        self.go("sale" if self.ctx.till.shifts.current() is not None else "shift")

    def sign_out(self) -> None:
        """Switch user: a cart in progress is parked (labelled with the cashier's name) so
        the next cashier can recall it; then back to the sign-in screen."""
        till = self.ctx.till
        try:
            if till.shifts.current() is not None:
                view = till.sales.view()
                if not view.empty:
                    till.sales.park(translate("MainWindow", "{0}'s cart").format(till.auth.session.user.name))
        except BisamaError as exc:
            self.sale.error(str(exc))
            return
        till.auth.logout()
        self.sale.forget_last_sale()  # the next user does not see this one's change
        self.go("login")

    def sale_completed(self, result: SaleResult) -> None:
        paid = ", ".join(describe_tender(t.method, t.provider, t.amount) for t in result.sale.tenders)
        self.go("sale")
        self.sale.show_sale_done(result, paid)

    def start_return(self, receipt: str) -> None:
        self.go("returns")
        self.returns.find_sale(receipt)

    # -- scanner ---------------------------------------------------------------------------
    def _takes_scans(self) -> bool:
        return (
            self.current is not None
            and self.current.accepts_scans
            and self.dialog is None
            and self.ctx.till.auth.session.signed_in
        )

    def _code_box(self) -> QLineEdit | None:
        box = getattr(self.current, "code", None)
        return box if isinstance(box, QLineEdit) else None

    def _scanned(self, code: str) -> None:
        if self.current is not None:
            self.current.on_scan(code)

    def _serial_scan(self, code: str) -> None:
        if self._takes_scans():
            self._scanned(code)

    # -- devices ---------------------------------------------------------------------------
    def _devices_changed(self) -> None:
        link = self.ctx.printer
        displays = self.ctx.displays
        displays.pole = link.pole
        displays.momo_number = link.config.display.momo_number
        displays.momo_name = link.config.display.momo_name
        gap = link.config.scanner.wedge_max_gap_ms
        self.scan_router.classifier.max_gap_ms = gap

    def apply_customer_window(self) -> None:
        displays = self.ctx.displays
        if not self.ctx.prefs.customer_display:
            if displays.window is not None:
                displays.window.close()
                displays.window = None
            return
        if displays.window is None:
            displays.window = CustomerWindow(self.ctx.till.settings.shop_name)
        screens = QGuiApplication.screens()
        index = self.ctx.prefs.customer_display_screen
        window = displays.window
        if 0 <= index < len(screens) and len(screens) > 1:
            window.setGeometry(screens[index].geometry())
            window.showFullScreen()
        else:
            window.show()
        self.activateWindow()  # the keyboard and the scanner stay with the till

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.scan_router.remove()
        self.status.stop()
        self.ctx.displays.close()
        event.accept()
