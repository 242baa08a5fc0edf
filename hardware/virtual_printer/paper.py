"""What the virtual printer puts on paper: the print model of an ESC/POS receipt printer.

``PaperModel.process`` applies one command or text run, in order, the way a thermal
printer in standard mode does (Epson ESC/POS command reference): characters collect in a
line buffer and print on a line feed or when the line is full; images, barcodes and QR
codes print on their own; ``GS V`` cuts, which ends a *page* (one receipt). Status
requests that are answered in order (``GS r``) and drawer pulses (``ESC p``) come back as
events for the device to act on. Nothing here touches a socket or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from PIL import Image

from hardware.virtual_printer.tokens import Command, Text, Token, Unknown

Align = Literal["left", "center", "right"]
FONT_CELLS = {"A": (12, 24), "B": (9, 17)}
DEFAULT_LINE_SPACING = 30  # dots: ESC 2, the power-on setting on 203 dpi printers

# ESC t n → Python codec, Epson's numbering (the printers we support agree on these).
CODE_PAGES = {0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252",
              17: "cp866", 18: "cp852", 19: "cp858"}


@dataclass(frozen=True, slots=True)
class Style:
    font: str = "A"
    bold: bool = False
    underline: int = 0
    invert: bool = False
    width: int = 1
    height: int = 1


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    style: Style


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of text; ``feed`` is how far the paper moved after it (dots)."""

    runs: tuple[Run, ...]
    align: Align
    feed: int
    dots: int  # width of the printed characters
    area: int  # width of the print area
    blank_after: int = 0  # ESC d n: the paper moved n lines, n − 1 of them blank

    @property
    def height(self) -> int:
        return max((FONT_CELLS[r.style.font][1] * r.style.height for r in self.runs), default=0)

    def text(self, cell: int = 12) -> str:
        body = "".join(r.text for r in self.runs)
        if not body or self.align == "left":
            return body
        spare = max(0, self.area - self.dots)
        pad = spare // 2 if self.align == "center" else spare
        return " " * (pad // cell) + body


@dataclass(frozen=True, slots=True)
class Block:
    """An image, QR code or barcode, printed on its own."""

    kind: Literal["image", "qr", "barcode"]
    align: Align
    label: str  # what the text of the page shows for it
    image: Image.Image | None = None
    payload: str = ""
    module: int = 3  # QR module size or barcode module width, in dots
    bar_height: int = 162
    hri: bool = False


@dataclass(frozen=True, slots=True)
class Feed:
    dots: int


Item = Line | Block | Feed


@dataclass(slots=True)
class Page:
    """One receipt as it came out of the printer. ``ended_by`` is "cut", or how it ended
    without one: "connection_closed", "paper_out", "power_lost", "buffer_cleared"."""

    items: list[Item] = field(default_factory=list)
    ended_by: str | None = None
    connection: int = 0

    @property
    def has_content(self) -> bool:
        return any(isinstance(i, Line | Block) for i in self.items)

    @property
    def complete(self) -> bool:
        return self.ended_by == "cut"

    def text(self) -> str:
        """The page as text, one line per printed line; blocks as ``[qr …]``,
        ``[barcode CODE128 …]``, ``[image W×H]``. Trailing blank lines are dropped."""
        lines: list[str] = []
        for item in self.items:
            if isinstance(item, Line):
                lines.append(item.text().rstrip())
                lines.extend([""] * item.blank_after)
            elif isinstance(item, Block):
                lines.append(item.label)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + ("\n" if lines else "")


@dataclass(frozen=True, slots=True)
class PageEnded:
    page: Page


@dataclass(frozen=True, slots=True)
class DrawerPulse:
    pin: int  # 2 or 5
    on_ms: int
    off_ms: int


@dataclass(frozen=True, slots=True)
class StatusRequest:
    """``GS r n``: answered when processed, i.e. after everything sent before it printed."""

    n: int


@dataclass(frozen=True, slots=True)
class Problem:
    """Bytes the printer did not understand or could not do."""

    raw: bytes
    reason: str


Event = PageEnded | DrawerPulse | StatusRequest | Problem


@dataclass(slots=True)
class _Settings:
    style: Style = Style()
    align: Align = "left"
    code_page: int = 0
    line_spacing: int = DEFAULT_LINE_SPACING
    left_margin: int = 0
    area_width: int | None = None
    barcode_height: int = 162
    barcode_width: int = 3
    hri_position: int = 0
    qr_module: int = 3
    qr_data: bytes = b""
    graphics: Image.Image | None = None


class PaperModel:
    """The print model of one printer: settings, the line being built, the current page."""

    def __init__(self, width_dots: int) -> None:
        self.width_dots = width_dots
        self.settings = _Settings()
        self.page = Page()
        self._runs: list[Run] = []
        self._position = 0
        self.lines_printed = 0

    # -- entry point -------------------------------------------------------------------
    def process(self, token: Token) -> list[Event]:
        events: list[Event] = []
        if isinstance(token, Text):
            self._text(token.data, events)
        elif isinstance(token, Unknown):
            events.append(Problem(token.raw, "unknown command"))
        else:
            self._command(token, events)
        return events

    def end_page(self, reason: str) -> Page | None:
        """End the current page without a cut (connection closed, paper out, power lost).
        Returns it if anything was printed on it."""
        if self._runs:
            self._print_line(self.settings.line_spacing)
        page, self.page = self.page, Page(connection=self.page.connection)
        if not page.has_content:
            return None
        page.ended_by = reason
        return page

    def discard_line(self) -> None:
        self._runs, self._position = [], 0

    # -- text --------------------------------------------------------------------------
    @property
    def _area(self) -> int:
        left = min(self.settings.left_margin, self.width_dots)
        width = self.settings.area_width
        return self.width_dots - left if width is None else min(width, self.width_dots - left)

    def _text(self, data: bytes, events: list[Event]) -> None:
        codec = CODE_PAGES.get(self.settings.code_page)
        if codec is None:
            events.append(Problem(data, f"code page {self.settings.code_page} is not simulated"))
            text = "".join(chr(b) if b < 0x80 else "?" for b in data)
        else:
            text = data.decode(codec, errors="replace")
        style = self.settings.style
        advance = FONT_CELLS[style.font][0] * style.width
        for char in text:
            if self._position + advance > self._area and self._runs:
                self._print_line(self.settings.line_spacing)  # the line is full: wrap
            self._add(char, style)
            self._position += advance

    def _add(self, char: str, style: Style) -> None:
        if self._runs and self._runs[-1].style == style:
            self._runs[-1] = Run(self._runs[-1].text + char, style)
        else:
            self._runs.append(Run(char, style))

    def _print_line(self, feed: int, blank_after: int = 0) -> None:
        line = Line(runs=tuple(self._runs), align=self.settings.align, feed=feed,
                    dots=self._position, area=self._area, blank_after=blank_after)
        self.page.items.append(line)
        self.lines_printed += 1
        self.discard_line()

    def _feed_lines(self, n: int) -> None:
        # ESC d n prints the line buffer and moves the paper n lines.
        self._print_line(n * self.settings.line_spacing, blank_after=max(n - 1, 0))

    def _block(self, block: Block) -> None:
        if self._runs:
            self._print_line(self.settings.line_spacing)
        self.page.items.append(block)

    # -- commands ----------------------------------------------------------------------
    def _command(self, cmd: Command, events: list[Event]) -> None:
        s = self.settings
        name, p = cmd.name, cmd.params
        if name == "LF":
            self._print_line(s.line_spacing)
        elif name in ("CR", "CAN", "FF"):
            pass  # CR is ignored with auto line feed off (the default)
        elif name == "HT":
            cell = FONT_CELLS[s.style.font][0] * s.style.width
            stop = (self._position // (8 * cell) + 1) * 8 * cell
            while self._position < min(stop, self._area):
                self._add(" ", s.style)
                self._position += cell
        elif name == "ESC @":
            self.settings = _Settings()
            self.discard_line()
        elif name == "ESC !":
            n = p[0]
            s.style = replace(s.style, font="B" if n & 0x01 else "A", bold=bool(n & 0x08),
                              height=2 if n & 0x10 else 1, width=2 if n & 0x20 else 1,
                              underline=1 if n & 0x80 else 0)
        elif name in ("ESC E", "ESC G"):
            s.style = replace(s.style, bold=bool(p[0] & 1))
        elif name == "ESC -":
            s.style = replace(s.style, underline=p[0] % 48 if p[0] % 48 <= 2 else s.style.underline)
        elif name == "ESC M":
            s.style = replace(s.style, font="B" if p[0] in (1, 49) else "A")
        elif name == "GS !":
            s.style = replace(s.style, width=(p[0] >> 4 & 7) + 1, height=(p[0] & 7) + 1)
        elif name == "GS B":
            s.style = replace(s.style, invert=bool(p[0] & 1))
        elif name == "ESC a":
            if not self._runs and p[0] % 48 <= 2:
                s.align = ("left", "center", "right")[p[0] % 48]
        elif name == "ESC t":
            s.code_page = p[0]
        elif name == "ESC 2":
            s.line_spacing = DEFAULT_LINE_SPACING
        elif name == "ESC 3":
            s.line_spacing = p[0]
        elif name == "ESC d":
            self._feed_lines(p[0])
        elif name == "ESC J":
            if self._runs:
                self._print_line(p[0])
            else:
                self.page.items.append(Feed(p[0]))
        elif name == "GS L":
            if not self._runs:
                s.left_margin = p[0] + p[1] * 256
        elif name == "GS W":
            if not self._runs:
                s.area_width = p[0] + p[1] * 256
        elif name == "ESC p":
            pin = 2 if p[0] in (0, 48) else 5
            events.append(DrawerPulse(pin=pin, on_ms=p[1] * 2, off_ms=p[2] * 2))
        elif name in ("GS V", "ESC i", "ESC m"):
            if self._runs:
                self._print_line(s.line_spacing)
            if name == "GS V" and len(cmd.raw) == 4:
                self.page.items.append(Feed(cmd.raw[3]))
            page, self.page = self.page, Page(connection=self.page.connection)
            page.ended_by = "cut"
            events.append(PageEnded(page))
        elif name == "GS r":
            events.append(StatusRequest(p[0] % 48))
        elif name == "GS v 0":
            self._raster(cmd, events)
        elif name in ("GS ( L", "GS 8 L"):
            self._graphics(cmd, events)
        elif name == "GS ( k":
            self._two_d(cmd, events)
        elif name == "GS k":
            self._barcode(cmd, events)
        elif name == "GS h":
            s.barcode_height = max(1, p[0])
        elif name == "GS w":
            s.barcode_width = p[0] if 1 <= p[0] <= 6 else s.barcode_width
        elif name == "GS H":
            s.hri_position = p[0] % 48
        elif name in ("GS f", "ESC R", "ESC {", "ESC SP", "GS b", "GS |", "ESC c 3", "ESC c 4",
                      "ESC c 5", "ESC =", "GS a", "GS I", "ESC  ", "ESC B", "GS P"):
            pass  # settings that change nothing a test or a person checks on this receipt
        else:
            events.append(Problem(cmd.raw[:16], f"{name} is not simulated"))

    # -- images and codes ----------------------------------------------------------------
    def _raster(self, cmd: Command, events: list[Event]) -> None:
        m, xl, xh, yl, yh = cmd.params
        width, height = (xl + xh * 256) * 8, yl + yh * 256
        if not width or not height:
            return
        image = _bits_to_image(cmd.data, width, height)
        scale = {0: (1, 1), 1: (2, 1), 2: (1, 2), 3: (2, 2)}.get(m % 48, (1, 1))
        if scale != (1, 1):
            image = image.resize((width * scale[0], height * scale[1]), Image.Resampling.NEAREST)
        self._block(Block("image", self.settings.align, f"[image {image.width}x{image.height}]",
                          image=image))

    def _graphics(self, cmd: Command, events: list[Event]) -> None:
        data = cmd.data
        if data[:2] == b"\x30\x70" and len(data) >= 10:  # fn 112: store raster graphics
            width, height = data[6] + data[7] * 256, data[8] + data[9] * 256
            row = (width + 7) // 8
            pixels = data[10:]
            if len(pixels) != row * height:
                events.append(Problem(cmd.raw[:16], "graphics data of the wrong size"))
                return
            self.settings.graphics = _bits_to_image(pixels, row * 8, height).crop((0, 0, width, height))
        elif data[:2] in (b"\x30\x02", b"\x30\x32"):  # fn 50: print the stored graphics
            image, self.settings.graphics = self.settings.graphics, None
            if image is not None:
                self._block(Block("image", self.settings.align, f"[image {image.width}x{image.height}]",
                                  image=image))
        else:
            events.append(Problem(cmd.raw[:16], "graphics function not simulated"))

    def _two_d(self, cmd: Command, events: list[Event]) -> None:
        data = cmd.data
        if len(data) < 2 or data[0] != 49:
            events.append(Problem(cmd.raw[:16], "only QR codes are simulated"))
            return
        fn = data[1]
        if fn == 67 and len(data) >= 3:
            self.settings.qr_module = data[2]
        elif fn == 80 and len(data) >= 3:
            self.settings.qr_data = bytes(data[3:])
        elif fn == 81:
            payload = self.settings.qr_data.decode("utf-8", errors="replace")
            if payload:
                self._block(Block("qr", self.settings.align, f"[qr {payload}]", payload=payload,
                                  module=self.settings.qr_module))
        elif fn in (65, 69):
            pass  # model and error correction: the QR is drawn the same way
        else:
            events.append(Problem(cmd.raw[:16], f"QR function {fn} not simulated"))

    def _barcode(self, cmd: Command, events: list[Event]) -> None:
        m = cmd.params[0]
        if m == 73:  # CODE128 (function B): n then data, starting with the code set {A/{B/{C
            raw = cmd.data[1:]
            text = raw.decode("ascii", errors="replace")
            payload = text[2:] if text[:2] in ("{A", "{B", "{C") else text
            self._block(Block("barcode", self.settings.align, f"[barcode CODE128 {payload}]",
                              payload=payload, module=self.settings.barcode_width,
                              bar_height=self.settings.barcode_height,
                              hri=self.settings.hri_position in (2, 3)))
        else:
            events.append(Problem(cmd.raw[:16], f"barcode type {m} not simulated"))


def _bits_to_image(data: bytes, width: int, height: int) -> Image.Image:
    """1 bits are ink; returns a mode "1" image with ink black (0)."""
    need = width // 8 * height
    raw = bytes(data[:need]).ljust(need, b"\x00")
    ink = Image.frombytes("1", (width, height), raw)
    return Image.eval(ink.convert("L"), lambda v: 255 - v).convert("1")
