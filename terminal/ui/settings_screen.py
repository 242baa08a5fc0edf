"""Manager and settings: devices (printer, drawer, scanner), customer display, head
office (server and enrollment), local backups, the till's self-check and about. Changing
settings is for managers; anyone can run the check and read about."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from terminal import __version__
from terminal.backup import BackupInfo, list_backups
from terminal.till import CheckReport, Till
from terminal.ui.context import UiContext
from terminal.ui.enroll import EnrollDialog
from terminal.ui.i18n import translate
from terminal.ui.printer_setup import DevicesTab, DisplayTab
from terminal.ui.screen import Navigator, Screen
from terminal.ui.text import role_name
from terminal.ui.widgets import MessageBar, button, label, named


def scrolled(page: QWidget) -> QScrollArea:
    """A tab that scrolls rather than pushing the window past a 1024 × 768 screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(page)
    return area


def _page(*widgets: QWidget) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    col = QVBoxLayout(page)
    for w in widgets:
        col.addWidget(w)
    return page, col


class SettingsScreen(Screen):
    screen_id = "settings"

    def __init__(self, ctx: UiContext, nav: Navigator, apply_window: Callable[[], None]) -> None:
        super().__init__(ctx, nav)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        self.message = MessageBar("settings.message")
        outer.addWidget(self.message)
        self.tabs = named(QTabWidget(), "settings.tabs", translate("SettingsScreen", "Settings"))
        outer.addWidget(self.tabs, 1)
        self.devices = DevicesTab(ctx)
        self.display = DisplayTab(ctx, apply_window)
        self.tabs.addTab(scrolled(self.devices), translate("SettingsScreen", "Printer and drawer"))
        self.tabs.addTab(scrolled(self.display), translate("SettingsScreen", "Customer display"))
        self.tabs.addTab(self._server_tab(), translate("SettingsScreen", "Head office"))
        self.tabs.addTab(self._backups_tab(), translate("SettingsScreen", "Backups"))
        self.tabs.addTab(self._check_tab(), translate("SettingsScreen", "Check"))
        self.tabs.addTab(self._about_tab(), translate("SettingsScreen", "About"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(
            button(
                translate("SettingsScreen", "Esc  Back"),
                "settings.back",
                accessible=translate("SettingsScreen", "Back"),
                on_click=lambda: self.handle("back"),
            )
        )
        outer.addLayout(row)

    # -- tabs ------------------------------------------------------------------------------
    def _server_tab(self) -> QWidget:
        self.server_text = label("", wrap=True)
        self.server_text.setObjectName("settings.server.text")
        page, col = _page(self.server_text)
        self.enroll_button = button(
            translate("SettingsScreen", "Enroll with a server code…"),
            "settings.server.enroll",
            role="primary",
            on_click=self._enroll,
        )
        col.addWidget(self.enroll_button)
        col.addStretch(1)
        return page

    def _backups_tab(self) -> QWidget:
        self.backup_text = label("", wrap=True)
        self.backup_text.setObjectName("settings.backups.text")
        self.backup_list = named(
            QListWidget(), "settings.backups.list", translate("SettingsScreen", "Verified backups")
        )
        page, col = _page(self.backup_text, self.backup_list)
        self.backup_button = button(
            translate("SettingsScreen", "Take a backup now"),
            "settings.backups.take",
            role="primary",
            on_click=self._take_backup,
        )
        col.addWidget(self.backup_button)
        return page

    def _check_tab(self) -> QWidget:
        intro = label(
            translate(
                "SettingsScreen",
                "Checks the database, every signature and the chain of transactions, that every journal "
                "balances, the audit log, stock and backups. It changes nothing.",
            ),
            wrap=True,
        )
        self.check_output = named(
            QPlainTextEdit(), "settings.check.output", translate("SettingsScreen", "Check results")
        )
        self.check_output.setReadOnly(True)
        page, col = _page(intro, self.check_output)
        self.check_button = button(
            translate("SettingsScreen", "Run the check"),
            "settings.check.run",
            role="primary",
            on_click=self._check,
        )
        col.addWidget(self.check_button)
        return page

    def _about_tab(self) -> QWidget:
        self.about_text = label("", wrap=True)
        self.about_text.setObjectName("settings.about.text")
        page, col = _page(self.about_text)
        col.addStretch(1)
        return page

    # -- screen ------------------------------------------------------------------------------
    def title(self) -> str:
        return translate("SettingsScreen", "Manager")

    def entered(self) -> None:
        manager = self.till.auth.session.user.may("manage_users")
        for index in range(4):
            self.tabs.setTabEnabled(index, manager)
        if not manager:
            self.message.info(
                translate(
                    "SettingsScreen",
                    "Changing settings is for managers: sign in as a manager (Ctrl+L). "
                    "You can run the check and read About.",
                )
            )
            self.tabs.setCurrentIndex(4)
        else:
            self.message.clear_message()
        self.devices.load()
        self.display.load()
        self._load_server()
        self._load_backups()
        self._load_about()

    def handle(self, action: str) -> bool:
        if action == "back":
            self.nav.go("sale" if self.till.shifts.current() else "shift")
            return True
        return False

    def _load_server(self) -> None:
        ident = self.till.identity
        state = self.ctx.sync.state
        lines = [
            translate("SettingsScreen", "Till {0}/{1} — terminal id {2}").format(
                ident.branch_code, ident.terminal_code, ident.terminal_id
            )
        ]
        if ident.enrolled:
            lines.append(
                translate("SettingsScreen", "Enrolled with head office (tenant {0}).").format(ident.tenant_id)
            )
            lines.append(
                translate("SettingsScreen", "Server: {0}").format(
                    state.server_url or translate("SettingsScreen", "set by the sync client")
                )
            )
            lines.append(
                translate(
                    "SettingsScreen",
                    "To move the till to another server, an administrator issues a new enrollment code "
                    "there.",
                )
            )
        else:
            lines.append(
                translate(
                    "SettingsScreen",
                    "Not enrolled: the till works on its own and keeps every transaction for head office.",
                )
            )
        self.server_text.setText("\n".join(lines))
        self.enroll_button.setVisible(self.ctx.enroll is not None and not ident.enrolled)

    def _enroll(self) -> None:
        if self.ctx.enroll is not None:
            self.nav.open_dialog(
                EnrollDialog(
                    self,
                    self.ctx.enroll,
                    self.ctx.tasks,
                    self.ctx.sync.state.server_url or "",
                    self._enrolled,
                )
            )

    def _enrolled(self, message: str) -> None:
        self.till.reload_identity()  # tenant, branch and codes from head office, at once
        self.message.ok(message)
        self._load_server()

    def _load_backups(self) -> None:
        folder = self.till.backup_dir
        backups = list_backups(folder)
        text = translate("SettingsScreen", "Backups go to {0}; the newest {1} are kept.").format(
            folder, self.till.settings.backup_keep
        )
        if self.till.backups.same_drive():
            text += "\n" + translate(
                "SettingsScreen",
                "Warning: this is the same drive as the database. Set BISAMA_BACKUP_DIR to a "
                "second drive or a USB disk (see docs/install-windows.md).",
            )
        self.backup_text.setText(text)
        self.backup_list.clear()
        for info in backups[:30]:
            self.backup_list.addItem(
                translate("SettingsScreen", "{0} — up to transaction {1} — {2}").format(
                    info.taken_at, info.seq, info.reason
                )
            )

    def _take_backup(self) -> None:
        self.backup_button.setEnabled(False)
        self.message.info(translate("SettingsScreen", "Taking a backup… selling can go on."))

        def done(info: BackupInfo) -> None:
            self.backup_button.setEnabled(True)
            self.message.ok(translate("SettingsScreen", "Backup verified and saved: {0}").format(info.path))
            self._load_backups()

        def failed(exc: Exception) -> None:
            self.backup_button.setEnabled(True)
            self.message.error(translate("SettingsScreen", "The backup failed: {0}").format(exc))

        self.ctx.tasks.submit(lambda t: t.backups.take("manual"), done, failed)

    def _check(self) -> None:
        self.check_button.setEnabled(False)
        self.check_output.setPlainText(translate("SettingsScreen", "Checking… selling can go on."))

        def done(report: CheckReport) -> None:
            self.check_button.setEnabled(True)
            lines = [
                translate("SettingsScreen", "Transactions verified: {0}; journals: {1}").format(
                    report.envelopes, report.journals
                )
            ]
            lines += [translate("SettingsScreen", "PROBLEM: {0}").format(p) for p in report.problems]
            lines += [translate("SettingsScreen", "Warning: {0}").format(w) for w in report.warnings]
            lines.append(
                translate("SettingsScreen", "Check passed.")
                if report.ok
                else translate("SettingsScreen", "Check FAILED: call support with this screen.")
            )
            self.check_output.setPlainText("\n".join(lines))

        def failed(exc: Exception) -> None:
            self.check_button.setEnabled(True)
            self.check_output.setPlainText(
                translate("SettingsScreen", "The check could not run: {0}").format(exc)
            )

        self.ctx.tasks.submit(_check, done, failed)

    def _load_about(self) -> None:
        till = self.till
        ident = till.identity
        key = till.key_store.info()
        user = till.auth.session.user if till.auth.session.signed_in else None
        lines = [
            translate("SettingsScreen", "Bisama POS till {0}").format(__version__),
            translate("SettingsScreen", "Shop: {0}").format(till.settings.shop_name),
            translate("SettingsScreen", "Till {0}/{1}, terminal id {2}").format(
                ident.branch_code, ident.terminal_code, ident.terminal_id
            ),
            translate("SettingsScreen", "Data folder: {0}").format(self.ctx.data_dir),
            translate("SettingsScreen", "Signing key: {0} ({1})").format(key.kind, key.location),
            translate("SettingsScreen", "Python {0}, Qt {1}, PySide6 {2}, {3}").format(
                platform.python_version(), qVersion(), PySide6.__version__, sys.platform
            ),
            translate("SettingsScreen", "Products: {0}").format(till.catalogue.count()),
        ]
        if key.warning:
            lines.append(key.warning)
        if user is not None:
            lines.append(
                translate("SettingsScreen", "Signed in: {0} ({1})").format(user.name, role_name(user.role))
            )
        lines.append(translate("SettingsScreen", "Font: DejaVu Sans (Bitstream Vera licence)."))
        self.about_text.setText("\n".join(lines))


def _check(till: Till) -> CheckReport:
    return till.check()
