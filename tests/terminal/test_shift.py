"""Shifts: open, cash in/out, no sale, X report, close with a count, Z report, blind close."""

from __future__ import annotations

import json

import pytest

from hardware.documents import ReportDoc
from shared.money import Money
from shared.payloads import ShiftClose
from terminal.errors import ApprovalNeeded, NotAllowed, ShiftError
from terminal.store.settings import save_settings
from terminal.tenders import card, cash, momo
from tests.terminal.conftest import CASHIER, CASHIER_PIN, MANAGER, MANAGER_PIN, OIL, reopen
from tests.terminal.helpers import assert_books_sound


def test_one_open_shift(till):
    with pytest.raises(ShiftError, match="already open"):
        till.shifts.open(Money.cedis(100))
    shift = till.shifts.current()
    assert (
        shift.number == 1
        and shift.business_date == "2026-03-02"
        and shift.opening_float == Money.cedis(200)
    )
    assert till.outbox.pending()[0].kind == "shift_open"


def test_cash_moves_and_expected_cash(till):
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(50))])  # 38 in cash
    till.sales.scan(OIL)
    till.sales.complete([momo(Money.cedis(38), "mtn", "44231234568")])
    till.shifts.cash_move("float_in", Money.cedis(50), "more change from the safe")
    with pytest.raises(ApprovalNeeded):
        till.shifts.cash_move("paid_out", Money.cedis(20), "fuel for generator")
    approval = till.auth.approve("cash_out", MANAGER, MANAGER_PIN)
    till.shifts.cash_move("paid_out", Money.cedis(20), "fuel for generator", approval=approval)
    with pytest.raises(ShiftError, match="should hold only"):
        till.shifts.cash_move(
            "to_safe",
            Money.cedis(5000),
            "x",
            approval=till.auth.approve("cash_out", MANAGER, MANAGER_PIN),
        )
    with pytest.raises(ShiftError, match="why"):
        till.shifts.cash_move("float_in", Money.cedis(1), " ")
    figures = till.shifts.figures(till.shifts.require_open())
    assert figures.expected == Money.cedis(200 + 38 + 50 - 20)
    assert figures.by_tender == {"Cash": Money.cedis(38), "MoMo — MTN": Money.cedis(38)}
    assert_books_sound(till)


def counting_openly(till):
    """Blind close is the default; these tests look at the figures a cashier sees without it."""
    with till.db.transaction() as conn:
        save_settings(conn, blind_close=False)
    till.reload_settings()


def test_x_report_needs_reports_permission_only_on_blind_close(till):
    counting_openly(till)
    figures = till.shifts.x_report()
    assert figures.sales_count == 0
    job = till.db.one("SELECT document FROM print_jobs WHERE kind = 'x_report'")
    doc = ReportDoc.from_json(json.loads(job[0]))
    assert doc.title.startswith("X report")


def test_close_with_count_posts_variance_and_prints_z(till):
    counting_openly(till)
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(100))])  # drawer: 200 + 38 = 238
    counts = {20000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1, 50: 1}  # 237.50: short by 0.50
    result = till.shifts.close(counts)
    assert result.counted == Money.parse("237.50")
    assert result.expected == Money.cedis(238) and result.variance == Money.parse("-0.50")
    assert result.z_no == "MAIN-T01-Z000001"
    envelope = till.outbox.pending()[-1]
    payload = envelope.typed_payload()
    assert isinstance(payload, ShiftClose) and payload.variance == Money(-50)
    short = till.db.one(
        "SELECT debit FROM journal_lines l JOIN journals j ON j.id = l.journal_id "
        "WHERE j.seq = ? AND l.account = '6100'",
        (result.seq,),
    )
    assert short[0] == 50
    z = ReportDoc.from_json(
        json.loads(till.db.scalar("SELECT document FROM print_jobs WHERE kind = 'z_report'"))
    )
    assert z.kind == "z_report" and any(s.title == "Count" for s in z.sections)
    assert till.shifts.current() is None
    assert till.backups.last().reason == "shift close"
    assert_books_sound(till)


def test_z_report_keeps_each_card_scheme(till):
    for scheme, ref in (("visa", "A1"), ("gh-link", "A2"), ("visa", "A3"), ("mastercard", "A4")):
        till.sales.scan(OIL)
        till.sales.complete([card(Money.cedis(38), ref, scheme)])
    till.sales.scan(OIL)
    till.sales.complete([momo(Money.cedis(38), "telecel", "TC123456")])
    figures = till.shifts.figures(till.shifts.require_open())
    assert list(figures.by_tender.items()) == [
        ("MoMo — Telecel", Money.cedis(38)),
        ("Card — Visa", Money.cedis(76)),
        ("Card — Mastercard", Money.cedis(38)),
        ("Card — GH-Link", Money.cedis(38)),
    ]
    till.shifts.close({20000: 1})
    z = ReportDoc.from_json(
        json.loads(till.db.scalar("SELECT document FROM print_jobs WHERE kind = 'z_report'"))
    )
    rows = {r.label: r.value for s in z.sections if s.title == "By payment method" for r in s.rows}
    assert rows == {"MoMo — Telecel": "GH₵ 38.00", "Card — Visa": "GH₵ 76.00",
                    "Card — Mastercard": "GH₵ 38.00", "Card — GH-Link": "GH₵ 38.00"}


def test_close_refuses_bad_counts_and_parked_carts(till):
    with pytest.raises(ShiftError, match="not a Ghana cedi"):
        till.shifts.close({300: 1})
    till.sales.scan(OIL)
    till.sales.park("later")
    with pytest.raises(ShiftError, match="parked"):
        till.shifts.close({20000: 1})


def test_blind_close(till, tmp_path, clock, key_store):
    with till.db.transaction() as conn:
        save_settings(conn, blind_close=True)
    till = reopen(till, tmp_path, clock, key_store)
    till.auth.login(CASHIER, CASHIER_PIN)
    with pytest.raises(NotAllowed):
        till.shifts.expected_cash()
    with pytest.raises(NotAllowed):
        till.shifts.x_report()
    result = till.shifts.close({20000: 1})
    assert result.expected is None and result.variance is None
    assert till.outbox.pending()[-1].typed_payload().blind is True
    till.close()


def test_no_sale_opens_the_drawer_with_approval(till):
    with pytest.raises(ApprovalNeeded):
        till.shifts.no_sale("change for a customer")
    job_id = till.shifts.no_sale(
        "change for a customer", approval=till.auth.approve("no_sale", MANAGER, MANAGER_PIN)
    )
    job = till.db.one("SELECT * FROM print_jobs WHERE id = ?", (job_id,))
    assert job["open_drawer"] == 1
    assert till.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'no_sale'") == 1


def test_blind_close_is_the_default(till):
    assert till.settings.blind_close
    with pytest.raises(NotAllowed, match="blind close"):
        till.shifts.x_report()


def test_closing_short_over_the_tenant_limit_needs_a_manager(till):
    """The default limit is GH₵ 20.00; the refusal does not tell a blind-counting cashier
    by how much the drawer is short."""
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])  # drawer: 200 + 38 = 238
    with pytest.raises(ApprovalNeeded) as refused:
        till.shifts.close({20000: 1})  # short by 38.00
    assert refused.value.action == "shift_shortage"
    assert "38" not in str(refused.value) and "manager" in str(refused.value)
    approval = till.auth.approve("shift_shortage", MANAGER, MANAGER_PIN, "counted twice")
    result = till.shifts.close({20000: 1}, approval=approval)
    assert result.z_no
    close = till.outbox.pending()[-1].typed_payload()
    assert isinstance(close, ShiftClose)
    assert [a.action for a in close.approvals] == ["shift_shortage"]
    assert till.db.scalar("SELECT used_seq FROM approvals WHERE action = 'shift_shortage'") is not None


def test_closing_short_within_the_limit_needs_no_one(till):
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    counts = {20000: 1, 1000: 2}  # 220.00: short by 18.00, under the GH₵ 20.00 limit
    assert till.shifts.close(counts).z_no


def test_the_shortage_limit_comes_from_the_tenant(till):
    with till.db.transaction() as conn:
        save_settings(conn, shortage_approval_pesewas=50)
    till.reload_settings()
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    with pytest.raises(ApprovalNeeded):
        till.shifts.close({20000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1})  # short by 1.00
