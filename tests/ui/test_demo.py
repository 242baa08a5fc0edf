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

from terminal.demo import CASHIER, DemoHome, free_port
from terminal.ui.demo import DemoWindows, run_demo
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


def test_demo_window_sells_by_scanning_and_prints(qtbot, tmp_path, monkeypatch):
    """``bisama-terminal demo`` itself (``run_demo``): driven from inside its event loop
    like a newcomer would, then closed by closing the till's window."""
    before = _children()
    said: list[str] = []
    browsed: list[str] = []
    monkeypatch.setattr("terminal.ui.demo.webbrowser.open", browsed.append)
    seen: dict[str, object] = {}

    def newcomer(windows: DemoWindows) -> None:
        try:
            window, till = windows.window, windows.till
            assert window is not None and till is not None and till.identity.enrolled
            seen["screen"] = window.current.screen_id if window.current else None
            seen["user"] = till.auth.session.user.email
            seen["visible"] = window.isVisible() and windows.roll.isVisible()
            drive = Driver(window)
            drive.scan(OIL)
            seen["lines"] = len(window.sale.model.lines)
            drive.key("F12")
            drive.enter()  # exact cash
            receipt = seen["receipt"] = till.db.scalar("SELECT receipt_no FROM sales")
            seen["printed"] = drive.wait(
                lambda: any(receipt in p.text() for p in windows.printer.printer.receipts()), 20)
            seen["on_roll"] = drive.wait(lambda: bool(windows.roll.texts) and receipt in windows.roll.texts[0], 10)
            # The sync worker is wired: the sale reaches head office by itself.
            seen["synced"] = drive.wait(lambda: till.outbox.depth() == 0, 30)
            assert windows.dashboard_button is not None
            windows.dashboard_button.click()
        finally:
            assert windows.window is not None
            windows.window.close()  # what stops the demo

    code = run_demo(DemoHome(tmp_path / "demo"), fresh=False, port=free_port(), browser=True,
                    say=said.append, on_open=newcomer)
    assert code == 0
    assert any("Enrolled as MAIN/T01" in line for line in said)
    assert seen == {"screen": "sale", "user": CASHIER[0], "visible": True, "lines": 1,
                    "receipt": "MAIN-T01-000001", "printed": True, "on_roll": True, "synced": True}
    dashboard = next(line.split(": ", 1)[1] for line in said if "Head-office dashboard:" in line)
    assert browsed == [dashboard, dashboard]  # at start, then the top bar's button
    assert said[-1].startswith("Demo stopped")
    assert not (_children() - before), "the demo left a process behind"
