"""``python -m terminal.ui.screenshots [--out docs/screenshots]``: PNGs of every screen of
the till, made from the real windows (offscreen ``grab()``) on a training till with the
sample catalogue and users, a virtual receipt printer and a fixed clock — so the
pictures in the docs are what a cashier sees, and change when the screens change.

A dialog is drawn over its window, the window dimmed, as the cashier sees it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from argon2 import PasswordHasher
from PySide6.QtCore import Qt

from hardware.virtual_printer import VirtualPrinter
from shared.money import Money
from terminal.clock import ManualClock, stamp
from terminal.keystore import EncryptedFileKeyStore
from terminal.store.masterdata import CustomerRecord
from terminal.sync.state import Connection, HeldItem, SyncState
from terminal.till import Till
from terminal.ui.customer_window import CustomerWindow
from terminal.ui.power import PowerState
from terminal.ui.returns_screen import QtyBox
from terminal.ui.training import ReceiptRoll

SIZE = (1024, 768)
GHANA = timezone(timedelta(0))
OIL, MILO, RICE, WATER = "6030010001371", "6030010006857", "6030010004112", "6030010010960"


def _hardware_toml(port: int) -> str:
    return (
        '[printer]\nconnection = "network"\nhost = "127.0.0.1"\n'
        f'port = {port}\nmodel = "generic-80"\npaper_mm = 80\n\n'
        '[display]\nenabled = false\nmomo_number = "024 555 0199"\nmomo_name = "ADOM MART"\n'
    )


class Studio:
    """A training till with its window, and the pictures taken of it."""

    def __init__(self, out: Path, work: Path, size: tuple[int, int] = SIZE) -> None:
        from terminal.ui.app import TillApp, build_context, make_application

        self.out = out
        self.size = size
        self.problems: list[str] = []
        self.app = make_application(["screenshots"])
        self.roll = ReceiptRoll()
        self.printer = VirtualPrinter(on_page=lambda page: self.roll.printed(page, 576)).start()
        data = work / "data"
        data.mkdir(parents=True)
        (data / "hardware.toml").write_text(_hardware_toml(self.printer.port), encoding="utf-8")
        self.clock = ManualClock(datetime(2026, 11, 21, 14, 5, tzinfo=GHANA))
        keys = EncryptedFileKeyStore(work / "keys", passphrase="screenshots")  # noqa: S106 (a throw-away training till)
        hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

        def opener() -> Till:
            return Till.open(
                data, clock=self.clock, key_store=keys, backup_dir=work / "backups", pin_hasher=hasher
            )

        self.till = opener()
        self.till.start(take_backup=False)
        self.ctx = build_context(
            self.till,
            data,
            open_worker_till=opener,
            power=lambda: PowerState(on_battery=True, percent=64, minutes_left=95),
        )
        self.running = TillApp(self.ctx)
        self.window = self.running.start()
        self.window.resize(*size)
        self.window.show()
        self.window.activateWindow()
        from terminal.ui.driver import Driver

        self.drive = Driver(self.window)
        self.taken: list[str] = []
        self.settle()

    def settle(self, seconds: float = 0.2) -> None:
        self.drive.wait(lambda: False, timeout=seconds)

    def shot(self, name: str) -> None:
        from terminal.ui.fit_check import problems

        self.settle()
        dialog = self.window.dialog
        self.problems += problems(self.window, name)
        if dialog is not None:
            self.problems += problems(dialog, f"{name} (dialog)")
        image = self.window.grab().toImage()
        if dialog is not None:
            from PySide6.QtGui import QColor, QPainter

            dialog.adjustSize()
            painter = QPainter(image)
            painter.fillRect(image.rect(), QColor(0, 0, 0, 120))
            pix = dialog.grab()
            painter.drawPixmap(
                (image.width() - pix.width()) // 2, max(20, (image.height() - pix.height()) // 2), pix
            )
            painter.end()
        path = self.out / f"{name}.png"
        image.save(str(path))
        self.taken.append(path.name)

    def close_dialog(self) -> None:
        if self.window.dialog is not None:
            self.window.dialog.reject()
        self.settle()

    def stop(self) -> None:
        self.running.stop()
        self.printer.stop()


def _prepare(studio: Studio, testdata: Path) -> None:
    till = studio.till
    till.set_shop_details(
        name="Adom Mart", address="12 Ring Road Central, Accra", phone="030 222 0000", tin="C0012345678"
    )
    till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    till.auth.import_users(testdata / "users_sample.csv")
    # Blind close is the default; the screenshots show the cashier's X report and the
    # count with the expected amount, so this shop has turned it off.
    till.master_data.set_options(blind_close=False)
    till.reload_settings()
    till.master_data.upsert_customers(
        [
            CustomerRecord(
                str(uuid.UUID(int=1)),
                "Kofi Mensah Enterprise",
                "024 411 2233",
                "C0098765432",
                None,
                "wholesale",
                Money.cedis(5000),
                Money.parse("1250.00"),
            ),
            CustomerRecord(
                str(uuid.UUID(int=2)),
                "Auntie Esi Provisions",
                "020 733 1100",
                None,
                None,
                None,
                Money.cedis(800),
                Money.ZERO,
            ),
        ],
        as_of_seq=0,
        at=stamp(studio.clock.now()),
    )


def _offline(now: datetime) -> SyncState:
    return SyncState(
        Connection.OFFLINE,
        backlog=0,
        oldest_unsynced_at=None,
        last_success_at=now - timedelta(hours=3, minutes=12),
        last_error="No internet connection — sales are kept and sent when it is back.",
        next_attempt_at=now + timedelta(minutes=2),
        server_url="https://pos.adom-mart.example",
        clock_offset_seconds=4,
        held=(
            HeldItem(
                7,
                "sale",
                "MAIN-T01-000003",
                "Period 2026-10 is closed: posted to 2026-11, flagged for the accountant",
            ),
        ),
    )


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"screenshots: {what}")


def take_all(studio: Studio, testdata: Path) -> list[str]:
    w, d, till = studio.window, studio.drive, studio.till
    w.go("first_run")
    studio.shot("01-first-run")
    _prepare(studio, testdata)
    w.start(
        (
            "The cart that was open before the restart is back: 2 line(s). Check it with the customer, "
            "then take payment.",
        )
    )
    w.resize(*studio.size)
    w.login.choose_email("ama@acme.example.test")
    studio.shot("02-login")
    d.sign_in("ama@acme.example.test", "1357")
    d.type("200")
    studio.shot("03-open-shift")
    d.enter()
    _check(w.current is w.sale, "the shift did not open")
    studio.ctx.sync.publish(_offline(studio.clock.now()))
    sale = w.sale
    for code in (OIL, OIL, MILO, WATER):
        d.scan(code)
    d.key("F5")  # the water by the carton
    for code in ("1.25*GH-0039", RICE):
        d.scan(code)
    _check(len(sale.model.lines) == 5, "five lines in the cart")
    d.key("F8")
    _check(w.dialog is not None, "the customer dialog opened")
    d.type("Kofi")
    studio.shot("05-customer")
    d.enter()
    studio.clock.advance(minutes=3)
    studio.shot("04-sale")
    d.key("F2")
    d.type("mil")
    studio.shot("06-search")
    d.key("Escape")
    d.scan("6039999999995")
    studio.shot("07-unknown-barcode")
    sale.table.selectRow(0)
    d.key("F6")
    discount = w.dialog
    _check(discount is not None, "the discount dialog opened")
    d.press(Qt.Key.Key_Tab)
    d.type("15")
    d.enter()
    _check(w.dialog is not None and w.dialog is not discount, "a manager must approve 15 %")
    studio.shot("08-manager-approval")
    d.type("7310")
    d.enter()
    _check(w.dialog is None, "the manager approved")
    d.key("F12")
    pay = w.screens["payment"]
    _check(w.current is pay, "payment screen")
    d.key("F6")
    pay.momo_amount.set_amount(Money.cedis(100))  # type: ignore[attr-defined]
    d.type("1")  # MTN MoMo: the network is chosen afresh for every sale
    d.type("MP261121.1405.C00731")
    d.enter()
    _check(len(pay.entries) == 1, "MoMo part payment: " + pay.message.text())  # type: ignore[attr-defined]
    studio.shot("09-payment-split")
    d.type("300")
    d.enter()
    _check(w.current is sale, "the sale completed")
    studio.shot("10-change")
    window = studio.ctx.displays.window
    if window is None:
        window = CustomerWindow(till.settings.shop_name)
        studio.ctx.displays.window = window
        window.resize(1024, 600)
        window.show()
    studio.ctx.displays.change(Money.cedis(300), Money.parse("99.15"))
    studio.settle()
    window.grab().save(str(studio.out / "11-customer-display-change.png"))
    studio.ctx.displays.pay_with_momo(Money.parse("1,095.50"))
    studio.settle()
    window.grab().save(str(studio.out / "12-customer-display-momo.png"))
    studio.taken += ["11-customer-display-change.png", "12-customer-display-momo.png"]
    w.activateWindow()
    w.focus_screen()
    d.key("F10")
    d.type("MAIN-T01-000001")
    d.enter()
    returns = w.returns
    _check(returns.receipt is not None, "the receipt was found: " + returns.message.text())
    box = returns.lines.cellWidget(3, 4)
    if isinstance(box, QtyBox):
        box.set_all()
    returns.reason.setText("damaged")
    studio.shot("13-returns")
    d.key("Escape")
    studio.printer.set_fault("paper_out")
    d.scan(MILO)
    d.key("F12")
    d.enter()
    d.wait(
        lambda: (
            studio.ctx.printer.notice is not None and studio.ctx.printer.notice.state.value == "paper_out"
        ),
        timeout=10,
    )
    w.status.refresh()
    studio.shot("14-printer-out-of-paper")
    w.dispatch("print_queue")
    studio.shot("15-print-queue")
    studio.close_dialog()
    studio.printer.set_fault("paper_out", False)
    studio.clock.advance(minutes=1)  # the printer's back-off runs on the till's clock
    till.print_queue.retry_now(studio.clock.now())
    studio.ctx.printer.retry_now()
    d.wait(lambda: till.print_queue.depth() == 0, timeout=15)
    d.key("F11")
    d.key("F8")
    studio.shot("16-x-report")
    d.key("F9")
    count = w.screens["count"]
    _check(w.current is count, "count screen")
    for pesewas, n in ((20000, 2), (10000, 1), (5000, 2), (2000, 4), (1000, 3), (500, 1), (100, 3), (50, 1),
                       (20, 2), (5, 1), (1, 3)):
        count.spins[pesewas].setValue(n)  # type: ignore[attr-defined]
    studio.shot("17-count")
    d.key("F12")
    d.press(Qt.Key.Key_Tab)  # Enter alone keeps counting: to "Close the shift" on purpose
    d.enter()
    studio.shot("18-shift-closed")
    d.enter()
    _check(w.current is w.login, "signed out after the close")
    d.sign_in("manager@acme.example.test", "7310")
    w.go("sync")
    studio.shot("19-sync")
    w.go("settings")
    studio.shot("20-settings-printer")
    settings = w.screens["settings"]
    settings.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    studio.shot("21-settings-display")
    settings.tabs.setCurrentIndex(5)  # type: ignore[attr-defined]
    studio.shot("22-settings-about")
    d.wait(lambda: any("MAIN-T01-000001" in t for t in studio.roll.texts), timeout=10)
    studio.roll.resize(460, 768)
    studio.roll.show()
    receipt = next(i for i, t in enumerate(studio.roll.texts) if "MAIN-T01-000001" in t and "COPY" not in t)
    item = studio.roll.pages.itemAt(receipt)
    page = item.widget() if item is not None else None
    studio.settle()
    if page is not None:
        studio.roll.area.verticalScrollBar().setValue(page.y())
    studio.settle()
    studio.roll.grab().save(str(studio.out / "23-training-receipt-roll.png"))
    studio.taken.append("23-training-receipt-roll.png")
    studio.roll.hide()
    w.activateWindow()
    _stock_and_accounts(studio)
    _goods_without_barcodes(studio)
    return studio.taken


def _goods_without_barcodes(studio: Studio) -> None:
    """The quick-key grid over a sale (pages as head office's feed sends them), the price
    check of a bottle of water, and two cartons of oil being received."""
    from terminal.store.quick_keys import StoredPage, write_pages
    from terminal.ui.quick_keys_dialog import PriceCheckDialog, QuickKeysDialog
    from terminal.ui.stock_screen import StockScreen

    w, d, till = studio.window, studio.drive, studio.till
    with till.db.transaction() as conn:
        write_pages(conn, [
            StoredPage("FOOD", "Kenkey & market", 1, ("GH-0046", "GH-0039", "GH-0041")),
            StoredPage("WATER", "Water & drinks", 2, ("GH-0036", "GH-0008", "GH-0009", "GH-0059")),
        ])
    branch = till.identity.branch_code
    till.master_data.set_branch_stock(branch, "SHOP", [("GH-0008", Decimal(36))], as_of_seq=0)
    till.master_data.set_branch_stock(branch, "STORE", [("GH-0008", Decimal(240))], as_of_seq=0)
    w.go("sale")
    d.scan(MILO)
    d.press(Qt.Key.Key_G, modifiers=Qt.KeyboardModifier.ControlModifier)
    _check(isinstance(w.dialog, QuickKeysDialog), "the quick-key grid opened")
    d.key("PageDown")
    studio.shot("30-quick-keys")
    d.key("1")
    _check(w.dialog is None, "a key was picked")
    d.press(Qt.Key.Key_I, modifiers=Qt.KeyboardModifier.ControlModifier)
    _check(isinstance(w.dialog, PriceCheckDialog), "the price check opened")
    d.scan(WATER)
    studio.shot("31-price-check")
    studio.close_dialog()  # Esc (the driver would give it to the window's own Esc)
    w.go("stock")
    stock = w.screens["stock"]
    assert isinstance(stock, StockScreen)
    d.key("F5")
    stock.fields["document_no"].setText("DN-5120")  # type: ignore[attr-defined]
    stock.fields["supplier"].setText("Wilmar Ghana")  # type: ignore[attr-defined]
    stock.code.setFocus()
    d.scan(OIL)
    d.key("Down")
    d.type("2")
    d.enter()
    d.scan(RICE)
    studio.shot("32-stock-receive-carton")


def _stock_and_accounts(studio: Studio) -> None:
    """The Stock screen (a transfer being sent, a van coming back, the van's day), an
    exchange and a payment on account — the manager is signed in, a new shift open."""
    from terminal.store.settings import save_settings
    from terminal.tenders import cash, credit, momo
    from terminal.ui.stock_screen import StockScreen

    w, d, till = studio.window, studio.drive, studio.till
    till.shifts.open(Money.cedis(300))
    w.go("stock")
    stock = w.screens["stock"]
    _check(isinstance(stock, StockScreen), "stock screen")
    assert isinstance(stock, StockScreen)
    d.key("F7")
    stock.fields["branch"].setText("TEMA")  # type: ignore[attr-defined]
    stock.fields["location"].setText("SHOP")  # type: ignore[attr-defined]
    for sku, qty in (("GH-0001", "24"), ("GH-0005", "12"), ("GH-0012", "10")):
        stock.add_line(till.catalogue.product(sku), Decimal(qty))
    studio.shot("24-stock-transfer-out")
    # Yaw's van: loaded from the warehouse, sales on the route, back at night
    with till.db.transaction() as conn:
        save_settings(conn, location="VAN-1")
    till.reload_settings()
    till.transfers.truck_load("VAN-1", [("GH-0001", "24"), ("GH-0005", "12")], store="WH")
    till.sales.scan(OIL, "6")
    till.sales.complete([cash(Money.cedis(250))])
    till.sales.set_customer(str(uuid.UUID(int=2)))
    till.sales.scan(MILO, "4")
    till.sales.complete([credit(Money.cedis(248))])
    till.sales.scan(OIL, "2")
    till.sales.complete([momo(Money.cedis(76), "mtn", "MP261121.1702.K11842")])
    till.customers.take_payment(str(uuid.UUID(int=1)), [cash(Money.cedis(500))])
    studio.clock.advance(hours=4)
    w.go("stock")
    d.key("F10")
    stock.fields["store"].setText("WH")  # type: ignore[attr-defined]
    _check(stock.lines.rowCount() == 2, "the van's products are listed")
    cell = stock.lines.item(0, 2)
    _check(cell is not None, "the oil's counted cell")
    assert cell is not None
    cell.setText("15")  # one bottle of oil short
    studio.shot("25-stock-van-return")
    d.key("F12")
    _check(stock.message.level == "ok", "van return: " + stock.message.text())
    d.key("F11")
    studio.shot("26-stock-van-day")
    with till.db.transaction() as conn:
        save_settings(conn, location="SHOP")
    till.reload_settings()
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    receipt = str(till.db.scalar("SELECT receipt_no FROM sales ORDER BY seq DESC LIMIT 1"))
    till.sales.scan(MILO)
    w.go("exchange")
    d.type(receipt)
    d.enter()
    d.key("F5")
    exchange = w.screens["exchange"]
    exchange.reason.setText("wrong item")  # type: ignore[attr-defined]
    exchange.pay.amount.set_amount(Money.cedis(50))  # type: ignore[attr-defined]
    studio.shot("27-exchange")
    w.go("account_payment")
    d.type("Kofi")
    d.enter()
    d.key("F6")
    account = w.screens["account_payment"]
    account.pay.amount.set_amount(Money.cedis(400))  # type: ignore[attr-defined]
    account.pay.reference.setText("MP261121.1830.T55190")  # type: ignore[attr-defined]
    studio.shot("28-account-payment")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m terminal.ui.screenshots", description=__doc__)
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNG files")
    parser.add_argument(
        "--testdata", default=None, help="folder with catalogue_sample.csv and users_sample.csv"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="also 29-demo.png: the demo's till and receipt roll (starts a throw-away head office)",
    )
    parser.add_argument(
        "--size",
        default="1024x768",
        help="the window's size, WIDTHxHEIGHT (the docs have 1024x768 and, in 1366/, 1366x768)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a picture has clipped text or overlapping widgets"
    )
    args = parser.parse_args(argv)
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size: “{args.size}” is not WIDTHxHEIGHT, e.g. 1366x768")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from terminal.ui.resources import resource

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    testdata = Path(args.testdata) if args.testdata else resource("testdata")
    with tempfile.TemporaryDirectory(prefix="bisama-shots-") as work:
        studio = Studio(out, Path(work), (width, height))
        try:
            names = take_all(studio, testdata)
        finally:
            studio.stop()
        found = studio.problems
    if args.demo:
        from terminal.ui.demo import take_demo_shot

        names.append(take_demo_shot(out / "29-demo.png").name)
    for name in names:
        sys.stdout.write(f"{out / name}\n")
    for problem in found:
        sys.stderr.write(f"does not fit: {problem}\n")
    return 1 if found and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
