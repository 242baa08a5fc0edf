"""Payment on account: a customer pays down what they owe (an invoice, a credit sale) in
cash, mobile money or card. Find the customer by name, phone or TIN; their balance shows;
take the payment — the receipt prints with the balance still owed, cash opens the drawer
and counts in the shift's expected cash (``CustomerService.take_payment``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from shared.errors import BisamaError
from terminal.customers import Customer, PaymentResult
from terminal.ui.context import UiContext
from terminal.ui.i18n import translate
from terminal.ui.pay_box import PayBox
from terminal.ui.screen import Navigator, Screen
from terminal.ui.widgets import FitLabel, MessageBar, button, label, named, panel, set_role


class AccountPaymentScreen(Screen):
    screen_id = "account_payment"

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.customer: Customer | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        outer.setSpacing(12)
        left = QVBoxLayout()
        self.code = named(
            QLineEdit(),
            "account.search",
            translate("AccountPaymentScreen", "Find customer"),
            translate("AccountPaymentScreen", "Type part of the name, phone number or TIN."),
        )
        set_role(self.code, "code")
        self.code.setPlaceholderText(translate("AccountPaymentScreen", "Name, phone or TIN"))
        self.code.returnPressed.connect(lambda: self.handle("find"))
        self.code.textEdited.connect(lambda _t: self._search())
        left.addWidget(self.code)
        left.addWidget(label(translate("AccountPaymentScreen", "Customers"), "subheading"))
        self.results = named(QListWidget(), "account.results", translate("AccountPaymentScreen", "Customers"))
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.itemActivated.connect(self._pick)
        self.results.itemClicked.connect(self._pick)
        left.addWidget(self.results, 1)
        holder = QWidget()
        holder.setLayout(left)
        holder.setFixedWidth(360)
        outer.addWidget(holder)
        box = panel("account.panel")
        col = QVBoxLayout(box)
        col.setContentsMargins(16, 12, 16, 12)
        self.message = MessageBar("account.message")
        col.addWidget(self.message)
        self.who = label(
            translate("AccountPaymentScreen", "Choose the customer who is paying."), "heading", wrap=True
        )
        self.who.setObjectName("account.customer")
        col.addWidget(self.who)
        col.addWidget(label(translate("AccountPaymentScreen", "Owes the shop"), "subheading"))
        self.balance = FitLabel(
            "account.balance", translate("AccountPaymentScreen", "Balance owed"), "due", max_px=44
        )
        col.addWidget(self.balance)
        self.pay = PayBox("account")
        self.pay.amount.returnPressed.connect(lambda: self.handle("take"))
        self.pay.reference.returnPressed.connect(lambda: self.handle("take"))
        col.addWidget(self.pay)
        col.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(
            button(
                translate("AccountPaymentScreen", "Esc  Back"),
                "account.back",
                accessible=translate("AccountPaymentScreen", "Back"),
                on_click=lambda: self.handle("back"),
            )
        )
        actions.addStretch(1)
        self.take_button = button(
            translate("AccountPaymentScreen", "F12  Take payment"),
            "account.take",
            role="pay",
            accessible=translate("AccountPaymentScreen", "Take payment"),
            on_click=lambda: self.handle("take"),
        )
        actions.addWidget(self.take_button)
        col.addLayout(actions)
        outer.addWidget(box, 1)

    def title(self) -> str:
        return translate("AccountPaymentScreen", "Account payment")

    def entered(self) -> None:
        self.message.clear_message()
        self._search()
        if self.customer is not None:
            self.show_customer(self.till.customers.get(self.customer.id))
        self.code.setFocus()
        self.code.selectAll()

    def _search(self) -> None:
        self.results.clear()
        for c in self.till.customers.search(self.code.text(), limit=40):
            owes = (
                translate("AccountPaymentScreen", "owes {0}").format(c.balance.format())
                if c.balance.pesewas > 0
                else translate("AccountPaymentScreen", "owes nothing")
            )
            extra = f"{c.phone} · " if c.phone else ""
            item = QListWidgetItem(f"{c.name}\n{extra}{owes}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _pick(self, item: QListWidgetItem) -> None:
        try:
            customer = self.till.customers.get(str(item.data(Qt.ItemDataRole.UserRole)))
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.show_customer(customer)
        self.pay.amount.setFocus()

    def show_customer(self, customer: Customer) -> None:
        self.customer = customer
        self.message.clear_message()
        tin = f" (TIN {customer.tin})" if customer.tin else ""
        self.who.setText(f"{customer.name}{tin}")
        self.balance.setText(customer.balance.format())
        self.pay.suggest(customer.balance)

    def handle(self, action: str) -> bool:
        if action == "find":
            self._search()
            item = self.results.currentItem()
            if item is not None:
                self._pick(item)
        elif action in ("cash", "momo", "card"):
            self.pay.set_method(action)
        elif action == "take":
            self._take()
        elif action == "back":
            self.nav.go("sale" if self.till.shifts.current() else "shift")
        else:
            return False
        return True

    def _take(self) -> None:
        customer = self.customer
        if customer is None:
            self.message.error(translate("AccountPaymentScreen", "Choose the customer first."))
            self.code.setFocus()
            return
        try:
            result = self.till.customers.take_payment(customer.id, [self.pay.tender()])
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.ctx.changed("payment")
        self._taken(result)

    def _taken(self, result: PaymentResult) -> None:
        assert self.customer is not None
        text = translate("AccountPaymentScreen", "Payment {0}: {1} received.").format(
            result.payment_no, result.amount.format()
        )
        if result.change.pesewas > 0:
            text += " " + translate("AccountPaymentScreen", "Give change {0}.").format(result.change.format())
        text += " " + translate("AccountPaymentScreen", "Still owed {0}. The receipt is printing.").format(
            result.balance.format()
        )
        self.show_customer(self.till.customers.get(self.customer.id))
        self.pay.clear()  # a second F12 must not take the same payment again
        self._search()
        self.message.ok(text)
