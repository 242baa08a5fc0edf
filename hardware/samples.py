"""Sample documents from the sample catalogue: the golden receipts, the PNG renders in
``docs/receipts/`` and the virtual printer's demo all print these.

Every figure comes from ``shared.pricing.price_lines`` on the tax-inclusive shelf prices
of ``resources/testdata/catalogue_sample.csv`` and from ``shared.returns.refund_line``,
so a sample receipt adds up exactly as a real one does. Nothing here reads a clock.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from hardware.documents import (
    DocEvat,
    DocLine,
    DocTender,
    ReceiptDoc,
    ReportDoc,
    ReportRow,
    ReportSection,
    Seller,
    tax_values,
)
from hardware.layout import LayoutOptions
from hardware.printing import document_bytes
from hardware.profiles import PrinterProfile, resolve_profile
from hardware.slip import Picture
from shared.audit.receipt import ReceiptFields, sign_receipt
from shared.money import Money, format_quantity, quantity, total
from shared.payloads import RefundLine, SaleLine
from shared.pricing import LineInput, price_lines
from shared.returns import Returned, refund_line
from shared.tax import GHANA_2023, GHANA_2026, TaxCode, TaxRegime

CATALOGUE = Path(__file__).resolve().parent.parent / "resources" / "testdata" / "catalogue_sample.csv"

SELLER = Seller(name="Adom Mart Ltd", branch="Accra Central branch",
                address="14 Kojo Thompson Road, Adabraka, Accra", phone="030 222 4567",
                tin="C0004567890")
FOOTER = ("Thank you for shopping with us!\n"
          "Goods sold in good condition are returnable within 7 days with this receipt.")


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    sku: str
    barcode: str
    name: str
    unit: str
    price: Money
    cost: Money
    tax_code: TaxCode


@cache
def catalogue(path: Path = CATALOGUE) -> dict[str, CatalogueItem]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["sku"]: CatalogueItem(sku=row["sku"], barcode=row["barcode"], name=row["name"],
                                          unit=row["unit"], price=Money.parse(row["retail_price"]),
                                          cost=Money.parse(row["cost_price"]),
                                          tax_code=TaxCode.parse(row["tax_code"]))
                for row in csv.DictReader(handle)}


def cart(*items: tuple[str, str] | tuple[str, str, str]) -> tuple[LineInput, ...]:
    """Cart lines from (sku, qty) or (sku, qty, line discount) at shelf prices."""
    goods = catalogue()
    lines = []
    for entry in items:
        sku, qty = entry[0], entry[1]
        item = goods[sku]
        lines.append(LineInput(sku=sku, name=item.name, unit=item.unit, unit_factor=quantity(1),
                               qty=quantity(qty), unit_price=item.price, tax_code=item.tax_code,
                               unit_cost=item.cost,
                               line_discount=Money.parse(entry[2]) if len(entry) == 3 else Money.ZERO))
    return tuple(lines)


def doc_lines(lines: tuple[SaleLine, ...]) -> tuple[DocLine, ...]:
    """Receipt lines; each shows its own discount, the order discount is in the totals."""
    return tuple(DocLine(name=ln.name, qty=format_quantity(ln.qty), unit=ln.unit,
                         unit_price=ln.unit_price, amount=ln.list_amount,
                         discount=ln.line_discount, tax_code=ln.tax_code.value, net=ln.net)
                 for ln in lines)


def sale_doc(receipt_no: str, issued_at: str, cashier: str, inputs: tuple[LineInput, ...], *,
             tenders: tuple[tuple[str, str, str | None], ...], order_discount: str = "0",
             regime: TaxRegime = GHANA_2026, customer: tuple[str, str | None] | None = None,
             not_synced: bool = False, notes: tuple[str, ...] = (),
             invoice_no: str | None = None) -> ReceiptDoc:
    """A sale receipt priced by ``price_lines``; ``tenders`` are (label, handed over,
    reference); the change is what was handed over beyond the total."""
    lines = price_lines(inputs, order_discount=Money.parse(order_discount), regime=regime,
                        inclusive=True)
    gross = total([ln.gross for ln in lines])
    handed = tuple(DocTender(label=label, amount=Money.parse(amt), reference=ref)
                   for label, amt, ref in tenders)
    change = total([t.amount for t in handed]) - gross
    if change.is_negative:
        raise ValueError(f"the sample tenders do not cover {gross.format()}")
    return ReceiptDoc(
        kind="sale", seller=SELLER, receipt_no=receipt_no, issued_at=issued_at, cashier=cashier,
        lines=doc_lines(lines), subtotal=total([ln.list_amount for ln in lines]),
        discount=total([ln.discount for ln in lines]), net=total([ln.net for ln in lines]),
        vat=total([ln.vat for ln in lines]), nhil=total([ln.nhil for ln in lines]),
        getfund=total([ln.getfund for ln in lines]), covid=total([ln.covid for ln in lines]),
        total=gross, tenders=handed, change=change, qr_payload=f"BISAMA:RECEIPT:{receipt_no}",
        customer_name=customer[0] if customer else None,
        customer_tin=customer[1] if customer else None, footer=FOOTER, not_synced=not_synced,
        notes=notes, by_tax_code=tax_values((ln.tax_code.value, ln.net, ln.gross) for ln in lines),
        invoice_no=invoice_no)


def refund_doc(refund_no: str, issued_at: str, cashier: str, original: ReceiptDoc, *,
               sold: tuple[SaleLine, ...], returns: tuple[tuple[int, str], ...],
               reason: str, approved_by: str, credit_note_no: str | None = None) -> ReceiptDoc:
    """A refund slip for returning (line number, qty) of a sale, figures from
    ``shared.returns.refund_line``; refunded in cash. Of a tax invoice, with
    ``credit_note_no``: a credit note naming the invoice."""
    refunded: list[RefundLine] = []
    for line_no, qty in returns:
        line = sold[line_no - 1]
        refunded.append(refund_line(line, quantity(qty), Returned(), restock=True))
    by_no = {ln.line_no: ln for ln in sold}
    lines = []
    for r in refunded:
        line = by_no[r.line_no]
        at_shelf_price = line.unit_price.times(r.qty)
        # The sale's discounts come back off the refund: the line shows them as such.
        lines.append(DocLine(name=r.name, qty=format_quantity(r.qty), unit=line.unit,
                             unit_price=line.unit_price, amount=at_shelf_price,
                             discount=at_shelf_price - r.gross, tax_code=line.tax_code.value,
                             net=r.net))
    gross = total([r.gross for r in refunded])
    subtotal = total([ln.amount for ln in lines])
    return ReceiptDoc(
        kind="refund", seller=SELLER, receipt_no=refund_no, issued_at=issued_at, cashier=cashier,
        lines=tuple(lines), subtotal=subtotal, discount=subtotal - gross,
        net=total([r.net for r in refunded]),
        vat=total([r.vat for r in refunded]), nhil=total([r.nhil for r in refunded]),
        getfund=total([r.getfund for r in refunded]), covid=total([r.covid for r in refunded]),
        total=gross, tenders=(DocTender(label="Cash", amount=gross),), change=Money.ZERO,
        qr_payload=f"BISAMA:REFUND:{refund_no}", customer_name=original.customer_name,
        customer_tin=original.customer_tin, original_receipt_no=original.receipt_no,
        reason=reason, footer="Keep this slip with the returned goods.",
        notes=(f"Approved by {approved_by} (manager PIN)",),
        by_tax_code=tax_values((by_no[r.line_no].tax_code.value, r.net, r.gross) for r in refunded),
        invoice_no=credit_note_no,
        original_invoice_no=original.invoice_no if credit_note_no else None)


# ---------------------------------------------------------------- the golden set

CASHIER = "Ama Owusu"
BIG_SALE = cart(("GH-0003", "2", "10.00"), ("GH-0001", "3"), ("GH-0005", "1"),
                ("GH-0037", "2"), ("GH-0055", "1"), ("GH-0015", "4"), ("GH-0060", "1"))


def big_sale_lines() -> tuple[SaleLine, ...]:
    return price_lines(BIG_SALE, order_discount=Money.parse("5.00"), regime=GHANA_2026,
                       inclusive=True)


def sale_with_discounts() -> ReceiptDoc:
    """80 mm: seven lines with a line discount and an order discount, an exempt medicine,
    airtime (not taxable), a registered business customer with TIN, cash with change."""
    return sale_doc("MAIN-T1-000123", "2026-11-21 14:05", CASHIER, BIG_SALE,
                    order_discount="5.00", customer=("Kofi Mensah Enterprise", "C0012345678"),
                    tenders=(("Cash", "600.00", None),))


def sale_momo_split() -> ReceiptDoc:
    """58 mm: weighed exempt tomatoes, yam, oil and milk; paid part cash, part MTN MoMo;
    printed while the till was offline (NOT SYNCED)."""
    return sale_doc("MAIN-T2-000045", "2026-11-21 16:42", "Kofi Asante",
                    cart(("GH-0039", "1.250"), ("GH-0042", "2"), ("GH-0001", "1"),
                         ("GH-0006", "6"), ("GH-0015", "1")),
                    tenders=(("Cash", "110.00", None), ("MTN MoMo", "100.00", "48291034512")),
                    not_synced=True)


INVOICE_CART = cart(("GH-0001", "12"), ("GH-0037", "4"), ("GH-0005", "2", "4.00"))


def tax_invoice() -> ReceiptDoc:
    """80 mm: the business customer's sale as a TAX INVOICE (a customer with a TIN), with
    its own consecutive invoice number and each line's value without tax."""
    return sale_doc("MAIN-T1-000124", "2026-11-21 14:12", CASHIER, INVOICE_CART,
                    order_discount="2.00", customer=("Kofi Mensah Enterprise", "C0012345678"),
                    tenders=(("Cash", "700.00", None),), invoice_no="MAIN-T1-INV000031")


def tax_invoice_58() -> ReceiptDoc:
    """58 mm: a small tax invoice, paid by MoMo."""
    return sale_doc("MAIN-T2-000047", "2026-11-21 16:55", "Kofi Asante",
                    cart(("GH-0001", "2"), ("GH-0039", "0.500")),
                    customer=("Esi Badu Catering", "P0098765432"),
                    tenders=(("MTN MoMo", "88.50", "48291034513"),), invoice_no="MAIN-T2-INV000008")


def tax_invoice_58_evat_pending() -> ReceiptDoc:
    """58 mm: the small tax invoice printed before GRA cleared it: E-VAT PENDING, with
    our own QR (docs/evat.md)."""
    return replace(tax_invoice_58(), evat=DocEvat("pending"))


def tax_invoice_58_evat_cleared() -> ReceiptDoc:
    """58 mm: the same invoice reprinted after GRA's clearance came through the feed: the
    SDC INFORMATION block and GRA's QR (values as the fake GRA answers, tools/fake_gra)."""
    return replace(tax_invoice_58(), evat=DocEvat(
        "cleared", sdc_id="SDC-FAKE-000001", receipt_number="0000000008",
        sdc_time="2026-11-21 16:56:03", mrc="MRC-FAKE-01", mrc_time="2026-11-21 16:56:03",
        internal_data="5KQ3M2ZBUXR7DJ4WQ6F2N8HCVAY3TPGE1L0S9B7K",
        signature="A94F3C2B17D8E6F05C4B3A29",
        qr_code="https://fake-gra.invalid/verify?tin=C0001234567&num=MAIN-T2-000047"
                "&sdc=SDC-FAKE-000001&sig=A94F3C2B17D8E6F0"))


# The sample till's key: made from a published phrase, so the sample receipts' verifiable
# QR codes are the same on every run — and anyone can forge them: it is no secret.
SAMPLE_TILL_KEY = Ed25519PrivateKey.from_private_bytes(
    hashlib.sha256(b"bisama sample till key: public, not a secret").digest())
SAMPLE_TERMINAL = "0193a7c2-5d1e-7f3a-9b4c-2e8d6f1a0c47"
SAMPLE_TENANT = "7"


def with_verifiable_qr(doc: ReceiptDoc, *, seq: int, time: str, hash16: str) -> ReceiptDoc:
    """The sample slip with the verifiable QR a till prints now (``shared.audit.receipt``),
    signed by the sample till's key."""
    fields = ReceiptFields(kind="S", tenant=SAMPLE_TENANT, terminal=SAMPLE_TERMINAL, seq=seq,
                           receipt_no=doc.receipt_no, time=time, gross=doc.total,
                           tax=doc.vat + doc.nhil + doc.getfund + doc.covid, hash16=hash16)
    return replace(doc, qr_payload=sign_receipt(fields, SAMPLE_TILL_KEY))


def sale_58_verifiable() -> ReceiptDoc:
    """58 mm: a cash sale with the verifiable QR (identity, totals, hash prefix, the
    till's signature), printed as an image (no native QR on this model)."""
    return with_verifiable_qr(
        sale_doc("MAIN-T2-000048", "2026-11-21 17:10", "Kofi Asante",
                 cart(("GH-0001", "1"), ("GH-0005", "2")), tenders=(("Cash", "200.00", None),)),
        seq=131, time="20261121T171012Z", hash16="3f9a0c5e71d24b86")


def tax_invoice_58_evat_pending_verifiable() -> ReceiptDoc:
    """58 mm, native QR: the small tax invoice printed before GRA cleared it — E-VAT
    PENDING and our verifiable QR, which anyone can check until GRA's QR is printed."""
    return replace(with_verifiable_qr(tax_invoice_58(), seq=134, time="20261121T165512Z",
                                      hash16="c41d7e09a3b85f62"), evat=DocEvat("pending"))


def refund_of_big_sale() -> ReceiptDoc:
    """80 mm: one of the four chocolate bars and the oil (one of three) come back."""
    return refund_doc("MAIN-T1-R00007", "2026-11-22 09:12", CASHIER, sale_with_discounts(),
                      sold=big_sale_lines(), returns=((6, "1"), (2, "1")),
                      reason="Damaged packaging", approved_by="Kwame Boateng")


def credit_note() -> ReceiptDoc:
    """58 mm: two of the twelve bottles of oil on the tax invoice come back: a CREDIT
    NOTE in its own series, naming the invoice it corrects."""
    sold = price_lines(INVOICE_CART, order_discount=Money.parse("2.00"), regime=GHANA_2026,
                       inclusive=True)
    return refund_doc("MAIN-T1-R00008", "2026-11-23 10:05", CASHIER, tax_invoice(), sold=sold,
                      returns=((1, "2"),), reason="Leaking bottles", approved_by="Kwame Boateng",
                      credit_note_no="MAIN-T1-CN000004")


def sale_2025_copy() -> ReceiptDoc:
    """80 mm, 42 columns: a December 2025 sale (COVID-19 levy still charged) reprinted
    as a COPY, paid by card."""
    return sale_doc("MAIN-T1-000098", "2025-12-30 11:20", CASHIER,
                    cart(("GH-0016", "2"), ("GH-0018", "1"), ("GH-0043", "3")),
                    regime=GHANA_2023, tenders=(("Visa card", "249.00", "Auth 083712"),))


def void_slip() -> ReceiptDoc:
    base = sale_doc("MAIN-T2-V00003", "2026-11-21 17:03", "Kofi Asante",
                    cart(("GH-0010", "6"), ("GH-0034", "2")), tenders=(("Cash", "45.00", None),))
    return ReceiptDoc(
        kind="void", seller=base.seller, receipt_no=base.receipt_no, issued_at=base.issued_at,
        cashier=base.cashier, lines=base.lines, subtotal=base.subtotal, discount=base.discount,
        net=base.net, vat=base.vat, nhil=base.nhil, getfund=base.getfund, covid=base.covid,
        total=base.total, tenders=(), change=Money.ZERO, qr_payload="BISAMA:VOID:MAIN-T2-V00003",
        original_receipt_no="MAIN-T2-000046", reason="Customer changed mind before paying",
        notes=("Approved by Kwame Boateng (manager PIN)",))


def _money(text: str) -> str:
    return Money.parse(text).format()


def z_report() -> ReportDoc:
    money = _money
    return ReportDoc(
        kind="z_report", title="Z REPORT", seller=SELLER,
        printed_for="Ama Owusu — shift 2026-11-21 #3 (till MAIN-T1)", issued_at="2026-11-21 21:30",
        sections=(
            ReportSection("Sales", (ReportRow("Receipts", "84"), ReportRow("Gross sales", money("18,452.75")),
                                    ReportRow("Discounts", money("-312.50")),
                                    ReportRow("Refunds (3)", money("-96.40")),
                                    ReportRow("Net sales", money("18,043.85")),
                                    ReportRow("Voided, not in sales (2)", money("57.00")))),
            ReportSection("Tax collected", (ReportRow("VAT 15%", money("2,255.48")),
                                            ReportRow("NHIL 2.5%", money("375.91")),
                                            ReportRow("GETFund 2.5%", money("375.91")))),
            ReportSection("By cashier", (ReportRow("Ama Owusu", "61 sales, " + money("13,402.25")),
                                         ReportRow("Kofi Asante", "23 sales, " + money("5,050.50")))),
            ReportSection("By payment method", (ReportRow("Cash", money("9,870.35")),
                                                ReportRow("MTN MoMo", money("6,120.00")),
                                                ReportRow("Telecel Cash", money("640.50")),
                                                ReportRow("Card", money("1,413.00")))),
            ReportSection("Drawer", (ReportRow("Opening float", money("500.00")),
                                     ReportRow("Cash sales", money("9,870.35")),
                                     ReportRow("Cash refunds", money("-96.40")),
                                     ReportRow("Paid out", money("-150.00")),
                                     ReportRow("Expected in drawer", money("10,123.95")),
                                     ReportRow("Counted", money("10,120.00")),
                                     ReportRow("Short", money("-3.95")),
                                     ReportRow("No-sale drawer opens", "2"))),
        ),
        footer="Z report closes the day. File it with the cash envelope.")


def cash_out_slip() -> ReportDoc:
    """A cash-out slip: the approving manager by name, not by e-mail address."""
    return ReportDoc(
        kind="cash_move", title="Cash out", seller=SELLER,
        printed_for="Ama Owusu — shift 2026-11-21 #3", issued_at="2026-11-21 15:10",
        sections=(ReportSection("", (ReportRow("Purpose", "paid out"),
                                     ReportRow("Amount", _money("150.00")),
                                     ReportRow("Reason", "Fuel for the generator"),
                                     ReportRow("Approved by", "Kwame Boateng"))),))


def test_page() -> ReportDoc:
    return ReportDoc(kind="test_page", title="TEST PAGE", seller=SELLER,
                     printed_for="Till MAIN-T2, set up by Kofi (system administrator)",
                     issued_at="2026-11-21 08:00",
                     sections=(ReportSection("This printer", (ReportRow("Connection", "USB 0416:5011"),)),),
                     footer="If every line above is straight and complete, the printer is ready.")


def truck_reconciliation() -> ReportDoc:
    """Yaw's van day as the till prints it (figures as in tests/terminal/test_transfers.py)."""
    money = _money

    def product(name: str, loaded: str, sold: str, returned: str, variance: str) -> tuple[ReportRow, ...]:
        return (ReportRow(name, ""), ReportRow("  Loaded", loaded), ReportRow("  Sold", sold),
                ReportRow("  Returned", returned), ReportRow("  Variance", variance))

    return ReportDoc(
        kind="truck_reconciliation", title="TRUCK RECONCILIATION", seller=SELLER,
        printed_for="Van VAN-1 — 2026-11-21 — Yaw Mensah", issued_at="2026-11-21 19:40",
        sections=(
            ReportSection("Loaded = sold + returned + variance",
                          product("GH-0001 Frytol Vegetable Oil 1L", "24", "4", "19", "1")
                          + product("GH-0005 Milo 400g", "10", "2", "8", "0")),
            ReportSection("Sales = collected + outstanding", (
                ReportRow("Sales", money("276.00")), ReportRow("  Collected: Cash", money("114.00")),
                ReportRow("  Collected: Mobile money", money("38.00")),
                ReportRow("  Outstanding (on account)", money("124.00")),
                ReportRow("Collected + outstanding", money("276.00")))),
            ReportSection("", (ReportRow("Payments on account", money("50.00")),
                               ReportRow("  of which cash", money("50.00")),
                               ReportRow("Cash to hand in", money("164.00")),
                               ReportRow("Variance at cost", money("27.56")))),
        ))


def check_adds_up(doc: ReceiptDoc) -> None:
    """Raise if a receipt's own figures do not add up (used by the tests)."""
    if doc.net + doc.vat + doc.nhil + doc.getfund + doc.covid != doc.total:
        raise AssertionError(f"{doc.receipt_no}: net and taxes do not add up to the total")
    if doc.kind == "sale":
        paid = total([t.amount for t in doc.tenders])
        if paid - doc.change != doc.total:
            raise AssertionError(f"{doc.receipt_no}: tenders minus change is not the total")



# ---------------------------------------------------------------- golden receipts

LOGO = Path(__file__).resolve().parent / "sample_logo.png"


@dataclass(frozen=True, slots=True)
class GoldenCase:
    """One golden receipt: a sample document printed on one printer profile."""

    name: str
    document: Callable[[], ReceiptDoc | ReportDoc]
    model: str
    paper_mm: int
    columns: int | None = None
    copy: bool = False
    logo: bool = False

    def profile(self) -> PrinterProfile:
        return resolve_profile(self.model, self.paper_mm, columns=self.columns)

    def options(self) -> LayoutOptions:
        logo = None
        if self.logo:
            with Image.open(LOGO) as image:
                logo = Picture.from_image(image, max_width=self.profile().dots // 2)
        return LayoutOptions.for_printer(self.profile(), logo=logo)

    def data(self) -> bytes:
        return document_bytes(self.document(), self.profile(), self.options(), copy=self.copy)


GOLDEN_CASES = (
    GoldenCase("sale-80mm-48col-discounts", sale_with_discounts, "TM-T20II", 80, logo=True),
    GoldenCase("sale-58mm-momo-split-not-synced", sale_momo_split, "POS-5890", 58),
    GoldenCase("tax-invoice-80mm-48col", tax_invoice, "TM-T20II", 80, logo=True),
    GoldenCase("tax-invoice-58mm", tax_invoice_58, "POS-5890", 58),
    GoldenCase("refund-80mm-48col", refund_of_big_sale, "TM-T20II", 80),
    GoldenCase("credit-note-58mm", credit_note, "POS-5890", 58),
    GoldenCase("sale-80mm-42col-2025-copy", sale_2025_copy, "TM-T88V", 80, columns=42, copy=True,
               logo=True),
    GoldenCase("void-58mm", void_slip, "RP-F10-58mm", 58),
    GoldenCase("z-report-80mm", z_report, "TM-T20II", 80),
    GoldenCase("cash-out-58mm", cash_out_slip, "POS-5890", 58),
    GoldenCase("test-page-58mm", test_page, "POS-5890", 58),
    GoldenCase("truck-reconciliation-58mm", truck_reconciliation, "POS-5890", 58),
    GoldenCase("tax-invoice-58mm-evat-pending", tax_invoice_58_evat_pending, "POS-5890", 58),
    GoldenCase("tax-invoice-58mm-evat-cleared-copy", tax_invoice_58_evat_cleared, "POS-5890", 58,
               copy=True),
    GoldenCase("sale-58mm-verifiable-qr", sale_58_verifiable, "POS-5890", 58),
    GoldenCase("tax-invoice-58mm-evat-pending-verifiable-qr", tax_invoice_58_evat_pending_verifiable,
               "RP-F10-58mm", 58),
)
