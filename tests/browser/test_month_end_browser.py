"""The month-end close in a real browser (issue [10]): the accountant prepares last
month's close from its checklist; the director — another person — approves it by typing
the month; the history shows both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.scene import PASSWORD, Scene

pytestmark = pytest.mark.browser

ACCOUNTANT_PASSWORD = "long enough password"  # manager@acme.test (tests.server.conftest)


def _sign_in(page, scene: Scene, email: str, password: str) -> None:
    page.goto(scene.url())
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_prepare_then_approve_a_close(page, scene: Scene) -> None:
    last = (datetime.now(UTC).date().replace(day=1) - timedelta(days=1)).isoformat()[:7]
    _sign_in(page, scene, "manager@acme.test", ACCOUNTANT_PASSWORD)
    page.goto(scene.url(path=f"/dashboard/ledger/periods/{last}"))
    assert page.get_by_test_id("state").inner_text() == "Ready to close"
    assert page.get_by_test_id("check-ended").is_visible()
    page.get_by_role("button", name="Prepare the close").click()
    assert "a director (not you) approves it" in page.content()
    assert page.get_by_role("button", name="Approve close").count() == 0
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, scene, "director@acme.test", PASSWORD)
    page.get_by_role("link", name="Month-end close").click()
    page.get_by_role("link", name=last, exact=True).click()
    page.get_by_placeholder(f"type {last}").fill(last)
    page.get_by_role("button", name="Approve close").click()
    assert page.get_by_test_id("state").inner_text() == "Closed"
    history = page.locator("table").last.inner_text()
    assert "approved" in history and "prepared" in history and "Kwame Boateng" in history
    page.get_by_placeholder("why reopen").fill("a supplier bill came in late")
    page.get_by_role("button", name="Reopen").click()
    assert page.get_by_test_id("state").inner_text() in ("Ready to close", "Not ready")
    assert "a supplier bill came in late" in page.locator("table").last.inner_text()
