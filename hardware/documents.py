"""What gets printed, as data: receipts, refund and void slips, X/Z reports, shift slips.

The terminal builds these from its records and stores them (as JSON) in the print queue
in the same database transaction as the sale; ``hardware`` turns them into ESC/POS bytes
for a given printer profile and paper width. Amounts are ``Money``; JSON carries integer
pesewas. Nothing here knows about printers or databases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.money import Money
from shared.wire import Reader, to_json

DOC_KINDS = ("sale", "refund", "void", "customer_payment")


@dataclass(frozen=True, slots=True)
class Seller:
    name: str
    branch: str
    address: str
    phone: str
    tin: str | None
    # On the document's date: a seller that is not VAT-registered prints no VAT lines and
    # no TIN (a receipt with them would claim a tax invoice it cannot issue).
    vat_registered: bool = True

    @classmethod
    def from_json(cls, r: Reader) -> Seller:
        # Documents queued before the flag existed were all of registered sellers.
        registered = r.boolean("vat_registered") if r.has("vat_registered") else True
        value = cls(name=r.text("name"), branch=r.text("branch"), address=r.text("address", allow_empty=True),
                    phone=r.text("phone", allow_empty=True), tin=r.opt_text("tin"),
                    vat_registered=registered)
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class DocLine:
    name: str
    qty: str  # as printed: "2", "1.250"
    unit: str
    unit_price: Money
    amount: Money  # qty × unit price, before discounts
    # The discount shown under the line: the line's own discount (a discount on the whole
    # sale may be shared over the lines here, or left to ``ReceiptDoc.discount`` alone:
    # the receipt prints "Item discounts" and "Discount on sale" when they differ).
    discount: Money
    tax_code: str
    # The line's value without tax, after every discount: what a tax invoice prints as the
    # "tax-exclusive charge" of the line. None on documents queued before it was kept.
    net: Money | None = None

    @classmethod
    def from_json(cls, r: Reader) -> DocLine:
        net = r.opt_integer("net", minimum=0)
        value = cls(name=r.text("name"), qty=r.text("qty", max_len=20), unit=r.text("unit", max_len=20),
                    unit_price=r.money("unit_price"), amount=r.money("amount"),
                    discount=r.money("discount"), tax_code=r.text("tax_code", max_len=1),
                    net=None if net is None else Money(net))
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class DocTaxValue:
    """What the lines of one tax code came to: ``gross`` as paid, ``net`` without tax.
    The receipt shows standard-rated, exempt, zero-rated and non-taxable values apart."""

    tax_code: str
    net: Money
    gross: Money

    @classmethod
    def from_json(cls, r: Reader) -> DocTaxValue:
        value = cls(tax_code=r.text("tax_code", max_len=1), net=r.money("net"), gross=r.money("gross"))
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class DocTender:
    label: str  # "Cash", "MTN MoMo", "Visa card", "Credit (on account)"
    # What the customer handed over with this tender (cash may be more than it settles;
    # the receipt's ``change`` is the difference), so sum(amounts) − change == total.
    amount: Money
    reference: str | None = None

    @classmethod
    def from_json(cls, r: Reader) -> DocTender:
        value = cls(label=r.text("label", max_len=40), amount=r.money("amount"),
                    reference=r.opt_text("reference", max_len=64))
        r.done()
        return value


EVAT_STATES = ("pending", "cleared")


@dataclass(frozen=True, slots=True)
class DocEvat:
    """GRA E-VAT on a receipt: ``pending`` (printed before GRA cleared it: the receipt
    says "E-VAT pending") or ``cleared`` with GRA's SDC information and QR (a reprint
    after the clearance came through the feed)."""

    status: str
    sdc_id: str = ""
    receipt_number: str = ""
    sdc_time: str = ""
    mrc: str = ""
    mrc_time: str = ""
    internal_data: str = ""
    signature: str = ""
    qr_code: str = ""

    @classmethod
    def from_json(cls, r: Reader) -> DocEvat:
        value = cls(status=r.choice("status", EVAT_STATES),
                    **{name: r.text(name, max_len=1000, allow_empty=True) if r.has(name) else ""
                       for name in ("sdc_id", "receipt_number", "sdc_time", "mrc", "mrc_time",
                                    "internal_data", "signature", "qr_code")})
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class ReceiptDoc:
    """A customer receipt (``sale``), a refund slip, a void slip or a payment receipt."""

    kind: str
    seller: Seller
    receipt_no: str
    issued_at: str  # local date and time as the till shows it, e.g. "2026-11-21 14:05"
    cashier: str
    lines: tuple[DocLine, ...]
    subtotal: Money  # sum of line amounts before discounts
    discount: Money
    net: Money
    vat: Money
    nhil: Money
    getfund: Money
    covid: Money
    total: Money
    tenders: tuple[DocTender, ...]
    change: Money
    qr_payload: str  # what the receipt's QR/barcode carries, for returns lookup
    customer_name: str | None = None
    customer_tin: str | None = None
    original_receipt_no: str | None = None  # refund and void slips
    reason: str | None = None
    footer: str = ""
    not_synced: bool = False  # print the tenant's "NOT SYNCED" marker
    notes: tuple[str, ...] = field(default=())
    by_tax_code: tuple[DocTaxValue, ...] = field(default=())
    # A sale to a customer with a TIN, by a VAT-registered seller, prints as a TAX INVOICE
    # numbered in its own consecutive series (L.I. 2243 reg. 21(2)(c)). A refund of a
    # tax invoice prints as a CREDIT NOTE: ``invoice_no`` is then the credit note's own
    # number (its own series) and ``original_invoice_no`` the invoice it corrects.
    invoice_no: str | None = None
    original_invoice_no: str | None = None
    # GRA E-VAT (docs/evat.md): None where E-VAT is off for the business.
    evat: DocEvat | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data

    @classmethod
    def from_json(cls, data: object) -> ReceiptDoc:
        r = Reader(data, "document")
        seller = Seller.from_json(r.obj("seller"))
        value = cls(
            kind=r.choice("kind", DOC_KINDS), seller=seller,
            receipt_no=r.text("receipt_no", max_len=48), issued_at=r.text("issued_at", max_len=40),
            cashier=r.text("cashier"), lines=r.items("lines", DocLine.from_json),
            subtotal=r.money("subtotal"), discount=r.money("discount"), net=r.money("net"),
            vat=r.money("vat"), nhil=r.money("nhil"), getfund=r.money("getfund"),
            covid=r.money("covid"), total=r.money("total"),
            tenders=r.items("tenders", DocTender.from_json), change=r.money("change"),
            qr_payload=r.text("qr_payload", max_len=400),  # BSM1 (shared.audit.receipt)
            customer_name=r.opt_text("customer_name"), customer_tin=r.opt_text("customer_tin"),
            original_receipt_no=r.opt_text("original_receipt_no", max_len=48),
            reason=r.opt_text("reason"), footer=r.text("footer", max_len=500, allow_empty=True),
            not_synced=r.boolean("not_synced"), notes=r.texts("notes"),
            # Both absent from documents queued before they existed.
            by_tax_code=r.items("by_tax_code", DocTaxValue.from_json) if r.has("by_tax_code") else (),
            invoice_no=r.opt_text("invoice_no", max_len=48),
            original_invoice_no=r.opt_text("original_invoice_no", max_len=48),
            evat=_opt_evat(r),
        )
        r.done()
        return value


def _opt_evat(r: Reader) -> DocEvat | None:
    found = r.opt_obj("evat")  # absent from documents queued before E-VAT
    return None if found is None else DocEvat.from_json(found)


@dataclass(frozen=True, slots=True)
class ReportRow:
    label: str
    value: str  # already formatted ("GH₵ 1,234.50", "12", "-GH₵ 0.50")

    @classmethod
    def from_json(cls, r: Reader) -> ReportRow:
        value = cls(label=r.text("label", allow_empty=True), value=r.text("value", allow_empty=True))
        r.done()
        return value


@dataclass(frozen=True, slots=True)
class ReportSection:
    title: str
    rows: tuple[ReportRow, ...]

    @classmethod
    def from_json(cls, r: Reader) -> ReportSection:
        value = cls(title=r.text("title", allow_empty=True), rows=r.items("rows", ReportRow.from_json))
        r.done()
        return value


REPORT_KINDS = ("x_report", "z_report", "shift_open", "shift_close", "cash_move", "test_page",
                "stock_transfer", "truck_reconciliation")


@dataclass(frozen=True, slots=True)
class ReportDoc:
    """X and Z reports, shift slips, cash in/out slips and the test page."""

    kind: str
    title: str
    seller: Seller
    printed_for: str  # "Ama Owusu — shift 2026-11-21 #3"
    issued_at: str
    sections: tuple[ReportSection, ...]
    footer: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data

    @classmethod
    def from_json(cls, data: object) -> ReportDoc:
        r = Reader(data, "document")
        value = cls(kind=r.choice("kind", REPORT_KINDS), title=r.text("title"),
                    seller=Seller.from_json(r.obj("seller")), printed_for=r.text("printed_for"),
                    issued_at=r.text("issued_at", max_len=40),
                    sections=r.items("sections", ReportSection.from_json),
                    footer=r.text("footer", max_len=500, allow_empty=True))
        r.done()
        return value


def document_from_json(data: object) -> ReceiptDoc | ReportDoc:
    """Either kind of document from its stored JSON (dispatch on ``kind``)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind in REPORT_KINDS:
        return ReportDoc.from_json(data)
    return ReceiptDoc.from_json(data)


def tax_values(lines: Iterable[tuple[str, Money, Money]]) -> tuple[DocTaxValue, ...]:
    """(tax code, net, gross) of each line → one ``DocTaxValue`` a code, in code order."""
    nets: dict[str, Money] = {}
    grosses: dict[str, Money] = {}
    for code, net, gross in lines:
        nets[code] = nets.get(code, Money.ZERO) + net
        grosses[code] = grosses.get(code, Money.ZERO) + gross
    return tuple(DocTaxValue(code, nets[code], grosses[code]) for code in sorted(nets))
