"""The cashier's sale screen, by keys and clicks: scanning, search, quantities, units,
weighed goods, customers and price lists, park and recall, switching user."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from shared.money import Money
from tests.terminal.conftest import MILO, OIL

from .helpers import click, dialog, key, open_shift, scan, sign_in, type_into_focus, type_like_a_person

pytestmark = pytest.mark.gui

TOMATOES = "6030010053431"  # sold by weight, GH₵ 25.00 a kg


@pytest.fixture
def selling(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def lines(run):
    return [(ln.name, ln.qty, ln.unit) for ln in run.window.sale.model.lines]


def test_scan_then_enter_pays_exact_and_queues_the_receipt(qtbot, selling, stocked):
    run = selling
    before = stocked.outbox.depth()
    scan(qtbot, run, OIL)
    scan(qtbot, run, MILO)
    scan(qtbot, run, OIL)
    sale = run.window.sale
    assert lines(run) == [("Frytol Vegetable Oil 1L", Decimal("2.000"), "bottle"),
                          ("Milo 400g", Decimal("1.000"), "tin")]
    assert sale.totals.total.text() == Money.parse("138.00").format()
    assert sale.table.currentIndex().row() == 0  # the line just scanned is selected
    key(qtbot, Qt.Key.Key_F12)
    assert run.window.current is run.window.screens["payment"]
    key(qtbot, Qt.Key.Key_Return)  # exact cash: one keystroke
    assert run.window.current is sale
    assert stocked.outbox.depth() == before + 1
    waiting = stocked.print_queue.waiting()
    assert waiting[-1].kind == "sale" and waiting[-1].reference == "MAIN-T01-000001"
    assert sale.totals.change.text() == Money.ZERO.format()
    assert "MAIN-T01-000001" in sale.message.text()
    assert sale.model.lines == ()
    assert stocked.db.scalar("SELECT gross FROM sales") == 13800


def test_unknown_barcode_says_so_and_adds_nothing(qtbot, selling):
    scan(qtbot, selling, "6039999999995")
    sale = selling.window.sale
    assert sale.message.level == "error"
    assert "6039999999995" in sale.message.text() and "not in the catalogue" in sale.message.text()
    assert sale.model.lines == ()
    scan(qtbot, selling, MILO)  # the next good scan clears the message
    assert not sale.message.isVisible()


def test_search_as_you_type_then_enter_adds(qtbot, selling):
    sale = selling.window.sale
    key(qtbot, Qt.Key.Key_F2)
    assert sale.search.hasFocus()
    type_like_a_person(qtbot, selling, "mil")
    # results come as you type ("m", "mi", then "mil"): wait for the last search
    qtbot.waitUntil(lambda: "Milo 400g" in [p.name for p, _price, _stock in sale.results_model.rows])
    qtbot.waitUntil(lambda: all("mil" in p.name.lower() for p, _price, _stock in sale.results_model.rows))
    assert sale.search.text() == "mil"
    key(qtbot, Qt.Key.Key_Down)
    chosen = sale.results_model.rows[sale.results.currentIndex().row()][0].name
    key(qtbot, Qt.Key.Key_Return)
    assert [ln[0] for ln in lines(selling)] == [chosen]
    assert sale.code.hasFocus() and sale.search.text() == ""
    key(qtbot, Qt.Key.Key_F2)
    type_like_a_person(qtbot, selling, "zzzz")
    qtbot.waitUntil(lambda: "Nothing in the catalogue" in sale.message.text())
    key(qtbot, Qt.Key.Key_Escape)
    assert sale.stack.currentWidget() is sale.table


def test_quantity_unit_and_quantity_times_code(qtbot, selling):
    scan(qtbot, selling, "3*" + MILO)
    assert lines(selling) == [("Milo 400g", Decimal("3.000"), "tin")]
    key(qtbot, Qt.Key.Key_F4)
    type_into_focus(qtbot, "5")
    key(qtbot, Qt.Key.Key_Return)
    assert lines(selling) == [("Milo 400g", Decimal("5.000"), "tin")]
    scan(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_F5)  # bottle → carton
    assert lines(selling)[1] == ("Frytol Vegetable Oil 1L", Decimal("1.000"), "carton")
    assert selling.window.sale.model.lines[1].unit_price == Money.parse("456.00")
    key(qtbot, Qt.Key.Key_F4)
    type_into_focus(qtbot, "0")
    key(qtbot, Qt.Key.Key_Return)
    assert "more than zero" in dialog(selling).message.text()
    dialog(selling).reject()


def test_weighed_item_asks_for_the_weight(qtbot, selling):
    scan(qtbot, selling, TOMATOES)
    weight = dialog(selling)
    assert weight.objectName() == "dialog.weight"
    type_into_focus(qtbot, "1.250")
    key(qtbot, Qt.Key.Key_Return)
    assert lines(selling) == [("Fresh Tomatoes", Decimal("1.250"), "kg")]
    assert selling.window.sale.model.lines[0].gross == Money.parse("31.25")


def test_remove_a_line_and_cancel_the_sale(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Delete)
    assert [ln[0] for ln in lines(selling)] == ["Milo 400g"]
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    confirm = dialog(selling)
    key(qtbot, Qt.Key.Key_Tab)  # from "Keep the sale" (Enter) to "Cancel the sale", on purpose
    key(qtbot, Qt.Key.Key_Return)
    assert not confirm.isVisible()
    assert lines(selling) == []
    assert stocked.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'cart_cancelled'") == 1


def test_customer_with_tin_and_price_list(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_F5)  # a carton at the shelf price: 12 × 38.00
    sale = selling.window.sale
    assert sale.totals.total.text() == Money.parse("456.00").format()
    key(qtbot, Qt.Key.Key_F8)
    customers = dialog(selling)
    click(qtbot, customers, "customer.new")
    type_into_focus(qtbot, "Kofi Mensah Enterprise")
    customers.tin.setText("C0098765432")
    customers.price_list.setCurrentIndex(customers.price_list.findData("wholesale"))
    key(qtbot, Qt.Key.Key_Return)
    assert not customers.isVisible()
    assert sale.totals.customer.text() == "Kofi Mensah Enterprise"
    assert "C0098765432" in sale.totals.customer_detail.text()
    assert sale.totals.total.text() == Money.parse("419.52").format()  # wholesale carton
    sale.totals.price_list.setCurrentIndex(sale.totals.price_list.findData("retail"))
    sale.totals.price_list.activated.emit(sale.totals.price_list.currentIndex())
    assert sale.totals.total.text() == Money.parse("456.00").format()
    assert stocked.db.scalar("SELECT tin FROM customers") == "C0098765432"


def test_park_and_recall(qtbot, selling):
    scan(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_F9)
    type_into_focus(qtbot, "lady in red")
    key(qtbot, Qt.Key.Key_Return)
    assert lines(selling) == []
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F9)  # empty cart: recall
    recall = dialog(selling)
    assert "lady in red" in recall.list.item(0).text()
    key(qtbot, Qt.Key.Key_Return)
    assert [ln[0] for ln in lines(selling)] == ["Frytol Vegetable Oil 1L"]


def test_switch_user_keeps_the_cart_parked(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    window = selling.window
    assert window.current is window.login and not stocked.auth.session.signed_in
    sign_in(qtbot, selling, "kofi.cashier@acme.example.test", "2468")
    assert window.user_label.text() == "Kofi Asante · Cashier"
    assert lines(selling) == []
    key(qtbot, Qt.Key.Key_F9)
    recall = dialog(selling)
    assert "Ama Owusu's cart" in recall.list.item(0).text()
    key(qtbot, Qt.Key.Key_Return)
    assert lines(selling) == [("Frytol Vegetable Oil 1L", Decimal("2.000"), "bottle")]


def test_reprint_last_receipt(qtbot, selling, stocked):
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    copies = stocked.db.query("SELECT reference FROM print_jobs WHERE copy = 1")
    assert [r[0] for r in copies] == ["MAIN-T01-000001"]
    assert "copy" in selling.window.sale.message.text().lower()
