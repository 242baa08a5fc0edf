"""Checking a receipt's verifiable QR at head office (``bisama-sync audit receipt``, the
dashboard's Audit → Check a receipt; docs/audit.md).

A receipt is genuine when its QR is signed by the key of a till of this business
(``shared.audit.receipt.verify_receipt``) and says exactly what the stored envelope of
that till and seq says: the slip's kind and number, the time, the total, the VAT and
levies and the start of the envelope's hash. The text may come from a scanner, be typed
off a photo, or be read here from an image of the QR (``decode_image``).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from shared.audit.receipt import (
    KIND_NAMES,
    ReceiptError,
    ReceiptQr,
    parse_receipt,
    receipt_fields,
    verify_receipt,
)
from shared.envelope import EnvelopeError, parse_envelope
from shared.keys import KeyError_, public_key_from_text
from sync_server.db.scope import TenantScope
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Terminal

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
FIELD_WORDS = {"kind": "what the slip is", "tenant": "the business", "terminal": "the till",
               "seq": "the place in the till's chain", "receipt_no": "the receipt number",
               "time": "the time", "gross": "the total", "tax": "the VAT and levies",
               "hash16": "the chain hash"}


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    """The verdict on one receipt. ``code``: ``good``; ``malformed``, ``unknown_till``,
    ``bad_signature`` (forged or changed); ``not_received`` (genuinely signed, but head
    office has not received that envelope yet); ``archived``; ``mismatch`` (signed, but
    the stored sale says something else: ``differences``)."""

    code: str
    message: str
    qr: ReceiptQr | None = None
    till: str | None = None
    branch: str | None = None
    differences: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.code == "good"

    def to_json(self) -> dict[str, Any]:
        f = self.qr.fields if self.qr else None
        return {"ok": self.ok, "code": self.code, "message": self.message, "till": self.till,
                "branch": self.branch, "differences": list(self.differences),
                "receipt": None if f is None else {
                    "kind": KIND_NAMES[f.kind], "receipt_no": f.receipt_no, "terminal": f.terminal,
                    "seq": f.seq, "time": f.time, "gross": str(f.gross), "tax": str(f.tax),
                    "hash16": f.hash16}}


def check_receipt(scope: TenantScope, text: str, *, branch: str | None = None) -> ReceiptCheck:
    """Check a receipt QR's text against this business's tills and stored envelopes.
    ``branch``: only that branch's tills count (a manager's own branch)."""
    try:
        qr = parse_receipt(text)
    except ReceiptError as exc:
        return ReceiptCheck("malformed", str(exc))
    f = qr.fields
    terminal = scope.get(Terminal, f.terminal)
    if terminal is None or (branch is not None and terminal.branch_code != branch):
        return ReceiptCheck("unknown_till", "No till of this business has that id: the receipt "
                            "is not from this business (or the code was changed).", qr)
    names: dict[str, Any] = {"till": terminal.name, "branch": terminal.branch_code}
    try:
        verify_receipt(text, public_key_from_text(terminal.public_key))
    except (ReceiptError, KeyError_):
        return ReceiptCheck("bad_signature", "NOT GENUINE: the signature is not this till's. "
                            "The receipt was changed or made up.", qr, **names)
    stored = _stored(scope, f.terminal, f.seq)
    if stored is None:
        return ReceiptCheck("not_received", f"Signed by {terminal.name}, but head office has "
                            f"not received its record {f.seq} yet (the till has not synced). "
                            "Check again after it syncs.", qr, **names)
    if stored.startswith('{"archived"'):
        return ReceiptCheck("archived", "Signed by this till; its record is in an archived month: "
                            "bring the month back (bisama-sync archive restore) to compare the "
                            "figures.", qr, **names)
    try:
        envelope = parse_envelope(json.loads(stored))
        original = None
        if envelope.kind == "void":
            body = _stored_by_id(scope, str(envelope.payload["original_id"]))
            original = parse_envelope(json.loads(body)) if body else None
        expected = receipt_fields(envelope, original)
    except (ReceiptError, EnvelopeError, ValueError) as exc:
        return ReceiptCheck("mismatch", f"Signed by this till, but its record {f.seq} is not a "
                            f"receipt it could print ({exc}).", qr, **names)
    differences = tuple(expected.differences(f))
    if differences:
        words = ", ".join(FIELD_WORDS[d] for d in differences)
        return ReceiptCheck("mismatch", f"Signed by {terminal.name}, but the record head "
                            f"office holds differs in {words}.", qr, differences=differences,
                            **names)
    return ReceiptCheck("good", f"GENUINE: {KIND_NAMES[f.kind]} {f.receipt_no} of "
                        f"{terminal.name} ({terminal.branch_code}), total GH₵ {f.gross}, VAT and "
                        f"levies GH₵ {f.tax} — matches the record head office holds.", qr, **names)


def _stored(scope: TenantScope, terminal: str, seq: int) -> str | None:
    body: str | None = scope.scalar(select(StoredEnvelope.body).where(
        StoredEnvelope.terminal_id == terminal, StoredEnvelope.seq == seq,
        StoredEnvelope.fork_no == 0))
    return body


def _stored_by_id(scope: TenantScope, envelope_id: str) -> str | None:
    body: str | None = scope.scalar(select(StoredEnvelope.body).where(
        StoredEnvelope.envelope_id == envelope_id, StoredEnvelope.fork_no == 0).limit(1))
    return body


class ImageError(ValueError):
    """An uploaded picture with no readable receipt QR in it."""


def decode_image(data: bytes) -> str:
    """The text of the QR code in a photo or scan (PNG, JPEG …), read with zxing-cpp."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ImageError("Choose a picture of the receipt's QR code.")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError("The picture is over 8 MB; take a smaller one.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ImageError("The picture is too large; take a smaller one.")
            grey = image.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        if isinstance(exc, ImageError):
            raise
        raise ImageError("That file is not a picture this page can read (use PNG or JPEG).") from None
    found = [b.text for b in zxingcpp.read_barcodes(grey)]
    if not found:
        raise ImageError("No QR code could be read in the picture: take it straight on, sharp "
                         "and well lit, or type the code's text.")
    ours = [t for t in found if t.startswith("BSM1|")]
    return ours[0] if ours else found[0]
