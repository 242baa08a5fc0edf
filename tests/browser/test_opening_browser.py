"""Opening balances in a real browser (issue [9]): the director uploads opening stock
with one bad row and is told which line and why, with nothing posted; ticks "import the
good rows only" and sees the summary; the stock valuation then equals Inventory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.scene import PASSWORD, Scene

pytestmark = pytest.mark.browser


def test_the_director_imports_opening_stock(page, scene: Scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    stock = tmp_path / "opening-stock.csv"
    stock.write_text("branch,location,sku,qty,unit_cost\n"
                     "MAIN,SHOP,GH-0001,24,27.56\n"
                     "MAIN,SHOP,NOT-A-SKU,5,1.00\n"
                     "MAIN,SHOP,GH-0005,12,46.81\n", encoding="utf-8")
    page.goto(scene.url())
    page.get_by_label("E-mail").fill("director@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Opening balances").click()
    card = page.locator("form.card").filter(has_text="Opening stock")
    card.locator("input[type=file]").set_input_files(str(stock))
    card.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("accepted")).to_have_text("2")
    expect(page.get_by_test_id("rejected")).to_have_text("1")
    expect(page.locator("main")).to_contain_text("NOT-A-SKU")
    expect(page.locator("main")).to_contain_text("nothing posted")
    card = page.locator("form.card").filter(has_text="Opening stock")
    card.locator("input[type=file]").set_input_files(str(stock))
    card.get_by_label("import the good rows only").check()
    card.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("accepted")).to_have_text("2")
    expect(page.locator("main")).to_contain_text("posted on")
    page.get_by_role("link", name="Stock valuation").click()
    # 24 × 27.56 + 12 × 46.81 = 661.44 + 561.72 = 1,223.16, equal to 1200 Inventory.
    expect(page.locator("main")).to_contain_text("1,223.16")
