"""Constants of sync protocol v1 (``/api/v1``) and its error catalogue.

docs/sync-protocol.md is the contract; this module is where the server keeps the same
names and numbers, and a test checks that every error code here is documented there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

API_PREFIX = "/api/v1"
PROTOCOL_VERSION = 1

HEADER_TENANT = "X-Bisama-Tenant"
HEADER_TERMINAL = "X-Bisama-Terminal"
HEADER_NONCE = "X-Bisama-Nonce"
HEADER_SIGNATURE = "X-Bisama-Signature"
HEADER_NEXT_NONCE = "X-Bisama-Next-Nonce"

REQUEST_PREFIX = "bisama-request-v1"
ENROLL_PREFIX = "bisama-enroll-v1"

NONCE_TTL_SECONDS = 300
MAX_OPEN_NONCES = 16
MAX_BATCH = 500
MAX_BODY_BYTES = 16 * 1024 * 1024
FEED_PAGE_DEFAULT = 500
FEED_PAGE_MAX = 2000
RECOVERY_PAGE_MAX = 500
CODE_TTL_HOURS = 24


def request_message(method: str, path: str, body: bytes, *, nonce: str, tenant: str,
                    terminal: str) -> bytes:
    """What a terminal signs for one request: method, path with query, the SHA-256 of
    the body, the nonce, tenant and terminal, one per line."""
    digest = hashlib.sha256(body).hexdigest()
    lines = (REQUEST_PREFIX, method.upper(), path, digest, nonce, tenant, terminal)
    return "\n".join(lines).encode()


def enroll_message(code: str, terminal_id: str, public_key: str) -> bytes:
    """What a terminal signs to prove it holds the private key it enrolls."""
    return "\n".join((ENROLL_PREFIX, code, terminal_id, public_key)).encode()


@dataclass(frozen=True)
class ErrorKind:
    status: int
    retry: str  # "never": a person must act; "backoff": try again later; "now": retry at once
    meaning: str


ERRORS: dict[str, ErrorKind] = {
    # request level
    "malformed_request": ErrorKind(422, "never", "the request body is not what the endpoint takes"),
    "too_large": ErrorKind(413, "never", "the body is over the limit; send smaller batches"),
    "unknown_tenant": ErrorKind(404, "never", "no tenant has this host name (health)"),
    "tenant_suspended": ErrorKind(403, "backoff", "the tenant's account is suspended"),
    "unauthenticated": ErrorKind(401, "now", "authentication headers missing or malformed"),
    "unknown_terminal": ErrorKind(401, "never",
                                 "no such tenant, or this terminal is not enrolled with it"),
    "nonce_invalid": ErrorKind(401, "now", "the nonce is unknown, spent or expired; get a new one"),
    "bad_request_signature": ErrorKind(401, "never", "the request signature does not verify"),
    "terminal_revoked": ErrorKind(403, "never", "an administrator revoked this terminal"),
    "code_invalid": ErrorKind(400, "never", "the enrollment code is unknown"),
    "code_used": ErrorKind(409, "never", "the enrollment code was already used by another till"),
    "code_expired": ErrorKind(410, "never", "the enrollment code has expired"),
    "bad_proof": ErrorKind(400, "never", "the enrollment proof signature does not verify"),
    "terminal_exists": ErrorKind(409, "never",
                                 "a terminal with this id and another key is enrolled"),
    "internal": ErrorKind(500, "backoff", "the server failed; nothing was half-done"),
    "unavailable": ErrorKind(503, "backoff", "the database is busy or down; try again later"),
    "not_found": ErrorKind(404, "never", "no such resource"),
    "archived": ErrorKind(409, "backoff", "the envelopes asked for are in a month head "
                          "office archived; it must restore the month first"),
    # envelope level (in a push reply's ``refused``)
    "malformed": ErrorKind(409, "never", "an envelope field is missing or invalid"),
    "unknown_kind": ErrorKind(409, "never", "the envelope kind is not known to this server"),
    "unknown_schema": ErrorKind(409, "never", "the payload schema version is not supported"),
    "bad_hash": ErrorKind(409, "never", "the envelope's contents do not match its hash"),
    "bad_signature": ErrorKind(409, "never", "the envelope is not signed by this terminal's key"),
    "wrong_terminal": ErrorKind(409, "never", "the envelope names another terminal"),
    "tenant_mismatch": ErrorKind(409, "never", "the envelope names another tenant"),
    "seq_gap": ErrorKind(409, "now",
                         "envelopes are missing before this one; resend from expected_seq"),
    "seq_repeat": ErrorKind(409, "now", "the batch repeats a seq; resend from expected_seq"),
    "broken_chain": ErrorKind(409, "never", "prev_hash does not match the stored chain"),
    "fork": ErrorKind(409, "never", "a different envelope is already stored at this seq"),
}

# Why an authentic envelope was held (``reason_code`` of a held result).
HOLD_REASONS: dict[str, str] = {
    "unknown_branch": "the envelope's branch does not exist",
    "branch_mismatch": "the envelope's branch is not the terminal's branch",
    "unknown_location": "a stock location in the envelope does not exist in its branch",
    "transfer_repeated": "the transfer was already sent (or received) by another envelope",
    "receipt_sms_unknown_sale": "a receipt by SMS was asked for a sale the server does not hold",
    "unknown_product": "a SKU in the envelope is not in the catalogue",
    "unknown_customer": "the customer is not registered on the server",
    "totals_mismatch": "the lines' totals or taxes do not recompute",
    "no_tax_regime": "no tax regime of the tenant covers the business date",
    "over_credit_limit": "the credit sale takes the customer past the credit limit "
                         "without approval",
    "future_date": "the business date is more than a day after the server's date",
    "unknown_sale": "the sale being refunded or voided is not on the server",
    "sale_archived": "the sale being refunded or voided is in a month head office archived",
    "sale_voided": "the sale being refunded or voided was already voided",
    "sale_has_returns": "a sale with returns cannot be voided; refund the rest instead",
    "return_exceeds_sale": "more would be returned than was sold",
    "refund_mismatch": "the refund's figures do not recompute from the sold line",
    "duplicate_receipt": "the terminal already used this receipt number for another sale",
    "duplicate_id": "another envelope already has this id",
    "invalid_text": "text in the envelope contains a NUL character, which cannot be stored",
    # Master data is the server's (sync.masterdata): a line or person differs from what
    # head office published to the till.
    "price_mismatch": "a line's price is not the one its price list had at the till's "
                      "catalogue revision (or, schema 1, at the sale's time)",
    "tax_code_mismatch": "a line's tax code is not the product's at the till's catalogue "
                         "revision (or, schema 1, at the sale's time)",
    "unit_mismatch": "a line's unit is not one the product is sold in, or holds another "
                     "number of base units",
    "not_weighed": "a product that is not weighed was sold in part of a unit",
    "unknown_price_list": "the sale's price list does not exist",
    "price_list_mismatch": "the sale was priced tax-inclusive on an exclusive price list "
                           "or the reverse",
    "unapproved_override": "a price was changed without the approval of a user allowed "
                           "to change prices",
    "unapproved_discount": "a line or order discount beyond the seller's limit without the "
                           "approval of a user whose limit covers it",
    "momo_reuse": "a MoMo reference another sale of the tenant already used, without a "
                  "manager's momo_reuse approval",
    "unknown_user": "the envelope's user is not a user of the tenant",
    "user_not_allowed": "the envelope's user is inactive or works at another branch",
    # Issue [13] scope 1 (shared.running): the previous envelope's running totals plus
    # this one's own figures are not the running totals it carries.
    "running_total_mismatch": "the running totals do not follow on from the till's previous "
                              "sale, refund or void (both figures are named)",
}
