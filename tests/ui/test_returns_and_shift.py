"""Returns and voids by receipt number or by scanning the receipt's code; the shift:
open with a float, cash in and out, X report, close with the count and its variance,
the Z report and its reprint."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from shared.money import Money
from terminal.receipts import qr_payload
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO, OIL

from .helpers import click, dialog, key, open_shift, scan, sign_in, type_into_focus

pytestmark = pytest.mark.gui


@pytest.fixture
def selling(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def sell(qtbot, run, *codes: str) -> str:
    for code in codes:
        scan(qtbot, run, code)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)
    return run.ctx.till.db.scalar("SELECT receipt_no FROM sales ORDER BY seq DESC LIMIT 1")


def test_return_one_damaged_line_by_receipt_number(qtbot, selling, stocked):
    receipt = sell(qtbot, selling, OIL, OIL, MILO)
    key(qtbot, Qt.Key.Key_F10)
    returns = selling.window.returns
    assert returns.recent.count() == 1 and receipt in returns.recent.item(0).text()
    type_into_focus(qtbot, receipt)
    key(qtbot, Qt.Key.Key_Return)
    assert returns.receipt is not None and returns.receipt.receipt_no == receipt
    returns.lines.cellWidget(0, 4).spin.setValue(1)  # one of the two bottles
    returns.lines.cellWidget(0, 5).setChecked(True)  # damaged: not back on the shelf
    click(qtbot, returns, "returns.reason.damaged")
    key(qtbot, Qt.Key.Key_F6)
    approval = dialog(selling)
    assert approval.action == "refund"
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert returns.message.level == "ok" and "MAIN-T01-R000001" in returns.message.text()
    assert "GH₵ 38.00" in returns.message.text()
    row = stocked.db.one("SELECT qty, restock FROM refund_lines")
    assert (Decimal(row["qty"]), row["restock"]) == (Decimal("1.000"), 0)
    assert stocked.print_queue.waiting()[-1].reference == "MAIN-T01-R000001"
    assert returns.lines.item(0, 3).text() == "1"  # shown as returned now


def test_scanning_the_receipt_on_the_sale_screen_opens_the_return(qtbot, selling, stocked):
    receipt = sell(qtbot, selling, MILO)
    envelope_hash = stocked.db.scalar("SELECT o.hash FROM outbox o JOIN sales s ON s.seq = o.seq")
    scan(qtbot, selling, qr_payload(receipt, envelope_hash))
    assert selling.window.current is selling.window.returns
    assert selling.window.returns.receipt.receipt_no == receipt
    selling.window.returns.lines.cellWidget(0, 4).set_all()
    key(qtbot, Qt.Key.Key_F6)
    assert selling.window.dialog is None  # no manager is called over for an incomplete return
    assert "Say why" in selling.window.returns.message.text()


def test_scanning_the_printed_verifiable_qr_opens_the_return(qtbot, selling, stocked):
    import json

    from hardware.documents import ReceiptDoc

    receipt = sell(qtbot, selling, MILO)
    job = stocked.db.one("SELECT document FROM print_jobs WHERE reference = ?", (receipt,))
    printed = ReceiptDoc.from_json(json.loads(job["document"])).qr_payload
    assert printed.startswith("BSM1|S|")  # the verifiable QR, over 200 characters
    scan(qtbot, selling, printed)
    assert selling.window.current is selling.window.returns
    assert selling.window.returns.receipt.receipt_no == receipt


def test_scanning_the_receipt_barcode_opens_the_return(qtbot, selling):
    receipt = sell(qtbot, selling, OIL)
    scan(qtbot, selling, receipt)  # the CODE128 under the QR code carries the receipt number
    assert selling.window.current is selling.window.returns
    assert selling.window.returns.receipt.receipt_no == receipt
    key(qtbot, Qt.Key.Key_Escape)
    scan(qtbot, selling, "MAIN-T01-999999")  # looks like a receipt, is none
    assert selling.window.current is selling.window.sale
    assert "not in the catalogue" in selling.window.sale.message.text()


def test_blind_close_hides_what_the_drawer_should_hold(qtbot, selling, stocked):
    from terminal.store.settings import save_settings

    with stocked.db.transaction() as conn:
        save_settings(conn, blind_close=True)
    stocked.reload_settings()
    sell(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_F11)
    key(qtbot, Qt.Key.Key_F9)
    count = selling.window.screens["count"]
    assert "Blind count" in count.expected_label.text() and not count.variance.isVisible()
    type_into_focus(qtbot, "1")
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)
    # GH₵ 38.00 short, over the GH₵ 20.00 limit: a manager approves, and is not told how much
    assert "manager" in dialog(selling).intro.text() and "38" not in dialog(selling).intro.text()
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert count.result is not None and count.result.expected is None
    assert "manager sees the variance" in count.result_text.text()
    assert stocked.db.scalar("SELECT variance FROM shifts") == 20000 - 23800


def test_void_by_a_manager(qtbot, selling, stocked):
    receipt = sell(qtbot, selling, OIL)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    sign_in(qtbot, selling, MANAGER, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_F10)
    selling.window.returns.find_sale(receipt)
    key(qtbot, Qt.Key.Key_F7)
    type_into_focus(qtbot, "rang up twice")
    key(qtbot, Qt.Key.Key_Return)  # Enter from the reason: onto "Keep the sale", nothing voided
    assert stocked.db.scalar("SELECT status FROM sales") == "completed"
    assert "Tab" in dialog(selling).message.text()
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)
    assert stocked.db.scalar("SELECT status FROM sales") == "voided"
    assert "voided" in selling.window.returns.message.text()
    assert "VOIDED" in selling.window.returns.heading.text()


def test_cash_moves_x_report_and_close_with_a_variance(qtbot, selling, stocked):
    from terminal.store.settings import save_settings

    with stocked.db.transaction() as conn:
        save_settings(conn, blind_close=False)  # blind close is the default
    stocked.reload_settings()
    sell(qtbot, selling, OIL)  # 38.00 cash
    key(qtbot, Qt.Key.Key_F11)
    shift = selling.window.screens["shift"]
    assert "Shift 1" in shift.info.text()
    key(qtbot, Qt.Key.Key_F5)  # cash in
    type_into_focus(qtbot, "50")
    dialog(selling).reason.setText("more change")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F6)  # cash out: a cashier needs a manager
    type_into_focus(qtbot, "20")
    dialog(selling).reason.setText("fuel for the generator")
    key(qtbot, Qt.Key.Key_Return)
    assert "GH₵ 20.00" in dialog(selling).what.text()  # the manager sees what and how much
    assert "fuel for the generator" in dialog(selling).what.text()
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F8)
    texts = [shift.report.item(r, 1).text() for r in range(shift.report.rowCount())]
    expected = Money.cedis(200 + 38 + 50 - 20)
    assert expected.format() in texts  # expected in drawer
    assert stocked.print_queue.waiting()[-1].kind == "x_report"
    key(qtbot, Qt.Key.Key_F9)
    count = selling.window.screens["count"]
    assert selling.window.current is count
    assert count.expected_label.text() == expected.format()
    type_into_focus(qtbot, "1")  # one 200 note
    key(qtbot, Qt.Key.Key_Return)  # next: 100s
    key(qtbot, Qt.Key.Key_Return)  # 50s
    type_into_focus(qtbot, "1")
    assert count.counted_total() == Money.cedis(250)
    assert count.variance.text() == Money.cedis(-18).format()
    assert count.variance_caption.text() == "Short"
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Tab)  # to "Close the shift"
    key(qtbot, Qt.Key.Key_Return)  # confirm
    assert count.result is not None
    assert count.result.variance == Money.cedis(-18)
    assert count.result_variance.text() == "Short by GH₵ 18.00"
    z_no = count.result.z_no
    assert stocked.print_queue.waiting()[-1].reference == z_no
    click(qtbot, count, "count.reprint_z")
    assert stocked.db.scalar("SELECT count(*) FROM print_jobs WHERE reference = ? AND copy = 1", (z_no,)) == 1
    assert stocked.db.scalar("SELECT variance FROM shifts") == -1800
    key(qtbot, Qt.Key.Key_Return)  # sign out
    assert selling.window.current is selling.window.login


def test_close_refused_while_a_cart_is_parked(qtbot, selling):
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F9)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F11)
    key(qtbot, Qt.Key.Key_F9)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)
    count = selling.window.screens["count"]
    assert count.result is None and "parked" in count.message.text()


def test_reprint_from_the_shift_screen(qtbot, selling, stocked):
    receipt = sell(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F11)
    key(qtbot, Qt.Key.Key_F10)
    shift = selling.window.screens["shift"]
    assert receipt in shift.documents.item(0).text()
    click(qtbot, shift, "shift.reprint_chosen")
    assert stocked.db.scalar("SELECT reference FROM print_jobs WHERE copy = 1") == receipt


def test_the_drawer_counts_to_the_pesewa_with_5_p_and_1_p_coins(qtbot, selling, stocked):
    from terminal.store.settings import save_settings

    with stocked.db.transaction() as conn:
        save_settings(conn, blind_close=False)
    stocked.reload_settings()
    sell(qtbot, selling, OIL)  # 38.00 cash
    key(qtbot, Qt.Key.Key_F11)
    key(qtbot, Qt.Key.Key_F5)  # cash in 6 pesewas: only 5 p and 1 p coins make it exact
    type_into_focus(qtbot, "0.06")
    dialog(selling).reason.setText("coins found under the drawer")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F9)
    count = selling.window.screens["count"]
    assert count.expected_label.text() == Money.parse("238.06").format()
    # By keyboard, largest first: a number, then Enter to the next denomination.
    for n in ("1", "", "", "1", "1", "1", "1", "1", "", "", "", "1"):
        if n:
            type_into_focus(qtbot, n)
        key(qtbot, Qt.Key.Key_Return)
    type_into_focus(qtbot, "1")  # 1 p, the last
    assert count.counted_total() == Money.parse("238.06")
    assert count.variance.text() == Money.ZERO.format()
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)
    assert count.result is not None and count.result.variance == Money.ZERO
    counts = stocked.db.scalar("SELECT counts FROM shifts")
    assert '"5": 1' in counts and '"1": 1' in counts
