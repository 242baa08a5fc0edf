"""The "receipt by SMS" prompt (Ctrl+E on the sale screen): the customer gives a mobile
number and head office texts them the last sale's receipt (terminal/receipt_sms.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from terminal.till import Till
from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import translate
from terminal.ui.widgets import named


class ReceiptSmsDialog(FormDialog):
    def __init__(self, parent: QWidget, till: Till, receipt_no: str,
                 done: Callable[[str], object]) -> None:
        super().__init__(
            parent,
            "receipt_sms",
            translate("ReceiptSms", "Receipt {0} by SMS").format(receipt_no),
            translate("ReceiptSms", "Type the customer's mobile number. Head office texts "
                                    "the receipt when this till has synced."),
            ok_text=translate("ReceiptSms", "Send (Enter)"),
        )
        self.till, self.receipt_no, self.done_with = till, receipt_no, done
        self.phone = named(QLineEdit(), "receipt_sms.phone", translate("ReceiptSms", "Mobile number"))
        self.phone.setPlaceholderText(translate("ReceiptSms", "e.g. 024 412 3456"))
        self.phone.setMaxLength(20)
        self.form.addRow(translate("ReceiptSms", "Mobile number"), self.phone)
        self.focus_field = self.phone

    def submit(self) -> bool:
        self.done_with(self.till.receipt_texts.request(self.receipt_no, self.phone.text()))
        return True
