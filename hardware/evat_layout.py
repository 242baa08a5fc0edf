"""GRA E-VAT on the receipt (docs/evat.md).

A receipt printed before GRA cleared the sale says **E-VAT PENDING** under its title and
keeps our own verifiable QR. A reprint after the clearance came through the feed carries
GRA's **SDC INFORMATION** block — SDC ID, item count, GRA's receipt number, the SDC time,
the MRC and its time, the internal data and the signature — and GRA's QR code, as GRA's
sample invoice lays them out. Long values (internal data, signature) are cut into whole
lines of the paper, never wrapped at a guess.
"""

from __future__ import annotations

from hardware.documents import ReceiptDoc
from hardware.layout import SlipWriter

PENDING_BANNER = "E-VAT PENDING"
PENDING_NOTE = ("E-VAT pending: this sale is sent to GRA when head office is reached. Ask for "
                "a reprint for GRA's SDC information.")
SDC_TITLE = "SDC INFORMATION"


def evat_banner(w: SlipWriter, doc: ReceiptDoc) -> None:
    if doc.evat is not None and doc.evat.status == "pending" and doc.kind in ("sale", "refund"):
        w.banner(PENDING_BANNER)


def _chunks(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def evat_block(w: SlipWriter, doc: ReceiptDoc) -> None:
    """The SDC INFORMATION block and GRA's QR (cleared), or the pending note."""
    evat = doc.evat
    if evat is None or doc.kind not in ("sale", "refund"):
        return
    if evat.status == "pending":
        w.rule()
        w.text(PENDING_NOTE, align="center")
        return
    w.rule("=")
    w.text(SDC_TITLE, align="center", bold=True)
    w.rule()
    w.row("SDC ID:", evat.sdc_id)
    w.row("Item count:", str(len(doc.lines)))
    w.row("Receipt number:", evat.receipt_number)
    w.row("SDC time:", evat.sdc_time)
    w.row("MRC:", evat.mrc)
    w.row("MRC time:", evat.mrc_time)
    w.text("Internal data:")
    for line in _chunks(evat.internal_data, w.width):
        w.text(line)
    w.text("Signature:")
    for line in _chunks(evat.signature, w.width):
        w.text(line)
    w.qr(evat.qr_code)
    w.text("Scan to verify with GRA", align="center")
    w.rule("=")
