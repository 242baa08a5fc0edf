"""A printed page as a PNG, at the printer's own resolution, so a person can look at a
receipt the way the customer will see it.

Text is drawn cell by cell in a monospace font (DejaVu Sans Mono where the system has
it, Pillow's built-in font otherwise), doubled in width or height as the printer was
told, bold, underlined or white on black. Images print dot for dot; QR codes and barcodes
are drawn again from their data with the module size the printer was sent.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import qrcode
from barcode import Code128  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from hardware.virtual_printer.paper import FONT_CELLS, Block, Feed, Line, Page, Run

MARGIN = 16  # white paper around the printable width, in dots
_FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "C:/Windows/Fonts/consola.ttf",
    "C:/Windows/Fonts/consolab.ttf",
)

FontT = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(bold: bool, height: int) -> FontT:
    regular = [f for f in _FONT_FILES if ("Bold" in f or f.endswith("b.ttf")) == bold]
    for path in regular:
        if Path(path).exists():
            return ImageFont.truetype(path, size=height)
    return ImageFont.load_default()


def render_page(page: Page, width_dots: int) -> Image.Image:
    """The page as a greyscale image ``width_dots`` + margins wide."""
    pieces: list[Image.Image] = []
    for item in page.items:
        if isinstance(item, Line):
            pieces.append(_line(item, width_dots))
        elif isinstance(item, Block):
            pieces.append(_block(item, width_dots))
        elif isinstance(item, Feed) and item.dots:
            pieces.append(Image.new("L", (width_dots, item.dots), 255))
    height = sum(p.height for p in pieces) + 2 * MARGIN
    paper = Image.new("L", (width_dots + 2 * MARGIN, max(height, 2 * MARGIN)), 255)
    y = MARGIN
    for piece in pieces:
        paper.paste(piece, (MARGIN, y))
        y += piece.height
    return paper


def page_png(page: Page, width_dots: int) -> bytes:
    buffer = io.BytesIO()
    render_page(page, width_dots).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _line(line: Line, width: int) -> Image.Image:
    text_height = line.height or FONT_CELLS["A"][1]
    height = max(line.feed, text_height) if line.runs else line.feed
    strip = Image.new("L", (width, max(height, 1)), 255)
    if not line.runs:
        return strip
    spare = max(0, line.area - line.dots)
    x = {"left": 0, "center": spare // 2, "right": spare}[line.align]
    for run in line.runs:
        x = _run(strip, run, x, text_height)
    return strip


def _run(strip: Image.Image, run: Run, x: int, line_height: int) -> int:
    """Draw a run of characters from ``x``, on the line's common bottom edge."""
    style = run.style
    cell_w, cell_h = FONT_CELLS[style.font]
    w, h = cell_w * style.width, cell_h * style.height
    paper, ink = (0, 255) if style.invert else (255, 0)
    font = _font(style.bold, int(cell_h * 0.83))
    for char in run.text:
        cell = Image.new("L", (cell_w, cell_h), paper)
        draw = ImageDraw.Draw(cell)
        draw.text((cell_w / 2, cell_h * 0.45), char, font=font, fill=ink, anchor="mm")
        if style.bold:
            draw.text((cell_w / 2 + 1, cell_h * 0.45), char, font=font, fill=ink, anchor="mm")
        if style.underline:
            draw.rectangle((0, cell_h - style.underline, cell_w, cell_h), fill=ink)
        if (w, h) != (cell_w, cell_h):
            cell = cell.resize((w, h), Image.Resampling.NEAREST)
        strip.paste(cell, (x, line_height - h))
        x += w
    return x


def _block(block: Block, width: int) -> Image.Image:
    if block.kind == "image" and block.image is not None:
        image = block.image.convert("L")
    elif block.kind == "qr":
        qr = qrcode.QRCode(box_size=max(1, block.module), border=0,
                           error_correction=qrcode.constants.ERROR_CORRECT_M)
        qr.add_data(block.payload)
        qr.make(fit=True)
        image = qr.make_image().get_image().convert("L")
    else:
        image = _barcode(block)
    image = image.crop((0, 0, min(image.width, width), image.height))
    strip = Image.new("L", (width, image.height + 8), 255)
    x = {"left": 0, "center": (width - image.width) // 2,
         "right": width - image.width}[block.align]
    strip.paste(image, (x, 4))
    return strip


def _barcode(block: Block) -> Image.Image:
    modules = Code128(block.payload).build()[0]
    bar_h = block.bar_height
    text_h = FONT_CELLS["B"][1] + 4 if block.hri else 0
    image = Image.new("L", (len(modules) * block.module, bar_h + text_h), 255)
    draw = ImageDraw.Draw(image)
    for i, bit in enumerate(modules):
        if bit == "1":
            draw.rectangle((i * block.module, 0, (i + 1) * block.module - 1, bar_h - 1), fill=0)
    if block.hri:
        draw.text((image.width / 2, bar_h + 2), block.payload, font=_font(False, 15), fill=0,
                  anchor="mt")
    return image
