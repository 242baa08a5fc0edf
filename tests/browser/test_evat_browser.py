"""The E-VAT page in a real browser: a refusal from (a fake) GRA is listed with GRA's
words and retried with one click; the page fits a 1366-wide screen and a 768-wide tablet
without scrolling sideways."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_server.fiscal.gra import HttpGraClient
from sync_server.fiscal.outbox import OutboxWorker
from sync_server.fiscal.settings import Credentials, enable
from tests.browser.scene import Scene, some_sales
from tests.browser.test_dashboard_browser import sign_in
from tests.server.conftest import ADMIN
from tools.fake_gra import FakeGra

pytestmark = pytest.mark.browser

KEY, TIN = "TEST-SECURITY-KEY-0001", "C0001234567"


def _client(creds: Credentials) -> HttpGraClient:
    return HttpGraClient(creds.endpoint_url, creds.security_key, timeout=5)


def test_refused_submission_is_retried_and_the_page_fits(page, scene: Scene,
                                                         tmp_path: Path) -> None:
    from playwright.sync_api import expect

    gra = FakeGra({KEY: TIN}).start()
    try:
        ctx, tenant = scene.ctx, scene.acme.tenant_id
        with ctx.scope(tenant) as scope:
            enable(ctx, scope, ADMIN, company_tin=TIN, security_key=KEY, endpoint_url=gra.url)
        till = scene.till("MAIN", "Till 1")
        some_sales(till, 3)
        till.push()
        gra.refuse_next(1)
        OutboxWorker(ctx, _client).run_until_idle(tenant)
        sign_in(page, scene)
        page.goto(scene.url(path="/dashboard/evat"))
        expect(page.get_by_role("heading", name="GRA E-VAT")).to_be_visible()
        # 3 sales: 2 cleared, 1 refused — accounted for (balanced), and listed below
        expect(page.locator("tr[data-till='Till 1'] td").nth(4)).to_have_text("0")
        expect(page.locator("tr[data-till='Till 1'] td").nth(5)).to_have_text("1")
        expect(page.locator("tr[data-evat]")).to_contain_text("E899")
        for width in (1366, 768):
            page.set_viewport_size({"width": width, "height": 768})
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / "evat-768.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 768})
        page.get_by_role("button", name="Retry all refused").click()
        expect(page.get_by_text("queued again")).to_be_visible()
        OutboxWorker(ctx, _client).run_until_idle(tenant)
        page.reload()
        expect(page.get_by_text("Nothing refused.")).to_be_visible()
        expect(page.locator("tr[data-till='Till 1']")).to_contain_text("balanced")
        assert set(gra.clearances.values()) == {1}
    finally:
        gra.stop()
