"""An administrator's day in the browser (issue [12] scope 7), shared by the browser
test (tests/browser/test_admin_walk.py) and the screenshot script
(tools/dashboard/admin_screenshots.py): create a business with its first director,
suspend and reactivate one, open a business, edit / add / close a branch, issue an
enrollment code (a reload issues no second one) and cancel it, see the users, and
read, filter and export the activity log. Every page visited is checked to fit the
window with no sideways scrolling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync_server.tenants.services import add_system_admin
from tests.browser.scene import Scene
from tests.server.conftest import ADMIN

ADMIN_EMAIL = "root@bisama.test"
ADMIN_PASSWORD = "system admin password"
SIZES = {"1366": (1366, 768), "768": (768, 1024)}
# Every page a person reaches from the menu (and the pages of this walk).
PAGES = ["/dashboard/", "/dashboard/held", "/dashboard/sales", "/dashboard/sales/report",
         "/dashboard/stock", "/dashboard/ledger/trial-balance", "/dashboard/ledger/profit-loss",
         "/dashboard/ledger/balance-sheet", "/dashboard/ledger/journals", "/dashboard/ledger/tax",
         "/dashboard/ledger/vat-return", "/dashboard/ledger/postings", "/dashboard/ledger/periods",
         "/dashboard/books/jv", "/dashboard/books/accounts", "/dashboard/books/drawers",
         "/dashboard/purchases/suppliers", "/dashboard/purchases/bills",
         "/dashboard/purchases/expenses", "/dashboard/purchases/settlements",
         "/dashboard/purchases/ageing", "/dashboard/books/stock-valuation",
         "/dashboard/books/opening", "/dashboard/books/gl", "/dashboard/books/cash-flow",
         "/dashboard/books/receivables", "/dashboard/books/ledger-export",
         "/dashboard/admin/branches", "/dashboard/admin/users", "/dashboard/admin/products",
         "/dashboard/admin/products/GH-0001", "/dashboard/admin/price-lists",
         "/dashboard/admin/customers", "/dashboard/admin/tax", "/dashboard/admin/terminals",
         "/dashboard/admin/activity", "/dashboard/system", "/dashboard/admin/tenants",
         "/dashboard/tenants"]


@dataclass
class Walk:
    scene: Scene
    page: Any
    shots: Path | None = None
    size: str = "1366"
    too_wide: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.scene.port}"

    def fits(self, what: str) -> None:
        """The page's width is the window's: nothing scrolls the page sideways."""
        wide = self.page.evaluate("() => [document.documentElement.scrollWidth, "
                                  "window.innerWidth]")
        if wide[0] > wide[1]:
            self.too_wide.append(f"{what} at {self.size}: {wide[0]} > {wide[1]}")

    def shot(self, name: str) -> None:
        self.fits(name)
        self.visited.append(self.page.url)
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.shots / f"admin-{name}-{self.size}.png"),
                                 full_page=False)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)


def prepare(scene: Scene) -> None:
    add_system_admin(scene.ctx, ADMIN, email=ADMIN_EMAIL, name="Kofi Admin",
                     password=ADMIN_PASSWORD)


def sign_in_as_admin(walk: Walk) -> None:
    page = walk.page
    walk.go("/dashboard/login")
    page.get_by_label("E-mail").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/tenants")


def open_business(walk: Walk, name: str) -> None:
    walk.go("/dashboard/tenants")
    walk.page.locator("tr", has_text=name).get_by_role("button", name="Open").click()
    walk.page.wait_for_url("**/dashboard/")


def administrators_day(walk: Walk, expect: Callable[[Any], Any]) -> str:
    """The walk at one window size; returns the enrollment code it issued."""
    page = walk.page
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in_as_admin(walk)
    walk.go("/dashboard/admin/tenants")
    expect(page.get_by_test_id("tenants")).to_contain_text("Other Traders")
    walk.shot("01-businesses")
    form = page.get_by_test_id("create-tenant")
    form.get_by_label("Name", exact=True).first.fill("Adom Wholesale")
    form.get_by_label("Address (host name)").fill(f"adom{walk.size}.bisamapos.com")
    form.get_by_label("TIN").fill("C001234")
    form.get_by_label("Main branch name").fill("Kumasi Central")
    form.locator('input[name="director_name"]').fill("Efua Adom")
    form.locator('input[name="director_email"]').fill(f"efua{walk.size}@adom.test")
    form.locator('input[name="director_password"]').fill("a long password")
    form.get_by_role("button", name="Create business").click()
    expect(page.get_by_role("alert")).to_contain_text("not a Ghana TIN")
    walk.shot("02-tin-refused")
    form = page.get_by_test_id("create-tenant")
    form.get_by_label("Name", exact=True).first.fill("Adom Wholesale")
    form.get_by_label("Address (host name)").fill(f"adom{walk.size}.bisamapos.com")
    form.get_by_label("TIN").fill("C0012345678")
    form.get_by_label("Main branch name").fill("Kumasi Central")
    form.locator('input[name="director_name"]').fill("Efua Adom")
    form.locator('input[name="director_email"]').fill(f"efua{walk.size}@adom.test")
    form.locator('input[name="director_password"]').fill("a long password")
    form.get_by_role("button", name="Create business").click()
    expect(page.get_by_role("status")).to_contain_text("Efua Adom can sign in")
    row = page.locator("tr", has_text="Other Traders")
    row.locator('input[name="reason"]').fill("invoice 2026-11 unpaid")
    row.get_by_role("button", name="Suspend").click()
    expect(page.locator("tr", has_text="Other Traders")).to_contain_text("invoice 2026-11 unpaid")
    walk.shot("03-suspended")
    page.locator("tr", has_text="Other Traders").get_by_role("button", name="Reactivate").click()
    expect(page.get_by_role("status")).to_contain_text("active again")

    open_business(walk, "Acme Trading")
    walk.go("/dashboard/admin/branches")
    tema = page.locator("tr", has_text="TEM-02")
    tema.get_by_text("Edit").click()
    # (a second walk on the same server renames it again: an unchanged name is refused)
    tema.get_by_label("Name").fill("Tema Harbour" if walk.size == "1366" else "Tema Harbour Rd")
    tema.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("TEM-02 saved")
    add = page.locator("form", has_text="Add a branch")
    add.get_by_label("Code").fill(f"KSI{walk.size}")
    add.get_by_label("Name").fill("Kasoa pop-up")
    add.get_by_role("button", name="Add branch").click()
    popup = page.locator("tr", has_text=f"KSI{walk.size}")
    popup.locator('input[name="reason"]').fill("season over")
    popup.get_by_role("button", name="Close").click()
    expect(page.locator("tr", has_text=f"KSI{walk.size}")).to_contain_text("closed")
    walk.shot("04-branches")

    walk.go("/dashboard/admin/terminals")
    expect(page.get_by_test_id("server")).to_have_text(walk.base)
    walk.shot("05-terminals")
    page.get_by_role("button", name="Issue enrollment code").click()
    page.wait_for_url("**/dashboard/admin/terminals/code/*")
    code = str(page.get_by_test_id("code").inner_text())
    expect(page.get_by_test_id("enroll-command")).to_contain_text(f"--server {walk.base}")
    walk.shot("06-code")
    page.reload()  # the same code, not a second one
    expect(page.get_by_test_id("code")).to_have_text(code)
    walk.go("/dashboard/admin/terminals")
    codes = page.get_by_test_id("codes")
    expect(codes.locator("tr", has_text=f"…{code[-4:]}")).to_contain_text("open")
    expect(codes.locator("tr", has_text="open")).to_have_count(1)
    codes.locator("tr", has_text=f"…{code[-4:]}").get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("codes").locator("tr", has_text=f"…{code[-4:]}")).to_contain_text(
        "cancelled")
    walk.shot("07-code-cancelled")

    walk.go("/dashboard/admin/users")
    expect(page.locator("main")).to_contain_text("Abena Mensah")
    walk.shot("08-users")

    walk.go("/dashboard/admin/activity")
    expect(page.get_by_test_id("activity")).to_contain_text("closed branch Kasoa pop-up")
    walk.shot("09-activity")
    page.get_by_label("Action").select_option("branch.edit")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("activity")).to_contain_text("edited branch Tema Harbour")
    expect(page.get_by_test_id("activity")).not_to_contain_text("closed branch")
    walk.shot("10-activity-filtered")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = download.value.path()
    assert saved is not None and "Tema Harbour" in Path(saved).read_text(encoding="utf-8-sig")
    return code


def every_page_fits(walk: Walk) -> None:
    """Every page of the menu at this window size: no sideways scrolling."""
    for path in PAGES:
        walk.go(path)
        walk.page.wait_for_load_state("load")
        walk.fits(path)
