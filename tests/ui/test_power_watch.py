"""The till's screens as the UPS runs down (fake battery): a low battery warns on the
sale screen and a backup is taken on the worker thread; at critical the sale in
progress is paid, a new scan is refused in words, and the till closes itself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from terminal.backup import list_backups
from terminal.power import SHUTDOWN_KEY, PowerLevel
from terminal.ui.power import PowerState
from tests.terminal.conftest import MILO, OIL

from .helpers import key, open_shift, scan, sign_in

pytestmark = pytest.mark.gui


def battery(percent: int) -> PowerState:
    return PowerState(on_battery=True, percent=percent, minutes_left=percent // 2)


def test_the_till_warns_backs_up_finishes_the_sale_and_closes(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    sale = run.window.sale
    watch = run.app.power
    scan(qtbot, run, OIL)

    run.power[0] = battery(60)
    watch.tick()  # on battery: the status bar says so; no message over the sale
    assert watch.guard.level is PowerLevel.BATTERY and sale.message.level != "warning"

    run.power[0] = battery(22)
    watch.tick()
    assert sale.message.level == "warning"
    assert "Battery low (22 %): a backup is being taken" in sale.message.text()
    qtbot.waitUntil(lambda: any(b.reason == "power low" for b in list_backups(stocked.backup_dir)),
                    timeout=10_000)

    run.power[0] = battery(7)
    watch.tick()
    assert sale.message.level == "error" and "finish this sale now" in sale.message.text()
    assert run.window.isVisible()
    key(qtbot, Qt.Key.Key_F12)
    assert run.window.current is run.window.screens["payment"]
    key(qtbot, Qt.Key.Key_Return)  # exact cash: the sale is committed
    assert stocked.db.scalar("SELECT COUNT(*) FROM sales") == 1
    assert watch.last is not None and watch.last.shut_down  # the sale was what it waited for
    scan(qtbot, run, MILO)
    assert sale.message.level == "error"
    assert "The battery is almost empty (7 %): no new sale" in sale.message.text()
    assert sale.model.lines == ()
    assert stocked.db.one("SELECT 1 FROM settings WHERE key = ?", (SHUTDOWN_KEY,)) is not None
    qtbot.waitUntil(lambda: not run.window.isVisible(), timeout=5_000)


def test_on_mains_nothing_is_said(qtbot, stocked, make_app):
    run = make_app(stocked)
    run.power[0] = PowerState(on_battery=False, percent=100, minutes_left=None)
    run.app.power.tick()
    assert run.app.power.guard.level is PowerLevel.MAINS
    assert run.window.isVisible()
