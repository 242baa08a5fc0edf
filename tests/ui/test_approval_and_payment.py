"""Manager approval as a PIN dialog, and taking payment in every way a Ghanaian shop is
paid: cash with quick notes, MoMo with its reference, card with its approval code, on
account (over the limit needs a manager), and splits."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt

from shared.money import Money
from terminal.clock import stamp
from terminal.store.masterdata import CustomerRecord
from terminal.ui.payment_screen import quick_amounts
from tests.terminal.conftest import MANAGER_PIN, MILO, OIL

from .helpers import click, dialog, key, open_shift, scan, sign_in, type_into_focus

pytestmark = pytest.mark.gui


@pytest.fixture
def selling(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def last_sale(till):
    row = till.db.one("SELECT id, gross, change FROM sales ORDER BY seq DESC LIMIT 1")
    tenders = till.db.query("SELECT method, provider, reference, amount, tendered FROM sale_tenders "
                            "WHERE sale_id = ? ORDER BY n", (row["id"],))
    return row, [tuple(t) for t in tenders]


def test_discount_over_the_cashiers_limit_needs_a_manager_pin(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, OIL)  # 2 × 38.00
    key(qtbot, Qt.Key.Key_F6)
    discount = dialog(selling)
    discount.percent.setText("10")  # over Ama's 5 %
    key(qtbot, Qt.Key.Key_Return)
    approval = dialog(selling)
    assert approval.objectName() == "dialog.approval"
    assert "manager" in approval.intro.text().lower()
    assert approval.approver.currentText().startswith("Kwame Boateng")
    type_into_focus(qtbot, "0000")
    key(qtbot, Qt.Key.Key_Return)
    assert approval.isVisible() and "Wrong PIN" in approval.message.text()
    assert selling.window.sale.model.lines[0].line_discount.is_zero
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert not approval.isVisible()
    line = selling.window.sale.model.lines[0]
    assert line.line_discount == Money.parse("7.60")
    assert selling.window.sale.totals.total.text() == Money.parse("68.40").format()
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)
    envelope = stocked.outbox.pending()[-1]
    approvals = envelope.typed_payload().approvals
    assert [(a.action, a.approver) for a in approvals] == [("discount", "manager@acme.example.test")]
    assert stocked.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'login_failed' "
                             "OR action = 'approval_failed'") >= 1


def test_price_change_by_a_cashier_needs_a_manager(qtbot, selling):
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F7)
    price = dialog(selling)
    type_into_focus(qtbot, "55")
    price.reason.setText("dented tin")
    key(qtbot, Qt.Key.Key_Return)
    approval = dialog(selling)
    assert approval.action == "price_override"
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert selling.window.sale.model.lines[0].unit_price == Money.parse("55.00")
    assert selling.window.sale.model.lines[0].price_override


def test_quick_note_amounts():
    assert quick_amounts(Money.parse("37.50")) == [Money.cedis(n) for n in (40, 50, 100, 200)]
    assert quick_amounts(Money.parse("138.00")) == [Money.cedis(n) for n in (140, 150, 200, 300)]
    assert quick_amounts(Money.cedis(200)) == [Money.cedis(300)]
    assert quick_amounts(Money.ZERO) == []


def test_cash_with_a_quick_note_shows_the_change(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)  # 38.00
    key(qtbot, Qt.Key.Key_F12)
    pay = selling.window.screens["payment"]
    click(qtbot, pay, "payment.quick.50")
    sale = selling.window.sale
    assert selling.window.current is sale
    assert sale.totals.change.text() == Money.parse("12.00").format()
    row, tenders = last_sale(stocked)
    assert row["change"] == 1200 and tenders == [("cash", None, None, 3800, 5000)]


def test_momo_part_then_cash(qtbot, selling, stocked):
    scan(qtbot, selling, OIL)
    scan(qtbot, selling, MILO)  # 100.00
    key(qtbot, Qt.Key.Key_F12)
    pay = selling.window.screens["payment"]
    key(qtbot, Qt.Key.Key_F6)
    assert pay.momo_amount.text() == "100.00"
    pay.momo_amount.setText("60.00")
    click(qtbot, pay, "payment.momo.telecel")
    pay.momo_reference.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # no reference yet
    assert "reference" in pay.message.text().lower() and pay.entries == []
    type_into_focus(qtbot, "TC123456")
    key(qtbot, Qt.Key.Key_Return)
    assert pay.still_to_pay() == Money.cedis(40)
    assert pay.remaining.text() == Money.cedis(40).format()
    type_into_focus(qtbot, "50")
    key(qtbot, Qt.Key.Key_Return)
    assert selling.window.current is selling.window.sale
    row, tenders = last_sale(stocked)
    assert tenders == [("cash", None, None, 4000, 5000), ("momo", "telecel", "TC123456", 6000, 6000)]
    assert row["change"] == 1000


def test_card_needs_the_approval_code(qtbot, selling, stocked):
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F12)
    pay = selling.window.screens["payment"]
    key(qtbot, Qt.Key.Key_F7)
    key(qtbot, Qt.Key.Key_Return)
    assert "approval code" in pay.message.text()
    type_into_focus(qtbot, "A1B2C3")
    key(qtbot, Qt.Key.Key_Return)
    _row, tenders = last_sale(stocked)
    assert tenders == [("card", "visa", "A1B2C3", 6200, 6200)]


def test_credit_over_the_limit_needs_a_manager(qtbot, selling, stocked):
    stocked.master_data.upsert_customers(
        [CustomerRecord(str(uuid.UUID(int=7)), "Auntie Esi Provisions", credit_limit=Money.cedis(50),
                        balance=Money.cedis(20))], as_of_seq=0, at=stamp(stocked.clock.now()))
    scan(qtbot, selling, MILO)  # 62.00
    key(qtbot, Qt.Key.Key_F8)
    type_into_focus(qtbot, "Esi")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_F12)
    pay = selling.window.screens["payment"]
    key(qtbot, Qt.Key.Key_F8)
    assert "owes GH₵ 20.00" in pay.credit_info.text() and "available GH₵ 30.00" in pay.credit_info.text()
    pay.credit_amount.setText("62.00")
    key(qtbot, Qt.Key.Key_Return)
    approval = dialog(selling)
    assert approval.action == "over_credit_limit" and "over the credit limit" in approval.intro.text()
    type_into_focus(qtbot, MANAGER_PIN)
    key(qtbot, Qt.Key.Key_Return)
    assert selling.window.current is selling.window.sale
    assert stocked.customers.get(str(uuid.UUID(int=7))).balance == Money.cedis(82)


def test_complete_with_nothing_entered_and_back(qtbot, selling):
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F12)
    pay = selling.window.screens["payment"]
    key(qtbot, Qt.Key.Key_F12)
    assert "exact cash" in pay.message.text()
    key(qtbot, Qt.Key.Key_Escape)
    assert selling.window.current is selling.window.sale
    assert len(selling.window.sale.model.lines) == 1
