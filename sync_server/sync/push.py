"""Push: a terminal sends a batch of envelopes in seq order; the server verifies each
one, stores it, merges and posts it, and answers with the highest seq it holds.

Checks, in order, for each envelope of the batch:

1. it parses (every field's form, the payload of its kind — not its business rules,
   ``shared.rules``, which hold instead) — else ``malformed`` …;
2. it names the authenticated terminal and this tenant (or no tenant: envelopes made
   before enrollment are bound to the enrolling tenant) — else ``wrong_terminal`` /
   ``tenant_mismatch``;
3. a seq already stored with the *same* hash is a resend: nothing changes and the
   result is what was stored; with a *different* hash it is a ``fork``: refused, kept
   beside the real one for inspection, and alerted;
4. the hash matches the contents and the signature is the terminal's — else
   ``bad_hash`` / ``bad_signature`` (alerted as tampering);
5. it follows on from the stored chain — else ``seq_gap`` / ``seq_repeat`` /
   ``broken_chain``.

The first envelope that fails stops the batch: what came before it is kept and the
reply says where the chain ends. Parsing, hash and signature checks and the repricing
of sales are done before the transaction opens (``sync.prepare``; the server runs the
two phases through ``sync.pipeline``, which orders a till's pushes); the loop below
makes its decisions from those results in exactly this order. Envelopes that pass are merged (``sync.merge``):
*stored* or *held* with a reason (a broken payload rule among them) — both
acknowledged. Everything of one batch commits in one transaction, together with the
terminal's new head, so a reply lost after commit is harmless: the resend finds the
envelopes stored and gets the same results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from shared.envelope import (
    ChainHead,
    Envelope,
    EnvelopeError,
    forged_unreadable,
    parse_envelope_with_payload,
    verify_chain,
    verify_envelope,
)
from shared.keys import PublicKey, public_key_from_text
from shared.tax import TaxProfile
from sync_server.context import ServerContext
from sync_server.db.retry import with_retry
from sync_server.db.scope import TenantScope
from sync_server.fiscal.outbox import enqueue as enqueue_evat
from sync_server.metrics import ServerMetrics
from sync_server.notify import AlertMessage
from sync_server.sync.batch import Batch, Verified
from sync_server.sync.changes import record_changes
from sync_server.sync.costs import post_corrections
from sync_server.sync.merge import Outcome, merge
from sync_server.sync.models import Alert, StoredEnvelope
from sync_server.sync.prepare import Checked, body_text, check_all
from sync_server.sync.running import check_running
from sync_server.tenants.models import Tenant
from sync_server.tenants.tax_profile import load_profile
from sync_server.terminals.models import Terminal

TAMPERING = {"bad_hash", "bad_signature", "tenant_mismatch"}


class TerminalRevoked(Exception):
    pass


@dataclass
class PushResult:
    terminal_id: str
    stored_through: int
    head_hash: str
    results: list[dict[str, Any]] = field(default_factory=list)
    refused: dict[str, Any] | None = None

    @property
    def http_status(self) -> int:
        return 200 if self.refused is None else 409

    def to_json(self) -> dict[str, Any]:
        return {"terminal_id": self.terminal_id, "stored_through": self.stored_through,
                "head_hash": self.head_hash, "results": self.results, "refused": self.refused}


def _result(seq: int, envelope_id: str, status: str, reason_code: str | None,
            reason: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"seq": seq, "id": envelope_id, "status": status}
    if status != "stored":
        data["reason_code"] = reason_code
        data["reason"] = reason
    return data


def _raw_seq(raw: object) -> int | None:
    if isinstance(raw, dict):
        seq = raw.get("seq")
        if type(seq) is int:
            return seq
    return None


@dataclass(frozen=True)
class Prechecked:
    """``sync.prepare`` results for a batch, and the key and profile they assumed."""

    public_key: str
    profile: TaxProfile
    results: list[Checked]


# The tax profile each tenant's last push found in its transaction. A guess for the next
# push's checks, never trusted: the transaction compares it with the profile it reads.
_PROFILES: dict[int, TaxProfile] = {}
# What the last pushes built (parsed envelopes, the transaction's rows): freeing a batch
# of 500 sales takes milliseconds the till's next push would wait for, so it is kept
# here and freed when the next batch is checked (``precheck``), off that path.
_SPENT: list[Any] = []


def free_later(*objects: Any) -> None:
    """Keep ``objects`` until the next ``precheck`` of this process frees them."""
    _SPENT.extend(objects)


def precheck(ctx: ServerContext, tenant: Tenant, terminal_id: str, envelopes: list[Any], *,
             public_key: str | None = None) -> Prechecked | None:
    """Check a batch before its transaction (see ``sync.prepare``), under the key the
    request was authenticated with and the tenant's last known profile — or, lacking
    either, as read in a short transaction of its own."""
    _SPENT.clear()
    profile = _PROFILES.get(tenant.id)
    key = public_key
    if key is None or profile is None:
        with ctx.scope(tenant.id) as scope:
            key = scope.scalar(select(Terminal.public_key).where(Terminal.id == terminal_id))
            if key is None:
                return None
            profile = load_profile(scope, tenant)
    results = check_all(envelopes, key, profile)
    return Prechecked(key, profile, results)


def push(ctx: ServerContext, metrics: ServerMetrics | None, tenant: Tenant, terminal_id: str,
         envelopes: list[Any], *, public_key: str | None = None) -> PushResult:
    """Verify, store, merge and post a batch (see the module docstring), both phases
    here (the server runs them through ``sync.pipeline``). ``public_key`` is the
    terminal's key as its request was authenticated with (saves a read)."""
    checked = precheck(ctx, tenant, terminal_id, envelopes, public_key=public_key)
    result, alerts = commit(ctx, tenant, terminal_id, envelopes, checked)
    for alert in alerts:
        ctx.notifier.notify(alert)
    count(metrics, result)
    return result


def commit(ctx: ServerContext, tenant: Tenant, terminal_id: str, envelopes: list[Any],
           checked: Prechecked | None) -> tuple[PushResult, list[AlertMessage]]:
    """The push's transaction (retried when the database says so), from ``precheck``'s
    results. Returns the reply and the alerts to send now that it has committed."""
    alerts: list[AlertMessage] = []

    def work() -> PushResult:
        alerts.clear()
        with ctx.scope(tenant.id) as scope:
            return _push(ctx, scope, tenant=tenant, terminal_id=terminal_id, envelopes=envelopes,
                         alerts=alerts, checked=checked)

    return with_retry(work, what="push"), alerts


def count(metrics: ServerMetrics | None, result: PushResult) -> None:
    if metrics is not None:
        for item in result.results:
            metrics.envelopes.labels(item["status"]).inc()
        if result.refused:
            metrics.refusals.labels(result.refused["code"]).inc()


def first_seq(envelopes: list[Any]) -> int | None:
    """The seq the batch starts at, as sent (None when unreadable)."""
    return _raw_seq(envelopes[0]) if envelopes else None


def _verify(env: Envelope, key: PublicKey, got: Checked | None) -> None:
    """``verify_envelope``, or what the pre-transaction check found."""
    if got is None:
        verify_envelope(env, key)
    elif got.forged is not None:
        raise got.forged.error(env.seq)


def _push(ctx: ServerContext, scope: TenantScope, *, tenant: Tenant, terminal_id: str,
          envelopes: list[Any], alerts: list[AlertMessage],
          checked: Prechecked | None = None) -> PushResult:
    now = ctx.clock.now()
    terminal = scope.execute(select(Terminal).where(Terminal.id == terminal_id)
                             .with_for_update()).scalar_one()
    if terminal.status != "active":
        raise TerminalRevoked(terminal_id)
    key = public_key_from_text(terminal.public_key)
    profile = load_profile(scope, tenant)
    _PROFILES[tenant.id] = profile
    if checked is not None and (checked.public_key != terminal.public_key
                                or checked.profile != profile):
        checked = None  # re-keyed or re-taxed since: check again, here
    stored_head = ChainHead(terminal.head_seq, terminal.head_hash)
    current = stored_head
    result = PushResult(terminal_id, stored_head.seq, stored_head.hash)
    seqs = sorted({s for s in (_raw_seq(r) for r in envelopes) if s and s <= stored_head.seq})
    chain = {row.seq: row for row in scope.scalars(select(StoredEnvelope).where(
        StoredEnvelope.terminal_id == terminal_id, StoredEnvelope.seq.in_(seqs),
        StoredEnvelope.fork_no == 0))} if seqs else {}
    accepted: list[Verified] = []
    order: list[tuple[str, Any]] = []  # ("old", row) or ("new", index into accepted)

    def refuse(code: str, message: str, seq: int | None, index: int) -> None:
        result.refused = {"index": index, "seq": seq, "code": code, "message": message,
                          "expected_seq": current.seq + 1}
        if code in TAMPERING:
            _alert(ctx, scope, alerts, kind="tampered", terminal_id=terminal_id, seq=seq,
                   message=f"Envelope seq {seq} from till {terminal.name} was refused: {message}")

    for index, raw in enumerate(envelopes):
        got = checked.results[index] if checked is not None else None
        if got is not None:
            if got.malformed is not None:
                refuse(got.malformed.code, got.malformed.message, _raw_seq(raw), index)
                break
            env, typed = got.envelope, got.payload
        else:
            try:
                env, typed = parse_envelope_with_payload(raw)
            except EnvelopeError as exc:
                exc = forged_unreadable(raw, key) or exc  # changed after signing?
                refuse(exc.code, str(exc), _raw_seq(raw), index)
                break
        if env.terminal != terminal_id:
            refuse("wrong_terminal", f"envelope seq {env.seq} names terminal {env.terminal}, "
                   "not the one sending it", env.seq, index)
            break
        if env.tenant is not None and env.tenant != str(tenant.id):
            refuse("tenant_mismatch", f"envelope seq {env.seq} belongs to tenant {env.tenant}, "
                   f"not {tenant.id}", env.seq, index)
            break
        if env.seq <= stored_head.seq:
            old = chain.get(env.seq)
            if old is not None and old.hash == env.hash:
                order.append(("old", old))
                continue
            try:
                _verify(env, key, got)
            except EnvelopeError as exc:
                refuse(exc.code, str(exc), env.seq, index)
                break
            if old is not None:
                _keep_fork(ctx, scope, terminal=terminal, env=env, now=now, alerts=alerts)
                refuse("fork", f"seq {env.seq} is already stored with hash {old.hash[:12]}…; this "
                       f"envelope ({env.hash[:12]}…) forks the chain. Recover the chain "
                       "(GET /api/v1/chain) before sending more.", env.seq, index)
                break
        try:
            _verify(env, key, got)
            current = verify_chain(current, [env], terminal=terminal_id)
        except EnvelopeError as exc:
            refuse(exc.code, str(exc), env.seq, index)
            break
        if got is not None:
            accepted.append(Verified(env, typed, got.body, got.problems, got.journal,
                                     got.item_rows, got.rules))
        else:
            accepted.append(Verified(env, typed, body_text(raw)))
        order.append(("new", len(accepted) - 1))

    outcomes: list[Outcome] = []
    if accepted:
        check_running(scope, terminal_id, accepted)  # shared.running: held on a break
        batch = Batch(scope, terminal, profile, now)
        batch.load(accepted)
        outcomes = [merge(batch, item, ctx.new_id()) for item in accepted]
        changes = batch.write()
        post_corrections(ctx, scope, batch.costs)
        pairs = zip(accepted, outcomes, strict=True)
        stored = [_stored_row(i, o, now) for i, o in pairs]
        scope.insert_rows(StoredEnvelope, stored)
        free_later(batch, accepted, outcomes, stored, changes)
        # GRA E-VAT: only a row in the outbox here, in this transaction (fiscal.outbox).
        enqueue_evat(scope, [(i.envelope, i.payload) for i, o in zip(accepted, outcomes,
                                                                     strict=True)
                             if o.status == "stored"], now)
        terminal.head_seq, terminal.head_hash = current.seq, current.hash
        terminal.last_push_at = terminal.last_seen_at = now  # one UPDATE, before the feed's
        record_changes(scope, changes)
    terminal.last_seen_at = now
    scope.flush()
    result.stored_through, result.head_hash = terminal.head_seq, terminal.head_hash
    for kind, ref in order:
        if kind == "old":
            result.results.append(_result(ref.seq, ref.envelope_id, ref.status, ref.reason_code,
                                          ref.reason))
        else:
            item, outcome = accepted[ref], outcomes[ref]
            result.results.append(_result(item.envelope.seq, item.envelope.id, outcome.status,
                                          outcome.reason_code, outcome.reason))
    return result


def _stored_row(item: Verified, outcome: Outcome, now: datetime) -> dict[str, Any]:
    env = item.envelope
    return {"terminal_id": env.terminal, "seq": env.seq, "fork_no": 0, "envelope_id": env.id,
            "hash": env.hash, "kind": env.kind, "branch_code": env.branch, "user_email": env.user,
            "business_date": env.business_date, "terminal_time": env.created_at, "received_at": now,
            "status": outcome.status, "reason_code": outcome.reason_code,
            "reason": outcome.reason[:1000] if outcome.reason else None,
            "posting_status": "none" if outcome.status == "held" else outcome.posting_status,
            "posting_error": outcome.posting_error, "late": outcome.late, "resolved_at": None,
            "resolved_by": None, "body": item.body}


def _keep_fork(ctx: ServerContext, scope: TenantScope, *, terminal: Terminal, env: Envelope,
               now: datetime, alerts: list[AlertMessage]) -> None:
    """Keep an authentic envelope that contradicts the stored chain, once per hash."""
    kept = scope.scalars(select(StoredEnvelope).where(
        StoredEnvelope.terminal_id == terminal.id, StoredEnvelope.seq == env.seq))
    if any(row.hash == env.hash for row in kept):
        return
    scope.insert_rows(StoredEnvelope, [{
        "terminal_id": terminal.id, "seq": env.seq, "fork_no": max(r.fork_no for r in kept) + 1,
        "envelope_id": env.id, "hash": env.hash, "kind": env.kind, "branch_code": env.branch,
        "user_email": env.user, "business_date": env.business_date,
        "terminal_time": env.created_at, "received_at": now, "status": "fork",
        "reason_code": "fork", "reason": "another envelope is stored at this seq",
        "posting_status": "none", "posting_error": None, "late": False, "resolved_at": None,
        "resolved_by": None, "body": body_text(env.to_json())}])
    terminal.forks += 1
    _alert(ctx, scope, alerts, kind="fork", terminal_id=terminal.id, seq=env.seq,
           message=f"Till {terminal.name} sent a different envelope for seq {env.seq}, which is "
           "already stored (restored from an old backup?). Both are kept; the till must recover "
           "its chain.")


def _alert(ctx: ServerContext, scope: TenantScope, alerts: list[AlertMessage], *, kind: str,
           terminal_id: str, seq: int | None, message: str) -> None:
    scope.add(Alert(id=ctx.new_id(), kind=kind, terminal_id=terminal_id, seq=seq, message=message,
                    created_at=ctx.clock.now()))
    alerts.append(AlertMessage(scope.tenant_id, kind, message, terminal_id, seq))
