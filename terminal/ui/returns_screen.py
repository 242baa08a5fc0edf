"""Returns and voids: find the sale by its receipt number (typed, or picked from the
shift's recent sales) or by scanning the receipt's QR code or barcode; choose lines and
quantities (damaged goods are not put back on the shelf), say why, refund to the
original payments or in cash — or void the whole sale. Refunds and voids need a
manager's PIN from a cashier."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import partial

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from shared.money import Money
from terminal.receipts import tender_label
from terminal.returns import RefundResult, ReturnItem, SoldReceipt, VoidResult
from terminal.ui.approval import attempt
from terminal.ui.context import UiContext
from terminal.ui.i18n import QT_TRANSLATE_NOOP, translate
from terminal.ui.line_dialogs import ReasonDialog
from terminal.ui.screen import Navigator, Screen
from terminal.ui.text import clock_time, qty, stored_time
from terminal.ui.widgets import MessageBar, RowFitter, button, label, named, panel, set_role

REASONS = (
    QT_TRANSLATE_NOOP("ReturnsScreen", "damaged"),
    QT_TRANSLATE_NOOP("ReturnsScreen", "wrong item"),
    QT_TRANSLATE_NOOP("ReturnsScreen", "expired"),
    QT_TRANSLATE_NOOP("ReturnsScreen", "changed mind"),
)


ROW_HEIGHT = 50  # the quantity field (40 px and its border) with room round it


class QtyBox(QStackedWidget):
    """A quantity to return: a spin box for whole units, a field with 3 decimals for
    weighed goods (never a float: the text is read as a ``Decimal``). By keyboard: digits
    type it, ↑/↓ add or take one, Enter goes on to the next line (``moved``)."""

    changed = Signal()
    moved = Signal(int)  # +1: Enter (on to the next line), -1: Shift+Enter (back)

    def __init__(self, name: str, left: Decimal, weighed: bool) -> None:
        super().__init__()
        self.left = left
        self.weighed = weighed
        self.spin = named(QSpinBox(), name, translate("ReturnsScreen", "Quantity to return"))
        self.spin.setProperty("role", "count")
        self.spin.setRange(0, int(left))
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.field = named(QLineEdit(), f"{name}.weight", translate("ReturnsScreen", "Weight to return"))
        self.field.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,6}([.,]\d{0,3})?$"), self)
        )
        self.field.setPlaceholderText("0.000")
        self.addWidget(self.field if weighed else self.spin)
        # In a table row (the view keeps the cell's padding round it): lower than a
        # field on its own, so its frame and number are drawn whole.
        self.setStyleSheet("QAbstractSpinBox, QLineEdit { min-height: 30px; }")
        self.spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.field.textChanged.connect(lambda _t: self.changed.emit())
        self.editor().installEventFilter(self)
        self.setFocusProxy(self.editor())

    def editor(self) -> QWidget:
        return self.field if self.weighed else self.spin

    def start_typing(self) -> None:
        editor = self.editor()
        editor.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(editor, (QSpinBox, QLineEdit)):
            editor.selectAll()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return, Qt.Key.Key_Enter
        ):
            if isinstance(obj, QSpinBox):
                obj.interpretText()
            self.moved.emit(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return True
        return False

    def quantity(self) -> Decimal:
        if not self.weighed:
            return Decimal(self.spin.value())
        text = self.field.text().strip().replace(",", ".")
        try:
            return min(Decimal(text or "0").quantize(Decimal("0.001")), self.left)
        except InvalidOperation:
            return Decimal(0)

    def set_all(self) -> None:
        if self.weighed:
            self.field.setText(qty(self.left))
        else:
            self.spin.setValue(int(self.left))


class ReturnsScreen(Screen):
    screen_id = "returns"
    accepts_scans = True

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.receipt: SoldReceipt | None = None
        self.boxes: list[QtyBox] = []
        outer = QHBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        outer.setSpacing(12)
        # -- left: find
        left = QVBoxLayout()
        find = QHBoxLayout()
        self.code = named(
            QLineEdit(),
            "returns.receipt",
            translate("ReturnsScreen", "Receipt number or code"),
            translate("ReturnsScreen", "Type the receipt number, or scan the receipt's QR code or barcode."),
        )
        set_role(self.code, "code")
        self.code.setPlaceholderText(translate("ReturnsScreen", "Receipt number, or scan the receipt"))
        self.code.returnPressed.connect(self._find_typed)
        self.code.setMinimumWidth(150)
        find.addWidget(self.code, 1)
        find.addWidget(
            button(
                translate("ReturnsScreen", "Find"), "returns.find", role="primary", on_click=self._find_typed
            )
        )
        left.addLayout(find)
        left.addWidget(label(translate("ReturnsScreen", "Sales of this shift"), "subheading"))
        self.recent = named(
            QListWidget(), "returns.recent", translate("ReturnsScreen", "Sales of this shift")
        )
        self.recent.itemActivated.connect(self._pick_recent)
        self.recent.itemClicked.connect(self._pick_recent)
        left.addWidget(self.recent, 1)
        self.recent.setFixedWidth(230)
        self.recent.setWordWrap(True)
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addLayout(left, 0)
        # -- right: the sale
        right_panel = panel("returns.sale")
        right = QVBoxLayout(right_panel)
        right.setContentsMargins(12, 10, 12, 10)
        self.message = MessageBar("returns.message")
        right.addWidget(self.message)
        self.heading = label(
            translate("ReturnsScreen", "Find a sale to return or void."), "subheading", wrap=True
        )
        self.heading.setObjectName("returns.heading")
        right.addWidget(self.heading)
        self.detail = label("", "muted", wrap=True)
        self.detail.setObjectName("returns.detail")
        right.addWidget(self.detail)
        self.lines = named(
            QTableWidget(0, 6), "returns.lines", translate("ReturnsScreen", "Lines of the sale")
        )
        self.lines.setHorizontalHeaderLabels(
            [
                translate("ReturnsScreen", "Item"),
                translate("ReturnsScreen", "Price"),
                translate("ReturnsScreen", "Sold"),
                translate("ReturnsScreen", "Back"),
                translate("ReturnsScreen", "Return"),
                translate("ReturnsScreen", "Damaged"),
            ]
        )
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 82), (2, 74), (3, 60), (4, 104), (5, 96)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        self.lines.setWordWrap(True)
        self.lines.verticalHeader().hide()
        # Each row as tall as its name needs (two or three lines at 1024 px), never less
        # than the quantity field in it.
        self.row_fitter = RowFitter(self.lines, (0,), ROW_HEIGHT)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        right.addWidget(self.lines, 1)
        self.reason = named(
            QLineEdit(), "returns.reason", translate("ReturnsScreen", "Reason for the return")
        )
        self.reason.setPlaceholderText(translate("ReturnsScreen", "Why is it returned? (or tap a reason)"))
        right.addWidget(self.reason)
        reasons = QHBoxLayout()
        for text in REASONS:
            reasons.addWidget(
                button(
                    translate("ReturnsScreen", text),
                    f"returns.reason.{text.replace(' ', '_')}",
                    on_click=partial(self.reason.setText, translate("ReturnsScreen", text)),
                )
            )
        right.addLayout(reasons)
        how = QHBoxLayout()
        self.to_group = QButtonGroup(self)
        self.to_original = button(
            translate("ReturnsScreen", "Refund to original payment"),
            "returns.to.original",
            role="choice",
            checkable=True,
        )
        self.to_cash = button(
            translate("ReturnsScreen", "Refund in cash"), "returns.to.cash", role="choice", checkable=True
        )
        self.to_original.setChecked(True)
        for b in (self.to_original, self.to_cash):
            self.to_group.addButton(b)
            how.addWidget(b)
        right.addLayout(how)
        # What the refund comes to, worked out as the refund will be, before F6.
        self.refund_total = label(translate("ReturnsScreen", "Refund: nothing chosen yet"), "subheading")
        self.refund_total.setObjectName("returns.refund_total")
        self.refund_total.setAccessibleName(translate("ReturnsScreen", "Refund total"))
        right.addWidget(self.refund_total)
        actions = QHBoxLayout()
        actions.addWidget(
            button(
                translate("ReturnsScreen", "F5  Return all"),
                "returns.all",
                accessible=translate("ReturnsScreen", "Return all"),
                on_click=lambda: self.handle("all_lines"),
            )
        )
        actions.addWidget(
            button(
                translate("ReturnsScreen", "F7  Void sale"),
                "returns.void",
                role="danger",
                accessible=translate("ReturnsScreen", "Void sale"),
                on_click=lambda: self.handle("void"),
            )
        )
        actions.addWidget(
            button(
                translate("ReturnsScreen", "F6  Refund"),
                "returns.refund",
                role="pay",
                accessible=translate("ReturnsScreen", "Refund"),
                on_click=lambda: self.handle("refund"),
            ),
            1,
        )
        right.addLayout(actions)
        outer.addWidget(right_panel, 3)

    def title(self) -> str:
        return translate("ReturnsScreen", "Returns")

    def entered(self) -> None:
        self._load_recent()
        self.code.setFocus()
        self.code.selectAll()

    def on_scan(self, code: str) -> None:
        self.find_sale(code)

    def _load_recent(self) -> None:
        self.recent.clear()
        shift = self.till.shifts.current()
        if shift is None:
            return
        now = self.till.clock.now()
        for sale in self.till.history.recent(limit=40, shift_id=shift.id):
            when = stored_time(sale.created_at)
            status = (
                translate("ReturnsScreen", " — VOIDED")
                if sale.status == "voided"
                else (
                    translate("ReturnsScreen", " — returned {0}").format(sale.returned.format())
                    if not sale.returned.is_zero
                    else ""
                )
            )
            text = (
                f"{sale.receipt_no}\n{clock_time(when, now) if when else ''} · {sale.gross.format()}{status}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, sale.receipt_no)
            self.recent.addItem(item)

    def _pick_recent(self, item: QListWidgetItem) -> None:
        self.find_sale(str(item.data(Qt.ItemDataRole.UserRole)))

    def _find_typed(self) -> None:
        if self.code.text().strip():
            self.find_sale(self.code.text())

    def find_sale(self, text: str) -> None:
        """Show the sale of a receipt number or receipt QR code."""
        try:
            receipt = self.till.returns.find(text)
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.message.clear_message()
        self.code.setText(receipt.receipt_no)
        self.show_receipt(receipt)

    def show_receipt(self, receipt: SoldReceipt) -> None:
        self.receipt = receipt
        sale = receipt.sale
        state = (
            translate("ReturnsScreen", "VOIDED")
            if receipt.status == "voided"
            else translate("ReturnsScreen", "completed")
        )
        self.heading.setText(
            translate("ReturnsScreen", "Receipt {0} — {1} — {2}").format(
                receipt.receipt_no, sale.totals.gross.format(), state
            )
        )
        paid = ", ".join(f"{tender_label(t)} {t.amount.format()}" for t in sale.tenders)
        who = sale.customer.name if sale.customer else translate("ReturnsScreen", "walk-in")
        self.detail.setText(
            translate("ReturnsScreen", "Business date {0}; customer {1}; paid {2}.").format(
                receipt.business_date, who, paid
            )
        )
        self.lines.setRowCount(len(receipt.lines))
        self.boxes = []
        for row, line in enumerate(receipt.lines):
            self.lines.setItem(row, 0, QTableWidgetItem(f"{line.name} ({line.unit})"))
            # The price paid for one (after discounts, with tax), as the receipt shows it.
            price = line.gross.scale(1, line.sold) if line.sold else line.gross
            for col, text in (
                (1, price.format("")), (2, qty(line.sold)), (3, qty(line.returned))
            ):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.lines.setItem(row, col, item)
            weighed = line.sold != line.sold.to_integral_value() or line.left != line.left.to_integral_value()
            box = QtyBox(f"returns.qty.{line.line_no}", line.left, weighed)
            box.setEnabled(receipt.status == "completed" and line.left > 0)
            box.changed.connect(self._show_refund_total)
            box.moved.connect(partial(self._next_box, row))
            self.lines.setCellWidget(row, 4, box)
            self.boxes.append(box)
            damaged = named(
                QCheckBox(),
                f"returns.damaged.{line.line_no}",
                translate("ReturnsScreen", "Damaged, do not put back on the shelf"),
            )
            self.lines.setCellWidget(row, 5, damaged)
        self.row_fitter.fit()
        self._show_refund_total()
        first = next((b for b in self.boxes if b.isEnabled()), None)
        if first is not None and self.isVisible():
            self._focus_box(self.boxes.index(first))

    def _focus_box(self, row: int) -> None:
        self.lines.scrollTo(self.lines.model().index(row, 4))
        self.boxes[row].start_typing()

    def _next_box(self, row: int, step: int) -> None:
        """Enter in a line's quantity: on to the next line that can be returned; after
        the last one, the reason (then F6 refunds)."""
        n = row + step
        while 0 <= n < len(self.boxes) and not self.boxes[n].isEnabled():
            n += step
        if 0 <= n < len(self.boxes):
            self._focus_box(n)
        elif step > 0:
            self.reason.setFocus(Qt.FocusReason.TabFocusReason)
            self.reason.selectAll()

    def refund_amount(self) -> Money | None:
        """The refund the chosen quantities come to, or None when nothing is chosen."""
        items = self._items()
        if self.receipt is None or not items:
            return None
        return self.till.returns.preview(self.receipt, items)

    def _show_refund_total(self) -> None:
        try:
            amount = self.refund_amount()
        except BisamaError as exc:
            self.refund_total.setText(str(exc))
            return
        if amount is None:
            self.refund_total.setText(translate("ReturnsScreen", "Refund: nothing chosen yet"))
            return
        # Counted as "Items" on the sale screen: a weighed line is one item.
        units = sum(
            (i.qty if i.qty == i.qty.to_integral_value() else Decimal(1) for i in self._items()), Decimal(0)
        )
        self.refund_total.setText(
            translate("ReturnsScreen", "Refund {0} for {1} item(s)").format(amount.format(), qty(units))
        )

    def _items(self) -> list[ReturnItem]:
        items: list[ReturnItem] = []
        if self.receipt is None:
            return items
        for row, line in enumerate(self.receipt.lines):
            box = self.lines.cellWidget(row, 4)
            damaged = self.lines.cellWidget(row, 5)
            if isinstance(box, QtyBox) and box.quantity() > 0:
                restock = not (isinstance(damaged, QCheckBox) and damaged.isChecked())
                items.append(ReturnItem(line.line_no, box.quantity(), restock=restock))
        return items

    def handle(self, action: str) -> bool:
        if action == "find":
            self._find_typed()
        elif action == "all_lines":
            self._all()
        elif action == "refund":
            self._refund()
        elif action == "void":
            self._void()
        elif action == "back":
            self.nav.go("sale")
        else:
            return False
        return True

    def _all(self) -> None:
        if self.receipt is None:
            return
        for row, line in enumerate(self.receipt.lines):
            box = self.lines.cellWidget(row, 4)
            if isinstance(box, QtyBox) and line.left > 0:
                box.set_all()

    def _refund(self) -> None:
        receipt = self.receipt
        if receipt is None:
            self.message.error(
                translate(
                    "ReturnsScreen", "Find the sale first: type the receipt number or scan the receipt."
                )
            )
            return
        items = self._items()
        if not items:
            self.message.error(translate("ReturnsScreen", "Set the quantity to return on at least one line."))
            return
        reason = self.reason.text()
        if not reason.strip():
            # Asked before the manager is called over, not after.
            self.message.error(
                translate("ReturnsScreen", "Say why the goods are returned (tap a reason or type it).")
            )
            self.reason.setFocus()
            return
        to = "cash" if self.to_cash.isChecked() else "original"
        amount = self.refund_amount()
        attempt(
            self,
            self.till,
            lambda ok: self.till.returns.refund(receipt.receipt_no, items, reason=reason, to=to, approval=ok),
            done=self._refunded,
            error=self.message.error,
            open_dialog=self.nav.open_dialog,
            what=translate("ReturnsScreen", "A refund of {0} on receipt {1} ({2}): {3}").format(
                amount.format() if amount else "—",
                receipt.receipt_no,
                translate("ReturnsScreen", "in cash") if to == "cash"
                else translate("ReturnsScreen", "to the original payment"),
                ", ".join(
                    f"{qty(i.qty)} × {next(ln.name for ln in receipt.lines if ln.line_no == i.line_no)}"
                    for i in items
                ),
            ),
        )

    def _refunded(self, result: RefundResult) -> None:
        self.ctx.changed("refund")
        cash_back = sum((t.amount.pesewas for t in result.tenders if t.method == "cash"), 0)
        how = ", ".join(f"{tender_label(t)} {t.amount.format()}" for t in result.tenders)
        text = translate("ReturnsScreen", "Refund {0}: {1} ({2}). The refund slip is printing.").format(
            result.refund_no, result.gross.format(), how
        )
        if cash_back:
            text += " " + translate("ReturnsScreen", "Give the customer the cash.")
        self.reason.clear()
        if self.receipt is not None:
            self.find_sale(self.receipt.receipt_no)
        self._load_recent()
        self.message.ok(text)

    def _void(self) -> None:
        receipt = self.receipt
        if receipt is None:
            self.message.error(
                translate(
                    "ReturnsScreen", "Find the sale first: type the receipt number or scan the receipt."
                )
            )
            return
        self.nav.open_dialog(
            ReasonDialog(
                self,
                self.till,
                "void",
                title=translate("ReturnsScreen", "Void sale {0}").format(receipt.receipt_no),
                intro=translate(
                    "ReturnsScreen", "The whole sale of {0} is cancelled and its payment given back. Say why."
                ).format(receipt.sale.totals.gross.format()),
                call=lambda reason, ok: self.till.returns.void(
                    receipt.receipt_no, reason=reason, approval=ok
                ),
                done=self._voided,
                suggestions=(
                    translate("ReturnsScreen", "rang up twice"),
                    translate("ReturnsScreen", "customer left"),
                ),
                ok_text=translate("ReturnsScreen", "Void the sale"),
                destructive=True,
                keep_text=translate("ReturnsScreen", "Keep the sale (Esc)"),
                what=translate("ReturnsScreen", "Void the whole sale {0}: {1} given back").format(
                    receipt.receipt_no, receipt.sale.totals.gross.format()
                ),
            )
        )

    def _voided(self, result: object) -> None:
        assert isinstance(result, VoidResult)
        self.ctx.changed("void")
        self.find_sale(result.receipt_no)
        self._load_recent()
        self.message.ok(
            translate("ReturnsScreen", "Sale {0} is voided ({1}). The void slip is printing.").format(
                result.receipt_no, result.gross.format()
            )
        )
