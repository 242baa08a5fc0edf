"""Enrollment codes, enrolling a till, listing and revoking terminals."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy import select

from shared.envelope import GENESIS_HASH
from shared.ids import is_uuid
from shared.keys import KeyError_, public_key_from_text
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.security import random_code
from sync_server.sync.changes import Change, record_changes
from sync_server.sync.protocol import CODE_TTL_HOURS, enroll_message
from sync_server.tenants.models import Branch, Tenant
from sync_server.terminals.models import EnrollmentCode, Heartbeat, Terminal

CODE_RE = re.compile(r"^(\d{1,18})-([0-9A-Z]{4})-?([0-9A-Z]{4})-?([0-9A-Z]{4})$")
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})


class EnrollmentError(Exception):
    """Enrollment refused; ``code`` is the protocol error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalise_code(text: str) -> tuple[int, str] | None:
    """``15-k7qx 9mpl-2rtd`` → (15, ``15-K7QX-9MPL-2RTD``); None when it is no code."""
    cleaned = re.sub(r"\s+", "", (text or "").upper()).translate(_CROCKFORD)
    match = CODE_RE.fullmatch(cleaned)
    if match is None:
        return None
    tenant_id = int(match.group(1))
    return tenant_id, f"{tenant_id}-{match.group(2)}-{match.group(3)}-{match.group(4)}"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def issue_code(ctx: ServerContext, scope: TenantScope, actor: Actor, *, branch: str,
               hours: int = CODE_TTL_HOURS, request_key: str | None = None) -> dict[str, Any]:
    """A one-time code that enrolls one till into ``branch``; valid for ``hours``. The
    tenant id leads the code, so a till needs nothing else to find its tenant.
    ``request_key`` is the idempotency key of the form that asked (the dashboard's);
    the caller checks it is new (``terminals.codes.code_for_request``)."""
    row = scope.get(Branch, branch)
    if row is None:
        raise NotFound(f"Branch {branch} does not exist. `bisama-sync branch list` shows them.")
    if row.status != "active":
        raise Refused(f"Branch {branch} is closed: it gets no new tills. Reopen it first.")
    if not 1 <= hours <= 24 * 30:
        raise Invalid("An enrollment code is valid for 1 hour to 30 days.")
    code = f"{scope.tenant_id}-{random_code()}"
    now = ctx.clock.now()
    expires = now + timedelta(hours=hours)
    scope.add(EnrollmentCode(code_hash=code_hash(code), branch_code=branch, created_at=now,
                             created_by=actor.name, expires_at=expires, hint=code[-4:],
                             request_key=request_key))
    scope.flush()
    record(ctx, scope, actor, "terminal.code", subject=branch, detail={"expires_at": expires})
    return {"code": code, "branch": branch, "expires_at": expires.isoformat()}


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    tenant_id: int
    tenant_name: str
    domain: str
    branch_code: str
    branch_name: str
    created: bool

    def to_json(self, server_time: str) -> dict[str, Any]:
        return {"terminal_id": self.terminal_id,
                "tenant": {"id": str(self.tenant_id), "name": self.tenant_name,
                           "domain": self.domain},
                "branch": {"code": self.branch_code, "name": self.branch_name},
                "server_time": server_time}


def enroll(ctx: ServerContext, *, code: str, terminal_id: str, public_key: str, proof: str,
           name: str, app_version: str | None, ip: str | None = None) -> Enrolled:
    """Register a till's public key with the code's tenant and branch.

    Idempotent for the till that used the code: if the reply was lost and the same
    terminal id sends the same key with the same code again, it gets the same answer."""
    parsed = normalise_code(code)
    if parsed is None:
        raise EnrollmentError("code_invalid", "This is not an enrollment code. It looks like "
                              "15-K7QX-9MPL-2RTD; ask the administrator for a new one.")
    tenant_id, canonical = parsed
    if not is_uuid(terminal_id):
        raise EnrollmentError("malformed_request", "terminal_id must be a lowercase UUID")
    try:
        key = public_key_from_text(public_key)
        key.verify(bytes.fromhex(proof), enroll_message(canonical, terminal_id, public_key))
    except (KeyError_, InvalidSignature, ValueError):
        raise EnrollmentError("bad_proof", "The enrollment proof does not verify with the public "
                              "key sent.") from None
    name = (name or "").strip()[:100] or f"Till {terminal_id[:8]}"
    now = ctx.clock.now()
    with ctx.system() as session:  # the tenant's status is the system database's
        tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise EnrollmentError("code_invalid", "This enrollment code is not known. Check it, "
                              "or ask the administrator for a new one.")
    with ctx.scope(tenant_id) as scope:
        row = scope.execute(select(EnrollmentCode).where(
            EnrollmentCode.code_hash == code_hash(canonical)).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            raise EnrollmentError("code_invalid", "This enrollment code is not known. Check it, "
                                  "or ask the administrator for a new one.")
        # Only someone holding a real code of the tenant learns that it is suspended and
        # why; a made-up code of tenant 15 says "not known" whatever tenant 15's state.
        if tenant.status != "active":
            raise EnrollmentError("tenant_suspended", suspended_message(tenant))
        existing = scope.get(Terminal, terminal_id)
        if row.used_at is not None:
            if (row.terminal_id == terminal_id and existing is not None
                    and existing.public_key == public_key):
                branch = scope.get(Branch, existing.branch_code)
                assert branch is not None
                return Enrolled(terminal_id, tenant_id, tenant.name, tenant.domain, branch.code,
                                branch.name, created=False)
            raise EnrollmentError("code_used", "This enrollment code was already used by another "
                                  "till. Ask the administrator for a new one.")
        if row.cancelled_at is not None:
            raise EnrollmentError("code_invalid", "This enrollment code was cancelled by the "
                                  "administrator. Ask for a new one.")
        if row.expires_at <= now:
            raise EnrollmentError("code_expired", "This enrollment code has expired. Ask the "
                                  "administrator for a new one (`bisama-sync terminal code`).")
        if existing is not None:
            raise EnrollmentError("terminal_exists", "A till with this id is already enrolled "
                                  "with another key. Reset the till's identity before enrolling.")
        branch = scope.get(Branch, row.branch_code)
        assert branch is not None
        if branch.status != "active":
            raise EnrollmentError("code_invalid", f"Branch {branch.name} is closed: it takes no "
                                  "new tills. Ask the administrator.")
        scope.add(Terminal(id=terminal_id, branch_code=branch.code, name=name,
                           public_key=public_key, status="active", enrolled_at=now,
                           head_seq=0, head_hash=GENESIS_HASH, app_version=app_version,
                           last_seen_at=now, forks=0))
        row.used_at = now
        row.terminal_id = terminal_id
        scope.flush()
        record(ctx, scope, Actor("terminal", terminal_id, ip), "terminal.enroll",
               subject=terminal_id, detail={"branch": branch.code, "name": name})
        return Enrolled(terminal_id, tenant_id, tenant.name, tenant.domain, branch.code,
                        branch.name, created=True)


def suspended_message(tenant: Tenant) -> str:
    reason = f" ({tenant.status_reason})" if tenant.status_reason else ""
    return (f"The Bisama account of {tenant.name} is suspended{reason}. Sales stay safe on the "
            "till; contact your Bisama administrator to reactivate it.")


def list_terminals(scope: TenantScope) -> list[dict[str, Any]]:
    beats = {h.terminal_id: h for h in scope.scalars(select(Heartbeat))}
    result = []
    for t in scope.scalars(select(Terminal).order_by(Terminal.branch_code, Terminal.name)):
        beat = beats.get(t.id)
        result.append({
            "terminal_id": t.id, "name": t.name, "branch": t.branch_code, "status": t.status,
            "enrolled_at": t.enrolled_at.isoformat(), "head_seq": t.head_seq,
            "last_seen_at": t.last_seen_at.isoformat() if t.last_seen_at else None,
            "last_push_at": t.last_push_at.isoformat() if t.last_push_at else None,
            "app_version": t.app_version, "clock_skew_ms": t.clock_skew_ms, "forks": t.forks,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            "outbox_depth": beat.outbox_depth if beat else None,
            "oldest_unsynced_seconds": beat.oldest_unsynced_seconds if beat else None,
            "printer_status": beat.printer_status if beat else None,
            "power_source": beat.power_source if beat else None,
        })
    return result


def revoke_terminal(ctx: ServerContext, scope: TenantScope, actor: Actor, terminal_id: str,
                    *, reason: str | None = None) -> dict[str, Any]:
    """A revoked till can no longer push, pull or send heartbeats; what it already sent
    stays. Every till learns of it through the feed."""
    row = scope.get(Terminal, terminal_id)
    if row is None:
        raise NotFound(f"No terminal {terminal_id} in this tenant. `bisama-sync terminal list` "
                       "shows them.")
    if row.status == "revoked":
        raise Refused(f"Terminal {terminal_id} is already revoked.")
    row.status = "revoked"
    row.revoked_at = ctx.clock.now()
    row.revoked_reason = reason
    scope.flush()
    record(ctx, scope, actor, "terminal.revoke", subject=terminal_id, detail={"reason": reason})
    record_changes(scope, [Change("revocation", terminal_id)])
    return {"terminal_id": terminal_id, "status": "revoked",
            "revoked_at": row.revoked_at.isoformat()}
