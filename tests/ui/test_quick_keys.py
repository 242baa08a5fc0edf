"""Goods without barcodes, by keys and touch as a cashier would: the quick-key grid head
office set (Ctrl+G: digits, arrows and Enter, PgUp/PgDn, taps) puts a line in the cart
exactly as a scan of the product does, and the price check (Ctrl+I) shows name, prices
and stock at this branch without touching the cart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from shared.money import Money
from terminal.store.quick_keys import StoredPage, write_pages
from terminal.ui.quick_keys_dialog import PriceCheckDialog, QuickKeysDialog
from terminal.ui.text import cedi
from tests.terminal.conftest import MILO

from .helpers import click, dialog, find, key, open_shift, scan, sign_in, type_into_focus

pytestmark = pytest.mark.gui

KENKEY = "6030010063027"  # Kenkey (ball), GH₵ 5.00 a piece: the barcode a scan gives
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def selling(qtbot, stocked, make_app):
    # The pages as the feed writes them (tests/sync/test_quick_keys.py brings them from
    # head office).
    with stocked.db.transaction() as conn:
        write_pages(conn, [StoredPage("FOOD", "Kenkey & bread", 1, ("GH-0046",)),
                           StoredPage("WATER", "Water", 2, ("GH-0036", "GH-0008", "NOT-HERE"))])
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def lines(run):
    return [(ln.sku, ln.qty, ln.unit, ln.gross) for ln in run.window.sale.model.lines]


def test_a_digit_adds_the_key_exactly_as_a_scan(qtbot, selling):
    sale = selling.window.sale
    assert sale.code.hasFocus()
    key(qtbot, Qt.Key.Key_G, CTRL)
    grid = dialog(selling)
    assert isinstance(grid, QuickKeysDialog)
    assert [t.accessibleName() for t in grid.tabs] == ["Kenkey & bread", "Water"]
    assert grid.tabs[0].text() == "Kenkey && bread"  # "&" shown as written, not a shortcut
    assert grid.keys[0].text() == f"1  Kenkey (ball)\n{cedi(Money.parse('5.00'))}"
    assert grid.keys[0].toolTip() == f"Kenkey (ball) — {cedi(Money.parse('5.00'))} / piece"
    key(qtbot, Qt.Key.Key_1)
    assert selling.window.dialog is None
    qtbot.waitUntil(sale.code.hasFocus, timeout=2000)  # the keyboard is back in the code box
    assert lines(selling) == [("GH-0046", Decimal(1), "piece", Money.parse("5.00"))]
    scan(qtbot, selling, KENKEY)  # the scan lands on the same line: the key was that product
    assert lines(selling) == [("GH-0046", Decimal(2), "piece", Money.parse("10.00"))]


def test_pages_by_pgdn_keys_by_arrows_and_enter(qtbot, selling):
    key(qtbot, Qt.Key.Key_G, CTRL)
    grid = dialog(selling)
    key(qtbot, Qt.Key.Key_PageDown)
    assert grid.current_page().code == "WATER" and grid.tabs[1].isChecked()
    # A product the till does not know gets no key.
    assert [k.accessibleName() for k in grid.keys] == ["Bel Aqua Sachet Water (30)",
                                                       "Voltic Mineral Water 500ml"]
    key(qtbot, Qt.Key.Key_3)
    assert "no key 3" in grid.message.text() and selling.window.dialog is grid
    key(qtbot, Qt.Key.Key_Right)
    assert grid.keys[1].hasFocus()
    key(qtbot, Qt.Key.Key_Return)
    assert selling.window.dialog is None
    assert lines(selling) == [("GH-0008", Decimal(1), "bottle", Money.parse("3.00"))]


def test_esc_leaves_the_cart_as_it_was(qtbot, selling):
    scan(qtbot, selling, MILO)
    before = lines(selling)
    key(qtbot, Qt.Key.Key_G, CTRL)
    assert isinstance(dialog(selling), QuickKeysDialog)
    key(qtbot, Qt.Key.Key_Escape)
    assert selling.window.dialog is None
    assert lines(selling) == before


def test_touch_opens_the_grid_changes_the_page_and_picks_a_key(qtbot, selling):
    sale = selling.window.sale
    click(qtbot, sale, "sale.quick_keys")
    grid = dialog(selling)
    click(qtbot, grid, "quick_keys.page.WATER")
    click(qtbot, grid, "quick_keys.key.GH-0036")
    assert lines(selling) == [("GH-0036", Decimal(1), "bag", Money.parse("10.00"))]


def test_without_pages_the_grid_says_where_they_come_from(qtbot, selling, stocked):
    with stocked.db.transaction() as conn:
        conn.execute("DELETE FROM quick_key_pages")
    key(qtbot, Qt.Key.Key_G, CTRL)
    grid = dialog(selling)
    assert "Head office has set no quick keys" in grid.message.text()
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_Escape)
    assert lines(selling) == []


def test_price_check_shows_prices_and_stock_and_never_touches_the_cart(qtbot, selling, stocked):
    branch = stocked.identity.branch_code
    stocked.master_data.set_branch_stock(branch, "SHOP", [("GH-0008", Decimal(40))], as_of_seq=0)
    stocked.master_data.set_branch_stock(branch, "STORE", [("GH-0008", Decimal(240))], as_of_seq=0)
    scan(qtbot, selling, MILO)
    before, depth = lines(selling), stocked.outbox.depth()
    key(qtbot, Qt.Key.Key_I, CTRL)
    check = dialog(selling)
    assert isinstance(check, PriceCheckDialog)
    qtbot.waitUntil(check.code.hasFocus, timeout=2000)
    scan(qtbot, selling, "6030010010960")  # a scan goes into the open price check
    assert check.name.text() == "Voltic Mineral Water 500ml  (GH-0008)"
    prices = check.prices.text()
    assert f"retail: {cedi(Money.parse('3.00'))} / bottle" in prices
    assert f"wholesale: {cedi(Money.parse('66.24'))} / carton" in prices
    assert check.stock.text().splitlines() == ["Here (SHOP): 40 bottle", "STORE: 240 bottle"]
    type_into_focus(qtbot, "NO-SUCH-CODE")
    key(qtbot, Qt.Key.Key_Return)
    assert "not in the catalogue" in check.message.text() and not check.name.isVisible()
    type_into_focus(qtbot, "GH-0046")  # typed by hand: the SKU works too
    key(qtbot, Qt.Key.Key_Return)
    assert check.name.text().startswith("Kenkey (ball)") and check.message.level is None
    key(qtbot, Qt.Key.Key_Escape)
    assert selling.window.dialog is None
    assert lines(selling) == before and stocked.outbox.depth() == depth


def test_the_touch_buttons_never_take_the_focus(qtbot, selling):
    sale = selling.window.sale
    for name in ("sale.quick_keys", "sale.price_check"):
        assert find(sale, name).focusPolicy() == Qt.FocusPolicy.NoFocus
