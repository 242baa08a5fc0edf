"""Driving the real main window by keys, as a cashier or a barcode scanner would — for
the self-test of a built till, the screenshot script and the benchmark (the pytest-qt
tests use ``qtbot`` the same way). Key events go to the focused widget through Qt's event
delivery, so shortcuts, event filters and the scanner router all see them."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from terminal.ui.main_window import MainWindow


class Driver:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _target(self) -> QWidget:
        self.settle()
        target = QApplication.focusWidget() or QApplication.activeWindow() or self.window
        return target

    def settle(self) -> None:
        """Let the window system catch up: a window or dialog just shown becomes active."""
        modal = QApplication.activeModalWidget()
        expected = modal if modal is not None else self.window
        self.wait(lambda: QApplication.activeWindow() is expected, timeout=1.0)

    def press(
        self, key: Qt.Key, text: str = "", modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        target = self._target()
        override = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers, text)
        QApplication.sendEvent(target, override)
        if not override.isAccepted() and self._shortcut(key, modifiers):
            return
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))
        QApplication.sendEvent(self._target(), QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, text))
        QApplication.processEvents()

    def _shortcut(self, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> bool:
        """Deliver a window shortcut the way Qt's shortcut map would."""
        wanted = QKeySequence(QKeyCombination(modifiers, key))
        for shortcut in self.window.findChildren(QShortcut):
            if shortcut.isEnabled() and shortcut.key() == wanted:
                shortcut.activated.emit()
                QApplication.processEvents()
                return True
        return False

    def type(self, text: str) -> None:
        for ch in text:
            self.press(Qt.Key.Key_unknown, ch)

    def enter(self) -> None:
        self.press(Qt.Key.Key_Return)

    def key(self, name: str) -> None:
        """``"F12"``, ``"Escape"``, ``"Return"`` …"""
        self.press(getattr(Qt.Key, f"Key_{name}"))

    def scan(self, code: str) -> None:
        """A keyboard-wedge scanner: the code and Enter into whatever has focus."""
        self.type(code)
        self.enter()

    def sign_in(self, email: str, pin: str) -> None:
        self.window.login.choose_email(email)
        self.window.login.pin.setFocus()
        self.type(pin)
        self.enter()

    def open_shift(self, amount: str) -> None:
        shift = self.window.screens["shift"]
        if self.window.current is shift:
            self.type(amount)
            self.enter()

    def wait(self, condition: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            QApplication.processEvents()
            time.sleep(0.01)
        return True
