"""Barcode scanners: USB keyboard-wedge scanners told apart from a person typing, and
serial scanners read on a thread. Both end in the same ``on_scan(code)``.

A wedge scanner "types" the code into whatever has focus, a character every few
milliseconds, then Enter. A person types a character every 80–300 ms. ``WedgeClassifier``
is a pure state machine over (character, time) events: it holds keystrokes for at most
``max_gap_ms``, and a burst of at least ``min_length`` characters that ends in Enter with
no gap longer than ``max_gap_ms`` is a scan; anything else is released as typing, in
order, so the search box still gets what the cashier typed. The till UI feeds it key
events with their timestamps and calls ``tick`` from a timer (every ``max_gap_ms``).

``SerialScanner`` reads a scanner in serial (or USB virtual COM port) mode: one code per
line. It reconnects by itself when the scanner is unplugged and plugged back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TERMINATORS = ("\r", "\n")


@dataclass(frozen=True, slots=True)
class Typed:
    """Keystrokes that were typing: deliver them to the focused field as they were."""

    text: str


@dataclass(frozen=True, slots=True)
class Scanned:
    code: str


Decision = Typed | Scanned


class WedgeClassifier:
    # max_length: the longest scan; a receipt's verifiable QR is up to 281 characters
    # (shared.audit.receipt), so a scan of it opens the return.
    def __init__(self, *, max_gap_ms: int = 40, min_length: int = 4, max_length: int = 320,
                 terminators: tuple[str, ...] = TERMINATORS) -> None:
        if max_gap_ms <= 0 or min_length < 1 or max_length < min_length:
            raise ValueError("scanner thresholds: max_gap_ms > 0 and 1 ≤ min_length ≤ max_length")
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.max_length = max_length
        self.terminators = terminators
        self._held: list[str] = []
        self._last_ms: int | None = None

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def due_ms(self) -> int | None:
        """When ``tick`` should next be called to release held typing (None: nothing held)."""
        if self._last_ms is None or not self._held:
            return None
        return self._last_ms + self.max_gap_ms + 1

    def key(self, char: str, at_ms: int) -> tuple[Decision, ...]:
        """One keystroke (its text: one character, or "\\r" for Enter) at ``at_ms``."""
        out: list[Decision] = []
        if self._held and self._last_ms is not None and at_ms - self._last_ms > self.max_gap_ms:
            out.extend(self._release())
        if char in self.terminators:
            if len(self._held) >= self.min_length:
                out.append(Scanned("".join(self._held)))
                self._held.clear()
            else:
                out.extend(self._release())
                out.append(Typed(char))
            self._last_ms = None
            return tuple(out)
        self._held.append(char)
        self._last_ms = at_ms
        if len(self._held) > self.max_length:
            out.extend(self._release())
        return tuple(out)

    def tick(self, now_ms: int) -> tuple[Decision, ...]:
        """Release held keystrokes once no scanner could still be typing them."""
        if self._held and self._last_ms is not None and now_ms - self._last_ms > self.max_gap_ms:
            return self._release()
        return ()

    def _release(self) -> tuple[Decision, ...]:
        if not self._held:
            return ()
        text = "".join(self._held)
        self._held.clear()
        self._last_ms = None
        return (Typed(text),)


class SerialScanner:
    """Reads codes from a serial scanner on its own thread and calls ``on_scan`` (on that
    thread; a Qt UI re-emits it as a signal). ``open_port`` makes the port
    (``serial.serial_for_url`` by default, which also takes ``loop://`` and
    ``socket://`` URLs)."""

    def __init__(self, device: str, on_scan: Callable[[str], None], *, baudrate: int = 9600,
                 open_port: Callable[..., Any] | None = None, reconnect_ms: int = 2000,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.device = device
        self.baudrate = baudrate
        self._on_scan = on_scan
        self._on_error = on_error
        self._open_port = open_port
        self._reconnect_s = reconnect_ms / 1000
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: Any = None

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=f"scanner-{self.device}",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None

    def _opener(self) -> Callable[..., Any]:
        if self._open_port is not None:
            return self._open_port
        import serial

        opener: Callable[..., Any] = serial.serial_for_url
        return opener

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                port = self._opener()(self.device, baudrate=self.baudrate, timeout=0.2)
            except Exception as exc:  # not plugged in yet: try again later
                self._error(f"scanner on {self.device} is not available: {exc}")
                self._stop.wait(self._reconnect_s)
                continue
            try:
                self._read_lines(port)
            except Exception as exc:  # unplugged while reading
                self._error(f"scanner on {self.device} stopped: {exc}")
            finally:
                try:
                    port.close()
                except Exception:  # the port is gone either way
                    self._error(f"scanner on {self.device} could not be closed")
            self._stop.wait(self._reconnect_s)

    def _read_lines(self, port: Any) -> None:
        buffer = bytearray()
        last = time.monotonic()
        while not self._stop.is_set():
            chunk = port.read(64)
            if not chunk:
                # A scanner that sends no terminator: a pause ends the code.
                if buffer and time.monotonic() - last > 0.3:
                    self._emit(bytes(buffer))
                    buffer.clear()
                continue
            last = time.monotonic()
            for byte in chunk:
                if byte in (0x0D, 0x0A):
                    self._emit(bytes(buffer))
                    buffer.clear()
                else:
                    buffer.append(byte)

    def _emit(self, raw: bytes) -> None:
        code = raw.decode("ascii", errors="replace").strip()
        if code:
            self._on_scan(code)

    def _error(self, message: str) -> None:
        if self._on_error is not None:
            self._on_error(message)
