"""A till's hardware set-up, as data: which printer on which connection, the cash drawer,
the customer display and the scanner.

Each terminal keeps one file (``hardware.toml``, or the same structure as JSON). It is
parsed into frozen dataclasses with every field checked; a mistake is reported with the
field's path and what to write instead (``printer.port: must be at most 65535``), and
nothing is half-applied. Timeouts are whole milliseconds.

Example (the full reference is in ``docs/hardware.md``)::

    [printer]
    connection = "network"      # usb | network | serial | file | win32raw | cups
    host = "192.168.1.87"
    model = "TM-T20II"
    paper_mm = 80

    [drawer]
    pin = 2
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hardware.profiles import PrinterProfile, resolve_profile
from shared.errors import BisamaError, Malformed
from shared.wire import Reader

CONNECTIONS = ("usb", "network", "serial", "file", "win32raw", "cups")
RECEIPT_CODES = ("qr", "barcode", "both", "none")
FLOW_CONTROLS = ("none", "dsrdtr", "rtscts", "xonxoff")
CURRENCY_CHOICES = ("auto", "GHS", "GH¢")


class HardwareConfigError(BisamaError, ValueError):
    """The hardware configuration file cannot be used as written."""

    code = "hardware_config"


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long the print worker waits, in milliseconds. Short on purpose: a printer that
    does not answer in a few seconds is reported, never waited for."""

    connect_ms: int = 3000
    write_ms: int = 5000
    status_ms: int = 1000
    print_ms: int = 8000  # for the printer to finish a receipt and confirm (GS r)


@dataclass(frozen=True, slots=True)
class Retry:
    first_ms: int = 1000
    max_ms: int = 15000


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    connection: str
    model: str = "generic-80"
    paper_mm: int = 80
    columns: int | None = None
    code_page: str = "CP437"
    currency: str = "auto"
    # network
    host: str | None = None
    port: int = 9100
    # usb
    vendor_id: int | None = None
    product_id: int | None = None
    in_endpoint: int = 0x82
    out_endpoint: int = 0x01
    # serial
    device: str | None = None  # also the file connection's path
    baudrate: int = 9600
    flow_control: str = "dsrdtr"
    # win32raw and cups
    printer_name: str | None = None
    # behaviour
    status_replies: bool = True  # the printer answers DLE EOT; False only for one that never does
    confirm_printed: bool = True  # ask GS r after each receipt; the answer proves it printed
    clear_buffer_on_fault: bool = True  # DLE DC4 8 when a receipt stops half way
    keep_open: bool = False
    receipt_code: str = "both"
    logo: str | None = None
    cut: str = "partial"
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: Retry = field(default_factory=Retry)

    @property
    def two_way(self) -> bool:
        """Whether the connection can carry the printer's status replies back."""
        return self.connection in ("usb", "network", "serial") and self.status_replies

    def profile(self) -> PrinterProfile:
        return resolve_profile(self.model, self.paper_mm, columns=self.columns,
                               code_page_name=self.code_page)

    def describe(self) -> str:
        """Where the printer is, in the words the cashier's message uses."""
        if self.connection == "network":
            return f"network printer {self.host}:{self.port}"
        if self.connection == "usb":
            return f"USB printer {self.vendor_id or 0:04x}:{self.product_id or 0:04x}"
        if self.connection == "serial":
            return f"printer on {self.device}"
        if self.connection == "file":
            return f"printer at {self.device}"
        return f"printer “{self.printer_name or 'default'}”"


@dataclass(frozen=True, slots=True)
class DrawerConfig:
    enabled: bool = True
    pin: int = 2  # 2 or 5: the drawer connector pin the drawer's solenoid is on
    pulse_ms: int = 100
    # What DLE EOT 1 bit 2 (connector pin 3) reads when the drawer is open; "none" when
    # the drawer has no sensor.
    open_level: str = "none"


@dataclass(frozen=True, slots=True)
class DisplayConfig:
    enabled: bool = False
    device: str | None = None
    baudrate: int = 9600
    columns: int = 20
    code_page: str = "CP437"
    momo_number: str | None = None  # "024 555 0199"
    momo_name: str | None = None  # the registered MoMo account name customers will see


@dataclass(frozen=True, slots=True)
class ScannerConfig:
    wedge: bool = True
    wedge_max_gap_ms: int = 40
    wedge_min_length: int = 4
    serial_device: str | None = None
    serial_baudrate: int = 9600


@dataclass(frozen=True, slots=True)
class HardwareConfig:
    printer: PrinterConfig | None
    drawer: DrawerConfig = field(default_factory=DrawerConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    scanner: ScannerConfig = field(default_factory=ScannerConfig)


# ---------------------------------------------------------------- parsing


def _opt_int(r: Reader, name: str, default: int, *, minimum: int, maximum: int) -> int:
    return r.integer(name, minimum=minimum, maximum=maximum) if r.has(name) else default


def _opt_str(r: Reader, name: str, default: str | None, *, max_len: int = 200) -> str | None:
    return r.text(name, max_len=max_len) if r.has(name) else default


def _opt_bool(r: Reader, name: str, default: bool) -> bool:
    return r.boolean(name) if r.has(name) else default


def _opt_choice(r: Reader, name: str, choices: tuple[str, ...], default: str) -> str:
    return r.choice(name, choices) if r.has(name) else default


def _usb_id(r: Reader, name: str) -> int | None:
    """USB ids as the operator reads them from ``lsusb`` or Device Manager: "04b8" or
    "0x04b8" (text), or a number."""
    if not r.has(name):
        return None
    raw = r.raw(name)
    if type(raw) is int:
        value = raw
    elif isinstance(raw, str):
        try:
            value = int(raw.strip().lower().removeprefix("0x"), 16)
        except ValueError:
            raise r.fail(name, f"“{raw}” is not a USB id; write it as in lsusb, e.g. \"04b8\"") from None
    else:
        raise r.fail(name, "write the USB id as text, e.g. \"04b8\"")
    if not 0 <= value <= 0xFFFF:
        raise r.fail(name, "a USB id is four hex digits")
    return value


def _timeouts(r: Reader | None) -> Timeouts:
    if r is None:
        return Timeouts()
    d = Timeouts()
    value = Timeouts(
        connect_ms=_opt_int(r, "connect_ms", d.connect_ms, minimum=50, maximum=30_000),
        write_ms=_opt_int(r, "write_ms", d.write_ms, minimum=50, maximum=60_000),
        status_ms=_opt_int(r, "status_ms", d.status_ms, minimum=50, maximum=10_000),
        print_ms=_opt_int(r, "print_ms", d.print_ms, minimum=100, maximum=120_000),
    )
    r.done()
    return value


def _retry(r: Reader | None) -> Retry:
    if r is None:
        return Retry()
    d = Retry()
    first = _opt_int(r, "first_ms", d.first_ms, minimum=10, maximum=60_000)
    value = Retry(first_ms=first,
                  max_ms=_opt_int(r, "max_ms", d.max_ms, minimum=first, maximum=600_000))
    r.done()
    return value


def _printer(r: Reader) -> PrinterConfig:
    d = PrinterConfig(connection="network")
    connection = r.choice("connection", CONNECTIONS)
    value = PrinterConfig(
        connection=connection,
        model=_opt_str(r, "model", d.model, max_len=60) or d.model,
        paper_mm=_opt_int(r, "paper_mm", d.paper_mm, minimum=1, maximum=200),
        columns=r.integer("columns", minimum=10, maximum=80) if r.has("columns") else None,
        code_page=_opt_str(r, "code_page", d.code_page, max_len=20) or d.code_page,
        currency=_opt_choice(r, "currency", CURRENCY_CHOICES, d.currency),
        host=_opt_str(r, "host", None, max_len=253),
        port=_opt_int(r, "port", d.port, minimum=1, maximum=65535),
        vendor_id=_usb_id(r, "vendor_id"),
        product_id=_usb_id(r, "product_id"),
        in_endpoint=_opt_int(r, "in_endpoint", d.in_endpoint, minimum=0x80, maximum=0x8F),
        out_endpoint=_opt_int(r, "out_endpoint", d.out_endpoint, minimum=0x00, maximum=0x0F),
        device=_opt_str(r, "device", None, max_len=260),
        baudrate=_opt_int(r, "baudrate", d.baudrate, minimum=1200, maximum=921_600),
        flow_control=_opt_choice(r, "flow_control", FLOW_CONTROLS, d.flow_control),
        printer_name=_opt_str(r, "printer_name", None, max_len=200),
        status_replies=_opt_bool(r, "status_replies", d.status_replies),
        confirm_printed=_opt_bool(r, "confirm_printed", d.confirm_printed),
        clear_buffer_on_fault=_opt_bool(r, "clear_buffer_on_fault", d.clear_buffer_on_fault),
        keep_open=_opt_bool(r, "keep_open", connection in ("usb", "serial")),
        receipt_code=_opt_choice(r, "receipt_code", RECEIPT_CODES, d.receipt_code),
        logo=_opt_str(r, "logo", None, max_len=260),
        cut=_opt_choice(r, "cut", ("partial", "full"), d.cut),
        timeouts=_timeouts(r.opt_obj("timeouts")),
        retry=_retry(r.opt_obj("retry")),
    )
    r.done()
    needs = {"network": ("host", value.host), "serial": ("device", value.device),
             "file": ("device", value.device)}
    if connection in needs and not needs[connection][1]:
        raise r.fail(needs[connection][0], f"a {connection} printer needs its {needs[connection][0]}")
    if connection == "usb" and (value.vendor_id is None or value.product_id is None):
        raise r.fail("vendor_id" if value.vendor_id is None else "product_id",
                     "a USB printer needs vendor_id and product_id (see lsusb or Device Manager)")
    if connection == "win32raw" and not value.printer_name:
        raise r.fail("printer_name", "give the printer's name as Windows shows it under "
                     "Printers & scanners")
    try:
        value.profile()
    except ValueError as exc:
        text = str(exc)
        name = ("code_page" if "code page" in text else "columns" if "columns" in text
                else "paper_mm" if "paper" in text else "model")
        raise r.fail(name, text) from None
    return value


def _drawer(r: Reader | None) -> DrawerConfig:
    if r is None:
        return DrawerConfig()
    d = DrawerConfig()
    pin = _opt_int(r, "pin", d.pin, minimum=2, maximum=5)
    if pin not in (2, 5):
        raise r.fail("pin", "the drawer is on connector pin 2 or pin 5")
    value = DrawerConfig(enabled=_opt_bool(r, "enabled", d.enabled), pin=pin,
                         pulse_ms=_opt_int(r, "pulse_ms", d.pulse_ms, minimum=2, maximum=510),
                         open_level=_opt_choice(r, "open_level", ("none", "high", "low"),
                                                d.open_level))
    r.done()
    return value


def _display(r: Reader | None) -> DisplayConfig:
    if r is None:
        return DisplayConfig()
    d = DisplayConfig()
    value = DisplayConfig(
        enabled=_opt_bool(r, "enabled", True), device=_opt_str(r, "device", None, max_len=260),
        baudrate=_opt_int(r, "baudrate", d.baudrate, minimum=1200, maximum=115_200),
        columns=_opt_int(r, "columns", d.columns, minimum=16, maximum=40),
        code_page=_opt_str(r, "code_page", d.code_page, max_len=20) or d.code_page,
        momo_number=_opt_str(r, "momo_number", None, max_len=20),
        momo_name=_opt_str(r, "momo_name", None, max_len=60),
    )
    r.done()
    if value.enabled and not value.device:
        raise r.fail("device", "a pole display needs its serial port (COM3, /dev/ttyUSB0)")
    return value


def _scanner(r: Reader | None) -> ScannerConfig:
    if r is None:
        return ScannerConfig()
    d = ScannerConfig()
    value = ScannerConfig(
        wedge=_opt_bool(r, "wedge", d.wedge),
        wedge_max_gap_ms=_opt_int(r, "wedge_max_gap_ms", d.wedge_max_gap_ms, minimum=5, maximum=200),
        wedge_min_length=_opt_int(r, "wedge_min_length", d.wedge_min_length, minimum=1, maximum=64),
        serial_device=_opt_str(r, "serial_device", None, max_len=260),
        serial_baudrate=_opt_int(r, "serial_baudrate", d.serial_baudrate, minimum=1200,
                                 maximum=115_200),
    )
    r.done()
    return value


def parse_config(data: Mapping[str, Any], source: str = "hardware configuration") -> HardwareConfig:
    """The hardware configuration from parsed TOML/JSON data."""
    try:
        r = Reader(data, "")
        printer_r = r.opt_obj("printer")
        value = HardwareConfig(
            printer=_printer(printer_r) if printer_r is not None else None,
            drawer=_drawer(r.opt_obj("drawer")),
            display=_display(r.opt_obj("display")),
            scanner=_scanner(r.opt_obj("scanner")),
        )
        r.done()
    except Malformed as exc:
        raise HardwareConfigError(f"{source}: {exc.field}: {exc.problem}") from None
    return value


def load_config(path: Path) -> HardwareConfig:
    """Read ``hardware.toml`` (or ``.json``). Errors name the file and the field."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HardwareConfigError(f"cannot read the hardware configuration {path}: "
                                  f"{exc.strerror or exc}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise HardwareConfigError(f"{path} is not valid {'JSON' if path.suffix == '.json' else 'TOML'}: "
                                  f"{exc}") from None
    if not isinstance(data, dict):
        raise HardwareConfigError(f"{path}: expected a table of settings at the top")
    return parse_config(data, str(path))
