"""Golden receipts: 58 and 80 mm, with discounts, a return, an exempt item, a MoMo split,
a 2025 sale with the COVID-19 levy reprinted as COPY, a void, a Z report and a test page.

Each is checked byte for byte against ``golden/NAME.bin`` and, decoded by the virtual
printer, line for line against ``golden/NAME.txt``. After a deliberate layout change,
regenerate with ``BISAMA_UPDATE_GOLDEN=1 pytest tests/hardware/test_golden.py`` and look
at the PNGs (``python tools/receipts/render_docs.py``) before committing.
"""

from __future__ import annotations

import os

import pytest

from hardware.documents import ReceiptDoc
from hardware.samples import GOLDEN_CASES, GoldenCase, check_adds_up
from hardware.virtual_printer import decode
from shared.money import Money
from tests.hardware.helpers import GOLDEN

UPDATE = os.environ.get("BISAMA_UPDATE_GOLDEN") == "1"
CASES = {case.name: case for case in GOLDEN_CASES}


def _write_golden(case: GoldenCase) -> None:
    GOLDEN.mkdir(exist_ok=True)
    data = case.data()
    (GOLDEN / f"{case.name}.bin").write_bytes(data)
    text = "".join(p.text() for p in decode(data, case.profile().dots))
    (GOLDEN / f"{case.name}.txt").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_bytes_match_golden(name: str) -> None:
    case = CASES[name]
    if UPDATE:
        _write_golden(case)
    expected = (GOLDEN / f"{name}.bin").read_bytes()
    assert case.data() == expected, f"{name}: the ESC/POS bytes changed (see module docstring)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_decoded_text_matches_golden(name: str) -> None:
    case = CASES[name]
    pages = decode((GOLDEN / f"{name}.bin").read_bytes(), case.profile().dots)
    text = "".join(p.text() for p in pages)
    assert text == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert len(pages) == 1
    assert pages[0].ended_by == ("cut" if case.profile().cutter else "connection_closed")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_prints_cleanly(name: str) -> None:
    """No byte the printer would not understand, no line wider than the paper, and the
    figures on the receipt add up."""
    from hardware.virtual_printer import PrinterDevice

    case = CASES[name]
    device = PrinterDevice(case.profile().dots)
    conn = device.connect()
    device.receive(conn, case.data())
    device.disconnect(conn)
    assert device.problems == []
    columns = case.profile().columns
    for line in device.pages[0].text().splitlines():
        # A QR block's line is its payload, not printed text (its fit: test_receipt_qr.py).
        assert len(line) <= columns or line.startswith("[qr "), line
    doc = case.document()
    if isinstance(doc, ReceiptDoc):
        check_adds_up(doc)


def test_golden_set_covers_the_brief() -> None:
    texts = {name: (GOLDEN / f"{name}.txt").read_text(encoding="utf-8") for name in CASES}
    joined = "\n".join(texts.values())
    assert any(c.paper_mm == 58 for c in GOLDEN_CASES) and any(c.paper_mm == 80 for c in GOLDEN_CASES)
    assert "Item discounts" in texts["sale-80mm-48col-discounts"]
    assert "REFUND TOTAL" in texts["refund-80mm-48col"]
    assert "A = exempt" in texts["sale-58mm-momo-split-not-synced"]
    assert "MTN MoMo" in texts["sale-58mm-momo-split-not-synced"]
    assert "48291034512" in texts["sale-58mm-momo-split-not-synced"]
    assert "NOT SYNCED" in texts["sale-58mm-momo-split-not-synced"]
    assert "COPY - NOT AN ORIGINAL RECEIPT" in texts["sale-80mm-42col-2025-copy"]
    assert "COVID-19 levy 1%" in texts["sale-80mm-42col-2025-copy"]
    assert "COVID" not in texts["sale-80mm-48col-discounts"]
    for tax in ("VAT 15%", "NHIL 2.5%", "GETFund 2.5%"):
        assert tax in texts["sale-80mm-48col-discounts"]
    assert "GH¢10" in joined  # the airtime card's "GH₵10" printed in code page 437
    assert "[qr BISAMA:RECEIPT:MAIN-T1-000123]" in texts["sale-80mm-48col-discounts"]


def test_tax_invoice_has_the_particulars_of_li_2243() -> None:
    """reg. 21(2): supplier name, address and TIN; date and time; a consecutive invoice
    number; customer name and TIN; description and quantity; type of supply; each
    line's value without tax; rates; discount rate; total tax; totals with and without."""
    text = (GOLDEN / "tax-invoice-80mm-48col.txt").read_text(encoding="utf-8")
    for particular in ("Adom Mart Ltd", "14 Kojo Thompson Road", "TIN C0004567890", "TAX INVOICE",
                       "Invoice no.                    MAIN-T1-INV000031",
                       "Date and time                   2026-11-21 14:12",
                       "Type of supply                              Sale",
                       "Customer                  Kofi Mensah Enterprise",
                       "Customer TIN                         C0012345678",
                       "  12 bottle x 38.00                     456.00 B",
                       "  Excl. tax                             378.72",
                       "Discount (1%)                              -6.00",
                       "Total excl. tax                           498.32",
                       "VAT 15%", "NHIL 2.5%", "GETFund 2.5%",
                       "Total tax                                  95.68",
                       "TOTAL incl. tax                       GH¢ 594.00"):
        assert particular in text, particular
    doc = CASES["tax-invoice-80mm-48col"].document()
    assert isinstance(doc, ReceiptDoc)
    assert sum(line.net.pesewas for line in doc.lines if line.net) == doc.net.pesewas
    assert doc.vat + doc.nhil + doc.getfund == Money.parse("95.68")


def test_receipts_show_cash_handed_over_and_values_by_tax_code() -> None:
    text = (GOLDEN / "sale-80mm-48col-discounts.txt").read_text(encoding="utf-8")
    assert "Cash                                      600.00" in text
    assert "Change                                 GH¢ 59.00" in text
    assert "A Exempt                                    9.91" in text
    assert "B Standard rated                          521.18" in text
    assert "D Non-taxable                               9.91" in text
    assert "SALES RECEIPT" in text and "TAX INVOICE" not in text  # no invoice number


def test_slips_name_the_approver_and_z_shows_voids() -> None:
    assert "Approved by Kwame Boateng" in (GOLDEN / "void-58mm.txt").read_text(encoding="utf-8")
    cash_out = (GOLDEN / "cash-out-58mm.txt").read_text(encoding="utf-8")
    assert "Kwame Boateng" in cash_out and "@" not in cash_out
    z = (GOLDEN / "z-report-80mm.txt").read_text(encoding="utf-8")
    assert "Voided, not in sales (2)" in z and "Ama Owusu                61 sales" in z
