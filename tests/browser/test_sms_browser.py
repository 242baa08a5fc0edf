"""The SMS page in a real browser: a director writes a bulk message to the customers
and records an opt-out; the page fits a 1366-wide screen and a 768-wide tablet without
scrolling sideways (docs/messaging.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sync_server.customers.services import add_customer
from tests.browser.scene import Scene
from tests.browser.test_dashboard_browser import sign_in
from tests.server.conftest import ADMIN

pytestmark = pytest.mark.browser


def test_a_bulk_message_is_queued_and_the_page_fits(page: Any, scene: Scene, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    ctx, tenant = scene.ctx, scene.acme.tenant_id
    with ctx.scope(tenant) as scope:
        add_customer(ctx, scope, ADMIN, name="Akosua Bread", phone="024 412 3456")
        add_customer(ctx, scope, ADMIN, name="Yaw Provisions", phone="+233 50 111 2222")
    sign_in(page, scene)
    page.goto(scene.url(path="/dashboard/sms"))
    expect(page.get_by_role("heading", name="Text messages")).to_be_visible()
    page.get_by_role("textbox", name="Message").fill("Fresh stock of rice on Friday.")
    page.get_by_role("button", name="Queue the message").click()
    expect(page.get_by_text("2 messages queued for the customers")).to_be_visible()
    expect(page.locator("tr[data-sms-status='queued']")).to_have_count(2)
    page.get_by_role("textbox", name="Mobile number").fill("024 412 3456")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("+233244123456 gets no more bulk messages.")).to_be_visible()
    for width in (1366, 768):
        page.set_viewport_size({"width": width, "height": 768})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / "sms-768.png"), full_page=True)
