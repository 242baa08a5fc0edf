"""Every slip the till prints for a sale, refund, void or payment on account carries the
verifiable QR (``shared.audit.receipt``): its own figures, signed by the till's key; the
returns screen finds a sale by it; any changed character fails."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hardware.documents import ReceiptDoc
from shared.audit.receipt import ReceiptError, receipt_fields, verify_receipt
from shared.keys import public_key_from_text
from shared.money import Money
from terminal.errors import NotFound
from terminal.returns import ReturnItem
from terminal.tenders import cash
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO, OIL


def _doc(till, reference: str) -> ReceiptDoc:
    job = till.db.one("SELECT document FROM print_jobs WHERE reference = ? ORDER BY id DESC",
                      (reference,))
    return ReceiptDoc.from_json(json.loads(job["document"]))


def _sell(till, *codes):
    for code in codes:
        till.sales.scan(code)
    return till.sales.complete([cash(till.sales.view().total)])


def test_sale_refund_and_void_slips_carry_signed_figures(till):
    key = public_key_from_text(till.identity.public_key)
    sale = _sell(till, OIL, MILO)
    sale_env = till.outbox.pending()[-1]
    doc = _doc(till, sale.receipt_no)
    qr = verify_receipt(doc.qr_payload, key)
    assert qr.fields == receipt_fields(sale_env)
    assert (qr.fields.kind, qr.fields.gross, qr.fields.tax) == ("S", doc.total,
                                                                doc.vat + doc.nhil + doc.getfund + doc.covid)
    # The returns screen finds the sale by its printed QR, and refuses a changed one.
    assert till.returns.find(doc.qr_payload).sale_id == sale.sale_id
    forged = doc.qr_payload.replace(f"|{sale_env.hash[:16]}|", "|0000000000000000|")
    with pytest.raises(NotFound):
        till.returns.find(forged)

    refund = till.returns.refund(sale.receipt_no, [ReturnItem(2, Decimal(1))], reason="wrong item",
                                 approval=till.auth.approve("refund", MANAGER, MANAGER_PIN, "ok"))
    slip = _doc(till, refund.refund_no)
    qr = verify_receipt(slip.qr_payload, key)
    assert qr.fields == receipt_fields(till.outbox.pending()[-1])
    assert qr.fields.kind == "R" and qr.fields.gross == refund.gross == slip.total

    other = _sell(till, OIL)
    other_env = till.outbox.pending()[-1]
    till.returns.void(other.receipt_no, reason="rang up twice",
                      approval=till.auth.approve("void", MANAGER, MANAGER_PIN, "ok"))
    void_env = till.outbox.pending()[-1]
    slip = _doc(till, f"{other.receipt_no}-V")
    qr = verify_receipt(slip.qr_payload, key)
    assert qr.fields == receipt_fields(void_env, other_env)
    assert qr.fields.kind == "V" and qr.fields.receipt_no == f"{other.receipt_no}-V"
    assert qr.fields.gross == other.total == Money.parse(str(slip.total))


def test_a_changed_character_fails_and_another_tills_key_fails(till):
    sale = _sell(till, OIL)
    text = _doc(till, sale.receipt_no).qr_payload
    key = public_key_from_text(till.identity.public_key)
    changed = text.replace("|MAIN-T01-", "|MAIN-T07-")
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(changed, key)
    assert caught.value.code == "bad_signature"
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with pytest.raises(ReceiptError):
        verify_receipt(text, Ed25519PrivateKey.generate().public_key())
