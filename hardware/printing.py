"""From a queued document to the bytes a printer receives.

The print worker calls these; they are pure (same document, same bytes). A job is sent
in two parts so the worker knows whether the drawer was kicked even when the receipt
fails half way: first ``drawer_bytes`` (if the kick is still due), then ``document_bytes``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from escpos.printer import Dummy
from PIL import Image

from hardware.documents import ReceiptDoc, ReportDoc, document_from_json
from hardware.layout import LayoutOptions
from hardware.profiles import PrinterProfile
from hardware.receipt_layout import receipt_slip
from hardware.report_layout import report_slip
from hardware.slip import Picture, Slip, encode


def slip_for(document: ReceiptDoc | ReportDoc, options: LayoutOptions, *, copy: bool = False,
             profile: PrinterProfile | None = None) -> Slip:
    if isinstance(document, ReceiptDoc):
        return receipt_slip(document, options, copy=copy)
    return report_slip(document, options, copy=copy, profile=profile)


def document_bytes(document: ReceiptDoc | ReportDoc, profile: PrinterProfile,
                   options: LayoutOptions, *, copy: bool = False) -> bytes:
    """``ESC @``, the code page, the laid-out document and the cut."""
    return encode(slip_for(document, options, copy=copy, profile=profile), profile)


def job_document(data: Mapping[str, Any]) -> ReceiptDoc | ReportDoc:
    """The document of a queued job (raises ``shared.errors.Malformed`` when the stored
    JSON is not a document)."""
    return document_from_json(dict(data))


def drawer_bytes(profile: PrinterProfile, pin: int, pulse_ms: int) -> bytes:
    """``ESC p m t1 t2``: the drawer pulse, sent before the receipt so the drawer opens
    at once (times in 2 ms units, as python-escpos's ``cashdraw`` takes them)."""
    printer = Dummy(profile=profile.escpos_profile())
    printer.cashdraw([27, 112, 0 if pin == 2 else 1, max(1, pulse_ms // 2),
                      max(50, pulse_ms // 2)])
    data: bytes = printer.output
    return data


def realtime_drawer_bytes(pin: int, pulse_ms: int) -> bytes:
    """``DLE DC4 1 m t``: a pulse the printer gives at once, even while it is stopped for
    paper or an open cover (``ESC p`` would wait behind the receipt). ``t`` is in 100 ms."""
    return b"\x10\x14\x01" + bytes((0 if pin == 2 else 1, min(8, max(1, round(pulse_ms / 100)))))


def load_logo(path: Path, profile: PrinterProfile) -> Picture:
    """The tenant's logo from an image file, black and white, at most half the paper wide."""
    with Image.open(path) as image:
        image.load()
        return Picture.from_image(image, max_width=profile.dots // 2)
