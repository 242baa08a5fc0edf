"""Stock receive, adjust and count through envelopes, journals and stock moves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.money import Money
from terminal.errors import ApprovalNeeded, TillError
from terminal.tenders import cash
from tests.terminal.conftest import MANAGER, MANAGER_PIN, OIL
from tests.terminal.helpers import assert_books_sound


def test_receive_adjust_count(till):
    stock = till.stock
    with pytest.raises(ApprovalNeeded):
        stock.receive("DN-001", "Wilmar Ghana", [("GH-0001", "24", Money(2756))])
    approval = till.auth.approve("stock_adjust", MANAGER, MANAGER_PIN)
    received = stock.receive("DN-001", "Wilmar Ghana", [("GH-0001", "24", Money(2756))], approval=approval)
    assert received.value == Money(2756 * 24) and stock.on_hand("GH-0001") == Decimal(24)
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    assert stock.on_hand("GH-0001") == Decimal(23)
    approval = till.auth.approve("stock_adjust", MANAGER, MANAGER_PIN)
    loss = stock.adjust([("GH-0001", "-2")], reason="damaged", note="dropped carton", approval=approval)
    assert loss.value == Money(-2756 * 2) and stock.on_hand("GH-0001") == Decimal(21)
    approval = till.auth.approve("stock_adjust", MANAGER, MANAGER_PIN)
    counted = stock.count([("GH-0001", "20")], approval=approval)
    assert counted.value == Money(-2756) and stock.on_hand("GH-0001") == Decimal(20)
    kinds = [e.kind for e in till.outbox.pending()]
    assert kinds[-4:] == ["stock_receive", "sale", "stock_adjust", "stock_count"]
    assert_books_sound(till)


def test_bad_stock_input_changes_nothing(till):
    till.auth.login(MANAGER, MANAGER_PIN)
    seq = till.outbox.head().seq
    with pytest.raises(TillError, match="reason"):
        till.stock.adjust([("GH-0001", "-1")], reason="lost in space")
    with pytest.raises(TillError, match="zero"):
        till.stock.adjust([("GH-0001", "0")], reason="found")
    with pytest.raises(TillError):
        till.stock.receive("DN 1 bad", "X", [("GH-0001", "1", Money(1))])
    assert till.outbox.head().seq == seq
