"""When a monthly return to GRA is due: the last working day of the following month
(VAT Act 2013, Act 870, s. 36 as amended, and the E-VAT guidance: "the last working day
of the month following the month of the return").

A working day is Monday to Friday and not a Ghana public holiday. The holidays with a
fixed date (Public Holidays and Commemorative Days (Amendment) Act 2019, Act 1018, and the
2025 amendment that restored 1 July and 4 August), Good Friday and Easter Monday
(computed), and Farmers' Day (first Friday of December) are known here; a holiday on a
weekend moves to the next Monday. Eid al-Fitr and Eid al-Adha are fixed each year by the
Chief Imam's announcement, so a tenant whose due date falls on one files a day earlier
by hand — ``docs/month-end.md`` says so.
"""

from __future__ import annotations

from datetime import date, timedelta

FIXED = ((1, 1), (1, 7), (3, 6), (5, 1), (7, 1), (8, 4), (9, 21), (12, 25), (12, 26))


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def public_holidays(year: int) -> set[date]:
    days: set[date] = set()
    for month, day in FIXED:
        holiday = date(year, month, day)
        while holiday.weekday() >= 5 or holiday in days:  # observed on the next free weekday
            holiday += timedelta(days=1)
        days.add(holiday)
    sunday = easter(year)
    days |= {sunday - timedelta(days=2), sunday + timedelta(days=1)}
    first_december = date(year, 12, 1)
    days.add(first_december + timedelta(days=(4 - first_december.weekday()) % 7))  # Farmers' Day
    return days


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def monthly_return_due(period: str) -> date:
    """The due date of the return for ``period`` (``YYYY-MM``)."""
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    day = after - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


__all__ = ["easter", "is_working_day", "monthly_return_due", "public_holidays"]
