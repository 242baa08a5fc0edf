"""Goods without barcodes on the sale screen: the quick-key grid (Ctrl+G) and the price
check (Ctrl+I).

The grid shows the pages head office set (bread, kenkey, sachet water …) as tabs and
their products as big keys, each with its shelf price. A digit 1–9 picks that key of the
page, the arrows move the focus ring and Enter picks the key it is on, PgUp/PgDn (or a
tap on a tab) change the page, a tap on a key picks it; Esc closes. A picked key goes
into the cart exactly as a scan of the product's code does (the sale screen's own
adding, weight asked for weighed goods).

The price check takes a scanned or typed code and shows the product's name, its prices
in every unit and on every list, and the stock at this branch. It never touches the
cart; Esc returns to the sale as it was.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from terminal.quick_keys import PriceCheck, QuickKey, QuickKeyPage
from terminal.till import Till
from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import translate
from terminal.ui.text import cedi, qty
from terminal.ui.widgets import MessageBar, button, label, named

COLUMNS = 5  # 24 keys (head office's most per page) in 5 rows fit at 1024×768
KEY_WIDTH = 182  # five keys and the margins fit a 1024 px screen
KEY_ROOM = KEY_WIDTH - 30  # the key's padding and border, and a margin so no text touches the edge
NAME_WIDTH = 15  # characters per line of a key; a name takes two lines at most
NAME_LINES = 2  # a full page of 24 keys must fit a 768-line screen; the rest of a name is elided
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def _plain(text: str) -> str:
    """A name on a button as written: "Bread & butter" must not make "&" a shortcut."""
    return text.replace("&", "&&")


def _key_name(name: str, fm: QFontMetrics | None = None, room: int = 0, first: str = "") -> str:
    """The name on a key in at most NAME_LINES lines that fit the key (measured in the key's
    font when ``fm`` is given, after the ``first`` line's "1  "); the whole name is the
    key's tooltip and accessible name."""
    if fm is None:
        lines = textwrap.wrap(name, NAME_WIDTH, break_long_words=True) or [""]
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), NAME_WIDTH, placeholder="…")]
        return _plain("\n".join(lines))
    lines = _wrap_px(name, fm, room, fm.horizontalAdvance(first))
    if len(lines) > NAME_LINES:
        rest = " ".join(lines[NAME_LINES - 1:])
        lines = [*lines[:NAME_LINES - 1], fm.elidedText(rest, Qt.TextElideMode.ElideRight, room)]
    return _plain("\n".join(lines))


def _wrap_px(text: str, fm: QFontMetrics, room: int, indent: int) -> list[str]:
    """Words in lines no wider than ``room`` pixels (the first ``indent`` narrower); a
    word too long for a line is broken."""
    lines: list[str] = []
    line = ""
    for whole in text.split():
        word = whole
        candidate = f"{line} {word}" if line else word
        width = room - (indent if not lines else 0)
        if fm.horizontalAdvance(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
            width = room
        while fm.horizontalAdvance(word) > width:
            cut = len(word)
            while cut > 1 and fm.horizontalAdvance(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            width = room
        line = word
    if line:
        lines.append(line)
    return lines or [""]


class QuickKeysDialog(QDialog):
    """The quick-key grid; ``pick`` gets the chosen key (the dialog has closed by then)."""

    def __init__(self, parent: QWidget | None, pages: tuple[QuickKeyPage, ...],
                 pick: Callable[[QuickKey], object]) -> None:
        super().__init__(parent)
        title = translate("QuickKeys", "Quick keys")
        self.setObjectName("dialog.quick_keys")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(COLUMNS * KEY_WIDTH + (COLUMNS - 1) * 8 + 44)  # a full row of keys
        self.pages = pages
        self.pick = pick
        self.page_no = 0
        self.keys: list[QPushButton] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(22, 18, 22, 18)
        outer.setSpacing(12)
        outer.addWidget(label(title, "heading"))
        self.hint = label(
            translate(
                "QuickKeys",
                "Press the key's number (1–9), or move with the arrows and press Enter. "
                "PgUp/PgDn: another page. Esc: back to the sale.",
            ),
            wrap=True,
        )
        outer.addWidget(self.hint)
        tabs = QHBoxLayout()
        self.tabs: list[QPushButton] = []
        for n, page in enumerate(pages):
            tab = button(_plain(page.name), f"quick_keys.page.{page.code}", role="choice",
                         accessible=page.name, checkable=True, on_click=partial(self.show_page, n))
            tab.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the focus ring stays on the keys
            tabs.addWidget(tab)
            self.tabs.append(tab)
        tabs.addStretch(1)
        outer.addLayout(tabs)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        outer.addWidget(self.grid_host, 1)
        self.message = MessageBar("dialog.quick_keys.message")
        outer.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        close = button(translate("QuickKeys", "Back to the sale (Esc)"), "dialog.quick_keys.cancel",
                       accessible=translate("QuickKeys", "Back to the sale"), on_click=self.reject)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(close)
        outer.addLayout(row)
        if not pages:
            self.message.info(
                translate(
                    "QuickKeys",
                    "Head office has set no quick keys yet (bisama-sync quick-keys set). "
                    "Search by name with F2.",
                )
            )
        else:
            self.show_page(0)
        self.focus_field: QWidget | None = self.keys[0] if self.keys else None

    # -- pages -----------------------------------------------------------------------------
    def show_page(self, n: int) -> None:
        if not self.pages:
            return
        self.page_no = n % len(self.pages)
        for i, tab in enumerate(self.tabs):
            tab.setChecked(i == self.page_no)
        for key in self.keys:
            self.grid.removeWidget(key)
            key.hide()
            key.setParent(None)
            key.deleteLater()
        self.keys = []
        page = self.pages[self.page_no]
        for i, item in enumerate(page.keys):
            price = cedi(item.price) if item.price is not None else translate("QuickKeys", "no price")
            number = f"{i + 1}  " if i < 9 else ""
            key = button("", f"quick_keys.key.{item.sku}", role="quickkey",
                         accessible=item.name, on_click=partial(self._choose, item))
            key.ensurePolished()  # the style sheet's font, to measure the name in
            key.setFixedWidth(KEY_WIDTH)
            key.setText(f"{number}{_key_name(item.name, key.fontMetrics(), KEY_ROOM, number)}\n{price}")
            key.setToolTip(f"{item.name} — {price} / {item.unit}")
            self.grid.addWidget(key, i // COLUMNS, i % COLUMNS)
            self.keys.append(key)
        if self.keys:
            self.keys[0].setFocus(Qt.FocusReason.TabFocusReason)

    def current_page(self) -> QuickKeyPage | None:
        return self.pages[self.page_no] if self.pages else None

    # -- keys ------------------------------------------------------------------------------
    def _choose(self, item: QuickKey) -> None:
        self.accept()
        self.pick(item)

    def _move(self, step: int) -> None:
        if not self.keys:
            return
        focused = next((i for i, k in enumerate(self.keys) if k.hasFocus()), 0)
        target = max(0, min(len(self.keys) - 1, focused + step))
        self.keys[target].setFocus(Qt.FocusReason.TabFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.keys:
            self.keys[0].setFocus(Qt.FocusReason.PopupFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        page = self.current_page()
        if page is not None and key in DIGITS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            n = DIGITS[Qt.Key(key)]
            if n <= len(page.keys):
                self._choose(page.keys[n - 1])
            else:
                self.message.error(
                    translate("QuickKeys", "This page has {0} keys; there is no key {1}.").format(
                        len(page.keys), n
                    )
                )
            return
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -COLUMNS, Qt.Key.Key_Down: COLUMNS}
        if key in moves:
            self._move(moves[Qt.Key(key)])
            return
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.show_page(self.page_no + (1 if key == Qt.Key.Key_PageDown else -1))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = next((k for k in self.keys if k.hasFocus()), None)
            if focused is not None:
                focused.click()
            return
        super().keyPressEvent(event)


class PriceCheckDialog(FormDialog):
    """Scan or type a code: its name, prices and stock at this branch. Nothing else."""

    def __init__(self, parent: QWidget | None, till: Till) -> None:
        super().__init__(
            parent,
            "price_check",
            translate("QuickKeys", "Price check"),
            translate("QuickKeys", "Scan or type a barcode or SKU and press Enter. The cart is not changed."),
            ok_text=translate("QuickKeys", "Look up (Enter)"),
        )
        self.cancel_button.setText(translate("QuickKeys", "Back to the sale (Esc)"))
        self.till = till
        self.code = named(QLineEdit(), "price_check.code", translate("QuickKeys", "Code"))
        self.code.setProperty("role", "code")
        self.form.addRow(translate("QuickKeys", "Code"), self.code)
        self.name = named(label("", "subheading", wrap=True), "price_check.name",
                          translate("QuickKeys", "Product"))
        self.prices = named(label("", wrap=True), "price_check.prices", translate("QuickKeys", "Prices"))
        self.stock = named(label("", wrap=True), "price_check.stock", translate("QuickKeys", "Stock"))
        for widget in (self.name, self.prices, self.stock):
            widget.setTextFormat(Qt.TextFormat.PlainText)
            widget.hide()
            self.body.addWidget(widget)
        self.found: PriceCheck | None = None
        self.focus_field = self.code

    def submit(self) -> bool:
        text = self.code.text().strip()
        self.code.clear()
        self.message.clear_message()
        if not text:
            self.message.info(translate("QuickKeys", "Scan or type a code first."))
            return False
        try:
            self.found = self.till.quick_keys.price_check(text)
        except BisamaError:
            self._show(None)  # the last product's figures must not stand under another code
            raise
        self._show(self.found)
        return False  # stays open for the next code

    def _show(self, found: PriceCheck | None) -> None:
        for widget in (self.name, self.prices, self.stock):
            widget.setVisible(found is not None)
        if found is None:
            return
        product = found.product
        self.name.setText(f"{product.name}  ({product.sku})")
        prices = [f"{line.price_list}: {cedi(line.price)} / {line.unit}" for line in found.prices]
        self.prices.setText("\n".join(prices) or translate("QuickKeys", "No price is set for it."))
        stock = [
            translate("QuickKeys", "{0}: {1} {2}").format(location, qty(amount), product.base_unit)
            for location, amount in found.stock
        ]
        here = translate("QuickKeys", "Here ({0}): {1} {2}").format(found.here, qty(found.on_hand_here),
                                                                    product.base_unit)
        others = [s for s, (loc, _a) in zip(stock, found.stock, strict=True) if loc != found.here]
        self.stock.setText("\n".join([here, *others]))
        self.fit()  # grow to the product's lines: nothing squeezed over the code box


__all__ = ["PriceCheckDialog", "QuickKeysDialog"]
