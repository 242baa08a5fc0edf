"""``shared.rules``: an honest payload breaks no rule; one that breaks a rule still
parses (the server holds it) but a till's ``seal`` refuses to sign it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings

from shared.envelope import GENESIS_HASH, EnvelopeError, parse_envelope, seal
from shared.payloads import Sale
from shared.rules import payload_problems
from shared.wire import Reader, to_json

from .strategies import sales

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
TERMINAL = "01a1ff2b-6fed-7e2d-a8e9-2eced5c9f2f7"


@settings(max_examples=100, deadline=None)
@given(sales())
def test_an_honest_sale_breaks_no_rule(sale: Sale) -> None:
    assert payload_problems(sale) == ()


def _seal(payload: dict) -> None:
    seal(id="01a1ff2b-70d1-74e4-9431-f7c9b8c6c6c6", tenant=None, branch="MAIN",
         terminal=TERMINAL, user="ama@acme.test", seq=1, prev_hash=GENESIS_HASH, kind="sale",
         schema=1, created_at=datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
         business_date="2026-03-02", payload=payload, key=KEY)


@settings(max_examples=30, deadline=None)
@given(sales())
def test_a_till_never_signs_what_the_server_would_hold(sale: Sale) -> None:
    data = to_json(sale)
    _seal(data)  # honest: sealed
    short = to_json(sale)
    short["change"] = short["change"] + 1
    assert Sale.from_json(Reader(short, "payload"))  # it reads …
    with pytest.raises(EnvelopeError) as refused:  # … but is not signed
        _seal(short)
    assert refused.value.code == "bad_change" and refused.value.field == "payload.change"


def test_a_problem_names_the_field_and_says_it_in_words() -> None:
    from hypothesis import find

    sale = find(sales(max_lines=2), lambda s: len(s.lines) == 2)
    data = to_json(sale)
    data["lines"][1]["qty"] = "2.5001"
    data["receipt_no"] = "#1"
    problems = payload_problems(Sale.from_json(Reader(data, "payload")))
    by_code = {p.code: p for p in problems}
    assert by_code["bad_receipt_no"].field == "payload.receipt_no"
    assert "“#1”" in by_code["bad_receipt_no"].message
    assert by_code["bad_quantity"].field == "payload.lines[1].qty"
    assert "more than 3 decimal places" in by_code["bad_quantity"].message
    # An envelope whose payload breaks rules still parses: its hash can be checked.
    envelope = {"id": "01a1ff2b-70d1-74e4-9431-f7c9b8c6c6c6", "tenant": None, "branch": "MAIN",
                "terminal": TERMINAL, "user": "ama@acme.test", "seq": 1,
                "prev_hash": GENESIS_HASH, "kind": "sale", "schema": 1,
                "created_at": "2026-03-02T08:30:00.000+00:00", "business_date": "2026-03-02",
                "payload": data, "hash": "0" * 64, "signature": "0" * 128}
    assert parse_envelope(envelope).kind == "sale"
