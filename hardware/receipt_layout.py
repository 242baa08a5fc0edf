"""The customer receipt, refund slip, void slip and payment receipt, laid out for paper.

From a ``ReceiptDoc`` (what the till recorded) to a ``Slip`` (what prints): the tenant's
header, the receipt's number, date and cashier, the customer and TIN, each line with its
quantity, unit price, amount and discount, the totals with VAT, NHIL and GETFund each on
its own line (the COVID-19 levy only when a pre-2026 sale charged it), the tenders with
their MoMo or card references, the change, the footer and the QR code and barcode that
find the sale again for a return. A reprint says COPY; a sale the tax office has not yet
seen says NOT SYNCED. A seller that was not VAT-registered on the sale's date prints no
TIN, no VAT lines and no tax-code notes, but says no VAT was charged. The values of the
lines by tax code (standard-rated, exempt, zero-rated, non-taxable) are shown apart.

A sale with an invoice number (a customer with a TIN, a VAT-registered seller) prints as
a TAX INVOICE with the particulars of L.I. 2243 reg. 21(2): the invoice's consecutive
number, the type of supply, each line's tax-exclusive value, the rate of discount, the
total without tax, each tax with its rate, the total tax and the total with tax. All
figures come from the document: nothing is recomputed here (but the discount's rate).
A refund of a tax invoice prints as a CREDIT NOTE with the same particulars, its own
consecutive number and the number of the invoice it corrects.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hardware.documents import DocLine, ReceiptDoc
from hardware.evat_layout import evat_banner, evat_block
from hardware.layout import LayoutOptions, SlipWriter
from hardware.slip import Slip
from hardware.text import amount
from shared.money import total

TITLES = {
    "sale": "SALES RECEIPT",
    "refund": "REFUND",
    "void": "VOID - SALE CANCELLED",
    "customer_payment": "PAYMENT RECEIPT",
}
NUMBER_LABELS = {"sale": "Receipt no.", "refund": "Refund no.", "void": "Void of",
                 "customer_payment": "Payment no."}
TAX_CODE_NOTES = {
    "A": "A = exempt",
    "B": "B = VAT, NHIL and GETFund {how}",
    "C": "C = zero-rated",
    "D": "D = not taxable",
}
NOT_SYNCED_TEXT = "NOT SYNCED - tax invoice pending"
UNREGISTERED_NOTE = "No VAT, NHIL or GETFund charged: the seller is not VAT registered."
COPY_TEXT = "COPY - NOT AN ORIGINAL RECEIPT"
TAX_INVOICE_TITLE = "TAX INVOICE"
CREDIT_NOTE_TITLE = "CREDIT NOTE"
TAX_CODE_LABELS = {"A": "Exempt", "B": "Standard rated", "C": "Zero rated", "D": "Non-taxable"}


def is_tax_inclusive(doc: ReceiptDoc) -> bool:
    """Shelf prices include tax when the total is what the lines came to after discount;
    otherwise tax was added on top of the net (a tax-exclusive price list)."""
    return doc.subtotal - doc.discount == doc.total


def receipt_slip(doc: ReceiptDoc, options: LayoutOptions, *, copy: bool = False) -> Slip:
    """The slip for any ``ReceiptDoc`` kind."""
    w = SlipWriter(options)
    w.header(doc.seller)
    w.rule("=")
    title = (TAX_INVOICE_TITLE if is_tax_invoice(doc) else
             CREDIT_NOTE_TITLE if is_credit_note(doc) else TITLES[doc.kind])
    w.text(title, align="center", bold=True, wide=options.columns >= 40, tall=True)
    if copy:
        w.banner(COPY_TEXT)
    if doc.not_synced:
        w.banner(NOT_SYNCED_TEXT)
    evat_banner(w, doc)
    _details(w, doc)
    if doc.lines:
        w.rule()
        for line in doc.lines:
            _line(w, line, invoice=_particulars(doc))
    w.rule()
    if _particulars(doc):
        _invoice_totals(w, doc)
    else:
        _totals(w, doc)
        if doc.kind != "void":
            _taxes(w, doc)
    if doc.kind != "void":
        _by_tax_code(w, doc)
    _tenders(w, doc)
    _closing(w, doc, copy=copy)
    return w.finish()


def is_tax_invoice(doc: ReceiptDoc) -> bool:
    return doc.kind == "sale" and doc.invoice_no is not None and doc.seller.vat_registered


def is_credit_note(doc: ReceiptDoc) -> bool:
    """A refund of a tax invoice: numbered in the credit notes' own series."""
    return (doc.kind == "refund" and doc.invoice_no is not None
            and doc.original_invoice_no is not None and doc.seller.vat_registered)


def _particulars(doc: ReceiptDoc) -> bool:
    """A document with the particulars of reg. 21(2): each line's value without tax, the
    tax-exclusive total, each tax with its rate."""
    return is_tax_invoice(doc) or is_credit_note(doc)


def _details(w: SlipWriter, doc: ReceiptDoc) -> None:
    w.rule()
    if is_tax_invoice(doc):
        assert doc.invoice_no is not None
        w.row("Invoice no.", doc.invoice_no)
    if is_credit_note(doc):
        assert doc.invoice_no is not None and doc.original_invoice_no is not None
        w.row("Credit note no.", doc.invoice_no)
    if doc.kind == "void" and doc.original_receipt_no:
        w.row("Void of receipt", doc.original_receipt_no)
    else:
        w.row(NUMBER_LABELS[doc.kind], doc.receipt_no)
    w.row("Date and time" if _particulars(doc) else "Date", doc.issued_at)
    if is_tax_invoice(doc):
        w.row("Type of supply", "Sale")
    if is_credit_note(doc):
        w.row("Type of supply", "Return of goods")
    w.row("Cashier", doc.cashier)
    if is_credit_note(doc):
        w.row("Orig. invoice", doc.original_invoice_no or "")
    if doc.kind == "refund" and doc.original_receipt_no:
        w.row("Original receipt", doc.original_receipt_no)
    if doc.customer_name:
        w.row("Customer", doc.customer_name)
    if doc.customer_tin:
        w.row("Customer TIN", doc.customer_tin)
    if doc.reason:
        w.row("Reason", doc.reason)


def _line(w: SlipWriter, line: DocLine, *, invoice: bool = False) -> None:
    """Name on its own line(s); then ``qty unit x price`` and the amount with its tax code;
    then the discount, if any, and on a tax invoice the value without tax. Amounts keep
    one column for the code so they align."""
    w.text(line.name)
    qty_text = f"  {line.qty} {line.unit} x {amount(line.unit_price)}"
    w.row(qty_text, f"{amount(line.amount)} {line.tax_code}", indent=4)
    if not line.discount.is_zero:
        w.row("  Discount", f"{amount(-line.discount)}  ")
    if invoice and line.net is not None:
        w.row("  Excl. tax", f"{amount(line.net)}  ")


def _totals(w: SlipWriter, doc: ReceiptDoc) -> None:
    o = w.options
    labels = {"sale": "TOTAL", "refund": "REFUND TOTAL", "void": "VOIDED TOTAL",
              "customer_payment": "AMOUNT PAID"}
    if doc.lines:
        w.row("Subtotal", amount(doc.subtotal))
        on_lines = total([line.discount for line in doc.lines])
        if on_lines.is_zero or on_lines == doc.discount:
            if not doc.discount.is_zero:
                w.row("Discount", amount(-doc.discount))
        else:
            # Lines carry their own discounts; the rest was given on the whole sale.
            w.row("Item discounts", amount(-on_lines))
            w.row("Discount on sale", amount(on_lines - doc.discount))
        if not is_tax_inclusive(doc) and doc.seller.vat_registered:
            w.row("Value before tax", amount(doc.net))
            _tax_rows(w, doc)
    w.row(labels[doc.kind], o.money(doc.total), bold=True, tall=True)


def _tax_rows(w: SlipWriter, doc: ReceiptDoc) -> None:
    w.row("VAT 15%", amount(doc.vat))
    w.row("NHIL 2.5%", amount(doc.nhil))
    w.row("GETFund 2.5%", amount(doc.getfund))
    if not doc.covid.is_zero:
        w.row("COVID-19 levy 1%", amount(doc.covid))


def _taxes(w: SlipWriter, doc: ReceiptDoc) -> None:
    if not doc.lines or not is_tax_inclusive(doc) or not doc.seller.vat_registered:
        return
    w.rule()
    w.text("Refunded tax included above:" if doc.kind == "refund" else "Tax included in total:")
    w.row("Value before tax", amount(doc.net))
    _tax_rows(w, doc)


def _invoice_totals(w: SlipWriter, doc: ReceiptDoc) -> None:
    """reg. 21(2)(i)-(l): total without tax, the rate of discount, each tax with its rate,
    the total tax and the total with tax — whether shelf prices included tax or not."""
    w.row("Subtotal", amount(doc.subtotal))
    if not doc.discount.is_zero:
        w.row(f"Discount ({discount_rate(doc)})", amount(-doc.discount))
    w.row("Total excl. tax", amount(doc.net))
    _tax_rows(w, doc)
    w.row("Total tax", amount(doc.vat + doc.nhil + doc.getfund + doc.covid))
    w.row("CREDITED incl. tax" if is_credit_note(doc) else "TOTAL incl. tax",
          w.options.money(doc.total), bold=True, tall=True)


def discount_rate(doc: ReceiptDoc) -> str:
    """The discount as a share of the subtotal, "2.5%" (a tax invoice states the rate)."""
    if doc.subtotal.is_zero:
        return "0%"
    rate = (Decimal(doc.discount.pesewas) * 100 / Decimal(doc.subtotal.pesewas)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rate.normalize():f}%"


def _by_tax_code(w: SlipWriter, doc: ReceiptDoc) -> None:
    """The lines' values by tax code, so standard-rated and exempt (or zero-rated, or
    non-taxable) sales are apart. Shown when there is more than standard-rated alone."""
    values = doc.by_tax_code
    if not values or not doc.seller.vat_registered:
        return
    if len(values) == 1 and values[0].tax_code == "B" and not _particulars(doc):
        return
    w.rule()
    inclusive = is_tax_inclusive(doc) and not _particulars(doc)
    w.text("Value by tax code:" if inclusive else "Value excl. tax by tax code:")
    for value in values:
        label = f"{value.tax_code} {TAX_CODE_LABELS.get(value.tax_code, value.tax_code)}"
        w.row(label, amount(value.gross if inclusive else value.net))


def _tenders(w: SlipWriter, doc: ReceiptDoc) -> None:
    if not doc.tenders and doc.change.is_zero:
        return
    w.rule()
    if doc.kind == "refund":
        w.text("Refunded as:")
    for tender in doc.tenders:
        w.row(tender.label, amount(tender.amount))
        if tender.reference:
            w.row("  Ref", tender.reference)
    if not doc.change.is_zero:
        w.row("Change", w.options.money(doc.change), bold=True)


def _closing(w: SlipWriter, doc: ReceiptDoc, *, copy: bool) -> None:
    codes = sorted({line.tax_code for line in doc.lines} & set(TAX_CODE_NOTES))
    if codes and doc.kind != "void" and not doc.seller.vat_registered:
        w.rule()
        w.text(UNREGISTERED_NOTE)
    elif codes and doc.kind != "void":
        w.rule()
        how = "included" if is_tax_inclusive(doc) else "added"
        for code in codes:
            note = TAX_CODE_NOTES[code].format(how=how)
            if code == "B" and not doc.covid.is_zero:
                note = note.replace("NHIL and GETFund", "NHIL, GETFund and COVID-19 levy")
            w.text(note)
    if doc.kind == "refund":
        w.blank()
        w.text("Customer signature:")
        w.blank()
        w.rule(".")
    for note in doc.notes:
        w.text(note)
    if doc.footer:
        w.blank()
        for paragraph in doc.footer.splitlines():
            w.text(paragraph, align="center")
    if doc.not_synced:
        w.blank()
        w.text("This receipt is not yet registered with head office. Your tax invoice "
               "follows when the till reconnects.", align="center")
    evat_block(w, doc)
    if not w.receipt_codes(doc.receipt_no, doc.qr_payload):
        w.text(doc.receipt_no, align="center")
    if copy:
        w.banner(COPY_TEXT)

