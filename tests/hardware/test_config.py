"""The till's hardware configuration: TOML and JSON, every mistake named by its field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hardware.config import HardwareConfigError, load_config, parse_config
from hardware.profiles import resolve_profile

FULL_TOML = """
[printer]
connection = "usb"
vendor_id = "04b8"
product_id = "0x0e15"
model = "TM-T20II"
paper_mm = 80
columns = 42
code_page = "CP858"
receipt_code = "qr"
logo = "logo.png"

[printer.timeouts]
connect_ms = 3000
status_ms = 800

[printer.retry]
first_ms = 500
max_ms = 20000

[drawer]
pin = 5
pulse_ms = 120
open_level = "low"

[display]
device = "COM4"
momo_number = "024 555 0199"
momo_name = "ADOM MART"

[scanner]
serial_device = "/dev/ttyACM0"
wedge_max_gap_ms = 30
"""


def test_a_full_toml_configuration(tmp_path: Path) -> None:
    path = tmp_path / "hardware.toml"
    path.write_text(FULL_TOML, encoding="utf-8")
    config = load_config(path)
    p = config.printer
    assert p is not None
    assert (p.connection, p.vendor_id, p.product_id) == ("usb", 0x04B8, 0x0E15)
    assert p.keep_open and p.two_way  # USB keeps its connection; it answers status
    assert (p.timeouts.connect_ms, p.timeouts.status_ms, p.timeouts.print_ms) == (3000, 800, 8000)
    assert (p.retry.first_ms, p.retry.max_ms) == (500, 20000)
    assert p.profile().columns == 42 and p.profile().code_page.name == "CP858"
    assert (config.drawer.pin, config.drawer.pulse_ms, config.drawer.open_level) == (5, 120, "low")
    assert config.display.enabled and config.display.device == "COM4"
    assert config.scanner.serial_device == "/dev/ttyACM0" and config.scanner.wedge_max_gap_ms == 30
    assert p.describe() == "USB printer 04b8:0e15"


def test_json_works_the_same(tmp_path: Path) -> None:
    path = tmp_path / "hardware.json"
    path.write_text(json.dumps({"printer": {"connection": "network", "host": "192.168.1.87"}}))
    config = load_config(path)
    assert config.printer is not None and config.printer.port == 9100
    assert config.printer.profile().columns == 48 and not config.printer.keep_open


@pytest.mark.parametrize(("data", "message"), [
    ({"printer": {"connection": "network"}}, "printer.host: a network printer needs its host"),
    ({"printer": {"connection": "usb", "vendor_id": "04b8"}},
     "printer.product_id: a USB printer needs vendor_id and product_id"),
    ({"printer": {"connection": "usb", "vendor_id": "hello", "product_id": "0e15"}},
     "printer.vendor_id: “hello” is not a USB id"),
    ({"printer": {"connection": "network", "host": "h", "port": 70000}},
     "printer.port: must be at most 65535"),
    ({"printer": {"connection": "network", "host": "h", "paper_mm": 58, "columns": 48}},
     "printer.columns: 58 mm paper prints 32 columns, not 48"),
    ({"printer": {"connection": "network", "host": "h", "model": "Star-X"}},
     "printer.model: printer model “Star-X” is not known"),
    ({"printer": {"connection": "network", "host": "h", "code_page": "CP999"}},
     "printer.code_page: “CP999” is not a code page"),
    ({"printer": {"connection": "bluetooth"}}, "printer.connection: “bluetooth” is not one of"),
    ({"printer": {"connection": "network", "host": "h", "timeouts": {"status_ms": 2.5}}},
     "printer.timeouts.status_ms: expected a whole number, got a fractional number"),
    ({"printer": {"connection": "network", "host": "h", "colour": "red"}},
     "printer.colour: is not a known field"),
    ({"printer": {"connection": "win32raw"}}, "printer.printer_name: give the printer's name"),
    ({"drawer": {"pin": 3}}, "drawer.pin: the drawer is on connector pin 2 or pin 5"),
    ({"display": {"enabled": True}}, "display.device: a pole display needs its serial port"),
    ({"scanners": {}}, "scanners: is not a known field"),
])
def test_mistakes_are_named_by_their_field(data: dict, message: str) -> None:
    with pytest.raises(HardwareConfigError) as info:
        parse_config(data, "hardware.toml")
    assert str(info.value).startswith(f"hardware.toml: {message}"), str(info.value)


def test_broken_files_say_which_file(tmp_path: Path) -> None:
    bad = tmp_path / "hardware.toml"
    bad.write_text("[printer\nconnection=", encoding="utf-8")
    with pytest.raises(HardwareConfigError, match=r"hardware.toml is not valid TOML"):
        load_config(bad)
    with pytest.raises(HardwareConfigError, match="cannot read the hardware configuration"):
        load_config(tmp_path / "missing.toml")


def test_profiles() -> None:
    p = resolve_profile("POS-5890", 58)
    assert (p.columns, p.dots, p.code_page_slot, p.native_qr, p.cutter) == (32, 384, 0, False, False)
    t88 = resolve_profile("epson-tm-t88", 80)
    assert (t88.model, t88.columns, t88.dots, t88.native_qr, t88.hardware_barcode) == (
        "TM-T88V", 42, 512, True, True)
    assert resolve_profile("generic-80", 80, columns=42).columns == 42
    with pytest.raises(ValueError, match="receipt rolls are 58 or 80 mm"):
        resolve_profile("TM-T20II", 76)
    with pytest.raises(ValueError, match="has no code page CP1252"):
        resolve_profile("simple", 80, code_page_name="CP1252")
