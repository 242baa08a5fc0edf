"""Signed session cookies and CSRF tokens: a small HMAC-SHA256 scheme on the standard
library (see docs/dashboard.md for why no extra library).

A session cookie is ``base64url(JSON payload) "." base64url(HMAC)``. The payload names
the person (user or system admin), their tenant, a random session id, when it was
issued and a fingerprint of their password hash — so changing a password ends every
other session of that person. The CSRF token of a session is an HMAC of its session
id: it is the same on every form of the session and useless in another session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

SESSION_COOKIE = "bisama_session"
LOGIN_COOKIE = "bisama_login"  # double-submit token of the sign-in form (before a session)
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, purpose: str, data: bytes) -> bytes:
    return hmac.new(secret, purpose.encode() + b"\n" + data, hashlib.sha256).digest()


def password_fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SessionClaims:
    kind: str  # "user" or "admin"
    person_id: str
    tenant_id: int | None  # the user's tenant; for an admin, the tenant being looked at
    session_id: str
    issued_at: int  # unix seconds
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {"k": self.kind, "p": self.person_id, "t": self.tenant_id, "s": self.session_id,
                "i": self.issued_at, "f": self.fingerprint}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionClaims:
        tenant = data["t"]
        if data["k"] not in ("user", "admin") or not (tenant is None or isinstance(tenant, int)):
            raise ValueError("bad session payload")
        return cls(str(data["k"]), str(data["p"]), tenant, str(data["s"]), int(data["i"]),
                   str(data["f"]))


def new_session_id() -> str:
    return secrets.token_hex(16)


def sign_session(secret: bytes, claims: SessionClaims) -> str:
    body = json.dumps(claims.to_json(), separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(body)}.{_b64(_mac(secret, 'session', body))}"


def read_session(secret: bytes, cookie: str | None, *, now: int,
                 max_age_seconds: int) -> SessionClaims | None:
    """The claims of a genuine, unexpired cookie; None for anything else."""
    if not cookie or cookie.count(".") != 1 or len(cookie) > 4096:
        return None
    body_text, mac_text = cookie.split(".")
    try:
        body, mac = _unb64(body_text), _unb64(mac_text)
    except ValueError:
        return None
    if not hmac.compare_digest(mac, _mac(secret, "session", body)):
        return None
    try:
        claims = SessionClaims.from_json(json.loads(body))
    except (ValueError, KeyError, TypeError):
        return None
    if not 0 <= now - claims.issued_at <= max_age_seconds:
        return None
    return claims


def csrf_token(secret: bytes, session_id: str) -> str:
    return _mac(secret, "csrf", session_id.encode()).hex()[:40]


def csrf_ok(secret: bytes, session_id: str, presented: str | None) -> bool:
    if not presented:
        return False
    return hmac.compare_digest(presented.encode(), csrf_token(secret, session_id).encode())
