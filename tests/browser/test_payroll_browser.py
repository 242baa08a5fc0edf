"""A payroll month in a real browser, as the payroll officer and a second director do it:
add an employee, upload the clock-in device's file (validation summary), draft the run,
review it, approve it (the other director), post it, download the PAYE schedule and the
payslips. Every page fits a 1366-wide screen and a 768-wide tablet without scrolling
sideways. With BISAMA_SCREENSHOTS=folder the pages are saved there (docs/screenshots/
dashboard/payroll-NN-*.png were made so)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from sync_server.payroll.employees import add_employee
from sync_server.tenants.services import add_user
from tests.books.dataset import today
from tests.browser.scene import Scene
from tests.browser.test_dashboard_browser import sign_in
from tests.dashboard.conftest import PASSWORD
from tests.server.conftest import ADMIN

pytestmark = pytest.mark.browser


def _weekdays(month: str) -> list[str]:
    from datetime import date

    first = date.fromisoformat(month + "-01")
    days = [first + timedelta(days=n) for n in range(31)]
    return [d.isoformat() for d in days if d.month == first.month and d.weekday() < 5]


def test_a_payroll_month(page: Any, browser: Any, scene: Scene, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    shots = Path(os.environ.get("BISAMA_SCREENSHOTS") or tmp_path)
    month = (today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    ctx, tenant = scene.ctx, scene.acme.tenant_id
    with ctx.scope(tenant) as scope:
        add_user(ctx, scope, ADMIN, email="kojo@acme.test", name="Kojo Antwi", role="director",
                 branch=None, pin=None, password=PASSWORD)
        add_employee(ctx, scope, ADMIN, number="E002", name="Yaw Mensah Boateng",
                     branch="TEM-02", role="Branch manager", basic="80000", allowances="10000",
                     ssnit_number="C018011234568", tin="P0012345678", pay_method="bank",
                     pay_account="Ecobank 1441000123456")

    def fits(name: str) -> None:
        for width, height in ((1366, 768), (768, 1024)):
            page.set_viewport_size({"width": width, "height": height})
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=width == 1366)
        page.set_viewport_size({"width": 1366, "height": 768})

    sign_in(page, scene)
    page.goto(scene.url(path="/dashboard/payroll/employees"))
    page.get_by_label("Staff number").fill("E001")
    page.get_by_label("Name", exact=True).fill("Akosua Darko")
    page.get_by_label("Role").fill("Cashier")
    page.get_by_label("Basic salary (month)").fill("3000")
    page.get_by_label("Cash allowances (month)").fill("500")
    page.get_by_label("SSNIT number").fill("C018011234567")
    page.get_by_label("TIN or Ghana Card").fill("GHA-123456789-0")
    page.get_by_label("Paid by").select_option("momo")
    page.get_by_label("Bank account or MoMo number").fill("024 123 4567")
    page.get_by_role("button", name="Add employee").click()
    expect(page.get_by_text("Added E001 Akosua Darko.")).to_be_visible()
    expect(page.locator("tr[data-employee='E001']")).to_contain_text("0241234567")
    fits("payroll-01-employees")

    days = _weekdays(month)
    clock = tmp_path / "clock-in.csv"
    clock.write_text("Emp No,Name,Date,Time In,Time Out\n"
                     f"E001,Akosua,{days[0]},07:55,17:10\n"
                     f"E001,Akosua,{days[1]},08:02,\n"
                     f"E002,Yaw,{days[0]},08:00,18:30\n"
                     f"E009,Unknown,{days[0]},08:00,17:00\n"
                     f"E002,Yaw,{days[1]},17:00,08:00\n", encoding="utf-8")
    page.goto(scene.url(path="/dashboard/payroll/attendance"))
    page.locator("input[type=file]").set_input_files(str(clock))
    page.get_by_role("button", name="Upload").click()
    summary = page.locator("#validation")
    expect(summary).to_contain_text("3 row(s) accepted (1 flagged), 2 rejected")
    expect(summary).to_contain_text("unknown employee E009")
    expect(summary).to_contain_text("clock-out 08:00 is not after clock-in 17:00")
    page.goto(scene.url(path=f"/dashboard/payroll/attendance?week={days[0]}"))
    expect(page.locator("#discrepancies")).to_contain_text("no clock-out after 08:02")
    fits("payroll-02-attendance")

    page.goto(scene.url(path="/dashboard/payroll/runs"))
    expect(page.locator("#rates")).to_contain_text("13728.67")  # GRA's cumulative tax
    fits("payroll-00-rates")
    page.get_by_label("Month", exact=True).fill(month)
    page.get_by_role("button", name="Draft payslips").click()
    expect(page.get_by_role("heading", name=f"Payroll {month}")).to_be_visible()
    slip = page.locator("tr[data-slip='E001']")
    expect(slip).to_contain_text("474.38")
    expect(slip).to_contain_text("2860.62")
    expect(page.locator("tr[data-slip='E002']")).to_contain_text("26254.58")
    expect(page.get_by_text("Waiting for a director who did not prepare it")).to_be_visible()
    fits("payroll-03-draft")

    other = browser.new_context(viewport={"width": 1366, "height": 768})
    second = other.new_page()
    sign_in(second, scene, email="kojo@acme.test")
    second.goto(scene.url(path=f"/dashboard/payroll/runs/{month}"))
    second.get_by_role("button", name="Approve payroll").click()
    expect(second.get_by_text("Approved: it can be posted now.")).to_be_visible()
    other.close()

    page.reload()
    expect(page.locator("#run-status")).to_have_text("approved")
    page.get_by_role("button", name="Post payroll").click()
    expect(page.get_by_text("Posted to the ledger.")).to_be_visible()
    expect(page.locator("tr[data-kind='paye']")).to_contain_text("26728.96")
    fits("payroll-04-posted")
    with page.expect_download() as download:
        page.get_by_role("link", name="PAYE schedule (XLSX)").click()
    assert download.value.suggested_filename == f"paye-{month}.xlsx"
    with page.expect_download() as download:
        page.get_by_role("link", name="Payslips (PDF)").click()
    target = tmp_path / "payslips.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
