"""Scanner input whenever a screen that takes scans is up, without a click.

A USB keyboard-wedge scanner types the code and Enter into whatever has focus. This
application-wide event filter watches key presses while the main window is active, no
dialog is open and the current screen accepts scans:

* Keys typed into the screen's own code box go there untouched (Enter there adds the code).
* Anywhere else (the search box, the cart table, a button) printable keys are fed, with
  their time, to ``hardware.scanner.WedgeClassifier``: a fast burst ending in Enter is a
  scan and goes to the screen's ``on_scan``; anything else was a person typing and is
  given back, in order, to the widget it was typed into — or, when that widget does not
  take text (the table, a button), to the code box.
* Keys that are not text (F-keys, arrows, Esc) release anything held first, then pass.

Held keystrokes wait at most ``max_gap_ms`` (40 ms): the cashier does not notice.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from hardware.scanner import Scanned, Typed, WedgeClassifier

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TEXT_WIDGETS = (QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit)


def monotonic_ms(event: QKeyEvent) -> int:
    """The key's time: the platform's timestamp when it gives one (typing that piled up
    while the GUI was busy keeps its real spacing), else the monotonic clock."""
    stamp = event.timestamp()
    return int(stamp) if stamp else time.monotonic_ns() // 1_000_000


class ScanTarget:
    """What the router needs from the screen that is up."""

    def __init__(
        self,
        accepts: Callable[[], bool],
        code_box: Callable[[], QLineEdit | None],
        on_scan: Callable[[str], None],
    ) -> None:
        self.accepts = accepts
        self.code_box = code_box
        self.on_scan = on_scan


class ScanRouter(QObject):
    def __init__(
        self,
        window: QWidget,
        target: ScanTarget,
        *,
        max_gap_ms: int = 40,
        min_length: int = 4,
        clock: Callable[[QKeyEvent], int] = monotonic_ms,
        now: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.target = target
        self.classifier = WedgeClassifier(max_gap_ms=max_gap_ms, min_length=min_length)
        self.clock = clock
        # The time now on ``clock``'s scale. Without it the release timer alone decides
        # (it fires only once no key came for max_gap_ms). A test that sets key times
        # itself gives it, so a slow test machine cannot split a scan in two.
        self.now = now
        self._replaying = False
        self._held_for: QWidget | None = None  # the widget the held keys were typed into
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self.scans = 0  # for the status line and tests

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- filtering ----------------------------------------------------------------------
    def _active(self) -> bool:
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None:
            return False
        active = QApplication.activeWindow()
        if active is not None and active is not self.window:
            return False
        return self.target.accepts()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(obj, QWidget):
            return False
        focus = QApplication.focusWidget()
        if obj is not (focus or self.window) or not self._active():
            return False
        if obj is not self.window and obj.window() is not self.window:
            return False
        code_box = self.target.code_box()
        if obj is code_box:
            self._flush()
            return False  # the code box handles scans and typing itself
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in ENTER_KEYS and not mods:
            char = "\r"
        elif text and text.isprintable() and not mods:
            char = text
        else:
            self._flush()
            return False
        if self._held_for is not None and self._held_for is not obj:
            self._flush()
        self._held_for = obj
        self._apply(self.classifier.key(char, self.clock(event)))
        self._schedule()
        return True

    # -- decisions ------------------------------------------------------------------------
    def _schedule(self) -> None:
        due = self.classifier.due_ms()
        if due is None:
            self._timer.stop()
            return
        self._timer.start(self.classifier.max_gap_ms + 1)

    def _tick(self) -> None:
        # The timer only fires once no key came for max_gap_ms: release what is held.
        if self.now is None:
            self._flush()
            return
        self._apply(self.classifier.tick(self.now()))
        if self.classifier.holding:
            self._timer.start(self.classifier.max_gap_ms + 1)
        else:
            self._held_for = None

    def _flush(self) -> None:
        self._timer.stop()
        if self.classifier.holding:
            # A time far past the last key: whatever is held can no longer be a scan.
            self._apply(self.classifier.tick(2**62))
        self._held_for = None

    def _apply(self, decisions: tuple[Scanned | Typed, ...]) -> None:
        for decision in decisions:
            if isinstance(decision, Scanned):
                self.scans += 1
                self.target.on_scan(decision.code)
            else:
                self._give_back(decision.text)

    def _give_back(self, text: str) -> None:
        widget = self._held_for
        if widget is not None and not shiboken6.isValid(widget):
            widget = None
        takes_text = widget is not None and isinstance(widget, TEXT_WIDGETS)
        code_box = self.target.code_box()
        if not takes_text and code_box is not None and text != "\r":
            code_box.setFocus(Qt.FocusReason.OtherFocusReason)
            code_box.insert(text)
            return
        receiver = widget if widget is not None else (code_box or self.window)
        self._replaying = True
        try:
            for char in text:
                key = Qt.Key.Key_Return if char == "\r" else Qt.Key.Key_unknown
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        receiver,
                        QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "" if char == "\r" else char),
                    )
        finally:
            self._replaying = False
