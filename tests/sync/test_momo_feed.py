"""MoMo references across tills, end to end (issue [8] scope 3): a reference another
till of the business took reaches this till in the feed, and the cashier needs a
manager before it pays again here — as for one of this till's own sales. Without the
manager, head office would hold the sale (``momo_reuse``); with one, it stores it."""

from __future__ import annotations

import pytest

from shared.money import Money
from terminal.errors import ApprovalNeeded
from terminal.tenders import momo
from tests.server.books import check_books
from tests.sync.conftest import MANAGER, MANAGER_PIN, OIL


def test_a_reference_another_till_took_needs_a_manager_here(world, live, make_till):
    first, second = make_till("first"), make_till("second")
    for t in (first, second):
        t.enroll(live.url, world.code())
        assert t.sync().ok
    till = first.ready()
    till.sales.scan(OIL)
    paid = till.sales.complete([momo(Money.cedis(38), "mtn", "44231234567")])
    assert first.sync().ok
    assert second.sync().ok  # the feed brings first's reference
    other = second.ready()
    other.sales.scan(OIL)
    with pytest.raises(ApprovalNeeded) as refused:
        other.sales.complete([momo(Money.cedis(38), "mtn", "4423 1234 567")])
    assert refused.value.action == "momo_reuse"
    assert paid.receipt_no in str(refused.value) and "another till" in str(refused.value)
    # Another network's payment with the same digits is another payment.
    other.sales.complete([momo(Money.cedis(38), "telecel", "44231234567")])
    other.sales.scan(OIL)
    approval = other.auth.approve("momo_reuse", MANAGER, MANAGER_PIN, "paid twice, refunded")
    again = other.sales.complete([momo(Money.cedis(38), "mtn", "44231234567")], approval)
    assert "momo_reused" in again.sale.flags
    report = second.sync()
    assert report.ok and report.held == 0 and not report.pushed.held
    assert check_books(world.ctx, world.tenant_id).sales == 3  # nothing held
