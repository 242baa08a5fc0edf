"""Two-factor sign-in (TOTP, RFC 6238) for the dashboard: after the password, a director
or an administrator gives the 6-digit code of their authenticator app (Google
Authenticator, Microsoft Authenticator, Aegis …), or one of their one-time recovery
codes. ``pyotp`` computes the codes (docs/security.md says why a library).

* A code is accepted one 30-second step either side of the server's clock (a phone a
  little fast or slow), and each step only once (``totp_last_step``): a code seen over
  someone's shoulder cannot be used again.
* A wrong code counts as a wrong password does (``failed_logins``, the same lockout).
* Recovery codes are shown once, when made, and stored as SHA-256 hashes (each holds
  50 random bits: no dictionary reaches them); using one strikes it off.
* Whether someone who has not enrolled must enrol at their next sign-in is the server's
  setting ``DashboardSettings.totp_roles`` (default: admin and director;
  ``BISAMA_DASHBOARD_TOTP_REQUIRED=off`` for none — the demo and the tests).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyotp
from sqlalchemy import select

from sync_server.audit.models import SYSTEM_TENANT
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.tenants.models import SystemUser, User

ISSUER = "Bisama POS"
STEP_SECONDS = 30
RECOVERY_CODES = 8
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper


class CodeRefused(Refused):
    code = "code_refused"


@dataclass(frozen=True)
class Status:
    enrolled: bool
    pending: bool
    recovery_left: int


def new_secret() -> str:
    return pyotp.random_base32()


def uri(secret: str, email: str, business: str | None) -> str:
    """The ``otpauth://`` address an authenticator app reads (from the QR code)."""
    issuer = f"{ISSUER} ({business})" if business else ISSUER
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(text: str) -> str | None:
    """The QR code of ``text`` as inline SVG, when the ``qrcode`` library is installed
    (it is with the till; a head-office-only install shows the secret as text)."""
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:
        return None
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg


def current_code(secret: str, at: float) -> str:
    """The code an authenticator shows at unix time ``at`` (tests, the CLI's check)."""
    return pyotp.TOTP(secret).at(int(at))


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    step = int(now) // STEP_SECONDS
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.at(candidate * STEP_SECONDS), code):
            return candidate
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def status(row: User | SystemUser) -> Status:
    return Status(row.totp_secret is not None, row.totp_pending is not None,
                  len((row.totp_recovery or "").split()))


# -- whose row ---------------------------------------------------------------------------


@contextmanager
def person_row(ctx: ServerContext, kind: str, person_id: str,
               tenant_id: int | None) -> Iterator[tuple[User | SystemUser, TenantScope]]:
    """The signed-in (or half signed-in) person's row, locked, with the scope its audit
    entries go to: a user in their tenant, an administrator in the system's."""
    if kind == "admin":
        with ctx.system() as session:
            admin = session.get(SystemUser, person_id, with_for_update=True)
            if admin is None or not admin.active:
                raise NotFound("This administrator account is gone or switched off.")
            yield admin, TenantScope(session, SYSTEM_TENANT)
        return
    if tenant_id is None:
        raise NotFound("No business for this sign-in.")
    with ctx.scope(tenant_id) as scope:
        user = scope.scalar(select(User).where(User.id == person_id).with_for_update())
        if user is None or user.status != "active":
            raise NotFound("This account is gone or switched off.")
        yield user, scope


def _actor(row: User | SystemUser, ip: str | None) -> Actor:
    return Actor("admin" if isinstance(row, SystemUser) else "user", row.email, ip)


# -- the second step of signing in --------------------------------------------------------


def check_code(ctx: ServerContext, row: User | SystemUser, scope: TenantScope, code: str, *,
               ip: str | None, lockout_after: int, lockout_minutes: int) -> str:
    """Accept the TOTP code or a recovery code of an enrolled person; returns "code" or
    "recovery". A wrong one is counted with the wrong passwords and may lock the
    account; ``CodeRefused`` says so in words for people. The caller commits the count
    (the scope's transaction) even when this raises."""
    now = ctx.clock.now()
    actor = _actor(row, ip)
    if row.locked_until is not None and row.locked_until > now:
        record(ctx, scope, actor, "login.refused", subject=row.email, detail={"why": "locked"})
        raise CodeRefused(_locked(lockout_minutes))
    if row.totp_secret is None:
        raise CodeRefused("Two-factor sign-in is not set up for this account.")
    typed = _normal(code)
    if len(typed) == 6 and typed.isdigit():
        step = _matching_step(row.totp_secret, typed, now.timestamp())
        if step is not None and (row.totp_last_step is None or step > row.totp_last_step):
            row.totp_last_step = step
            row.failed_logins = 0
            record(ctx, scope, actor, "login.totp", subject=row.email)
            return "code"
    elif len(typed) == 10:
        hashes = (row.totp_recovery or "").split()
        wanted = _hash(typed)
        found = next((h for h in hashes if hmac.compare_digest(h, wanted)), None)
        if found is not None:
            hashes.remove(found)
            row.totp_recovery = " ".join(hashes) or None
            row.failed_logins = 0
            record(ctx, scope, actor, "login.recovery_code", subject=row.email,
                   detail={"left": len(hashes)})
            return "recovery"
    row.failed_logins = (row.failed_logins or 0) + 1
    if row.failed_logins >= lockout_after:
        row.locked_until = now + timedelta(minutes=lockout_minutes)
        row.failed_logins = 0
        record(ctx, scope, actor, "login.locked", subject=row.email, detail={"why": "code"})
        raise CodeRefused(_locked(lockout_minutes))
    record(ctx, scope, actor, "login.failed", subject=row.email,
           detail={"why": "code", "failures": row.failed_logins})
    raise CodeRefused("That code is not right (or was used already). Type the 6 digits your "
                      "authenticator app shows now, or one of your recovery codes.")


def _locked(minutes: int) -> str:
    return (f"Too many wrong passwords or codes: this account is locked for {minutes} "
            "minutes. Wait, or ask your administrator to unlock it.")


# -- enrolling -----------------------------------------------------------------------------


def start(row: User | SystemUser) -> str:
    """The secret offered for enrolment (kept until confirmed by a code, or replaced)."""
    if row.totp_pending is None:
        row.totp_pending = new_secret()
    return row.totp_pending


def confirm(ctx: ServerContext, row: User | SystemUser, scope: TenantScope, code: str, *,
            ip: str | None) -> list[str]:
    """The first code from the app proves it holds the offered secret: it becomes the
    account's, and fresh recovery codes are made (returned to be shown once)."""
    if row.totp_pending is None:
        raise Invalid("Start setting up two-factor sign-in first (a new secret is shown).")
    typed = _normal(code)
    step = (_matching_step(row.totp_pending, typed, ctx.clock.now().timestamp())
            if len(typed) == 6 and typed.isdigit() else None)
    if step is None:
        raise CodeRefused("That code is not right: type the 6 digits the app shows for "
                          "Bisama POS now (check the phone's clock is right).")
    row.totp_secret, row.totp_pending = row.totp_pending, None
    row.totp_last_step = step
    row.totp_enrolled_at = ctx.clock.now()
    codes = new_recovery_codes()
    row.totp_recovery = " ".join(_hash(c) for c in codes)
    record(ctx, scope, _actor(row, ip), "totp.enrol", subject=row.email)
    return codes


def enrol_now(ctx: ServerContext, row: User | SystemUser, scope: TenantScope,
              actor: Actor) -> tuple[str, list[str]]:
    """Enrol without the app's first code (``bisama-sync user totp enrol``: the operator
    hands the secret over in person): the secret and the recovery codes."""
    secret = new_secret()
    row.totp_secret, row.totp_pending, row.totp_last_step = secret, None, None
    row.totp_enrolled_at = ctx.clock.now()
    codes = new_recovery_codes()
    row.totp_recovery = " ".join(_hash(c) for c in codes)
    record(ctx, scope, actor, "totp.enrol", subject=row.email, detail={"by": actor.name})
    return secret, codes


def new_recovery(ctx: ServerContext, row: User | SystemUser, scope: TenantScope,
                 actor: Actor) -> list[str]:
    if row.totp_secret is None:
        raise Invalid("Two-factor sign-in is not set up: there are no recovery codes to renew.")
    codes = new_recovery_codes()
    row.totp_recovery = " ".join(_hash(c) for c in codes)
    record(ctx, scope, actor, "totp.recovery_codes", subject=row.email)
    return codes


def reset(ctx: ServerContext, row: User | SystemUser, scope: TenantScope,
          actor: Actor) -> dict[str, Any]:
    """Forget the secret and the recovery codes (a lost phone): the person enrols again
    at their next sign-in when their role must have it."""
    was = row.totp_secret is not None
    row.totp_secret = row.totp_pending = row.totp_recovery = None
    row.totp_last_step = None
    row.totp_enrolled_at = None
    record(ctx, scope, actor, "totp.reset", subject=row.email, detail={"was_enrolled": was})
    return {"email": row.email, "was_enrolled": was}


def required(roles: frozenset[str], role: str) -> bool:
    return role in roles
