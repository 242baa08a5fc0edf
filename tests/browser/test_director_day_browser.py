"""The director's day at head office in a real browser (headless chromium through
Playwright), at a laptop's 1366×768 and a tablet's 768×1024: the sales list filtered by
branch and method, a receipt, the shifts, a shift's cash-up and Z report, the variance
report, an export opened as a spreadsheet; no page scrolls sideways; the branch whose
till holds undelivered sales is marked incomplete (tests/browser/director_day.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.browser.director_day import trade, walk
from tests.browser.scene import Scene

pytestmark = pytest.mark.browser


def test_the_directors_day(browser, scene: Scene) -> None:  # type: ignore[no-untyped-def]
    trade(scene)
    for size in ("laptop", "tablet"):
        seen = walk(browser, scene, size=size)
        assert seen["sideways"] == [], size
        # 14 sales per till, every other one by MoMo, two tills at the main branch.
        assert seen["list_count"] == "14", size
        assert seen["incomplete"] == 0  # the main branch's tills have delivered all
        # Tema's till holds two sales: every page summing Tema says so.
        assert "Tema Branch" in seen["report_incomplete"]
        assert "2 unsynced records" in seen["report_incomplete"]
        assert seen["receipt"].startswith("Sale ")
        assert (seen["variance"], seen["differences"]) == ("-5.00", 0)
        assert seen["net_variance"] == "-5.00"
        rows = seen["export_rows"]
        header = next(n for n, r in enumerate(rows) if r and r[0] == "Date")
        data = [r for r in rows[header + 1:] if isinstance(r[0], datetime | date)]
        assert len(data) == 42 and all(isinstance(r[11], int | float) for r in data)
        assert {r[5] for r in data} == {"Ama Owusu", "Esi Darko"}  # names, not e-mails
