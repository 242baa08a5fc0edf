"""The E-VAT outbox: a row per stored sale or refund, written by the push in the same
transaction (``enqueue``), and the worker that submits the rows to GRA.

Never twice. The outbox row is keyed by the envelope id and so is the clearance, so
the database itself refuses a second row or a second clearance. Towards GRA, a row is
*claimed* (a lease with a token) and its attempt counted in a committed transaction
*before* anything is sent. A row whose earlier attempt may have reached GRA — the
worker died after sending, the answer timed out, GRA went away mid-answer — is looked
up at GRA first and only sent when GRA has nothing under its number; if GRA answers
that the number is already stored, the stored stamp is fetched. So a timeout after GRA
stored the invoice, GRA answering twice, or a worker killed at any point never makes a
second clearance.

Retries back off (30 s, doubling, at most an hour), so a GRA outage of a day costs a
few dozen look-ups per sale, and resumes by itself. A refusal (bad TIN, bad payload)
is not retried: the row is ``failed`` with GRA's words and waits for a person
(dashboard "E-VAT", or ``bisama-sync evat retry``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.fiscal.gra import (
    GraAlreadyHas,
    GraClient,
    GraRefused,
    GraUnavailable,
    HttpGraClient,
    Stamp,
)
from sync_server.fiscal.models import EvatClearance, EvatSubmission
from sync_server.fiscal.request import NotReady, build_request
from sync_server.fiscal.settings import Credentials, credentials, is_enabled
from sync_server.sync.changes import Change, record_changes
from sync_server.tenants.models import Tenant

KINDS = ("sale", "refund")
FEED_ENTITY = "evat_clearance"


def enqueue(scope: TenantScope, stored: Iterable[tuple[Any, Any]], now: datetime) -> int:
    """In the push's transaction: an outbox row for each stored sale or refund, when the
    tenant has E-VAT on. ``stored`` gives (envelope, typed payload) pairs. Cheap: one
    primary-key read, and one insert when there is something to queue."""
    rows = []
    for env, typed in stored:
        if env.kind not in KINDS:
            continue
        number = typed.receipt_no if env.kind == "sale" else typed.refund_no
        rows.append({"envelope_id": env.id, "kind": env.kind, "terminal_id": env.terminal,
                     "branch_code": env.branch, "business_date": env.business_date,
                     "invoice_number": number, "status": "pending", "attempts": 0,
                     "next_attempt_at": now, "claim_token": None, "claimed_until": None,
                     "last_error": None, "created_at": now, "cleared_at": None})
    if not rows or not is_enabled(scope):
        return 0
    scope.insert_missing(EvatSubmission, rows)
    return len(rows)


def http_client(creds: Credentials) -> GraClient:
    return HttpGraClient(creds.endpoint_url, creds.security_key)


@dataclass(frozen=True)
class WorkerConfig:
    lease: timedelta = timedelta(minutes=2)
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    batch: int = 50


@dataclass
class RunResult:
    cleared: int = 0
    retried: int = 0
    failed: int = 0
    waiting: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: RunResult) -> None:
        self.cleared += other.cleared
        self.retried += other.retried
        self.failed += other.failed
        self.waiting += other.waiting
        self.errors.extend(other.errors)

    @property
    def touched(self) -> int:
        return self.cleared + self.retried + self.failed + self.waiting

    def to_json(self) -> dict[str, Any]:
        return {"cleared": self.cleared, "retried": self.retried, "failed": self.failed,
                "waiting": self.waiting}


@dataclass(frozen=True)
class Claimed:
    envelope_id: str
    kind: str
    invoice_number: str
    branch_code: str
    attempts: int  # counting this one
    token: str


def backoff(config: WorkerConfig, attempts: int) -> timedelta:
    delay: timedelta = config.first_delay * (2 ** max(0, min(attempts - 1, 20)))
    return delay if delay < config.max_delay else config.max_delay


class OutboxWorker:
    """Submits claimed outbox rows. ``crash_point`` is called with a name at each step
    (``claimed``, ``built``, ``sent`` after each answer, ``storing`` before the commit,
    ``stored``) — the fault tests raise there to kill the worker at every point."""

    def __init__(self, ctx: ServerContext,
                 client_for: Callable[[Credentials], GraClient] = http_client, *,
                 config: WorkerConfig | None = None,
                 crash_point: Callable[[str], None] | None = None) -> None:
        self.ctx = ctx
        self.client_for = client_for
        self.config = config or WorkerConfig()
        self.crash_point = crash_point or (lambda _name: None)

    def tenants(self) -> list[int]:
        with self.ctx.system() as session:
            return [int(t) for t in session.scalars(
                select(Tenant.id).where(Tenant.status == "active").order_by(Tenant.id))]

    def run_once(self) -> RunResult:
        """One pass over every tenant: what is due now."""
        total = RunResult()
        for tenant_id in self.tenants():
            total.add(self.run_tenant(tenant_id))
        return total

    def run_until_idle(self, tenant_id: int, *, max_passes: int = 1000) -> RunResult:
        total = RunResult()
        for _ in range(max_passes):
            result = self.run_tenant(tenant_id)
            total.add(result)
            if result.touched == 0:
                break
        return total

    def run_tenant(self, tenant_id: int) -> RunResult:
        """One claimed batch of a tenant: build every request in one transaction, ask
        GRA row by row, then keep every answer (and every retry and refusal) in one
        transaction. A kill anywhere loses at most what was not yet kept: those rows
        stay claimed until their lease ends, then are looked up at GRA first."""
        result = RunResult()
        with self.ctx.scope(tenant_id) as scope:
            creds = credentials(scope)
        if creds is None:
            return result
        claimed = self._claim(tenant_id)
        if not claimed:
            return result
        client = self.client_for(creds)
        self.crash_point("claimed")
        ready: list[tuple[Claimed, dict[str, Any]]] = []
        later: list[tuple[Claimed, str, bool]] = []  # (row, why, counts as an attempt)
        waiting: list[tuple[Claimed, str]] = []  # refunds, and the sale each waits for
        with self.ctx.scope(tenant_id) as scope:
            _preload(scope, claimed)
            for row in claimed:
                sale_id = _waits_for(scope, row) if row.kind == "refund" else None
                if sale_id is not None:
                    waiting.append((row, sale_id))
                    result.waiting += 1
                    continue
                try:
                    ready.append((row, build_request(scope, row.kind, row.envelope_id)))
                except NotReady as exc:
                    later.append((row, str(exc), True))
                    result.retried += 1
        self.crash_point("built")
        stamps: list[tuple[Claimed, Stamp]] = []
        refused: list[tuple[Claimed, str]] = []
        for row, request in ready:
            try:
                stamps.append((row, self._stamp(client, row, request)))
            except GraUnavailable as exc:
                later.append((row, str(exc), True))
                result.retried += 1
            except GraRefused as exc:
                refused.append((row, str(exc)))
                result.failed += 1
                result.errors.append(f"{row.invoice_number}: {exc}")
            self.crash_point("sent")
        with self.ctx.scope(tenant_id) as scope:
            store_many(self.ctx, scope, [(r.envelope_id, r.branch_code, st) for r, st in stamps])
            for row, why, counts in later:
                self._release(scope, row, why, count=counts)
            cleared_now = {r.envelope_id for r, _st in stamps}
            for row, sale_id in waiting:  # due again at once when its sale just cleared
                self._release(scope, row, "waiting for the sale it refunds to be cleared",
                              count=False, now=sale_id in cleared_now)
            for row, why in refused:
                self._fail(scope, row, why)
            self.crash_point("storing")  # dies before the commit: nothing kept
        self.crash_point("stored")
        result.cleared += len(stamps)
        return result

    def _claim(self, tenant_id: int) -> list[Claimed]:
        now = self.ctx.clock.now()
        token = str(uuid.uuid4())
        free = or_(EvatSubmission.claimed_until.is_(None), EvatSubmission.claimed_until < now)
        with self.ctx.scope(tenant_id) as scope:
            ids = scope.scalars(select(EvatSubmission.envelope_id).where(
                EvatSubmission.status == "pending", EvatSubmission.next_attempt_at <= now, free)
                .order_by(EvatSubmission.next_attempt_at, EvatSubmission.created_at)
                .limit(self.config.batch))
            if not ids:
                return []
            scope.execute(update(EvatSubmission).where(
                EvatSubmission.envelope_id.in_(ids), EvatSubmission.status == "pending", free)
                .values(claim_token=token, claimed_until=now + self.config.lease,
                        attempts=EvatSubmission.attempts + 1)
                .execution_options(synchronize_session=False))
            rows = scope.scalars(select(EvatSubmission).where(EvatSubmission.claim_token == token)
                                 .order_by(EvatSubmission.created_at))
            return [Claimed(r.envelope_id, r.kind, r.invoice_number, r.branch_code, r.attempts,
                            token) for r in rows]

    def _stamp(self, client: GraClient, row: Claimed, request: dict[str, Any]) -> Stamp:
        stamp: Stamp | None = None
        if row.attempts > 1:  # an earlier attempt may have reached GRA: ask first
            stamp = client.lookup(row.invoice_number)
        if stamp is None:
            try:
                stamp = client.submit(request)
            except GraAlreadyHas:
                stamp = client.lookup(row.invoice_number)
                if stamp is None:
                    raise GraUnavailable("GRA says the invoice is stored but does not show "
                                         "it yet") from None
        if stamp.invoice_number != row.invoice_number:
            raise GraRefused("", f"GRA's answer names invoice {stamp.invoice_number}, "
                                 f"not {row.invoice_number}")
        return stamp

    def _release(self, scope: TenantScope, row: Claimed, error: str, *, count: bool = True,
                 now: bool = False) -> None:
        delay = (timedelta(0) if now else backoff(self.config, row.attempts) if count
                 else self.config.first_delay)
        at = self.ctx.clock.now()
        values: dict[str, Any] = {"claim_token": None, "claimed_until": None,
                                  "next_attempt_at": at + delay, "last_error": error[:500]}
        if not count:
            values["attempts"] = EvatSubmission.attempts - 1
        scope.execute(update(EvatSubmission).where(
            EvatSubmission.envelope_id == row.envelope_id, EvatSubmission.claim_token == row.token,
            EvatSubmission.status == "pending").values(**values)
            .execution_options(synchronize_session=False))

    def _fail(self, scope: TenantScope, row: Claimed, error: str) -> None:
        scope.execute(update(EvatSubmission).where(
            EvatSubmission.envelope_id == row.envelope_id, EvatSubmission.claim_token == row.token,
            EvatSubmission.status == "pending")
            .values(status="failed", claim_token=None, claimed_until=None,
                    last_error=error[:500]).execution_options(synchronize_session=False))


def _waits_for(scope: TenantScope, row: Claimed) -> str | None:
    """A refund goes to GRA after the sale it refers to: the id of that sale while it is
    queued and not cleared; None when it is cleared or was never queued (sold before
    E-VAT was turned on)."""
    from sync_server.sales.models import Return

    refund = scope.get(Return, row.envelope_id)
    if refund is None:
        return None  # not stored yet: build_request will say so
    status = scope.scalar(select(EvatSubmission.status)
                          .where(EvatSubmission.envelope_id == refund.sale_id))
    return None if status is None or status == "cleared" else str(refund.sale_id)


def store(ctx: ServerContext, scope: TenantScope, envelope_id: str, branch: str,
          stamp: Stamp) -> None:
    store_many(ctx, scope, [(envelope_id, branch, stamp)])


def store_many(ctx: ServerContext, scope: TenantScope,
               answers: list[tuple[str, str, Stamp]]) -> None:
    """GRA's answers as new facts beside the sales, their outbox rows cleared and the
    tills' feed told — one transaction. Storing a sale's answer again changes nothing."""
    if not answers:
        return
    now = ctx.clock.now()
    scope.insert_missing(EvatClearance, [{
        "envelope_id": envelope_id, "invoice_number": stamp.invoice_number, "branch_code": branch,
        "sdc_id": stamp.sdc_id[:64], "receipt_number": stamp.receipt_number[:64],
        "sdc_time": stamp.sdc_time[:40], "mrc": stamp.mrc[:64], "mrc_time": stamp.mrc_time[:40],
        "internal_data": stamp.internal_data[:200], "signature": stamp.signature[:200],
        "qr_code": stamp.qr_code[:1000], "answer": stamp.answer, "cleared_at": now}
        for envelope_id, branch, stamp in answers])
    ids = [envelope_id for envelope_id, _b, _s in answers]
    scope.execute(update(EvatSubmission).where(EvatSubmission.envelope_id.in_(ids),
                                               EvatSubmission.status != "cleared")
                  .values(status="cleared", cleared_at=now, claim_token=None, claimed_until=None,
                          last_error=None).execution_options(synchronize_session=False))
    record_changes(scope, [Change(FEED_ENTITY, envelope_id, branch=branch)
                           for envelope_id, branch, _s in answers])


def _preload(scope: TenantScope, claimed: list[Claimed]) -> None:
    """Read the batch's sales and refunds in two queries (the request builder then finds
    them in the session instead of asking one by one)."""
    from sync_server.sales.models import Return, Sale

    sales = [r.envelope_id for r in claimed if r.kind == "sale"]
    refunds = [r.envelope_id for r in claimed if r.kind == "refund"]
    if sales:
        scope.scalars(select(Sale).where(Sale.id.in_(sales)))
    if refunds:
        scope.scalars(select(Return).where(Return.id.in_(refunds)))


def retry_failed(ctx: ServerContext, scope: TenantScope, envelope_ids: list[str] | None = None) -> int:
    """Put failed submissions back in the queue (after the cause was fixed). They are
    looked up at GRA before being sent again."""
    stmt = update(EvatSubmission).where(EvatSubmission.status == "failed")
    if envelope_ids is not None:
        stmt = stmt.where(EvatSubmission.envelope_id.in_(envelope_ids))
    result = scope.execute(stmt.values(status="pending", next_attempt_at=ctx.clock.now(),
                                       attempts=EvatSubmission.attempts + 1)
                           .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def clearance_json(c: EvatClearance) -> dict[str, Any]:
    return {"envelope_id": c.envelope_id, "invoice_number": c.invoice_number,
            "sdc_id": c.sdc_id, "receipt_number": c.receipt_number, "sdc_time": c.sdc_time,
            "mrc": c.mrc, "mrc_time": c.mrc_time, "internal_data": c.internal_data,
            "signature": c.signature, "qr_code": c.qr_code}


def feed_data(scope: TenantScope, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The ``evat_clearance`` feed entity: GRA's stamp of a sale, for the till's reprint."""
    return {c.envelope_id: clearance_json(c)
            for c in scope.scalars(select(EvatClearance).where(EvatClearance.envelope_id.in_(keys)))}


