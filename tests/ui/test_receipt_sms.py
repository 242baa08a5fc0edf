"""Receipt by SMS at the till (Ctrl+E on the sale screen): the number the customer gives
goes into a ``receipt_sms`` envelope naming the last sale; a number that is not a Ghana
mobile is refused in the dialog and nothing is sealed (docs/messaging.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.terminal.conftest import MILO

from .helpers import dialog, key, open_shift, scan, sign_in, type_into_focus

pytestmark = pytest.mark.gui


@pytest.fixture
def selling(qtbot: Any, stocked: Any, make_app: Any) -> Any:
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    return run


def _sms_envelopes(till: Any) -> list[dict[str, Any]]:
    return [json.loads(json.dumps(e.to_json()))["payload"] for e in till.outbox.envelopes()
            if e.kind == "receipt_sms"]


def test_the_last_receipt_is_texted_on_request(qtbot: Any, selling: Any, stocked: Any) -> None:
    key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "no sale" in selling.window.sale.message.text().lower()
    scan(qtbot, selling, MILO)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    asked = dialog(selling)
    type_into_focus(qtbot, "0302 123 456")
    key(qtbot, Qt.Key.Key_Return)
    assert "fixed line" in asked.message.text() and _sms_envelopes(stocked) == []
    asked.phone.clear()
    type_into_focus(qtbot, "024 412 3456")
    key(qtbot, Qt.Key.Key_Return)
    [payload] = _sms_envelopes(stocked)
    sale_id = stocked.db.scalar("SELECT id FROM sales WHERE receipt_no = 'MAIN-T01-000001'")
    assert payload == {"sale_id": sale_id, "phone": "+233244123456"}
    assert "024 412 3456" in selling.window.sale.message.text()
