"""Small widgets every screen uses: named buttons and fields (stable ``objectName`` and
accessible name), the message bar, the F-key bar, the amount field and the number pad."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QWidget,
)

from shared.errors import InvalidAmount
from shared.money import Money
from terminal.ui.keymap import Key

W = TypeVar("W", bound=QWidget)
CELL_PADDING_X = 12  # till.qss: QTableView::item { padding: 4px 6px; }
CELL_PADDING_Y = 8


def named(widget: W, name: str, accessible: str, description: str = "") -> W:
    """Give a widget its stable object name and the name a screen reader says."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.updateGeometry()


def set_role(widget: W, role: str) -> W:
    widget.setProperty("role", role)
    restyle(widget)
    return widget


def button(
    text: str,
    name: str,
    *,
    role: str | None = None,
    accessible: str | None = None,
    on_click: Callable[[], object] | None = None,
    checkable: bool = False,
) -> QPushButton:
    b = named(QPushButton(text), name, accessible or text.replace("&", ""))
    if role:
        b.setProperty("role", role)
    b.setCheckable(checkable)
    b.setAutoDefault(False)
    if on_click is not None:
        b.clicked.connect(lambda _checked=False: on_click())
    return b


def label(text: str = "", role: str | None = None, *, wrap: bool = False) -> QLabel:
    lab = QLabel(text)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    return lab


def panel(name: str) -> QFrame:
    frame = QFrame()
    frame.setObjectName(name)
    frame.setProperty("role", "panel")
    return frame


class MessageBar(QLabel):
    """One message at a time, in the shop's words: error (red), warning, info, ok."""

    def __init__(self, name: str) -> None:
        super().__init__()
        named(self, name, QCoreApplication.translate("widgets", "Message"))
        self.setWordWrap(True)
        self.setContentsMargins(10, 6, 10, 6)  # the style sheet's padding is not counted while hidden
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    @property
    def level(self) -> str | None:
        value = self.property("level")
        return str(value) if value else None

    def show_message(self, text: str, level: str = "info") -> None:
        self.setProperty("level", level)
        self.setText(text)
        self.setAccessibleDescription(text)
        restyle(self)
        self.show()
        window = self.window()
        fit = getattr(window, "fit", None)
        if window is not self and callable(fit) and window.isVisible():
            fit()  # a dialog grows to take the message; nothing above it is squeezed

    def error(self, text: str) -> None:
        self.show_message(text, "error")

    def warning(self, text: str) -> None:
        self.show_message(text, "warning")

    def info(self, text: str) -> None:
        self.show_message(text, "info")

    def ok(self, text: str) -> None:
        self.show_message(text, "ok")

    def clear_message(self) -> None:
        self.setProperty("level", None)
        self.setText("")
        self.hide()


class FKeyBar(QFrame):
    """The screen's keys along the bottom; each is also a button for touch screens."""

    triggered = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("fkeys")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}

    def set_keys(self, keys: Sequence[Key]) -> None:
        for b in self.buttons.values():
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.buttons = {}
        while self._layout.count():
            self._layout.takeAt(0)
        for key in keys:
            if not key.on_bar:
                continue
            shown = QKeySequence(key.keys).toString(QKeySequence.SequenceFormat.NativeText)
            text = f"{shown}\n{QCoreApplication.translate('keys', key.label)}"
            b = button(text, f"fkey.{key.action}", accessible=QCoreApplication.translate("keys", key.label))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap must not steal focus from the code box
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setMaximumWidth(150)
            b.setToolTip(key.help)
            b.clicked.connect(lambda _c=False, a=key.action: self.triggered.emit(a))
            self._layout.addWidget(b)
            self.buttons[key.action] = b
        self._layout.addStretch(1)


AMOUNT_PATTERN = r"^\d{0,3}(,?\d{3})*(\.\d{0,2})?$"


class AmountEdit(QLineEdit):
    """A field for an amount of cedis: digits, thousands commas and two decimals."""

    def __init__(self, name: str, accessible: str) -> None:
        super().__init__()
        named(self, name, accessible)
        self.setProperty("role", "amount")
        from PySide6.QtCore import QRegularExpression

        self.setValidator(QRegularExpressionValidator(QRegularExpression(AMOUNT_PATTERN), self))
        self.setPlaceholderText("0.00")

    def amount(self) -> Money | None:
        """The amount typed, or None when the field is empty; raises ``InvalidAmount``."""
        text = self.text().strip()
        if not text:
            return None
        return Money.parse(text)

    def set_amount(self, value: Money | None) -> None:
        self.setText("" if value is None else value.format("", grouping=False))

    def checked_amount(self, what: str) -> Money:
        """The amount, which must be there and more than zero."""
        value = self.amount()
        if value is None or value.pesewas <= 0:
            raise InvalidAmount(QCoreApplication.translate("widgets", "Type the {0}.").format(what))
        return value


class NumPad(QWidget):
    """Digits for a touch screen, typed into whichever field is given."""

    def __init__(
        self,
        name: str,
        target: Callable[[], QLineEdit | None],
        *,
        decimal: bool = True,
        enter: Callable[[], object] | None = None,
        enter_text: str = "↵",
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self._target = target
        grid = QGridLayout(self)
        grid.setSpacing(6)
        grid.setContentsMargins(0, 0, 0, 0)
        keys = [
            "7",
            "8",
            "9",
            "4",
            "5",
            "6",
            "1",
            "2",
            "3",
            "00" if decimal else "C",
            "0",
            "." if decimal else "⌫",
        ]
        for i, k in enumerate(keys):
            b = button(
                k,
                f"{name}.{_key_name(k)}",
                role="key",
                accessible=_key_accessible(k),
                on_click=partial(self._press, k),
            )
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            grid.addWidget(b, i // 3, i % 3)
        row = len(keys) // 3
        if decimal:
            for col, (k, acc) in enumerate((("C", "Clear"), ("⌫", "Backspace"))):
                b = button(
                    k,
                    f"{name}.{_key_name(k)}",
                    role="key",
                    accessible=acc,
                    on_click=partial(self._press, k),
                )
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                grid.addWidget(b, row, col)
        if enter is not None:
            ok = button(enter_text, f"{name}.enter", role="primary", accessible="Enter", on_click=enter)
            ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if decimal:
                grid.addWidget(ok, row, 2)
            else:
                grid.addWidget(ok, row, 0, 1, 3)

    def _press(self, key: str) -> None:
        field = self._target()
        if field is None:
            return
        if key == "⌫":
            field.backspace()
        elif key == "C":
            field.clear()
        else:
            field.insert(key)
        field.setFocus()


def _key_name(k: str) -> str:
    return {".": "point", "⌫": "backspace", "C": "clear"}.get(k, k)


def _key_accessible(k: str) -> str:
    return {".": "Decimal point", "⌫": "Backspace", "C": "Clear", "00": "Double zero"}.get(k, k)


def figure_row(grid: QGridLayout, row: int, caption: str, name: str, *, big: bool = False) -> QLabel:
    """A caption and a right-aligned figure in a totals grid; returns the figure label."""
    cap = label(caption, "total-label" if big else "figure-label")
    cap.setObjectName(f"{name}.caption")
    value = label("", "total" if big else "figure")
    value.setObjectName(name)
    value.setAccessibleName(caption)
    grid.addWidget(cap, row, 0)
    grid.addWidget(value, row, 1)
    return value


class FitLabel(QLabel):
    """A big figure that shrinks its type to fit its width rather than being cut off
    (a change of GH₵ 1,234.50 must be read whole)."""

    def __init__(self, name: str, accessible: str, role: str, *, max_px: int, min_px: int = 18) -> None:
        super().__init__()
        named(self, name, accessible)
        self.setProperty("role", role)
        self.max_px = max_px
        self.min_px = min_px
        self._size = 0
        self._colour = ""
        self.setMinimumWidth(60)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def set_colour(self, css: str) -> None:
        """A colour (``color: #8c1d18;``) kept with the fitted size in its style sheet."""
        self._colour = css
        self._size = 0
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        font = QFont(self.font())
        room = max(40, self.contentsRect().width() - 4)
        size = self.max_px
        while size > self.min_px:
            font.setPixelSize(size)
            if QFontMetrics(font).horizontalAdvance(self.text()) <= room:
                break
            size -= 2
        if size != self._size:
            self._size = size
            font.setPixelSize(size)
            self.setStyleSheet(f"font-size: {size}px; {self._colour}")
            self.setMinimumHeight(QFontMetrics(font).height() + 4)


def fit_rows(view: QTableView, columns: Sequence[int], minimum: int) -> None:
    """Make each row of a word-wrapped table as tall as its longest text needs in the
    width its column has now (the style sheet's cell padding counted, which Qt's own
    "resize to contents" leaves out, so a third line would end in "…"); never lower than
    ``minimum`` (a finger's height, or the field in the row)."""
    model = view.model()
    if model is None:  # a view before setModel
        return  # type: ignore[unreachable]
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    fm = QFontMetrics(view.font())
    for row in range(model.rowCount()):
        needed = minimum
        for col in columns:
            text = model.index(row, col).data(Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            # A few pixels in hand: Qt's own wrapping is a little narrower than this measure.
            room = max(1, view.columnWidth(col) - CELL_PADDING_X - 2 * margin - 6)
            box = fm.boundingRect(QRect(0, 0, room, 10_000), int(Qt.TextFlag.TextWordWrap), str(text))
            needed = max(needed, box.height() + CELL_PADDING_Y + 4)
        if view.rowHeight(row) != needed:
            view.setRowHeight(row, needed)


class RowFitter(QObject):
    """Keeps ``fit_rows`` true as the table changes width (the window, a scroll bar that
    comes and goes, a stretched column)."""

    def __init__(self, view: QTableView, columns: Sequence[int], minimum: int) -> None:
        super().__init__(view)
        self.view, self.columns, self.minimum = view, tuple(columns), minimum
        # After the view has laid out its columns (a stretched column follows the viewport).
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.fit)
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(lambda *_a: self._later.start())
        model = view.model()
        if model is not None:  # rows added or changed: fitted once the view has them
            model.rowsInserted.connect(lambda *_a: self._later.start())
            model.modelReset.connect(lambda *_a: self._later.start())
            model.dataChanged.connect(lambda *_a: self._later.start())

    def fit(self) -> None:
        fit_rows(self.view, self.columns, self.minimum)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._later.start()
        return False


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form whose captions sit level with their fields, right-aligned."""
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(8)
    return form
