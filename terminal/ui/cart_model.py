"""The cart as a Qt table model: one row per priced line of the ``CartView`` (exactly as
the sale will be priced), and the search results model."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from shared.money import Money
from shared.payloads import SaleLine
from terminal.catalogue import Product
from terminal.ui.i18n import QT_TRANSLATE_NOOP, translate
from terminal.ui.text import qty

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
EXEMPT_CODES = {"A": "exempt", "C": "zero-rated", "D": "non-taxable"}


class CartModel(QAbstractTableModel):
    HEADERS = (
        "#",
        QT_TRANSLATE_NOOP("CartModel", "Item"),
        QT_TRANSLATE_NOOP("CartModel", "Qty"),
        QT_TRANSLATE_NOOP("CartModel", "Price"),
        QT_TRANSLATE_NOOP("CartModel", "Disc."),
        QT_TRANSLATE_NOOP("CartModel", "Amount"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.lines: tuple[SaleLine, ...] = ()

    def set_lines(self, lines: tuple[SaleLine, ...]) -> None:
        if len(lines) == len(self.lines) and lines:
            # Same rows, new figures: cheaper than a reset and keeps the selection.
            self.lines = lines
            self.dataChanged.emit(self.index(0, 0), self.index(len(lines) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("CartModel", self.HEADERS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if section >= 2 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != 1:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return self._tooltip(line)
        return None

    @staticmethod
    def _text(line: SaleLine, col: int) -> str:
        if col == 0:
            return str(line.line_no)
        if col == 1:
            marks = ""
            if line.tax_code.value in EXEMPT_CODES:
                marks += f"  [{line.tax_code.value}]"
            if line.price_override:
                marks += "  *"
            return line.name + marks
        if col == 2:
            return f"{qty(line.qty)} {line.unit}"
        if col == 3:
            return line.unit_price.format("")
        if col == 4:
            discount = line.line_discount + line.order_discount
            return "" if discount.is_zero else (-discount).format("")
        return line.gross.format("")

    @staticmethod
    def _tooltip(line: SaleLine) -> str:
        parts = [f"{line.sku} — {line.name}"]
        if line.tax_code.value in EXEMPT_CODES:
            parts.append(
                translate("CartModel", "Tax code {0}: {1}").format(
                    line.tax_code.value, EXEMPT_CODES[line.tax_code.value]
                )
            )
        if line.price_override:
            parts.append(translate("CartModel", "Price changed by hand"))
        return "\n".join(parts)


class SearchModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("SearchModel", "Item"),
        QT_TRANSLATE_NOOP("SearchModel", "Code"),
        QT_TRANSLATE_NOOP("SearchModel", "Unit"),
        QT_TRANSLATE_NOOP("SearchModel", "Price"),
        QT_TRANSLATE_NOOP("SearchModel", "In stock"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[Product, Money | None, Decimal | None]] = []

    def set_rows(self, rows: list[tuple[Product, Money | None, Decimal | None]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("SearchModel", self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        product, price, on_hand = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return product.name + (translate("CartModel", "  (by weight)") if product.weighed else "")
            if col == 1:
                return product.sku
            if col == 2:
                return product.base_unit
            if col == 3:
                return "" if price is None else price.format("")
            return "" if on_hand is None else qty(on_hand)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return RIGHT
        return None
