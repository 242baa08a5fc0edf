"""The director's day at head office, in a real browser: the list of sales filtered (a
branch, a payment method), a receipt, the shifts and one shift's cash-up and Z report,
the variance report, and an export opened as a spreadsheet. Used by
``test_director_day_browser.py`` (assertions) and ``tools/dashboard/director_day.py``
(screenshots at 1366×768 and 768×1024 in docs/screenshots/dashboard/)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from shared.payloads import Tender
from sync_server.reports import shifts as sh
from sync_server.sales.models import Shift
from sync_server.tenants.services import add_user
from tests.browser.scene import PASSWORD, Scene
from tests.server.conftest import ADMIN
from tests.server.toy_terminal import ToyTerminal

SIZES = {"laptop": (1366, 768), "tablet": (768, 1024)}


def trade(scene: Scene) -> dict[str, ToyTerminal]:
    """Two tills at Accra and one at Tema sell through a shift; the front till closes
    its shift GH₵ 5.00 short with a manager's approval; the Tema till keeps two sales it
    has not delivered (its branch is then "incomplete")."""
    with scene.ctx.scope(scene.acme.tenant_id) as scope:
        add_user(scene.ctx, scope, ADMIN, email="esi.tema@acme.test", name="Esi Darko",
                 role="user", branch="TEM-02", pin="1357", password=PASSWORD)
    front = scene.till("MAIN", "Front till")
    back = scene.till("MAIN", "Wholesale till")
    tema = scene.till("TEM-02", "Tema till 1")
    tema.user = "esi.tema@acme.test"
    items = [("GH-0001", 2), ("GH-0004", 3), ("GH-0002", 6), ("GH-0003", 1), ("GH-0005", 2)]
    front.seal("shift_open", {"shift_id": front.shift_id, "opening_float": 20_000})
    tema.seal("shift_open", {"shift_id": tema.shift_id, "opening_float": 10_000})
    for n in range(14):
        for till in (front, back, tema):
            sku, qty = items[(n + len(till.name)) % len(items)]
            gross = till.priced_sale([(sku, qty)]).totals.gross
            ref = f"{till.terminal_id[-6:]}{n:03d}"  # a MoMo reference is used once
            tender = [Tender("cash", gross, gross),
                      Tender("momo", gross, gross, provider="mtn", reference=f"MP{ref}"),
                      Tender("card", gross, gross, reference=f"A{ref}"),
                      Tender("momo", gross, gross, provider="telecel", reference=f"T{ref}")
                      ][n % 4]
            till.sell([(sku, qty)], tenders=[tender])
    front.seal("cash_move", {"shift_id": front.shift_id, "purpose": "drop_to_bank",
                             "amount": 10_000, "reason": "midday bank drop", "approvals": []})
    for till in (front, back, tema):
        till.push(batch_size=200)
    with scene.ctx.scope(scene.acme.tenant_id) as scope:
        shift = scope.get(Shift, front.shift_id)
        assert shift is not None
        z = sh.z_report(scope, shift)
    expected = 20_000 + z["cash_sales"] - z["cash_refunds"] + z["cash_in"] - z["cash_out"]
    counted = expected - 500
    front.seal("shift_close", {
        "shift_id": front.shift_id, "opening_float": 20_000, "cash_sales": z["cash_sales"],
        "cash_refunds": z["cash_refunds"], "cash_in": z["cash_in"], "cash_out": z["cash_out"],
        "cash_payments": 0, "expected": expected,
        "counts": [{"denomination": 100, "count": counted // 100},
                   {"denomination": 1, "count": counted % 100}],
        "counted": counted, "variance": -500, "blind": False,
        "sales_count": z["sales_count"], "sales_gross": z["sales_gross"],
        "approvals": [{"action": "shift_close", "approver": "manager@acme.test",
                       "reason": "recounted with the cashier"}]})
    front.push()
    for till in (front, back):
        till.heartbeat()
    tema.sell([("GH-0001", 1)])
    tema.sell([("GH-0004", 1)])
    tema.heartbeat()  # two sales it holds
    return {"front": front, "back": back, "tema": tema}


def _fits(page: Any) -> bool:
    return bool(page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"))


def walk(browser: Any, scene: Scene, *, shots: Path | None = None,
         size: str = "laptop") -> dict[str, Any]:
    """Walk the day in a fresh browser window of ``size``; screenshots into ``shots``.
    Returns what the checks need: pages that scroll sideways, the export's rows."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True)
    page = context.new_page()
    seen: dict[str, Any] = {"sideways": []}

    def shot(name: str) -> None:
        page.wait_for_load_state("networkidle")
        if not _fits(page):
            seen["sideways"].append(name)
        if shots is not None:
            page.screenshot(path=str(shots / f"{size}-{name}.png"), full_page=False)

    page.goto(scene.url())
    page.get_by_label("E-mail").fill("director@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("table.tills")

    page.get_by_role("link", name="Sales list").click()
    page.get_by_label("Branch").select_option(label="Acme Trading main branch")
    page.get_by_label("Paid by").select_option(label="MoMo")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector('table[data-testid="sales"]')
    seen["list_count"] = page.get_by_test_id("list-count").inner_text()
    seen["incomplete"] = page.get_by_test_id("incomplete").count()
    shot("01-sales-list")

    page.locator('table[data-testid="sales"] tbody a').first.click()
    page.wait_for_selector("h1")
    seen["receipt"] = page.locator("h1").inner_text()
    shot("02-receipt")

    page.get_by_role("link", name="Shifts & cash-ups").click()
    page.wait_for_selector('table[data-testid="shifts"]')
    shot("03-shifts")
    page.locator('table[data-testid="shifts"] tbody tr', has_text="Front till") \
        .locator("a").first.click()
    page.wait_for_selector('table[data-testid="z-report"]')
    seen["variance"] = page.get_by_test_id("variance").inner_text()
    seen["differences"] = page.get_by_test_id("differences").count()
    shot("04-shift")

    page.get_by_role("link", name="Cash variances").click()
    page.wait_for_selector("h1")
    seen["net_variance"] = page.get_by_test_id("net-variance").inner_text()
    shot("05-variance")

    page.get_by_role("link", name="Sales list").click()
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    data = Path(download.value.path()).read_bytes()
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).active
    seen["export_rows"] = [r for r in ws.iter_rows(values_only=True)]
    page.get_by_role("link", name="Daily & weekly").click()
    page.wait_for_selector("#export-weeks")
    seen["report_incomplete"] = page.get_by_test_id("incomplete").inner_text()
    shot("06-daily-weekly")
    context.close()
    return seen
