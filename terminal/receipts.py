"""Turning the till's records into printable documents (``hardware.documents``):
receipts, refund and void slips, X/Z reports and shift slips. Pure functions of their
inputs; the services store the result in the print queue in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from hardware.documents import (
    DocLine,
    DocTender,
    ReceiptDoc,
    ReportDoc,
    ReportRow,
    ReportSection,
    Seller,
    tax_values,
)
from shared.audit.receipt import FORMAT, ReceiptError, parse_receipt, receipt_qr
from shared.envelope import Envelope
from shared.money import Money, format_quantity, total
from shared.payloads import CustomerPayment, Refund, Sale, Tender
from shared.signer import Signer
from terminal.store.identity import TerminalIdentity
from terminal.store.settings import Settings

PROVIDER_LABELS = {
    "mtn": "MTN MoMo",
    "telecel": "Telecel Cash",
    "airteltigo": "AirtelTigo Money",
    "visa": "Visa card",
    "mastercard": "Mastercard",
    "gh-link": "GH-Link card",
    "other": "Card",
}
METHOD_LABELS = {
    "cash": "Cash",
    "momo": "Mobile money",
    "card": "Card",
    "credit": "Credit (on account)",
}


def seller(settings: Settings, identity: TerminalIdentity, taxed_on: str | None = None) -> Seller:
    """The shop as a document's header shows it. ``taxed_on``: the day whose VAT
    registration the document's tax follows (a refund or void: the sale's own date);
    without one, the till's current profile."""
    profile = settings.profile()
    if taxed_on is None:
        registered, tin = profile.vat_registered, profile.tin
    else:
        registration = profile.registration_on(date.fromisoformat(taxed_on))
        registered, tin = registration.vat_registered, registration.tin
    return Seller(
        name=settings.shop_name,
        # A customer reads the branch's name; its code (MAIN, ACC-01) is head office's word.
        branch=settings.branch_name or identity.branch_code,
        address=settings.shop_address,
        phone=settings.shop_phone,
        tin=tin,
        vat_registered=registered,
    )


def tender_label(tender: Tender) -> str:
    if tender.provider and tender.provider in PROVIDER_LABELS:
        return PROVIDER_LABELS[tender.provider]
    return METHOD_LABELS[tender.method]


def qr_payload(receipt_no: str, envelope_hash: str) -> str:
    """The lookup QR of receipts printed before the verifiable QR (and the placeholder
    the builders below fill in until ``verifiable`` signs the real one): enough to find
    the sale and to tell a genuine receipt from a made-up number."""
    return f"BISAMA1:{receipt_no}:{envelope_hash[:16]}"


def verifiable(doc: ReceiptDoc, envelope: Envelope, signer: Signer,
               original: Envelope | None = None) -> ReceiptDoc:
    """The slip with its verifiable QR (``shared.audit.receipt``): the receipt's identity,
    totals and hash prefix, signed by the till (a void: ``original`` is the sale's
    envelope). Anyone with the till's public key can check it; head office checks it
    against the sale it stores (``bisama-sync audit receipt``). A slip whose number cannot
    be written in the QR's form keeps the lookup QR: the sale is never stopped by it."""
    try:
        return replace(doc, qr_payload=receipt_qr(envelope, signer, original))
    except ReceiptError:
        return doc


def parse_qr(text: str) -> tuple[str, str] | None:
    """The receipt number and hash prefix of a scanned receipt QR: the verifiable one
    (``BSM1|…``) or the older lookup one (``BISAMA1:…``)."""
    text = text.strip()
    if text.startswith(FORMAT + "|"):
        try:
            fields = parse_receipt(text).fields
        except ReceiptError:
            return None
        return fields.receipt_no, fields.hash16
    parts = text.split(":")
    if len(parts) == 3 and parts[0] == "BISAMA1":
        return parts[1], parts[2]
    return None


def sale_receipt(
    sale: Sale,
    *,
    settings: Settings,
    identity: TerminalIdentity,
    issued_at: str,
    cashier: str,
    envelope_hash: str,
    notes: Iterable[str] = (),
    taxed_on: str | None = None,
    invoice_no: str | None = None,
) -> ReceiptDoc:
    """The customer's receipt; with ``invoice_no`` (a customer with a TIN) it prints as a
    tax invoice. Each tender shows what was handed over, so tenders − change = total."""
    lines = tuple(
        DocLine(
            name=ln.name,
            qty=format_quantity(ln.qty),
            unit=ln.unit,
            unit_price=ln.unit_price,
            amount=ln.list_amount,
            discount=ln.discount,
            tax_code=ln.tax_code.value,
            net=ln.net,
        )
        for ln in sale.lines
    )
    t = sale.totals
    return ReceiptDoc(
        kind="sale",
        seller=seller(settings, identity, taxed_on),
        receipt_no=sale.receipt_no,
        issued_at=issued_at,
        cashier=cashier,
        lines=lines,
        subtotal=total([ln.list_amount for ln in sale.lines]),
        discount=t.discount,
        net=t.net,
        vat=t.vat,
        nhil=t.nhil,
        getfund=t.getfund,
        covid=t.covid,
        total=t.gross,
        tenders=tuple(DocTender(tender_label(x), x.tendered, x.reference) for x in sale.tenders),
        change=sale.change,
        qr_payload=qr_payload(sale.receipt_no, envelope_hash),
        customer_name=sale.customer.name if sale.customer else None,
        customer_tin=sale.customer.tin if sale.customer else None,
        footer=settings.receipt_footer,
        not_synced=settings.print_not_synced,
        notes=tuple(notes),
        by_tax_code=tax_values((ln.tax_code.value, ln.net, ln.gross) for ln in sale.lines),
        invoice_no=invoice_no,
    )


def refund_slip(
    refund: Refund,
    sold: Sale,
    *,
    settings: Settings,
    identity: TerminalIdentity,
    issued_at: str,
    cashier: str,
    envelope_hash: str,
    taxed_on: str | None = None,
    approved_by: str | None = None,
    credit_note_no: str | None = None,
    original_invoice_no: str | None = None,
) -> ReceiptDoc:
    """The refund slip; of a tax invoice (``original_invoice_no``, with the credit note's
    own ``credit_note_no``) it prints as a CREDIT NOTE naming the invoice."""
    by_no = {ln.line_no: ln for ln in sold.lines}
    lines = tuple(
        DocLine(
            name=ln.name,
            qty=format_quantity(ln.qty),
            unit=by_no[ln.line_no].unit,
            unit_price=by_no[ln.line_no].unit_price,
            amount=ln.gross,
            discount=Money.ZERO,
            tax_code=by_no[ln.line_no].tax_code.value,
            net=ln.net,
        )
        for ln in refund.lines
    )
    figures = {
        name: total([getattr(ln, name) for ln in refund.lines])
        for name in ("net", "vat", "nhil", "getfund", "covid", "gross")
    }
    return ReceiptDoc(
        kind="refund",
        seller=seller(settings, identity, taxed_on),
        receipt_no=refund.refund_no,
        issued_at=issued_at,
        cashier=cashier,
        lines=lines,
        subtotal=figures["gross"],
        discount=Money.ZERO,
        net=figures["net"],
        vat=figures["vat"],
        nhil=figures["nhil"],
        getfund=figures["getfund"],
        covid=figures["covid"],
        total=figures["gross"],
        tenders=tuple(DocTender(tender_label(x), x.amount, x.reference) for x in refund.tenders),
        change=Money.ZERO,
        qr_payload=qr_payload(refund.refund_no, envelope_hash),
        customer_name=sold.customer.name if sold.customer else None,
        customer_tin=sold.customer.tin if sold.customer else None,
        original_receipt_no=sold.receipt_no,
        reason=refund.reason,
        footer=settings.receipt_footer,
        by_tax_code=tax_values((by_no[ln.line_no].tax_code.value, ln.net, ln.gross) for ln in refund.lines),
        notes=approval_notes(approved_by),
        invoice_no=credit_note_no if original_invoice_no else None,
        original_invoice_no=original_invoice_no if credit_note_no else None,
    )


def void_slip(
    sold: Sale,
    reason: str,
    *,
    settings: Settings,
    identity: TerminalIdentity,
    issued_at: str,
    cashier: str,
    envelope_hash: str,
    taxed_on: str | None = None,
    approved_by: str | None = None,
) -> ReceiptDoc:
    """The void slip; ``approved_by`` is the approving manager's name (a person reads
    the slip, so a name, not an e-mail address)."""
    doc = sale_receipt(
        sold,
        settings=settings,
        identity=identity,
        issued_at=issued_at,
        cashier=cashier,
        envelope_hash=envelope_hash,
        taxed_on=taxed_on,
    )
    return replace(
        doc,
        kind="void",
        original_receipt_no=sold.receipt_no,
        reason=reason,
        receipt_no=f"{sold.receipt_no}-V",
        # What each tender settled (comes back to the customer), not what was handed over.
        tenders=tuple(DocTender(tender_label(x), x.amount, x.reference) for x in sold.tenders),
        change=Money.ZERO,
        notes=approval_notes(approved_by),
    )


def approval_notes(approved_by: str | None) -> tuple[str, ...]:
    return (f"Approved by {approved_by} (manager PIN)",) if approved_by else ()


def payment_receipt(
    payment: CustomerPayment,
    *,
    settings: Settings,
    identity: TerminalIdentity,
    issued_at: str,
    cashier: str,
    envelope_hash: str,
    balance: Money,
    taxed_on: str | None = None,
) -> ReceiptDoc:
    change = total([t.change for t in payment.tenders])
    return ReceiptDoc(
        kind="customer_payment",
        seller=seller(settings, identity, taxed_on),
        receipt_no=payment.payment_no,
        issued_at=issued_at,
        cashier=cashier,
        lines=(),
        subtotal=payment.amount,
        discount=Money.ZERO,
        net=payment.amount,
        vat=Money.ZERO,
        nhil=Money.ZERO,
        getfund=Money.ZERO,
        covid=Money.ZERO,
        total=payment.amount,
        tenders=tuple(DocTender(tender_label(x), x.tendered, x.reference) for x in payment.tenders),
        change=change,
        qr_payload=qr_payload(payment.payment_no, envelope_hash),
        customer_name=payment.customer.name,
        customer_tin=payment.customer.tin,
        footer=f"Balance still owed: {balance.format()}",
        notes=("Payment on account",),
    )


def report(
    kind: str,
    title: str,
    *,
    settings: Settings,
    identity: TerminalIdentity,
    printed_for: str,
    issued_at: str,
    sections: Iterable[tuple[str, Iterable[tuple[str, str]]]],
    footer: str = "",
) -> ReportDoc:
    return ReportDoc(
        kind=kind,
        title=title,
        seller=seller(settings, identity),
        printed_for=printed_for,
        issued_at=issued_at,
        sections=tuple(ReportSection(t, tuple(ReportRow(a, b) for a, b in rows)) for t, rows in sections),
        footer=footer,
    )
