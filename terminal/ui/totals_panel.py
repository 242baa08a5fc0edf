"""The right-hand side of the sale screen: who the customer is and on which price list,
the running totals with VAT, NHIL and GETFund as the receipt will show them, the Pay
button, and after a sale the change to give in large type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QVBoxLayout

from shared.money import Money
from shared.payloads import SaleLine
from shared.tax import TaxRegime
from terminal.cart import CartView
from terminal.customers import Customer
from terminal.ui.i18n import translate
from terminal.ui.text import cedi, qty
from terminal.ui.widgets import FitLabel, button, figure_row, label, named, panel


def units_sold(lines: Sequence[SaleLine], weighed: Callable[[str], bool]) -> Decimal:
    """What "Items" counts, as a cashier reads it: the units rung up in the unit each line
    is sold by (2 bottles = 2, a carton = 1, 3 bags = 3); a weighed line is one item
    whatever it weighs (1.250 kg of tomatoes = 1), and so is a part quantity."""
    count = Decimal(0)
    for line in lines:
        whole = line.qty == line.qty.to_integral_value()
        count += line.qty if whole and not weighed(line.sku) else Decimal(1)
    return count


def rate_text(rate: Decimal) -> str:
    shown = (rate * 100).normalize()
    return f"{shown:f}"


class TotalsPanel(QFrame):
    customer_clicked = Signal()
    price_list_chosen = Signal(str)
    pay_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("sale.totals_panel")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(8)
        # -- customer and price list
        who = panel("sale.customer_panel")
        grid = QGridLayout(who)
        grid.setContentsMargins(12, 8, 12, 8)
        self.customer = label(translate("TotalsPanel", "Walk-in customer"), "subheading", wrap=True)
        self.customer.setObjectName("sale.customer_name")
        self.customer_detail = label("", "muted", wrap=True)
        self.customer_detail.setObjectName("sale.customer_detail")
        self.customer_button = button(
            translate("TotalsPanel", "F8 Customer"),
            "sale.customer",
            accessible=translate("TotalsPanel", "Choose customer"),
            on_click=self.customer_clicked.emit,
        )
        self.price_list = named(QComboBox(), "sale.price_list", translate("TotalsPanel", "Price list"))
        self.price_list.activated.connect(
            lambda _i: self.price_list_chosen.emit(str(self.price_list.currentData()))
        )
        grid.addWidget(self.customer, 0, 0, 1, 2)
        grid.addWidget(self.customer_detail, 1, 0, 1, 2)
        grid.addWidget(self.customer_button, 2, 0)
        grid.addWidget(self.price_list, 2, 1)
        col.addWidget(who)
        # -- totals
        box = panel("sale.totals")
        self.grid = QGridLayout(box)
        self.grid.setContentsMargins(12, 8, 12, 8)
        self.grid.setVerticalSpacing(2)
        self.items = figure_row(self.grid, 0, translate("TotalsPanel", "Items"), "sale.items")
        self.subtotal = figure_row(self.grid, 1, translate("TotalsPanel", "Subtotal"), "sale.subtotal")
        self.discount = figure_row(self.grid, 2, translate("TotalsPanel", "Discount"), "sale.discount")
        self.net = figure_row(self.grid, 3, translate("TotalsPanel", "Net of tax"), "sale.net")
        self.vat = figure_row(self.grid, 4, translate("TotalsPanel", "VAT"), "sale.vat")
        self.nhil = figure_row(self.grid, 5, translate("TotalsPanel", "NHIL"), "sale.nhil")
        self.getfund = figure_row(self.grid, 6, translate("TotalsPanel", "GETFund"), "sale.getfund")
        self.covid = figure_row(self.grid, 7, translate("TotalsPanel", "COVID-19 levy"), "sale.covid")
        self.grid.setColumnStretch(1, 1)
        self.grid.addWidget(label(translate("TotalsPanel", "TOTAL"), "total-label"), 8, 0, 1, 2)
        self.total = FitLabel("sale.total", translate("TotalsPanel", "Total"), "total", max_px=40)
        self.grid.addWidget(self.total, 9, 0, 1, 2)
        self.basis = label("", "muted", wrap=True)
        self.basis.setObjectName("sale.tax_basis")
        self.grid.addWidget(self.basis, 10, 0, 1, 2)
        col.addWidget(box)
        # -- after a sale: the change
        self.done = panel("sale.last_sale")
        done_col = QVBoxLayout(self.done)
        done_col.setContentsMargins(12, 6, 12, 6)
        self.done_caption = label(translate("TotalsPanel", "Change to give"), "subheading")
        self.change = FitLabel("sale.change", translate("TotalsPanel", "Change to give"), "change", max_px=56)
        self.done_detail = label("", "muted", wrap=True)
        self.done_detail.setObjectName("sale.last_receipt")
        done_col.addWidget(self.done_caption)
        done_col.addWidget(self.change)
        done_col.addWidget(self.done_detail)
        self.done.hide()
        self._covid_on = False
        col.addWidget(self.done)
        col.addStretch(1)
        self.pay = button(
            translate("TotalsPanel", "F12  PAY"),
            "sale.pay",
            role="pay",
            accessible=translate("TotalsPanel", "Pay"),
            on_click=self.pay_clicked.emit,
        )
        col.addWidget(self.pay)
        self._show_figures(True)

    def set_price_lists(self, lists: dict[str, bool]) -> None:
        self.price_list.clear()
        for code, inclusive in lists.items():
            basis = (
                translate("TotalsPanel", "incl. tax") if inclusive else translate("TotalsPanel", "excl. tax")
            )
            self.price_list.addItem(code.capitalize(), code)
            self.price_list.setItemData(
                self.price_list.count() - 1,
                translate("TotalsPanel", "{0} prices ({1})").format(code.capitalize(), basis),
                Qt.ItemDataRole.ToolTipRole,
            )

    def set_rates(self, regime: TaxRegime) -> None:
        for widget, name, rate in (
            (self.vat, "VAT", regime.vat),
            (self.nhil, "NHIL", regime.nhil),
            (self.getfund, "GETFund", regime.getfund),
            (self.covid, translate("TotalsPanel", "COVID-19 levy"), regime.covid),
        ):
            caption = self._caption(widget)
            if caption is not None:
                caption.setText(f"{name} {rate_text(rate)} %")
        self._covid_on = regime.covid > 0
        self._show_figures(not self.done.isVisible())

    def _show_figures(self, shown: bool) -> None:
        """The tax split of the cart; while the last sale's change is up (the cart is
        empty) the rows of noughts make way for it, so nothing is squeezed on 768 lines."""
        for figure in (self.subtotal, self.discount, self.net, self.vat, self.nhil, self.getfund, self.covid):
            visible = shown and (figure is not self.covid or self._covid_on)
            figure.setVisible(visible)
            caption = self._caption(figure)
            if caption is not None:
                caption.setVisible(visible)

    def _caption(self, figure: QLabel) -> QLabel | None:
        return self.findChild(QLabel, f"{figure.objectName()}.caption")

    def show_customer(self, customer: Customer | None) -> None:
        if customer is None:
            self.customer.setText(translate("TotalsPanel", "Walk-in customer"))
            self.customer_detail.setText("")
            self.customer_detail.hide()
            return
        self.customer.setText(customer.name)
        details = []
        if customer.tin:
            details.append(translate("TotalsPanel", "TIN {0}").format(customer.tin))
        if not customer.credit_limit.is_zero:
            details.append(
                translate("TotalsPanel", "owes {0}, limit {1}").format(
                    cedi(customer.balance), cedi(customer.credit_limit)
                )
            )
        self.customer_detail.setText(" · ".join(details))
        self.customer_detail.setVisible(bool(details))

    def show_view(self, view: CartView, weighed: Callable[[str], bool] = lambda _sku: False) -> None:
        index = self.price_list.findData(view.price_list)
        if index >= 0:
            self.price_list.setCurrentIndex(index)
        t = view.totals
        lines = view.lines
        self.items.setText(qty(units_sold(lines, weighed)))
        subtotal = Money(sum(ln.list_amount.pesewas for ln in lines))
        self.subtotal.setText(subtotal.format())
        discount = t.discount if t else Money.ZERO
        self.discount.setText((-discount).format() if not discount.is_zero else Money.ZERO.format())
        for widget, value in (
            (self.net, t.net if t else Money.ZERO),
            (self.vat, t.vat if t else Money.ZERO),
            (self.nhil, t.nhil if t else Money.ZERO),
            (self.getfund, t.getfund if t else Money.ZERO),
            (self.covid, t.covid if t else Money.ZERO),
        ):
            widget.setText(value.format())
        self.total.setText(view.total.format())
        self.basis.setText(
            translate("TotalsPanel", "Prices include VAT, NHIL and GETFund.")
            if view.inclusive
            else translate("TotalsPanel", "Prices are before tax; tax is added.")
        )
        self.pay.setEnabled(not view.empty)
        if not view.empty:
            self.hide_done()

    def hide_done(self) -> None:
        self.done.hide()
        self._show_figures(True)

    def show_done(self, change: Money, receipt_no: str, total: Money, paid: str) -> None:
        self.change.setText(change.format())
        self.done_caption.setText(
            translate("TotalsPanel", "Change to give")
            if not change.is_zero
            else translate("TotalsPanel", "No change")
        )
        self.done_detail.setText(
            translate("TotalsPanel", "Receipt {0} — total {1} — {2}").format(receipt_no, cedi(total), paid)
        )
        self.done.show()
        self._show_figures(False)
