"""The till a cashier cannot hurt (issue [8]), driven by keys as a cashier would: Enter
on a destructive question keeps things as they were; big cancels and short closes need
a manager; the drawer opens with the sale while the printer is stuck, and the cashier is
told at once when it cannot; a MoMo reference taken before needs a manager; the MoMo
network is chosen afresh for every sale, by one key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shared.money import Money
from tests.terminal.conftest import MILO, OIL

from .helpers import MANAGER_PIN, dialog, key, open_shift, scan, settle, sign_in, type_into_focus

pytestmark = pytest.mark.gui


@pytest.fixture
def selling(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def cart(run) -> list[str]:
    return [ln.name for ln in run.window.sale.model.lines]


def test_enter_on_cancel_this_sale_keeps_the_cart(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    confirm = dialog(selling)
    assert confirm.windowTitle() == "Cancel this sale?"
    settle(qtbot)
    focus = QApplication.focusWidget()
    # The focus ring is on the safe button, and it is the one Enter presses.
    assert focus is confirm.cancel_button and confirm.cancel_button.isDefault()
    assert not confirm.ok_button.isDefault()
    key(qtbot, Qt.Key.Key_Return)
    assert not confirm.isVisible()
    assert cart(selling) == ["Frytol Vegetable Oil 1L", "Milo 400g"]
    assert stocked.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'cart_cancelled'") == 0


def test_cancelling_a_cart_over_the_limit_needs_a_manager(qtbot, selling, stocked):
    for _ in range(3):
        scan(qtbot, selling, OIL)  # 3 × 38.00 = 114.00, over the GH₵ 100.00 default
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, Qt.Key.Key_Tab)  # on purpose, to "Cancel the sale"
    key(qtbot, Qt.Key.Key_Return)
    approval = dialog(selling)
    assert approval.objectName() == "dialog.approval"
    assert "Cancelling this sale of GH₵ 114.00 (1 line(s))" in approval.intro.text()
    assert cart(selling) == ["Frytol Vegetable Oil 1L"]  # kept until the manager approves
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert cart(selling) == []
    assert stocked.db.scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'cart_cancelled' AND detail LIKE '%manager%'"
    ) == 1


def test_enter_on_the_close_shift_question_does_not_close(qtbot, selling, stocked):
    key(qtbot, Qt.Key.Key_F11)
    key(qtbot, Qt.Key.Key_F9)
    count = selling.window.screens["count"]
    assert selling.window.current is count
    type_into_focus(qtbot, "1")  # one 200 note: exactly the float
    key(qtbot, Qt.Key.Key_F12)
    confirm = dialog(selling)
    settle(qtbot)
    assert QApplication.focusWidget() is confirm.cancel_button
    key(qtbot, Qt.Key.Key_Return)
    assert not confirm.isVisible()
    assert count.result is None
    assert stocked.db.scalar("SELECT status FROM shifts") == "open"
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)
    assert count.result is not None
    assert stocked.db.scalar("SELECT status FROM shifts") == "closed"


def pay_cash(qtbot, run, *codes: str) -> None:
    for code in codes:
        scan(qtbot, run, code)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)  # exact cash


def test_the_drawer_opens_with_paper_out_and_the_banner_says_so(qtbot, stocked, make_app, virtual_printer):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run)
    assert virtual_printer.wait_for(lambda: len(virtual_printer.pulses) == 1)  # the float
    qtbot.waitUntil(lambda: stocked.print_queue.depth() == 0, timeout=10_000)
    virtual_printer.set_fault("paper_out")
    pay_cash(qtbot, run, MILO)
    sale = run.window.sale
    assert virtual_printer.wait_for(lambda: len(virtual_printer.pulses) == 2)
    assert virtual_printer.pulses[-1].realtime  # the pulse a stopped printer still gives
    qtbot.waitUntil(lambda: "waits for the printer" in sale.message.text(), timeout=10_000)
    assert "the drawer opened" in sale.message.text() and "MAIN-T01-000001" in sale.message.text()
    assert "is printing" not in sale.message.text()
    assert sale.message.text().count("MAIN-T01-000001") == 1  # the receipt named once
    assert "Load a new roll" in sale.message.text()  # what to do
    # The next cash sale, behind the stuck receipt: its drawer opens too, at once.
    pay_cash(qtbot, run, OIL)
    assert virtual_printer.wait_for(lambda: len(virtual_printer.pulses) == 3)
    qtbot.waitUntil(lambda: "MAIN-T01-000002" in sale.message.text()
                    and "the drawer opened" in sale.message.text(), timeout=10_000)
    assert stocked.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'drawer_open'") >= 2


def test_a_drawer_that_cannot_open_is_told_at_once(qtbot, stocked, make_app, virtual_printer):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run)
    assert virtual_printer.wait_for(lambda: len(virtual_printer.pulses) == 1)
    qtbot.waitUntil(lambda: stocked.print_queue.depth() == 0, timeout=10_000)
    virtual_printer.unplug()
    pay_cash(qtbot, run, MILO)
    sale = run.window.sale
    qtbot.waitUntil(lambda: "Drawer did not open" in sale.message.text(), timeout=10_000)
    assert sale.message.level == "error"
    assert "Drawer did not open — printer off-line" in sale.message.text()
    assert "MAIN-T01-000001" in sale.message.text()
    assert stocked.db.scalar(
        "SELECT subject FROM audit_log WHERE action = 'drawer_not_opened'"
    ) == "MAIN-T01-000001"


def pay_momo(qtbot, run, network_key: Qt.Key, reference: str) -> None:
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_F6)
    key(qtbot, network_key)
    type_into_focus(qtbot, reference)
    key(qtbot, Qt.Key.Key_Return)


def test_the_network_is_one_key_and_never_carries_over(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_F6)
    pay = selling.window.screens["payment"]
    assert pay.momo_network.checkedButton() is None
    assert pay.momo_keys.text() == "Choose the network: press 1, 2 or 3 (on the buttons)."
    assert [b.text() for b in pay.momo_network.buttons()] == [
        "1  MTN MoMo", "2  Telecel Cash", "3  AirtelTigo Money"]
    type_into_focus(qtbot, "T")  # a reference before a network: refused
    assert "First choose the network" in pay.message.text() and pay.momo_reference.text() == ""
    key(qtbot, Qt.Key.Key_2)
    assert pay.momo_network.checkedButton().property("value") == "telecel"
    assert pay.momo_keys.text().startswith("Network: Telecel Cash")
    type_into_focus(qtbot, "TC123456")
    key(qtbot, Qt.Key.Key_Return)
    assert selling.window.current is selling.window.sale
    assert stocked.db.scalar("SELECT provider FROM sale_tenders") == "telecel"
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_F6)
    assert pay.momo_network.checkedButton() is None  # not Telecel again
    assert "press 1, 2 or 3" in pay.momo_keys.text()
    key(qtbot, Qt.Key.Key_1)
    type_into_focus(qtbot, "0244123456")  # the customer's phone number, not the reference
    key(qtbot, Qt.Key.Key_Return)
    assert "phone number" in pay.message.text() and pay.entries == []


def test_a_momo_reference_used_before_asks_for_a_manager(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    pay_momo(qtbot, selling, Qt.Key.Key_1, "44231234567")
    first = stocked.db.scalar("SELECT receipt_no FROM sales")
    scan(qtbot, selling, OIL)
    pay_momo(qtbot, selling, Qt.Key.Key_1, "44231234567")
    approval = dialog(selling)
    assert approval.objectName() == "dialog.approval"
    assert "already used for sale " + first in approval.intro.text()
    key(qtbot, Qt.Key.Key_Escape)  # the manager says no: nothing is sold
    assert stocked.db.scalar("SELECT count(*) FROM sales") == 1
    pay = selling.window.screens["payment"]
    assert selling.window.current is pay
    type_into_focus(qtbot, "")
    key(qtbot, Qt.Key.Key_Escape)  # back to the cart
    pay_momo(qtbot, selling, Qt.Key.Key_1, "44231234567")
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert stocked.db.scalar("SELECT count(*) FROM sales") == 2
    assert "momo_reused" in stocked.db.scalar("SELECT flags FROM sales ORDER BY seq DESC LIMIT 1")
    assert Money(stocked.db.scalar("SELECT sum(amount) FROM sale_tenders")) == Money.cedis(76)


def test_enter_presses_the_button_the_focus_ring_is_on(qtbot, selling, stocked):
    """The no-sale drawer open: a cashier needs a manager; and Enter on "Cancel" cancels,
    whatever the dialog's usual Enter does."""
    key(qtbot, Qt.Key.Key_F11)
    key(qtbot, Qt.Key.Key_F7)  # no sale
    reason = dialog(selling)
    type_into_focus(qtbot, "change for a customer")
    reason.cancel_button.setFocus(Qt.FocusReason.TabFocusReason)
    key(qtbot, Qt.Key.Key_Return)
    assert selling.window.dialog is None
    assert stocked.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'no_sale'") == 0
    key(qtbot, Qt.Key.Key_F7)
    type_into_focus(qtbot, "change for a customer")
    key(qtbot, Qt.Key.Key_Return)
    approval = dialog(selling)
    assert approval.objectName() == "dialog.approval"  # a cashier alone cannot open it
    assert "Opening the drawer without a sale" in approval.intro.text()
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert stocked.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'no_sale'") == 1
