"""The till's side of sync protocol v1 (docs/sync-protocol.md): the byte-exact messages a
till signs, enrollment codes, the retry rule of every error code, and the errors the
sync client raises — each with a message a cashier or manager can act on.

Nothing here does I/O; ``transport.py`` sends what this module builds.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from shared.errors import BisamaError

API = "/api/v1"
REQUEST_PREFIX = "bisama-request-v1"
ENROLL_PREFIX = "bisama-enroll-v1"

HEADER_TENANT = "X-Bisama-Tenant"
HEADER_TERMINAL = "X-Bisama-Terminal"
HEADER_NONCE = "X-Bisama-Nonce"
HEADER_SIGNATURE = "X-Bisama-Signature"
HEADER_NEXT_NONCE = "X-Bisama-Next-Nonce"

MAX_BATCH = 500  # envelopes per push (section 6.1)
FEED_PAGE = 500  # changes per feed page (1–2000)
RECOVERY_PAGE = 500  # envelopes per /chain/envelopes page (at most 500)

# Codes look like 15-K7QX-9MPL-2RTD: the tenant id, then twelve characters of 0-9 A-Z
# without I L O U in three groups (section 4). Spaces and lowercase are forgiven and
# O reads as 0, I and L as 1.
CODE_RE = re.compile(r"^(\d{1,18})-([0-9A-Z]{4})-?([0-9A-Z]{4})-?([0-9A-Z]{4})$")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})

# The retry rule of every code in section 10 and of the push refusals in 6.3.
RETRY: dict[str, str] = {
    "malformed_request": "never",
    "too_large": "never",
    "unknown_tenant": "never",
    "tenant_suspended": "backoff",
    "unauthenticated": "now",
    "unknown_terminal": "never",
    "nonce_invalid": "now",
    "bad_request_signature": "never",
    "terminal_revoked": "never",
    "code_invalid": "never",
    "code_used": "never",
    "code_expired": "never",
    "bad_proof": "never",
    "terminal_exists": "never",
    "not_found": "never",
    "internal": "backoff",
    "unavailable": "backoff",
    "malformed": "never",
    "unknown_kind": "never",
    "unknown_schema": "never",
    "bad_hash": "never",
    "bad_signature": "never",
    "wrong_terminal": "never",
    "tenant_mismatch": "never",
    "seq_gap": "now",
    "seq_repeat": "now",
    "broken_chain": "never",
    "fork": "never",
}


def normalise_code(text: str) -> str | None:
    """``15-k7qx 9mpl-2rtd`` → ``15-K7QX-9MPL-2RTD``; None when it is not a code."""
    cleaned = re.sub(r"\s+", "", (text or "").upper()).translate(_LOOKALIKES)
    match = CODE_RE.fullmatch(cleaned)
    if match is None:
        return None
    return f"{int(match.group(1))}-{match.group(2)}-{match.group(3)}-{match.group(4)}"


def enroll_message(code: str, terminal_id: str, public_key: str) -> bytes:
    """What the till signs to prove it holds the key it enrolls (section 4.1)."""
    return "\n".join((ENROLL_PREFIX, code, terminal_id, public_key)).encode()


def request_message(method: str, path: str, body: bytes, *, nonce: str, tenant: str, terminal: str) -> bytes:
    """What the till signs for one authenticated request (section 5)."""
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join((REQUEST_PREFIX, method.upper(), path, digest, nonce, tenant, terminal)).encode()


def retry_rule(code: str, status: int) -> str:
    """``now``, ``backoff`` or ``never`` — unknown 4xx are ``never``, any 5xx ``backoff``."""
    if code in RETRY:
        return RETRY[code]
    return "backoff" if status >= 500 else "never"


def error_of(body: Any) -> tuple[str, str, Any]:
    """(code, message, detail) of an error reply; tolerant of a body that is not ours
    (a proxy's HTML page)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return "unexpected_reply", "", None
    return str(error.get("code") or "unexpected_reply"), str(error.get("message") or ""), error.get("detail")


class SyncError(BisamaError):
    """Base of the sync client's errors; ``str()`` is the message to show."""

    code = "sync_error"


class Unreachable(SyncError):
    """No answer from the server: no internet, the server down, a timeout. Retry later;
    the outbox keeps everything."""

    code = "unreachable"


class ServerRefused(SyncError):
    """The server answered with a protocol error. ``code`` is the protocol's error code,
    ``retry`` its rule (``now``, ``backoff``, ``never``), ``status`` the HTTP status."""

    def __init__(self, message: str, *, code: str, status: int, retry: str, detail: Any = None) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.retry = retry
        self.detail = detail


class EnrollmentFailed(SyncError):
    """Enrollment did not happen; nothing changed on the till."""

    code = "enrollment_failed"


class AlreadyEnrolled(EnrollmentFailed):
    code = "already_enrolled"


class NotEnrolled(SyncError):
    code = "not_enrolled"


class ChainDiverged(SyncError):
    """The till's chain and head office's differ (a fork): the till stops pushing and a
    person must look. ``seq`` is where they part."""

    code = "fork"

    def __init__(self, message: str, *, seq: int | None) -> None:
        super().__init__(message)
        self.seq = seq


class RecoveryFailed(SyncError):
    """Envelopes fetched back from head office did not check out (not this till's key,
    or not continuing its chain)."""

    code = "recovery_failed"
