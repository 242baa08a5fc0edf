"""The pure, CPU-bound part of a push, done before its database transaction opens:
parse every envelope (``shared.envelope.parse_envelope_encoded``: its form only), check
its hash and signature against the terminal's public key, then — only for an authentic
one — its payload's business rules (``shared.rules``) and, for a sale that keeps them,
its prices and taxes (``shared.pricing.check_sale``) under the tenant's tax profile.
A tampered envelope is thus always ``bad_hash``/``bad_signature``, whatever its
tampered figures break.

None of it depends on what the database holds beyond the key and the profile, so it can
run outside the transaction: row locks are then held only for the merge and the
writes, and the checks of a till's next batch can run on one core while its last batch
commits on another (``sync.pipeline``).

For a sale it also works out what depends on the payload alone — its journal and its
``sale_items`` rows — so that the transaction, which a till's batches take one after
another, does less. (The merge works them out again only for a sale whose cost of goods
sold, from the till, is not the server's: ``sync.costs``.)

``push`` makes the same decisions, in the same order, from these results as it would
from doing the checks itself — a tampered envelope is refused with
the same code at the same index; a sale that does not reprice is held with the same
reason. If the key or the profile changed between this check and the transaction, the
results are thrown away and the checks done again inside it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shared.envelope import (
    EnvelopeError,
    forged_unreadable,
    parse_envelope_encoded,
    signed_json,
    verify_envelope,
)
from shared.errors import TaxError
from shared.keys import public_key_from_text
from shared.payloads import Sale
from shared.pricing import check_sale
from shared.rules import Problem, payload_problems
from shared.tax import TaxProfile, sale_day
from sync_server.ledger.posting import event_journal
from sync_server.sync.merge import sale_item_rows


@dataclass(frozen=True, slots=True)
class Failure:
    """An ``EnvelopeError`` as plain data."""

    code: str
    message: str
    field: str | None = None

    @classmethod
    def of(cls, exc: EnvelopeError) -> Failure:
        return cls(exc.code, str(exc), exc.field)

    def error(self, seq: int | None) -> EnvelopeError:
        return EnvelopeError(self.message, code=self.code, seq=seq, field=self.field)


@dataclass(frozen=True, slots=True)
class Checked:
    """What checking one envelope came to. ``malformed`` is set when it did not parse
    (then nothing else is); otherwise ``envelope``/``payload`` are the parsed envelope,
    ``forged`` the hash or signature failure (None when authentic), ``rules`` the
    business rules its payload breaks, and ``problems`` the repricing of a sale that
    keeps them (None when not a sale or no tax regime applies at its time)."""

    envelope: Any = None
    payload: Any = None
    body: str = ""  # the envelope's JSON as the server keeps it
    malformed: Failure | None = None
    forged: Failure | None = None
    rules: tuple[Problem, ...] | None = None  # ``shared.rules`` of an authentic payload
    problems: tuple[str, ...] | None = None
    journal: Any = None  # a sale's ``ledger.posting.event_journal``
    item_rows: list[dict[str, Any]] | None = None  # a sale's ``merge.sale_item_rows``


def body_text(envelope_json: Any) -> str:
    """The envelope JSON the server stores (and the till can fetch back in recovery)."""
    return json.dumps(envelope_json, separators=(",", ":"), ensure_ascii=False)


def _check(raw: object, key: Any, profile: TaxProfile) -> Checked:
    try:
        envelope, payload, canonical = parse_envelope_encoded(raw)
    except EnvelopeError as exc:
        # Unreadable because someone changed it after signing: tampering, not a bug.
        return Checked(malformed=Failure.of(forged_unreadable(raw, key) or exc))
    forged = None
    try:
        body = signed_json(verify_envelope(envelope, key, canonical), envelope)
    except EnvelopeError as exc:
        forged = Failure.of(exc)
        body = body_text(raw)
    rules = problems = journal = rows = None
    if forged is None:
        rules = payload_problems(payload)
        # A sale that breaks a rule is held for it: its figures are not worth more work.
        if not rules and isinstance(payload, Sale):
            problems = reprice(payload, envelope.created_at, profile)
            journal = event_journal(payload, envelope.branch, envelope.id)
            rows = sale_item_rows(envelope.id, payload)
    return Checked(envelope, payload, body, forged=forged, rules=rules, problems=problems,
                   journal=journal, item_rows=rows)


def reprice(sale: Sale, created_at: str, profile: TaxProfile) -> tuple[str, ...] | None:
    """``check_sale`` under the regime in force at the sale's own time (the envelope's
    ``created_at``, see ``sale_day``); None when none applies (the merge holds it as
    ``no_tax_regime`` itself)."""
    try:
        day = sale_day(created_at)
        regime = profile.regime_on(day)
    except TaxError:
        return None
    # A tenant not VAT-registered on the sale's day charges no VAT, NHIL or GETFund.
    return check_sale(sale, regime, vat_registered=profile.vat_registered_on(day))


def check_all(raws: Sequence[object], public_key_text: str, profile: TaxProfile) -> list[Checked]:
    """Check envelopes in order, stopping after the first that does not parse (the push
    stops there too)."""
    key = public_key_from_text(public_key_text)
    results = []
    for raw in raws:
        checked = _check(raw, key, profile)
        results.append(checked)
        if checked.malformed is not None:
            break
    return results


__all__ = ["Checked", "Failure", "body_text", "check_all", "reprice"]
