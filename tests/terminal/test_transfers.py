"""Transfers between branches and a van-sales day: envelopes, local journals, stock at both
ends, printed slips and the truck reconciliation, with figures worked out by hand.

Frytol oil (GH-0001) costs GH₵ 27.56 and sells at 38.00; Milo (GH-0005) costs 46.81 and
sells at 62.00."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hardware.documents import ReportDoc
from shared.money import Money
from shared.payloads import Transfer
from terminal.errors import ApprovalNeeded, TillError
from terminal.store.settings import save_settings
from terminal.tenders import cash, credit, momo
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO, OIL
from tests.terminal.helpers import assert_books_sound


def level(till, location: str, sku: str) -> Decimal:
    return till.transfers.level(location, sku)


def journal_of(till, seq: int) -> dict[tuple[str, str], int]:
    rows = till.db.query(
        "SELECT l.account, l.branch, sum(l.debit - l.credit) FROM journal_lines l JOIN journals j "
        "ON j.id = l.journal_id WHERE j.seq = ? GROUP BY l.account, l.branch", (seq,))
    return {(str(r[0]), str(r[1])): int(r[2]) for r in rows}


def approve(till):
    return till.auth.approve("stock_adjust", MANAGER, MANAGER_PIN)


def test_branch_transfer_out_and_in(till):
    with pytest.raises(ApprovalNeeded):
        till.transfers.transfer_out("TEMA", "SHOP", [("GH-0001", "10")])
    sent = till.transfers.transfer_out("tema", "shop", [("GH-0001", "10")], approval=approve(till))
    assert sent.value == Money(27560) and level(till, "SHOP", "GH-0001") == Decimal(-10)
    # the value moves at dispatch: into Tema's inventory, out of this branch's
    assert journal_of(till, sent.seq) == {("1200", "TEMA"): 27560, ("1200", "MAIN"): -27560}
    payload = till.outbox.pending()[-1].typed_payload()
    assert isinstance(payload, Transfer) and payload.kind == "transfer_out"
    assert (payload.to_branch, payload.to_location, payload.transfer_id) == ("TEMA", "SHOP", sent.transfer_id)

    # a truck from Accra: 12 sent, 11 arrived; the missing bottle is a loss at cost
    tid = "01900000-0000-7000-8000-0000000000ab"
    got = till.transfers.transfer_in(tid, "ACCRA", "WH", [("GH-0001", "12", "11")], approval=approve(till))
    assert got.value == Money(-2756) and level(till, "SHOP", "GH-0001") == Decimal(1)
    assert journal_of(till, got.seq) == {("5000", "MAIN"): 2756, ("1200", "MAIN"): -2756}
    with pytest.raises(TillError, match="already received"):
        till.transfers.transfer_in(tid, "ACCRA", "WH", [("GH-0001", "12", "12")], approval=approve(till))

    slip = json.loads(till.db.scalar("SELECT document FROM print_jobs WHERE reference = ?", (tid,)))
    doc = ReportDoc.from_json(slip)
    rows = {r.label.strip(): r.value for s in doc.sections for r in s.rows}
    assert doc.title == "STOCK TRANSFER IN" and rows["Sent"] == "12" and rows["Short"] == "1"
    assert_books_sound(till)


def test_bad_transfer_input_changes_nothing(till):
    till.auth.login(MANAGER, MANAGER_PIN)
    seq = till.outbox.head().seq
    with pytest.raises(TillError, match="different location"):
        till.transfers.transfer_out("MAIN", "SHOP", [("GH-0001", "1")])
    with pytest.raises(TillError, match="more than zero"):
        till.transfers.transfer_out("TEMA", "SHOP", [("GH-0001", "0")])
    with pytest.raises(TillError, match="No product"):
        till.transfers.truck_load("VAN-1", [("NOPE", "1")], store="WH")
    with pytest.raises(TillError, match="transfer number"):
        till.transfers.transfer_in("1234", "ACCRA", "WH", [("GH-0001", "1", "1")])
    with pytest.raises(TillError, match="van code"):
        till.transfers.truck_load("van 1", [("GH-0001", "1")], store="WH")
    with pytest.raises(TillError, match="holds nothing"):
        till.transfers.truck_return("VAN-1", [], store="WH")
    assert till.outbox.head().seq == seq


def test_van_sales_day_reconciles(till):
    """Yaw's day: load at the warehouse, sell on the route for cash, MoMo and on account,
    take a payment on an old invoice, return what is left at night."""
    with till.db.transaction() as conn:
        save_settings(conn, location="VAN-1")
    till.reload_settings()
    loaded = till.transfers.truck_load("VAN-1", [("GH-0001", "24"), ("GH-0005", "10")], store="WH",
                                       approval=approve(till))
    assert journal_of(till, loaded.seq) == {}  # the value stays in the branch
    assert (level(till, "WH", "GH-0001"), level(till, "VAN-1", "GH-0001")) == (Decimal(-24), Decimal(24))

    till.sales.scan(OIL, "3")
    till.sales.complete([cash(Money.cedis(120))])  # 114.00, change 6.00
    customer = till.customers.register("Kasoa Provisions")
    till.db.conn.execute("UPDATE customers SET credit_limit = 100000 WHERE id = ?", (customer.id,))
    till.sales.set_customer(customer.id)
    till.sales.scan(MILO, "2")
    till.sales.complete([credit(Money.cedis(124))])
    till.sales.scan(OIL)
    till.sales.complete([momo(Money.cedis(38), "mtn", "44231255501")])
    till.customers.take_payment(customer.id, [cash(Money.cedis(50))])
    assert level(till, "VAN-1", "GH-0001") == Decimal(20)

    # 19 bottles come back where the books say 20; all 8 tins of Milo come back
    back = till.transfers.truck_return("VAN-1", [("GH-0001", "19"), ("GH-0005", "8")], store="WH",
                                       approval=approve(till))
    assert back.value == Money(-2756)
    assert journal_of(till, back.seq) == {("5000", "MAIN"): 2756, ("1200", "MAIN"): -2756}
    assert (level(till, "VAN-1", "GH-0001"), level(till, "VAN-1", "GH-0005")) == (0, 0)
    assert (level(till, "WH", "GH-0001"), level(till, "WH", "GH-0005")) == (Decimal(-5), Decimal(-2))

    rec = till.transfers.print_truck_reconciliation("VAN-1")
    oil, milo = rec.lines
    assert (oil.sku, oil.loaded, oil.sold, oil.returned, oil.variance, oil.closing) == (
        "GH-0001", 24, 4, 19, 1, 0)
    assert (milo.loaded, milo.sold, milo.returned, milo.variance) == (10, 2, 8, 0)
    assert rec.sales == Money.cedis(276)
    assert rec.collected == {"cash": Money.cedis(114), "momo": Money.cedis(38)}
    assert rec.collected_by_label == {"Cash": Money.cedis(114), "MoMo — MTN": Money.cedis(38)}
    assert rec.outstanding == Money.cedis(124)
    assert (rec.account_payments, rec.cash_to_hand_in) == (Money.cedis(50), Money.cedis(164))
    assert rec.variance_value == Money(2756) and rec.balances
    doc = ReportDoc.from_json(json.loads(till.db.scalar(
        "SELECT document FROM print_jobs WHERE kind = 'truck_reconciliation'")))
    labels = [r.label for s in doc.sections for r in s.rows]
    assert "  Variance" in labels and doc.footer == ""
    assert "  Collected: MoMo — MTN" in labels
    # another day on the same van shows nothing
    assert till.transfers.truck_reconciliation("VAN-1", "2026-03-03").lines == ()
    assert_books_sound(till)
