"""Choosing the customer of a sale: search by name, phone or TIN (results as you type),
walk-in, or register a new customer (a business customer's TIN goes on the receipt).
The customer's price list applies to the cart."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from terminal.cart import CartView
from terminal.customers import Customer
from terminal.errors import TillError
from terminal.till import Till
from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import translate
from terminal.ui.widgets import button, form_layout, named


def describe(c: Customer) -> str:
    parts = [c.name]
    if c.phone:
        parts.append(c.phone)
    if c.tin:
        parts.append(translate("CustomerDialog", "TIN {0}").format(c.tin))
    if not c.credit_limit.is_zero or not c.balance.is_zero:
        parts.append(
            translate("CustomerDialog", "owes {0} of {1} limit").format(
                c.balance.format(), c.credit_limit.format()
            )
        )
    return " — ".join(parts)


class CustomerDialog(FormDialog):
    def __init__(self, parent: QWidget, till: Till, done: Callable[[CartView], object]) -> None:
        super().__init__(
            parent,
            "customer",
            translate("CustomerDialog", "Customer"),
            translate(
                "CustomerDialog",
                "Search by name, phone or TIN. Enter chooses; a walk-in customer needs none.",
            ),
            ok_text=translate("CustomerDialog", "Choose (Enter)"),
        )
        self.setMinimumWidth(720)
        self.till, self.done_view = till, done
        self.pages = QStackedWidget()
        self.body.addWidget(self.pages)
        # -- page 0: search
        find = QWidget()
        col = QVBoxLayout(find)
        col.setContentsMargins(0, 0, 0, 0)
        self.search = named(QLineEdit(), "customer.search", translate("CustomerDialog", "Search customers"))
        self.search.setPlaceholderText(translate("CustomerDialog", "name, phone or TIN"))
        self.results = named(
            QListWidget(), "customer.results", translate("CustomerDialog", "Customers found")
        )
        self.results.setMinimumHeight(300)
        self.results.itemDoubleClicked.connect(lambda _i: self._ok())
        row = QHBoxLayout()
        row.addWidget(
            button(
                translate("CustomerDialog", "Walk-in customer"), "customer.walk_in", on_click=self._walk_in
            )
        )
        row.addStretch(1)
        row.addWidget(
            button(translate("CustomerDialog", "New customer…"), "customer.new", on_click=self._show_new)
        )
        col.addWidget(self.search)
        col.addWidget(self.results)
        col.addLayout(row)
        self.pages.addWidget(find)
        # -- page 1: register
        new = QWidget()
        form = form_layout(new)
        self.name = named(QLineEdit(), "customer.new.name", translate("CustomerDialog", "Customer name"))
        self.phone = named(QLineEdit(), "customer.new.phone", translate("CustomerDialog", "Phone"))
        self.phone.setPlaceholderText("024 000 0000")
        self.tin = named(QLineEdit(), "customer.new.tin", translate("CustomerDialog", "TIN"))
        self.tin.setPlaceholderText(translate("CustomerDialog", "business customers: e.g. C0012345678"))
        self.email = named(QLineEdit(), "customer.new.email", translate("CustomerDialog", "E-mail"))
        self.price_list = named(
            QComboBox(), "customer.new.price_list", translate("CustomerDialog", "Price list")
        )
        for code in till.catalogue.price_lists():
            self.price_list.addItem(code.capitalize(), code)
        form.addRow(translate("CustomerDialog", "Name"), self.name)
        form.addRow(translate("CustomerDialog", "Phone"), self.phone)
        form.addRow(translate("CustomerDialog", "TIN"), self.tin)
        form.addRow(translate("CustomerDialog", "E-mail"), self.email)
        form.addRow(translate("CustomerDialog", "Price list"), self.price_list)
        self.pages.addWidget(new)
        self.search.textChanged.connect(self._find)
        self.search.installEventFilter(self)
        self._find("")
        self.focus_field = self.search

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.results.count():
                self.results.setCurrentRow(
                    max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                )
                return True
        return False

    def _find(self, text: str) -> None:
        self.results.clear()
        for c in self.till.customers.search(text, limit=30):
            item = QListWidgetItem(describe(c))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _walk_in(self) -> None:
        self.done_view(self.till.sales.set_customer(None))
        self.accept()

    def _show_new(self) -> None:
        self.pages.setCurrentIndex(1)
        self.ok_button.setText(translate("CustomerDialog", "Register and choose (Enter)"))
        if self.search.text() and not self.name.text():
            self.name.setText(self.search.text())
        self.name.setFocus()

    def submit(self) -> bool:
        if self.pages.currentIndex() == 1:
            customer = self.till.customers.register(
                self.name.text(),
                phone=self.phone.text().strip() or None,
                tin=self.tin.text().strip() or None,
                email=self.email.text().strip() or None,
                price_list=self.price_list.currentData(),
            )
            self.done_view(self.till.sales.set_customer(customer.id))
            return True
        item = self.results.currentItem()
        if item is None:
            raise TillError(
                translate("CustomerDialog", "No customer chosen. Search, or press “New customer…”.")
            )
        self.done_view(self.till.sales.set_customer(str(item.data(Qt.ItemDataRole.UserRole))))
        return True
