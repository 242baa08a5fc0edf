"""The receipt's verifiable QR code (issue [13], scope 3): what it carries, how the till
signs it and how anyone checks it with nothing but the till's public key.

The QR text is one line of ``|``-separated fields (docs/audit.md, "Checking a receipt")::

    BSM1|S|7|0193…-…|42|MAIN-T01-000042|20261121T140512Z|125.50|19.74|3f9a0c…|<signature>

    BSM1        the format and its version
    S           what the slip is: S sale, R refund, V void, P payment on account
    7           the tenant (head office's id of the business; ``-`` before enrollment)
    0193…       the till (terminal id, a UUID)
    42          the envelope's seq in that till's chain
    MAIN-T01-…  the number printed on the slip (a void: the sale's number and ``-V``)
    2026…Z      when the till recorded it, UTC, to the second
    125.50      the total in cedis (gross, with VAT and levies)
    19.74       the VAT and levies in it (VAT + NHIL + GETFund + COVID-19)
    3f9a0c…     the first 16 hex characters of the envelope's hash (its place in the chain)
    signature   Ed25519 by the till's key over ``bisama-receipt-v1\\n`` + every character
                before the last ``|``, as 86 characters of unpadded base64url

Every field is checked against its strict form and the signature covers the text
byte for byte, so changing any single character makes the receipt fail. Ed25519 is
deterministic: a reprint carries the same QR as the first print. A receipt's fields come
from its envelope alone (``receipt_fields``), so head office can check a QR against the
sale it stores (``sync_server.auditor.receipt``).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.envelope import Envelope
from shared.errors import BisamaError
from shared.keys import PublicKey
from shared.money import Money, total
from shared.signer import Signer

FORMAT = "BSM1"
SIGNING_PREFIX = b"bisama-receipt-v1\n"
KINDS = {"sale": "S", "refund": "R", "void": "V", "customer_payment": "P"}
KIND_NAMES = {"S": "sale", "R": "refund", "V": "void", "P": "payment on account"}
FIELDS = ("format", "kind", "tenant", "terminal", "seq", "receipt_no", "time", "gross", "tax",
          "hash16", "signature")
_FORMS = {
    "format": re.compile(r"BSM1"),
    "kind": re.compile(r"[SRVP]"),
    "tenant": re.compile(r"-|[A-Za-z0-9][A-Za-z0-9._-]{0,19}"),
    "terminal": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "seq": re.compile(r"[1-9][0-9]{0,15}"),
    "receipt_no": re.compile(r"[\x21-\x7b\x7d\x7e]{1,48}"),  # printable ASCII but | and space
    "time": re.compile(r"[0-9]{8}T[0-9]{6}Z"),
    "gross": re.compile(r"(0|[1-9][0-9]{0,12})\.[0-9]{2}"),
    "tax": re.compile(r"(0|[1-9][0-9]{0,12})\.[0-9]{2}"),
    "hash16": re.compile(r"[0-9a-f]{16}"),
    "signature": re.compile(r"[A-Za-z0-9_-]{86}"),
}
MAX_LENGTH = 320  # the longest a till can make is 281 characters


class ReceiptError(BisamaError):
    """A receipt QR that does not verify; ``code`` says why (docs/audit.md)."""

    code = "receipt_error"

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


@dataclass(frozen=True, slots=True)
class ReceiptFields:
    """What a receipt's QR says, without its signature."""

    kind: str  # S, R, V or P
    tenant: str
    terminal: str
    seq: int
    receipt_no: str
    time: str
    gross: Money
    tax: Money
    hash16: str

    def text(self) -> str:
        """The signed part of the QR text (everything before the last ``|``)."""
        return "|".join((FORMAT, self.kind, self.tenant, self.terminal, str(self.seq),
                         self.receipt_no, self.time, str(self.gross), str(self.tax), self.hash16))

    def differences(self, other: ReceiptFields) -> list[str]:
        """The names of the fields where ``other`` says something else."""
        return [name for name in ("kind", "tenant", "terminal", "seq", "receipt_no", "time",
                                  "gross", "tax", "hash16")
                if getattr(self, name) != getattr(other, name)]


@dataclass(frozen=True, slots=True)
class ReceiptQr:
    fields: ReceiptFields
    signature: bytes

    @property
    def text(self) -> str:
        return self.fields.text() + "|" + b64url(self.signature)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _from_b64url(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url(raw) != text:  # the unused low bits of the last character must be zero
        raise ValueError("not canonical base64url")
    return raw


def utc_second(created_at: str) -> str:
    """An envelope's ``created_at`` (ISO 8601 with offset) as the QR's ``time``."""
    moment = datetime.fromisoformat(created_at)
    if moment.tzinfo is None:
        raise ValueError("created_at has no time zone offset")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _tax(figures: Any) -> Money:
    return total([figures.vat, figures.nhil, figures.getfund, figures.covid])


def receipt_fields(envelope: Envelope, original: Envelope | None = None) -> ReceiptFields:
    """The QR fields of the slip printed for ``envelope`` (a sale, refund, void or payment
    on account). A void's slip shows the voided sale: pass the sale's envelope as
    ``original``. Raises ``ReceiptError`` for any other kind."""
    kind = KINDS.get(envelope.kind)
    if kind is None:
        raise ReceiptError(f"a “{envelope.kind}” prints no receipt with a verifiable QR",
                           code="not_a_receipt")
    payload = envelope.typed_payload()
    if kind == "S":
        number, gross, tax = payload.receipt_no, payload.totals.gross, _tax(payload.totals)
    elif kind == "R":
        number = payload.refund_no
        gross = total([line.gross for line in payload.lines])
        tax = total([_tax(line) for line in payload.lines])
    elif kind == "V":
        if original is None or original.kind != "sale" or original.id != payload.original_id:
            raise ReceiptError("a void's receipt needs the sale it voids", code="no_original")
        sold = original.typed_payload()
        number, gross, tax = f"{payload.original_receipt_no}-V", sold.totals.gross, _tax(sold.totals)
    else:
        number, gross, tax = payload.payment_no, payload.amount, Money.ZERO
    return ReceiptFields(kind=kind, tenant=envelope.tenant or "-", terminal=envelope.terminal,
                         seq=envelope.seq, receipt_no=number, time=utc_second(envelope.created_at),
                         gross=gross, tax=tax, hash16=envelope.hash[:16])


def sign_receipt(fields: ReceiptFields, signer: Signer) -> str:
    """The QR text of a receipt, signed by the till. Raises ``ReceiptError`` when a field
    cannot be written in the QR's form (a receipt number with a space or ``|``)."""
    text = fields.text()
    if not text.isascii():
        raise ReceiptError("a receipt QR is ASCII only", code="malformed")
    signature = signer.sign(SIGNING_PREFIX + text.encode("ascii"))
    qr = ReceiptQr(fields, signature).text
    parse_receipt(qr)  # every field in its form, or no QR at all
    return qr


def receipt_qr(envelope: Envelope, signer: Signer, original: Envelope | None = None) -> str:
    return sign_receipt(receipt_fields(envelope, original), signer)


def parse_receipt(text: str) -> ReceiptQr:
    """Read a QR text (surrounding spaces and line ends are ignored). Checks the form of
    every field, not the signature (``verify_receipt``)."""
    if not isinstance(text, str):
        raise ReceiptError("the receipt's text is missing", code="malformed")
    text = text.strip()
    if len(text) > MAX_LENGTH:
        raise ReceiptError("this is too long to be a Bisama receipt's QR code", code="malformed")
    parts = text.split("|")
    if not parts or parts[0] != FORMAT:
        raise ReceiptError("this is not a Bisama verifiable receipt code (it should start "
                           "with BSM1|)", code="malformed", field="format")
    if len(parts) != len(FIELDS):
        raise ReceiptError(f"a receipt code has {len(FIELDS)} parts separated by |; this one has "
                           f"{len(parts)}", code="malformed")
    values = dict(zip(FIELDS, parts, strict=True))
    for name, form in _FORMS.items():
        if not form.fullmatch(values[name]):
            raise ReceiptError(f"the receipt code's {name.replace('_', ' ')} "
                               f"“{values[name][:60]}” is not in its form", code="malformed",
                               field=name)
    try:
        signature = _from_b64url(values["signature"])
    except ValueError:
        raise ReceiptError("the receipt code's signature is not in its form", code="malformed",
                           field="signature") from None
    fields = ReceiptFields(kind=values["kind"], tenant=values["tenant"],
                           terminal=values["terminal"], seq=int(values["seq"]),
                           receipt_no=values["receipt_no"], time=values["time"],
                           gross=Money.parse(values["gross"]), tax=Money.parse(values["tax"]),
                           hash16=values["hash16"])
    if fields.text() != text.rsplit("|", 1)[0]:  # e.g. a figure written another way
        raise ReceiptError("the receipt code is not in its exact form", code="malformed")
    return ReceiptQr(fields, signature)


def verify_receipt(text: str, public_key: PublicKey | Ed25519PublicKey) -> ReceiptQr:
    """Check a receipt's QR text with the till's public key: its form and its signature.
    Returns what it says; raises ``ReceiptError`` (``malformed`` or ``bad_signature``)."""
    qr = parse_receipt(text)
    try:
        public_key.verify(qr.signature, SIGNING_PREFIX + qr.fields.text().encode("ascii"))
    except (InvalidSignature, ValueError):
        raise ReceiptError("the signature does not match: this receipt was changed or was not "
                           "made by this till", code="bad_signature") from None
    return qr


def describe(qr: ReceiptQr) -> str:
    f = qr.fields
    return (f"{KIND_NAMES[f.kind]} {f.receipt_no}, till {f.terminal} seq {f.seq}, "
            f"{f.time}, total {f.gross} (VAT and levies {f.tax})")


def check_in_export(text: str, folder: Any) -> ReceiptQr:
    """Check a receipt against an auditor's export (``shared.audit``, docs/audit.md), with
    no server: signed by the key the manifest names for its till, and equal to that
    till's envelope of that seq in the export — itself checked against the same key (a
    void: with the sale it voids). ``folder``: a ``shared.audit.verify.Folder`` or a
    path. Raises ``ReceiptError``: ``malformed``, ``unknown_till``, ``bad_signature``,
    ``not_in_export``, ``mismatch``. Check the export as a whole with ``verify_export``."""
    import json

    from shared.envelope import EnvelopeError, parse_envelope, verify_envelope
    from shared.keys import KeyError_, public_key_from_text

    if isinstance(folder, str):
        from shared.audit.files import DiskFolder

        folder = DiskFolder(folder)
    qr = parse_receipt(text)
    f = qr.fields
    try:
        manifest = json.loads((folder.read("manifest.json") or b"").decode("utf-8"))
        till = next(t for t in manifest["tills"] if t.get("terminal") == f.terminal)
        key = public_key_from_text(till["public_key"])
    except (ValueError, KeyError, TypeError, StopIteration, KeyError_):
        raise ReceiptError("the export names no till with this receipt's id (or its manifest "
                           "is unreadable)", code="unknown_till") from None
    verify_receipt(text, key)
    records: dict[str, Envelope] = {}
    wanted: Envelope | None = None
    for line in (folder.read(f"envelopes/{f.terminal}.jsonl") or b"").splitlines():
        try:
            envelope = parse_envelope(json.loads(line))
        except (ValueError, EnvelopeError):
            continue
        records[envelope.id] = envelope
        if envelope.seq == f.seq:
            wanted = envelope
    if wanted is None:
        raise ReceiptError(f"the export holds no record {f.seq} of this till (another period?)",
                           code="not_in_export")
    try:
        verify_envelope(wanted, key)
        original = records.get(str(wanted.payload.get("original_id"))) if wanted.kind == "void" else None
        if original is not None:
            verify_envelope(original, key)
        expected = receipt_fields(wanted, original)
    except EnvelopeError as exc:
        raise ReceiptError(f"the export's record {f.seq} is not genuine: {exc}",
                           code="mismatch") from None
    differences = expected.differences(f)
    if differences:
        raise ReceiptError("signed by the till, but its record in the export differs in "
                           + ", ".join(differences), code="mismatch", field=differences[0])
    return qr
