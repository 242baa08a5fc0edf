"""Authenticating a terminal on every request, replay-proof, whatever its clock says.

1. The terminal asks for a nonce (``POST /api/v1/nonce`` with its tenant and terminal
   headers). The server stores it with an expiry by *its own* clock, so a till whose
   clock is days wrong is not affected.
2. The terminal signs ``request_message(method, path, body, nonce, tenant, terminal)``
   with its Ed25519 key and sends the nonce and signature as headers.
3. The server checks the signature against the enrolled public key, then spends the
   nonce (a DELETE that must remove exactly one row, so two requests can never spend it
   twice), in its own small transaction committed before the request's work starts.
   Every authenticated reply carries a fresh nonce for the next request, so a busy till
   asks for a nonce only once.
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


def resolve_tenant(ctx: ServerContext, tenant_header: str | None) -> Tenant:
    if not tenant_header or not tenant_header.isdigit() or len(tenant_header) > 18:
        raise AuthError("unauthenticated", "The X-Bisama-Tenant header (the tenant id given at "
                        "enrollment) is missing or not a number.")
    with ctx.system() as session:
        tenant = session.get(Tenant, int(tenant_header))
    if tenant is None:
        raise AuthError("unknown_tenant", f"There is no tenant {tenant_header} on this server.")
    if tenant.status != "active":
        raise AuthError("tenant_suspended", suspended_message(tenant))
    return tenant


def _terminal(ctx: ServerContext, scope: TenantScope, terminal_id: str | None,
              now: datetime) -> Terminal:
    if not terminal_id or not is_uuid(terminal_id):
        raise AuthError("unauthenticated", "The X-Bisama-Terminal header is missing or not a "
                        "terminal id.")
    terminal = scope.get(Terminal, terminal_id)
    if terminal is None:
        raise AuthError("unknown_terminal", "This till is not enrolled with this tenant. Enroll it "
                        "with a code from the administrator.")
    if terminal.status != "active":
        raise AuthError("terminal_revoked", "An administrator revoked this till on "
                        f"{terminal.revoked_at:%Y-%m-%d}. Its sales are kept on the till; ask "
                        "the administrator to enroll it again.")
    return terminal


def _new_nonce(scope: TenantScope, terminal_id: str, now: datetime) -> str:
    scope.execute(delete(Nonce).where(Nonce.terminal_id == terminal_id, Nonce.expires_at <= now))
    open_count = scope.scalar(select(func.count()).select_from(Nonce)
                              .where(Nonce.terminal_id == terminal_id))
    if open_count >= MAX_OPEN_NONCES:
        # Someone is collecting nonces for this till; the oldest go first.
        oldest = scope.scalars(select(Nonce.nonce).where(Nonce.terminal_id == terminal_id)
                               .order_by(Nonce.expires_at).limit(open_count - MAX_OPEN_NONCES + 1))
        scope.execute(delete(Nonce).where(Nonce.nonce.in_(oldest)))
    nonce = secrets.token_hex(24)
    scope.add(Nonce(nonce=nonce, terminal_id=terminal_id,
                    expires_at=now + timedelta(seconds=NONCE_TTL_SECONDS)))
    scope.flush()
    return nonce


def issue_nonce(ctx: ServerContext, tenant_header: str | None,
                terminal_header: str | None) -> tuple[str, datetime]:
    tenant = resolve_tenant(ctx, tenant_header)
    now = ctx.clock.now()

    def work() -> str:
        with ctx.scope(tenant.id) as scope:
            terminal = _terminal(ctx, scope, terminal_header, now)
            return _new_nonce(scope, terminal.id, now)

    # MariaDB's next-key locks on the expiry DELETE deadlock two requests of one till;
    # the loser is rolled back whole and tried again rather than answered with a 503.
    nonce = with_retry(work, what="nonce")
    return nonce, now + timedelta(seconds=NONCE_TTL_SECONDS)


def authenticate(ctx: ServerContext, *, method: str, path: str, body: bytes,
                 tenant_header: str | None, terminal_header: str | None, nonce: str | None,
                 signature: str | None, touch: bool = True) -> TerminalIdentity:
    """The terminal a signed request comes from, its nonce spent and the next one
    issued. ``touch`` records the till as seen now; a push does that in its own
    transaction instead — writing the till's row here would wait for the row lock the
    till's previous push holds, and a till keeping two pushes in flight would then
    have them wait for each other (docs/sync-protocol.md 6.6)."""
    tenant = resolve_tenant(ctx, tenant_header)
    if not nonce or not signature or len(nonce) > 64 or len(signature) != 128:
        raise AuthError("unauthenticated", "X-Bisama-Nonce and X-Bisama-Signature are needed "
                        "(get a nonce from POST /api/v1/nonce).")
    now = ctx.clock.now()

    def work() -> TerminalIdentity | AuthError:
        revoked: AuthError | None = None
        with ctx.scope(tenant.id) as scope:
            try:
                terminal = _terminal(ctx, scope, terminal_header, now)
            except AuthError as exc:
                if exc.code != "terminal_revoked":
                    raise
                # Shown on the dashboard: a revoked till that still tries to connect.
                row = scope.get(Terminal, str(terminal_header))
                assert row is not None
                row.last_seen_at = now
                revoked = exc
            if revoked is None:
                message = request_message(method, path, body, nonce=nonce, tenant=str(tenant.id),
                                          terminal=terminal.id)
                try:
                    public_key_from_text(terminal.public_key).verify(bytes.fromhex(signature), message)
                except (InvalidSignature, ValueError):
                    raise AuthError("bad_request_signature", "The request signature does not verify: "
                                    "the till's key does not match the one enrolled, or the request "
                                    "was changed on the way.") from None
                spent = scope.execute(delete(Nonce).where(Nonce.nonce == nonce,
                                                          Nonce.terminal_id == terminal.id,
                                                          Nonce.expires_at > now))
                if getattr(spent, "rowcount", 0) != 1:
                    raise AuthError("nonce_invalid", "The nonce is unknown, already used or expired. "
                                    "Get a new one from POST /api/v1/nonce and sign again.")
                if touch:
                    terminal.last_seen_at = now
                next_nonce = _new_nonce(scope, terminal.id, now)
        if revoked is not None:
            return revoked  # the last_seen_at above is committed; the request is refused
        return TerminalIdentity(tenant, terminal.id, terminal.branch_code, terminal.name, next_nonce,
                                terminal.public_key, terminal.head_seq)

    # The nonce is spent and the next one issued in one transaction; if it loses a race
    # (a deadlock on MariaDB) it is rolled back whole — the nonce unspent — and retried.
    outcome = with_retry(work, what="request authentication")
    if isinstance(outcome, AuthError):
        raise outcome
    return outcome
