"""The Stock screen (a transfer out, a van loaded and unloaded, the van's day), the Exchange
screen (goods back and new goods in one step) and Payment on account, driven by keys
and clicks as a cashier and a manager would."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from shared.money import Money
from terminal.clock import stamp
from terminal.store.masterdata import CustomerRecord
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO, OIL

from .helpers import click, dialog, find, key, open_shift, scan, sign_in, type_into_focus, type_like_a_person

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def selling(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def approve(qtbot, run) -> None:
    assert dialog(run).action == "stock_adjust"
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)


def typed(qtbot, run, text: str) -> None:
    """A person typing into a field that is not the code box: the scanner watch holds the
    keys to tell typing from a scan, then gives them to the field."""
    type_like_a_person(qtbot, run, text)


def add_line(qtbot, run, code: str, qty: str) -> None:
    scan(qtbot, run, code)  # the scanner finds the product; the quantity box takes the keys
    assert find(run.window, "stock.qty").hasFocus()
    type_into_focus(qtbot, qty)
    key(qtbot, Qt.Key.Key_Return)


def test_transfer_out_and_a_van_day(qtbot, selling, stocked):
    key(qtbot, Qt.Key.Key_T, CTRL)
    stock = selling.window.screens["stock"]
    assert selling.window.current is stock
    key(qtbot, Qt.Key.Key_F7)  # transfer out
    type_into_focus(qtbot, "TEMA")  # the focus starts in the branch box
    key(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "SHOP")
    find(stock, "stock.code").setFocus()
    add_line(qtbot, selling, OIL, "10")
    assert stock.rows() == [("GH-0001", "10", "")]
    key(qtbot, Qt.Key.Key_F12)
    approve(qtbot, selling)
    assert stock.message.level == "ok" and "Transfer out recorded: 1 lines, GH₵ 275.60" in stock.message.text()
    assert stocked.transfers.level("SHOP", "GH-0001") == Decimal(-10)
    assert stocked.print_queue.waiting()[-1].kind == "stock_transfer"

    key(qtbot, Qt.Key.Key_F9)  # load the van from this store
    type_into_focus(qtbot, "VAN-1")
    assert find(stock, "stock.store").text() == "SHOP"
    find(stock, "stock.code").setFocus()
    add_line(qtbot, selling, MILO, "5")
    key(qtbot, Qt.Key.Key_F12)
    approve(qtbot, selling)
    assert stocked.transfers.level("VAN-1", "GH-0005") == Decimal(5)

    key(qtbot, Qt.Key.Key_F10)  # the van comes back: its 5 tins are listed; 4 are counted
    assert stock.rows() == [("GH-0005", "5", "5")]
    stock.lines.item(0, 2).setText("4")
    key(qtbot, Qt.Key.Key_F12)
    approve(qtbot, selling)
    assert "variance at cost GH₵ 46.81" in stock.message.text()
    assert stocked.transfers.level("VAN-1", "GH-0005") == 0

    key(qtbot, Qt.Key.Key_F11)  # the van's day
    row = [stock.lines.item(0, c).text() for c in range(6)]
    assert row == ["Milo 400g", "5", "0", "4", "1", "0"]
    key(qtbot, Qt.Key.Key_F12)
    assert stocked.print_queue.waiting()[-1].kind == "truck_reconciliation"
    key(qtbot, Qt.Key.Key_Escape)
    assert selling.window.current is selling.window.sale


def test_stock_screen_refuses_what_is_missing(qtbot, selling, stocked):
    key(qtbot, Qt.Key.Key_T, CTRL)
    stock = selling.window.screens["stock"]
    key(qtbot, Qt.Key.Key_F12)
    assert "Add the products first" in stock.message.text()
    scan(qtbot, selling, "NO-SUCH-CODE")
    assert stock.message.level == "error"
    seq = stocked.outbox.head().seq
    add_line(qtbot, selling, OIL, "2")
    key(qtbot, Qt.Key.Key_F12)  # receive without a delivery note number
    approve(qtbot, selling)  # the manager's approval cannot make a bad entry good
    assert "delivery note" in dialog(selling).message.text() and stocked.outbox.head().seq == seq
    key(qtbot, Qt.Key.Key_Escape)
    find(stock, "stock.document_no").setFocus()
    typed(qtbot, selling, "DN-4471")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, selling, "Wilmar Ghana")
    key(qtbot, Qt.Key.Key_F12)
    approve(qtbot, selling)
    assert stock.message.level == "ok" and "GH₵ 55.12" in stock.message.text()  # 2 × 27.56
    assert stocked.stock.on_hand("GH-0001") == Decimal(2)
    key(qtbot, Qt.Key.Key_Escape)
    assert selling.window.current is selling.window.sale


def test_exchange_a_bottle_of_oil_for_a_tin_of_milo(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)  # 38.00
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)
    receipt = stocked.db.scalar("SELECT receipt_no FROM sales")
    scan(qtbot, selling, MILO)  # the new goods, 62.00, in the cart
    key(qtbot, Qt.Key.Key_J, CTRL)
    exchange = selling.window.screens["exchange"]
    assert selling.window.current is exchange
    type_into_focus(qtbot, receipt)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F5)  # bring back all
    assert find(exchange, "exchange.diff").text() == "GH₵ 24.00"
    assert exchange.back_caption.text() == "Goods back"  # exact: the line was never returned before
    click(qtbot, exchange, "exchange.reason.wrong_item")
    exchange.pay.amount.setFocus()
    exchange.pay.amount.clear()
    typed(qtbot, selling, "30")  # cash handed over for the difference
    key(qtbot, Qt.Key.Key_F12)
    assert selling.window.dialog is not None, exchange.message.text()
    assert dialog(selling).action == "refund"
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert exchange.message.level == "ok", exchange.message.text()
    assert "Give the customer GH₵ 6.00 in cash" in exchange.message.text()
    assert stocked.db.scalar("SELECT count(*) FROM refunds WHERE exchange_sale_id IS NOT NULL") == 1
    assert stocked.sales.view().empty


def test_payment_on_account(qtbot, selling, stocked):
    stocked.master_data.upsert_customers(
        [CustomerRecord(str(uuid.UUID(int=9)), "Kasoa Provisions", credit_limit=Money.cedis(500),
                        balance=Money.cedis(120))], as_of_seq=0, at=stamp(stocked.clock.now()))
    key(qtbot, Qt.Key.Key_O, CTRL)
    screen = selling.window.screens["account_payment"]
    assert selling.window.current is screen
    type_into_focus(qtbot, "Kasoa")
    key(qtbot, Qt.Key.Key_Return)
    assert screen.balance.text() == "GH₵ 120.00"
    key(qtbot, Qt.Key.Key_F6)  # mobile money
    screen.pay.amount.clear()
    typed(qtbot, selling, "70")
    screen.pay.reference.setFocus()
    typed(qtbot, selling, "44231244710")
    key(qtbot, Qt.Key.Key_F12)  # no network chosen: refused, nothing taken
    assert screen.message.level == "error" and "Choose the network" in screen.message.text()
    screen.pay.provider.setFocus()
    key(qtbot, Qt.Key.Key_1)  # MTN MoMo, one key
    assert screen.pay.provider.currentData() == "mtn"
    key(qtbot, Qt.Key.Key_F12)
    assert screen.message.level == "ok", screen.message.text()
    assert "Still owed GH₵ 50.00" in screen.message.text()
    assert stocked.customers.get(str(uuid.UUID(int=9))).balance == Money.cedis(50)
    assert stocked.print_queue.waiting()[-1].kind == "customer_payment"
    key(qtbot, Qt.Key.Key_F12)  # the box is empty now: nothing is taken
    assert screen.message.level == "error"


def test_exchange_for_something_cheaper_gives_cash_back(qtbot, selling, stocked):
    key(qtbot, Qt.Key.Key_L, CTRL)  # switch user: a manager needs no approval
    sign_in(qtbot, selling, MANAGER, MANAGER_PIN)
    scan(qtbot, selling, MILO)  # 62.00
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)
    receipt = stocked.db.scalar("SELECT receipt_no FROM sales")
    scan(qtbot, selling, OIL)  # 38.00
    key(qtbot, Qt.Key.Key_J, CTRL)
    exchange = selling.window.screens["exchange"]
    type_into_focus(qtbot, receipt)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F5)
    assert exchange.diff_caption.text() == "Give back in cash" and exchange.diff.text() == "GH₵ 24.00"
    assert exchange.pay.isHidden()
    click(qtbot, exchange, "exchange.reason.changed_mind")
    key(qtbot, Qt.Key.Key_F12)
    assert "Give the customer GH₵ 24.00 in cash" in exchange.message.text(), exchange.message.text()
