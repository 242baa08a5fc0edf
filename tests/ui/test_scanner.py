"""A USB keyboard-wedge scanner types the code and Enter into whatever has focus. On
the sale screen the code must end up in the cart wherever the focus was, and a person
typing slowly in the search box must still be typing there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.terminal.conftest import MILO, OIL

from .helpers import key, open_shift, scan, sign_in, type_into_focus, type_like_a_person

pytestmark = pytest.mark.gui


@pytest.fixture
def selling(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def names(run):
    return [ln.name for ln in run.window.sale.model.lines]


def test_a_scan_into_the_search_box_goes_to_the_cart(qtbot, selling):
    sale = selling.window.sale
    key(qtbot, Qt.Key.Key_F2)
    type_like_a_person(qtbot, selling, "mil")
    assert sale.search.text() == "mil"  # the person's typing stayed in the search box
    scan(qtbot, selling, OIL)  # the scanner fires while the search box has focus
    assert names(selling) == ["Frytol Vegetable Oil 1L"]
    assert sale.search.text() == "mil"  # nothing of the barcode landed in the search box
    assert selling.window.scan_router.scans == 1


def test_a_scan_with_the_focus_on_the_cart_table(qtbot, selling):
    sale = selling.window.sale
    scan(qtbot, selling, MILO)
    qtbot.mouseClick(sale.table.viewport(), Qt.MouseButton.LeftButton)
    sale.table.setFocus()
    assert QApplication.focusWidget() is sale.table
    scan(qtbot, selling, OIL)
    assert names(selling) == ["Milo 400g", "Frytol Vegetable Oil 1L"]


def test_slow_typing_on_the_table_goes_to_the_code_box(qtbot, selling):
    sale = selling.window.sale
    sale.table.setFocus()
    type_like_a_person(qtbot, selling, "GH-0005")
    assert sale.code.text() == "GH-0005" and sale.code.hasFocus()
    key(qtbot, Qt.Key.Key_Return)
    assert names(selling) == ["Milo 400g"]


def test_scans_are_not_taken_while_a_dialog_is_open(qtbot, selling):
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F4)
    assert selling.window.dialog is not None
    type_into_focus(qtbot, "2")
    key(qtbot, Qt.Key.Key_Return)
    assert [ln.qty for ln in selling.window.sale.model.lines] == [2]


def test_a_serial_scanner_reaches_the_sale_screen(qtbot, selling):
    selling.ctx.printer.scanned.emit(OIL)  # what SerialScanner reports from its thread
    assert names(selling) == ["Frytol Vegetable Oil 1L"]
