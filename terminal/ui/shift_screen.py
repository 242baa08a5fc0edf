"""The shift screen: open a shift with the float counted, and while it is open cash in,
cash out, no sale, the X report (figures so far, also printed), closing (the count
screen) and reprinting any receipt, slip or report."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from shared.money import Money
from terminal.shift import CashMoveResult, ShiftFigures
from terminal.till import Till
from terminal.ui.context import UiContext
from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import QT_TRANSLATE_NOOP, translate
from terminal.ui.keymap import SHIFT, Key, Keys
from terminal.ui.line_dialogs import ReasonDialog
from terminal.ui.screen import Navigator, Screen
from terminal.ui.text import clock_time, kind_name, stored_time
from terminal.ui.widgets import AmountEdit, MessageBar, NumPad, button, label, named, panel

CASH_IN = (
    ("float_in", QT_TRANSLATE_NOOP("ShiftScreen", "Float top-up")),
    ("bank_in", QT_TRANSLATE_NOOP("ShiftScreen", "Cash from the bank")),
)
CASH_OUT = (
    ("paid_out", QT_TRANSLATE_NOOP("ShiftScreen", "Paid out (expense)")),
    ("drop_to_bank", QT_TRANSLATE_NOOP("ShiftScreen", "Drop to bank")),
    ("to_safe", QT_TRANSLATE_NOOP("ShiftScreen", "To the safe")),
)


NO_SHIFT: Keys = (
    Key(
        "Return",
        "open_shift",
        QT_TRANSLATE_NOOP("keys", "Open shift"),
        "With no shift open: open it with the float typed.",
        on_bar=False,
    ),
)


def report_sections(
    f: ShiftFigures, *, show_cash: bool, name_of: Callable[[str], str] = str
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The X report as the screen shows it (the printed one has the same figures)."""
    sections = [
        (
            translate("ShiftScreen", "Sales"),
            [
                (translate("ShiftScreen", "Sales"), str(f.sales_count)),
                (translate("ShiftScreen", "Sales total"), f.sales_gross.format()),
                (translate("ShiftScreen", "Discounts given"), f.discounts.format()),
                (translate("ShiftScreen", "Refunds"), f"{f.refunds_count} — {f.refunds_gross.format()}"),
                (translate("ShiftScreen", "Voids"), f"{f.voids_count} — {f.voids_gross.format()}"),
            ],
        ),
        (
            translate("ShiftScreen", "Tax"),
            [
                (translate("ShiftScreen", "Net of tax"), f.tax["net"].format()),
                ("VAT", f.tax["vat"].format()),
                ("NHIL", f.tax["nhil"].format()),
                ("GETFund", f.tax["getfund"].format()),
            ]
            + (
                [(translate("ShiftScreen", "COVID-19 levy"), f.tax["covid"].format())]
                if not f.tax["covid"].is_zero
                else []
            ),
        ),
        (
            translate("ShiftScreen", "By payment method"),
            [(name, amount.format()) for name, amount in f.by_tender.items()],
        ),
        (
            translate("ShiftScreen", "By cashier"),
            [
                (name_of(email), translate("ShiftScreen", "{0} sales, {1}").format(n, amount.format()))
                for email, (n, amount) in f.by_cashier.items()
            ],
        ),
    ]
    if show_cash:
        sections.append(
            (
                translate("ShiftScreen", "Cash drawer"),
                [
                    (translate("ShiftScreen", "Opening float"), f.opening_float.format()),
                    (translate("ShiftScreen", "Cash sales"), f.cash_sales.format()),
                    (translate("ShiftScreen", "Cash refunds"), (-f.cash_refunds).format()),
                    (translate("ShiftScreen", "Cash in"), f.cash_in.format()),
                    (translate("ShiftScreen", "Cash out"), (-f.cash_out).format()),
                    (translate("ShiftScreen", "Payments on account"), f.cash_payments.format()),
                    (translate("ShiftScreen", "Expected in drawer"), f.expected.format()),
                ],
            )
        )
    return sections


class CashMoveDialog(FormDialog):
    def __init__(
        self, parent: QWidget, till: Till, into: bool, done: Callable[[CashMoveResult], object]
    ) -> None:
        title = (
            translate("ShiftScreen", "Cash into the drawer")
            if into
            else translate("ShiftScreen", "Cash out of the drawer")
        )
        intro = (
            translate("ShiftScreen", "Count the cash you put in.")
            if into
            else translate("ShiftScreen", "Count the cash you take out; a slip prints for the envelope.")
        )
        super().__init__(parent, "cash_move", title, intro)
        self.till, self._done = till, done
        row = QHBoxLayout()
        self.purpose = QButtonGroup(self)
        for value, text in CASH_IN if into else CASH_OUT:
            b = button(
                translate("ShiftScreen", text), f"cash_move.purpose.{value}", role="choice", checkable=True
            )
            b.setProperty("value", value)
            self.purpose.addButton(b)
            row.addWidget(b)
        self.purpose.buttons()[0].setChecked(True)
        self.body.insertLayout(0, row)
        self.amount = AmountEdit("cash_move.amount", translate("ShiftScreen", "Amount"))
        self.reason = named(QLineEdit(), "cash_move.reason", translate("ShiftScreen", "Reason"))
        self.reason.setPlaceholderText(translate("ShiftScreen", "e.g. fuel for the generator"))
        self.form.addRow(translate("ShiftScreen", "Amount (GH₵)"), self.amount)
        self.form.addRow(translate("ShiftScreen", "Reason"), self.reason)
        self.focus_field = self.amount

    def submit(self) -> bool:
        chosen = self.purpose.checkedButton()
        purpose = str(chosen.property("value")) if chosen else ""
        amount = self.amount.checked_amount(translate("ShiftScreen", "amount"))
        reason = self.reason.text()
        what = translate("ShiftScreen", "{0} of {1} ({2}): {3}").format(
            self.windowTitle(), amount.format(), purpose.replace("_", " ") or "—", reason.strip() or "—"
        )
        return self.run_service(
            self.till,
            lambda ok: self.till.shifts.cash_move(purpose, amount, reason, approval=ok),
            self._done,
            what,
        )


class ShiftScreen(Screen):
    screen_id = "shift"

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        self.message = MessageBar("shift.message")
        outer.addWidget(self.message)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._open_page())
        self.pages.addWidget(self._open_shift_page())

    # -- no shift: open one ----------------------------------------------------------------
    def _open_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        box = panel("shift.open_panel")
        col = QVBoxLayout(box)
        col.setContentsMargins(24, 18, 24, 18)
        col.addWidget(label(translate("ShiftScreen", "Open a shift"), "heading"))
        self.open_intro = label(
            translate(
                "ShiftScreen",
                "Count the cash in the drawer (the float) and type it. The drawer opens and a slip prints.",
            ),
            wrap=True,
        )
        col.addWidget(self.open_intro)
        self.float_amount = AmountEdit("shift.float", translate("ShiftScreen", "Opening float"))
        self.float_amount.returnPressed.connect(self._open_shift)
        col.addWidget(self.float_amount)
        quick = QHBoxLayout()
        for cedis in (0, 100, 200, 500):
            quick.addWidget(
                button(
                    str(cedis),
                    f"shift.float.{cedis}",
                    role="quick",
                    on_click=partial(self.float_amount.set_amount, Money.cedis(cedis)),
                )
            )
        col.addLayout(quick)
        col.addWidget(NumPad("shift.numpad", lambda: self.float_amount))
        col.addWidget(
            button(
                translate("ShiftScreen", "Open shift (Enter)"),
                "shift.open",
                role="pay",
                accessible=translate("ShiftScreen", "Open shift"),
                on_click=self._open_shift,
            )
        )
        box.setMaximumWidth(520)
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        return page

    # -- a shift is open ---------------------------------------------------------------------
    def _open_shift_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        left_box = panel("shift.actions")
        left = QVBoxLayout(left_box)
        left.setContentsMargins(14, 10, 14, 10)
        self.info = label("", "subheading", wrap=True)
        self.info.setObjectName("shift.info")
        left.addWidget(self.info)
        for key, action, text in (
            ("F5", "cash_in", translate("ShiftScreen", "Cash in")),
            ("F6", "cash_out", translate("ShiftScreen", "Cash out")),
            ("F7", "no_sale", translate("ShiftScreen", "No sale (open drawer)")),
            ("F8", "x_report", translate("ShiftScreen", "X report")),
            ("F10", "reprint", translate("ShiftScreen", "Reprint")),
            ("F9", "close_shift", translate("ShiftScreen", "Close shift")),
        ):
            left.addWidget(
                button(
                    f"{key}  {text}",
                    f"shift.{action}",
                    accessible=text,
                    role="danger" if action == "close_shift" else None,
                    on_click=partial(self.handle, action),
                )
            )
        left.addStretch(1)
        left.addWidget(
            button(
                translate("ShiftScreen", "Esc  Back to sale"),
                "shift.back",
                accessible=translate("ShiftScreen", "Back to sale"),
                on_click=lambda: self.handle("back"),
            )
        )
        left_box.setFixedWidth(330)
        row.addWidget(left_box)
        self.right = QStackedWidget()
        self.report = named(QTableWidget(0, 2), "shift.x_report", translate("ShiftScreen", "X report"))
        self.report.horizontalHeader().hide()
        self.report.verticalHeader().hide()
        self.report.horizontalHeader().setStretchLastSection(True)
        self.report.setColumnWidth(0, 320)
        self.report.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.report.verticalHeader().setDefaultSectionSize(27)
        reprint_page = QWidget()
        col = QVBoxLayout(reprint_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(
            label(translate("ShiftScreen", "Reprint (printed as COPY, never opens the drawer)"), "subheading")
        )
        self.documents = named(
            QListWidget(), "shift.documents", translate("ShiftScreen", "Printed documents")
        )
        self.documents.itemActivated.connect(lambda _i: self._reprint_chosen())
        col.addWidget(self.documents, 1)
        col.addWidget(
            button(
                translate("ShiftScreen", "Reprint the chosen one (Enter)"),
                "shift.reprint_chosen",
                role="primary",
                on_click=self._reprint_chosen,
            )
        )
        self.right.addWidget(self.report)
        self.right.addWidget(reprint_page)
        row.addWidget(self.right, 1)
        return page

    # -- screen ------------------------------------------------------------------------------
    def title(self) -> str:
        return translate("ShiftScreen", "Shift")

    def keys(self) -> Keys:
        return SHIFT if self.till.shifts.current() is not None else NO_SHIFT

    def entered(self) -> None:
        shift = self.till.shifts.current()
        if shift is None:
            self.pages.setCurrentIndex(0)
            self.float_amount.clear()
            self.float_amount.setFocus()
            return
        self.pages.setCurrentIndex(1)
        opened = stored_time(shift.opened_at)
        now = self.till.clock.now()
        by = self._user_name(shift.user)
        self.info.setText(
            translate("ShiftScreen", "Shift {0} — {1}\nopened {2} by {3}\nfloat {4}").format(
                shift.number,
                shift.business_date,
                clock_time(opened, now) if opened else "",
                by,
                shift.opening_float.format(),
            )
        )
        self._show_documents()

    def focus_target(self) -> QWidget | None:
        return self.float_amount if self.pages.currentIndex() == 0 else self.documents

    def _user_name(self, email: str) -> str:
        try:
            return self.till.auth.user(email).name
        except BisamaError:
            return email

    def handle(self, action: str) -> bool:
        actions = {
            "open_shift": self._open_shift,
            "cash_in": lambda: self._cash_move(True),
            "cash_out": lambda: self._cash_move(False),
            "no_sale": self._no_sale,
            "x_report": self._x_report,
            "close_shift": self._close,
            "reprint": self._show_documents,
            "back": lambda: self.nav.go("sale" if self.till.shifts.current() else "shift"),
        }
        handler = actions.get(action)
        if handler is None:
            return False
        try:
            handler()
        except BisamaError as exc:
            self.message.error(str(exc))
        return True

    def _open_shift(self) -> None:
        if self.till.shifts.current() is not None:
            return
        amount = self.float_amount.amount() or Money.ZERO
        shift = self.till.shifts.open(amount)
        self.ctx.changed("shift")
        self.message.ok(
            translate("ShiftScreen", "Shift {0} is open with a float of {1}.").format(
                shift.number, amount.format()
            )
        )
        self.nav.go("sale")

    def _cash_move(self, into: bool) -> None:
        if self.till.shifts.current() is None:
            return

        def done(result: CashMoveResult) -> None:
            self.ctx.changed("shift")
            self.message.ok(
                translate("ShiftScreen", "{0} {1} recorded; the slip is printing.").format(
                    translate("ShiftScreen", "Cash in") if into else translate("ShiftScreen", "Cash out"),
                    result.amount.format(),
                )
            )

        self.nav.open_dialog(CashMoveDialog(self, self.till, into, done))

    def _no_sale(self) -> None:
        def done(_job: object) -> None:
            self.ctx.changed("print")
            self.message.ok(translate("ShiftScreen", "The drawer is opening (no sale, recorded)."))

        self.nav.open_dialog(
            ReasonDialog(
                self,
                self.till,
                "no_sale",
                title=translate("ShiftScreen", "Open the drawer (no sale)"),
                intro=translate(
                    "ShiftScreen", "Say why the drawer is opened; it is recorded with your name."
                ),
                call=lambda reason, ok: self.till.shifts.no_sale(reason, approval=ok),
                done=done,
                suggestions=(translate("ShiftScreen", "change for a customer"),),
                ok_text=translate("ShiftScreen", "Open drawer (Enter)"),
                what=translate("ShiftScreen", "Open the cash drawer with no sale (GH₵ 0.00 taken)"),
            )
        )

    def _x_report(self) -> None:
        figures = self.till.shifts.x_report()
        self.ctx.changed("print")
        self.show_report(figures)
        self.message.ok(translate("ShiftScreen", "X report printed. The shift stays open."))

    def show_report(self, figures: ShiftFigures) -> None:
        rows: list[tuple[str, str, bool]] = []
        for title, values in report_sections(figures, show_cash=True, name_of=self._user_name):
            rows.append((title, "", True))
            rows.extend((k, v, False) for k, v in values)
        self.report.setRowCount(len(rows))
        for i, (key, value, heading) in enumerate(rows):
            left, right = QTableWidgetItem(key), QTableWidgetItem(value)
            right.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if heading:
                font = left.font()
                font.setBold(True)
                left.setFont(font)
            self.report.setItem(i, 0, left)
            self.report.setItem(i, 1, right)
        self.right.setCurrentWidget(self.report)

    def _show_documents(self) -> None:
        self.documents.clear()
        now = self.till.clock.now()
        for doc in self.till.print_queue.recent(limit=60):
            when = stored_time(doc.created_at)
            state = {
                "waiting": translate("ShiftScreen", "waiting to print"),
                "skipped": translate("ShiftScreen", "skipped"),
            }.get(doc.status, "")
            text = f"{doc.reference}   {kind_name(doc.kind)}   {clock_time(when, now) if when else ''}"
            item = QListWidgetItem(text + (f"   ({state})" if state else ""))
            item.setData(Qt.ItemDataRole.UserRole, doc.reference)
            self.documents.addItem(item)
        if self.documents.count():
            self.documents.setCurrentRow(0)
        self.right.setCurrentIndex(1)

    def _reprint_chosen(self) -> None:
        if self.documents.currentRow() < 0:
            return
        item = self.documents.currentItem()
        reference = str(item.data(Qt.ItemDataRole.UserRole))
        self.till.print_queue.reprint(reference, self.till.clock.now(), self.till.auth.session.user.email)
        self.ctx.changed("print")
        self.message.ok(translate("ShiftScreen", "A copy of {0} is printing.").format(reference))

    def _close(self) -> None:
        if self.till.shifts.current() is not None:
            self.nav.go("count")
