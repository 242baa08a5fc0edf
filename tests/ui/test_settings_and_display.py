"""Manager settings: printer set-up written to hardware.toml (checked first), test print
and drawer test through the real worker and a virtual printer, backups and the check on
the worker thread; the customer display window and the pole display fan-out."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import Qt

from shared.money import Money
from terminal.ui.customer_window import CustomerDisplays, CustomerWindow
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO

from .helpers import click, key, open_shift, scan, sign_in

pytestmark = pytest.mark.gui


@pytest.fixture
def manager(qtbot, stocked, make_app):
    def start(**kwargs):
        run = make_app(stocked, **kwargs)
        sign_in(qtbot, run, MANAGER, MANAGER_PIN)
        open_shift(qtbot, run)
        key(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
        assert run.window.current is run.window.screens["settings"]
        return run
    return start


def test_a_cashier_sees_only_check_and_about(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run)
    key(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    settings = run.window.screens["settings"]
    assert [settings.tabs.isTabEnabled(i) for i in range(6)] == [False, False, False, False, True, True]
    assert "for managers" in settings.message.text()


def test_printer_setup_is_checked_then_saved(qtbot, manager, opener):
    run = manager()
    settings = run.window.screens["settings"]
    devices = settings.devices
    devices.connection.setCurrentIndex(devices.connection.findData("network"))
    devices.host.setText("")
    click(qtbot, devices, "settings.printer.save")
    assert "printer.host" in devices.message.text()  # the field that is wrong, and nothing written
    assert not (opener.data_dir / "hardware.toml").exists()
    devices.host.setText("192.168.1.87")
    devices.paper.setCurrentIndex(devices.paper.findData(58))
    devices.drawer.setCurrentIndex(devices.drawer.findData(5))
    click(qtbot, devices, "settings.printer.save")
    assert devices.message.level == "ok"
    saved = tomllib.loads((opener.data_dir / "hardware.toml").read_text())
    assert saved["printer"]["host"] == "192.168.1.87" and saved["printer"]["paper_mm"] == 58
    assert saved["drawer"] == {"enabled": True, "pin": 5}
    qtbot.waitUntil(lambda: run.ctx.printer.configured, timeout=5000)
    assert run.ctx.printer.config.printer.paper_mm == 58


def test_test_print_and_drawer_test(qtbot, manager, virtual_printer, stocked):
    run = manager()
    devices = run.window.screens["settings"].devices
    assert virtual_printer.wait_for(lambda: len(virtual_printer.pulses) == 1)  # the float
    click(qtbot, devices, "settings.printer.test")
    assert virtual_printer.wait_for(lambda: any("TEST PAGE" in p.text() for p in virtual_printer.pages), 10)
    click(qtbot, devices, "settings.drawer.test")
    qtbot.waitUntil(lambda: devices.message.level == "ok", timeout=10_000)
    assert len(virtual_printer.pulses) == 2
    assert stocked.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'drawer_test'") == 1


def test_backup_and_check_run_off_the_gui_thread(qtbot, manager, stocked):
    run = manager()
    settings = run.window.screens["settings"]
    settings.tabs.setCurrentIndex(3)
    click(qtbot, settings, "settings.backups.take")
    qtbot.waitUntil(lambda: "Backup verified" in settings.message.text(), timeout=10_000)
    assert settings.backup_list.count() >= 1
    settings.tabs.setCurrentIndex(4)
    click(qtbot, settings, "settings.check.run")
    qtbot.waitUntil(lambda: "Check passed." in settings.check_output.toPlainText(), timeout=10_000)


def test_customer_display_window_follows_the_sale(qtbot, manager, stocked):
    run = manager()
    display = run.window.screens["settings"].display
    display.window_on.setChecked(True)
    display.momo_number.setText("024 555 0199")
    display.momo_name.setText("ADOM MART")
    click(qtbot, display, "settings.display.save")
    window = run.ctx.displays.window
    assert window is not None and window.isVisible()
    key(qtbot, Qt.Key.Key_Escape)
    scan(qtbot, run, MILO)
    assert window.line.text().startswith("Milo 400g") and window.amount.text() == "GH₵ 62.00"
    key(qtbot, Qt.Key.Key_F12)
    assert window.caption.text() == "Total to pay"
    key(qtbot, Qt.Key.Key_F6)  # MoMo: show the shop's number
    assert window.momo.text() == "Pay with MoMo to 024 555 0199 (ADOM MART)"
    key(qtbot, Qt.Key.Key_F5)
    run.window.screens["payment"].cash_amount.setText("100")
    key(qtbot, Qt.Key.Key_Return)
    assert window.caption.text() == "Your change" and window.amount.text() == "GH₵ 38.00"


class RecordingDisplay:
    """Stands for a pole display at its interface (hardware.display.CustomerDisplay)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[object, ...]]] = []

    def __getattr__(self, name: str):
        return lambda *args: self.calls.append((name, args))


def test_displays_fan_out_to_the_pole_display(qtbot):
    displays = CustomerDisplays()
    pole = RecordingDisplay()
    displays.pole = pole  # type: ignore[assignment]
    displays.window = CustomerWindow("Adom Mart")
    qtbot.addWidget(displays.window)
    displays.item("Milo 400g", "2", Money.cedis(124), Money.cedis(124))
    assert not displays.pay_with_momo(Money.cedis(124))  # no MoMo number set: nothing shown
    displays.momo_number = "024 555 0199"
    assert displays.pay_with_momo(Money.cedis(124))
    displays.change(Money.cedis(150), Money.cedis(26))
    displays._pole_thread.shutdown(wait=True)
    assert [c[0] for c in pole.calls] == ["item", "pay_with_momo", "change"]
    assert displays.window.amount.text() == "GH₵ 26.00"
