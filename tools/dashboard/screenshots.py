"""Make the dashboard's screenshots in docs/screenshots/ (dashboard-*.png) from the real
pages: a live server with a small business on SQLite, toy tills that sync over HTTP,
and headless Debian chromium through Playwright.

    python tools/dashboard/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shared.payloads import CustomerRef, Tender  # noqa: E402
from tests.browser.scene import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    Scene,
    start_scene,
    unknown_product_sale,
)
from tests.server.toy_terminal import ToyTerminal  # noqa: E402


def populate(scene: Scene) -> list[ToyTerminal]:
    today = datetime.now(UTC).date()
    main = scene.till("MAIN", "Front till")
    back = scene.till("MAIN", "Wholesale till")
    tema = scene.till("TEM-02", "Tema till 1")
    items = [("GH-0001", 2), ("GH-0004", 3), ("GH-0002", 6), ("GH-0003", 1), ("GH-0005", 2),
             ("GH-0006", 1), ("GH-0007", 4), ("GH-0008", 2)]
    methods = ["cash", "cash", "mtn", "card", "cash", "telecel", "mtn", "airteltigo"]
    for day_back in range(13, -1, -1):
        day = (today - timedelta(days=day_back)).isoformat()
        for till, count in ((main, 6 + day_back % 4), (tema, 3 + day_back % 3), (back, 2)):
            till.business_date = day
            for n in range(count):
                sku, qty = items[(n + day_back) % len(items)]
                sale = till.priced_sale([(sku, qty), items[(n + 3) % len(items)]])
                gross = sale.totals.gross
                kind = methods[(n + day_back) % len(methods)]
                if kind == "cash":
                    tender = Tender("cash", gross, gross)
                elif kind == "card":
                    tender = Tender("card", gross, gross, reference=f"A{n}")
                else:
                    tender = Tender("momo", gross, gross, provider=kind, reference=f"M{n}")
                till.sell([(sku, qty), items[(n + 3) % len(items)]], tenders=[tender])
    main.business_date = today.isoformat()
    last = main.outbox[-1]
    main.refund(last, [(1, "1")])
    customer = CustomerRef(scene.acme.customer_id, "Kofi Traders", "C0009876543")
    sale = main.priced_sale([("GH-0001", 12)], price_list="retail", customer=customer,
                            tenders=None)
    main.sell([("GH-0001", 12)], customer=customer,
              tenders=[Tender("credit", sale.totals.gross, sale.totals.gross)])
    wrong = main.sell([("GH-0002", 1)])
    main.void(wrong)
    for till in (main, back, tema):
        till.push(batch_size=200)
    main.heartbeat()
    tema.heartbeat(printer={"status": "paper_out", "detail": "TM-T20III: paper end"},
                   power={"source": "battery", "battery_percent": 64})
    back.heartbeat()
    # The wholesale till loses its connection with sales not yet sent.
    back.business_date = today.isoformat()
    for _ in range(5):
        back.sell([("GH-0001", 1)])
    back.heartbeat()  # its last word: 5 envelopes waiting
    odd = scene.till("TEM-02", "Tema till 2")
    odd.business_date = today.isoformat()
    unknown_product_sale(odd)
    odd.push()
    odd.heartbeat(printer={"status": "ok", "detail": None})
    return [main, tema, odd]


BOOKS_SHOTS = [
    ("close-checklist", "/dashboard/ledger/periods/2026-11"),
    ("vat-return", "/dashboard/ledger/vat-return?period=2026-11"),
    ("balance-sheet", "/dashboard/ledger/balance-sheet?period=2026-11"),
    ("journals-by-hand", "/dashboard/books/jv"),
    ("chart-of-accounts", "/dashboard/books/accounts"),
    ("suppliers", "/dashboard/purchases/suppliers"),
    ("bills", "/dashboard/purchases/bills"),
    ("ap-ageing", "/dashboard/purchases/ageing?as_of=2026-11-30"),
    ("settlements", "/dashboard/purchases/settlements"),
    ("stock-valuation", "/dashboard/books/stock-valuation?as_of=2026-11-30"),
    ("general-ledger", "/dashboard/books/gl?account=1010&first=2026-11-01&last=2026-11-30"),
    ("cash-flow", "/dashboard/books/cash-flow?first=2026-11-01&last=2026-11-30"),
    ("receivables", "/dashboard/books/receivables?as_of=2026-11-30"),
]


def books(browser: object, scene: Scene, out: Path) -> None:
    """The books pages over a month of trade (tools/books/month_of_trade.py) at the
    second tenant, closed by the accountant and the director."""
    sys.path.insert(0, str(ROOT / "tools" / "books"))
    from month_of_trade import close, trade

    month = trade(scene.other, lambda: scene.till("MAIN", "Front till", world=scene.other),
                  ROOT / "resources" / "testdata")
    close(scene.other, month)
    context = browser.new_context(viewport={"width": 1366, "height": 860})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(scene.url("other"))
    page.get_by_label("E-mail").fill("director@other.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for name, path in BOOKS_SHOTS:
        page.goto(scene.url("other", path))
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / f"dashboard-{name}.png"), full_page=True)
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        scene = start_scene(Path(folder), ROOT / "resources" / "testdata", refresh_seconds=5,
                            offline_after_seconds=4)
        try:
            connected = populate(scene)
            import time

            time.sleep(4.5)  # the wholesale till's last heartbeat ages past "offline"

            def beat() -> None:  # the tills that still have a connection
                for till in connected:
                    till.heartbeat(**({"printer": {"status": "paper_out", "detail": "paper end"},
                                      "power": {"source": "battery", "battery_percent": 64}}
                                     if till.name == "Tema till 1" else {}))
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                laptop = browser.new_context(viewport={"width": 1366, "height": 860},
                                             device_scale_factor=1)
                page = laptop.new_page()
                page.goto(scene.url())
                page.screenshot(path=str(args.out / "dashboard-login.png"))
                page.get_by_label("E-mail").fill("director@acme.test")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_selector("table.tills")
                shots = [("sync", "/dashboard/"), ("held", "/dashboard/held"),
                         ("sales", "/dashboard/sales?range=week"),
                         ("sales-report", "/dashboard/sales/report"),
                         ("stock", "/dashboard/stock"),
                         ("trial-balance", "/dashboard/ledger/trial-balance"),
                         ("tax", "/dashboard/ledger/tax"),
                         ("periods", "/dashboard/ledger/periods"),
                         ("users", "/dashboard/admin/users"),
                         ("terminals", "/dashboard/admin/terminals")]
                for name, path in shots:
                    beat()
                    page.goto(scene.url("acme", path))
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(args.out / f"dashboard-{name}.png"), full_page=True)
                held = page.locator("a", has_text="Resolve")
                page.goto(scene.url("acme", "/dashboard/held"))
                held.first.click()
                page.screenshot(path=str(args.out / "dashboard-held-resolve.png"), full_page=True)
                tablet = browser.new_context(viewport={"width": 820, "height": 1180},
                                             storage_state=laptop.storage_state())
                tab = tablet.new_page()
                beat()
                tab.goto(scene.url())
                tab.wait_for_selector("table.tills")
                tab.screenshot(path=str(args.out / "dashboard-tablet-sync.png"))
                books(browser, scene, args.out)
                browser.close()
        finally:
            scene.stop()
    print(f"screenshots in {args.out}")  # noqa: T201 - a developer tool reports where it wrote
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
