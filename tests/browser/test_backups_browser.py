"""A director's "Backups and reports" page in a real browser: it fits a 1366×768 laptop
and a 768-wide tablet without sideways scrolling, the report recipients form saves, and
the Sync page loads the "Last restore check" box."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.scene import Scene
from tests.browser.test_dashboard_browser import sign_in

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return bool(page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_the_backups_page_fits_and_saves_the_recipients(page, scene: Scene,
                                                         tmp_path: Path) -> None:
    from playwright.sync_api import expect

    shots = Path(os.environ.get("BISAMA_SHOTS", tmp_path))
    sign_in(page, scene)
    expect(page.get_by_test_id("restore-check")).to_contain_text("No restore check has run yet")
    for width, height in ((1366, 768), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(scene.url("acme", "/dashboard/backups"))
        expect(page.get_by_role("heading", name="Backups and reports")).to_be_visible()
        page.screenshot(path=str(shots / f"backups-{width}.png"), full_page=True)
        assert _fits(page), f"the page scrolls sideways at {width} px"
    page.get_by_label("Daily report to").fill("owner@acme.test, books@acme.test")
    page.get_by_label("Weekly report to").fill("owner@acme.test")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("the daily report goes to 2")
    expect(page.get_by_label("Daily report to")).to_have_value(
        "books@acme.test, owner@acme.test")
    page.get_by_label("Weekly report to").fill("owner at acme")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("not an e-mail address")
    expect(page.get_by_label("Weekly report to")).to_have_value("owner@acme.test")
