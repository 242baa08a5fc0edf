"""``bisama-terminal selftest``: prove a till build works on this PC without touching the
shop's data. In a throw-away folder it makes a training till (the bundled sample
catalogue and users), starts a virtual receipt printer, opens the real main window
(offscreen when asked), signs in, opens a shift, scans an item, pays exact cash with one
Enter, and checks that the sale was committed, its envelope is in the outbox and its
receipt came out of the printer. It prints one JSON object and exits 0 only if all that
happened — what a PyInstaller build is checked with after it is made."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from hardware.virtual_printer import VirtualPrinter
from terminal import __version__
from terminal.keystore import EncryptedFileKeyStore
from terminal.till import Till

SAMPLE_ITEM = "6030010001371"  # Frytol Vegetable Oil 1L in the sample catalogue


def run_selftest(*, offscreen: bool, timeout_s: float = 30.0) -> dict[str, Any]:
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.monotonic()
    from PySide6.QtWidgets import QApplication

    from terminal.ui.app import TillApp, build_context, make_application
    from terminal.ui.driver import Driver
    from terminal.ui.resources import resource

    app = make_application(["bisama-selftest"])
    result: dict[str, Any] = {"version": __version__, "qt_platform": app.platformName(), "ok": False}
    printer = VirtualPrinter().start()
    with tempfile.TemporaryDirectory(prefix="bisama-selftest-") as work:
        data = Path(work) / "data"
        data.mkdir()
        (data / "hardware.toml").write_text(
            f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {printer.port}\n',
            encoding="utf-8",
        )
        keys = EncryptedFileKeyStore(Path(work) / "keys", passphrase="self-test")  # noqa: S106 (throw-away)
        hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)

        def opener() -> Till:
            return Till.open(data, key_store=keys, backup_dir=Path(work) / "backups", pin_hasher=hasher)

        till = opener()
        till.start(take_backup=False)
        till.catalogue.import_csv(resource("testdata", "catalogue_sample.csv"))
        till.auth.import_users(resource("testdata", "users_sample.csv"))
        running = TillApp(build_context(till, data, open_worker_till=opener, power=lambda: None))
        try:
            window = running.start()
            window.resize(1024, 768)
            window.show()
            window.activateWindow()
            drive = Driver(window)
            drive.wait(lambda: QApplication.activeWindow() is window, 5)
            drive.sign_in("ama@acme.example.test", "1357")
            result["signed_in"] = till.auth.session.signed_in
            drive.wait(lambda: window.current is window.screens["shift"], 5)
            drive.open_shift("200")
            result["shift_open"] = till.shifts.current() is not None
            drive.scan(SAMPLE_ITEM)
            result["cart_lines"] = len(window.sale.model.lines)
            drive.key("F12")
            outbox_before = till.outbox.depth()
            drive.enter()  # exact cash
            receipt = till.db.scalar("SELECT receipt_no FROM sales")
            result["receipt"] = receipt
            result["outbox_grew"] = till.outbox.depth() == outbox_before + 1
            result["printed"] = drive.wait(
                lambda: any(receipt and receipt in page.text() for page in printer.receipts()), timeout_s
            )
            result["drawer_kicks"] = len(printer.pulses)
            result["check_ok"] = till.check().ok
        finally:
            running.stop()
            printer.stop()
    result["seconds"] = round(time.monotonic() - started, 2)
    result["ok"] = bool(
        result.get("signed_in")
        and result.get("shift_open")
        and result.get("cart_lines") == 1
        and result.get("receipt")
        and result.get("outbox_grew")
        and result.get("printed")
        and result.get("check_ok")
    )
    return result


def main(offscreen: bool) -> int:
    result = run_selftest(offscreen=offscreen)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0 if result["ok"] else 1
