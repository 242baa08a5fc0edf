"""A driver's day at head office in a real browser, as the sales manager walks it: the
van till's load, sales, payment on account and return arrive; the driver report shows
the missing tin highlighted and the cash to bank; the manager records the deposit slip
with a photo of it, sees the cash still unbanked, and notes a follow-up on the overdue
invoice. Every page fits a 1366×768 laptop and a 768-wide tablet; the screenshots go to
``$BISAMA_SHOTS`` (docs/screenshots/dashboard/drivers-*.png)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.books.dataset import today
from tests.books.test_drivers import drivers_day
from tests.browser.scene import Scene

pytestmark = pytest.mark.browser

MANAGER, MANAGER_PASSWORD = "manager@acme.test", "long enough password"  # Kwame Boateng, MAIN


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def _shoot(page, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    for width, height in ((1366, 768), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(shots / f"drivers-{name}-{width}.png"), full_page=True)
        assert _fits(page), f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": 1366, "height": 768})


def test_the_sales_manager_walks_a_drivers_day(page, scene: Scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    shots = Path(os.environ.get("BISAMA_SHOTS", tmp_path))
    drivers_day(scene.acme, lambda: scene.till("MAIN", "Van till"))
    page.goto(scene.url())
    page.get_by_label("E-mail").fill(MANAGER)
    page.get_by_label("Password").fill(MANAGER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Drivers").click()
    van = page.get_by_test_id("van-VAN-1")
    expect(van).to_contain_text("Yaw's van")
    expect(van.get_by_test_id("flag")).to_contain_text("Check: variance")
    expect(van.get_by_test_id("variance")).to_have_text("1")
    expect(van.get_by_test_id("cash-to-bank")).to_have_text("164.00")
    expect(van).to_contain_text("Ama Owusu")
    _shoot(page, shots, "1-report")

    page.get_by_role("link", name="Deposit slips").click()
    photo = tmp_path / "slip-778812.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 the bank's stamp")
    page.get_by_label("Bank", exact=True).fill("GCB Bank")
    page.get_by_label("Slip no.").fill("778812")
    page.get_by_label("Amount").fill("150.00")
    page.get_by_label("Driver").select_option(label="Ama Owusu")
    page.get_by_label("Scan").set_input_files(str(photo))
    page.get_by_role("button", name="Record slip").click()
    expect(page.get_by_role("status")).to_contain_text(
        "DS-000001: 150.00 banked by Ama Owusu (van VAN-1); matched 150.00")
    expect(page.get_by_test_id("unmatched")).to_contain_text("Unmatched: cash 14.00")
    expect(page.locator("main")).to_contain_text(today().isoformat())
    _shoot(page, shots, "2-deposits")

    page.get_by_role("link", name="Unpaid invoices").click()
    expect(page.get_by_test_id("due")).to_contain_text("1 follow-up(s) due")
    expect(page.get_by_test_id("total")).to_have_text("385.00")
    overdue = page.locator("tr", has_text="Kofi Traders").filter(has=page.locator("td.bad"))
    overdue.get_by_text("Note").click()
    overdue.get_by_label("What was agreed").fill("Promised to pay Friday")
    overdue.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Promised to pay Friday")
    _shoot(page, shots, "3-unpaid")
