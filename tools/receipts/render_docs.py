"""Render the golden receipts to ``docs/receipts/``: a PNG and the decoded text of each,
through the virtual printer, plus an index page. Run after changing a layout::

    .venv/bin/python tools/receipts/render_docs.py

Look at every PNG before committing: they are what a customer would hold.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hardware.samples import GOLDEN_CASES  # noqa: E402 - the checkout must be importable first
from hardware.virtual_printer import decode, page_png  # noqa: E402

OUT = ROOT / "docs" / "receipts"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for case in GOLDEN_CASES:
        profile = case.profile()
        data = (ROOT / "tests" / "hardware" / "golden" / f"{case.name}.bin").read_bytes()
        pages = decode(data, profile.dots)
        (OUT / f"{case.name}.png").write_bytes(page_png(pages[0], profile.dots))
        (OUT / f"{case.name}.txt").write_text(pages[0].text(), encoding="utf-8")
        rows.append(f"| [{case.name}]({case.name}.png) | {profile.name} | {_what(case.name)} |")
        sys.stdout.write(f"{case.name}: {len(data)} bytes, {pages[0].ended_by}\n")
    index = ["# Golden receipts", "",
             "Rendered by the virtual printer from the golden ESC/POS files in",
             "`tests/hardware/golden/` (`python tools/receipts/render_docs.py`). The text",
             "files are what the virtual printer decodes, line for line.", "",
             "| receipt | printer | what it shows |", "|---|---|---|", *rows, ""]
    (OUT / "README.md").write_text("\n".join(index), encoding="utf-8")
    return 0


def _what(name: str) -> str:
    return {
        "sale-80mm-48col-discounts": "logo; line and sale discounts; exempt medicine (A); airtime "
                                     "(D, its GH₵ printed as GH¢); business customer with TIN; "
                                     "cash and change; QR and barcode",
        "sale-58mm-momo-split-not-synced": "58 mm; weighed exempt tomatoes; cash + MTN MoMo with "
                                           "reference; NOT SYNCED marker; QR as an image (no "
                                           "native QR on this model)",
        "tax-invoice-80mm-48col": "TAX INVOICE for a customer with a TIN (L.I. 2243 reg. 21): "
                                  "consecutive invoice number, type of supply, each line's value "
                                  "without tax, rate of discount, each tax with its rate, total "
                                  "tax; values by tax code; cash handed over and change",
        "tax-invoice-58mm": "a small TAX INVOICE on 58 mm: weighed exempt tomatoes, MoMo",
        "cash-out-58mm": "cash-out slip with the approving manager's name and signature lines",
        "refund-80mm-48col": "return of 2 lines of the sale above, with the sale discount "
                             "coming back off; tax refunded; signature line",
        "credit-note-58mm": "refund of two bottles from the tax invoice above: a CREDIT NOTE in "
                            "its own series naming the original invoice, with the invoice's "
                            "particulars (values without tax, each tax, total credited)",
        "sale-80mm-42col-2025-copy": "42 columns; a December 2025 sale with the COVID-19 levy; "
                                     "card with approval code; reprint marked COPY",
        "void-58mm": "void of a sale before payment, with the reason and approval",
        "z-report-80mm": "Z report: sales, voids (count and total), tax collected, cashiers by "
                         "name, payment methods, drawer count, signatures",
        "test-page-58mm": "printer test page: ruler, code page characters, QR",
        "tax-invoice-58mm-evat-pending": "the small tax invoice printed before GRA cleared it: "
                                         "E-VAT PENDING and our own QR (docs/evat.md)",
        "tax-invoice-58mm-evat-cleared-copy": "its reprint after GRA's clearance came through "
                                              "the feed: GRA's SDC INFORMATION block (SDC ID, "
                                              "receipt number, MRC, internal data, signature) "
                                              "and GRA's QR",
        "truck-reconciliation-58mm": "van sales day: loaded = sold + returned + variance per product; "
                                     "sales = collected + outstanding; cash to hand in; signatures",
        "sale-58mm-verifiable-qr": "a cash sale with the verifiable QR (BSM1: receipt identity, "
                                   "totals, chain hash prefix, the till's Ed25519 signature; "
                                   "docs/audit.md), printed as an image",
        "tax-invoice-58mm-evat-pending-verifiable-qr": "the small tax invoice before GRA cleared "
                                                       "it: E-VAT PENDING and the verifiable QR, "
                                                       "native on this printer",
    }[name]


if __name__ == "__main__":
    sys.exit(main())
