"""Stock: goods received from a supplier, adjustments with a reason, transfers out to
another branch and in from one (what arrived against the delivery note), the van loaded
from the store and unloaded at night, and the van's day (loaded = sold + returned +
variance; sales = collected + outstanding), printable as a slip.

Products are scanned or typed (barcode or SKU) into the code box; a quantity may be
counted in a larger unit of the product (a carton of 12: the unit box, ↑/↓ in the quantity
box, or a carton's barcode) and is kept in the base unit (bottles, tins, kg). Every movement goes through
``terminal.stock``/``terminal.transfers``; a cashier needs a manager's PIN."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from shared.money import Money, format_quantity
from shared.payloads import ADJUST_REASONS
from terminal.auth import GrantedApproval
from terminal.catalogue import Product
from terminal.transfers import TransferResult, TruckReconciliation
from terminal.ui.approval import attempt
from terminal.ui.context import UiContext
from terminal.ui.i18n import QT_TRANSLATE_NOOP, translate
from terminal.ui.screen import Navigator, Screen
from terminal.ui.widgets import MessageBar, RowFitter, button, label, named, panel, set_role

MODES = (
    ("receive", "F5", QT_TRANSLATE_NOOP("StockScreen", "Receive")),
    ("adjust", "F6", QT_TRANSLATE_NOOP("StockScreen", "Adjust")),
    ("transfer_out", "F7", QT_TRANSLATE_NOOP("StockScreen", "Transfer out")),
    ("transfer_in", "F8", QT_TRANSLATE_NOOP("StockScreen", "Transfer in")),
    ("truck_load", "F9", QT_TRANSLATE_NOOP("StockScreen", "Load van")),
    ("truck_return", "F10", QT_TRANSLATE_NOOP("StockScreen", "Van return")),
    ("truck_day", "F11", QT_TRANSLATE_NOOP("StockScreen", "Van day")),
)

# mode → the form fields it shows
FIELDS = {
    "receive": ("document_no", "supplier"),
    "adjust": ("reason", "note"),
    "transfer_out": ("branch", "location"),
    "transfer_in": ("transfer_no", "branch", "location"),
    "truck_load": ("van", "store"),
    "truck_return": ("van", "store"),
    "truck_day": ("van", "day"),
}

# mode → the heading of the editable second figure column (None: no second column)
EXTRA = {
    "receive": QT_TRANSLATE_NOOP("StockScreen", "Cost each"),
    "transfer_in": QT_TRANSLATE_NOOP("StockScreen", "Arrived"),
    "truck_return": QT_TRANSLATE_NOOP("StockScreen", "Should be on van"),
}
QTY_HEADING = {
    "receive": QT_TRANSLATE_NOOP("StockScreen", "Received"),
    "adjust": QT_TRANSLATE_NOOP("StockScreen", "Change (− for a loss)"),
    "transfer_out": QT_TRANSLATE_NOOP("StockScreen", "Sent"),
    "transfer_in": QT_TRANSLATE_NOOP("StockScreen", "On the note"),
    "truck_load": QT_TRANSLATE_NOOP("StockScreen", "Loaded"),
    "truck_return": QT_TRANSLATE_NOOP("StockScreen", "Counted back"),
}
INTRO = {
    "receive": QT_TRANSLATE_NOOP(
        "StockScreen",
        "Goods from a supplier: the delivery note number, the "
        "supplier, then each product with the quantity and the cost of one.",
    ),
    "adjust": QT_TRANSLATE_NOOP(
        "StockScreen", "A change to stock with a reason: −2 for two broken bottles, 3 for three found."
    ),
    "transfer_out": QT_TRANSLATE_NOOP(
        "StockScreen",
        "Stock sent to another branch. The slip carries the transfer number the other branch types in.",
    ),
    "transfer_in": QT_TRANSLATE_NOOP(
        "StockScreen",
        "A transfer that arrived: the number and sender from "
        "the delivery note, what the note says and what arrived.",
    ),
    "truck_load": QT_TRANSLATE_NOOP(
        "StockScreen", "Load the van from the store: each product and how many go on the van."
    ),
    "truck_return": QT_TRANSLATE_NOOP(
        "StockScreen",
        "Unload the van: everything it should hold is listed; "
        "type what was counted back. What is missing is the variance.",
    ),
    "truck_day": QT_TRANSLATE_NOOP(
        "StockScreen",
        "The van's day: loaded = sold + returned + variance, and sales = collected + outstanding.",
    ),
}
DAY_COLUMNS = (
    QT_TRANSLATE_NOOP("StockScreen", "Product"),
    QT_TRANSLATE_NOOP("StockScreen", "Loaded"),
    QT_TRANSLATE_NOOP("StockScreen", "Sold"),
    QT_TRANSLATE_NOOP("StockScreen", "Returned"),
    QT_TRANSLATE_NOOP("StockScreen", "Variance"),
    QT_TRANSLATE_NOOP("StockScreen", "On van"),
)


def read_qty(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(",", ".").replace("−", "-"))
    except InvalidOperation:
        return None


def _figure(text: str, editable: bool) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _fixed(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class StockScreen(Screen):
    screen_id = "stock"
    accepts_scans = True

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.mode = "receive"
        self.day: TruckReconciliation | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 10, 10, 6)
        row.setSpacing(12)
        menu = QWidget()
        menu.setFixedWidth(200)
        modes = QVBoxLayout(menu)
        modes.setContentsMargins(0, 0, 0, 0)
        modes.addWidget(label(translate("StockScreen", "Stock"), "subheading"))
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QPushButton] = {}
        for mode, fkey, text in MODES:
            b = button(
                f"{fkey}  {translate('StockScreen', text)}",
                f"stock.mode.{mode}",
                role="choice",
                checkable=True,
                accessible=translate("StockScreen", text),
                on_click=partial(self.set_mode, mode),
            )
            self.mode_group.addButton(b)
            self.mode_buttons[mode] = b
            modes.addWidget(b)
        modes.addStretch(1)
        row.addWidget(menu)
        outer = QVBoxLayout()
        row.addLayout(outer, 1)
        self.message = MessageBar("stock.message")
        outer.addWidget(self.message)
        body = panel("stock.body")
        col = QVBoxLayout(body)
        col.setContentsMargins(12, 8, 12, 8)
        self.intro = label("", "muted", wrap=True)
        self.intro.setObjectName("stock.intro")
        col.addWidget(self.intro)
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self._field("document_no", QT_TRANSLATE_NOOP("StockScreen", "Delivery note no."), QLineEdit())
        self._field("supplier", QT_TRANSLATE_NOOP("StockScreen", "Supplier"), QLineEdit())
        reason = QComboBox()
        for r in ADJUST_REASONS:
            reason.addItem(translate("StockScreen", r), r)
        self._field("reason", QT_TRANSLATE_NOOP("StockScreen", "Reason"), reason)
        self._field("note", QT_TRANSLATE_NOOP("StockScreen", "Note"), QLineEdit())
        self._field("transfer_no", QT_TRANSLATE_NOOP("StockScreen", "Transfer no."), QLineEdit())
        self._field("branch", QT_TRANSLATE_NOOP("StockScreen", "Branch"), QLineEdit())
        self._field("location", QT_TRANSLATE_NOOP("StockScreen", "Location"), QLineEdit())
        self._field("van", QT_TRANSLATE_NOOP("StockScreen", "Van"), QLineEdit())
        self._field("store", QT_TRANSLATE_NOOP("StockScreen", "Store"), QLineEdit())
        day = QDateEdit()
        day.setCalendarPopup(True)
        day.setDisplayFormat("yyyy-MM-dd")
        self._field("day", QT_TRANSLATE_NOOP("StockScreen", "Day"), day)
        self.van.editingFinished.connect(self._van_changed)
        day.dateChanged.connect(lambda _d: self._van_changed())
        col.addLayout(self.form)
        self.entry = QWidget()
        entry_col = QVBoxLayout(self.entry)
        entry_col.setContentsMargins(0, 0, 0, 0)
        entry_col.setSpacing(4)
        entry = QHBoxLayout()
        entry.setContentsMargins(0, 0, 0, 0)
        self.code = named(
            QLineEdit(),
            "stock.code",
            translate("StockScreen", "Product code"),
            translate("StockScreen", "Scan or type the barcode or SKU, then Enter."),
        )
        set_role(self.code, "code")
        self.code.setPlaceholderText(translate("StockScreen", "Barcode or SKU"))
        self.code.returnPressed.connect(self._code_entered)
        self.qty = named(QLineEdit(), "stock.qty", translate("StockScreen", "Quantity"))
        self.qty.setPlaceholderText(translate("StockScreen", "Quantity"))
        self.qty.setFixedWidth(120)
        self.qty.returnPressed.connect(self._add_line)
        self.qty.installEventFilter(self)
        # The unit the quantity is counted in: goods come by the carton (of 12) and are
        # kept in base units; ↑/↓ in the quantity box change it.
        self.unit = named(
            QComboBox(),
            "stock.unit",
            translate("StockScreen", "Unit"),
            translate("StockScreen", "The unit the quantity is in; ↑/↓ in the quantity box change it."),
        )
        self.unit.setFixedWidth(140)
        self.unit.setEnabled(False)
        entry.addWidget(self.code, 1)
        entry.addWidget(self.qty)
        entry.addWidget(self.unit)
        entry.addWidget(button(translate("StockScreen", "Add line"), "stock.add", on_click=self._add_line))
        entry.addWidget(
            button(translate("StockScreen", "Remove line"), "stock.remove", on_click=self._remove_line)
        )
        entry_col.addLayout(entry)
        # The product found for the code, whole (the code box keeps just its SKU).
        self.found = label("", "subheading", wrap=True)
        self.found.setObjectName("stock.found")
        self.found.hide()
        entry_col.addWidget(self.found)
        col.addWidget(self.entry)
        self.lines = named(QTableWidget(0, 4), "stock.lines", translate("StockScreen", "Products"))
        self.lines.verticalHeader().hide()
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.lines.setWordWrap(True)
        self.row_fitter = RowFitter(self.lines, (1,), 36)  # a long product name on two lines
        col.addWidget(self.lines, 1)
        self.summary = label("", "subheading", wrap=True)
        self.summary.setObjectName("stock.summary")
        col.addWidget(self.summary)
        actions = QHBoxLayout()
        actions.addWidget(
            button(
                translate("StockScreen", "Esc  Back"),
                "stock.back",
                accessible=translate("StockScreen", "Back"),
                on_click=lambda: self.handle("back"),
            )
        )
        actions.addStretch(1)
        self.save_button = button(
            translate("StockScreen", "F12  Save"),
            "stock.save",
            role="pay",
            accessible=translate("StockScreen", "Save"),
            on_click=lambda: self.handle("save"),
        )
        actions.addWidget(self.save_button)
        col.addLayout(actions)
        outer.addWidget(body, 1)
        self._pending: Product | None = None

    def _field(self, name: str, caption: str, widget: QWidget) -> None:
        named(widget, f"stock.{name}", translate("StockScreen", caption))
        self.form.addRow(translate("StockScreen", caption), widget)
        self.fields[name] = widget

    @property
    def van(self) -> QLineEdit:
        widget = self.fields["van"]
        assert isinstance(widget, QLineEdit)
        return widget

    def text(self, name: str) -> str:
        widget = self.fields[name]
        return widget.text().strip() if isinstance(widget, QLineEdit) else ""

    # -- screen ------------------------------------------------------------------------
    def title(self) -> str:
        return translate("StockScreen", "Stock")

    def entered(self) -> None:
        self.message.clear_message()
        self.set_mode(self.mode)

    def focus_target(self) -> QWidget | None:
        return self.code if self.entry.isVisible() else self.van

    def on_scan(self, code: str) -> None:
        if self.mode == "truck_day":
            return
        self.code.setText(code)
        self._code_entered()

    def handle(self, action: str) -> bool:
        if action in FIELDS:
            self.set_mode(action)
        elif action == "save":
            self._save()
        elif action == "remove_line":
            self._remove_line()
        elif action == "add_line":
            self._code_entered()
        elif action == "back":
            self.nav.go("sale" if self.till.shifts.current() else "shift")
        else:
            return False
        return True

    # -- modes -------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        shown = FIELDS[mode]
        for name, widget in self.fields.items():
            self.form.setRowVisible(widget, name in shown)
        captions = {
            "branch": ("Branch", "To branch", "From branch"),
            "location": ("Location", "To location", "From location"),
        }
        for name, (_plain, to, from_) in captions.items():
            caption = self.form.labelForField(self.fields[name])
            text = to if mode == "transfer_out" else from_
            if caption is not None and hasattr(caption, "setText"):
                caption.setText(translate("StockScreen", text))
        if mode in ("truck_load", "truck_return", "truck_day") and not self.van.text():
            self.van.setText(self.till.settings.location if self._on_van() else "")
        store = self.fields["store"]
        if isinstance(store, QLineEdit) and not store.text() and not self._on_van():
            store.setText(self.till.settings.location)
        day = self.fields["day"]
        if isinstance(day, QDateEdit):
            day.setDate(QDate.fromString(self.till.transfers.business_date(), "yyyy-MM-dd"))
        self.intro.setText(translate("StockScreen", INTRO[mode]))
        self.entry.setVisible(mode != "truck_day")
        self.save_button.setText(
            translate("StockScreen", "F12  Print")
            if mode == "truck_day"
            else translate("StockScreen", "F12  Save")
        )
        self.save_button.setAccessibleName(
            translate("StockScreen", "Print") if mode == "truck_day" else translate("StockScreen", "Save")
        )
        self.summary.clear()
        self._clear_lines()
        if mode in ("truck_return", "truck_day"):
            self._van_changed()
        first = {
            "receive": "document_no",
            "adjust": "reason",
            "transfer_out": "branch",
            "transfer_in": "transfer_no",
            "truck_load": "van",
            "truck_return": "van",
            "truck_day": "van",
        }
        target = self.fields[first[mode]] if not self.fields[first[mode]].isHidden() else self.code
        if mode in ("truck_load", "truck_return") and self.van.text():
            target = self.code
        target.setFocus()
        self.nav.refresh_keys()

    def _on_van(self) -> bool:
        """A till whose own location is a van (VAN-1, TRUCK-2) fills the van field."""
        return self.till.settings.location.startswith(("VAN", "TRUCK"))

    def _clear_lines(self) -> None:
        self.lines.setRowCount(0)
        self._pending = None
        self._offer_units(None)
        self.found.hide()
        if self.mode == "truck_day":
            self.lines.setColumnCount(len(DAY_COLUMNS))
            self.lines.setHorizontalHeaderLabels([translate("StockScreen", c) for c in DAY_COLUMNS])
            self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for c in range(1, len(DAY_COLUMNS)):
                self.lines.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
                self.lines.horizontalHeader().resizeSection(c, 98)
            return
        extra = EXTRA.get(self.mode)
        heads = [
            translate("StockScreen", "Code"),
            translate("StockScreen", "Product"),
            translate("StockScreen", QTY_HEADING[self.mode]),
        ]
        if extra:
            heads.append(translate("StockScreen", extra))
        self.lines.setColumnCount(len(heads))
        self.lines.setHorizontalHeaderLabels(heads)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 130)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for c in range(2, len(heads)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(c, 190)  # "Change (− for a loss)" whole

    # -- lines -------------------------------------------------------------------------
    def _code_entered(self) -> None:
        text = self.code.text().strip()
        if not text:
            return
        try:
            scanned = self.till.catalogue.scan(text)
        except BisamaError as exc:
            self.message.error(str(exc))
            self.code.selectAll()
            return
        product = scanned.product
        self.message.clear_message()
        self._pending = product
        self._offer_units(product, scanned.unit)
        self.code.setText(product.sku)
        self.found.setText(
            translate("StockScreen", "{0} — {1}: type the quantity, then Enter.").format(
                product.sku, product.name
            )
        )
        self.found.show()
        self.qty.setText("1")
        self.qty.setFocus()
        self.qty.selectAll()

    def _add_line(self) -> None:
        product = self._pending
        if product is None:
            self._code_entered()
            return
        qty = read_qty(self.qty.text())
        if qty is None or qty == 0:
            self.message.error(
                translate("StockScreen", "Type the quantity (in {0}).").format(product.base_unit)
            )
            self.qty.setFocus()
            return
        unit, factor = self.unit.currentData() or (product.base_unit, Decimal(1))
        base = qty * factor
        self.add_line(product, base)
        if unit != product.base_unit:
            # Counted in cartons, kept in bottles: say what went on the line.
            self.message.ok(
                translate("StockScreen", "{0} {1} of {2} = {3} {4}.").format(
                    format_quantity(qty), unit, format_quantity(factor), format_quantity(base),
                    product.base_unit,
                )
            )
        self._pending = None
        self._offer_units(None)
        self.found.hide()
        self.code.clear()
        self.qty.clear()
        self.code.setFocus()

    def _offer_units(self, product: Product | None, chosen: str | None = None) -> None:
        """The product's units, base unit first (bottle, carton of 12 …); the scanned one
        chosen (a carton's barcode counts cartons)."""
        self.unit.clear()
        if product is None:
            self.unit.setEnabled(False)
            return
        units = sorted(self.till.catalogue.units(product.sku).items(), key=lambda u: (u[1], u[0]))
        if product.base_unit not in dict(units):
            units.insert(0, (product.base_unit, Decimal(1)))
        for unit, factor in units:
            text = unit if factor == 1 else translate("StockScreen", "{0} of {1}").format(
                unit, format_quantity(factor))
            self.unit.addItem(text, (unit, factor))
        names = [u for u, _f in units]
        self.unit.setCurrentIndex(names.index(chosen) if chosen in names else names.index(product.base_unit))
        self.unit.setEnabled(len(units) > 1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.qty and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if step is not None and self.unit.isEnabled():
                self.unit.setCurrentIndex(max(0, min(self.unit.count() - 1, self.unit.currentIndex() + step)))
                return True
        return super().eventFilter(obj, event)

    def add_line(self, product: Product, qty: Decimal, extra: str | None = None) -> None:
        for row in range(self.lines.rowCount()):
            item = self.lines.item(row, 0)
            if item is not None and item.text() == product.sku:
                cell = self.lines.item(row, 2)
                before = read_qty(cell.text()) if cell is not None else None
                self.lines.setItem(row, 2, _figure(format_quantity((before or Decimal(0)) + qty), True))
                return
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        self.lines.setItem(row, 0, _fixed(product.sku))
        self.lines.setItem(row, 1, _fixed(f"{product.name} ({product.base_unit})"))
        self.lines.setItem(row, 2, _figure(format_quantity(qty), True))
        if self.mode == "receive":
            self.lines.setItem(row, 3, _figure(extra or product.cost_price.format(""), True))
        elif self.mode == "transfer_in":
            self.lines.setItem(row, 3, _figure(extra or format_quantity(qty), True))
        elif self.mode == "truck_return":
            self.lines.setItem(row, 3, _figure(extra or "0", False))
        self.lines.selectRow(row)

    def _remove_line(self) -> None:
        row = self.lines.currentRow()
        if row >= 0 and self.mode != "truck_day":
            self.lines.removeRow(row)

    def rows(self) -> list[tuple[str, str, str]]:
        out = []
        for row in range(self.lines.rowCount()):
            cells = [self.lines.item(row, c) for c in range(self.lines.columnCount())]
            texts = [c.text().strip() if c is not None else "" for c in cells]
            out.append((texts[0], texts[2], texts[3] if len(texts) > 3 else ""))
        return out

    def _van_changed(self) -> None:
        """On a van return, list what the van should hold; on the van's day, show it."""
        van = self.van.text().strip().upper()
        if not van or self.mode not in ("truck_return", "truck_day"):
            return
        if self.mode == "truck_day":
            self._show_day()
            return
        self._clear_lines()
        for sku, held in self.till.transfers.on_van(van):
            try:
                product = self.till.catalogue.product(sku)
            except BisamaError:
                continue
            self.add_line(product, held, format_quantity(held))

    def _show_day(self) -> None:
        day = self.fields["day"]
        assert isinstance(day, QDateEdit)
        try:
            rec = self.till.transfers.truck_reconciliation(self.van.text(), day.date().toString("yyyy-MM-dd"))
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.show_reconciliation(rec)

    def show_reconciliation(self, rec: TruckReconciliation) -> None:
        self.day = rec
        self.lines.setRowCount(len(rec.lines))
        for row, ln in enumerate(rec.lines):
            name = _fixed(ln.name)
            name.setToolTip(ln.sku)
            self.lines.setItem(row, 0, name)
            for c, value in enumerate((ln.loaded, ln.sold, ln.returned, ln.variance, ln.closing), start=1):
                self.lines.setItem(row, c, _figure(format_quantity(value), False))
        collected = (
            " · ".join(
                f"{label} {a.format()}"
                for label, a in rec.collected_by_label.items()
            )
            or "—"
        )
        lines = [
            translate("StockScreen", "Sales {0} = collected {1} + outstanding {2}").format(
                rec.sales.format(), rec.collected_total.format(), rec.outstanding.format()
            ),
            translate("StockScreen", "Collected: {0}").format(collected),
            translate("StockScreen", "Payments on account {0} · Cash to hand in {1}").format(
                rec.account_payments.format(), rec.cash_to_hand_in.format()
            ),
            translate("StockScreen", "Variance at cost {0}").format(rec.variance_value.format()),
        ]
        if not rec.lines:
            lines.insert(0, translate("StockScreen", "Nothing moved on van {0} that day.").format(rec.van))
        self.summary.setText("\n".join(lines))

    # -- saving ------------------------------------------------------------------------
    def _save(self) -> None:
        if self.mode == "truck_day":
            self._print_day()
            return
        rows = self.rows()
        if not rows and self.mode != "truck_return":
            self.message.error(translate("StockScreen", "Add the products first: scan or type each code."))
            self.code.setFocus()
            return
        call = self._call(rows)
        if call is None:
            return
        units = sum((read_qty(qty) or Decimal(0) for _sku, qty, _x in rows), Decimal(0))
        attempt(
            self,
            self.till,
            call,
            done=self._saved,
            error=self.message.error,
            open_dialog=self.nav.open_dialog,
            what=translate("StockScreen", "{0}: {1} product(s), {2} unit(s) in all").format(
                translate("StockScreen", dict((m, t) for m, _k, t in MODES).get(self.mode, "Stock")),
                len(rows), format_quantity(units),
            ),
        )

    def _call(self, rows: list[tuple[str, str, str]]) -> Callable[[GrantedApproval | None], object] | None:
        t = self.till
        pairs: list[tuple[str, Decimal | str]] = [(sku, qty) for sku, qty, _x in rows]
        if self.mode == "receive":
            try:
                received: list[tuple[str, Decimal | str, Money]] = [
                    (sku, qty, Money.parse(cost)) for sku, qty, cost in rows
                ]
            except BisamaError as exc:
                self.message.error(str(exc))
                return None
            doc, supplier = self.text("document_no"), self.text("supplier")
            return lambda ok: t.stock.receive(doc, supplier, received, approval=ok)
        if self.mode == "adjust":
            reason_box = self.fields["reason"]
            assert isinstance(reason_box, QComboBox)
            reason, note = str(reason_box.currentData()), self.text("note")
            return lambda ok: t.stock.adjust(pairs, reason=reason, note=note, approval=ok)
        branch, location = self.text("branch"), self.text("location")
        if self.mode == "transfer_out":
            return lambda ok: t.transfers.transfer_out(branch, location, pairs, approval=ok)
        if self.mode == "transfer_in":
            number = self.text("transfer_no")
            got: list[tuple[str, Decimal | str, Decimal | str]] = [
                (sku, sent, got) for sku, sent, got in rows
            ]
            return lambda ok: t.transfers.transfer_in(number, branch, location, got, approval=ok)
        van, store = self.text("van"), self.text("store") or None
        if self.mode == "truck_load":
            return lambda ok: t.transfers.truck_load(van, pairs, store=store, approval=ok)
        return lambda ok: t.transfers.truck_return(van, pairs, store=store, approval=ok)

    def _saved(self, result: object) -> None:
        self.ctx.changed("print")
        if isinstance(result, TransferResult):
            words = {
                "transfer_out": translate("StockScreen", "Transfer out recorded: {0} lines, {1} at cost."),
                "transfer_in": translate(
                    "StockScreen", "Transfer in recorded: {0} lines; short at cost {1}."
                ),
                "truck_load": translate("StockScreen", "Van loaded: {0} lines, {1} at cost."),
                "truck_return": translate("StockScreen", "Van unloaded: {0} lines; variance at cost {1}."),
            }
            text = words[result.kind].format(result.lines, abs(result.value).format())
            text += " " + translate("StockScreen", "The slip is printing. Transfer no. {0}").format(
                result.transfer_id
            )
        else:
            lines, value = getattr(result, "lines", 0), getattr(result, "value", Money.ZERO)
            text = translate("StockScreen", "Recorded: {0} lines, {1} at cost.").format(lines, value.format())
        for name in ("document_no", "supplier", "note", "transfer_no"):
            widget = self.fields[name]
            if isinstance(widget, QLineEdit):
                widget.clear()
        self._clear_lines()
        self.message.ok(text)
        self.code.setFocus()

    def _print_day(self) -> None:
        day = self.fields["day"]
        assert isinstance(day, QDateEdit)
        try:
            rec = self.till.transfers.print_truck_reconciliation(
                self.van.text(), day.date().toString("yyyy-MM-dd")
            )
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.ctx.changed("print")
        self.show_reconciliation(rec)
        self.message.ok(translate("StockScreen", "The van's day for {0} is printing.").format(rec.van))
