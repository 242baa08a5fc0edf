"""Till screen benchmarks: ``python -m bench ui [--quick]``.

On a till holding a generated catalogue of 100,000 products (5,000 with ``--quick``),
the same generator and CSV import as ``bench terminal``:

* **scan → row visible** (target p95 ≤ 50 ms): a barcode is in the code box and Enter is
  pressed (the scanner's last key); timed until the cart table has the line and has
  painted it, the totals too. Baskets of 20 scans, as at a real till. Baseline: the same
  scans through ``SaleService.scan`` alone, in the same run (the screen's own cost is
  the difference).
* **cold start to the sign-in screen** (target ≤ 2.5 s): ``bisama-terminal run
  --check-start`` as a new process on that till, from spawn until it reports the sign-in
  screen up; median of 3. Baseline: a new Python process that opens an empty PySide6
  window (the floor for any Qt program on this machine).
* **resident memory** of a running till (window, 100,000-product till, after the scans);
  baseline: that empty PySide6 window's process.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
from argon2 import PasswordHasher

from bench import Metric, percentile
from bench.terminal import catalogue_csv, ean13
from terminal.keystore import EncryptedFileKeyStore
from terminal.till import Till

BASKET = 20
EMPTY_WINDOW = (
    "import os, sys, time, psutil\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication([])\n"
    "w = QWidget(); w.resize(1024, 768); w.show(); app.processEvents()\n"
    "print(psutil.Process().memory_info().rss)\n"
)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _build_till(folder: Path, products: int) -> None:
    rng = random.Random(2026)
    keys = EncryptedFileKeyStore(folder / "data" / "keys", passphrase="bench")
    till = Till.open(folder / "data", key_store=keys, backup_dir=folder / "backups",
                     pin_hasher=PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    with till:
        till.start(take_backup=False)
        till.catalogue.import_csv(catalogue_csv(products, rng))
        till.auth.import_users("email,name,role,branch,pin\nama@bench.test,Ama Owusu,user,MAIN,1357\n")


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BISAMA_KEY_STORE": "file",
            "BISAMA_KEY_PASSPHRASE": "bench"}


def _cold_start(folder: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "terminal", "--data-dir", str(folder / "data"),
                           "--backup-dir", str(folder / "backups"), "run", "--offscreen", "--check-start"],
                          env=_env(), capture_output=True, text=True, timeout=120, check=True)
    elapsed = _ms(start)
    if json.loads(done.stdout.strip().splitlines()[-1])["screen"] != "login":
        raise RuntimeError("the till did not open on the sign-in screen: " + done.stdout)
    return elapsed


def _empty_window() -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", EMPTY_WINDOW], env=_env(), capture_output=True, text=True,
                          timeout=60, check=True)
    return _ms(start), int(done.stdout.strip().splitlines()[-1])


def _scan_timings(folder: Path, codes: list[str]) -> tuple[list[float], list[float], int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from shared.money import Money
    from terminal.ui.app import TillApp, build_context, make_application

    app = make_application(["bench"])
    keys = EncryptedFileKeyStore(folder / "data" / "keys", passphrase="bench")

    def opener() -> Till:
        return Till.open(folder / "data", key_store=keys, backup_dir=folder / "backups",
                         pin_hasher=PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))

    till = opener()
    till.start(take_backup=False)
    running = TillApp(build_context(till, folder / "data", open_worker_till=opener, power=lambda: None))
    window = running.start()
    window.resize(1024, 768)
    window.show()
    app.processEvents()
    till.auth.login("ama@bench.test", "1357")
    if till.shifts.current() is None:
        till.shifts.open(Money.cedis(200))
    window.signed_in()
    app.processEvents()
    sale, table = window.sale, window.sale.table
    ui: list[float] = []
    for n, code in enumerate(codes):
        if n % BASKET == 0:
            till.sales.cancel()
            sale.view = None
            sale.model.set_lines(())
        sale.code.setText(code)
        sale.code.setFocus()
        start = time.perf_counter()
        QApplication.sendEvent(sale.code, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                    Qt.KeyboardModifier.NoModifier))
        row = table.currentIndex().row()
        table.viewport().repaint()  # painted, not just scheduled
        sale.totals.repaint()
        ui.append(_ms(start))
        if row < 0 or sale.model.lines[row].sku != till.catalogue.scan(code).product.sku:
            raise RuntimeError(f"scan {code} did not show its line")
    rss = psutil.Process().memory_info().rss
    service: list[float] = []
    for n, code in enumerate(codes):
        if n % BASKET == 0:
            till.sales.cancel()
        start = time.perf_counter()
        till.sales.scan(code)
        service.append(_ms(start))
    running.stop()
    return ui, service, rss


def run(quick: bool) -> Iterator[Metric]:
    products = 5_000 if quick else 100_000
    scans = 200 if quick else 1_000
    scratch = Path.cwd() / ".bench" / "ui"
    if scratch.exists():
        import shutil

        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    _build_till(scratch, products)
    rng = random.Random(7)
    codes = [ean13(rng.randrange(1, products + 1)) for _ in range(scans)]
    ui, service, rss = _scan_timings(scratch, codes)
    yield Metric("ui_scan_to_row_visible_p50_ms", statistics.median(ui), "ms", statistics.median(service))
    yield Metric("ui_scan_to_row_visible_p95_ms", percentile(ui, 95), "ms", percentile(service, 95),
                 note=f"target ≤ 50 ms; {products} products, baskets of {BASKET}; "
                 "baseline SaleService.scan p95")
    starts = sorted(_cold_start(scratch) for _ in range(3))
    empties = [_empty_window() for _ in range(3)]
    yield Metric("ui_cold_start_to_login_ms", starts[1], "ms", statistics.median(e[0] for e in empties),
                 note="target ≤ 2500 ms; median of 3; baseline: a Python process opening an empty "
                 "PySide6 window")
    yield Metric("ui_resident_memory_mb", rss / 2**20, "MB", statistics.median(e[1] for e in empties) / 2**20,
                 note="running till with window after the scans; baseline: empty PySide6 window process")
