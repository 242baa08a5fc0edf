"""A branch manager's day in the Stock office, in a real browser (issue [12] scopes 4 and
6): Kwame (manager of MAIN) receives goods, sends some to Tema, adjusts a damaged
bottle and a theft above the limit (which waits for the director), sets a reorder
level and reads the reorder list and the stock value; the director approves the theft
(the second person) and resolves a held envelope with "same as product" after seeing
what the tills will get; Yaw (manager of Tema) receives the transfer, one short.

``walk`` is driven by the browser test (``test_stock_office_browser.py``) and by the
screenshot script (``tools/dashboard/manager_day.py``), which passes ``shoot`` to save
each page at 1366×768 and 768×1024. Every page is checked to fit both widths without
sideways scrolling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sync_server.purchases.bills import add_supplier
from sync_server.stock.office import set_adjust_limit
from sync_server.tenants.services import add_user
from tests.browser.scene import PASSWORD, Scene, unknown_product_sale
from tests.server.conftest import ADMIN

KWAME = ("manager@acme.test", "long enough password")  # manager of MAIN (make_world)
YAW = ("tema.manager@acme.test", PASSWORD)
DIRECTOR = ("director@acme.test", PASSWORD)

Shoot = Callable[[Any, str], None]


def prepare(scene: Scene) -> None:
    """Tema's manager, a supplier, an approval limit, a till's sale of an unknown SKU."""
    with scene.ctx.scope(scene.acme.tenant_id) as scope:
        add_user(scene.ctx, scope, ADMIN, email=YAW[0], name="Yaw Tema", role="manager",
                 branch="TEM-02", pin=None, password=YAW[1])
        add_supplier(scene.ctx, scope, ADMIN, name="Wilmar Ghana", terms_days=30)
        set_adjust_limit(scene.ctx, scope, ADMIN, "100.00")
    till = scene.till("MAIN", "Front till")
    till.sell([("GH-0001", 3)])
    unknown_product_sale(till)
    till.push()


def sign_in(page: Any, scene: Scene, who: tuple[str, str]) -> None:
    page.goto(scene.url())
    page.get_by_label("E-mail").fill(who[0])
    page.get_by_label("Password").fill(who[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def switch(page: Any, tablet: Any | None, scene: Scene, who: tuple[str, str]) -> None:
    for tab in (page, tablet):
        if tab is not None:
            tab.get_by_role("button", name="Sign out").click()
            sign_in(tab, scene, who)


def fits(page: Any) -> None:
    """No sideways scrolling at this width."""
    wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 1, f"{page.url} scrolls sideways by {wide}px at {page.viewport_size}"


def _line(form: Any, n: int, sku: str, qty: str, cost: str | None = None) -> None:
    form.get_by_label(f"Product {n}", exact=True).fill(sku)
    form.get_by_label(f"Quantity {n}", exact=True).fill(qty)
    if cost is not None:
        form.get_by_label(f"Unit cost {n}", exact=True).fill(cost)


def walk(page: Any, scene: Scene, shoot: Shoot, tablet: Any | None = None) -> None:
    """Kwame's and Yaw's day. ``tablet``: a second page (768 wide, same browser) that
    each step is also looked at in, signed in as the same person."""
    from playwright.sync_api import expect

    def look(name: str) -> None:
        page.wait_for_load_state("networkidle")
        fits(page)
        shoot(page, f"{name}-1366")
        if tablet is not None:
            tablet.goto(page.url.split("?")[0])
            tablet.wait_for_load_state("networkidle")
            fits(tablet)
            shoot(tablet, f"{name}-768")

    sign_in(page, scene, KWAME)
    if tablet is not None:
        sign_in(tablet, scene, KWAME)
    page.get_by_role("link", name="Stock office").click()
    expect(page.get_by_role("heading", name="Receive goods")).to_be_visible()
    form = page.get_by_test_id("receive-form")
    form.get_by_label("Supplier", exact=True).fill("Wilmar Ghana")
    form.get_by_label("Delivery note no.").fill("DN-2041")
    _line(form, 1, "GH-0001", "48", "29.50")
    _line(form, 2, "GH-0004", "24", "9.80")
    look("manager-01-receive-form")
    form.get_by_role("button", name="Receive").click()
    expect(page.get_by_role("status")).to_contain_text("GRN-000001")
    look("manager-02-received")

    page.get_by_role("link", name="Transfers").click()
    form = page.get_by_test_id("transfer-form")
    form.locator("select[name=to_branch]").select_option("TEM-02")
    form.get_by_label("Note", exact=True).fill("van GT-1234-20")
    _line(form, 1, "GH-0001", "12")
    form.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("in transit")
    page.get_by_role("link", name="Transfers").click()
    expect(page.get_by_test_id("in-transit")).to_contain_text("354.00")
    look("manager-03-in-transit")

    page.get_by_role("link", name="Adjustments").click()
    form = page.get_by_test_id("adjust-form")
    form.locator("select[name=reason]").select_option("damaged")
    form.get_by_label("Note", exact=True).fill("bottle dropped in the store")
    _line(form, 1, "GH-0001", "-1")
    form.get_by_role("button", name="Adjust").click()
    expect(page.get_by_role("status")).to_contain_text("posted")
    page.get_by_role("link", name="Adjustments").click()
    form = page.get_by_test_id("adjust-form")
    form.locator("select[name=reason]").select_option("theft")
    form.get_by_label("Note", exact=True).fill("carton missing after delivery")
    _line(form, 1, "GH-0004", "-12")
    form.get_by_role("button", name="Adjust").click()
    expect(page.get_by_role("status")).to_contain_text("second person")
    expect(page.get_by_test_id("status")).to_have_text("pending")
    look("manager-04-adjustment-waits")

    page.get_by_role("link", name="Reorder list").click()
    page.get_by_label("Product (SKU)").fill("GH-0001")
    page.get_by_label("Reorder below").fill("40")
    page.get_by_label("Order up to").fill("60")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("reorder-list")).to_contain_text("Frytol")
    look("manager-05-reorder-list")

    page.get_by_role("link", name="Stock value").click()
    expect(page.get_by_test_id("equal")).to_be_visible()
    look("manager-06-stock-value")

    # The director: the second person for the theft, and the held envelope (adding a
    # product to the catalogue is head office's, not a branch manager's)
    switch(page, tablet, scene, DIRECTOR)
    page.goto(scene.url(path="/dashboard/inventory/documents/ADJ-000002"))
    look("manager-07-approve-adjustment")
    page.get_by_role("button", name="Approve and post").click()
    expect(page.get_by_test_id("status")).to_have_text("posted")
    page.get_by_role("link", name="Held", exact=True).click()
    page.get_by_role("link", name="Resolve").first.click()
    expect(page.get_by_label("SKU the till used")).to_have_value("GH-9999")
    held_url = page.url
    page.get_by_label("Same as product (SKU)").fill("GH-0001")
    look("manager-08-held")
    page.get_by_role("button", name="Preview what the tills get").click()
    expect(page.get_by_test_id("till-changes")).to_contain_text("nothing is repriced")
    page.wait_for_load_state("networkidle")
    fits(page)
    shoot(page, "manager-09-held-preview-1366")
    if tablet is not None:  # the same preview on the tablet (it changes nothing)
        tablet.goto(held_url)
        tablet.get_by_label("Same as product (SKU)").fill("GH-0001")
        tablet.get_by_role("button", name="Preview what the tills get").click()
        tablet.wait_for_load_state("networkidle")
        fits(tablet)
        shoot(tablet, "manager-09-held-preview-768")
    page.get_by_role("button", name=re.compile("Confirm: add GH-9999")).click()
    expect(page.get_by_role("status")).to_contain_text("Merged and posted")

    # Tema's manager receives the transfer: eleven arrived
    switch(page, tablet, scene, YAW)
    page.get_by_role("link", name="Stock office").click()
    page.get_by_role("link", name="Transfers").click()
    page.get_by_role("link", name="TRF-000001").first.click()
    page.get_by_label("Arrived of GH-0001").fill("11")
    look("manager-10-receive-transfer")
    page.get_by_test_id("receive-transfer").get_by_role("button", name="Receive").click()
    expect(page.get_by_role("status")).to_contain_text("short")
    expect(page.get_by_test_id("status")).to_have_text("received")
    look("manager-11-transfer-received")


__all__ = ["prepare", "walk"]
