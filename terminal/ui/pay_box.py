"""One payment typed in a small panel: cash (the amount handed over), mobile money
(network, amount, the reference from the SMS) or card (type, amount, approval code).
Used where a single payment is taken outside the payment screen: a payment on account
and the difference of an exchange."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.momo import NETWORKS
from shared.money import Money
from shared.payloads import CARD_PROVIDERS
from terminal.errors import TenderError
from terminal.receipts import PROVIDER_LABELS
from terminal.tenders import TenderInput
from terminal.ui.i18n import QT_TRANSLATE_NOOP, translate
from terminal.ui.widgets import AmountEdit, button, named

METHODS = (
    ("cash", QT_TRANSLATE_NOOP("PayBox", "Cash")),
    ("momo", QT_TRANSLATE_NOOP("PayBox", "MoMo")),
    ("card", QT_TRANSLATE_NOOP("PayBox", "Card")),
)


class PayBox(QWidget):
    def __init__(self, prefix: str, keys: tuple[str, str, str] = ("F5", "F6", "F7")) -> None:
        """``keys``: the screen's F-keys for cash, MoMo and card, shown on the buttons."""
        super().__init__()
        self.prefix = prefix
        self.method = "cash"
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.method_buttons: dict[str, QPushButton] = {}
        for (method, text), fkey in zip(METHODS, keys, strict=True):
            b = button(
                f"{fkey}  {translate('PayBox', text)}",
                f"{prefix}.method.{method}",
                role="choice",
                checkable=True,
                accessible=translate("PayBox", text),
                on_click=partial(self.set_method, method),
            )
            self.group.addButton(b)
            self.method_buttons[method] = b
            row.addWidget(b)
        col.addLayout(row)
        form = QFormLayout()
        self.form = form
        self.amount = AmountEdit(f"{prefix}.amount", translate("PayBox", "Amount"))
        self.provider = named(QComboBox(), f"{prefix}.provider", translate("PayBox", "Network or card type"))
        self.reference = named(
            QLineEdit(), f"{prefix}.reference", translate("PayBox", "Reference or approval code")
        )
        form.addRow(translate("PayBox", "Amount"), self.amount)
        form.addRow(translate("PayBox", "Network / card"), self.provider)
        form.addRow(translate("PayBox", "Reference"), self.reference)
        col.addLayout(form)
        self.set_method("cash")

    def set_method(self, method: str) -> None:
        self.method = method
        self.method_buttons[method].setChecked(True)
        self.provider.clear()
        if method == "momo":
            # No network chosen until the cashier picks one (1, 2 or 3 on the list): it
            # never defaults to MTN nor carries over (issue [8]).
            self.provider.addItem(translate("PayBox", "Choose: press 1, 2 or 3"), "")
            for network in NETWORKS:
                self.provider.addItem(f"{network.key}  {network.name}", network.code)
        for p in CARD_PROVIDERS if method == "card" else ():
            self.provider.addItem(PROVIDER_LABELS.get(p, p), p)
        self.form.setRowVisible(self.provider, method != "cash")
        self.form.setRowVisible(self.reference, method != "cash")
        caption = self.form.labelForField(self.amount)
        if caption is not None and isinstance(caption, QWidget) and hasattr(caption, "setText"):
            caption.setText(
                translate("PayBox", "Cash handed over") if method == "cash" else translate("PayBox", "Amount")
            )
        self.amount.setFocus()
        self.amount.selectAll()

    def suggest(self, amount: Money) -> None:
        self.amount.set_amount(amount if amount.pesewas > 0 else None)

    def tender(self) -> TenderInput:
        """The payment typed; raises ``TenderError``/``InvalidAmount`` in the shop's words."""
        what = (
            translate("PayBox", "cash handed over")
            if self.method == "cash"
            else translate("PayBox", "amount")
        )
        amount = self.amount.checked_amount(what)
        if self.method == "cash":
            return TenderInput("cash", amount)
        reference = self.reference.text().strip()
        if self.method == "momo" and not self.provider.currentData():
            raise TenderError(
                translate(
                    "PayBox", "Choose the network: 1 MTN MoMo, 2 Telecel Cash or 3 AirtelTigo Money."
                )
            )
        if not reference:
            raise TenderError(translate("PayBox", "Type the reference from the SMS or the card terminal."))
        return TenderInput(self.method, amount, str(self.provider.currentData()), reference)

    def clear(self) -> None:
        self.amount.clear()
        self.reference.clear()
        self.set_method("cash")
