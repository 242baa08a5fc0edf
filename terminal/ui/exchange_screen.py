"""Exchange: the customer brings goods back and takes others in one step. The new goods
are rung up on the sale screen as usual (the cart); here the cashier finds the original
receipt, chooses what comes back, says why, and completes: the return and the new sale
are recorded together (``ReturnService.exchange``), the refund counting as cash handed
over. When the new goods cost more the customer pays the difference (cash, MoMo or card);
when they cost less the difference is given back in cash. A cashier needs a manager's
PIN, as for any refund."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from shared.money import Money, total
from shared.returns import Returned, refund_line
from terminal.returns import ExchangeResult, ReturnItem, SoldReceipt
from terminal.tenders import TenderInput
from terminal.ui.approval import attempt
from terminal.ui.context import UiContext
from terminal.ui.i18n import translate
from terminal.ui.pay_box import PayBox
from terminal.ui.returns_screen import REASONS, QtyBox
from terminal.ui.screen import Navigator, Screen
from terminal.ui.text import qty
from terminal.ui.widgets import (
    FitLabel,
    MessageBar,
    RowFitter,
    button,
    figure_row,
    label,
    named,
    panel,
    set_role,
)


class ExchangeScreen(Screen):
    screen_id = "exchange"
    accepts_scans = True

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.receipt: SoldReceipt | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        outer.setSpacing(12)
        # -- left: what comes back
        back = panel("exchange.returned")
        col = QVBoxLayout(back)
        col.setContentsMargins(12, 10, 12, 10)
        self.message = MessageBar("exchange.message")
        col.addWidget(self.message)
        find = QHBoxLayout()
        self.code = named(
            QLineEdit(),
            "exchange.receipt",
            translate("ExchangeScreen", "Receipt number or code"),
            translate("ExchangeScreen", "Type the receipt number, or scan the receipt."),
        )
        set_role(self.code, "code")
        self.code.setPlaceholderText(translate("ExchangeScreen", "Receipt of the goods brought back"))
        self.code.returnPressed.connect(self._find_typed)
        find.addWidget(self.code, 1)
        find.addWidget(
            button(
                translate("ExchangeScreen", "Find"),
                "exchange.find",
                role="primary",
                on_click=self._find_typed,
            )
        )
        col.addLayout(find)
        self.heading = label(
            translate("ExchangeScreen", "Find the receipt of the goods brought back."),
            "subheading",
            wrap=True,
        )
        self.heading.setObjectName("exchange.heading")
        col.addWidget(self.heading)
        self.lines = named(
            QTableWidget(0, 4), "exchange.lines", translate("ExchangeScreen", "Lines of the sale")
        )
        self.lines.setHorizontalHeaderLabels(
            [
                translate("ExchangeScreen", "Item"),
                translate("ExchangeScreen", "Can return"),
                translate("ExchangeScreen", "Bring back"),
                translate("ExchangeScreen", "Damaged"),
            ]
        )
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c, width in ((1, 115), (2, 120), (3, 105)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(c, width)
        self.lines.verticalHeader().hide()
        self.lines.verticalHeader().setDefaultSectionSize(50)
        self.lines.setWordWrap(True)
        self.row_fitter = RowFitter(self.lines, (0,), 50)  # long names wrap, the row grows
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        col.addWidget(self.lines, 1)
        self.reason = named(
            QLineEdit(), "exchange.reason", translate("ExchangeScreen", "Reason for the return")
        )
        self.reason.setPlaceholderText(
            translate("ExchangeScreen", "Why is it brought back? (or tap a reason)")
        )
        col.addWidget(self.reason)
        reasons = QHBoxLayout()
        for text in REASONS:
            reasons.addWidget(
                button(
                    translate("ReturnsScreen", text),
                    f"exchange.reason.{text.replace(' ', '_')}",
                    on_click=partial(self.reason.setText, translate("ReturnsScreen", text)),
                )
            )
        col.addLayout(reasons)
        col.addWidget(
            button(
                translate("ExchangeScreen", "F5  Bring back all"),
                "exchange.all",
                accessible=translate("ExchangeScreen", "Bring back all"),
                on_click=lambda: self.handle("all_lines"),
            )
        )
        outer.addWidget(back, 3)
        # -- right: the new goods and the difference
        side = panel("exchange.difference")
        right = QVBoxLayout(side)
        right.setContentsMargins(14, 10, 14, 10)
        right.addWidget(label(translate("ExchangeScreen", "The exchange"), "heading"))
        self.cart_text = label("", "muted", wrap=True)
        self.cart_text.setObjectName("exchange.cart")
        right.addWidget(self.cart_text)
        grid = QGridLayout()
        self.new_total = figure_row(grid, 0, translate("ExchangeScreen", "New goods"), "exchange.new")
        self.back_caption = label(translate("ExchangeScreen", "Goods back"), "figure-label")
        self.back_total = named(
            label("", "figure"), "exchange.back", translate("ExchangeScreen", "Goods back")
        )
        grid.addWidget(self.back_caption, 1, 0)
        grid.addWidget(self.back_total, 1, 1)
        self.diff_caption = label(translate("ExchangeScreen", "Difference"), "subheading")
        grid.addWidget(self.diff_caption, 2, 0, 1, 2)
        right.addLayout(grid)
        self.diff = FitLabel("exchange.diff", translate("ExchangeScreen", "Difference"), "due", max_px=40)
        right.addWidget(self.diff)
        self.pay_caption = label(translate("ExchangeScreen", "Paid with"), "subheading", wrap=True)
        right.addWidget(self.pay_caption)
        self.pay = PayBox("exchange", ("F6", "F7", "F8"))
        right.addWidget(self.pay)
        right.addStretch(1)
        right.addWidget(
            button(
                translate("ExchangeScreen", "Esc  Back to the cart"),
                "exchange.back_button",
                accessible=translate("ExchangeScreen", "Back to the cart"),
                on_click=lambda: self.handle("back"),
            )
        )
        right.addWidget(
            button(
                translate("ExchangeScreen", "F12  Exchange"),
                "exchange.complete",
                role="pay",
                accessible=translate("ExchangeScreen", "Exchange"),
                on_click=lambda: self.handle("complete"),
            )
        )
        side.setFixedWidth(380)
        outer.addWidget(side)

    def title(self) -> str:
        return translate("ExchangeScreen", "Exchange")

    def entered(self) -> None:
        self.message.clear_message()
        self._recompute()
        if self.till.sales.view().empty:
            self.message.info(
                translate(
                    "ExchangeScreen",
                    "Ring up the new goods on the sale screen first (Esc), then come back here.",
                )
            )
        self.code.setFocus()
        self.code.selectAll()

    def focus_target(self) -> QWidget | None:
        return self.code

    def on_scan(self, code: str) -> None:
        self.find_sale(code)

    def handle(self, action: str) -> bool:
        if action == "find":
            self._find_typed()
        elif action == "all_lines":
            self._all()
        elif action == "complete":
            self._exchange()
        elif action in ("cash", "momo", "card"):
            self.pay.set_method(action)
        elif action == "back":
            self.nav.go("sale")
        else:
            return False
        return True

    # -- the receipt -------------------------------------------------------------------
    def _find_typed(self) -> None:
        if self.code.text().strip():
            self.find_sale(self.code.text())

    def find_sale(self, text: str) -> None:
        try:
            receipt = self.till.returns.find(text)
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.message.clear_message()
        self.code.setText(receipt.receipt_no)
        self.receipt = receipt
        self.heading.setText(
            translate("ExchangeScreen", "Receipt {0} of {1} — {2}").format(
                receipt.receipt_no, receipt.business_date, receipt.sale.totals.gross.format()
            )
        )
        self.lines.setRowCount(len(receipt.lines))
        for row, line in enumerate(receipt.lines):
            self.lines.setItem(row, 0, QTableWidgetItem(f"{line.name} ({line.unit})"))
            left = QTableWidgetItem(qty(line.left))
            left.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.lines.setItem(row, 1, left)
            weighed = line.sold != line.sold.to_integral_value() or line.left != line.left.to_integral_value()
            box = QtyBox(f"exchange.qty.{line.line_no}", line.left, weighed)
            box.setEnabled(receipt.status == "completed" and line.left > 0)
            box.spin.valueChanged.connect(lambda _v: self._recompute())
            box.field.textChanged.connect(lambda _t: self._recompute())
            self.lines.setCellWidget(row, 2, box)
            self.lines.setCellWidget(
                row,
                3,
                named(
                    QCheckBox(),
                    f"exchange.damaged.{line.line_no}",
                    translate("ExchangeScreen", "Damaged, not back on the shelf"),
                ),
            )
        self._recompute()

    def _all(self) -> None:
        for row in range(self.lines.rowCount()):
            box = self.lines.cellWidget(row, 2)
            if isinstance(box, QtyBox) and box.isEnabled():
                box.set_all()
        self._recompute()

    def items(self) -> list[ReturnItem]:
        out: list[ReturnItem] = []
        if self.receipt is None:
            return out
        for row, line in enumerate(self.receipt.lines):
            box = self.lines.cellWidget(row, 2)
            damaged = self.lines.cellWidget(row, 3)
            if isinstance(box, QtyBox) and box.quantity() > 0:
                out.append(
                    ReturnItem(
                        line.line_no,
                        box.quantity(),
                        restock=not (isinstance(damaged, QCheckBox) and damaged.isChecked()),
                    )
                )
        return out

    def goods_back(self) -> tuple[Money, bool]:
        """What the goods brought back refund, and whether that is exact: a line never
        returned before is worked out as the return will be (``shared.returns``); a line
        partly returned before is shown in proportion (the exact figure is made when the
        exchange is recorded)."""
        if self.receipt is None:
            return Money.ZERO, True
        by_line = {ln.line_no: ln for ln in self.receipt.lines}
        sold = {ln.line_no: ln for ln in self.receipt.sale.lines}
        amounts: list[Money] = []
        exact = True
        for item in self.items():
            line = by_line[item.line_no]
            if line.returned == 0 and item.line_no in sold:
                amounts.append(
                    refund_line(sold[item.line_no], item.qty, Returned(), restock=item.restock).gross
                )
            elif line.sold > Decimal(0):
                amounts.append(line.gross.scale(item.qty, line.sold))
                exact = False
        return total(amounts), exact

    def _recompute(self) -> None:
        cart = self.till.sales.view()
        self.cart_text.setText(
            translate("ExchangeScreen", "Lines in the cart: {0}").format(len(cart.lines))
            if not cart.empty
            else translate("ExchangeScreen", "The cart is empty: ring up the new goods first.")
        )
        back, exact = self.goods_back()
        self.back_caption.setText(
            translate("ExchangeScreen", "Goods back")
            if exact
            else translate("ExchangeScreen", "Goods back (about)")
        )
        self.new_total.setText(cart.total.format())
        self.back_total.setText(back.format())
        diff = cart.total - back
        if diff.pesewas > 0:
            self.diff_caption.setText(translate("ExchangeScreen", "The customer pays"))
            self.pay_caption.show()
            self.pay.show()
            self.pay.suggest(diff)
        else:
            self.diff_caption.setText(translate("ExchangeScreen", "Give back in cash"))
            self.pay_caption.hide()
            self.pay.hide()
        self.diff.setText(abs(diff).format())

    # -- completing --------------------------------------------------------------------
    def _exchange(self) -> None:
        receipt = self.receipt
        if receipt is None:
            self.message.error(
                translate("ExchangeScreen", "Find the receipt of the goods brought back first.")
            )
            return
        if self.till.sales.view().empty:
            self.message.error(translate("ExchangeScreen", "The cart is empty: ring up the new goods first."))
            return
        items = self.items()
        if not items:
            self.message.error(translate("ExchangeScreen", "Set how many come back on at least one line."))
            return
        reason = self.reason.text().strip()
        if not reason:
            self.message.error(translate("ExchangeScreen", "Say why the goods are brought back."))
            self.reason.setFocus()
            return
        tenders: list[TenderInput] = []
        if (self.till.sales.view().total - self.goods_back()[0]).pesewas > 0:
            try:
                tenders = [self.pay.tender()]
            except BisamaError as exc:
                self.message.error(str(exc))
                return
        attempt(
            self,
            self.till,
            lambda ok: self.till.returns.exchange(
                receipt.receipt_no, items, reason=reason, tenders=tenders, approval=ok
            ),
            done=self._done,
            error=self.message.error,
            open_dialog=self.nav.open_dialog,
            what=translate(
                "ExchangeScreen", "An exchange on receipt {0}: goods back {1}, new goods {2}"
            ).format(
                receipt.receipt_no, self.goods_back()[0].format(), self.till.sales.view().total.format()
            ),
        )

    def _done(self, result: ExchangeResult) -> None:
        self.ctx.changed("sale")
        self.ctx.changed("refund")
        self.receipt = None
        self.lines.setRowCount(0)
        self.reason.clear()
        self.code.clear()
        self.pay.clear()
        self._recompute()
        sale = result.sale
        text = translate("ExchangeScreen", "Exchange done: return {0} ({1}) and sale {2} ({3}).").format(
            result.refund.refund_no, result.refund.gross.format(), sale.receipt_no, sale.total.format()
        )
        if sale.change.pesewas > 0:
            text += " " + translate("ExchangeScreen", "Give the customer {0} in cash.").format(
                sale.change.format()
            )
        text += " " + translate("ExchangeScreen", "The receipts are printing.")
        self.message.ok(text)
