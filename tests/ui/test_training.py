"""A till with no printer (training, a demo): receipts print to the virtual printer and
come out on screen, on the paper-roll window, as the customer would get them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from terminal.ui.training import ReceiptRoll, TrainingPrinter
from tests.terminal.conftest import MILO

from .helpers import key, open_shift, scan, sign_in

pytestmark = pytest.mark.gui


def test_receipts_come_out_on_the_roll(qtbot, stocked, make_app, opener):
    roll = ReceiptRoll()
    qtbot.addWidget(roll)
    training = TrainingPrinter(roll).start()
    try:
        run = make_app(stocked, adjust_hardware=training.config_for)
        assert run.ctx.printer.configured
        assert not (opener.data_dir / "hardware.toml").exists()  # the real set-up is left alone
        sign_in(qtbot, run)
        open_shift(qtbot, run)
        scan(qtbot, run, MILO)
        key(qtbot, Qt.Key.Key_F12)
        key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: any("MAIN-T01-000001" in t for t in roll.texts), timeout=10_000)
        newest = roll.texts[0]
        assert "Milo 400g" in newest and "TOTAL" in newest.upper()
        page = roll.findChild(type(roll.pages.itemAt(0).widget()), "receipt-roll.page.2")
        assert page is not None and not page.pixmap().isNull()
        qtbot.waitUntil(lambda: run.window.status.printer.text() == "Printer ready", timeout=10_000)
    finally:
        training.stop()
