"""The verifiable QR (``shared.audit.receipt``) as printed: our own printed QR codes, on
58 mm paper as an image and as the printer's native QR, rendered by the virtual printer
and read back by an independent decoder (zxing-cpp), carry exactly the signed text, and
it verifies with the till's public key. The longest code the format allows still fits
58 mm paper and reads back."""

from __future__ import annotations

from dataclasses import replace

import pytest
import zxingcpp
from PIL import Image

from hardware.printing import document_bytes
from hardware.samples import (
    GOLDEN_CASES,
    SAMPLE_TERMINAL,
    SAMPLE_TILL_KEY,
    GoldenCase,
    sale_58_verifiable,
)
from hardware.virtual_printer import decode, page_png
from shared.audit.receipt import ReceiptFields, sign_receipt, verify_receipt
from shared.money import MAX_PESEWAS, Money
from tests.hardware.helpers import GOLDEN

VERIFIABLE = [case for case in GOLDEN_CASES if "verifiable-qr" in case.name]


def _read_qr(data: bytes, dots: int) -> list[str]:
    import io

    pages = decode(data, dots)
    assert len(pages) == 1
    with Image.open(io.BytesIO(page_png(pages[0], dots))) as image:
        return [b.text for b in zxingcpp.read_barcodes(image.convert("L"))
                if b.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_golden_set_has_a_native_and_an_image_qr_on_58mm() -> None:
    assert {(c.paper_mm, c.profile().native_qr) for c in VERIFIABLE} == {(58, True), (58, False)}


@pytest.mark.parametrize("case", VERIFIABLE, ids=lambda c: c.name)
def test_printed_qr_reads_back_and_verifies(case: GoldenCase) -> None:
    doc = case.document()
    texts = _read_qr((GOLDEN / f"{case.name}.bin").read_bytes(), case.profile().dots)
    assert texts == [doc.qr_payload]
    qr = verify_receipt(texts[0], SAMPLE_TILL_KEY.public_key())
    assert qr.fields.receipt_no == doc.receipt_no and qr.fields.gross == doc.total
    assert qr.fields.tax == doc.vat + doc.nhil + doc.getfund + doc.covid


@pytest.mark.parametrize("model", ["POS-5890", "RP-F10-58mm"])
def test_the_longest_code_fits_58mm_and_reads_back(model: str) -> None:
    fields = ReceiptFields(kind="S", tenant="T" * 20, terminal=SAMPLE_TERMINAL, seq=2**53 - 1,
                           receipt_no="B" * 48, time="20991231T235959Z",
                           gross=Money(MAX_PESEWAS), tax=Money(MAX_PESEWAS), hash16="f" * 16)
    text = sign_receipt(fields, SAMPLE_TILL_KEY)
    assert len(text) == 281  # every field at its longest a till can make (docs/audit.md)
    longest = replace(sale_58_verifiable(), qr_payload=text)
    case = GoldenCase("longest", lambda: longest, model, 58)
    data = document_bytes(longest, case.profile(), case.options())
    assert _read_qr(data, case.profile().dots) == [text]


def test_a_scanner_reads_the_longest_code_as_one_scan() -> None:
    """A keyboard-wedge scanner typing the longest code is one scan (the returns screen
    opens the sale by it), not typing."""
    from hardware.scanner import Scanned, WedgeClassifier

    fields = ReceiptFields(kind="S", tenant="T" * 20, terminal=SAMPLE_TERMINAL, seq=2**53 - 1,
                           receipt_no="B" * 48, time="20991231T235959Z",
                           gross=Money(MAX_PESEWAS), tax=Money(MAX_PESEWAS), hash16="f" * 16)
    text = sign_receipt(fields, SAMPLE_TILL_KEY)
    classifier = WedgeClassifier()
    decisions = [d for i, c in enumerate(text + "\r") for d in classifier.key(c, i * 5)]
    assert decisions == [Scanned(text)]
