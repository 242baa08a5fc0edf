"""Journals by hand in a real browser (headless chromium through Playwright): a manager
drafts a journal in the eight-row form, with no JavaScript of ours; the director
approves it; the posted journal is a link into the ledger."""

from __future__ import annotations

import re

import pytest

from tests.browser.scene import PASSWORD, Scene

pytestmark = pytest.mark.browser


def sign_in(page, scene: Scene, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(scene.url())
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_manager_drafts_and_the_director_approves(page, scene: Scene) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    sign_in(page, scene, "manager@acme.test", "long enough password")
    page.get_by_role("link", name="Journals by hand").click()
    page.get_by_role("link", name="New journal").click()
    page.get_by_label("Memo", exact=True).fill("Generator fuel, March")
    page.get_by_label("Account of row 1").fill("6000")
    page.get_by_label("Debit of row 1").fill("350.00")
    page.get_by_label("Account of row 2").fill("1000")
    page.get_by_label("Credit of row 2").fill("305.00")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("does not balance")
    page.get_by_label("Credit of row 2").fill("350.00")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("JV-000001 is saved as a draft")
    expect(page.get_by_role("button", name="Approve and post")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, scene, "director@acme.test", PASSWORD)
    page.goto(scene.url(path="/dashboard/books/jv"))
    expect(page.locator("table").first).to_contain_text("awaiting approval")
    page.get_by_role("link", name="JV-000001").click()
    page.get_by_role("button", name="Approve and post").click()
    expect(page.get_by_role("status")).to_contain_text("JV-000001 is approved and posted")
    page.get_by_role("link", name="see the journal in the ledger").click()
    expect(page).to_have_url(re.compile(r"/dashboard/ledger/journals/[0-9a-f-]+$"))
    expect(page.locator("main")).to_contain_text("JV-000001")
