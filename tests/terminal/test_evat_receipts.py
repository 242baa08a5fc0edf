"""GRA E-VAT at the till: with E-VAT on (the feed's tenant says so) a receipt prints
"E-VAT pending"; once GRA's clearance comes through the feed, a reprint carries the SDC
INFORMATION block and GRA's QR. The sale itself is never changed."""

from __future__ import annotations

import json

from hardware.documents import ReceiptDoc
from hardware.layout import LayoutOptions
from hardware.profiles import resolve_profile
from hardware.receipt_layout import receipt_slip
from shared.money import Money
from terminal.store.evat import set_enabled, write_clearances
from terminal.tenders import cash
from tests.terminal.conftest import CASHIER, OIL

STAMP = {"invoice_number": "", "sdc_id": "SDC-0001", "receipt_number": "0000000042",
         "sdc_time": "2026-12-06 10:00:00", "mrc": "MRC-01", "mrc_time": "2026-12-06 10:00:00",
         "internal_data": "ABCDEF0123456789", "signature": "SIGNATURE0123",
         "qr_code": "https://gra.example/verify?x=1"}


def _doc(till, job_id: int) -> ReceiptDoc:
    row = till.db.one("SELECT document FROM print_jobs WHERE id = ?", (job_id,))
    return ReceiptDoc.from_json(json.loads(row[0]))


def _text(doc: ReceiptDoc) -> str:
    options = LayoutOptions.for_printer(resolve_profile("POS-5890", 58))
    return "\n".join(getattr(op, "text", "") for op in receipt_slip(doc, options, copy=True))


def test_pending_then_cleared_on_reprint(till, clock) -> None:
    with till.db.transaction() as conn:
        set_enabled(conn, True)
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(38))])
    first = till.db.one("SELECT id, document FROM print_jobs WHERE reference = ? AND copy = 0",
                        (sale.receipt_no,))
    printed = ReceiptDoc.from_json(json.loads(first[1]))
    assert printed.evat is not None and printed.evat.status == "pending"
    assert "E-VAT PENDING" in _text(printed)

    copy = till.print_queue.reprint(sale.receipt_no, clock.now(), CASHIER)
    assert _doc(till, copy).evat.status == "pending"  # nothing from GRA yet

    with till.db.transaction() as conn:
        write_clearances(conn, [("env-1", False, {**STAMP, "invoice_number": sale.receipt_no})],
                         at="2026-12-06T10:00:01Z")
    copy = till.print_queue.reprint(sale.receipt_no, clock.now(), CASHIER)
    cleared = _doc(till, copy)
    assert cleared.evat is not None and cleared.evat.status == "cleared"
    assert cleared.evat.sdc_id == "SDC-0001" and cleared.evat.qr_code.startswith("https://gra")
    text = _text(cleared)
    assert "SDC INFORMATION" in text and "0000000042" in text and "E-VAT PENDING" not in text


def test_without_evat_nothing_changes(till, clock) -> None:
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(38))])
    row = till.db.one("SELECT document FROM print_jobs WHERE reference = ?", (sale.receipt_no,))
    assert ReceiptDoc.from_json(json.loads(row[0])).evat is None
