"""X and Z reports, shift slips, cash in/out slips and the printer test page, laid out.

A ``ReportDoc`` arrives with its figures already formatted by the till (``GH₵ 1,234.50``,
``12``); this module only places them: the tenant header, the report's title, who and
when it is for, then each section as label … value rows. A Z report and a shift-close
slip end with signature lines, because they are signed and filed. The test page adds what
an operator needs to check a new printer: a column ruler, the code page's special
characters, the QR code, the barcode and the drawer connector in use.
"""

from __future__ import annotations

from hardware.documents import ReportDoc
from hardware.layout import LayoutOptions, SlipWriter
from hardware.profiles import PrinterProfile
from hardware.slip import Slip

SIGNED_REPORTS = {"z_report": ("Cashier", "Manager"), "shift_close": ("Cashier", "Manager"),
                  "cash_move": ("Cashier", "Approved by"),
                  "stock_transfer": ("Handed over by", "Received by"),
                  "truck_reconciliation": ("Driver", "Storekeeper")}


def report_slip(doc: ReportDoc, options: LayoutOptions, *, copy: bool = False,
                profile: PrinterProfile | None = None) -> Slip:
    w = SlipWriter(options)
    w.header(doc.seller)
    w.rule("=")
    w.text(doc.title, align="center", bold=True, wide=len(doc.title) <= options.columns // 2,
           tall=True)
    if copy:
        w.banner("COPY")
    w.text(doc.printed_for, align="center")
    w.text(f"Printed {doc.issued_at}", align="center")
    for section in doc.sections:
        w.rule()
        if section.title:
            w.text(section.title, bold=True)
        for row in section.rows:
            if row.label and row.value:
                w.row(row.label, row.value, indent=2)
            elif row.label:
                w.text(row.label)
            elif row.value:
                w.text(row.value, align="right")
            else:
                w.blank()
    if doc.kind == "test_page" and profile is not None:
        _printer_check(w, profile)
    signers = SIGNED_REPORTS.get(doc.kind)
    if signers:
        w.rule()
        for who in signers:
            w.blank()
            w.text(f"{who}:")
            w.blank()
            w.rule(".")
    if doc.footer:
        w.blank()
        for paragraph in doc.footer.splitlines():
            w.text(paragraph, align="center")
    return w.finish()


def _printer_check(w: SlipWriter, profile: PrinterProfile) -> None:
    """What a technician looks at on a test page."""
    width = w.width
    w.rule()
    w.text("Printer check", bold=True)
    w.row("Model", profile.model)
    w.row("Paper", f"{profile.paper_mm} mm, {profile.columns} columns")
    w.row("Code page", f"{profile.code_page.name} (ESC t {profile.code_page_slot})")
    w.row("Currency shown as", w.options.currency)
    w.text("The ruler below must fill exactly one line:")
    ruler = "".join(str(i % 10) for i in range(1, width + 1))
    w.text(ruler)
    w.text("Bold line", bold=True)
    w.text("Tall line", tall=True)
    w.text("Wide", wide=True)
    w.text("Accents and symbols: é è ñ ü ¢ £ - GH₵ 5.00")
    w.text("The QR code below reads BISAMA-TEST-PAGE:", align="center")
    w.receipt_codes("TEST-PAGE", "BISAMA-TEST-PAGE")
