"""The customer-facing display: a second top-level window for a monitor turned to the
customer (item just scanned, total, change, "Pay with MoMo to …", welcome and thank
you), and ``CustomerDisplays``, which sends each of those to every display the till has
— this window and a pole display — without ever holding up the sale.

The window implements ``hardware.display.CustomerDisplay``, like the pole display.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from shared.money import Money
from terminal.ui.i18n import translate
from terminal.ui.widgets import label

if TYPE_CHECKING:
    from hardware.display import CustomerDisplay

log = logging.getLogger(__name__)


class CustomerWindow(QWidget):
    """Big white-on-navy type, readable from across the counter."""

    def __init__(self, shop_name: str) -> None:
        # Never takes the keyboard from the till: the scanner types into the main window.
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setObjectName("customer-display")
        self.setAccessibleName(translate("CustomerWindow", "Customer display"))
        self.setWindowTitle(translate("CustomerWindow", "Bisama POS — customer display"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.shop_name = shop_name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(18)
        self.shop = self._label("cd.shop", "cd-shop")
        self.line = self._label("cd.line", "cd-line")
        self.caption = self._label("cd.caption", "cd-caption")
        self.amount = self._label("cd.amount", "cd-amount")
        self.momo = self._label("cd.momo", "cd-momo")
        self.footer = self._label("cd.footer", "cd-caption")
        layout.addWidget(self.shop)
        layout.addStretch(1)
        layout.addWidget(self.line)
        layout.addWidget(self.caption)
        layout.addWidget(self.amount)
        layout.addWidget(self.momo)
        layout.addStretch(1)
        layout.addWidget(self.footer)
        self.resize(1024, 600)
        self.welcome(shop_name)

    def _label(self, name: str, role: str) -> QLabel:
        lab = label("", role, wrap=True)
        lab.setObjectName(name)
        lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return lab

    def _show(
        self, line: str = "", caption: str = "", amount: str = "", momo: str = "", footer: str = ""
    ) -> None:
        self.shop.setText(self.shop_name)
        for widget, text in (
            (self.line, line),
            (self.caption, caption),
            (self.amount, amount),
            (self.momo, momo),
            (self.footer, footer),
        ):
            widget.setText(text)
            widget.setVisible(bool(text))
        self.setAccessibleDescription(" ".join(t for t in (line, caption, amount, momo, footer) if t))

    # -- CustomerDisplay -----------------------------------------------------------------
    def welcome(self, shop_name: str) -> None:
        self.shop_name = shop_name
        self._show(caption=translate("CustomerWindow", "Akwaaba! Welcome"))

    def item(self, name: str, qty: str, amount: Money, sale_total: Money) -> None:
        shown = name if qty in ("1", "1.000") else f"{qty} × {name}"
        self._show(
            line=f"{shown}   {amount.format()}",
            caption=translate("CustomerWindow", "Total"),
            amount=sale_total.format(),
        )

    def total(self, sale_total: Money) -> None:
        self._show(caption=translate("CustomerWindow", "Total to pay"), amount=sale_total.format())

    def change(self, paid: Money, change: Money) -> None:
        self._show(
            line=translate("CustomerWindow", "Paid {0}").format(paid.format()),
            caption=translate("CustomerWindow", "Your change"),
            amount=change.format(),
            footer=translate("CustomerWindow", "Thank you! Please come again."),
        )

    def pay_with_momo(self, sale_total: Money, number: str, account_name: str | None) -> None:
        to = f"{number} ({account_name})" if account_name else number
        self._show(
            caption=translate("CustomerWindow", "Total to pay"),
            amount=sale_total.format(),
            momo=translate("CustomerWindow", "Pay with MoMo to {0}").format(to),
        )

    def thank_you(self) -> None:
        self._show(caption=translate("CustomerWindow", "Thank you! Please come again."))

    def clear(self) -> None:
        self._show()


class CustomerDisplays:
    """Every customer display of the till. The window is updated at once (GUI thread);
    a pole display is written on its own thread (a serial write at 9600 baud takes tens
    of milliseconds), newest screen last."""

    def __init__(self) -> None:
        self.window: CustomerWindow | None = None
        self.pole: CustomerDisplay | None = None
        self._pole_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pole-display")
        self.momo_number: str | None = None
        self.momo_name: str | None = None

    def _each(self, method: str, *args: object) -> None:
        if self.window is not None:
            getattr(self.window, method)(*args)
        pole = self.pole
        if pole is not None:
            self._pole_thread.submit(getattr(pole, method), *args)

    def welcome(self, shop_name: str) -> None:
        self._each("welcome", shop_name)

    def item(self, name: str, qty: str, amount: Money, sale_total: Money) -> None:
        self._each("item", name, qty, amount, sale_total)

    def total(self, sale_total: Money) -> None:
        self._each("total", sale_total)

    def change(self, paid: Money, change: Money) -> None:
        self._each("change", paid, change)

    def pay_with_momo(self, sale_total: Money) -> bool:
        """Show the shop's MoMo number with the amount; False when none is set up."""
        if not self.momo_number:
            return False
        self._each("pay_with_momo", sale_total, self.momo_number, self.momo_name)
        return True

    def thank_you(self) -> None:
        self._each("thank_you")

    def close(self) -> None:
        self._pole_thread.shutdown(wait=False, cancel_futures=True)
        if self.window is not None:
            self.window.close()
