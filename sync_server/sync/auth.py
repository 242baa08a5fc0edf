"""Authenticating a terminal on every request, replay-proof, whatever its clock says.

1. The terminal asks for a nonce (``POST /api/v1/nonce`` with its tenant and terminal
   headers). The server stores it with an expiry by *its own* clock, so a till whose
   clock is days wrong is not affected.
2. The terminal signs ``request_message(method, path, body, nonce, tenant, terminal)``
   with its Ed25519 key and sends the nonce and signature as headers.
3. The server checks the signature against the enrolled public key, then spends the
   nonce (a DELETE … RETURNING that must return it unexpired, so two requests can never
   spend it twice; the till's expired nonces go in the same statement), in its own small
   transaction committed before the request's work starts.
   Every authenticated reply carries a fresh nonce for the next request, so a busy till
   asks for a nonce only once.

Nothing is told to a caller who has not proved to be the till (docs/security.md): the
nonce endpoint answers every well-formed request alike, with a nonce that is worthless
when the tenant or till does not exist, is suspended or revoked; a signed request of a
tenant or till that does not exist is refused ``unknown_terminal`` either way, so tenant
ids cannot be enumerated. Only a request whose signature verifies with the enrolled key
learns that its tenant is suspended (and why) or that its till was revoked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from sqlalchemy import delete, func, select

from shared.ids import is_uuid
from shared.keys import public_key_from_text
from sync_server.context import ServerContext
from sync_server.db.retry import with_retry
from sync_server.db.scope import TenantScope
from sync_server.sync.protocol import MAX_OPEN_NONCES, NONCE_TTL_SECONDS, request_message
from sync_server.tenants.models import Tenant
from sync_server.terminals.models import Nonce, Terminal
from sync_server.terminals.services import suspended_message


class AuthError(Exception):
    """Refused; ``code`` is the protocol error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class TerminalIdentity:
    tenant: Tenant
    terminal_id: str
    branch_code: str
    name: str
    next_nonce: str
    public_key: str = ""  # as enrolled, when the request was authenticated
    head_seq: int | None = None  # the till's chain head on the server, as authentication read it


def _not_enrolled() -> AuthError:
    # The same words whether the tenant or only the till is unknown.
    return AuthError("unknown_terminal", "This till is not enrolled with this tenant on this "
                     "server. Check the server address, or enroll it with a code from the "
                     "administrator.")


def _tenant_of(ctx: ServerContext, tenant_header: str | None) -> Tenant | None:
    """The tenant the header names, whatever its state; None when there is none."""
    if not tenant_header or not tenant_header.isdigit() or len(tenant_header) > 18:
        raise AuthError("unauthenticated", "The X-Bisama-Tenant header (the tenant id given at "
                        "enrollment) is missing or not a number.")
    return ctx.tenant(int(tenant_header))


def _terminal_id(terminal_header: str | None) -> str:
    if not terminal_header or not is_uuid(terminal_header):
        raise AuthError("unauthenticated", "The X-Bisama-Terminal header is missing or not a "
                        "terminal id.")
    return terminal_header


def _refusal(tenant: Tenant, terminal: Terminal) -> AuthError | None:
    """Why an authentic till is refused, if it is: only it may be told."""
    if tenant.status != "active":
        return AuthError("tenant_suspended", suspended_message(tenant))
    if terminal.status != "active":
        return AuthError("terminal_revoked", "An administrator revoked this till on "
                         f"{terminal.revoked_at:%Y-%m-%d}. Its sales are kept on the till; ask "
                         "the administrator to enroll it again.")
    return None


def _new_nonce(scope: TenantScope, terminal_id: str, now: datetime) -> str:
    scope.execute(delete(Nonce).where(Nonce.terminal_id == terminal_id, Nonce.expires_at <= now))
    open_count = scope.scalar(select(func.count()).select_from(Nonce)
                              .where(Nonce.terminal_id == terminal_id))
    if open_count >= MAX_OPEN_NONCES:
        # Someone is collecting nonces for this till; the oldest go first.
        oldest = scope.scalars(select(Nonce.nonce).where(Nonce.terminal_id == terminal_id)
                               .order_by(Nonce.expires_at).limit(open_count - MAX_OPEN_NONCES + 1))
        scope.execute(delete(Nonce).where(Nonce.nonce.in_(oldest)))
    return _add_nonce(scope, terminal_id, now)


def _add_nonce(scope: TenantScope, terminal_id: str, now: datetime) -> str:
    nonce = secrets.token_hex(24)
    scope.add(Nonce(nonce=nonce, terminal_id=terminal_id,
                    expires_at=now + timedelta(seconds=NONCE_TTL_SECONDS)))
    scope.flush()
    return nonce


def _spend(scope: TenantScope, terminal_id: str, nonce: str, now: datetime) -> bool:
    """Spend the till's ``nonce`` (True when it was open) and sweep its expired ones, in
    one statement. A signed request spends one nonce and is given one, so it cannot
    raise the till's open count: only ``issue_nonce`` needs to count and trim them.
    (Two statements and a count on every request before: each a round trip.)"""
    gone = scope.execute(delete(Nonce).where(
        Nonce.terminal_id == terminal_id, (Nonce.nonce == nonce) | (Nonce.expires_at <= now))
        .returning(Nonce.nonce, Nonce.expires_at)).all()
    return any(row.nonce == nonce and row.expires_at > now for row in gone)


def issue_nonce(ctx: ServerContext, tenant_header: str | None,
                terminal_header: str | None) -> tuple[str, datetime]:
    """A nonce for the till. For a tenant or till that does not exist, is suspended or
    revoked, the reply is the same but the nonce is not stored: the request signed with
    it is refused, and only a till that proves its key is told why."""
    tenant = _tenant_of(ctx, tenant_header)
    terminal_id = _terminal_id(terminal_header)
    now = ctx.clock.now()
    expires = now + timedelta(seconds=NONCE_TTL_SECONDS)
    if tenant is None or tenant.status != "active":
        return secrets.token_hex(24), expires

    def work() -> str:
        with ctx.scope(tenant.id) as scope:
            terminal = scope.get(Terminal, terminal_id)
            if terminal is None or terminal.status != "active":
                return secrets.token_hex(24)
            return _new_nonce(scope, terminal.id, now)

    # MariaDB's next-key locks on the expiry DELETE deadlock two requests of one till;
    # the loser is rolled back whole and tried again rather than answered with a 503.
    nonce = with_retry(work, what="nonce")
    return nonce, expires


def authenticate(ctx: ServerContext, *, method: str, path: str, body: bytes,
                 tenant_header: str | None, terminal_header: str | None, nonce: str | None,
                 signature: str | None, touch: bool = True) -> TerminalIdentity:
    """The terminal a signed request comes from, its nonce spent and the next one
    issued. ``touch`` records the till as seen now; a push does that in its own
    transaction instead — writing the till's row here would wait for the row lock the
    till's previous push holds, and a till keeping two pushes in flight would then
    have them wait for each other (docs/sync-protocol.md 6.6)."""
    tenant = _tenant_of(ctx, tenant_header)
    if not nonce or not signature or len(nonce) > 64 or len(signature) != 128:
        raise AuthError("unauthenticated", "X-Bisama-Nonce and X-Bisama-Signature are needed "
                        "(get a nonce from POST /api/v1/nonce).")
    terminal_id = _terminal_id(terminal_header)
    if tenant is None:
        raise _not_enrolled()
    now = ctx.clock.now()

    def work() -> TerminalIdentity | AuthError:
        refused: AuthError | None = None
        with ctx.scope(tenant.id) as scope:
            terminal = scope.get(Terminal, terminal_id)
            if terminal is None:
                raise _not_enrolled()
            message = request_message(method, path, body, nonce=nonce, tenant=str(tenant.id),
                                      terminal=terminal.id)
            try:
                public_key_from_text(terminal.public_key).verify(bytes.fromhex(signature), message)
            except (InvalidSignature, ValueError):
                raise AuthError("bad_request_signature", "The request signature does not verify: "
                                "the till's key does not match the one enrolled, or the request "
                                "was changed on the way.") from None
            # The till has proved its key: it may now be told why it is refused.
            refused = _refusal(tenant, terminal)
            if refused is not None:
                if refused.code == "terminal_revoked":
                    # Shown on the dashboard: a revoked till that still tries to connect.
                    terminal.last_seen_at = now
            else:
                if not _spend(scope, terminal.id, nonce, now):
                    raise AuthError("nonce_invalid", "The nonce is unknown, already used or "
                                    "expired. Get a new one from POST /api/v1/nonce and sign "
                                    "again.")
                if touch:
                    terminal.last_seen_at = now
                next_nonce = _add_nonce(scope, terminal.id, now)
        if refused is not None:
            return refused  # the last_seen_at above is committed; the request is refused
        return TerminalIdentity(tenant, terminal.id, terminal.branch_code, terminal.name, next_nonce,
                                terminal.public_key, terminal.head_seq)

    # The nonce is spent and the next one issued in one transaction; if it loses a race
    # (a deadlock on MariaDB) it is rolled back whole — the nonce unspent — and retried.
    outcome = with_retry(work, what="request authentication")
    if isinstance(outcome, AuthError):
        raise outcome
    return outcome
