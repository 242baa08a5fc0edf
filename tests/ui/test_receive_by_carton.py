"""Receiving by the carton, by keys as a storekeeper would: the Stock screen's unit box
offers the product's larger units (a carton of 12), ↑/↓ in the quantity box choose it, and
the line is kept in base units — the stock goes up by bottles, not by cartons."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from shared.money import Money
from tests.terminal.conftest import OIL

from .helpers import find, key, open_shift, scan, sign_in, type_into_focus
from .test_stock_exchange_account import approve, typed

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier
KENKEY = "6030010063027"  # sold by the piece only


@pytest.fixture
def receiving(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    key(qtbot, Qt.Key.Key_T, CTRL)
    stock = run.window.screens["stock"]
    assert run.window.current is stock and stock.mode == "receive"
    return run


def test_two_cartons_received_are_24_bottles_in_stock(qtbot, receiving, stocked):
    stock = receiving.window.screens["stock"]
    before = stocked.stock.on_hand("GH-0001")
    scan(qtbot, receiving, OIL)
    assert find(receiving.window, "stock.qty").hasFocus()
    assert stock.unit.isEnabled() and stock.unit.currentText() == "bottle"
    key(qtbot, Qt.Key.Key_Down)  # counted in cartons
    assert stock.unit.currentText() == "carton of 12"
    type_into_focus(qtbot, "2")
    key(qtbot, Qt.Key.Key_Return)
    assert stock.rows() == [("GH-0001", "24", "27.56")]  # bottles, at the cost of a bottle
    assert stock.message.text() == "2 carton of 12 = 24 bottle."
    assert not stock.unit.isEnabled() and stock.code.hasFocus()
    find(stock, "stock.document_no").setFocus()
    typed(qtbot, receiving, "DN-5120")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, receiving, "Wilmar Ghana")
    key(qtbot, Qt.Key.Key_F12)
    approve(qtbot, receiving)
    assert stock.message.level == "ok"
    assert Money.parse("661.44").format() in stock.message.text()  # 24 × 27.56
    assert stocked.stock.on_hand("GH-0001") == before + Decimal(24)


def test_up_goes_back_to_bottles_and_a_product_without_cartons_has_one_unit(qtbot, receiving):
    stock = receiving.window.screens["stock"]
    scan(qtbot, receiving, OIL)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Up)
    assert stock.unit.currentText() == "bottle"
    type_into_focus(qtbot, "3")
    key(qtbot, Qt.Key.Key_Return)
    scan(qtbot, receiving, KENKEY)
    assert stock.unit.currentText() == "piece" and not stock.unit.isEnabled()
    type_into_focus(qtbot, "5")
    key(qtbot, Qt.Key.Key_Return)
    assert [(sku, qty) for sku, qty, _cost in stock.rows()] == [("GH-0001", "3"), ("GH-0046", "5")]
