"""``bisama-terminal demo``: the scripted story runs to the end as a real program
(head office as a child process, offline sales, reconnect, sync, trial balance), and the
window demo opens the real till signed in on the sale screen, sells by scanning and
prints the receipt on the virtual printer, shown on the receipt roll."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil
import pytest

from terminal.demo import CASHIER, DemoHome, free_port, prepare
from terminal.ui.demo import DemoWindows
from terminal.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.slow]

OIL = "6030010001371"  # Frytol Vegetable Oil 1L in the sample catalogue


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def test_offscreen_demo_tells_the_whole_story(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "terminal", "demo", "--offscreen", "--data-dir", str(tmp_path / "demo"),
         "--port", str(free_port())],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-2000:]
    assert "FAILED" not in out and "Demo complete: all" in out
    assert "[ok] the outbox is empty — 0 waiting" in out
    assert "[ok] head office counted every sale once — 3 sale(s)" in out
    assert "[ok] trial balance: total debit = total credit" in out
    assert "[ok] Abena Mensah signs in with director@acme.example.test" in out  # the dashboard
    assert "| Receipt no.                      MAIN-T01-000003" in out
    assert (tmp_path / "demo" / "offscreen" / "receipts" / "receipt-001.png").stat().st_size > 0


def test_demo_window_sells_by_scanning_and_prints(qtbot, tmp_path):
    before = _children()
    said: list[str] = []
    setup = prepare(DemoHome(tmp_path / "demo"), fresh=False, port=free_port(), say=said.append)
    assert setup.fresh_setup and any("Enrolled as MAIN/T01" in line for line in said)
    opened: list[str] = []
    windows = DemoWindows(setup, open_browser=opened.append)
    try:
        window = windows.open()
        till = windows.till
        assert till is not None and till.identity.enrolled
        assert window.current is window.screens["sale"]
        assert till.auth.session.user.email == CASHIER[0]
        assert window.isVisible() and windows.roll.isVisible()
        drive = Driver(window)
        drive.scan(OIL)
        assert len(window.sale.model.lines) == 1
        drive.key("F12")
        drive.enter()  # exact cash
        receipt = till.db.scalar("SELECT receipt_no FROM sales")
        assert receipt == "MAIN-T01-000001"
        printer = windows.printer.printer
        assert printer.wait_for(lambda: any(receipt in p.text() for p in printer.receipts()), 20)
        qtbot.waitUntil(lambda: bool(windows.roll.texts) and receipt in windows.roll.texts[0], timeout=10_000)
        # The sync worker is wired: the sale reaches head office by itself.
        qtbot.waitUntil(lambda: till.outbox.depth() == 0, timeout=30_000)
        assert windows.dashboard_button is not None
        windows.dashboard_button.click()
        assert opened == [setup.office.dashboard_url]
    finally:
        windows.close()
        setup.office.stop()
    assert not (_children() - before), "the demo left a process behind"
