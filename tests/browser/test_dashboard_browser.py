"""The dashboard in a real browser (headless chromium through Playwright) against the
real server: sign in; watch a till go offline and come back with its backlog synced,
without reloading the page; resolve a held envelope; export a sales report and open the
file; be refused at another tenant's address; a form posted without its CSRF token is
refused."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

from tests.browser.scene import PASSWORD, Scene, some_sales, unknown_product_sale

pytestmark = pytest.mark.browser


def sign_in(page, scene: Scene, tenant: str = "acme", email: str = "director@acme.test") -> None:
    page.goto(scene.url(tenant))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_and_see_the_branches(page, scene: Scene) -> None:
    from playwright.sync_api import expect

    till = scene.till("MAIN", "Till 1")
    till.heartbeat()
    page.goto(scene.url())
    expect(page).to_have_url(re.compile(r"/dashboard/login"))
    page.get_by_label("E-mail").fill("director@acme.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")
    sign_in(page, scene)
    expect(page.get_by_role("heading", name="Branches and tills")).to_be_visible()
    expect(page.locator("table.branches")).to_contain_text("TEM-02")
    # A till counts as online for 3 s after its heartbeat in this scene, and the two
    # sign-ins above (argon2) can take longer than that on a busy machine: the till
    # speaks again and the page is loaded afresh.
    status = page.locator(f'tr[data-terminal="{till.terminal_id}"]').get_by_test_id("status")
    for _attempt in range(3):
        till.heartbeat()
        page.reload()
        if status.inner_text().strip() == "online":
            break
    expect(status).to_have_text("online")


def test_a_till_goes_offline_and_comes_back_with_its_backlog_synced(page, scene: Scene) -> None:
    from playwright.sync_api import expect

    till = scene.till("MAIN", "Till 1")
    till.heartbeat()
    sign_in(page, scene)
    row = page.locator(f'tr[data-terminal="{till.terminal_id}"]')
    expect(row.get_by_test_id("status")).to_have_text("online")
    page.evaluate("window.__noReload = 'still the same page'")
    # The network drops: the till keeps selling, nothing reaches the server.
    some_sales(till, 4)
    expect(row.get_by_test_id("status")).to_have_text("offline", timeout=15_000)
    # It comes back: first its heartbeat tells the backlog, then it pushes.
    till.heartbeat()
    expect(row.get_by_test_id("status")).to_have_text("online", timeout=10_000)
    expect(row.get_by_test_id("outbox")).to_contain_text("4", timeout=10_000)
    till.push()
    till.heartbeat()
    expect(row.get_by_test_id("outbox")).to_have_text("0", timeout=10_000)
    expect(row.locator("td").nth(6)).to_have_text("4")
    expect(page.locator("table.branches")).to_contain_text("4")
    assert page.evaluate("window.__noReload") == "still the same page"


def test_resolve_a_held_envelope(page, scene: Scene) -> None:
    from playwright.sync_api import expect

    till = scene.till("MAIN", "Till 3")
    unknown_product_sale(till)
    till.push()
    sign_in(page, scene)
    page.get_by_role("link", name="Held", exact=True).click()
    expect(page.locator("table")).to_contain_text("unknown_product")
    page.get_by_role("link", name="Resolve").click()
    expect(page.get_by_role("heading", name=re.compile("Sale"))).to_be_visible()
    page.get_by_label("Same as product (SKU)").fill("GH-0001")
    page.get_by_role("button", name="Preview what the tills get").click()
    expect(page.get_by_test_id("till-changes")).to_contain_text("nothing is repriced")
    page.get_by_role("button", name=re.compile("Confirm: add GH-9999")).click()
    expect(page.get_by_role("status")).to_contain_text("Merged and posted")
    expect(page.locator("main")).to_contain_text("Nothing is held")


def test_export_a_sales_report_and_open_the_file(page, scene: Scene, tmp_path) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    till = scene.till("MAIN", "Till 1")
    some_sales(till, 3)
    till.push()
    sign_in(page, scene)
    page.get_by_role("link", name="Sales", exact=True).click()
    takings = page.get_by_test_id("takings").inner_text()
    expect(page.locator("canvas").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Export XLSX").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(path.read_bytes()))
    summary = {row[0]: row[1:] for row in book["Summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Sales"][0] == 3
    # Amounts are numbers in the file, not text (a spreadsheet adds them up).
    assert isinstance(summary["Takings"][1], int | float)
    assert Decimal(str(summary["Takings"][1])) == Decimal(takings.replace(",", ""))
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    text = (tmp_path / "x.csv")
    info.value.save_as(text)
    # A CSV is one table: the days, with the takings a number.
    lines = text.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Date,Sales,Gross,Refunds,Takings"
    assert any(line.endswith("," + takings.replace(",", "")) for line in lines[1:])


def test_another_tenants_address_is_refused(page, scene: Scene) -> None:
    from playwright.sync_api import expect

    sign_in(page, scene)
    expect(page.get_by_role("heading", name="Branches and tills")).to_be_visible()
    # The other tenant's address: no session there, and acme's password does not open it.
    page.goto(scene.url("other"))
    expect(page.get_by_role("heading", name="Other Traders")).to_be_visible()
    page.get_by_label("E-mail").fill("director@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")
    # Acme's session cookie carried over to the other address by hand: refused.
    cookies = [c for c in page.context.cookies() if c["name"] == "bisama_session"
               and c["domain"].startswith("acme")]
    page.context.add_cookies([{**cookies[0], "domain": "other.localhost"}])
    reply = page.goto(scene.url("other", "/dashboard/sales"))
    assert reply is not None and reply.status == 403
    expect(page.locator("body")).to_contain_text("another business")
    # An id of the other tenant typed into acme's address: not found.
    other_till = scene.till("MAIN", "Other till", world=scene.other)
    other_till.sell([("GH-0001", 1)])
    other_till.push()
    reply = page.goto(scene.url("acme", f"/dashboard/sales/{other_till.outbox[0].id}"))
    assert reply is not None and reply.status == 404


def test_a_form_without_its_csrf_token_is_refused(page, scene: Scene) -> None:
    from playwright.sync_api import expect

    sign_in(page, scene)
    page.get_by_role("link", name="Branches").click()
    form = page.locator("form", has_text="Add a branch")
    form.get_by_label("Code").fill("KSI-03")
    form.get_by_label("Name").first.fill("Kumasi Branch")
    form.locator('input[name="csrf_token"]').evaluate("node => node.remove()")
    form.get_by_role("button", name="Add branch").click()
    expect(page.get_by_role("heading", name="Form expired")).to_be_visible()
    page.goto(scene.url("acme", "/dashboard/admin/branches"))
    expect(page.locator("main")).not_to_contain_text("KSI-03")
    # with its token the same form works
    form = page.locator("form", has_text="Add a branch")
    form.get_by_label("Code").fill("KSI-03")
    form.get_by_label("Name").first.fill("Kumasi Branch")
    form.get_by_role("button", name="Add branch").click()
    expect(page.get_by_role("status")).to_contain_text("Branch KSI-03 added")
