"""The virtual printer: decoding, status replies, faults, the TCP server and the process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hardware.samples import GOLDEN_CASES
from hardware.status import CLEAR_BUFFERS, PAPER_STATUS, PRINTER_STATUS
from hardware.virtual_printer import PrinterDevice, VirtualPrinter, decode, render_page
from hardware.virtual_printer.tokens import Command, Text, Tokenizer, Unknown
from tests.hardware.helpers import GOLDEN

SAMPLE = GOLDEN / "sale-80mm-48col-discounts.bin"


def test_bytes_arriving_one_at_a_time_decode_the_same() -> None:
    for case in GOLDEN_CASES:
        data = (GOLDEN / f"{case.name}.bin").read_bytes()
        whole = decode(data, case.profile().dots)
        device = PrinterDevice(case.profile().dots)
        conn = device.connect()
        for i in range(len(data)):
            device.receive(conn, data[i:i + 1])
        device.disconnect(conn)
        assert [p.text() for p in device.pages] == [p.text() for p in whole], case.name


def test_tokenizer_names_commands_and_keeps_unknown_bytes() -> None:
    tokens = Tokenizer().feed(b"\x1b@\x1bt\x00Hi\n\x1dV\x01\x10\x04\x04\x1b\x99\x07")
    names = [t.name if isinstance(t, Command) else type(t).__name__ for t in tokens]
    assert names == ["ESC @", "ESC t", "Text", "LF", "GS V", "DLE EOT", "Unknown", "Unknown"]
    assert isinstance(tokens[2], Text) and tokens[2].data == b"Hi"
    assert isinstance(tokens[6], Unknown) and tokens[6].raw == b"\x1b\x99"
    tokenizer = Tokenizer()
    assert tokenizer.feed(b"\x1d(k\x03") == [] and tokenizer.pending == b"\x1d(k\x03"


@pytest.mark.parametrize(("fault", "replies"), [
    (None, (0x12, 0x12, 0x12, 0x12)),
    ("paper_out", (0x1A, 0x32, 0x12, 0x7E)),
    ("paper_near_end", (0x12, 0x12, 0x12, 0x1E)),
    ("cover_open", (0x1A, 0x16, 0x12, 0x12)),
    ("offline", (0x1A, 0x12, 0x12, 0x12)),
    ("error", (0x1A, 0x52, 0x1A, 0x12)),
])
def test_real_time_status_bytes(fault: str | None, replies: tuple[int, ...]) -> None:
    device = PrinterDevice()
    conn = device.connect()
    if fault:
        device.set_fault(fault, True)
    got = tuple(device.receive(conn, b"\x10\x04" + bytes((n,)))[0] for n in (1, 2, 3, 4))
    assert got == replies


def test_a_stopped_printer_holds_the_job_and_answers_gs_r_only_after_printing() -> None:
    device = PrinterDevice()
    conn = device.connect()
    device.set_fault("cover_open", True)
    assert device.receive(conn, b"\x1b@Hello\n\x1dV\x01\x1dr\x01") == b""
    assert device.pages == []
    assert device.receive(conn, PRINTER_STATUS) == b"\x1a"  # real time: answered at once
    late = device.set_fault("cover_open", False)
    assert late == {conn: b"\x00"}
    assert [p.text() for p in device.receipts()] == ["Hello\n"]


def test_clear_buffers_drops_what_waits() -> None:
    device = PrinterDevice()
    conn = device.connect()
    device.set_fault("paper_out", True)
    device.receive(conn, b"\x1b@Half a receipt\n\x1dV\x01")
    device.receive(conn, CLEAR_BUFFERS)
    device.set_fault("paper_out", False)
    device.disconnect(conn)
    assert device.pages == []


def test_running_out_of_paper_mid_receipt_tears_the_page() -> None:
    device = PrinterDevice()
    conn = device.connect()
    device.run_out_of_paper_after(2)
    device.receive(conn, b"one\ntwo\nthree\n\x1dV\x01")
    assert device.faults.paper_out and device.receive(conn, PAPER_STATUS) == b"\x7e"
    assert [(p.text(), p.ended_by) for p in device.pages] == [("one\ntwo\n", "paper_out")]
    device.set_fault("paper_out", False)  # not cleared: the rest prints on the new roll
    assert [(p.text(), p.complete) for p in device.pages][1] == ("three\n", False)
    assert device.pages[1].ended_by == "continued after paper out, cut"


def test_drawer_pulses_and_the_drawer_sensor() -> None:
    device = PrinterDevice()
    conn = device.connect()
    device.receive(conn, b"\x1bp\x00\x32\x32\x10\x14\x01\x01\x03")
    assert [(p.pin, p.on_ms, p.realtime) for p in device.pulses] == [(2, 100, False), (5, 300, True)]
    assert device.receive(conn, PRINTER_STATUS) == b"\x16"  # pin 3 high: drawer open
    device.close_drawer()
    assert device.receive(conn, PRINTER_STATUS) == b"\x12"


def test_unknown_commands_are_reported() -> None:
    device = PrinterDevice()
    conn = device.connect()
    device.receive(conn, b"\x1b@\x1b\x99ok\n\x1d(k\x03\x000A\x00")
    assert [p.reason for p in device.problems] == ["unknown command", "only QR codes are simulated"]


def test_png_render_is_the_printer_width() -> None:
    page = decode(SAMPLE.read_bytes())[0]
    image = render_page(page, 576)
    assert image.width == 576 + 32 and image.height > 1500


def _ask(sock: socket.socket, request: bytes) -> bytes:
    sock.sendall(request)
    return sock.recv(16)


def test_tcp_status_stall_and_unplug() -> None:
    with VirtualPrinter() as printer:
        with socket.create_connection(("127.0.0.1", printer.port), timeout=1) as sock:
            assert _ask(sock, PRINTER_STATUS) == b"\x12"
            printer.stall(0.6)
            sock.settimeout(0.3)
            with pytest.raises(TimeoutError):
                _ask(sock, PRINTER_STATUS)
            sock.settimeout(2)
            assert sock.recv(16) == b"\x12"  # answered once the stall is over
        printer.unplug()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", printer.port), timeout=1)
        printer.plug_in()
        with socket.create_connection(("127.0.0.1", printer.port), timeout=1) as sock:
            sock.sendall(SAMPLE.read_bytes())
        assert printer.wait_for(lambda: len(printer.receipts()) == 1)
        assert printer.wait_for(lambda: SAMPLE.read_bytes() in printer.jobs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_as_a_process_with_its_control_port(tmp_path: Path) -> None:
    port, control = _free_port(), _free_port()
    out = tmp_path / "printed"
    proc = subprocess.Popen([sys.executable, "-m", "hardware.virtual_printer", "--port", str(port),
                             "--control-port", str(control), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None and "virtual printer on" in proc.stdout.readline()
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(SAMPLE.read_bytes())
        ctl = [sys.executable, "-m", "hardware.virtual_printer", "ctl", "--control-port", str(control)]
        deadline = time.monotonic() + 5
        while not (out / "0001.png").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "MAIN-T1-000123" in (out / "0001.txt").read_text(encoding="utf-8")
        assert subprocess.run([*ctl, "paper-out", "on"], capture_output=True, text=True,
                              check=True).stdout.strip() == "ok"
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            assert _ask(sock, PAPER_STATUS) == b"\x7e"
        status = subprocess.run([*ctl, "status"], capture_output=True, text=True, check=True).stdout
        assert '"paper-out": true' in status and '"receipts": 1' in status
        bad = subprocess.run([*ctl, "jam"], capture_output=True, text=True, check=False)
        assert bad.returncode == 1 and "unknown command" in bad.stdout
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert (out / "job-0001.bin").read_bytes() == SAMPLE.read_bytes()


def test_decode_command_line(tmp_path: Path) -> None:
    png = tmp_path / "r.png"
    result = subprocess.run([sys.executable, "-m", "hardware.virtual_printer", "decode", str(SAMPLE),
                             "--png", str(png)], capture_output=True, text=True, check=True)
    assert "--- page 1 (cut)" in result.stdout and "GH¢ 541.00" in result.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
