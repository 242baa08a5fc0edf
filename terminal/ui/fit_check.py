"""Does the screen fit? ``problems(root, where)`` walks the visible widgets of a window
or dialog and says, in words a person can check on the picture, what a cashier would
not be able to read:

* a label, button, check box, field placeholder or combo box whose text is wider (or,
  word-wrapped, taller) than the room it has — it is cut off;
* a table or list cell whose text the view would draw with "…" (elided), and a column
  header cut off;
* a spin box (the count pad) whose number does not fit;
* two visible widgets laid out side by side that overlap, and a widget that sticks out
  of the widget it sits in (part of it is not drawn).

The layout test (``tests/ui/test_layout_fit.py``) runs it on every screen at 1024×768
and 1366×768, and ``python -m terminal.ui.screenshots`` prints what it finds on each
picture it takes.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

SLACK = 1  # a pixel of rounding between the text's measure and the room


def _name(widget: QWidget) -> str:
    name = widget.objectName() or widget.accessibleName()
    return f"{type(widget).__name__}({name})" if name else type(widget).__name__


def _short(text: str) -> str:
    flat = " / ".join(part for part in text.splitlines() if part)
    return flat if len(flat) <= 70 else flat[:67] + "..."


def _visible_widgets(root: QWidget) -> Iterator[QWidget]:
    for child in root.findChildren(QWidget):
        shown = child.isVisibleTo(root) and child.isVisible() and child.window() is root.window()
        if shown and not _inside_compound(child, root):
            yield child


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    """Parts of a compound widget (a spin box's field, a table's scroll bars and
    viewport, a combo box's list) are the compound's business, not the screen's."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QTabBar)):
            return True
        if isinstance(parent, QAbstractItemView) and not _is_cell_widget(widget, parent):
            return True
        parent = parent.parentWidget()
    return False


def _is_cell_widget(widget: QWidget, view: QAbstractItemView) -> bool:
    """A widget set into a cell (``setCellWidget``/``setIndexWidget``) or inside one."""
    viewport = view.viewport()
    w: QWidget | None = widget
    while w is not None and w is not view:
        if w.parentWidget() is viewport:
            return True
        w = w.parentWidget()
    return False


def _lines_width(fm: QFontMetrics, text: str) -> int:
    return max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.textFormat() == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text):
        return None
    if label.pixmap() is not None and not label.pixmap().isNull():
        return None
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    indent = max(label.indent(), 0)
    fm = label.fontMetrics()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"word-wrapped text needs {needed} px of height, has {label.height()}"
        return None
    wide = _lines_width(fm, text)
    if wide > room.width() - indent + SLACK:
        return f"text is {wide} px wide, room for {room.width() - indent}"
    high = fm.height() * (text.count("\n") + 1)
    if high > room.height() + SLACK + 2:
        return f"text is {high} px high, room for {room.height()}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    fm = button.fontMetrics()
    wide = _lines_width(fm, text)
    if isinstance(button, QPushButton):
        opt = QStyleOptionButton()
        button.initStyleOption(opt)
        room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, button)
        room_w = room.width()
        room_h = room.height()
    elif isinstance(button, (QCheckBox, QRadioButton)):
        opt = QStyleOptionButton()
        button.initStyleOption(opt)
        element = (
            QStyle.SubElement.SE_CheckBoxContents
            if isinstance(button, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonContents
        )
        room = button.style().subElementRect(element, opt, button)
        room_w, room_h = room.width(), room.height()
    else:
        room_w, room_h = button.contentsRect().width(), button.contentsRect().height()
    if not button.icon().isNull():
        room_w -= button.iconSize().width() + 4
    if wide > room_w + SLACK + 2:  # a button sized to its text has a pixel or two in its frame
        return f"text is {wide} px wide, room for {room_w}"
    high = fm.height() * (text.count("\n") + 1)
    if high > room_h + SLACK + 4:
        return f"text is {high} px high, room for {room_h}"
    return None


def _line_edit_problem(edit: QLineEdit) -> str | None:
    text = edit.text() or edit.placeholderText()
    if not text or edit.echoMode() != QLineEdit.EchoMode.Normal:
        return None
    if edit.text() and edit.hasFocus():
        return None  # a field being typed in scrolls its text
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4  # Qt's own 2 px each side
    wide = edit.fontMetrics().horizontalAdvance(text)
    if wide > room + SLACK:
        what = "text" if edit.text() else "placeholder"
        return f"{what} is {wide} px wide, room for {room}"
    return None


def _spin_problem(spin: QAbstractSpinBox) -> str | None:
    text = spin.text()
    edit = spin.findChild(QLineEdit)
    if not text or edit is None:
        return None
    room = edit.contentsRect().width() - 4
    wide = spin.fontMetrics().horizontalAdvance(text)
    if wide > room + SLACK:
        return f"number is {wide} px wide, room for {room}"
    high = spin.fontMetrics().height()
    if high > edit.height() + SLACK:
        return f"number is {high} px high, room for {edit.height()}"
    return None


def _combo_problem(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text:
        return None
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    room = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    wide = combo.fontMetrics().horizontalAdvance(text)
    if wide > room.width() + SLACK:
        return f"choice is {wide} px wide, room for {room.width()}"
    return None


def _squeezed(widget: QWidget) -> str | None:
    """A field or button given less height than it needs is drawn cut (its frame or
    text lost at the bottom)."""
    needed = widget.minimumSizeHint().height()
    if widget.height() < needed - SLACK - 2:  # 2 px of a focus border's width is not a cut
        return f"squeezed to {widget.height()} px high, needs {needed}"
    return None


def _cell_font(view: QAbstractItemView, index: QModelIndex) -> QFont:
    font = index.data(Qt.ItemDataRole.FontRole)
    return font if isinstance(font, QFont) else view.font()


def _view_problems(view: QAbstractItemView, where: str) -> list[str]:
    found: list[str] = []
    model = view.model()
    if model is None:  # a view before setModel
        return found  # type: ignore[unreachable]
    viewport = view.viewport().rect()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    padding = 12  # the style sheet's item padding: 6 px each side
    wrap = bool(getattr(view, "wordWrap", lambda: False)())
    root = view.rootIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model: one column
        columns = 1
    for row in range(model.rowCount(root)):
        for col in range(columns):
            index = model.index(row, col, root)
            rect = view.visualRect(index)
            if rect.isEmpty() or not viewport.intersects(rect):
                continue
            if view.indexWidget(index) is not None:
                continue  # a widget in the cell: checked as a widget
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text is None or str(text) == "":
                continue
            text = str(text)
            fm = QFontMetrics(_cell_font(view, index))
            room = rect.width() - padding - 2 * margin
            if wrap:
                flags = int(Qt.TextFlag.TextWordWrap)
                box = fm.boundingRect(QRect(0, 0, max(room, 1), 10_000), flags, text)
                needed = box.height()
                if box.width() > room + SLACK:
                    found.append(
                        f"{where}: {_name(view)} row {row + 1} column {col + 1}: “{_short(text)}” "
                        f"has a word {box.width()} px wide, room {room} px"
                    )
                elif needed > rect.height() - 4 + SLACK:
                    found.append(
                        f"{where}: {_name(view)} row {row + 1} column {col + 1}: “{_short(text)}” "
                        f"wraps to {needed} px, the row is {rect.height()} px"
                    )
                continue
            mode = view.textElideMode()
            shown = "\n".join(fm.elidedText(line, mode, room) for line in text.split("\n"))
            if shown != text:
                found.append(
                    f"{where}: {_name(view)} row {row + 1} column {col + 1}: “{_short(text)}” "
                    f"is shown as “{_short(shown)}” (room {room} px)"
                )
            high = fm.height() * (text.count("\n") + 1)
            if high > rect.height() + SLACK:
                found.append(
                    f"{where}: {_name(view)} row {row + 1} column {col + 1}: “{_short(text)}” "
                    f"is {high} px high, the row {rect.height()} px"
                )
    header = getattr(view, "horizontalHeader", lambda: None)()
    if isinstance(header, QHeaderView) and header.isVisible():
        fm = header.fontMetrics()
        for col in range(header.count()):
            if header.isSectionHidden(col):
                continue
            text = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            room = header.sectionSize(col) - 12 - 2 * margin
            wide = fm.horizontalAdvance(str(text))
            if wide > room + SLACK:
                found.append(
                    f"{where}: {_name(view)} header “{text}” is {wide} px wide, the column has {room}"
                )
    return found


def _laid_out(parent: QWidget, layout: QLayout) -> list[QWidget]:
    """The visible widgets ``parent``'s layout (or a layout inside it) places. Asked
    through QObject children and ``indexOf`` only: Python wrappers of QLayoutItems
    (``itemAt``) can outlive their items and crash the process."""
    layouts = [layout, *layout.findChildren(QLayout)]
    kids = parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [
        w for w in kids if w.isVisible() and not w.isWindow() and any(lay.indexOf(w) >= 0 for lay in layouts)
    ]


def _geometry_in(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())


def _overlaps(root: QWidget, where: str) -> list[str]:
    found: list[str] = []
    parents = [root, *(w for w in _visible_widgets(root))]
    for parent in parents:
        layout = parent.layout()
        if layout is None or isinstance(parent, (QStackedWidget, QAbstractScrollArea)):
            continue
        kids = _laid_out(parent, layout)
        for i, a in enumerate(kids):
            ra = _geometry_in(a, root)
            for b in kids[i + 1:]:
                rb = _geometry_in(b, root)
                common = ra.intersected(rb)
                if common.width() > 1 and common.height() > 1:
                    found.append(
                        f"{where}: {_name(a)} {_describe(a)} and {_name(b)} {_describe(b)} overlap "
                        f"({common.width()}×{common.height()} px at {common.x()},{common.y()})"
                    )
        own = parent.rect()
        for kid in kids:
            g = kid.geometry()
            if not own.contains(g) and own.intersected(g) != g:
                cut = g.intersected(own)
                if cut.width() < g.width() - SLACK or cut.height() < g.height() - SLACK:
                    found.append(
                        f"{where}: {_name(kid)} {_describe(kid)} sticks out of {_name(parent)} "
                        f"({g.width()}×{g.height()} px, {cut.width()}×{cut.height()} shown)"
                    )
    return found


def _describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
    elif isinstance(widget, QLineEdit):
        text = widget.text() or widget.placeholderText()
    return f"“{_short(text)}”" if text else ""


def problems(root: QWidget, where: str) -> list[str]:
    """Everything on ``root`` (a window or a dialog) a person could not read whole."""
    found: list[str] = []
    for widget in _visible_widgets(root):
        if isinstance(widget, QScrollBar):
            continue
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button_problem(widget)
        elif isinstance(widget, QLineEdit):
            problem = _line_edit_problem(widget)
        elif isinstance(widget, QAbstractSpinBox):
            problem = _spin_problem(widget)
        elif isinstance(widget, QComboBox):
            problem = _combo_problem(widget)
        elif isinstance(widget, QAbstractItemView):
            found.extend(_view_problems(widget, where))
        if problem is None and isinstance(widget, (QLineEdit, QAbstractSpinBox, QComboBox, QPushButton)):
            problem = _squeezed(widget)
        if problem is not None:
            found.append(f"{where}: {_name(widget)} {_describe(widget)}: {problem}")
    found.extend(_overlaps(root, where))
    return found


__all__ = ["problems"]
