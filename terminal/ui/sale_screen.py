"""The sale screen: the code box (scanner or typed code, ``3*CODE`` for three), instant
name search, the cart table, the line and sale actions on the F-keys, and the totals.

Every change goes through ``SaleService`` and the screen shows the ``CartView`` it
returns — priced exactly as the sale will be. A scanner works whenever this screen is up
(see ``scan_router``); a receipt's QR code scanned here opens the return.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
)

from hardware.print_queue import PrinterState
from hardware.worker import ADVICE, HEADLINE, DrawerNotice, PrinterNotice
from shared.errors import BisamaError, InvalidAmount
from shared.money import Money, quantity
from shared.payloads import SaleLine
from shared.tax import sale_day
from terminal.cart import CartView
from terminal.catalogue import Product
from terminal.errors import CartError, NoOpenShift, NotFound
from terminal.receipts import parse_qr
from terminal.sale import SaleResult
from terminal.ui.approval import attempt
from terminal.ui.cart_model import CartModel, SearchModel
from terminal.ui.context import UiContext
from terminal.ui.customer_dialog import CustomerDialog
from terminal.ui.i18n import translate
from terminal.ui.line_dialogs import (
    ConfirmDialog,
    DiscountDialog,
    ParkDialog,
    PriceDialog,
    QuantityDialog,
    ReasonDialog,
    RecallDialog,
    UnitDialog,
    WeightDialog,
)
from terminal.ui.quick_keys_dialog import PriceCheckDialog, QuickKeysDialog
from terminal.ui.receipt_sms_dialog import ReceiptSmsDialog
from terminal.ui.screen import Navigator, Screen
from terminal.ui.text import qty
from terminal.ui.totals_panel import TotalsPanel
from terminal.ui.widgets import MessageBar, RowFitter, button, named, set_role

ROW_HEIGHT = 38  # a cart line a finger can pick
RECEIPT_NO = re.compile(r"^[A-Z0-9_]+-[A-Z0-9_]+-\d{6}$")  # MAIN-T01-000123
QTY_CODE = re.compile(r"^(\d{1,6}(?:[.,]\d{1,3})?)\s*[*xX×]\s*(\S+)$")


def split_quantity(text: str) -> tuple[Decimal | None, str]:
    """``3*6030010001371`` → (3, code); a plain code → (None, code)."""
    match = QTY_CODE.match(text.strip())
    if match is None:
        return None, text.strip()
    try:
        return quantity(match.group(1).replace(",", ".")), match.group(2)
    except InvalidAmount:
        return None, text.strip()


class SaleScreen(Screen):
    screen_id = "sale"
    accepts_scans = True

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.view: CartView | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)  # coalesce keys already queued, then search at once
        self._search_timer.timeout.connect(self._search_now)
        # The last sale's receipt and drawer, as the printer reports them (issue [8]).
        self._last_receipt: str | None = None
        self._drawer_opened: str | None = None
        # Whose sale and which shift the change panel and banner speak of: another user
        # or another shift on this screen starts clean.
        self._last_sale_owner: tuple[str, str] | None = None
        ctx.printer.drawer_news.connect(self._drawer_news)
        ctx.printer.notice_changed.connect(self._printer_news)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        outer.setSpacing(10)
        left = QVBoxLayout()
        left.setSpacing(8)
        entry = QHBoxLayout()
        self.code = named(
            QLineEdit(),
            "sale.code",
            translate("SaleScreen", "Barcode or code"),
            translate("SaleScreen", "Scan, or type a barcode or SKU and press Enter; 3*CODE adds three."),
        )
        set_role(self.code, "code")
        self.code.setPlaceholderText(translate("SaleScreen", "Scan or type a code"))
        self.code.returnPressed.connect(self._code_entered)
        self.code.installEventFilter(self)
        self.search = named(
            QLineEdit(),
            "sale.search",
            translate("SaleScreen", "Search by name"),
            translate("SaleScreen", "Type part of a name; results appear as you type."),
        )
        self.search.setPlaceholderText(translate("SaleScreen", "F2  Search by name"))
        self.search.setMinimumHeight(52)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.installEventFilter(self)
        entry.addWidget(self.code, 3)
        entry.addWidget(self.search, 2)
        left.addLayout(entry)
        self.message = MessageBar("sale.message")
        left.addWidget(self.message)
        self.stack = QStackedWidget()
        self.model = CartModel()
        self.table = self._table("sale.cart", translate("SaleScreen", "Cart"), self.model)
        widths = (46, 0, 100, 82, 68, 92)  # "#" holds "30" whole (issue [8]: no "…" line numbers)
        header = self.table.horizontalHeader()
        for col, width in enumerate(widths):
            if width:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(col, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # A long name takes a second line rather than ending in "…": each row is as tall
        # as its name needs, never less than a finger's height.
        self.table.setWordWrap(True)
        self.row_fitter = RowFitter(self.table, (1,), ROW_HEIGHT)
        self.results_model = SearchModel()
        self.results = self._table(
            "sale.search_results", translate("SaleScreen", "Search results"), self.results_model
        )
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 110), (2, 80), (3, 100), (4, 90)):
            self.results.horizontalHeader().resizeSection(col, width)
        self.results.setWordWrap(True)
        self.results_fitter = RowFitter(self.results, (0,), ROW_HEIGHT)
        self.results.activated.connect(lambda _i: self._add_chosen())
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.results)
        left.addWidget(self.stack, 1)
        # Touch ways to the grid and the price check (Ctrl+G, Ctrl+I), under the cart where
        # they take no room from the code box; they never take the focus.
        touch_row = QHBoxLayout()
        for action, text, accessible in (
            ("quick_keys", translate("SaleScreen", "Ctrl+G  Quick keys"),
             translate("SaleScreen", "Quick keys")),
            ("price_check", translate("SaleScreen", "Ctrl+I  Price check"),
             translate("SaleScreen", "Price check")),
        ):
            touch = button(text, f"sale.{action}", accessible=accessible,
                           on_click=partial(self.handle, action))
            touch.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            touch_row.addWidget(touch)
        touch_row.addStretch(1)
        left.addLayout(touch_row)
        outer.addLayout(left, 1)
        self.totals = TotalsPanel()
        self.totals.setFixedWidth(340)
        self.totals.customer_clicked.connect(lambda: self.handle("customer"))
        self.totals.pay_clicked.connect(lambda: self.handle("pay"))
        self.totals.price_list_chosen.connect(self._price_list)
        outer.addWidget(self.totals)

    def _table(self, name: str, accessible: str, model: QAbstractItemModel) -> QTableView:
        table = named(QTableView(), name, accessible)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(38)
        table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        table.setWordWrap(False)
        return table

    # -- screen --------------------------------------------------------------------------
    def title(self) -> str:
        return translate("SaleScreen", "Sale")

    def entered(self) -> None:
        self.totals.set_price_lists(self.till.catalogue.price_lists())
        shift = self.till.shifts.current()
        if shift is None:
            self.nav.go("shift")
            return
        if self._last_sale_owner != (shift.id, self.till.auth.session.user.email):
            self.forget_last_sale()
        # The rates in force now: a sale's own time decides its tax regime, not its shift's date.
        self.totals.set_rates(self.till.settings.profile().regime_on(sale_day(self.till.clock.now())))
        self._safely(lambda: self._show(self.till.sales.view()))
        self.code.setFocus()

    def on_scan(self, code: str) -> None:
        self.add_code(code)

    # -- adding ----------------------------------------------------------------------------
    def _code_entered(self) -> None:
        text = self.code.text()
        self.code.clear()
        if text.strip():
            self.add_code(text)

    def add_code(self, text: str) -> None:
        """A scanned or typed code: barcode, scale label, SKU, ``N*CODE``, or a receipt."""
        self.forget_last_sale()  # the next customer: the last sale's change and banner go
        if parse_qr(text) is not None:
            self.nav.start_return(text.strip())
            return
        count, code = split_quantity(text)
        try:
            found = self.till.catalogue.scan(code)
            if found.product.weighed and found.qty is None and found.label_price is None and count is None:
                self._ask_weight(found.product, lambda w: self.till.sales.scan(code, w))
                return
            view = self.till.sales.scan(code, count)
        except NoOpenShift:
            self.nav.go("shift")
            return
        except NotFound as exc:
            if count is None and RECEIPT_NO.match(code) and self._is_receipt(code):
                self.nav.start_return(code)  # the barcode printed under the receipt's QR code
                return
            self.error(str(exc))
            QApplication.beep()
            return
        except BisamaError as exc:
            self.error(str(exc))
            QApplication.beep()
            return
        self._show(view, found.product.sku)

    def _is_receipt(self, code: str) -> bool:
        try:
            self.till.returns.find(code)
        except BisamaError:
            return False
        return True

    def _ask_weight(self, product: Product, add: Callable[[Decimal], CartView]) -> None:
        self.nav.open_dialog(
            WeightDialog(self, product.name, product.base_unit, lambda w: self._show(add(w), product.sku))
        )

    def _add_chosen(self) -> None:
        index = self.results.currentIndex()
        if not index.isValid():
            return
        product = self.results_model.rows[index.row()][0]
        self._close_search()
        self.forget_last_sale()
        if product.weighed:
            self._ask_weight(product, lambda w: self.till.sales.add(product.sku, w))
            return
        self._safely(lambda: self._show(self.till.sales.scan(product.sku), product.sku))

    # -- showing ---------------------------------------------------------------------------
    def _show(self, view: CartView, changed_sku: str | None = None) -> None:
        before = {ln.line_no: ln.qty for ln in self.view.lines} if self.view else {}
        self.view = view
        self.model.set_lines(view.lines)
        self.row_fitter.fit()
        self.totals.show_view(view, self._weighed)
        self.totals.show_customer(self.till.customers.get(view.customer.id) if view.customer else None)
        row = self._changed_row(view, before, changed_sku)
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, 0))
            line = view.lines[row]
            self.ctx.displays.item(line.name, qty(line.qty), line.gross, view.total)
        if self.message.level == "error":
            self.message.clear_message()

    def _weighed(self, sku: str) -> bool:
        try:
            return self.till.catalogue.product(sku).weighed
        except BisamaError:
            return False

    def forget_last_sale(self) -> None:
        """The last sale's change panel and its banner ("Sale complete — receipt …") go:
        on the next scan, when the user changes and when the shift changes."""
        if self._last_receipt is None and not self.totals.done.isVisible():
            return
        self._last_receipt = None
        self._last_sale_owner = None
        self.totals.hide_done()
        self.message.clear_message()

    @staticmethod
    def _changed_row(view: CartView, before: dict[int, Decimal], sku: str | None) -> int | None:
        if not view.lines:
            return None
        if sku is not None:
            for i, line in enumerate(view.lines):
                if line.sku == sku and before.get(line.line_no) != line.qty:
                    return i
        return len(view.lines) - 1 if len(view.lines) > len(before) else None

    def show_sale_done(self, result: SaleResult, paid: str) -> None:
        self.view = None
        self._safely(lambda: self._show(self.till.sales.view()))
        self.totals.show_done(result.change, result.receipt_no, result.total, paid)
        self._last_receipt = result.receipt_no
        shift = self.till.shifts.current()
        self._last_sale_owner = (shift.id, self.till.auth.session.user.email) if shift else None
        notice = self.ctx.printer.notice
        if notice is not None and notice.state is not PrinterState.READY:
            self._receipt_waits(result.receipt_no, notice.state)
            return
        self.message.ok(
            translate("SaleScreen", "Sale complete — receipt {0} is printing.").format(result.receipt_no)
        )

    def _receipt_waits(self, receipt_no: str, state: PrinterState) -> None:
        # Never "printing" while the printer is out of paper or off-line. The receipt is
        # named once: what is wrong and what to do, without the worker's "receipt … waiting".
        why = f"{HEADLINE.get(state, 'Printer not ready')}: {ADVICE.get(state, '')}".strip()
        if self._drawer_opened == receipt_no:
            text = translate(
                "SaleScreen", "Sale complete — the drawer opened; receipt {0} waits for the printer. {1}"
            )
        else:
            text = translate("SaleScreen", "Sale complete — receipt {0} waits for the printer. {1}")
        self.message.warning(text.format(receipt_no, why))

    def _printer_news(self, notice: PrinterNotice) -> None:
        last = self._last_receipt
        if last is None or self.message.level == "error":
            return
        if notice.waiting == last and notice.state is not PrinterState.READY:
            self._receipt_waits(last, notice.state)

    def _drawer_news(self, notice: DrawerNotice) -> None:
        """The worker tried this sale's drawer kick (first, on its own). When it could not
        be sent the cashier is told at once, here (the audit log has it too)."""
        if notice.opened:
            self._drawer_opened = notice.reference
            printer = self.ctx.printer.notice
            if notice.reference == self._last_receipt and printer is not None and (
                printer.state is not PrinterState.READY and self.message.level != "error"
            ):
                self._receipt_waits(notice.reference, printer.state)
            return
        self.message.error(
            translate("SaleScreen", "Receipt {0}: {1}").format(notice.reference, notice.message)
        )

    def selected_line(self) -> SaleLine | None:
        if self.view is None or not self.view.lines:
            self.warning(translate("SaleScreen", "The cart is empty: scan an item first."))
            return None
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else len(self.view.lines) - 1
        return self.view.lines[row]

    def _select_step(self, step: int) -> None:
        if not self.model.lines:
            return
        current = self.table.currentIndex().row()
        row = max(0, min(len(self.model.lines) - 1, (current if current >= 0 else 0) + step))
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    # -- messages --------------------------------------------------------------------------
    def error(self, text: str) -> None:
        self.message.error(text)

    def warning(self, text: str) -> None:
        self.message.warning(text)

    def _safely(self, action: Callable[[], object]) -> None:
        try:
            action()
        except NoOpenShift:
            self.nav.go("shift")
        except BisamaError as exc:
            self.error(str(exc))

    # -- search ----------------------------------------------------------------------------
    def _search_now(self) -> None:
        text = self.search.text()
        if not text.strip():
            self.results_model.set_rows([])
            self.stack.setCurrentWidget(self.table)
            return
        price_list = self.view.price_list if self.view else self.till.settings.default_price_list
        rows: list[tuple[Product, Money | None, Decimal | None]] = []
        for product in self.till.catalogue.search(text, limit=25):
            try:
                price: Money | None = self.till.catalogue.price(
                    product.sku, product.base_unit, price_list
                ).price
            except CartError:
                price = None
            rows.append((product, price, self.till.stock.on_hand(product.sku)))
        self.results_model.set_rows(rows)
        self.stack.setCurrentWidget(self.results)
        self.results_fitter.fit()
        if rows:
            self.results.selectRow(0)
            self.message.clear_message()
        else:
            self.message.info(translate("SaleScreen", "Nothing in the catalogue matches “{0}”.").format(text))

    def _close_search(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.results_model.set_rows([])
        self.stack.setCurrentWidget(self.table)
        self.code.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if obj is self.search:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results_model.rows:
                row = self.results.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.selectRow(max(0, min(len(self.results_model.rows) - 1, row)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.results_model.rows:
                    self._add_chosen()
                elif self.search.text().strip():
                    text = self.search.text()
                    self._close_search()
                    self.add_code(text)
                return True
        if obj is self.code:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not event.modifiers():
                self._select_step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Delete and not self.code.text() and not event.modifiers():
                self.handle("remove_line")
                return True
        return False

    # -- actions ---------------------------------------------------------------------------
    def handle(self, action: str) -> bool:
        handlers: dict[str, Callable[[], object]] = {
            "add_code": self._code_entered,
            "search": self._focus_search,
            "quantity": self._quantity,
            "unit": self._unit,
            "line_discount": self._line_discount,
            "order_discount": self._order_discount,
            "price": self._price,
            "customer": lambda: self.nav.open_dialog(CustomerDialog(self, self.till, self._show)),
            "park": self._park,
            "returns": lambda: self.nav.go("returns"),
            "shift": lambda: self.nav.go("shift"),
            "pay": self._pay,
            "remove_line": self._remove,
            "line_up": lambda: self._select_step(-1),
            "line_down": lambda: self._select_step(1),
            "cancel_sale": self._cancel,
            "reprint_last": self._reprint_last,
            "sms_receipt": self._sms_receipt,
            "no_sale": self._no_sale,
            "quick_keys": self._quick_keys,
            "price_check": lambda: self.nav.open_dialog(PriceCheckDialog(self, self.till)),
            "back": self._back,
        }
        handler = handlers.get(action)
        if handler is None:
            return False
        self._safely(handler)
        return True

    def _quick_keys(self) -> None:
        # A key goes in as a scan of the product's SKU: the same line, price and weight prompt.
        pages = self.till.quick_keys.pages()
        self.nav.open_dialog(QuickKeysDialog(self, pages, lambda k: self.add_code(k.sku)))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _quantity(self) -> None:
        line = self.selected_line()
        if line is not None:
            weighed = self.till.catalogue.product(line.sku).weighed
            self.nav.open_dialog(
                QuantityDialog(self, self.till, line, weighed, lambda v: self._show(v, line.sku))
            )

    def _unit(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        units = self.till.catalogue.units(line.sku)
        if len(units) < 2:
            self.warning(translate("SaleScreen", "{0} is sold only by the {1}.").format(line.name, line.unit))
        elif len(units) == 2:
            other = next(u for u in units if u != line.unit)
            self._show(self.till.sales.set_unit(line.line_no, other), line.sku)
            self.message.info(translate("SaleScreen", "{0} is now sold by the {1}.").format(line.name, other))
        else:
            self.nav.open_dialog(UnitDialog(self, self.till, line, units, lambda v: self._show(v, line.sku)))

    def _line_discount(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.nav.open_dialog(
                DiscountDialog(self, self.till, line, line.list_amount, lambda v: self._show(v, line.sku))
            )

    def _order_discount(self) -> None:
        if self.view is None or self.view.empty:
            self.warning(translate("SaleScreen", "The cart is empty: scan an item first."))
            return
        base = Money(sum((ln.list_amount - ln.line_discount).pesewas for ln in self.view.lines))
        self.nav.open_dialog(DiscountDialog(self, self.till, None, base, self._show))

    def _price(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.nav.open_dialog(PriceDialog(self, self.till, line, lambda v: self._show(v, line.sku)))

    def _price_list(self, code: str) -> None:
        self._safely(lambda: self._show(self.till.sales.set_price_list(code)))
        self.code.setFocus()

    def _park(self) -> None:
        if self.view is not None and not self.view.empty:
            self.nav.open_dialog(ParkDialog(self, self.till, self._parked))
            return
        parked = self.till.sales.parked()
        if not parked:
            self.warning(translate("SaleScreen", "No cart is parked."))
            return
        self.nav.open_dialog(RecallDialog(self, self.till, parked, self._show))

    def _parked(self, view: CartView) -> None:
        self._show(view)
        self.message.info(
            translate("SaleScreen", "The cart is parked. Recall it with F9 when the cart is empty.")
        )
        self.ctx.displays.welcome(self.till.settings.shop_name)

    def _pay(self) -> None:
        if self.view is None or self.view.empty:
            self.warning(translate("SaleScreen", "Nothing to pay yet: scan an item first."))
            return
        self.nav.go("payment")

    def _remove(self) -> None:
        line = self.selected_line()
        if line is not None:
            self._show(self.till.sales.remove_line(line.line_no))
            self.message.info(translate("SaleScreen", "Removed {0}.").format(line.name))

    def _cancel(self) -> None:
        if self.view is None or self.view.empty:
            return

        def cancelled(view: CartView) -> None:
            self._show(view)
            self.message.info(translate("SaleScreen", "The sale was cancelled; nothing was sold."))
            self.ctx.displays.welcome(self.till.settings.shop_name)

        what = translate("SaleScreen", "Cancel the whole sale: {0} line(s), {1}").format(
            len(self.view.lines), self.view.total.format()
        )

        def cancel() -> None:
            # Over the tenant's limits a manager approves (terminal/safeguards.py).
            attempt(
                self,
                self.till,
                lambda ok: self.till.sales.cancel(approval=ok),
                done=cancelled,
                error=self.message.error,
                open_dialog=self.nav.open_dialog,
                what=what,
            )

        self.nav.open_dialog(
            ConfirmDialog(
                self,
                "cancel_sale",
                translate("SaleScreen", "Cancel this sale?"),
                translate("SaleScreen", "All {0} line(s) come off and nothing is sold.").format(
                    len(self.view.lines)
                ),
                yes=translate("SaleScreen", "Cancel the sale"),
                keep=translate("SaleScreen", "Keep the sale (Enter)"),
                action=cancel,
                danger=True,
            )
        )

    def _reprint_last(self) -> None:
        last = self.till.print_queue.recent(limit=1, kinds=("sale",))
        if not last:
            self.warning(translate("SaleScreen", "No receipt has been printed on this till yet."))
            return
        self.till.print_queue.reprint(
            last[0].reference, self.till.clock.now(), self.till.auth.session.user.email
        )
        self.ctx.changed("print")
        self.message.info(
            translate("SaleScreen", "A copy of receipt {0} is printing.").format(last[0].reference)
        )

    def _sms_receipt(self) -> None:
        receipt_no = self.till.receipt_texts.last_receipt()
        if receipt_no is None:
            self.warning(translate("SaleScreen", "No sale has been made on this till yet."))
            return

        def asked(number: str) -> None:
            self.ctx.changed("sale")
            self.message.info(
                translate("SaleScreen", "Receipt {0} will be texted to {1}.").format(receipt_no, number)
            )

        self.nav.open_dialog(ReceiptSmsDialog(self, self.till, receipt_no, asked))

    def _no_sale(self) -> None:
        def opened(_job: object) -> None:
            self.ctx.changed("print")
            self.message.info(translate("SaleScreen", "The drawer is opening (no sale, recorded)."))

        self.nav.open_dialog(
            ReasonDialog(
                self,
                self.till,
                "no_sale",
                title=translate("SaleScreen", "Open the drawer (no sale)"),
                intro=translate("SaleScreen", "Say why the drawer is opened; it is recorded with your name."),
                call=lambda reason, ok: self.till.shifts.no_sale(reason, approval=ok),
                done=opened,
                suggestions=(
                    translate("SaleScreen", "change for a customer"),
                    translate("SaleScreen", "wrong change given"),
                ),
                ok_text=translate("SaleScreen", "Open drawer (Enter)"),
                what=translate("SaleScreen", "Open the cash drawer with no sale (GH₵ 0.00 taken)"),
            )
        )

    def _back(self) -> None:
        if self.stack.currentWidget() is self.results or self.search.hasFocus():
            self._close_search()
        elif self.code.text():
            self.code.clear()
        else:
            self.message.clear_message()
        self.code.setFocus()
