"""The customer display: what the customer sees while the cashier sells.

``CustomerDisplay`` is what the till UI calls — the item just scanned, the total, the
change, "Pay with MoMo to …", thank you — without knowing which display is attached.
``PoleDisplay`` drives a 2 × 20 character pole display (VFD) on a serial port with the
ESC/POS display commands (``ESC @``, ``CLR``, ``US $ x y``, ``ESC t``); a second monitor
(the Qt window of the till) implements the same interface. ``NullDisplay`` is the
terminal without one. The screens themselves are pure functions (``screens``), so what a
2 × 20 display shows is tested without a device.

A display fault never holds up a sale: a port that fails is closed, the error kept in
``last_error``, and opened again on the next screen.
"""

from __future__ import annotations

import codecs
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from hardware.text import CodePage, code_page, currency_symbol, printable
from shared.money import Money

CLR = b"\x0c"
ESC_INIT = b"\x1b@"
OVERWRITE_MODE = b"\x1f\x01"
CURSOR_OFF = b"\x1f\x43\x00"


def _move(column: int, line: int) -> bytes:
    return b"\x1f\x24" + bytes((column, line))  # US $ x y, both from 1


class CustomerDisplay(Protocol):
    def welcome(self, shop_name: str) -> None: ...
    def item(self, name: str, qty: str, amount: Money, sale_total: Money) -> None: ...
    def total(self, sale_total: Money) -> None: ...
    def change(self, paid: Money, change: Money) -> None: ...
    def pay_with_momo(self, sale_total: Money, number: str, account_name: str | None) -> None: ...
    def thank_you(self) -> None: ...
    def clear(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Screen:
    upper: str
    lower: str


class Screens:
    """The 2-line screens, fitted to ``width`` columns of ``page``."""

    def __init__(self, width: int = 20, page: CodePage | None = None) -> None:
        self.width = width
        self.page = page or code_page("CP437")
        self.currency = currency_symbol(self.page)

    def _fit(self, text: str) -> str:
        return printable(text, self.page)[: self.width]

    def _row(self, left: str, right: str) -> str:
        left, right = printable(left, self.page), printable(right, self.page)[: self.width]
        room = self.width - len(right) - 1
        if room <= 0:
            return right.rjust(self.width)
        return left[:room].ljust(room) + " " + right

    def _centre(self, text: str) -> str:
        return self._fit(text).center(self.width).rstrip()

    def money(self, value: Money) -> str:
        with_symbol = value.format(symbol=self.currency)
        return with_symbol if len(with_symbol) <= self.width - 6 else value.format(symbol="")

    def welcome(self, shop_name: str) -> Screen:
        return Screen(self._centre(shop_name), self._centre("Akwaaba! Welcome"))

    def item(self, name: str, qty: str, amount: Money, sale_total: Money) -> Screen:
        label = name if qty in ("1", "1.000") else f"{qty} x {name}"
        return Screen(self._row(label, amount.format(symbol="")),
                      self._row("TOTAL", self.money(sale_total)))

    def total(self, sale_total: Money) -> Screen:
        return Screen(self._fit("TOTAL TO PAY"), self._row("", self.money(sale_total)))

    def change(self, paid: Money, change: Money) -> Screen:
        return Screen(self._row("PAID", paid.format(symbol="")),
                      self._row("CHANGE", self.money(change)))

    def pay_with_momo(self, sale_total: Money, number: str, account_name: str | None) -> Screen:
        upper = "Pay with MoMo to"
        if account_name and len(upper) + 1 + len(account_name) <= self.width:
            upper = f"{upper} {account_name}"
        return Screen(self._fit(upper), self._row(number, sale_total.format(symbol="")))

    def thank_you(self) -> Screen:
        return Screen(self._centre("Thank you!"), self._centre("Please come again"))


def screen_bytes(screen: Screen, page: CodePage, slot: int = 0, *, initialise: bool = False) -> bytes:
    """The bytes that show ``screen`` (text in ``page``, selected as ESC t ``slot``;
    with ``initialise``, reset the display first)."""
    try:
        codec = codecs.lookup(page.name.lower()).name
    except LookupError:
        codec = "ascii"
    head = ESC_INIT + b"\x1bt" + bytes((slot,)) + OVERWRITE_MODE + CURSOR_OFF if initialise else b""
    return (head + CLR + _move(1, 1) + screen.upper.encode(codec, "replace") + _move(1, 2)
            + screen.lower.encode(codec, "replace"))


class PoleDisplay:
    """A 2 × 20 pole display on a serial port (pyserial). ``open_port`` makes the port
    (``serial.serial_for_url`` by default: also takes ``loop://`` for tests)."""

    def __init__(self, device: str, *, baudrate: int = 9600, width: int = 20,
                 page_name: str = "CP437", slot: int = 0,
                 open_port: Callable[..., Any] | None = None) -> None:
        self.device = device
        self.baudrate = baudrate
        self.screens = Screens(width, code_page(page_name))
        self.slot = slot
        self._open_port = open_port
        self._port: Any = None
        self._lock = threading.Lock()
        self.last_error: str | None = None

    def show(self, screen: Screen) -> bool:
        """Show ``screen``; False (and ``last_error``) when the display did not take it."""
        with self._lock:
            first = self._port is None
            try:
                if first:
                    self._port = self._make_port()
                self._port.write(screen_bytes(screen, self.screens.page, self.slot, initialise=first))
                self._port.flush()
            except Exception as exc:  # serial.SerialException, OSError: never stop the sale
                self.last_error = f"customer display on {self.device}: {exc}"
                self._drop()
                return False
            self.last_error = None
            return True

    def _make_port(self) -> Any:
        opener = self._open_port
        if opener is None:
            import serial

            opener = serial.serial_for_url
        return opener(self.device, baudrate=self.baudrate, timeout=1, write_timeout=1)

    def _drop(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except Exception:  # closing a broken port may fail too; it is gone either way
                self.last_error = self.last_error or "customer display port could not be closed"

    def close(self) -> None:
        with self._lock:
            self._drop()

    # -- CustomerDisplay -----------------------------------------------------------------
    def welcome(self, shop_name: str) -> None:
        self.show(self.screens.welcome(shop_name))

    def item(self, name: str, qty: str, amount: Money, sale_total: Money) -> None:
        self.show(self.screens.item(name, qty, amount, sale_total))

    def total(self, sale_total: Money) -> None:
        self.show(self.screens.total(sale_total))

    def change(self, paid: Money, change: Money) -> None:
        self.show(self.screens.change(paid, change))

    def pay_with_momo(self, sale_total: Money, number: str, account_name: str | None) -> None:
        self.show(self.screens.pay_with_momo(sale_total, number, account_name))

    def thank_you(self) -> None:
        self.show(self.screens.thank_you())

    def clear(self) -> None:
        self.show(Screen("", ""))


class NullDisplay:
    """No customer display on this till."""

    def welcome(self, shop_name: str) -> None:
        return None

    def item(self, name: str, qty: str, amount: Money, sale_total: Money) -> None:
        return None

    def total(self, sale_total: Money) -> None:
        return None

    def change(self, paid: Money, change: Money) -> None:
        return None

    def pay_with_momo(self, sale_total: Money, number: str, account_name: str | None) -> None:
        return None

    def thank_you(self) -> None:
        return None

    def clear(self) -> None:
        return None
