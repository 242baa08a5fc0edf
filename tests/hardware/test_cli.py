"""``python -m hardware``: status, test page and drawer test against the virtual printer."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardware.cli import main
from hardware.virtual_printer import VirtualPrinter


def _config(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "hardware.toml"
    path.write_text(f"""
[printer]
connection = "network"
host = "127.0.0.1"
port = {port}
model = "TM-T20II"

[printer.timeouts]
status_ms = 300
print_ms = 2000

[drawer]
pin = 2
pulse_ms = 120
""", encoding="utf-8")
    return path


def test_status_test_page_and_drawer_test(tmp_path: Path, printer: VirtualPrinter,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    config = str(_config(tmp_path, printer.port))
    assert main(["status", "--config", config]) == 0
    assert "ready" in capsys.readouterr().out
    assert main(["test-page", "--config", config]) == 0
    assert printer.wait_for(lambda: len(printer.receipts()) == 1)
    text = printer.receipts()[0].text()
    assert "TEST PAGE" in text and "123456789012345678901234567890123456789012345678" in text
    assert "network printer 127.0.0.1" in text
    assert main(["drawer-test", "--config", config]) == 0
    assert "drawer pulse sent on pin 2" in capsys.readouterr().out
    assert printer.wait_for(lambda: [(p.pin, p.on_ms) for p in printer.pulses] == [(2, 120)])
    printer.set_fault("cover_open")
    assert main(["status", "--config", config]) == 1
    assert "cover_open — cover open" in capsys.readouterr().out
    assert main(["test-page", "--config", config]) == 1
    assert "Printer cover open — test page waiting" in capsys.readouterr().out


def test_a_bad_configuration_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "hardware.toml"
    bad.write_text('[printer]\nconnection = "network"\n', encoding="utf-8")
    assert main(["status", "--config", str(bad)]) == 2
    assert "printer.host: a network printer needs its host" in capsys.readouterr().err
