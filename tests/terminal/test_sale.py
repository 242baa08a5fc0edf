"""Ringing up and completing sales."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hardware.documents import ReceiptDoc
from shared.audit.receipt import receipt_fields, verify_receipt
from shared.keys import public_key_from_text
from shared.money import Money
from shared.pricing import price_lines
from shared.tax import GHANA_2026
from terminal.barcodes import make_scale_label
from terminal.errors import (
    ApprovalNeeded,
    CartError,
    CreditLimitExceeded,
    NoOpenShift,
    NotAllowed,
    StorageFull,
    TenderError,
)
from terminal.store.masterdata import CustomerRecord
from terminal.tenders import TenderInput, card, cash, credit, momo
from tests.terminal.conftest import CASHIER, MANAGER, MANAGER_PIN, MILO, OIL, TOMATOES
from tests.terminal.helpers import assert_books_sound, stock

CUSTOMER = "5d0c2f3e-1111-4c39-9f5e-0c1f2a3b4c5d"


LIMIT, BALANCE = Money(100_000), Money(20_000)


def add_customer(till, limit=LIMIT, balance=BALANCE, tin="C0012345678"):
    till.master_data.upsert_customers(
        [
            CustomerRecord(
                CUSTOMER,
                "Osu Provisions Ltd",
                tin=tin,
                price_list="wholesale",
                credit_limit=limit,
                balance=balance,
            )
        ],
        as_of_seq=0,
        at="2026-03-02T08:00:00+00:00",
    )


def test_scan_merges_and_prices_through_shared(till):
    till.sales.scan(OIL)
    view = till.sales.scan(OIL)
    assert len(view.lines) == 1 and view.lines[0].qty == Decimal("2.000")
    expected = price_lines(
        (till.sales._current().lines[0].as_input(),),
        order_discount=Money.ZERO,
        regime=GHANA_2026,
        inclusive=True,
    )
    assert view.lines == expected
    assert view.total == Money.cedis(76)
    view = till.sales.set_qty(1, "3")
    assert view.total == Money.cedis(114)
    view = till.sales.remove_line(1)
    assert view.empty


def test_cash_sale_commits_everything_together(till):
    till.sales.scan(OIL)
    till.sales.scan(MILO)
    result = till.sales.complete([cash(Money.cedis(150))])
    assert result.receipt_no == "MAIN-T01-000001"
    assert result.total == Money.cedis(100) and result.change == Money.cedis(50)
    db = till.db
    sale = db.one("SELECT * FROM sales WHERE id = ?", (result.sale_id,))
    assert sale["seq"] == result.seq == 2  # 1 is the shift open
    assert sale["vat"] + sale["nhil"] + sale["getfund"] + sale["net"] == sale["gross"] == 10000
    assert db.scalar("SELECT count(*) FROM sale_lines WHERE sale_id = ?", (result.sale_id,)) == 2
    assert db.scalar("SELECT count(*) FROM journals WHERE seq = ?", (result.seq,)) == 1
    assert stock(till, "GH-0001") == Decimal("-1") and stock(till, "GH-0005") == Decimal("-1")
    assert db.scalar("SELECT count(*) FROM carts") == 0
    job = db.one("SELECT * FROM print_jobs WHERE reference = ?", (result.receipt_no,))
    doc = ReceiptDoc.from_json(json.loads(job["document"]))
    assert doc.total == Money.cedis(100) and doc.change == Money.cedis(50) and doc.kind == "sale"
    assert job["open_drawer"] == 1 and job["drawer_deadline"] > job["created_at"]
    envelope = till.outbox.pending()[-1]
    # The verifiable QR (shared.audit.receipt): this sale's figures, signed by the till.
    qr = verify_receipt(doc.qr_payload, public_key_from_text(till.identity.public_key))
    assert qr.fields == receipt_fields(envelope)
    assert qr.fields.receipt_no == "MAIN-T01-000001" and qr.fields.gross == Money.cedis(100)
    assert envelope.kind == "sale" and envelope.business_date == "2026-03-02"
    assert envelope.user == CASHIER and envelope.tenant is None and envelope.branch == "MAIN"
    assert envelope.created_at == "2026-03-02T08:30:00.000+00:00"
    assert envelope.typed_payload() == result.sale
    assert_books_sound(till)


def test_receipt_numbers_are_consecutive(till):
    numbers = []
    for _ in range(3):
        till.sales.scan(OIL)
        numbers.append(till.sales.complete([cash(Money.cedis(38))]).receipt_no)
    assert numbers == ["MAIN-T01-000001", "MAIN-T01-000002", "MAIN-T01-000003"]


def test_split_tender_and_change(till):
    till.sales.add("GH-0001", "1", "carton")  # walk-in: 12 × 38.00
    tenders = [
        momo(Money.cedis(200), "mtn", "7712345678"),
        card(Money.cedis(100), "A123", "visa"),
        cash(Money.cedis(200)),
    ]
    result = till.sales.complete(tenders)
    assert result.total == Money.cedis(456)
    assert result.change == Money.cedis(44)
    methods = {t.method: (t.amount, t.tendered) for t in result.sale.tenders}
    assert methods["cash"] == (Money.cedis(156), Money.cedis(200))
    assert methods["momo"][0] == Money.cedis(200)
    assert_books_sound(till)


@pytest.mark.parametrize(
    ("tenders", "message"),
    [
        ([cash(Money.cedis(10))], "still to pay"),
        ([momo(Money.cedis(38), "mtn", "")], "reference"),
        ([momo(Money.cedis(38), "vodafone", "x")], "network"),
        ([card(Money.cedis(38), "")], "approval code"),
        ([card(Money.cedis(50), "A1")], "more than"),
        ([momo(Money.cedis(38), "mtn", "44231234570"), cash(Money.cedis(5))], "No cash is needed"),
        ([], "how the customer pays"),
    ],
)
def test_bad_tenders_change_nothing(till, tenders, message):
    till.sales.scan(OIL)
    seq = till.outbox.head().seq
    with pytest.raises(TenderError, match=message):
        till.sales.complete(tenders)
    assert till.outbox.head().seq == seq
    assert len(till.sales.view().lines) == 1


def test_credit_sale_to_registered_customer_at_wholesale(till):
    add_customer(till)
    till.sales.add("GH-0001", "1", "carton")
    view = till.sales.set_customer(CUSTOMER)
    assert view.price_list == "wholesale" and view.total == Money.parse("419.52")
    result = till.sales.complete([credit(Money.parse("419.52"))])
    assert till.customers.get(CUSTOMER).balance == Money.parse("619.52")
    doc = json.loads(
        till.db.scalar("SELECT document FROM print_jobs WHERE reference = ?", (result.receipt_no,))
    )
    assert doc["customer_tin"] == "C0012345678"
    journal = till.db.query(
        "SELECT account, debit FROM journal_lines l JOIN journals j ON j.id = l.journal_id "
        "WHERE j.seq = ? AND l.debit > 0",
        (result.seq,),
    )
    assert ("1100", 41952) in [(r[0], r[1]) for r in journal]
    assert_books_sound(till)


def test_credit_needs_a_customer(till):
    till.sales.scan(OIL)
    with pytest.raises(CartError, match="registered customer"):
        till.sales.complete([credit(Money.cedis(38))])


def test_over_credit_limit_needs_approval_and_is_flagged(till):
    add_customer(till, limit=Money.cedis(500), balance=Money.cedis(200))
    till.sales.set_customer(CUSTOMER)
    till.sales.add("GH-0001", "1", "carton")
    with pytest.raises(CreditLimitExceeded, match="over the credit limit") as refused:
        till.sales.complete([credit(Money.parse("419.52"))])
    assert refused.value.action == "over_credit_limit"
    approval = till.auth.approve("over_credit_limit", MANAGER, MANAGER_PIN, "good customer")
    result = till.sales.complete([credit(Money.parse("419.52"))], approval=approval)
    assert result.flags == ("over_credit_limit",)
    assert result.sale.approvals[0].approver == MANAGER
    assert (
        till.db.scalar("SELECT used_seq FROM approvals WHERE id = ?", (approval.id,)) == result.seq
    )


def test_discounts_within_limit_and_beyond(till):
    till.sales.scan(MILO)  # 62.00; cashier limit 5 %
    view = till.sales.discount_line(1, Money.parse("3.10"))
    assert view.total == Money.parse("58.90")
    with pytest.raises(ApprovalNeeded) as needed:
        till.sales.discount_line(1, percent_off=Decimal(10))
    assert needed.value.action == "discount"
    approval = till.auth.approve("discount", MANAGER, MANAGER_PIN, "loyal customer")
    view = till.sales.discount_line(1, percent_off=Decimal(10), approval=approval)
    assert view.total == Money.parse("55.80")
    with pytest.raises(NotAllowed, match="up to 20"):
        till.sales.discount_order(
            percent_off=Decimal(50), approval=till.auth.approve("discount", MANAGER, MANAGER_PIN)
        )
    result = till.sales.complete([cash(Money.cedis(60))])
    assert [a.action for a in result.sale.approvals] == ["discount"]
    assert result.sale.lines[0].line_discount == Money.parse("6.20")
    assert_books_sound(till)


def test_an_approval_is_spent_once(till):
    approval = till.auth.approve("discount", MANAGER, MANAGER_PIN)
    till.sales.scan(MILO)
    till.sales.discount_line(1, percent_off=Decimal(10), approval=approval)
    till.sales.complete([cash(Money.cedis(60))])
    till.sales.scan(MILO)
    till.sales.discount_line(1, percent_off=Decimal(10), approval=approval)
    seq = till.outbox.head().seq
    with pytest.raises(NotAllowed, match="already used"):
        till.sales.complete([cash(Money.cedis(60))])
    assert till.outbox.head().seq == seq


def test_price_override_needs_permission(till):
    till.sales.scan(MILO)
    with pytest.raises(ApprovalNeeded):
        till.sales.override_price(1, Money.cedis(55), "price tag says 55")
    approval = till.auth.approve("price_override", MANAGER, MANAGER_PIN)
    view = till.sales.override_price(1, Money.cedis(55), "price tag says 55", approval=approval)
    assert view.lines[0].price_override and view.total == Money.cedis(55)
    assert till.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'price_override'") == 1
    result = till.sales.complete([cash(Money.cedis(55))])
    assert result.sale.lines[0].price_override


def test_weighed_items(till):
    with pytest.raises(CartError, match="sold by weight"):
        till.sales.scan("6030010053431")
    view = till.sales.scan(make_scale_label("21", "00039", 1250))
    assert view.lines[0].qty == Decimal("1.250") and view.lines[0].gross == Money.parse("31.25")
    view = till.sales.scan(
        make_scale_label("26", "00041", 900)
    )  # GH₵ 9.00 of garden eggs at 18.00/kg
    assert view.lines[1].qty == Decimal("0.500") and view.lines[1].gross == Money.cedis(9)
    view = till.sales.scan("6030010053431", qty="0.750")
    assert view.lines[2].qty == Decimal("0.750")
    result = till.sales.complete([cash(Money.cedis(100))])
    assert stock(till, TOMATOES) == Decimal("-2.000")
    assert_books_sound(till)
    assert result.sale.lines[0].tax_code.value == "A" and result.sale.totals.vat == Money.ZERO


def test_park_and_recall(till):
    till.sales.scan(OIL)
    till.sales.park("Mr Mensah")
    assert till.sales.view().empty
    till.sales.scan(MILO)
    till.sales.complete([cash(Money.cedis(62))])
    parked = till.sales.parked()
    assert [(p.label, p.lines, p.total) for p in parked] == [("Mr Mensah", 1, Money.cedis(38))]
    view = till.sales.recall(parked[0].id)
    assert view.lines[0].sku == "GH-0001"
    assert till.sales.parked() == ()
    till.sales.complete([cash(Money.cedis(38))])


def test_sales_need_an_open_shift(stocked_till):
    stocked_till.auth.login(CASHIER, "1357")
    with pytest.raises(NoOpenShift):
        stocked_till.sales.scan(OIL)


def test_a_failure_inside_the_commit_leaves_nothing(till):
    """Make the last write of the sale (its print job) fail: nothing of the sale stays."""
    till.sales.scan(OIL)
    before = {
        t: till.db.scalar(f"SELECT count(*) FROM {t}")
        for t in (
            "sales",
            "sale_lines",
            "sale_tenders",
            "outbox",
            "journals",
            "journal_lines",
            "stock_moves",
            "print_jobs",
        )
    }
    counter = till.db.scalar("SELECT last FROM doc_counters WHERE series = 'sale'")
    till.db.conn.execute(
        "CREATE TEMP TRIGGER fail_print BEFORE INSERT ON print_jobs "
        "BEGIN SELECT RAISE(ABORT, 'printer queue broken'); END"
    )
    with pytest.raises(Exception, match="printer queue broken"):
        till.sales.complete([cash(Money.cedis(50))])
    after = {t: till.db.scalar(f"SELECT count(*) FROM {t}") for t in before}
    assert after == before
    assert till.db.scalar("SELECT last FROM doc_counters WHERE series = 'sale'") == counter
    assert len(till.sales.view().lines) == 1
    till.db.conn.execute("DROP TRIGGER fail_print")
    assert till.sales.complete([cash(Money.cedis(50))]).receipt_no == "MAIN-T01-000001"


def test_disk_full_keeps_the_cart(till):
    """SQLITE_FULL via max_page_count (the fault tests also fill a real filesystem)."""
    pages = till.db.scalar("PRAGMA page_count")
    till.db.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StorageFull, match="disk is full"):
        for _ in range(500):
            view = till.sales.add("GH-0002", "1")
            till.sales.complete([cash(view.total)])
    seq = till.outbox.head().seq
    assert till.db.scalar("SELECT count(*) FROM sales") == seq - 1  # every sale whole, none half
    kept = till.sales.view()
    till.db.conn.execute("PRAGMA max_page_count = 1073741823")
    result = till.sales.complete([cash(kept.total)])
    assert result.seq == seq + 1
    assert_books_sound(till)


def test_tender_input_shapes():
    assert TenderInput("cash", Money.cedis(1)).method == "cash"


def test_a_free_sale_is_refused_in_words(till):
    till.sales.scan(MILO)
    approval = till.auth.approve("price_override", MANAGER, MANAGER_PIN)
    till.sales.override_price(1, Money.ZERO, "promotion", approval=approval)
    with pytest.raises(CartError, match=r"GH₵ 0\.00"):
        till.sales.complete([cash(Money.cedis(1))])


def test_a_sale_after_midnight_is_taxed_by_its_own_time_not_its_shift(stocked_till, clock):
    """A shift opened on 31 December 2025; a sale at 00:30 on 1 January 2026 is taxed
    under the 2026 regime (the COVID levy was abolished), as the server prices it."""
    from datetime import date, datetime

    from shared.pricing import check_sale
    from shared.tax import DEFAULT_PROFILE
    from tests.terminal.conftest import CASHIER_PIN, GHANA

    clock.set(datetime(2025, 12, 31, 21, 0, tzinfo=GHANA))
    stocked_till.auth.login(CASHIER, CASHIER_PIN)
    stocked_till.shifts.open(Money.cedis(200))
    stocked_till.sales.scan(OIL)
    before = stocked_till.sales.view()
    clock.set(datetime(2026, 1, 1, 0, 30, tzinfo=GHANA))
    stocked_till.sales.scan(OIL)
    result = stocked_till.sales.complete([cash(Money.cedis(100))])
    assert result.sale.regime == GHANA_2026.id and result.sale.totals.covid.is_zero
    envelope = stocked_till.outbox.pending()[-1]
    # Dated by its own time for the books too (issue [10]): a shift open across a month
    # or year end puts each sale in its own month.
    assert envelope.business_date == "2026-01-01"
    assert envelope.created_at == "2026-01-01T00:30:00.000+00:00"  # the sale's own time
    assert check_sale(result.sale, GHANA_2026, vat_registered=True) == ()
    assert DEFAULT_PROFILE.regime_on(date(2025, 12, 31)).covid > 0  # it would have been charged
    assert before.lines  # priced before midnight too (under 2023's rules then)
