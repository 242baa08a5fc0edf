"""Audit → Check a receipt in a real browser: a receipt's QR text pasted, and a photo of
the printed receipt uploaded, both say Genuine; the page fits a 1366-wide screen and a
768-wide tablet without scrolling sideways."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from hardware.printing import document_bytes
from hardware.samples import GoldenCase, sale_58_verifiable
from hardware.virtual_printer import decode, page_png
from shared.audit.receipt import receipt_qr
from tests.browser.scene import Scene
from tests.browser.test_dashboard_browser import sign_in

pytestmark = pytest.mark.browser


def test_a_receipt_is_checked_from_its_text_and_a_photo(page, scene: Scene, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    till = scene.till("MAIN", "Till 1")
    sale = till.sell([("GH-0001", 2)])
    till.push()
    text = receipt_qr(sale, till.key)
    sign_in(page, scene)
    page.goto(scene.url(path="/dashboard/"))
    page.get_by_role("link", name="Check a receipt").click()
    expect(page.get_by_role("heading", name="Check a receipt")).to_be_visible()
    page.locator("textarea[name=text]").fill(text)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("[data-verdict=good]")).to_contain_text("Genuine")
    expect(page.locator("[data-verdict=good]")).to_contain_text("Till 1")
    for width in (1366, 768):
        page.set_viewport_size({"width": width, "height": 768})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    shots = Path(os.environ.get("BISAMA_SCREENSHOTS", tmp_path))
    page.screenshot(path=str(shots / "receipt-check-768.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    # A photo of the printed receipt, uploaded.
    doc = replace(sale_58_verifiable(), qr_payload=text)
    case = GoldenCase("photo", lambda: doc, "POS-5890", 58)
    pages = decode(document_bytes(doc, case.profile(), case.options()), case.profile().dots)
    photo = tmp_path / "receipt.png"
    photo.write_bytes(page_png(pages[0], case.profile().dots))
    page.goto(scene.url(path="/dashboard/audit/receipt"))
    page.locator("input[name=image]").set_input_files(str(photo))
    page.get_by_role("button", name="Check").click()
    expect(page.locator("[data-verdict=good]")).to_contain_text("Genuine")
    page.screenshot(path=str(shots / "receipt-check-1366.png"), full_page=True)
