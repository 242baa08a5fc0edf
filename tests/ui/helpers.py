"""Driving the till's screens as a cashier would: keys into the focused field, clicks on
named buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from tests.terminal.conftest import CASHIER, CASHIER_PIN, MANAGER, MANAGER_PIN

from .conftest import Running

__all__ = ["CASHIER", "CASHIER_PIN", "MANAGER", "MANAGER_PIN"]


def find(parent: QWidget, name: str) -> QWidget:
    widget = parent.findChild(QWidget, name)
    assert widget is not None, f"no widget named {name}"
    return widget


def click(qtbot, parent: QWidget, name: str) -> None:
    widget = find(parent, name)
    assert isinstance(widget, QPushButton), name
    assert widget.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def settle(qtbot) -> None:
    """Let the window system catch up: a dialog just opened becomes the active window."""
    modal = QApplication.activeModalWidget()
    if modal is not None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is modal, timeout=2000)
    QApplication.processEvents()


def type_into_focus(qtbot, text: str) -> None:
    settle(qtbot)
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has focus"
    qtbot.keyClicks(focus, text)


def type_like_a_person(qtbot, run: Running, text: str) -> None:
    """A person typing where the scanner router listens (the search box): keys well over
    the scanner's gap apart, then a pause, and wait until the router has let them through."""
    for ch in text:
        run.keys.now_ms += 180
        type_into_focus(qtbot, ch)
    run.keys.now_ms += 180
    qtbot.waitUntil(lambda: not run.window.scan_router.classifier.holding, timeout=2000)


def key(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    settle(qtbot)
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def sign_in(qtbot, run: Running, email: str = CASHIER, pin: str = CASHIER_PIN) -> None:
    window = run.window
    assert window.current is window.login
    window.login.choose_email(email)
    type_into_focus(qtbot, pin)
    key(qtbot, Qt.Key.Key_Return)
    assert run.ctx.till.auth.session.signed_in, window.login.message.text()


def open_shift(qtbot, run: Running, amount: str = "200") -> None:
    window = run.window
    assert window.current is window.screens["shift"]
    type_into_focus(qtbot, amount)
    key(qtbot, Qt.Key.Key_Return)
    assert window.current is window.sale


def scan(qtbot, run: Running, code: str) -> None:
    """A wedge scanner typing into whatever has focus, fast, then Enter."""
    for ch in code:
        run.keys.now_ms += 5
        type_into_focus(qtbot, ch)
    run.keys.now_ms += 5
    key(qtbot, Qt.Key.Key_Return)
    run.keys.now_ms += 1000


def dialog(run: Running):
    d = run.window.dialog
    assert d is not None, "no dialog is open"
    return d
