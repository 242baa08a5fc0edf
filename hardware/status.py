"""Reading a receipt printer's real-time status (``DLE EOT n``) without wishful thinking.

Each ``DLE EOT n`` request is answered with one byte whose bits 1 and 4 are always set
and bits 0 and 7 always clear (Epson ESC/POS reference). Anything else — no byte at all,
several bytes, a byte with the fixed bits wrong — is *not* a status: the printer's state
is UNKNOWN, never "ready". (python-escpos 3.1's ``paper_status()`` reports "paper
adequate" when the printer sends nothing; we do not use it.)

``GS r 1`` is the in-order paper status the worker sends after a receipt: its reply
comes only once everything before it was processed, which proves the receipt printed.
Its byte has bit 4 clear, so it cannot be mistaken for a late ``DLE EOT`` reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from hardware.print_queue import PrinterState

DLE_EOT = b"\x10\x04"
PRINTER_STATUS = DLE_EOT + b"\x01"
OFFLINE_CAUSE = DLE_EOT + b"\x02"
ERROR_CAUSE = DLE_EOT + b"\x03"
PAPER_STATUS = DLE_EOT + b"\x04"
CONFIRM_REQUEST = b"\x1dr\x01"  # GS r 1, answered in order
CLEAR_BUFFERS = b"\x10\x14\x08\x01\x03\x14\x01\x06\x02\x08"  # DLE DC4 8: drop unprinted data


@dataclass(frozen=True, slots=True)
class StatusReport:
    """What the printer said about itself, and how to say it to a cashier."""

    state: PrinterState
    detail: str  # in the shop's words: "out of paper", "cover open" …
    paper_low: bool = False
    drawer_open: bool | None = None

    @property
    def ready(self) -> bool:
        return self.state is PrinterState.READY


def valid_status_byte(reply: bytes) -> bool:
    return len(reply) == 1 and reply[0] & 0x93 == 0x12


def valid_confirm_byte(reply: bytes) -> bool:
    """A ``GS r 1`` reply: one byte, bits 4 and 7 clear."""
    return len(reply) == 1 and reply[0] & 0x90 == 0


def interpret(printer: bytes, offline: bytes | None = None, error: bytes | None = None,
              paper: bytes | None = None, *, drawer_open_level: str = "none") -> StatusReport:
    """The printer's state from its replies to ``DLE EOT 1`` (and 2, 3, 4 when asked).

    ``None`` means the request was not sent; ``b""`` means it was sent and nothing came.
    """
    if not printer:
        return StatusReport(PrinterState.UNKNOWN, "not answering status requests")
    if not valid_status_byte(printer):
        return StatusReport(PrinterState.UNKNOWN,
                            f"sent an unreadable status ({printer[:8].hex(' ')})")
    drawer: bool | None = None
    if drawer_open_level != "none":
        high = bool(printer[0] & 0x04)
        drawer = high if drawer_open_level == "high" else not high
    paper_low = False
    paper_out = False
    if paper is not None:
        if not valid_status_byte(paper):
            return StatusReport(PrinterState.UNKNOWN, "sent an unreadable paper status")
        paper_out = paper[0] & 0x60 == 0x60
        paper_low = paper[0] & 0x0C == 0x0C
    is_offline = bool(printer[0] & 0x08)
    if is_offline:
        if offline is None or not offline:
            if paper_out:
                return StatusReport(PrinterState.PAPER_OUT, "out of paper", True, drawer)
            return StatusReport(PrinterState.OFFLINE, "off-line", paper_low, drawer)
        if not valid_status_byte(offline):
            return StatusReport(PrinterState.UNKNOWN, "sent an unreadable off-line status")
        cause = offline[0]
        if cause & 0x04:
            return StatusReport(PrinterState.COVER_OPEN, "cover open", paper_low, drawer)
        if cause & 0x20 or paper_out:
            return StatusReport(PrinterState.PAPER_OUT, "out of paper", True, drawer)
        if cause & 0x40:
            return StatusReport(PrinterState.ERROR, _error_detail(error), paper_low, drawer)
        if cause & 0x08:
            return StatusReport(PrinterState.OFFLINE, "feeding paper (feed button held)",
                                paper_low, drawer)
        return StatusReport(PrinterState.OFFLINE, "off-line", paper_low, drawer)
    if paper_out:
        return StatusReport(PrinterState.PAPER_OUT, "out of paper", True, drawer)
    return StatusReport(PrinterState.READY, "paper low" if paper_low else "ready", paper_low, drawer)


def _error_detail(error: bytes | None) -> str:
    if error is None or not valid_status_byte(error):
        return "in an error state"
    cause = error[0]
    if cause & 0x08:
        return "cutter jammed"
    if cause & 0x20:
        return "in an error it cannot recover from"
    if cause & 0x40:
        return "overheated (it resumes by itself when it cools)"
    return "in an error state"
