"""Dialogs that change the cart: quantity or weight, unit (bottle ↔ carton), discount on
a line or the whole sale, price change, park with a label, recall, cancel. Each calls one
``SaleService`` method; a refusal shows in the dialog, an approval hands over to the
manager's PIN dialog."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from shared.errors import InvalidAmount
from shared.money import Money, quantity
from shared.payloads import SaleLine
from terminal.auth import GrantedApproval
from terminal.cart import CartView
from terminal.errors import CartError
from terminal.sale import ParkedCart
from terminal.till import Till
from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import translate
from terminal.ui.text import clock_time, qty, stored_time
from terminal.ui.widgets import AmountEdit, button, named

ViewDone = Callable[[CartView], object]


def _quantity(text: str, weighed: bool) -> Decimal:
    try:
        value = quantity(text.strip().replace(",", "."))
    except (InvalidAmount, InvalidOperation, TypeError):
        raise CartError(
            translate("LineDialogs", "Type the weight in kg, e.g. 1.250")
            if weighed
            else translate("LineDialogs", "Type the quantity, e.g. 3")
        ) from None
    if value <= 0:
        raise CartError(
            translate(
                "LineDialogs", "The quantity must be more than zero. To take a line off, remove it (Del)."
            )
        )
    return value


class QuantityDialog(FormDialog):
    """The quantity of a line, or the weight of a weighed item (3 decimals)."""

    def __init__(self, parent: QWidget, till: Till, line: SaleLine, weighed: bool, done: ViewDone) -> None:
        title = translate("LineDialogs", "Weight") if weighed else translate("LineDialogs", "Quantity")
        super().__init__(parent, "quantity", title, f"{line.name} ({line.unit})")
        self.till, self.line, self.weighed, self.done_view = till, line, weighed, done
        self.field = named(QLineEdit(qty(line.qty)), "quantity.value", title)
        self.field.setProperty("role", "amount")
        self.field.selectAll()
        self.form.addRow(
            translate("LineDialogs", "Weight (kg)") if weighed else translate("LineDialogs", "Quantity"),
            self.field,
        )
        self.focus_field = self.field

    def submit(self) -> bool:
        value = _quantity(self.field.text(), self.weighed)
        self.done_view(self.till.sales.set_qty(self.line.line_no, value))
        return True


class WeightDialog(FormDialog):
    """A weighed item scanned or picked without a weight: type what the scale shows."""

    def __init__(self, parent: QWidget, name: str, unit: str, add: Callable[[Decimal], object]) -> None:
        super().__init__(
            parent,
            "weight",
            translate("LineDialogs", "Weight"),
            translate(
                "LineDialogs", "{0} is sold by weight. Put it on the scale and type the weight in {1}."
            ).format(name, unit),
        )
        self._add = add
        self.field = named(QLineEdit(), "weight.value", translate("LineDialogs", "Weight"))
        self.field.setProperty("role", "amount")
        self.field.setPlaceholderText("0.000")
        self.form.addRow(translate("LineDialogs", "Weight ({0})").format(unit), self.field)
        self.focus_field = self.field

    def submit(self) -> bool:
        self._add(_quantity(self.field.text(), True))
        return True


class UnitDialog(FormDialog):
    """Sell a line by another unit; one button per unit the product is sold in."""

    def __init__(
        self, parent: QWidget, till: Till, line: SaleLine, units: dict[str, Decimal], done: ViewDone
    ) -> None:
        super().__init__(
            parent,
            "unit",
            translate("LineDialogs", "Unit"),
            translate("LineDialogs", "Sell {0} by the …").format(line.name),
        )
        self.till, self.line, self.done_view = till, line, done
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        for unit, factor in units.items():
            text = unit if factor == 1 else f"{unit} ({qty(factor)})"
            b = button(text, f"unit.{unit}", role="choice", accessible=unit, checkable=True)
            b.setChecked(unit == line.unit)
            self.group.addButton(b)
            b.setProperty("unit", unit)
            row.addWidget(b)
        self.body.addLayout(row)

    def submit(self) -> bool:
        chosen = self.group.checkedButton()
        if chosen is None:
            raise CartError(translate("LineDialogs", "Choose a unit."))
        unit = str(chosen.property("unit"))
        if unit != self.line.unit:
            self.done_view(self.till.sales.set_unit(self.line.line_no, unit))
        return True


class DiscountDialog(FormDialog):
    """An amount or a percentage off one line (``line``) or the whole sale (None)."""

    def __init__(
        self, parent: QWidget, till: Till, line: SaleLine | None, base: Money, done: ViewDone
    ) -> None:
        what = line.name if line else translate("LineDialogs", "the whole sale")
        super().__init__(
            parent,
            "discount",
            translate("LineDialogs", "Discount"),
            translate(
                "LineDialogs", "Discount on {0} ({1}). Type an amount or a percentage; your limit is {2} %."
            ).format(what, base.format(), till.settings.discount_limit(till.auth.session.user.role)),
        )
        self.till, self.line, self.done_view, self.base = till, line, done, base
        self.amount = AmountEdit("discount.amount", translate("LineDialogs", "Discount amount"))
        self.percent = named(QLineEdit(), "discount.percent", translate("LineDialogs", "Discount percent"))
        self.percent.setProperty("role", "amount")
        self.percent.setPlaceholderText("%")
        self.form.addRow(translate("LineDialogs", "Amount (GH₵)"), self.amount)
        self.form.addRow(translate("LineDialogs", "or percent (%)"), self.percent)
        self.amount.textEdited.connect(lambda _t: self.percent.clear())
        self.percent.textEdited.connect(lambda _t: self.amount.clear())
        self.focus_field = self.amount

    def submit(self) -> bool:
        amount = self.amount.amount()
        percent: Decimal | None = None
        if amount is None:
            text = self.percent.text().strip().rstrip("%")
            if not text:
                raise CartError(
                    translate("LineDialogs", "Type the discount as an amount or a percentage (0 removes it).")
                )
            try:
                percent = Decimal(text)
            except InvalidOperation:
                raise CartError(translate("LineDialogs", "“{0}” is not a percentage.").format(text)) from None
            if not 0 <= percent <= 100:
                raise CartError(translate("LineDialogs", "A percentage is between 0 and 100."))
        line = self.line
        what = self.approval_text(amount, percent)
        if line is not None:
            return self.run_service(
                self.till,
                lambda ok: self.till.sales.discount_line(
                    line.line_no, amount, percent_off=percent, approval=ok
                ),
                self.done_view,
                what,
            )
        return self.run_service(
            self.till,
            lambda ok: self.till.sales.discount_order(amount, percent_off=percent, approval=ok),
            self.done_view,
            what,
        )

    def approval_text(self, amount: Money | None, percent: Decimal | None) -> str:
        """"Discount of GH₵ 9.30 (15 %) on line 2, Milo 400g (GH₵ 62.00)" for the manager."""
        off = amount if amount is not None else self.base.scale(percent or Decimal(0), 100)
        share = f"{(off.pesewas * 100 / self.base.pesewas):.0f} %" if self.base.pesewas else ""
        if percent is not None:
            share = f"{percent.normalize():f} %"
        on = (
            translate("LineDialogs", "line {0}, {1} ({2})").format(
                self.line.line_no, self.line.name, self.base.format()
            )
            if self.line is not None
            else translate("LineDialogs", "the whole sale ({0})").format(self.base.format())
        )
        return translate("LineDialogs", "Discount of {0} ({1}) on {2}").format(off.format(), share, on)


class PriceDialog(FormDialog):
    """Sell a line at another unit price, with the reason (audited)."""

    def __init__(self, parent: QWidget, till: Till, line: SaleLine, done: ViewDone) -> None:
        super().__init__(
            parent,
            "price",
            translate("LineDialogs", "Change price"),
            translate("LineDialogs", "{0}: now {1} a {2}.").format(
                line.name, line.unit_price.format(), line.unit
            ),
        )
        self.till, self.line, self.done_view = till, line, done
        self.price = AmountEdit("price.value", translate("LineDialogs", "New unit price"))
        self.reason = named(QLineEdit(), "price.reason", translate("LineDialogs", "Reason"))
        self.reason.setPlaceholderText(translate("LineDialogs", "e.g. dented tin, price tag says less"))
        self.form.addRow(translate("LineDialogs", "New price (GH₵)"), self.price)
        self.form.addRow(translate("LineDialogs", "Reason"), self.reason)
        self.focus_field = self.price

    def submit(self) -> bool:
        price = self.price.amount()
        if price is None:
            raise CartError(translate("LineDialogs", "Type the new price."))
        reason = self.reason.text()
        line = self.line
        what = translate("LineDialogs", "Price of line {0}, {1}: {2} → {3} a {4} ({5} × {6} = {7})").format(
            line.line_no, line.name, line.unit_price.format(), price.format(), line.unit,
            qty(line.qty), price.format(), price.times(line.qty).format(),
        )
        return self.run_service(
            self.till,
            lambda ok: self.till.sales.override_price(line.line_no, price, reason, approval=ok),
            self.done_view,
            what,
        )


class ParkDialog(FormDialog):
    def __init__(self, parent: QWidget, till: Till, done: ViewDone) -> None:
        super().__init__(
            parent,
            "park",
            translate("LineDialogs", "Park this cart"),
            translate(
                "LineDialogs",
                "The cart is kept until it is recalled (F9 with an empty cart), even by "
                "another cashier. Give it a name the customer will answer to.",
            ),
            ok_text=translate("LineDialogs", "Park (Enter)"),
        )
        self.till, self.done_view = till, done
        self.label = named(QLineEdit(), "park.label", translate("LineDialogs", "Label"))
        self.label.setPlaceholderText(translate("LineDialogs", "e.g. lady in red, Kofi's order"))
        self.label.setMaxLength(60)
        self.form.addRow(translate("LineDialogs", "Label"), self.label)
        self.focus_field = self.label

    def submit(self) -> bool:
        self.done_view(self.till.sales.park(self.label.text()))
        return True


class RecallDialog(FormDialog):
    def __init__(self, parent: QWidget, till: Till, parked: tuple[ParkedCart, ...], done: ViewDone) -> None:
        super().__init__(
            parent,
            "recall",
            translate("LineDialogs", "Recall a parked cart"),
            translate("LineDialogs", "Choose the cart to bring back."),
            ok_text=translate("LineDialogs", "Recall (Enter)"),
        )
        self.till, self.done_view = till, done
        self.list = named(QListWidget(), "recall.list", translate("LineDialogs", "Parked carts"))
        now = till.clock.now()
        for cart in reversed(parked):
            when = stored_time(cart.updated_at)
            text = translate("LineDialogs", "{0} — {1} line(s), {2} — parked {3} by {4}").format(
                cart.label or translate("LineDialogs", "(no label)"),
                cart.lines,
                cart.total.format(),
                clock_time(when, now) if when else "",
                cart.user,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, cart.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _i: self._ok())
        self.list.setMinimumHeight(260)
        self.body.addWidget(self.list)
        self.focus_field = self.list

    def submit(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            raise CartError(translate("LineDialogs", "Choose a cart."))
        self.done_view(self.till.sales.recall(str(item.data(Qt.ItemDataRole.UserRole))))
        return True


class ConfirmDialog(FormDialog):
    """A yes/no question with the consequence spelled out. A ``danger`` question (cancel
    the sale, close the shift) is destructive: Enter keeps, ``keep`` names what it keeps."""

    def __init__(
        self,
        parent: QWidget,
        name: str,
        title: str,
        question: str,
        *,
        yes: str,
        action: Callable[[], object],
        danger: bool = False,
        keep: str | None = None,
    ) -> None:
        super().__init__(
            parent,
            name,
            title,
            question,
            ok_text=yes,
            ok_role="danger" if danger else "primary",
            destructive=danger,
            keep_text=keep,
        )
        self._action = action

    def submit(self) -> bool:
        self._action()
        return True


class ReasonDialog(FormDialog):
    """One reason line, then a service call that may need a manager (no sale, void)."""

    def __init__(
        self,
        parent: QWidget,
        till: Till,
        name: str,
        *,
        title: str,
        intro: str,
        call: Callable[[str, GrantedApproval | None], object],
        done: Callable[[Any], object],
        suggestions: tuple[str, ...] = (),
        ok_text: str | None = None,
        destructive: bool = False,
        keep_text: str | None = None,
        what: str = "",
    ) -> None:
        super().__init__(
            parent,
            name,
            title,
            intro,
            ok_text=ok_text,
            ok_role="danger" if destructive else "primary",
            destructive=destructive,
            keep_text=keep_text,
        )
        self.till, self._call, self._done = till, call, done
        self.what = what  # for the manager's approval: what and how much
        self.reason = named(QLineEdit(), f"{name}.reason", translate("LineDialogs", "Reason"))
        self.form.addRow(translate("LineDialogs", "Reason"), self.reason)
        if suggestions:
            row = QHBoxLayout()
            for text in suggestions:
                row.addWidget(
                    button(
                        text,
                        f"{name}.reason.{text.replace(' ', '_')}",
                        role="quick",
                        on_click=partial(self.reason.setText, text),
                    )
                )
            self.body.addLayout(row)
        self.focus_field = self.reason

    def submit(self) -> bool:
        reason = self.reason.text()
        return self.run_service(self.till, lambda ok: self._call(reason, ok), self._done, self.what)
