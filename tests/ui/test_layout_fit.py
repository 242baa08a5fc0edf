"""The screen fits (issue [8] scope 4): every screen of the main window and its dialogs,
at 1024×768 and 1366×768, with a real basket (30 lines of long names, a carton and a
weighed line) and after errors. ``terminal.ui.fit_check.problems`` walks the visible
widgets and names the screen, the widget and the text that a cashier could not read
whole: text wider (or taller) than its room, a table cell drawn with "…", a squeezed
field, two widgets over each other, a widget sticking out of its panel."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from shared.money import Money
from terminal.store.masterdata import CustomerRecord
from terminal.store.quick_keys import StoredPage, write_pages
from terminal.ui.fit_check import problems
from tests.terminal.conftest import MILO, OIL

from .helpers import MANAGER, MANAGER_PIN, key, open_shift, sign_in, type_into_focus

pytestmark = pytest.mark.gui

SIZES = ((1024, 768), (1366, 768))
LONG_NAMES = (
    "Nestlé Milo Activ-Go Chocolate Malt Energy Drink Refill Pack 1.8kg",
    "Frytol Pure Vegetable Cooking Oil Family Value Jerrycan 5 Litres",
    "Royal Aroma Premium Thai Jasmine Perfumed Long Grain Rice 25kg",
    "Peak Full Cream Evaporated Milk Tall Tin 410g Carton Pack",
    "Gino Tomato Paste Double Concentrate Sachet 70g Bundle of 10",
    "Ideal Milk Evaporated Full Cream Milk Tin 160g Special Offer",
    "Voltic Natural Mineral Water Still Bottle 1.5 Litre Six Pack",
)


def _long_catalogue(path: Path) -> list[str]:
    """28 products with names as long as a supplier writes them; their SKUs."""
    rows = ["sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,cost_price,"
            "tax_code,weighed"]
    skus = []
    for n in range(28):
        sku = f"LN-{n:04d}"
        name = f"{LONG_NAMES[n % len(LONG_NAMES)]} No.{n + 1}"
        rows.append(f"{sku},,{name},piece,{12 + n}.50,carton,12,{(12 + n) * 11}.00,9.00,B,0")
        skus.append(sku)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return skus


class Walk:
    """Looks at each screen and dialog as it comes and keeps what does not fit."""

    def __init__(self, qtbot, run, size: tuple[int, int]) -> None:
        self.qtbot, self.run, self.size = qtbot, run, size
        self.found: list[str] = []
        self.seen: list[str] = []

    def look(self, where: str) -> None:
        self.qtbot.wait(30)  # deferred layout (row heights after a resize) settles
        QApplication.processEvents()
        name = f"{self.size[0]}×{self.size[1]} {where}"
        self.seen.append(where)
        self.found += problems(self.run.window, name)
        dialog = self.run.window.dialog
        if dialog is not None and dialog.isVisible():
            self.found += problems(dialog, f"{name} (dialog {dialog.objectName()})")

    def close_dialog(self) -> None:
        dialog = self.run.window.dialog
        if dialog is not None:
            dialog.reject()
        QApplication.processEvents()


def _prepare(till, tmp_path: Path) -> list[str]:
    skus = _long_catalogue(tmp_path / "long.csv")
    till.catalogue.import_csv(tmp_path / "long.csv")
    till.master_data.upsert_customers(
        [CustomerRecord(str(uuid.UUID(int=1)), "Kofi Mensah Enterprise and Sons Wholesale Ltd", "024 411 2233",
                        "C0098765432", None, "wholesale", Money.cedis(5000), Money.parse("1250.00"))],
        as_of_seq=0, at="2026-03-02T08:00:00Z",
    )
    with till.db.transaction() as conn:
        write_pages(conn, [
            StoredPage("FOOD", "Kenkey, bread & market goods", 1, ("GH-0046", "GH-0039", "GH-0041", *skus[:6])),
            StoredPage("WATER", "Water & drinks", 2, ("GH-0036", "GH-0008", "GH-0009", "GH-0059")),
        ])
    from terminal.store.settings import save_settings

    with till.db.transaction() as conn:
        save_settings(conn, blind_close=False)
    till.reload_settings()
    return skus


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits(qtbot, stocked, make_app, tmp_path, size):
    skus = _prepare(stocked, tmp_path)
    run = make_app(stocked)
    window = run.window
    window.resize(*size)
    walk = Walk(qtbot, run, size)
    walk.look("first run")  # the window as it opens: the sign-in list
    window.go("first_run")
    walk.look("first run screen")
    window.go("login")
    walk.look("sign in")
    type_into_focus(qtbot, "99")
    key(qtbot, Qt.Key.Key_Return)  # no name chosen: an error
    walk.look("sign in, an error")
    sign_in(qtbot, run)
    walk.look("open shift")
    open_shift(qtbot, run, "200")
    sale = window.sale
    # -- a 30-line basket of long names, a carton and a weighed line
    for sku in skus:
        sale.add_code(sku)
    sale.add_code(OIL)
    sale.handle("unit")  # the oil by the carton
    sale.add_code("1.25*GH-0039")  # tomatoes by weight
    assert len(sale.model.lines) == 30
    walk.look("sale, 30 lines (the last)")
    sale.table.scrollToTop()
    walk.look("sale, 30 lines (the first)")
    sale.add_code("6039999999995")
    walk.look("sale, an unknown barcode")
    key(qtbot, Qt.Key.Key_F2)
    sale.search.setText("milk")
    sale._search_now()
    walk.look("sale, search results")
    key(qtbot, Qt.Key.Key_Escape)
    key(qtbot, Qt.Key.Key_F8)
    window.dialog.search.setText("Kofi")  # type: ignore[union-attr]
    walk.look("customer")
    key(qtbot, Qt.Key.Key_Return)
    walk.look("sale, a business customer")
    sale.table.selectRow(0)
    key(qtbot, Qt.Key.Key_F6)
    window.dialog.percent.setText("20")  # type: ignore[union-attr]
    key(qtbot, Qt.Key.Key_Return)
    walk.look("manager approval")
    type_into_focus(qtbot, "0000")
    key(qtbot, Qt.Key.Key_Return)
    walk.look("manager approval, a wrong PIN")
    walk.close_dialog()
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    walk.look("cancel the sale?")
    key(qtbot, Qt.Key.Key_Return)  # keeps the sale
    key(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    walk.look("quick keys")
    walk.close_dialog()
    key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, "6030010010960")
    key(qtbot, Qt.Key.Key_Return)
    walk.look("price check")
    type_into_focus(qtbot, "nothing-here")
    key(qtbot, Qt.Key.Key_Return)
    walk.look("price check, an unknown code")
    walk.close_dialog()
    # -- payment, then the change
    key(qtbot, Qt.Key.Key_F12)
    walk.look("payment")
    pay = window.screens["payment"]
    key(qtbot, Qt.Key.Key_F6)
    pay.momo_amount.set_amount(Money.cedis(100))  # type: ignore[attr-defined]
    type_into_focus(qtbot, "1")
    type_into_focus(qtbot, "MP260302.0830.C00731")
    key(qtbot, Qt.Key.Key_Return)
    walk.look("payment, MoMo part paid")
    type_into_focus(qtbot, "5000")
    key(qtbot, Qt.Key.Key_Return)
    assert window.current is sale
    walk.look("sale, the change")
    receipt = str(stocked.db.scalar("SELECT receipt_no FROM sales ORDER BY seq DESC LIMIT 1"))
    # -- returns with the 30-line receipt found
    key(qtbot, Qt.Key.Key_F10)
    window.returns.find_sale(receipt)
    window.returns.boxes[0].set_all()
    walk.look("returns, a receipt found")
    window.returns.find_sale("MAIN-T01-999999")
    walk.look("returns, a receipt not found")
    key(qtbot, Qt.Key.Key_Escape)
    # -- shift, X report, the count
    key(qtbot, Qt.Key.Key_F11)
    walk.look("shift")
    key(qtbot, Qt.Key.Key_F8)
    walk.look("shift, X report")
    key(qtbot, Qt.Key.Key_F9)
    count = window.screens["count"]
    for pesewas, n in ((20000, 12), (10000, 31), (5000, 2), (2000, 4), (1000, 3), (500, 1), (100, 3), (50, 1),
                       (20, 2), (10, 7), (5, 1), (1, 3)):
        if pesewas in count.spins:  # type: ignore[attr-defined]
            count.spins[pesewas].setValue(n)  # type: ignore[attr-defined]
    walk.look("count")
    # -- the other screens, as a manager
    key(qtbot, Qt.Key.Key_Escape)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    sign_in(qtbot, run, MANAGER, MANAGER_PIN)
    window.go("sync")
    walk.look("sync")
    window.go("settings")
    settings = window.screens["settings"]
    for tab in range(settings.tabs.count()):  # type: ignore[attr-defined]
        settings.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
        walk.look(f"settings, {settings.tabs.tabText(tab)}")  # type: ignore[attr-defined]
    window.go("stock")
    stock = window.screens["stock"]
    for fkey in (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F8, Qt.Key.Key_F9, Qt.Key.Key_F10,
                 Qt.Key.Key_F11):
        key(qtbot, fkey)
        walk.look(f"stock, {stock.mode}")  # type: ignore[attr-defined]
    key(qtbot, Qt.Key.Key_F5)
    for sku in skus[:8]:
        stock.add_line(stocked.catalogue.product(sku), Decimal(12))  # type: ignore[attr-defined]
    stock.code.setText(OIL)  # type: ignore[attr-defined]
    stock._code_entered()  # type: ignore[attr-defined]
    walk.look("stock, receiving long names")
    window.go("exchange")
    type_into_focus(qtbot, receipt)
    key(qtbot, Qt.Key.Key_Return)
    walk.look("exchange")
    window.go("account_payment")
    type_into_focus(qtbot, "Kofi")
    key(qtbot, Qt.Key.Key_Return)
    walk.look("payment on account")
    window.go("sale")
    sale.add_code(MILO)
    walk.look("sale, the manager's")
    assert len(walk.seen) >= 40
    assert not walk.found, "does not fit:\n" + "\n".join(walk.found)


def test_the_check_sees_clipped_text_and_overlap(qtbot, themed):
    """The check itself: a label too narrow for its text, a cell drawn with "…", two
    widgets on top of each other."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout

    root = QWidget()
    root.resize(400, 300)
    col = QVBoxLayout(root)
    cut = QLabel("A name far too long for the little room it is given here")
    cut.setObjectName("cut")
    cut.setMinimumWidth(10)
    cut.setMaximumWidth(120)
    col.addWidget(cut)
    table = QTableView()
    table.setObjectName("cart")
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("Royal Aroma Perfumed Rice 5kg and more words"))
    table.setModel(model)
    table.setWordWrap(False)
    table.setColumnWidth(0, 90)
    col.addWidget(table)
    a, b = QPushButton("Pay"), QPushButton("Keep")
    col.addWidget(a)
    col.addWidget(b)
    qtbot.addWidget(root)
    root.show()
    qtbot.waitExposed(root)
    b.setGeometry(a.geometry().translated(10, 5))  # b drawn over a
    found = problems(root, "test")
    assert any("QLabel(cut)" in p and "wide" in p for p in found), found
    assert any("QTableView(cart) row 1 column 1" in p and "…" in p for p in found), found
    assert any("overlap" in p and "“Pay”" in p and "“Keep”" in p for p in found), found
