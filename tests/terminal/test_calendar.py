"""The till knows the calendar (issue [10] scope 4): each sale, refund and account
payment is dated by its own time even in a shift left open across a month end; a shift
cannot open in a month head office has closed; the till warns at start-up when its clock
is in a closed month."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared.money import Money
from terminal.shift import ShiftError
from terminal.tenders import cash
from tests.terminal.conftest import CASHIER, CASHIER_PIN, GHANA, OIL


def test_a_shift_open_across_the_month_end_dates_each_sale_by_its_own_time(till, clock) -> None:
    clock.set(datetime(2026, 3, 31, 23, 50, tzinfo=GHANA))
    till.sales.scan(OIL)
    till.sales.complete([cash(till.sales.view().total)])
    clock.set(datetime(2026, 4, 1, 0, 20, tzinfo=GHANA))
    till.sales.scan(OIL)
    till.sales.complete([cash(till.sales.view().total)])
    sales = [e for e in till.outbox.pending() if e.kind == "sale"]
    assert [e.business_date for e in sales] == ["2026-03-31", "2026-04-01"]
    assert till.shifts.current().business_date == "2026-03-02"  # the shift keeps its own date


def test_no_shift_opens_in_a_month_head_office_closed(stocked_till, clock) -> None:
    till = stocked_till
    till.master_data.upsert_fiscal_periods([("2026-03", "closed")], "2026-04-01T08:00:00Z")
    till.auth.login(CASHIER, CASHIER_PIN)
    with pytest.raises(ShiftError, match=r"Head office has closed 2026-03 .* 2026-03-02"):
        till.shifts.open(Money.cedis(200))
    assert any("Head office has closed 2026-03" in m for m in till.start().messages)
    clock.set(datetime(2026, 4, 1, 8, 0, tzinfo=GHANA))  # the clock put right
    assert till.shifts.open(Money.cedis(200)).business_date == "2026-04-01"
