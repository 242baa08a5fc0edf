"""Enrolling the till with head office (protocol section 4).

Enrollment makes nothing new: the till registers the terminal id and Ed25519 key it made
on its first start (``Till.open``), proving with a signature that it holds the key.
Envelopes it sealed before — with ``tenant: null`` — stay as they are: the server binds
them to the enrolling tenant when they are pushed.

What changes on the till, in one transaction: the tenant id (in every request and every
later envelope), the branch code the code was issued for, the terminal code if one is
given (the server assigns none), the server's address, and the feed cursor back to 0 so
the first pull brings the whole catalogue. Receipt, refund and payment counters are NOT
reset: receipt numbers must stay unique per till (the server holds a repeated one as
``duplicate_receipt``), so numbers made after enrolling continue the series, with the
new branch and terminal code in front (``MAIN-T01-000041`` → ``TEMA-T02-000042``).

A lost reply is safe: the same request (same code, terminal id and key) is sent again —
automatically a few times, and again whenever the person runs the command again — and
the server answers it the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from shared.keys import public_key_text
from shared.payloads import CODE_RE as DOCUMENT_CODE_RE
from shared.signer import Signer
from terminal import __version__
from terminal.clock import Clock, stamp
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.identity import load_identity, record_enrollment
from terminal.store.settings import load_settings, save_settings
from terminal.sync.protocol import (
    API,
    AlreadyEnrolled,
    EnrollmentFailed,
    ServerRefused,
    Unreachable,
    enroll_message,
    normalise_code,
)
from terminal.sync.record import load_record, write_record
from terminal.sync.transport import check_server_url, new_http_client, post_unsigned

RETRY_DELAYS = (1.0, 3.0)  # seconds between the automatic resends of a lost request

CODE_EXAMPLE = "15-K7QX-9MPL-2RTD"

_REFUSED: dict[str, str] = {
    "code_invalid": (
        "Head office does not know this enrollment code. Check it (it looks like "
        f"{CODE_EXAMPLE}) or ask the administrator for a new one."
    ),
    "code_used": (
        "This enrollment code was already used by another till. Each code enrolls one till: "
        "ask the administrator for a new one (`bisama-sync terminal code`)."
    ),
    "code_expired": (
        "This enrollment code has expired. Ask the administrator for a new one (`bisama-sync terminal code`)."
    ),
    "terminal_exists": (
        "Head office already has a till with this till's id but another key: this till is "
        "enrolled elsewhere (or its key was replaced). Ask the administrator to revoke the old "
        "enrollment, then reset this till's identity before enrolling."
    ),
    "bad_proof": (
        "Head office could not verify this till's key. Nothing was enrolled; check the till's "
        "key store (`bisama-terminal check`) and try again."
    ),
}


@dataclass(frozen=True, slots=True)
class EnrollResult:
    terminal_id: str
    tenant_id: str
    tenant_name: str
    tenant_domain: str
    branch_code: str
    branch_name: str
    terminal_code: str
    server_url: str
    server_time: str
    earlier_envelopes: int  # sealed before enrolling, to be sent on the next sync
    other_branch_envelopes: int  # of those, recorded under another branch (held at head office)
    previous_branch: str

    @property
    def message(self) -> str:
        words = f"Enrolled as {self.branch_code}/{self.terminal_code} of {self.tenant_name}."
        if self.earlier_envelopes:
            words += (
                f" The {self.earlier_envelopes} transaction(s) recorded before enrolling will be sent "
                "with the next sync."
            )
        if self.other_branch_envelopes:
            words += (
                f" {self.other_branch_envelopes} of them were recorded as branch "
                f"{self.previous_branch}, not {self.branch_code}: head office will hold them for a "
                "person to check."
            )
        return words

    def to_json(self) -> dict[str, object]:
        return {
            "terminal_id": self.terminal_id,
            "tenant": {"id": self.tenant_id, "name": self.tenant_name, "domain": self.tenant_domain},
            "branch": {"code": self.branch_code, "name": self.branch_name},
            "terminal_code": self.terminal_code,
            "server": self.server_url,
            "server_time": self.server_time,
            "earlier_envelopes": self.earlier_envelopes,
            "other_branch_envelopes": self.other_branch_envelopes,
            "message": self.message,
        }


def refused_words(exc: ServerRefused) -> str:
    if exc.code == "tenant_suspended":
        return f"{exc} Nothing was enrolled."
    return _REFUSED.get(exc.code, f"Head office refused the enrollment: {exc} ({exc.code}).")


def enroll_till(
    db: Database,
    key: Signer,
    clock: Clock,
    server_url: str,
    code: str,
    *,
    http: httpx.Client | None = None,
    name: str | None = None,
    terminal_code: str | None = None,
    app_version: str = __version__,
    sleep: Callable[[float], None] = time.sleep,
) -> EnrollResult:
    """Register this till with head office. Raises ``EnrollmentFailed`` (or
    ``AlreadyEnrolled``) with the words to show; on failure nothing changes on the till."""
    try:
        url = check_server_url(server_url)
    except ValueError as exc:
        raise EnrollmentFailed(str(exc)) from None
    canonical = normalise_code(code)
    if canonical is None:
        raise EnrollmentFailed(
            f"“{code.strip()}” is not an enrollment code. It looks like {CODE_EXAMPLE}; "
            "type it as the administrator gave it.",
            code="code_invalid",
        )
    identity = load_identity(db)
    if identity is None:
        raise EnrollmentFailed("This till has no identity yet; start it once before enrolling.")
    if identity.enrolled:
        record = load_record(db)
        raise AlreadyEnrolled(
            f"This till is already enrolled with {record.tenant_name or 'tenant ' + str(identity.tenant_id)} "
            f"(branch {identity.branch_code}) at {record.server_url or 'its server'} since "
            f"{identity.enrolled_at}. A till is enrolled once; to move it to another shop, ask "
            "support to reset it."
        )
    if load_settings(db).training:
        # Its sales are simulated or practice: enrolling would send them into the books.
        raise EnrollmentFailed(
            "This is a training till: its sales are practice and must never reach head office's "
            "books, so it cannot be enrolled. Enroll a till with its own, new data folder "
            "(bisama-terminal --data-dir NEW-FOLDER enroll …).",
            code="training_till",
        )
    if terminal_code is not None and not DOCUMENT_CODE_RE.fullmatch(terminal_code):
        raise EnrollmentFailed(
            f"“{terminal_code}” is not a terminal code: capital letters, digits, - and _ only (e.g. T02)."
        )
    public_key = public_key_text(key.public_key())
    if public_key != identity.public_key:
        raise EnrollmentFailed(
            "The signing key found does not belong to this till; check BISAMA_KEY_PASSPHRASE or the keyring."
        )
    body = {
        "code": canonical,
        "terminal_id": identity.terminal_id,
        "public_key": public_key,
        "proof": key.sign(enroll_message(canonical, identity.terminal_id, public_key)).hex(),
        "name": (name or f"Till {terminal_code or identity.terminal_code}")[:100],
        "app_version": app_version[:40],
    }
    own_http = http is None
    client = http or new_http_client()
    try:
        reply = _send(client, url, body, sleep)
    finally:
        if own_http:
            client.close()
    data = reply
    if data.get("terminal_id") != identity.terminal_id:
        raise EnrollmentFailed("Head office answered for another till; nothing was enrolled. Call support.")
    tenant, branch = data["tenant"], data["branch"]
    code_for_receipts = terminal_code or identity.terminal_code
    at = stamp(clock.now())
    with db.transaction() as conn:
        earlier = int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])
        other_branch = int(
            conn.execute(
                "SELECT count(*) FROM outbox WHERE json_extract(envelope, '$.branch') != ?",
                (branch["code"],),
            ).fetchone()[0]
        )
        record_enrollment(
            db,
            tenant_id=str(tenant["id"]),
            branch_code=str(branch["code"]),
            terminal_code=code_for_receipts,
            enrolled_at=at,
        )
        write_record(
            conn,
            server_url=url,
            tenant_name=tenant.get("name"),
            tenant_domain=tenant.get("domain"),
            branch_name=branch.get("name"),
            feed_cursor="0",
            last_error=None,
            refused_code=None,
            refused_reason=None,
            failures=None,
        )
        if branch.get("name"):
            save_settings(conn, branch_name=str(branch["name"]))  # receipts name the branch
        audit(
            conn,
            at,
            None,
            "enrolled",
            identity.terminal_id,
            server=url,
            tenant=str(tenant["id"]),
            branch=str(branch["code"]),
            terminal_code=code_for_receipts,
        )
    return EnrollResult(
        terminal_id=identity.terminal_id,
        tenant_id=str(tenant["id"]),
        tenant_name=str(tenant.get("name") or ""),
        tenant_domain=str(tenant.get("domain") or ""),
        branch_code=str(branch["code"]),
        branch_name=str(branch.get("name") or ""),
        terminal_code=code_for_receipts,
        server_url=url,
        server_time=str(data.get("server_time") or ""),
        earlier_envelopes=earlier,
        other_branch_envelopes=other_branch,
        previous_branch=identity.branch_code,
    )


def _send(
    client: httpx.Client, url: str, body: dict[str, Any], sleep: Callable[[float], None]
) -> dict[str, Any]:
    delays = list(RETRY_DELAYS)
    while True:
        try:
            return post_unsigned(client, url, f"{API}/enroll", body).body
        except Unreachable as exc:
            if not delays:
                raise EnrollmentFailed(
                    f"{exc}. Check the server address ({url}) and the internet connection, then "
                    "try again with the same code — nothing was changed on this till.",
                    code="unreachable",
                ) from None
            sleep(delays.pop(0))
        except ServerRefused as exc:
            if exc.retry == "backoff" and exc.code != "tenant_suspended" and delays:
                sleep(delays.pop(0))
                continue
            raise EnrollmentFailed(refused_words(exc), code=exc.code) from None
