"""Taking payment: cash (quick buttons for the notes a customer hands over, and exact),
MTN MoMo / Telecel Cash / AirtelTigo Money with the reference, card with the approval
code, credit on the customer's account (balance and limit shown), in any split. The
change is shown in large type. Enter with nothing typed is "exact cash" and completes
the sale: one keystroke.

The tenders are plain ``TenderInput`` values until ``SaleService.complete`` commits the
sale in one transaction; nothing is written before that.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from shared.momo import BY_CODE, BY_KEY, NETWORKS, reference_problem
from shared.money import Money, total
from terminal.cart import CartView
from terminal.receipts import PROVIDER_LABELS
from terminal.sale import SaleResult
from terminal.tenders import TenderInput, card, cash, credit, momo
from terminal.ui.approval import attempt
from terminal.ui.context import UiContext
from terminal.ui.customer_dialog import CustomerDialog
from terminal.ui.i18n import translate
from terminal.ui.screen import Navigator, Screen
from terminal.ui.text import cedi
from terminal.ui.widgets import (
    AmountEdit,
    FitLabel,
    MessageBar,
    NumPad,
    button,
    form_layout,
    label,
    named,
    panel,
)

T = TypeVar("T")
CEDI_NOTES = (5, 10, 20, 50, 100, 200)
CARD_TYPES = (("visa", "Visa"), ("mastercard", "Mastercard"), ("gh-link", "GH-Link"), ("other", "Other card"))
# One key each, shown on the button: "1  MTN MoMo" (shared.momo).
MOMO_NETWORKS = tuple((n.code, f"{n.key}  {n.name}") for n in NETWORKS)


def quick_amounts(remaining: Money, count: int = 4) -> list[Money]:
    """What a customer is likely to hand over: the next round amounts in cedi notes
    above what is still to pay (37.50 → 40, 50, 100, 200; 138 → 140, 150, 200, 300)."""
    if remaining.pesewas <= 0:
        return []
    found: set[int] = set()
    for note in CEDI_NOTES:
        step = note * 100
        found.add(-(-remaining.pesewas // step) * step)
    found.add(-(-remaining.pesewas // 10000) * 10000 + 10000)  # one more 100-cedi note
    return [Money(p) for p in sorted(a for a in found if a > remaining.pesewas)[:count]]


def describe(t: TenderInput) -> str:
    if t.method == "cash":
        return translate("PaymentScreen", "Cash handed over {0}").format(t.amount.format())
    if t.method == "momo":
        return f"{PROVIDER_LABELS.get(t.provider or '', 'MoMo')} {t.amount.format()} — ref {t.reference}"
    if t.method == "card":
        kind = dict(CARD_TYPES).get(t.provider or "other", "Card")
        return translate("PaymentScreen", "{0} {1} — approval {2}").format(
            kind, t.amount.format(), t.reference
        )
    return translate("PaymentScreen", "On account {0}").format(t.amount.format())


class PaymentScreen(Screen):
    screen_id = "payment"

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.view: CartView | None = None
        self.entries: list[TenderInput] = []
        outer = QHBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        outer.setSpacing(12)
        # -- left: what is due, what was entered, what is left
        left_panel = panel("payment.summary")
        left = QVBoxLayout(left_panel)
        left.setContentsMargins(14, 10, 14, 10)
        left.addWidget(label(translate("PaymentScreen", "To pay"), "subheading"))
        self.due = FitLabel("payment.due", translate("PaymentScreen", "To pay"), "due", max_px=48)
        left.addWidget(self.due)
        self.customer = label("", "muted", wrap=True)
        self.customer.setObjectName("payment.customer")
        left.addWidget(self.customer)
        left.addWidget(label(translate("PaymentScreen", "Payments"), "subheading"))
        self.tenders = named(QListWidget(), "payment.tenders", translate("PaymentScreen", "Payments entered"))
        self.tenders.setWordWrap(True)
        self.tenders.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tenders.installEventFilter(self)
        left.addWidget(self.tenders, 1)
        self.left_caption = label(translate("PaymentScreen", "Still to pay"), "subheading")
        left.addWidget(self.left_caption)
        self.remaining = FitLabel(
            "payment.remaining", translate("PaymentScreen", "Still to pay"), "change", max_px=64
        )
        left.addWidget(self.remaining)
        outer.addWidget(left_panel, 1)
        # -- right: how
        right = QVBoxLayout()
        self.message = MessageBar("payment.message")
        right.addWidget(self.message)
        methods = QHBoxLayout()
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[str, QPushButton] = {}
        for key, (method, text) in zip(
            ("F5", "F6", "F7", "F8"),
            (
                ("cash", translate("PaymentScreen", "Cash")),
                ("momo", translate("PaymentScreen", "MoMo")),
                ("card", translate("PaymentScreen", "Card")),
                ("credit", translate("PaymentScreen", "Credit")),
            ),
            strict=True,
        ):
            b = button(
                f"{key}  {text}",
                f"payment.method.{method}",
                role="choice",
                accessible=text,
                checkable=True,
                on_click=partial(self.choose, method),
            )
            self.method_group.addButton(b)
            self.method_buttons[method] = b
            methods.addWidget(b)
        right.addLayout(methods)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._cash_page())
        self.pages.addWidget(self._momo_page())
        self.pages.addWidget(self._card_page())
        self.pages.addWidget(self._credit_page())
        right.addWidget(self.pages, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(
            button(
                translate("PaymentScreen", "Esc  Back to cart"),
                "payment.back",
                accessible=translate("PaymentScreen", "Back to cart"),
                on_click=lambda: self.handle("back"),
            )
        )
        self.complete_button = button(
            translate("PaymentScreen", "F12  Complete sale"),
            "payment.complete",
            role="pay",
            accessible=translate("PaymentScreen", "Complete sale"),
            on_click=lambda: self.handle("complete"),
        )
        bottom.addWidget(self.complete_button, 1)
        right.addLayout(bottom)
        outer.addLayout(right, 1)

    # -- pages ------------------------------------------------------------------------------
    def _cash_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        form = form_layout()
        self.cash_amount = AmountEdit("payment.cash.amount", translate("PaymentScreen", "Cash handed over"))
        self.cash_amount.setPlaceholderText(translate("PaymentScreen", "Enter = exact"))
        self.cash_amount.returnPressed.connect(self._cash_entered)
        form.addRow(translate("PaymentScreen", "Cash handed over"), self.cash_amount)
        col.addLayout(form)
        row = QHBoxLayout()
        self.quick = QGridLayout()
        self.quick.setSpacing(6)
        self.quick.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addLayout(self.quick, 3)
        row.addWidget(NumPad("payment.numpad", lambda: self.cash_amount, enter=self._cash_entered), 2)
        col.addLayout(row)
        col.addStretch(1)
        return page

    def _choice_row(
        self, name: str, choices: tuple[tuple[str, str], ...]
    ) -> tuple[QHBoxLayout, QButtonGroup]:
        row = QHBoxLayout()
        group = QButtonGroup(self)
        for value, text in choices:
            b = button(text, f"payment.{name}.{value}", role="choice", checkable=True)
            b.setProperty("value", value)
            group.addButton(b)
            row.addWidget(b)
        return row, group

    def _momo_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        row, self.momo_network = self._choice_row("momo", MOMO_NETWORKS)
        for b in self.momo_network.buttons():
            b.installEventFilter(self)
        self.momo_network.buttonClicked.connect(lambda _b: self._network_chosen())
        col.addLayout(row)
        # Which network, or how to choose one: never carried over from the last sale.
        self.momo_keys = label("", "subheading", wrap=True)
        self.momo_keys.setObjectName("payment.momo.keys")
        col.addWidget(self.momo_keys)
        form = form_layout()
        self.momo_amount = AmountEdit("payment.momo.amount", translate("PaymentScreen", "MoMo amount"))
        self.momo_reference = named(
            QLineEdit(), "payment.momo.reference", translate("PaymentScreen", "MoMo transaction reference")
        )
        self.momo_reference.setPlaceholderText(
            translate("PaymentScreen", "Transaction ID from the customer's SMS")
        )
        self.momo_reference.returnPressed.connect(self._add_momo)
        self.momo_reference.installEventFilter(self)
        form.addRow(translate("PaymentScreen", "Amount"), self.momo_amount)
        form.addRow(translate("PaymentScreen", "Reference"), self.momo_reference)
        col.addLayout(form)
        self.momo_hint = label("", "muted", wrap=True)
        self.momo_hint.setObjectName("payment.momo.hint")
        col.addWidget(self.momo_hint)
        col.addWidget(
            button(
                translate("PaymentScreen", "Add MoMo payment (Enter)"),
                "payment.momo.add",
                role="primary",
                on_click=self._add_momo,
            )
        )
        col.addStretch(1)
        return page

    def _card_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        row, self.card_type = self._choice_row("card", CARD_TYPES)
        col.addLayout(row)
        form = form_layout()
        self.card_amount = AmountEdit("payment.card.amount", translate("PaymentScreen", "Card amount"))
        self.card_code = named(
            QLineEdit(), "payment.card.code", translate("PaymentScreen", "Card approval code")
        )
        self.card_code.setPlaceholderText(
            translate("PaymentScreen", "Approval code on the card machine's slip")
        )
        self.card_code.returnPressed.connect(self._add_card)
        form.addRow(translate("PaymentScreen", "Amount"), self.card_amount)
        form.addRow(translate("PaymentScreen", "Approval code"), self.card_code)
        col.addLayout(form)
        col.addWidget(
            button(
                translate("PaymentScreen", "Add card payment (Enter)"),
                "payment.card.add",
                role="primary",
                on_click=self._add_card,
            )
        )
        col.addStretch(1)
        return page

    def _credit_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        self.credit_info = label("", wrap=True)
        self.credit_info.setObjectName("payment.credit.info")
        col.addWidget(self.credit_info)
        form = form_layout()
        self.credit_amount = AmountEdit(
            "payment.credit.amount", translate("PaymentScreen", "Amount on account")
        )
        self.credit_amount.returnPressed.connect(self._add_credit)
        form.addRow(translate("PaymentScreen", "On account"), self.credit_amount)
        col.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(
            button(
                translate("PaymentScreen", "F8 on cart: choose customer"),
                "payment.credit.customer",
                on_click=lambda: self.nav.open_dialog(CustomerDialog(self, self.till, self._customer_set)),
            )
        )
        row.addWidget(
            button(
                translate("PaymentScreen", "Add to account (Enter)"),
                "payment.credit.add",
                role="primary",
                on_click=self._add_credit,
            )
        )
        col.addLayout(row)
        col.addStretch(1)
        return page

    # -- screen ------------------------------------------------------------------------------
    def title(self) -> str:
        return translate("PaymentScreen", "Payment")

    def entered(self) -> None:
        self.entries = []
        self._clear_network()
        self.message.clear_message()
        self._safely(lambda: self._load(self.till.sales.view()))
        self.choose("cash")
        if self.view is not None:
            self.ctx.displays.total(self.view.total)

    def focus_target(self) -> QWidget | None:
        return (self.cash_amount, self.momo_reference, self.card_code, self.credit_amount)[
            self.pages.currentIndex()
        ]

    def _load(self, view: CartView) -> None:
        self.view = view
        self.due.setText(view.total.format())
        customer = self.till.customers.get(view.customer.id) if view.customer else None
        if customer is None:
            self.customer.setText(translate("PaymentScreen", "Walk-in customer"))
            self.credit_info.setText(
                translate("PaymentScreen", "Credit needs a registered customer. Choose the customer first.")
            )
        else:
            self.customer.setText(customer.name + (f" — TIN {customer.tin}" if customer.tin else ""))
            self.credit_info.setText(
                translate("PaymentScreen", "{0} owes {1}. Credit limit {2}; available {3}.").format(
                    customer.name,
                    customer.balance.format(),
                    customer.credit_limit.format(),
                    customer.available_credit.format(),
                )
            )
        self._refresh()

    def _customer_set(self, view: CartView) -> None:
        self._load(view)
        self.choose("credit")

    # -- figures -------------------------------------------------------------------------------
    def _non_cash(self) -> Money:
        return total([t.amount for t in self.entries if t.method != "cash"])

    def _cash(self) -> Money:
        return total([t.amount for t in self.entries if t.method == "cash"])

    def still_to_pay(self) -> Money:
        due = self.view.total if self.view else Money.ZERO
        return due - self._non_cash() - self._cash()

    def _refresh(self) -> None:
        self.tenders.clear()
        for entry in self.entries:
            self.tenders.addItem(describe(entry))
        left = self.still_to_pay()
        if left.pesewas > 0:
            self.left_caption.setText(translate("PaymentScreen", "Still to pay"))
            self.remaining.setText(left.format())
        else:
            self.left_caption.setText(translate("PaymentScreen", "Change"))
            self.remaining.setText((-left).format())
        while self.quick.count():
            item = self.quick.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if left.pesewas > 0:
            exact = button(
                translate("PaymentScreen", "Exact {0}").format(left.format()),
                "payment.quick.exact",
                role="quick",
                accessible=translate("PaymentScreen", "Exact cash"),
                on_click=lambda: self._add_cash(left),
            )
            self.quick.addWidget(exact, 0, 0)
            for i, amount in enumerate(quick_amounts(left)):
                b = button(
                    amount.format(),
                    f"payment.quick.{amount.pesewas // 100}",
                    role="quick",
                    on_click=partial(self._add_cash, amount),
                )
                self.quick.addWidget(b, 1 + i, 0)
        for field in (self.momo_amount, self.card_amount):
            field.set_amount(left if left.pesewas > 0 else None)
        self.momo_hint.setText(
            translate(
                "PaymentScreen", "The customer display shows your MoMo number {0} with the amount."
            ).format(self.ctx.displays.momo_number)
            if self.ctx.displays.momo_number
            else translate(
                "PaymentScreen",
                "Set the shop's MoMo number in Manager → Customer display to show it to customers.",
            )
        )

    # -- entering payments ---------------------------------------------------------------------
    def choose(self, method: str) -> None:
        self.method_buttons[method].setChecked(True)
        self.pages.setCurrentIndex(("cash", "momo", "card", "credit").index(method))
        left = self.still_to_pay()
        if method == "cash":
            self.cash_amount.setFocus()
        elif method == "momo":
            self._show_network()
            self.momo_reference.setFocus()
            if left.pesewas > 0:
                self.ctx.displays.pay_with_momo(left)
        elif method == "card":
            if self.card_type.checkedButton() is None:
                self.card_type.buttons()[0].setChecked(True)
            self.card_code.setFocus()
        else:
            self._suggest_credit()
            self.credit_amount.setFocus()

    def _suggest_credit(self) -> None:
        left = self.still_to_pay()
        if self.view is None or self.view.customer is None or left.pesewas <= 0:
            self.credit_amount.set_amount(None)
            return
        available = self.till.customers.get(self.view.customer.id).available_credit
        self.credit_amount.set_amount(min(left, available) if available.pesewas > 0 else left)

    def _cash_entered(self) -> None:
        amount = self._safely(self.cash_amount.amount)
        left = self.still_to_pay()
        if amount is None and not self.cash_amount.text().strip():
            if left.pesewas > 0:
                self._add_cash(left)  # Enter on an empty box: exact cash
            elif self.entries:
                self.handle("complete")
            return
        if isinstance(amount, Money):
            self._add_cash(amount)

    def _add_cash(self, amount: Money) -> None:
        if amount.pesewas <= 0:
            self.message.error(translate("PaymentScreen", "Type the cash the customer handed over."))
            return
        self.entries.append(cash(amount))
        self.cash_amount.clear()
        self._refresh()
        self._complete_if_paid()

    # -- the MoMo network: one key, never carried over ----------------------------------------
    def _clear_network(self) -> None:
        self.momo_network.setExclusive(False)
        for b in self.momo_network.buttons():
            b.setChecked(False)
        self.momo_network.setExclusive(True)
        self._show_network()

    def _network(self) -> str | None:
        checked = self.momo_network.checkedButton()
        return str(checked.property("value")) if checked is not None else None

    def _choose_network(self, code: str) -> None:
        for b in self.momo_network.buttons():
            if b.property("value") == code:
                b.setChecked(True)
        self._network_chosen()

    def _network_chosen(self) -> None:
        self._show_network()
        self.message.clear_message()
        self.momo_reference.setFocus()

    def _show_network(self) -> None:
        code = self._network()
        if code is None:
            self.momo_keys.setText(
                translate("PaymentScreen", "Choose the network: press 1, 2 or 3 (on the buttons).")
            )
        else:
            network = BY_CODE[code]
            self.momo_keys.setText(
                translate("PaymentScreen", "Network: {0} — reference like {1}").format(
                    network.name, network.example
                )
            )

    def _momo_key(self, obj: QObject, event: QKeyEvent) -> bool:
        """1/2/3 choose the network while none is chosen (or on the network buttons);
        typing a reference before choosing is refused, so a sale never goes to a network
        nobody picked."""
        text = event.text()
        on_button = obj in self.momo_network.buttons()
        if self._network() is not None and not on_button:
            return False
        network = BY_KEY.get(text)
        if network is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._choose_network(network.code)
            return True
        if not on_button and text and text.isprintable():
            self.message.error(
                translate(
                    "PaymentScreen",
                    "First choose the network: press 1 MTN MoMo, 2 Telecel Cash or 3 AirtelTigo Money.",
                )
            )
            return True
        return False

    def _add_momo(self) -> None:
        provider = self._network() or ""
        if not provider:
            self.message.error(
                translate(
                    "PaymentScreen",
                    "First choose the network: press 1 MTN MoMo, 2 Telecel Cash or 3 AirtelTigo Money.",
                )
            )
            return
        self._add(
            lambda: momo(
                self.momo_amount.checked_amount(translate("PaymentScreen", "MoMo amount")),
                provider,
                self.momo_reference.text().strip(),
            ),
            self.momo_reference,
        )

    def _add_card(self) -> None:
        kind = self.card_type.checkedButton()
        provider = str(kind.property("value")) if kind else "other"
        self._add(
            lambda: card(
                self.card_amount.checked_amount(translate("PaymentScreen", "card amount")),
                self.card_code.text().strip(),
                provider,
            ),
            self.card_code,
        )

    def _add_credit(self) -> None:
        if self.view is None or self.view.customer is None:
            self.message.error(
                translate("PaymentScreen", "Credit needs a registered customer: press “choose customer”.")
            )
            return
        self._add(
            lambda: credit(
                self.credit_amount.checked_amount(translate("PaymentScreen", "amount on account"))
            ),
            self.credit_amount,
        )

    def _add(self, make: Callable[[], TenderInput], clear: QLineEdit) -> None:
        entry = self._safely(make)
        if entry is None:
            return
        typed = (entry.reference or "").strip()
        problem = reference_problem(entry.provider or "", typed) if entry.method == "momo" else None
        if problem and typed:
            # Checked as it is typed in, not at the end: the cashier still has the SMS in view.
            self.message.error(problem)
            return
        if entry.method in ("momo", "card") and not (entry.reference or "").strip():
            self.message.error(
                translate("PaymentScreen", "Type the mobile money reference from the SMS.")
                if entry.method == "momo"
                else translate("PaymentScreen", "Type the card machine's approval code.")
            )
            return
        if entry.amount > self.still_to_pay() + self._cash():
            self.message.error(
                translate("PaymentScreen", "That is more than the {0} still to pay.").format(
                    self.still_to_pay().format()
                )
            )
            return
        self.entries.append(entry)
        clear.clear()
        self.message.clear_message()
        self._refresh()
        if not self._complete_if_paid():
            self.choose("cash")

    def _complete_if_paid(self) -> bool:
        if self.entries and self.still_to_pay().pesewas <= 0:
            self.handle("complete")
            return True
        self.message.info(
            translate("PaymentScreen", "{0} still to pay.").format(self.still_to_pay().format())
        )
        return False

    # -- completing ----------------------------------------------------------------------------
    def _complete(self) -> None:
        if not self.entries:
            self.message.error(
                translate("PaymentScreen", "Choose how the customer pays (Enter = exact cash).")
            )
            return
        if self.still_to_pay().pesewas > 0:
            self.message.error(
                translate("PaymentScreen", "{0} is still to pay.").format(self.still_to_pay().format())
            )
            return
        entries = list(self.entries)
        due = self.view.total if self.view else Money.ZERO
        paid = ", ".join(
            describe_tender(e.method, e.provider, e.amount) + (f" ({e.reference})" if e.reference else "")
            for e in entries
        )
        attempt(
            self,
            self.till,
            lambda ok: self.till.sales.complete(entries, approval=ok),
            done=lambda result: self._done(result, entries),
            error=self._refused,
            open_dialog=self.nav.open_dialog,
            what=translate("PaymentScreen", "A sale of {0} paid {1}").format(cedi(due), paid),
        )

    def _refused(self, message: str) -> None:
        self.message.error(message)
        # The sale did not happen: let the cashier correct the payments.
        self.entries = [e for e in self.entries if e.method != "cash"]
        self._refresh()

    def _done(self, result: SaleResult, entries: list[TenderInput]) -> None:
        self.ctx.changed("sale")
        handed = total([t.amount for t in entries if t.method == "cash"])
        if not handed.is_zero:
            self.ctx.displays.change(handed, result.change)
        else:
            self.ctx.displays.thank_you()
        self.entries = []
        self.nav.sale_completed(result)

    def _safely(self, make: Callable[[], T]) -> T | None:
        try:
            return make()
        except BisamaError as exc:
            self.message.error(str(exc))
            return None

    # -- keys ----------------------------------------------------------------------------------
    def handle(self, action: str) -> bool:
        if action in ("cash", "momo", "card", "credit"):
            self.choose(action)
        elif action.startswith("momo_") and action[5:] in BY_CODE:
            self.choose("momo")
            self._choose_network(action[5:])
        elif action == "complete":
            self._complete()
        elif action == "enter":
            self._cash_entered()
        elif action == "remove_tender":
            row = self.tenders.currentRow()
            if 0 <= row < len(self.entries):
                del self.entries[row]
                self._refresh()
        elif action == "back":
            self.entries = []
            self.nav.go("sale")
        else:
            return False
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and (obj is self.momo_reference or obj in self.momo_network.buttons())
        ):
            return self._momo_key(obj, event)
        if (
            obj is self.tenders
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Delete
        ):
            self.handle("remove_tender")
            return True
        return False


def describe_tender(method: str, provider: str | None, amount: Money) -> str:
    if method == "momo":
        return f"{PROVIDER_LABELS.get(provider or '', 'MoMo')} {cedi(amount)}"
    if method == "card":
        return f"{dict(CARD_TYPES).get(provider or 'other', 'Card')} {cedi(amount)}"
    if method == "credit":
        return translate("PaymentScreen", "on account {0}").format(cedi(amount))
    return translate("PaymentScreen", "cash {0}").format(cedi(amount))
