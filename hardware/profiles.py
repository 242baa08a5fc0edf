"""Printer profiles: what a given printer model on a given paper can do.

A profile joins a python-escpos capabilities profile (the printer database of the
escpos-printer-db project: code page slots, QR and barcode support, cutter) with the paper
the shop loaded: 58 mm paper prints 32 columns of font A, 80 mm paper 42 or 48. The
escpos profile object handed to python-escpos is a private copy with the printable width
filled in, so that images centre and never print wider than the paper.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from escpos.capabilities import CAPABILITIES, Profile

from hardware.text import CodePage, code_page

# Font A is 12 dots wide on the 203 dpi and 180 dpi heads of every receipt printer we
# support, so the columns fix the printable width in dots.
FONT_A_DOTS = 12
PAPER_COLUMNS = {58: (32,), 80: (48, 42)}

# Names a shop can give instead of an escpos profile name, for the unbranded printers
# sold in Ghana (Xprinter, Rongta and "POS-58"/"POS-80" clones).
MODEL_ALIASES = {
    "generic-58": "POS-5890",
    "generic-80": "TM-T20II",
    "xprinter-58": "POS-5890",
    "xprinter-80": "TM-T20II",
    "epson-tm-t20": "TM-T20II",
    "epson-tm-t88": "TM-T88V",
}


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    """What the byte builder needs to know about the printer and its paper."""

    model: str  # python-escpos profile name, e.g. "TM-T20II"
    paper_mm: int  # 58 or 80
    columns: int  # characters per line in font A
    dots: int  # printable width in dots
    code_page: CodePage
    code_page_slot: int  # the ESC t number of ``code_page`` on this model
    native_qr: bool  # GS ( k; otherwise the QR prints as a raster image
    hardware_barcode: bool  # GS k with CODE128
    cutter: bool

    @property
    def name(self) -> str:
        return f"{self.model} on {self.paper_mm} mm paper ({self.columns} columns)"

    def escpos_profile(self) -> Any:
        """A python-escpos profile object for this printer (a private copy: python-escpos
        writes into its profile data, e.g. the DPI it guesses)."""
        data = copy.deepcopy(CAPABILITIES["profiles"][self.model])
        data.setdefault("media", {})
        data["media"]["width"] = {"mm": self.paper_mm, "pixels": self.dots}
        if not isinstance(data["media"].get("dpi"), int):
            data["media"]["dpi"] = 203
        cls = type("BisamaProfile", (Profile,), {"profile_data": data})
        return cls(columns=self.columns, features=data.get("features", {}))


def known_models() -> tuple[str, ...]:
    """Every printer model name accepted in the configuration."""
    profiles = CAPABILITIES["profiles"]
    return tuple(sorted(set(profiles) | set(MODEL_ALIASES)))


def _slot(codepages: dict[str, str], name: str) -> int | None:
    # escpos's own lookup keeps the *last* slot of a duplicated name; the lowest slot is
    # the one printers agree on (CP437 is 0 on Epson and on the clones).
    slots = sorted(int(k) for k, v in codepages.items() if str(v).upper() == name)
    return slots[0] if slots else None


def resolve_profile(model: str, paper_mm: int, *, columns: int | None = None,
                    code_page_name: str = "CP437") -> PrinterProfile:
    """The profile for ``model`` on ``paper_mm`` paper. Raises ``ValueError`` saying
    what to change when the combination cannot print."""
    escpos_name = MODEL_ALIASES.get(model.lower(), model)
    profiles = CAPABILITIES["profiles"]
    if escpos_name not in profiles:
        raise ValueError(f"printer model “{model}” is not known. Use one of: "
                         f"{', '.join(known_models())}")
    if paper_mm not in PAPER_COLUMNS:
        raise ValueError(f"paper width {paper_mm} mm is not supported; receipt rolls are 58 or 80 mm")
    data = profiles[escpos_name]
    allowed = PAPER_COLUMNS[paper_mm]
    font_cols = data.get("fonts", {}).get("0", {}).get("columns")
    if columns is None:
        columns = font_cols if font_cols in allowed else allowed[0]
    if columns not in allowed:
        raise ValueError(f"{paper_mm} mm paper prints {' or '.join(map(str, allowed))} columns, "
                         f"not {columns}")
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    dots = pixels if isinstance(pixels, int) and columns * FONT_A_DOTS <= pixels else columns * FONT_A_DOTS
    if paper_mm == 58:
        dots = min(dots, 384)  # a 58 mm head is 384 dots; some profiles claim more
    page = code_page(code_page_name)
    slot = _slot(data.get("codePages", {}), page.name)
    if slot is None:
        have = sorted({str(v) for v in data.get("codePages", {}).values() if v != "Unknown"})
        raise ValueError(f"printer model {escpos_name} has no code page {page.name}; it has "
                         f"{', '.join(have)}")
    features = data.get("features", {})
    return PrinterProfile(
        model=escpos_name, paper_mm=paper_mm, columns=columns, dots=dots, code_page=page,
        code_page_slot=slot, native_qr=bool(features.get("qrCode")),
        hardware_barcode=bool(features.get("barcodeB")),
        cutter=bool(features.get("paperPartCut") or features.get("paperFullCut")),
    )
