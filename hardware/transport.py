"""Getting bytes to a printer and its replies back: one small interface, one implementation
per kind of connection, each over the matching python-escpos printer class.

The worker only ever calls ``open``, ``write``, ``read``, ``discard_input`` and ``close``,
all bounded by the configured timeouts; every failure becomes ``PrinterUnreachable`` with
a message a cashier can act on. Work-arounds for python-escpos 3.1 live here:

* the printer object is opened explicitly on every connection and thrown away on every
  failure, never left in escpos's "failed once" state where its lazy self-open is never
  tried again (python-escpos issue #720);
* USB writes get a real timeout (escpos's default of 0 waits for ever on a printer that
  stopped reading);
* serial writes get a write timeout and RTS/CTS when asked (escpos passes neither), and
  status reads return as soon as the byte arrives (escpos's ``_read`` waits for 16);
* a network peer that closed the connection is reported as such (escpos's ``_read``
  returns ``b""`` as if the printer had simply said nothing).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import time
from typing import Any, Protocol

from escpos.exceptions import DeviceNotFoundError

from hardware.config import PrinterConfig


class PrinterUnreachable(Exception):
    """The printer could not be opened, written to or read from."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Transport(Protocol):
    description: str
    two_way: bool  # replies (status) can be read back

    def open(self) -> None: ...
    def write(self, data: bytes) -> None: ...
    def read(self, max_bytes: int, timeout_ms: int) -> bytes: ...
    def discard_input(self) -> None: ...
    def close(self) -> None: ...

    @property
    def is_open(self) -> bool: ...


class EscposTransport:
    """A transport over one python-escpos printer class."""

    two_way = False

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        self.description = config.describe()
        self._printer: Any = None

    # -- to be provided per connection kind --------------------------------------------
    def _make(self) -> Any:
        raise NotImplementedError

    def _after_open(self, printer: Any) -> None:
        """Settings escpos does not apply itself."""

    def _read_now(self, printer: Any, max_bytes: int, timeout_ms: int) -> bytes:
        return b""

    # -- the interface -----------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._printer is not None

    def open(self) -> None:
        if self._printer is not None:
            return
        try:
            printer = self._make()
        except (RuntimeError, ImportError) as exc:  # a missing driver library
            raise PrinterUnreachable(f"{self.description} cannot be used on this computer: {exc}") from None
        try:
            printer.open()
            self._after_open(printer)
        except (DeviceNotFoundError, OSError, ValueError, AssertionError) as exc:
            _forget(printer)
            raise PrinterUnreachable(f"{self.description} is not reachable ({_first_line(exc)})") from None
        except Exception as exc:  # pyusb and pyserial errors
            _forget(printer)
            raise PrinterUnreachable(f"{self.description} is not reachable ({_first_line(exc)})") from None
        self._printer = printer

    def write(self, data: bytes) -> None:
        printer = self._require()
        try:
            printer._raw(data)
        except Exception as exc:
            self.close()
            raise PrinterUnreachable(f"{self.description} stopped taking data "
                                     f"({_first_line(exc)})") from None

    def read(self, max_bytes: int, timeout_ms: int) -> bytes:
        printer = self._require()
        try:
            return self._read_now(printer, max_bytes, timeout_ms)
        except PrinterUnreachable:
            self.close()
            raise
        except Exception as exc:
            self.close()
            raise PrinterUnreachable(f"{self.description} connection failed while reading "
                                     f"({_first_line(exc)})") from None

    def discard_input(self) -> None:
        """Drop replies nobody waited for (a status answered after its timeout)."""
        if self.two_way and self._printer is not None:
            while self.read(64, 1):
                pass

    def close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):
                printer.close()
            _forget(printer)

    def _require(self) -> Any:
        if self._printer is None:
            self.open()
        return self._printer


def _forget(printer: Any) -> None:
    # escpos's __del__ closes again; False means "never opened": nothing left to close.
    with contextlib.suppress(Exception):
        printer._device = False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__


# ---------------------------------------------------------------- network (TCP 9100)


class NetworkTransport(EscposTransport):
    two_way = True

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self.two_way = config.status_replies

    def _make(self) -> Any:
        from escpos.printer import Network

        return Network(host=self.config.host or "", port=self.config.port,
                       timeout=self.config.timeouts.connect_ms / 1000)

    def _after_open(self, printer: Any) -> None:
        sock: socket.socket = printer.device
        sock.settimeout(self.config.timeouts.write_ms / 1000)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _read_now(self, printer: Any, max_bytes: int, timeout_ms: int) -> bytes:
        sock: socket.socket = printer.device
        sock.settimeout(max(timeout_ms, 1) / 1000)
        try:
            data = sock.recv(max_bytes)
        except TimeoutError:
            return b""
        finally:
            with contextlib.suppress(OSError):
                sock.settimeout(self.config.timeouts.write_ms / 1000)
        if not data:
            raise PrinterUnreachable(f"{self.description} closed the connection")
        return data


# ---------------------------------------------------------------- USB (pyusb)


class UsbTransport(EscposTransport):
    two_way = True

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self.two_way = config.status_replies

    def _make(self) -> Any:
        from escpos.printer import Usb

        return Usb(idVendor=self.config.vendor_id, idProduct=self.config.product_id,
                   timeout=self.config.timeouts.write_ms, in_ep=self.config.in_endpoint,
                   out_ep=self.config.out_endpoint)

    def _read_now(self, printer: Any, max_bytes: int, timeout_ms: int) -> bytes:
        import usb.core

        try:
            data = printer.device.read(self.config.in_endpoint, max_bytes, timeout=max(timeout_ms, 1))
        except usb.core.USBTimeoutError:
            return b""
        return bytes(data)


# ---------------------------------------------------------------- serial (pyserial)


class SerialTransport(EscposTransport):
    two_way = True

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self.two_way = config.status_replies

    def _make(self) -> Any:
        from escpos.printer import Serial

        flow = self.config.flow_control
        return Serial(devfile=self.config.device or "", baudrate=self.config.baudrate,
                      timeout=self.config.timeouts.status_ms / 1000, dsrdtr=flow == "dsrdtr",
                      xonxoff=flow == "xonxoff")

    def _after_open(self, printer: Any) -> None:
        port = printer.device
        port.write_timeout = self.config.timeouts.write_ms / 1000
        port.rtscts = self.config.flow_control == "rtscts"

    def _read_now(self, printer: Any, max_bytes: int, timeout_ms: int) -> bytes:
        port = printer.device
        port.timeout = max(timeout_ms, 1) / 1000
        first = bytes(port.read(1))
        if not first:
            return b""
        waiting = min(port.in_waiting, max_bytes - 1)
        return first + (bytes(port.read(waiting)) if waiting > 0 else b"")


# ---------------------------------------------------------------- one-way connections


class FileTransport(EscposTransport):
    """A device file: ``/dev/usb/lp0`` on Linux, ``LPT1`` or a shared printer path on
    Windows. Write only: no status."""

    def _make(self) -> Any:
        from escpos.printer import File

        return File(devfile=self.config.device or "", auto_flush=True)


class Win32RawTransport(EscposTransport):
    """The Windows print spooler in RAW mode (the printer keeps its vendor driver).
    Each connection is one spooler document; the spooler reports no paper status."""

    def _make(self) -> Any:
        from escpos.printer import Win32Raw

        if not Win32Raw.is_usable():
            raise RuntimeError("the Windows spooler needs pywin32 (pip install pywin32), "
                               "and only works on Windows")
        return Win32Raw(printer_name=self.config.printer_name or "")


class CupsTransport(EscposTransport):
    """A CUPS queue set up as a raw printer: through pycups when it is installed,
    otherwise through the ``lp`` command. Write only."""

    def _make(self) -> Any:
        from escpos.printer import LP, CupsPrinter

        if CupsPrinter.is_usable():
            return CupsPrinter(printer_name=self.config.printer_name or "")
        if shutil.which("lp") and LP.is_usable():
            return LP(printer_name=self.config.printer_name or "")
        raise RuntimeError("CUPS printing needs pycups (pip install pycups) or the lp command")


def transport_for(config: PrinterConfig) -> Transport:
    kinds: dict[str, type[EscposTransport]] = {
        "network": NetworkTransport, "usb": UsbTransport, "serial": SerialTransport,
        "file": FileTransport, "win32raw": Win32RawTransport, "cups": CupsTransport,
    }
    return kinds[config.connection](config)


def pause_ms(ms: int) -> None:
    """A short pause inside a printer conversation (not used for waiting on jobs)."""
    time.sleep(ms / 1000)
