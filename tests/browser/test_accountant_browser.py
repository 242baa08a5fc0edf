"""The group accountant's day in a real browser (issue [12] scope 1): every branch's
trial balance and the company-wide VAT return, last month's close prepared and its
approval refused, a journal by hand drafted for another branch — each page fitting a
1366×768 laptop and a 768-wide tablet without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.browser.accountant_day import ACCOUNTANT_NAME, SIZES, add_accountant, fits, walk
from tests.browser.scene import Scene

pytestmark = pytest.mark.browser


def test_the_group_accountants_day(page, scene: Scene) -> None:
    add_accountant(scene)
    too_wide: list[str] = []

    def check(name: str) -> None:
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            if not fits(page):
                too_wide.append(f"{name} at {width}")
        page.set_viewport_size({"width": 1366, "height": 768})

    seen = walk(page, scene, check)
    assert "All branches" in seen["tb"]
    assert "VAT return" in seen["vat"]
    assert f"Prepared by <strong>{ACCOUNTANT_NAME}</strong>" in seen["prepared"]
    assert "Approve close" not in seen["prepared"]
    assert "Not for your role" in seen["approve"] and "(See Access rights.)" in seen["approve"]
    assert "Only a director approves" in seen["approve"]
    assert "saved as a draft" in seen["journal"] and "TEM-02" in seen["journal"]
    assert "Group accountant" in seen["access"]
    assert not too_wide, "pages wider than the screen: " + ", ".join(too_wide)
