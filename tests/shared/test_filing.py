"""The due date of a monthly return: the last working day of the following month."""

from __future__ import annotations

from datetime import date

from shared.filing import easter, monthly_return_due, public_holidays


def test_easter_and_holidays() -> None:
    assert easter(2026) == date(2026, 4, 5) and easter(2027) == date(2027, 3, 28)
    days = public_holidays(2026)
    assert {date(2026, 4, 3), date(2026, 4, 6)} <= days  # Good Friday, Easter Monday
    assert date(2026, 12, 4) in days  # Farmers' Day: first Friday of December
    assert date(2026, 3, 6) in days and date(2026, 12, 25) in days


def test_due_dates() -> None:
    assert monthly_return_due("2026-11") == date(2026, 12, 31)  # a Thursday
    assert monthly_return_due("2026-01") == date(2026, 2, 27)  # 28 Feb 2026 is a Saturday
    assert monthly_return_due("2026-12") == date(2027, 1, 29)  # 31 Jan 2027 is a Sunday
    assert monthly_return_due("2027-02") == date(2027, 3, 31)
    # 2028: 31 December is a Sunday, so 29 December (Friday)…
    assert monthly_return_due("2028-11") == date(2028, 12, 29)
    # …and in 2027 the 26th (Sunday) moves Boxing Day to Monday 27 December; the 31st is a
    # Friday and a working day.
    assert monthly_return_due("2027-11") == date(2027, 12, 31)
