"""The till's screen tells the truth (issue [8] scope 4), by keys as a cashier would:
the last sale's change and banner go on the next scan, on a user change and on a shift
change; "Items" counts units; the approval dialog says what is approved and how much;
the returns screen shows prices and the refund total before refunding, quantities by
keyboard; the sign-in list does not choose the director; the sync screen's counts are
its lists; the demo window fits the screen it opens on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QMargins, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication

from shared.money import Money
from terminal.ui.main_window import fitted
from tests.terminal.conftest import DIRECTOR, MILO, OIL

from .helpers import (
    CASHIER,
    MANAGER,
    MANAGER_PIN,
    dialog,
    key,
    open_shift,
    scan,
    sign_in,
    type_into_focus,
    type_like_a_person,
)

pytestmark = pytest.mark.gui

WATER = "6030010010960"  # Voltic Mineral Water 500ml: bottle, or a carton
TOMATOES = "GH-0039"  # weighed, GH₵ 25.00 a kg


@pytest.fixture
def selling(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def pay_exact(qtbot, run, *codes: str) -> str:
    for code in codes:
        scan(qtbot, run, code)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)  # exact cash
    assert run.window.current is run.window.sale
    return str(run.ctx.till.db.scalar("SELECT receipt_no FROM sales ORDER BY seq DESC LIMIT 1"))


def press(qtbot, run, which: Qt.Key) -> None:
    """A key pressed by a person (not a scanner's burst) where the scan router listens."""
    run.keys.now_ms += 180
    key(qtbot, which)
    run.keys.now_ms += 180
    qtbot.waitUntil(lambda: not run.window.scan_router.classifier.holding, timeout=2000)


def last_sale_shown(run) -> bool:
    sale = run.window.sale
    return sale.totals.done.isVisible() or "Sale complete" in sale.message.text()


# -- the last sale's change and banner -----------------------------------------------------------
def test_the_change_and_banner_go_on_the_next_scan(qtbot, selling):
    receipt = pay_exact(qtbot, selling, OIL)
    sale = selling.window.sale
    assert sale.totals.done.isVisible() and receipt in sale.message.text()
    scan(qtbot, selling, MILO)  # the next customer
    assert not sale.totals.done.isVisible()
    assert not sale.message.isVisible() and receipt not in sale.message.text()
    assert [ln.name for ln in sale.model.lines] == ["Milo 400g"]


def test_the_change_and_banner_go_when_the_user_changes(qtbot, selling):
    pay_exact(qtbot, selling, OIL)
    assert last_sale_shown(selling)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # switch user
    sign_in(qtbot, selling, MANAGER, MANAGER_PIN)
    assert selling.window.current is selling.window.sale
    assert not last_sale_shown(selling)


def test_the_change_and_banner_go_when_the_shift_changes(qtbot, selling, stocked):
    pay_exact(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_F11)
    key(qtbot, Qt.Key.Key_F9)  # count and close
    type_into_focus(qtbot, "2")  # two GH₵ 200 notes: over, no manager needed
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)
    assert stocked.db.scalar("SELECT status FROM shifts") == "closed"
    key(qtbot, Qt.Key.Key_Return)  # done: signed out
    sign_in(qtbot, selling)
    open_shift(qtbot, selling, "150")  # the next shift
    assert not last_sale_shown(selling)
    assert selling.window.sale.totals.items.text() == "0"


# -- "Items" counts units ------------------------------------------------------------------------
def test_items_counts_units_as_rung_up(qtbot, selling):
    sale = selling.window.sale
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, OIL)  # 2 bottles: 2
    scan(qtbot, selling, MILO)  # 1 tin: 1
    scan(qtbot, selling, WATER)
    key(qtbot, Qt.Key.Key_F5)  # by the carton: 1 (the customer carries one carton)
    scan(qtbot, selling, f"1.25*{TOMATOES}")  # weighed: 1 whatever it weighs
    assert [ln.unit for ln in sale.model.lines] == ["bottle", "tin", "carton", "kg"]
    assert sale.totals.items.text() == "5"
    scan(qtbot, selling, "3*" + MILO)
    assert sale.totals.items.text() == "8"


# -- the approval dialog ---------------------------------------------------------------------------
def test_the_approval_says_what_is_approved_and_how_much(qtbot, selling):
    scan(qtbot, selling, MILO)
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, OIL)  # line 2: 2 × 38.00 = 76.00
    key(qtbot, Qt.Key.Key_F6)
    discount = dialog(selling)
    key(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "10")  # 10 %: over Ama's 5 %
    key(qtbot, Qt.Key.Key_Return)
    approval = dialog(selling)
    assert approval is not discount and approval.action == "discount"
    what = approval.what.text()
    assert approval.what.isVisible()
    assert "Discount of GH₵ 7.60 (10 %)" in what
    assert "line 2, Frytol Vegetable Oil 1L (GH₵ 76.00)" in what
    assert "discount" in approval.intro.text().lower()  # the action in words
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert selling.window.sale.model.lines[1].line_discount == Money.parse("7.60")


def test_the_cancel_approval_names_the_sale_and_its_amount(qtbot, selling, stocked):
    from terminal.store.settings import save_settings

    with stocked.db.transaction() as conn:
        save_settings(conn, cancel_approval_pesewas=5000)
    stocked.reload_settings()
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, MILO)  # GH₵ 100.00: over the GH₵ 50.00 the shop allows
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)  # "Cancel the sale", on purpose
    approval = dialog(selling)
    assert approval.action == "cancel_sale"
    assert "2 line(s), GH₵ 100.00" in approval.what.text()


# -- returns: prices, the refund total, quantities by keyboard -------------------------------------
def test_a_return_by_keys_shows_prices_and_the_refund_before_refunding(qtbot, selling, stocked):
    receipt = pay_exact(qtbot, selling, OIL, OIL, MILO, f"1.25*{TOMATOES}")
    key(qtbot, Qt.Key.Key_F10)
    returns = selling.window.returns
    type_into_focus(qtbot, receipt)
    key(qtbot, Qt.Key.Key_Return)
    assert returns.receipt is not None
    prices = [returns.lines.item(row, 1).text() for row in range(returns.lines.rowCount())]
    assert prices == ["38.00", "62.00", "25.00"]  # the tomatoes by the kg (1.250 kg for 31.25)
    assert "nothing chosen" in returns.refund_total.text()
    # The first line's quantity has the keyboard at once: type it, Enter to the next line.
    assert QApplication.focusWidget() is returns.boxes[0].spin
    type_like_a_person(qtbot, selling, "1")
    assert "GH₵ 38.00" in returns.refund_total.text()
    press(qtbot, selling, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is returns.boxes[1].spin
    key(qtbot, Qt.Key.Key_Up)  # one more
    assert "GH₵ 100.00" in returns.refund_total.text() and "2 item(s)" in returns.refund_total.text()
    press(qtbot, selling, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is returns.boxes[2].field  # weighed: a weight
    type_like_a_person(qtbot, selling, "0.5")
    assert "GH₵ 112.50" in returns.refund_total.text()
    press(qtbot, selling, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is returns.reason  # after the last line: why
    type_like_a_person(qtbot, selling, "wrong item")
    assert stocked.db.scalar("SELECT count(*) FROM refunds") == 0  # nothing refunded yet
    key(qtbot, Qt.Key.Key_F6)
    approval = dialog(selling)
    assert "A refund of GH₵ 112.50" in approval.what.text() and receipt in approval.what.text()
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert returns.message.level == "ok", returns.message.text()
    assert "GH₵ 112.50" in returns.message.text()
    assert stocked.db.scalar("SELECT gross FROM refunds") == 11250


# -- sign in ----------------------------------------------------------------------------------------
def test_sign_in_chooses_nobody_then_the_last_cashier(qtbot, stocked, make_app):
    run = make_app(stocked)
    login = run.window.login
    assert login.users[0].email == DIRECTOR  # the first name in the list
    assert login.current_user() is None  # …is not chosen for whoever comes
    type_into_focus(qtbot, "4821")
    key(qtbot, Qt.Key.Key_Return)
    assert not stocked.auth.session.signed_in and "Choose your name" in login.message.text()
    sign_in(qtbot, run)  # Ama
    open_shift(qtbot, run)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert login.current_user().email == CASHIER  # the last cashier, ready for her PIN
    sign_in(qtbot, run, MANAGER, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert login.current_user().email == CASHIER  # a manager is never kept chosen


# -- sync --------------------------------------------------------------------------------------------
def test_the_sync_screens_counts_are_its_lists(qtbot, selling, stocked):
    pay_exact(qtbot, selling, OIL)
    pay_exact(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    sync = selling.window.screens["sync"]
    assert selling.window.current is sync
    waiting = stocked.outbox.depth()
    assert waiting == 3  # the shift's opening and two sales
    assert sync.pending.rowCount() == waiting
    assert sync.pending_caption.text() == f"Waiting to send: {waiting} (oldest first)"
    by_kind = sum(int(sync.kinds.item(r, 1).text()) for r in range(sync.kinds.rowCount()))
    assert by_kind == waiting
    assert sync.held_caption.text() == f"Held by head office: {sync.held.rowCount()}"
    assert selling.window.status.backlog.text().startswith(f"{waiting} ")  # "3 kept for head office"


# -- the demo window ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("area", "frame", "expected"),
    [
        # a 1366×768 laptop with a 40 px task bar: the window is as tall as there is room
        (QRect(0, 0, 1366, 728), QMargins(1, 32, 1, 1), QRect(93, 32, 1180, 695)),
        (QRect(0, 0, 1920, 1040), QMargins(0, 32, 0, 0), QRect(370, 136, 1180, 800)),
        (QRect(0, 27, 1024, 741), QMargins(0, 32, 0, 0), QRect(0, 59, 1024, 709)),
    ],
)
def test_the_demo_window_fits_the_screen_it_opens_on(area, frame, expected):
    got = fitted(QSize(1180, 800), area, frame)
    assert got == expected
    assert area.contains(got.adjusted(-frame.left(), -frame.top(), frame.right(), frame.bottom()))


def test_the_window_itself_is_fitted(qtbot, stocked, make_app):
    run = make_app(stocked)
    run.window.fit_to_screen(1180, 800)
    area = run.window.screen().availableGeometry()
    size = run.window.size()
    assert size.width() <= max(area.width(), 1024) and size.height() <= max(area.height(), 640)
    assert Decimal(size.width()) >= 1024
