"""The pole display (2 × 20, serial) and the barcode scanners (keyboard wedge, serial)."""

from __future__ import annotations

import time

import pytest
import serial
from hypothesis import given
from hypothesis import strategies as st

from hardware.display import PoleDisplay, Screen, Screens, screen_bytes
from hardware.scanner import Scanned, SerialScanner, Typed, WedgeClassifier
from hardware.text import code_page
from shared.money import Money

M = Money.parse


def test_screens_fit_two_lines_of_twenty() -> None:
    s = Screens(20)
    assert s.welcome("Adom Mart Ltd") == Screen("   Adom Mart Ltd", "  Akwaaba! Welcome")
    assert s.item("Royal Aroma Perfumed Rice 5kg", "2", M("290.00"), M("1,541.00")) == Screen(
        "2 x Royal Aro 290.00", "TOTAL   GH¢ 1,541.00")
    assert s.item("Milo 400g", "1", M("62.00"), M("62.00")) == Screen(
        "Milo 400g      62.00", "TOTAL      GH¢ 62.00")
    assert s.total(M("541.00")) == Screen("TOTAL TO PAY", "          GH¢ 541.00")
    assert s.change(M("600.00"), M("59.00")) == Screen("PAID          600.00", "CHANGE     GH¢ 59.00")
    assert s.pay_with_momo(M("541.00"), "024 555 0199", "ADOM MART") == Screen(
        "Pay with MoMo to", "024 555 0199  541.00")
    assert Screens(40).pay_with_momo(M("541.00"), "024 555 0199", "ADOM MART").upper == (
        "Pay with MoMo to ADOM MART")
    assert s.thank_you() == Screen("     Thank you!", " Please come again")


@given(st.text(min_size=1, max_size=80), st.integers(min_value=0, max_value=10**12))
def test_any_item_fits(name: str, pesewas: int) -> None:
    screen = Screens(20).item(name, "3", Money(pesewas), Money(pesewas))
    assert len(screen.upper) <= 20 and len(screen.lower) <= 20


def test_display_bytes_are_esc_pos_display_commands() -> None:
    data = screen_bytes(Screen("Milo 400g      62.00", "TOTAL GH¢ 62.00"), code_page("CP437"),
                        initialise=True)
    assert data.startswith(b"\x1b@\x1bt\x00\x1f\x01\x1f\x43\x00\x0c\x1f\x24\x01\x01Milo")
    assert b"\x1f\x24\x01\x02TOTAL GH\x9b 62.00" in data  # ¢ is 0x9B in code page 437


def test_pole_display_over_pyserial_and_a_broken_port() -> None:
    port = serial.serial_for_url("loop://", timeout=0.5)
    display = PoleDisplay("loop://", open_port=lambda *a, **k: port)
    display.total(M("541.00"))
    echoed = port.read(200)
    assert echoed.startswith(b"\x1b@") and b"TOTAL TO PAY" in echoed
    display.change(M("600.00"), M("59.00"))
    assert b"\x0c\x1f$\x01\x01PAID" in port.read(200)  # initialised only once

    def broken(*_a: object, **_k: object) -> serial.Serial:
        raise serial.SerialException("could not open port 'COM9'")

    absent = PoleDisplay("COM9", open_port=broken)
    absent.thank_you()  # never raises: the sale goes on
    assert absent.last_error is not None and "COM9" in absent.last_error


def test_a_scanner_burst_is_a_scan() -> None:
    wedge = WedgeClassifier(max_gap_ms=40, min_length=4)
    out: list[object] = []
    for i, char in enumerate("6030010001371\r"):
        out += wedge.key(char, 1000 + i * 8)
    assert out == [Scanned("6030010001371")]


def test_typing_is_released_as_typing() -> None:
    wedge = WedgeClassifier(max_gap_ms=40, min_length=4)
    out: list[object] = []
    t = 0
    for char in "milo":
        t += 150
        out += wedge.key(char, t)
    out += wedge.tick(t + 41)
    out += wedge.key("\r", t + 300)
    assert out == [Typed("m"), Typed("i"), Typed("l"), Typed("o"), Typed("\r")]


def test_a_short_fast_burst_with_enter_is_typing() -> None:
    wedge = WedgeClassifier(max_gap_ms=40, min_length=4)
    assert wedge.key("4", 0) == () and wedge.key("2", 10) == ()
    assert wedge.key("\r", 20) == (Typed("42"), Typed("\r"))


def test_a_pause_inside_a_code_splits_it_into_typing() -> None:
    wedge = WedgeClassifier(max_gap_ms=40, min_length=4)
    out: list[object] = []
    for i, char in enumerate("603001"):
        out += wedge.key(char, i * 5)
    out += wedge.key("0", 200)  # a person, not a scanner
    assert out == [Typed("603001")]
    assert wedge.due_ms() == 241 and wedge.tick(241) == (Typed("0"),)


@given(st.lists(st.tuples(st.sampled_from("0123456789ABC\r"), st.integers(0, 200)), max_size=60))
def test_nothing_typed_is_lost_or_reordered(keys: list[tuple[str, int]]) -> None:
    wedge = WedgeClassifier(max_gap_ms=40, min_length=4)
    out: list[Typed | Scanned] = []
    t = 0
    for char, gap in keys:
        t += gap
        out += wedge.key(char, t)
    out += wedge.tick(t + 1000)
    rebuilt = "".join(d.text if isinstance(d, Typed) else d.code + "\r" for d in out)
    assert rebuilt == "".join(char for char, _ in keys)


def test_thresholds_are_checked() -> None:
    with pytest.raises(ValueError, match="scanner thresholds"):
        WedgeClassifier(max_gap_ms=0)


class _UnpluggedPort:
    def read(self, size: int) -> bytes:
        raise serial.SerialException("device reports readiness to read but returned no data")

    def close(self) -> None:
        return None


def test_serial_scanner_reads_codes_and_survives_unplugging() -> None:
    port = serial.serial_for_url("loop://", timeout=0.2)
    port.write(b"6030010001371\r\n")
    port.write(b"MAIN-T1-000123\r")
    attempts: list[int] = []

    def open_port(*_a: object, **_k: object) -> object:
        attempts.append(1)
        if len(attempts) == 1:
            return _UnpluggedPort()  # pulled out while reading
        if len(attempts) == 2:
            raise serial.SerialException("could not open port /dev/ttyACM0")  # still out
        return port  # plugged back in

    codes: list[str] = []
    errors: list[str] = []
    scanner = SerialScanner("/dev/ttyACM0", codes.append, open_port=open_port, reconnect_ms=20,
                            on_error=errors.append)
    scanner.start()
    try:
        deadline = time.monotonic() + 3
        while len(codes) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        scanner.stop()
    assert codes == ["6030010001371", "MAIN-T1-000123"]
    assert "stopped" in errors[0] and "is not available" in errors[1]
