"""Splitting an ESC/POS byte stream into commands and text, as a printer's receive stage
does, byte by byte as they arrive (a command may be split across network packets).

Command lengths follow the Epson ESC/POS command reference for TM printers. A byte
sequence this tokenizer does not know becomes an ``Unknown`` token so that a test can say
exactly which bytes a layout sent that no printer would understand.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC, GS, DLE, FS = 0x1B, 0x1D, 0x10, 0x1C
LF, CR, HT, FF, CAN = 0x0A, 0x0D, 0x09, 0x0C, 0x18

REALTIME = frozenset({"DLE EOT", "DLE ENQ", "DLE DC4"})


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # "ESC @", "GS V", "DLE EOT" …
    raw: bytes  # the whole command
    params: bytes  # fixed parameter bytes after the name
    data: bytes = b""  # variable data (images, QR data, barcode data, tab stops)

    @property
    def realtime(self) -> bool:
        return self.name in REALTIME


@dataclass(frozen=True, slots=True)
class Text:
    data: bytes


@dataclass(frozen=True, slots=True)
class Unknown:
    raw: bytes


Token = Command | Text | Unknown

# Commands with a fixed number of parameter bytes after their name.
_ESC_FIXED = {
    "@": 0, "!": 1, "E": 1, "G": 1, "-": 1, "M": 1, "a": 1, "t": 1, "R": 1, "{": 1, "V": 1,
    " ": 1, "2": 0, "3": 1, "J": 1, "d": 1, "e": 1, "p": 3, "=": 1, "$": 2, "\\": 2, "i": 0,
    "m": 0, "B": 2, "r": 1, "U": 1, "S": 0, "L": 0, "T": 1, "W": 8, "%": 1, "?": 1, "u": 1,
    "v": 0, "K": 1, "f": 2, "<": 0, "F": 1,
}
_GS_FIXED = {
    "!": 1, "B": 1, "b": 1, "H": 1, "f": 1, "h": 1, "w": 1, "L": 2, "W": 2, "r": 1, "a": 1,
    "I": 1, "P": 2, "T": 1, "$": 2, "\\": 2, "^": 3, ":": 0, "/": 1, "E": 1, "Z": 1, "|": 1,
    "g": 4, "U": 3,
}
_FS_FIXED = {".": 0, "&": 0, "!": 1, "-": 1, "S": 2, "W": 1, "C": 1, "p": 2}


class Tokenizer:
    """Feed bytes as they arrive; get back the complete tokens."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    @property
    def pending(self) -> bytes:
        """Bytes of a command not yet complete."""
        return bytes(self._buffer)

    def feed(self, data: bytes) -> list[Token]:
        self._buffer += data
        tokens: list[Token] = []
        while self._buffer:
            result = _next(self._buffer)
            if result is None:
                break  # wait for the rest of the command
            token, used = result
            del self._buffer[:used]
            tokens.append(token)
        return tokens


def _next(buf: bytearray) -> tuple[Token, int] | None:
    first = buf[0]
    if first >= 0x20 or first in (LF, CR, HT, FF, CAN):
        if first >= 0x20:
            end = 1
            while end < len(buf) and buf[end] >= 0x20:
                end += 1
            return Text(bytes(buf[:end])), end
        names = {LF: "LF", CR: "CR", HT: "HT", FF: "FF", CAN: "CAN"}
        return Command(names[first], bytes(buf[:1]), b""), 1
    if first == ESC:
        return _esc(buf)
    if first == GS:
        return _gs(buf)
    if first == DLE:
        return _dle(buf)
    if first == FS:
        return _fixed(buf, "FS", _FS_FIXED) or _incomplete_or_unknown(buf, 2)
    return Unknown(bytes(buf[:1])), 1


def _incomplete_or_unknown(buf: bytearray, size: int) -> tuple[Token, int] | None:
    if len(buf) < size:
        return None
    return Unknown(bytes(buf[:size])), size


def _fixed(buf: bytearray, prefix: str, table: dict[str, int]) -> tuple[Token, int] | None:
    if len(buf) < 2:
        return None
    fn = chr(buf[1])
    if fn not in table:
        return None
    size = 2 + table[fn]
    if len(buf) < size:
        return None
    return Command(f"{prefix} {fn}", bytes(buf[:size]), bytes(buf[2:size])), size


def _esc(buf: bytearray) -> tuple[Token, int] | None:
    if len(buf) < 2:
        return None
    fn = chr(buf[1])
    if fn == "*":  # ESC * m nL nH d1..dk: k = n (8-dot modes) or 3n (24-dot modes)
        if len(buf) < 5:
            return None
        m, n = buf[2], buf[3] + buf[4] * 256
        size = 5 + (n if m in (0, 1) else 3 * n)
        return _sized(buf, "ESC *", 5, size)
    if fn == "D":  # ESC D n1..nk NUL: tab positions
        end = buf.find(b"\x00", 2)
        if end < 0:
            return None if len(buf) < 35 else (Unknown(bytes(buf[:2])), 2)
        return Command("ESC D", bytes(buf[: end + 1]), b"", bytes(buf[2:end])), end + 1
    if fn == "c":  # ESC c n m: paper sensors, panel buttons
        if len(buf) < 4:
            return None
        return Command(f"ESC c {chr(buf[2])}", bytes(buf[:4]), bytes(buf[3:4])), 4
    if fn in _ESC_FIXED:
        return _fixed(buf, "ESC", _ESC_FIXED)
    return Unknown(bytes(buf[:2])), 2


def _gs(buf: bytearray) -> tuple[Token, int] | None:
    if len(buf) < 2:
        return None
    fn = chr(buf[1])
    if fn == "V":  # GS V m [n]: cut; m = 65, 66, 97, 98, 103, 104 take a feed amount
        if len(buf) < 3:
            return None
        size = 4 if buf[2] in (65, 66, 97, 98, 103, 104) else 3
        return _sized(buf, "GS V", size, size)
    if fn == "k":  # GS k m d1..dk NUL (m 0-6) or GS k m n d1..dn (m 65-79)
        if len(buf) < 3:
            return None
        m = buf[2]
        if m <= 6:
            end = buf.find(b"\x00", 3)
            if end < 0:
                return None if len(buf) < 260 else (Unknown(bytes(buf[:3])), 3)
            return Command("GS k", bytes(buf[: end + 1]), bytes(buf[2:3]), bytes(buf[3 : end + 1])), end + 1
        if len(buf) < 4:
            return None
        return _sized(buf, "GS k", 3, 4 + buf[3])
    if fn == "v":  # GS v 0 m xL xH yL yH d1..dk, k = (xL + xH×256) × (yL + yH×256)
        if len(buf) < 8:
            return None
        if buf[2] != ord("0"):
            return Unknown(bytes(buf[:3])), 3
        k = (buf[4] + buf[5] * 256) * (buf[6] + buf[7] * 256)
        return _sized(buf, "GS v 0", 8, 8 + k, params_from=3)
    if fn == "(":  # GS ( X pL pH d1..dk with k = pL + pH×256
        if len(buf) < 5:
            return None
        size = 5 + buf[3] + buf[4] * 256
        return _sized(buf, f"GS ( {chr(buf[2])}", 5, size)
    if fn == "8":  # GS 8 L p1 p2 p3 p4 d1..dk (k = p1 + p2×256 + p3×65536 + p4×16777216)
        if len(buf) < 7:
            return None
        size = 7 + int.from_bytes(buf[3:7], "little")
        return _sized(buf, f"GS 8 {chr(buf[2])}", 7, size)
    if fn == "*":  # GS * x y d1..d(x×y×8): define downloaded bit image
        if len(buf) < 4:
            return None
        return _sized(buf, "GS *", 4, 4 + buf[2] * buf[3] * 8)
    if fn in _GS_FIXED:
        return _fixed(buf, "GS", _GS_FIXED)
    return Unknown(bytes(buf[:2])), 2


def _dle(buf: bytearray) -> tuple[Token, int] | None:
    if len(buf) < 2:
        return None
    fn = buf[1]
    if fn == 0x04:  # DLE EOT n [a]: real-time status
        if len(buf) < 3:
            return None
        size = 4 if buf[2] in (7, 8, 18) else 3
        return _sized(buf, "DLE EOT", size, size, params_from=2)
    if fn == 0x05:  # DLE ENQ n
        if len(buf) < 3:
            return None
        return Command("DLE ENQ", bytes(buf[:3]), bytes(buf[2:3])), 3
    if fn == 0x14:  # DLE DC4 fn: 1 pulse (m t), 2 power off (1 8), 8 clear (1 3 20 1 6 2 8)
        if len(buf) < 3:
            return None
        dc4_size = {1: 5, 2: 5, 7: 6, 8: 10}.get(buf[2])
        if dc4_size is None:
            return Unknown(bytes(buf[:3])), 3
        return _sized(buf, "DLE DC4", dc4_size, dc4_size, params_from=2)
    return Unknown(bytes(buf[:2])), 2


def _sized(buf: bytearray, name: str, header: int, size: int, *,
           params_from: int = 2) -> tuple[Token, int] | None:
    if len(buf) < size:
        return None
    return Command(name, bytes(buf[:size]), bytes(buf[params_from:header]), bytes(buf[header:size])), size

