"""Connections and status: each kind of transport, the status bytes, and the python-escpos
3.1 faults we work around (each shown happening upstream, then not happening to us)."""

from __future__ import annotations

import os
import platform
import socket
import sys
import threading
from pathlib import Path

import pytest
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Dummy, Network

from hardware.config import parse_config
from hardware.print_queue import PrinterState
from hardware.profiles import resolve_profile
from hardware.slip import Text, encode
from hardware.status import PAPER_STATUS, PRINTER_STATUS, interpret
from hardware.transport import (
    NetworkTransport,
    PrinterUnreachable,
    SerialTransport,
    UsbTransport,
    transport_for,
)
from hardware.virtual_printer import PrinterDevice, VirtualPrinter
from tests.hardware.helpers import network_config


@pytest.mark.parametrize(("printer", "offline", "error", "paper", "state", "detail"), [
    (b"", None, None, None, PrinterState.UNKNOWN, "not answering status requests"),
    (b"\xff", None, None, None, PrinterState.UNKNOWN, "sent an unreadable status (ff)"),
    (b"\x12\x12", None, None, None, PrinterState.UNKNOWN, "sent an unreadable status (12 12)"),
    (b"\x12", None, None, b"\x12", PrinterState.READY, "ready"),
    (b"\x12", None, None, b"\x1e", PrinterState.READY, "paper low"),
    (b"\x12", None, None, b"\x72", PrinterState.PAPER_OUT, "out of paper"),
    (b"\x1a", b"\x16", None, b"\x12", PrinterState.COVER_OPEN, "cover open"),
    (b"\x1a", b"\x32", None, b"\x7e", PrinterState.PAPER_OUT, "out of paper"),
    (b"\x1a", b"\x52", b"\x32", b"\x12", PrinterState.ERROR, "in an error it cannot recover from"),
    (b"\x1a", b"\x1a", None, b"\x12", PrinterState.OFFLINE, "feeding paper (feed button held)"),
    (b"\x1a", b"", None, b"\x12", PrinterState.OFFLINE, "off-line"),
    (b"\x12", None, None, b"", PrinterState.UNKNOWN, "sent an unreadable paper status"),
])
def test_status_bytes(printer: bytes, offline: bytes | None, error: bytes | None,
                      paper: bytes | None, state: PrinterState, detail: str) -> None:
    report = interpret(printer, offline, error, paper)
    assert (report.state, report.detail) == (state, detail)


def test_drawer_sensor_polarity() -> None:
    assert interpret(b"\x16", paper=b"\x12", drawer_open_level="high").drawer_open is True
    assert interpret(b"\x16", paper=b"\x12", drawer_open_level="low").drawer_open is False
    assert interpret(b"\x16", paper=b"\x12").drawer_open is None


def _silent_printer() -> tuple[socket.socket, int]:
    """Accepts a connection and hangs up without a word (a printer that lost its mind)."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        conn, _ = server.accept()
        conn.recv(16)
        conn.shutdown(socket.SHUT_WR)
        conn.recv(16)
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, port


def test_escpos_paper_status_calls_silence_adequate_paper_we_call_it_unknown() -> None:
    server, port = _silent_printer()
    with server:
        upstream = Network("127.0.0.1", port, timeout=2)
        upstream.open()
        assert upstream.paper_status() == 2  # python-escpos 3.1: "paper adequate" from nothing
        upstream.close()
    assert interpret(b"").state is PrinterState.UNKNOWN


def test_escpos_never_retries_a_failed_first_open_our_transport_does() -> None:
    with VirtualPrinter() as printer:
        port = printer.port
        printer.unplug()
        upstream = Network("127.0.0.1", port, timeout=1)
        with pytest.raises(DeviceNotFoundError):
            upstream.text("x")  # the lazy self-open fails …
        printer.plug_in()
        with pytest.raises((AssertionError, AttributeError)):
            upstream.text("x")  # … and is never tried again (python-escpos issue #720)
        printer.unplug()
        ours = NetworkTransport(network_config(port))
        with pytest.raises(PrinterUnreachable, match="is not reachable"):
            ours.open()
        printer.plug_in()
        ours.open()
        ours.write(PRINTER_STATUS)
        assert ours.read(16, 1000) == b"\x12"
        ours.close()


def test_escpos_forgets_the_code_page_after_init_our_slips_select_it_again() -> None:
    upstream = Dummy()
    upstream.charcode("CP858")
    upstream.text("€")
    upstream.hw("INIT")  # the printer is back on code page 0 …
    upstream.text("€")  # … and python-escpos does not select 858 again
    assert upstream.output.count(b"\x1bt") == 1
    profile = resolve_profile("TM-T20II", 80, code_page_name="CP858")
    data = encode((Text("GH₵ 5.00"),), profile)
    assert data.startswith(b"\x1b@\x1bt\x13")  # ESC @ then ESC t 19 (PC858), every slip


def test_usb_writes_get_a_timeout() -> None:
    config = parse_config({"printer": {"connection": "usb", "vendor_id": "0416",
                                       "product_id": "5011", "timeouts": {"write_ms": 4000}}})
    assert config.printer is not None
    transport = UsbTransport(config.printer)
    assert transport._make().timeout == 4000  # escpos's default 0 would wait for ever


def test_a_usb_printer_that_is_not_there_is_unreachable() -> None:
    config = parse_config({"printer": {"connection": "usb", "vendor_id": "ffff",
                                       "product_id": "fffe"}})
    assert config.printer is not None
    with pytest.raises(PrinterUnreachable, match=r"USB printer ffff:fffe"):
        transport_for(config.printer).open()


def test_network_peer_closing_is_reported_not_silence() -> None:
    server, port = _silent_printer()
    with server:
        transport = NetworkTransport(network_config(port))
        transport.open()
        transport.write(PRINTER_STATUS)
        with pytest.raises(PrinterUnreachable, match="closed the connection"):
            transport.read(16, 1000)
        assert not transport.is_open


def test_file_and_spooler_connections(tmp_path: Path) -> None:
    missing = parse_config({"printer": {"connection": "file",
                                        "device": str(tmp_path / "no" / "lp0")}}).printer
    assert missing is not None
    with pytest.raises(PrinterUnreachable, match="is not reachable"):
        transport_for(missing).open()
    if sys.platform != "win32":
        spooler = parse_config({"printer": {"connection": "win32raw",
                                            "printer_name": "EPSON TM-T20II Receipt"}}).printer
        assert spooler is not None
        with pytest.raises(PrinterUnreachable, match="cannot be used on this computer"):
            transport_for(spooler).open()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_a_serial_printer_over_a_pseudo_terminal() -> None:
    """The real pyserial and python-escpos Serial classes, with the printer on the other
    end of a pty: status in, receipt out."""
    master, slave = os.openpty()
    device = PrinterDevice(384)
    conn = device.connect()
    stop = threading.Event()

    def printer_side() -> None:
        while not stop.is_set():
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            reply = device.receive(conn, data)
            if reply:
                os.write(master, reply)

    thread = threading.Thread(target=printer_side, daemon=True)
    thread.start()
    config = parse_config({"printer": {"connection": "serial", "device": os.ttyname(slave),
                                       "baudrate": 19200, "flow_control": "none",
                                       "model": "POS-5890", "paper_mm": 58}}).printer
    assert config is not None
    transport = SerialTransport(config)
    try:
        transport.open()
        transport.write(PAPER_STATUS)
        assert transport.read(16, 1000) == b"\x12"
        transport.write(b"\x1b@Serial works\n\x1dV\x01")
        transport.write(b"\x1dr\x01")
        assert transport.read(16, 1000) == b"\x00"
    finally:
        transport.close()
        stop.set()
        os.close(slave)
        os.close(master)
    assert [p.text() for p in device.receipts()] == ["Serial works\n"]


def test_escpos_keeps_its_printer_database_in_one_cache_folder(tmp_path: Path) -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items()
           if k not in ("ESCPOS_CAPABILITIES_PICKLE_DIR", "LOCALAPPDATA")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", "import hardware.slip, escpos.capabilities as c; "
                          "print(c.pickle_dir)"], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == str(tmp_path / "bisama" / "escpos")
    assert list((tmp_path / "bisama" / "escpos").glob("*.capabilities.pickle"))


def test_printer_database_cache_survives_many_processes_starting_at_once(tmp_path: Path) -> None:
    # python-escpos writes its cache in place; a second process reading it half written
    # died with "EOFError: Ran out of input" (seen in CI with parallel test workers).
    import subprocess

    env = {k: v for k, v in os.environ.items()
           if k not in ("ESCPOS_CAPABILITIES_PICKLE_DIR", "LOCALAPPDATA")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    cache = tmp_path / "bisama" / "escpos"
    cache.mkdir(parents=True)
    (cache / f"{platform.python_version()}.capabilities.pickle").write_bytes(b"")  # a crash left it empty
    code = "import hardware.profiles as p; print(len(p.CAPABILITIES['profiles']) > 10)"
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(6)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [err for _, err in results]
    assert all(out.strip() == "True" for out, _ in results)
    assert not list(cache.glob(".capabilities-*"))  # no temporary files left behind
