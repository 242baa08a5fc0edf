"""The server's check of a till's running totals (issue [13] scope 1; shared.running):
per till, the running totals the previous sale, refund or void carried plus this
envelope's own figures must be the running totals it carries. A break is held with
``running_total_mismatch`` naming both figures; the next envelope is checked against
what the held one claimed, so one break is reported once.

A till's first counted envelope starts from zero; a till whose last counted envelope on
the server is of an older schema (no running totals) starts from whatever its first
envelope with running totals says.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from shared.errors import BisamaError
from shared.payloads import parse_payload
from shared.rules import Problem, payload_problems
from shared.running import COUNTED, Figures, Running, own, running_of
from sync_server.db.scope import TenantScope
from sync_server.sync.batch import Verified
from sync_server.sync.models import StoredEnvelope

REASON = "running_total_mismatch"


def stored_running(scope: TenantScope, terminal_id: str, before_seq: int) -> Running | bool | None:
    """The running totals of the till's last counted envelope before ``before_seq``:
    ``Running``, ``Running.ZERO`` when it has none yet, or False when that envelope is of
    an older schema (nothing to check against)."""
    body = scope.scalar(select(StoredEnvelope.body).where(
        StoredEnvelope.terminal_id == terminal_id, StoredEnvelope.fork_no == 0,
        StoredEnvelope.seq < before_seq, StoredEnvelope.kind.in_(COUNTED))
        .order_by(StoredEnvelope.seq.desc()).limit(1))
    if body is None:
        return Running.ZERO
    try:
        data = json.loads(body)
        raw = data.get("payload", {}).get("running")
        return False if raw is None else Running.of_json(raw)
    except (ValueError, AttributeError, BisamaError):
        return False  # an archived or unreadable body: nothing to check against


def expected_running(before: Running, kind: str, payload: Any) -> Running:
    return before.plus(own(kind, payload))


def mismatch_message(expected: Running, claimed: Running) -> str:
    return (f"The running totals do not follow on: the previous running totals plus this "
            f"envelope's own figures are {expected.describe()}, but the envelope says "
            f"{claimed.describe()}.")


def check_running(scope: TenantScope, terminal_id: str, items: list[Verified]) -> None:
    """Add a ``running_total_mismatch`` problem to each accepted envelope whose running
    totals break continuity (``items`` in seq order, as the push accepted them)."""
    counted = [i for i in items if i.envelope.kind in COUNTED]
    if not counted:
        return
    before: Running | bool | None = stored_running(scope, terminal_id, counted[0].envelope.seq)
    for item in counted:
        claimed = running_of(item.payload)
        if claimed is None:
            before = False  # an older schema: the next one starts afresh
            continue
        if isinstance(before, Running):
            expected = expected_running(before, item.envelope.kind, item.payload)
            if expected != claimed:
                _problem(item, Problem(REASON, "payload.running",
                                       mismatch_message(expected, claimed)))
        if item.envelope.kind == "void":
            _check_voided(scope, item, items)
        before = claimed


def _problem(item: Verified, problem: Problem) -> None:
    rules = list(item.rules if item.rules is not None else payload_problems(item.payload))
    rules.insert(0, problem)
    item.rules = tuple(rules)


def _check_voided(scope: TenantScope, item: Verified, items: list[Verified]) -> None:
    """A void (schema 2) takes off exactly the voided sale's totals."""
    void = item.payload
    if getattr(void, "totals", None) is None:
        return
    sale = next((i.payload for i in items if i.envelope.id == void.original_id), None)
    if sale is None:
        body = scope.scalar(select(StoredEnvelope.body).where(
            StoredEnvelope.envelope_id == void.original_id, StoredEnvelope.fork_no == 0))
        try:
            data = json.loads(body) if body else None
            sale = data and parse_payload("sale", int(data["schema"]), data["payload"])
        except (ValueError, KeyError, TypeError, BisamaError):
            sale = None
    if sale is None:
        return  # held anyway (unknown_sale), or archived
    t = sale.totals
    if Figures(t.gross, t.net, t.vat, t.nhil, t.getfund, t.covid) != void.totals:
        _problem(item, Problem(REASON, "payload.totals", (
            f"The void takes off gross {void.totals.gross.pesewas} pesewas, but sale "
            f"{void.original_receipt_no} was gross {t.gross.pesewas} pesewas (its totals and "
            "the void's must be the same).")))
