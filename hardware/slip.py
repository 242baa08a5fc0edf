"""A printed slip as a list of simple operations, and its ESC/POS bytes.

Layouts (``receipt_layout``, ``report_layout``) produce a ``Slip``: lines of text already
made printable and fitted to the paper's columns, pictures, a QR code, a barcode, a cut,
a drawer pulse. ``encode`` turns a slip into the bytes for one printer profile through
python-escpos's ``Dummy`` printer, which only collects bytes — so building a receipt is
pure (no device, no clock) and the same slip gives the same bytes every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from escpos.printer import Dummy
from PIL import Image

from hardware.profiles import PrinterProfile

Align = Literal["left", "center", "right"]

# CODE128 code set B: each character is 11 modules, plus start, check digit and the
# 13-module stop pattern; the printer needs the quiet zone on both sides as well.
_CODE128_QUIET_MODULES = 20


@dataclass(frozen=True, slots=True)
class Text:
    """One printed line. ``wide`` doubles width and height (half the columns); ``tall``
    doubles the height only (same columns). The text must already fit."""

    text: str
    align: Align = "left"
    bold: bool = False
    tall: bool = False
    wide: bool = False
    invert: bool = False


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True, slots=True)
class Picture:
    """A 1-bit picture (a logo): ``rows`` of ``width`` pixels, each row ``width`` chars of
    "1" (ink) or "0", so the slip stays a plain, comparable value."""

    width: int
    rows: tuple[str, ...]

    @classmethod
    def from_image(cls, image: Image.Image, max_width: int) -> Picture:
        """A picture from any Pillow image, scaled down to ``max_width`` dots if wider and
        thresholded to black and white."""
        img = image.convert("L")
        if img.width > max_width:
            height = max(1, round(img.height * max_width / img.width))
            img = img.resize((max_width, height), Image.Resampling.LANCZOS)
        bw = img.point(lambda v: 0 if v < 128 else 255, mode="1")
        rows = tuple("".join("1" if bw.getpixel((x, y)) == 0 else "0" for x in range(bw.width))
                     for y in range(bw.height))
        return cls(width=bw.width, rows=rows)

    def to_image(self) -> Image.Image:
        img = Image.new("1", (self.width, len(self.rows)), 1)
        for y, row in enumerate(self.rows):
            for x, bit in enumerate(row):
                if bit == "1":
                    img.putpixel((x, y), 0)
        return img


@dataclass(frozen=True, slots=True)
class QrCode:
    payload: str
    module_dots: int = 6


@dataclass(frozen=True, slots=True)
class Barcode:
    """A CODE128 barcode with its text printed under it (for 1D laser scanners, which
    cannot read the QR code)."""

    data: str


@dataclass(frozen=True, slots=True)
class Cut:
    partial: bool = True


@dataclass(frozen=True, slots=True)
class DrawerPulse:
    pin: int = 2
    on_ms: int = 100
    off_ms: int = 100


Op = Text | Feed | Picture | QrCode | Barcode | Cut | DrawerPulse
Slip = tuple[Op, ...]


def code128_fits(data: str, dots: int, module_dots: int) -> bool:
    modules = 11 * (len(data) + 2) + 13 + _CODE128_QUIET_MODULES
    return data.isascii() and data.isprintable() and modules * module_dots <= dots


def barcode_module_dots(data: str, dots: int) -> int | None:
    """The widest CODE128 module (2–4 dots) that fits the paper, or None."""
    for width in (4, 3, 2):
        if code128_fits(data, dots, width):
            return width
    return None


def initialise(printer: Any, profile: PrinterProfile) -> None:
    """``ESC @`` then ``ESC t`` with the profile's code page, every time.

    Works around python-escpos 3.1, whose encoder remembers the code page it last
    selected across ``ESC @`` (which puts the printer back on its default page) and so
    never selects it again (fixed upstream by python-escpos PR #729). The slot number is
    ours too: escpos's own lookup keeps the last slot of a code page listed twice."""
    printer.hw("INIT")
    select_code_page(printer, profile)


def select_code_page(printer: Any, profile: PrinterProfile) -> None:
    printer._raw(b"\x1bt" + bytes((profile.code_page_slot,)))
    printer.magic.encoding = profile.code_page.name
    printer.magic.disabled = True


def encode(slip: Slip, profile: PrinterProfile, *, initialise_printer: bool = True) -> bytes:
    """The ESC/POS bytes of ``slip`` for ``profile``."""
    printer = Dummy(profile=profile.escpos_profile())
    if initialise_printer:
        initialise(printer, profile)
    else:
        select_code_page(printer, profile)
    for op in slip:
        _emit(printer, op, profile)
    data: bytes = printer.output
    return data


def _emit(printer: Any, op: Op, profile: PrinterProfile) -> None:
    if isinstance(op, Text):
        printer.set(align=op.align, bold=op.bold, invert=op.invert, double_height=op.tall or op.wide,
                    double_width=op.wide, normal_textsize=not (op.tall or op.wide))
        printer.text(op.text + "\n")
        if op.bold or op.invert or op.tall or op.wide:
            printer.set(bold=False, invert=False, normal_textsize=True)
        if op.align != "left":
            printer.set(align="left")
    elif isinstance(op, Feed):
        printer.print_and_feed(op.lines)
    elif isinstance(op, Picture):
        printer.set(align="center")
        # GS v 0 raster: the one image command every profile we support has.
        printer.image(op.to_image(), impl="bitImageRaster", center=True)
        printer.set(align="left")
    elif isinstance(op, QrCode):
        printer.set(align="center")
        if profile.native_qr:
            printer.qr(op.payload, size=op.module_dots, native=True)
        else:
            printer.qr(op.payload, size=max(2, op.module_dots - 1), native=False,
                       image_arguments={"impl": "bitImageRaster", "center": True})
        printer.set(align="left")
    elif isinstance(op, Barcode):
        width = barcode_module_dots(op.data, profile.dots)
        if width is None or not profile.hardware_barcode:
            return
        # escpos's public barcode() prints "Using hardware barcode renderer" on stdout.
        printer._hw_barcode("{B" + op.data, "CODE128", height=64, width=width, pos="BELOW",
                            font="B", align_ct=True, function_type="B", check=True)
        printer.set(align="left")
    elif isinstance(op, Cut):
        if profile.cutter:
            printer.cut(mode="PART" if op.partial else "FULL")
        else:
            printer.print_and_feed(4)  # tear bar: feed the slip past it
    elif isinstance(op, DrawerPulse):
        printer.cashdraw([27, 112, 0 if op.pin == 2 else 1, max(1, op.on_ms // 2),
                          max(1, op.off_ms // 2)])
