"""Returns, exchanges and voids."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.money import Money
from terminal.errors import ApprovalNeeded, NotFound, TillError
from terminal.returns import ReturnItem
from terminal.tenders import cash, momo
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO, OIL
from tests.terminal.helpers import assert_books_sound, stock

TINS = "6030010002743"  # Gino Tomato Paste 70g, 4.50 a tin


def sell(till, *codes, tenders=None):
    for code in codes:
        till.sales.scan(code)
    view = till.sales.view()
    return till.sales.complete(tenders or [cash(view.total)])


def approve(till, action="refund"):
    return till.auth.approve(action, MANAGER, MANAGER_PIN, "checked by manager")


def test_partial_returns_never_exceed_what_was_sold(till):
    till.sales.scan(OIL)
    till.sales.set_qty(1, "3")
    sale = till.sales.complete([cash(Money.cedis(114))])
    with pytest.raises(ApprovalNeeded):
        till.returns.refund(sale.receipt_no, [ReturnItem(1, Decimal(1))], reason="damaged")
    first = till.returns.refund(
        sale.receipt_no, [ReturnItem(1, Decimal(1))], reason="damaged", approval=approve(till)
    )
    # one bottle of three refunds its shelf price, its taxes adding up to it
    assert first.gross == Money.cedis(38) and first.refund_no == "MAIN-T01-R000001"
    assert stock(till, "GH-0001") == Decimal(-2)
    with pytest.raises(TillError, match="only 2 of 3"):
        till.returns.refund(
            sale.receipt_no, [ReturnItem(1, Decimal(3))], reason="x", approval=approve(till)
        )
    last = till.returns.refund(
        sale.receipt_no,
        [ReturnItem(1, Decimal(2), restock=False)],
        reason="expired",
        approval=approve(till),
    )
    assert first.gross + last.gross == Money.cedis(
        114
    )  # the last return takes exactly what is left
    assert stock(till, "GH-0001") == Decimal(-2)  # expired goods do not go back on the shelf
    found = till.returns.find(sale.receipt_no)
    assert found.lines[0].left == 0
    with pytest.raises(TillError, match="only 0 of 3"):
        till.returns.refund(
            sale.receipt_no, [ReturnItem(1, Decimal(1))], reason="x", approval=approve(till)
        )
    # everything returned refunds the sale to the pesewa, tax included
    sums = till.db.one(
        "SELECT sum(net), sum(vat), sum(nhil), sum(getfund), sum(gross) FROM refund_lines"
    )
    line = sale.sale.lines[0]
    assert tuple(sums) == (
        line.net.pesewas,
        line.vat.pesewas,
        line.nhil.pesewas,
        line.getfund.pesewas,
        line.gross.pesewas,
    )
    assert_books_sound(till)


def test_one_of_two_tins_refunds_the_shelf_price_each_time(till):
    till.sales.scan(TINS)
    till.sales.set_qty(1, "2")
    sale = till.sales.complete([cash(Money(900))])
    refunds = [
        till.returns.refund(
            sale.receipt_no, [ReturnItem(1, Decimal(1))], reason="dented", approval=approve(till)
        )
        for _ in range(2)
    ]
    assert [r.gross for r in refunds] == [Money(450), Money(450)]  # not 4.52 then 4.48
    assert_books_sound(till)


def test_find_by_qr_payload_and_refuse_fakes(till):
    sale = sell(till, OIL)
    payload = f"BISAMA1:{sale.receipt_no}:{sale.envelope_hash[:16]}"
    assert till.returns.find(payload).sale_id == sale.sale_id
    with pytest.raises(NotFound, match="does not match"):
        till.returns.find(f"BISAMA1:{sale.receipt_no}:0000000000000000")
    with pytest.raises(NotFound, match="No sale"):
        till.returns.find("MAIN-T01-999999")


def test_refund_to_original_tenders_or_cash(till):
    till.sales.scan(OIL)
    till.sales.scan(MILO)  # 100.00
    sale = till.sales.complete([momo(Money.cedis(60), "telecel", "TC100001"), cash(Money.cedis(40))])
    result = till.returns.refund(
        sale.receipt_no, [ReturnItem(2, Decimal(1))], reason="wrong item", approval=approve(till)
    )
    by_method = {t.method: t.amount for t in result.tenders}
    assert by_method == {"momo": Money.parse("37.20"), "cash": Money.parse("24.80")}
    assert [t.reference for t in result.tenders if t.method == "momo"] == ["TC100001"]
    in_cash = till.returns.refund(
        sale.receipt_no,
        [ReturnItem(1, Decimal(1))],
        reason="changed mind",
        to="cash",
        approval=approve(till),
    )
    assert [(t.method, t.amount) for t in in_cash.tenders] == [("cash", Money.cedis(38))]
    assert_books_sound(till)


def test_exchange_is_one_step(till):
    sale = sell(till, OIL)  # 38.00
    till.sales.scan(MILO)  # 62.00 new
    result = till.returns.exchange(
        sale.receipt_no,
        [ReturnItem(1, Decimal(1))],
        reason="wrong size",
        tenders=[cash(Money.cedis(30))],
        approval=approve(till),
    )
    assert result.refund.gross == Money.cedis(38)
    assert result.sale.total == Money.cedis(62) and result.sale.change == Money.cedis(6)
    assert result.sale.seq == result.refund.seq - 1
    assert till.db.scalar("SELECT exchange_sale_id FROM refunds") == result.sale.sale_id
    assert till.sales.view().empty
    assert stock(till, "GH-0001") == 0 and stock(till, "GH-0005") == -1
    assert_books_sound(till)


def test_exchange_fails_whole(till):
    sale = sell(till, OIL)
    till.sales.scan(MILO)
    seq = till.outbox.head().seq
    with pytest.raises(TillError):
        till.returns.exchange(
            sale.receipt_no,
            [ReturnItem(1, Decimal(5))],
            reason="x",
            tenders=[],
            approval=approve(till),
        )
    assert till.outbox.head().seq == seq
    assert not till.sales.view().empty


def test_void_within_the_shift(till):
    sale = sell(till, OIL, MILO)
    with pytest.raises(ApprovalNeeded):
        till.returns.void(sale.receipt_no, reason="rang up twice")
    result = till.returns.void(
        sale.receipt_no, reason="rang up twice", approval=approve(till, "void")
    )
    assert result.gross == Money.cedis(100)
    assert till.db.scalar("SELECT status FROM sales") == "voided"
    assert stock(till, "GH-0001") == 0
    with pytest.raises(TillError, match="already voided"):
        till.returns.void(sale.receipt_no, reason="again", approval=approve(till, "void"))
    with pytest.raises(TillError, match="voided"):
        till.returns.refund(
            sale.receipt_no, [ReturnItem(1, Decimal(1))], reason="x", approval=approve(till)
        )
    # the void's journal is the exact reversal: the two sum to nothing per account
    rows = till.db.query(
        "SELECT account, sum(debit) - sum(credit) FROM journal_lines GROUP BY account"
    )
    assert all(r[1] == 0 for r in rows)
    figures = till.shifts.figures(till.shifts.require_open())
    assert (
        figures.sales_count == 0 and figures.voids_count == 1 and figures.cash_sales == Money.ZERO
    )
    assert_books_sound(till)


def test_a_sale_with_returns_cannot_be_voided(till):
    sale = sell(till, OIL, MILO)
    till.returns.refund(
        sale.receipt_no, [ReturnItem(1, Decimal(1))], reason="x", approval=approve(till)
    )
    with pytest.raises(TillError, match="has returns"):
        till.returns.void(sale.receipt_no, reason="x", approval=approve(till, "void"))


def test_void_outside_the_shift_is_refused(till):
    sale = sell(till, OIL)
    till.shifts.close({20000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1, 100: 1})  # 238.00: exact
    till.shifts.open(Money.cedis(100))
    with pytest.raises(TillError, match="earlier shift"):
        till.returns.void(sale.receipt_no, reason="x", approval=approve(till, "void"))


def test_the_preview_is_what_the_refund_pays(till):
    """The returns screen shows ``preview`` before F6: it must be the refund to the pesewa,
    after a part returned before, and it changes nothing."""
    till.sales.scan(OIL)
    till.sales.set_qty(1, "3")
    till.sales.discount_order(Money.parse("1.00"), approval=approve(till, "discount"))
    sale = till.sales.complete([cash(Money.cedis(113))])
    found = till.returns.find(sale.receipt_no)
    one = [ReturnItem(1, Decimal(1))]
    before = till.db.scalar("SELECT count(*) FROM refunds")
    assert till.returns.preview(found, one) == till.returns.refund(
        sale.receipt_no, one, reason="damaged", approval=approve(till)).gross
    assert before == 0
    found = till.returns.find(sale.receipt_no)
    rest = [ReturnItem(1, Decimal(2))]
    shown = till.returns.preview(found, rest)
    assert till.db.scalar("SELECT count(*) FROM refunds") == 1  # the preview wrote nothing
    assert shown == till.returns.refund(sale.receipt_no, rest, reason="damaged", approval=approve(till)).gross
    with pytest.raises(TillError, match="only 0 of 3"):
        till.returns.preview(till.returns.find(sale.receipt_no), one)
