"""The signed, hash-chained transaction envelope (terminal → server).

An envelope is immutable once sealed. Its ``hash`` is SHA-256 over the RFC 8785
encoding of every field except ``hash`` and ``signature``; its ``signature`` is the
terminal's Ed25519 signature over ``SIGNING_PREFIX + bytes.fromhex(hash)``. Envelopes of
one terminal form a chain: ``seq`` runs 1, 2, 3 … with no gaps and ``prev_hash`` is the
hash of the envelope before (``GENESIS_HASH`` for seq 1).

Verification says exactly what is wrong, as an ``EnvelopeError`` with a stable ``code``:
``malformed`` (with the field), ``unknown_kind``, ``unknown_schema``, ``bad_hash``,
``bad_signature``, ``seq_gap``, ``seq_repeat``, ``broken_chain``, ``wrong_terminal``.
Parsing checks only the form: a payload that reads but breaks a business rule
(``shared.rules``) parses, so its hash and signature are checked before anyone
judges its figures — the server holds it, a tampered one is ``bad_hash``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.canonical import (
    EncodingError,
    canonical_bytes,
    canonical_bytes_of_checked,
    freeze,
    sha256_hex,
    thaw,
)
from shared.errors import BisamaError, Malformed
from shared.ids import UUID_RE
from shared.keys import PublicKey
from shared.payloads import CODE_RE, EMAIL_RE, SCHEMAS, business_day, parse_payload
from shared.rules import payload_problems
from shared.signer import Signer
from shared.wire import Reader

GENESIS_HASH = "0" * 64
SIGNING_PREFIX = b"bisama-envelope-v1\n"
HASH_RE = re.compile(r"^[0-9a-f]{64}$")
SIGNATURE_RE = re.compile(r"^[0-9a-f]{128}$")
KIND_RE = re.compile(r"^[a-z_]{1,32}$")
MAX_SEQ = 2**53 - 1

# The fields covered by the hash, in documentation order.
BODY_FIELDS = ("id", "tenant", "branch", "terminal", "user", "seq", "prev_hash", "kind",
               "schema", "created_at", "business_date", "payload")


class EnvelopeError(BisamaError):
    """An envelope that must be refused; ``code`` says why, for the protocol."""

    code = "envelope_error"

    def __init__(self, message: str, *, code: str | None = None, seq: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.seq = seq
        self.field = field


class ChainError(EnvelopeError):
    """The envelopes do not follow on from each other."""


@dataclass(frozen=True, slots=True)
class Envelope:
    id: str
    tenant: str | None  # None for envelopes made before the till was enrolled
    branch: str
    terminal: str
    user: str
    seq: int
    prev_hash: str
    kind: str
    schema: int
    created_at: str  # the terminal's wall clock, ISO 8601 with offset (may be wrong)
    # The day the books date it by, YYYY-MM-DD: a sale's, refund's or payment's own day.
    business_date: str
    payload: Mapping[str, Any]  # read-only JSON data
    hash: str
    signature: str

    def body(self) -> dict[str, Any]:
        return {name: thaw(getattr(self, name)) for name in BODY_FIELDS}

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "hash": self.hash, "signature": self.signature}

    def typed_payload(self) -> Any:
        """The payload as its typed value (``Sale``, ``Refund`` …)."""
        return parse_payload(self.kind, self.schema, thaw(self.payload))


def body_hash(body: Mapping[str, Any]) -> str:
    return sha256_hex(canonical_bytes(body))


def signed_json(canonical: bytes, envelope: Envelope) -> str:
    """The whole envelope as JSON text, from its body's canonical bytes (as
    ``verify_envelope`` returns them) and its hash and signature: the same JSON as the
    till sent, without encoding it all again."""
    return (canonical[:-1].decode("utf-8") + f',"hash":"{envelope.hash}",'
            f'"signature":"{envelope.signature}"}}')


def _checked_body_hash(body: Mapping[str, Any]) -> str:
    """The hash of a body that ``seal`` or ``parse_envelope`` already checked."""
    return sha256_hex(canonical_bytes_of_checked(body))


def seal(*, id: str, tenant: str | None, branch: str, terminal: str, user: str, seq: int,
         prev_hash: str, kind: str, schema: int, created_at: datetime, business_date: str,
         payload: Mapping[str, Any], key: Signer) -> Envelope:
    """Build, hash and sign an envelope. The payload is validated first, its form and
    its business rules (``shared.rules``), so a till can never sign something the server
    would call malformed or hold for a broken rule."""
    if created_at.tzinfo is None:
        raise Malformed("created_at", "must include a time zone offset")
    body = {
        "id": id, "tenant": tenant, "branch": branch, "terminal": terminal, "user": user,
        "seq": seq, "prev_hash": prev_hash, "kind": kind, "schema": schema,
        "created_at": created_at.isoformat(timespec="milliseconds"),
        "business_date": business_date, "payload": thaw(payload),
    }
    try:
        _body, typed = _check_body(Reader(body, ""))
    except Malformed as exc:
        raise EnvelopeError(str(exc), code="malformed", field=exc.field) from None
    # The server would hold it; a till never signs one (its screens say why first).
    problems = payload_problems(typed)
    if problems:
        first = problems[0]
        raise EnvelopeError(first.message, code=first.code, field=first.field)
    digest = _checked_body_hash(body)
    signature = key.sign(SIGNING_PREFIX + bytes.fromhex(digest)).hex()
    return Envelope(**{**body, "payload": freeze(body["payload"])}, hash=digest, signature=signature)


def _check_body(r: Reader) -> tuple[dict[str, Any], Any]:
    """Field-by-field check of an envelope's body (not hash or signature); returns it and
    its typed payload."""
    body: dict[str, Any] = {
        "id": r.text("id", max_len=36, pattern=UUID_RE),
        "tenant": r.opt_text("tenant", max_len=64),
        "branch": r.text("branch", max_len=32, pattern=CODE_RE),
        "terminal": r.text("terminal", max_len=36, pattern=UUID_RE),
        "user": r.text("user", max_len=254, pattern=EMAIL_RE),
        "seq": r.integer("seq", minimum=1, maximum=MAX_SEQ),
        "prev_hash": r.text("prev_hash", max_len=64, pattern=HASH_RE),
        "kind": r.text("kind", max_len=32, pattern=KIND_RE),
        "schema": r.integer("schema", minimum=1, maximum=1000),
    }
    r.timestamp("created_at")
    body["created_at"] = r.text("created_at", max_len=40)
    body["business_date"] = business_day(r.text("business_date", max_len=10)).isoformat()
    kind, schema = body["kind"], body["schema"]
    if kind not in SCHEMAS:
        raise EnvelopeError(f"“{kind}” is not a known transaction kind", code="unknown_kind",
                            field="kind")
    if schema not in SCHEMAS[kind]:
        raise EnvelopeError(f"schema version {schema} of “{kind}” is not supported by this server",
                            code="unknown_schema", field="schema")
    payload = r.raw("payload")
    typed = parse_payload(kind, schema, payload)
    body["payload"] = payload
    return body, typed


def parse_envelope(data: object) -> Envelope:
    """Wire JSON → Envelope, checking every field. Does not check hash or signature."""
    return parse_envelope_with_payload(data)[0]


def parse_envelope_with_payload(data: object) -> tuple[Envelope, Any]:
    """``parse_envelope`` and the typed payload it checked, from one parse (the server
    would otherwise parse every payload twice)."""
    envelope, typed, _canonical = _parse(data, encode=False)
    return envelope, typed


def parse_envelope_encoded(data: object) -> tuple[Envelope, Any, bytes]:
    """``parse_envelope_with_payload`` and the canonical bytes of the envelope's body
    (what its hash is over), encoded from the checked plain data before it is frozen —
    a third of the cost of encoding the frozen body. Give them to ``verify_envelope``."""
    envelope, typed, canonical = _parse(data, encode=True)
    assert canonical is not None
    return envelope, typed, canonical


def _parse(data: object, *, encode: bool) -> tuple[Envelope, Any, bytes | None]:
    canonical = None
    try:
        r = Reader(data, "")
        body, typed = _check_body(r)
        digest = r.text("hash", max_len=64, pattern=HASH_RE)
        signature = r.text("signature", max_len=128, pattern=SIGNATURE_RE)
        r.done()
        if encode:
            canonical = canonical_bytes_of_checked(body)
    except Malformed as exc:
        raise EnvelopeError(str(exc), code="malformed", field=exc.field) from None
    except EncodingError as exc:
        raise EnvelopeError(str(exc), code="malformed") from None
    envelope = Envelope(**{**body, "payload": freeze(body["payload"])}, hash=digest,
                        signature=signature)
    return envelope, typed, canonical


def verify_envelope(envelope: Envelope, public_key: Ed25519PublicKey | PublicKey,
                    canonical: bytes | None = None) -> bytes:
    """Check the hash matches the contents and the signature is the terminal's. Returns
    the body's canonical bytes (what the hash is of). ``canonical``: those bytes as
    ``parse_envelope_encoded`` gave them with this very envelope."""
    try:
        if canonical is None:
            # The frozen payload hashes as it is; thawing a copy first (``body()``)
            # only cost time.
            canonical = canonical_bytes_of_checked({name: getattr(envelope, name)
                                                    for name in BODY_FIELDS})
        digest = sha256_hex(canonical)
    except EncodingError as exc:
        raise EnvelopeError(str(exc), code="malformed", seq=envelope.seq) from None
    if digest != envelope.hash:
        raise EnvelopeError(
            f"envelope seq {envelope.seq}: contents do not match its hash (changed after signing)",
            code="bad_hash", seq=envelope.seq)
    try:
        public_key.verify(bytes.fromhex(envelope.signature), SIGNING_PREFIX + bytes.fromhex(digest))
    except (InvalidSignature, ValueError):
        raise EnvelopeError(
            f"envelope seq {envelope.seq}: signature is not this terminal's",
            code="bad_signature", seq=envelope.seq) from None
    return canonical


def forged_unreadable(data: object, public_key: Ed25519PublicKey | PublicKey) -> EnvelopeError | None:
    """For an envelope that does not parse: ``bad_hash``/``bad_signature`` when its
    body, as sent, is not what this till signed — a figure changed after signing into
    something unreadable (a negative amount, text for a number) is tampering, not a
    till's bug. None when it cannot tell (no hash to compare, a body that cannot be
    encoded) or the envelope is authentic: then it is ``malformed`` as the till made it."""
    if not isinstance(data, Mapping):
        return None
    claimed, signature = data.get("hash"), data.get("signature")
    if not isinstance(claimed, str) or HASH_RE.fullmatch(claimed) is None:
        return None
    seq = data.get("seq")
    seq = seq if type(seq) is int else None
    try:
        digest = body_hash({name: data[name] for name in BODY_FIELDS if name in data})
    except (EncodingError, TypeError, ValueError):
        return None
    if digest != claimed:
        return EnvelopeError(f"envelope seq {seq}: contents do not match its hash (changed after "
                             "signing)", code="bad_hash", seq=seq)
    if not isinstance(signature, str) or SIGNATURE_RE.fullmatch(signature) is None:
        return None
    try:
        public_key.verify(bytes.fromhex(signature), SIGNING_PREFIX + bytes.fromhex(digest))
    except (InvalidSignature, ValueError):
        return EnvelopeError(f"envelope seq {seq}: signature is not this terminal's",
                             code="bad_signature", seq=seq)
    return None


@dataclass(frozen=True, slots=True)
class ChainHead:
    """Where a terminal's chain ends: the last seq stored and its hash."""

    seq: int = 0
    hash: str = GENESIS_HASH


def verify_chain(head: ChainHead, envelopes: Iterable[Envelope], *, terminal: str | None = None) -> ChainHead:
    """Check that ``envelopes`` follow on from ``head`` with no gap, repeat or break.
    Returns the new head."""
    current = head
    for envelope in envelopes:
        if terminal is not None and envelope.terminal != terminal:
            raise ChainError(f"envelope seq {envelope.seq} belongs to another terminal",
                             code="wrong_terminal", seq=envelope.seq)
        expected = current.seq + 1
        if envelope.seq > expected:
            raise ChainError(f"envelopes {expected}–{envelope.seq - 1} are missing (seq gap)",
                             code="seq_gap", seq=envelope.seq)
        if envelope.seq < expected:
            raise ChainError(f"seq {envelope.seq} was already used (repeat or out of order)",
                             code="seq_repeat", seq=envelope.seq)
        if envelope.prev_hash != current.hash:
            raise ChainError(f"envelope seq {envelope.seq} does not follow the previous one (broken chain)",
                             code="broken_chain", seq=envelope.seq)
        current = ChainHead(envelope.seq, envelope.hash)
    return current
