"""Shared pieces of every slip's layout: the options a printer gives, and a writer that
fits text to the paper.

``SlipWriter`` is the only place that turns words into ``slip.Text`` lines: it makes text
printable in the printer's code page first and wraps it to the columns of the size it
prints in, so no layout can produce a line that breaks on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from hardware.documents import Seller
from hardware.profiles import PrinterProfile
from hardware.slip import Align, Barcode, Cut, Feed, Op, Picture, QrCode, Slip, Text, code128_fits
from hardware.text import CodePage, centre, columns, currency_symbol, printable, wrap
from shared.money import Money

NOT_VAT_REGISTERED = "Not VAT registered"


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Everything about the printer and the tenant's choices a layout needs."""

    columns: int
    page: CodePage
    currency: str  # "GH¢" or "GHS", what totals are prefixed with
    logo: Picture | None = None
    receipt_code: str = "both"  # qr | barcode | both | none
    partial_cut: bool = True
    qr_module_dots: int = 6
    dots: int = 576  # printable width, for what fits across the paper
    barcodes: bool = True  # the printer draws CODE128 itself

    @classmethod
    def for_printer(cls, profile: PrinterProfile, *, currency: str = "auto",
                    logo: Picture | None = None, receipt_code: str = "both",
                    cut: str = "partial") -> LayoutOptions:
        return cls(columns=profile.columns, page=profile.code_page,
                   currency=currency_symbol(profile.code_page, currency), logo=logo,
                   receipt_code=receipt_code, partial_cut=cut == "partial",
                   qr_module_dots=6 if profile.paper_mm == 80 else 5, dots=profile.dots,
                   barcodes=profile.hardware_barcode)

    def money(self, value: Money) -> str:
        """An amount with the currency: ``GH¢ 1,234.50``."""
        return value.format(symbol=self.currency)


class SlipWriter:
    """Collects the operations of one slip, fitting every line to the paper."""

    def __init__(self, options: LayoutOptions) -> None:
        self.options = options
        self.width = options.columns
        self._ops: list[Op] = []

    def clean(self, text: str) -> str:
        return printable(text.replace("GH₵", self.options.currency), self.options.page)

    # -- lines -------------------------------------------------------------------------
    def text(self, text: str, *, align: Align = "left", bold: bool = False, tall: bool = False,
             wide: bool = False, invert: bool = False) -> None:
        """A paragraph, wrapped to the columns of its size (half as many when wide)."""
        width = self.width // 2 if wide else self.width
        clean = self.clean(text)
        lines = centre(clean, width) if align == "center" else wrap(clean, width)
        for line in lines:
            self._ops.append(Text(line.strip() if align == "center" else line, align=align,
                                  bold=bold, tall=tall, wide=wide, invert=invert))

    def row(self, left: str, right: str, *, bold: bool = False, tall: bool = False,
            indent: int = 0) -> None:
        """``left`` … ``right`` on one line, right-aligned; a long ``left`` wraps."""
        for line in columns(self.clean(left), self.clean(right), self.width, indent=indent):
            self._ops.append(Text(line, bold=bold, tall=tall))

    def rule(self, char: str = "-") -> None:
        self._ops.append(Text(char * self.width))

    def banner(self, text: str) -> None:
        """A white-on-black line across the paper, for COPY and NOT SYNCED. A banner too
        long for one line breaks at its dash first ("NOT SYNCED" / "tax invoice pending")."""
        clean = self.clean(text)
        parts = [clean]
        if len(clean) > self.width - 2 and " - " in clean:
            parts = clean.split(" - ")
        for part in parts:
            for line in wrap(part, self.width - 2):
                self._ops.append(Text(f" {line} ".center(self.width), bold=True, invert=True))

    def blank(self, lines: int = 1) -> None:
        self._ops.append(Feed(lines))

    # -- other elements ----------------------------------------------------------------
    def picture(self, picture: Picture | None) -> None:
        if picture is not None:
            self._ops.append(picture)

    def qr(self, payload: str) -> None:
        """A QR code of someone else's payload (GRA's E-VAT QR), whatever the tenant's
        choice of receipt codes."""
        if payload:
            self._ops.append(Feed(1))
            self._ops.append(QrCode(payload, module_dots=self.options.qr_module_dots))

    def receipt_codes(self, receipt_no: str, qr_payload: str) -> bool:
        """The QR code and/or barcode that find the sale again. True when a barcode
        (which prints the number under its bars) was added."""
        choice = self.options.receipt_code
        if choice != "none":
            self._ops.append(Feed(1))
        if choice in ("qr", "both") and qr_payload:
            self._ops.append(QrCode(qr_payload, module_dots=self.options.qr_module_dots))
        if (choice in ("barcode", "both") and self.options.barcodes
                and code128_fits(receipt_no, self.options.dots, 2)):
            self._ops.append(Barcode(receipt_no))
            return True
        return False

    def header(self, seller: Seller) -> None:
        """Logo, tenant name, branch, address, phone and TIN, centred."""
        self.picture(self.options.logo)
        name = self.clean(seller.name)
        if len(name) <= self.width // 2:
            self.text(name, align="center", bold=True, wide=True)
        else:
            self.text(name, align="center", bold=True, tall=True)
        self.text(seller.branch, align="center")
        if seller.address:
            self.text(seller.address, align="center")
        if seller.phone:
            self.text(f"Tel {seller.phone}", align="center")
        if not seller.vat_registered:
            self.text(NOT_VAT_REGISTERED, align="center")
        elif seller.tin:
            self.text(f"TIN {seller.tin}", align="center", bold=True)

    def finish(self) -> Slip:
        """The slip, ending with a feed and a cut."""
        self._ops.append(Cut(partial=self.options.partial_cut))
        return tuple(self._ops)
