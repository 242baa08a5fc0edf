"""Patterns are whole-text matches: Python's ``re.match`` with ``$`` accepts a trailing
newline ("B\\n" matches ``^B$``), so every check in ``shared/`` uses ``fullmatch``. A
signed payload with a newline after a SKU, receipt number, tax code, quantity or
hash is refused (or, for a business rule, held), never stored as something else."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from shared.csv_import import PIN_RE, UNIT_RE
from shared.envelope import EnvelopeError, parse_envelope
from shared.errors import Malformed
from shared.ids import is_uuid
from shared.keys import public_key_from_text
from shared.momo import reference_problem
from shared.payloads import CODE_RE, DOC_NO_RE, EMAIL_RE, SKU_RE, TIN_RE, parse_payload
from shared.rules import payload_problems
from shared.schema_examples import envelope_example, payload_examples


def _sale() -> dict[str, Any]:
    return copy.deepcopy(payload_examples()["sale"])


@pytest.mark.parametrize(("pattern", "good"), [
    (SKU_RE, "GH-0001"), (CODE_RE, "MAIN"), (DOC_NO_RE, "T0001-000042"),
    (EMAIL_RE, "ama@acme.test"), (TIN_RE, "C0012345678"), (UNIT_RE, "bottle"), (PIN_RE, "1234"),
])
def test_a_trailing_newline_is_not_part_of_any_form(pattern: Any, good: str) -> None:
    assert pattern.fullmatch(good)
    assert pattern.match(good + "\n"), "the pitfall this guards against"
    assert not pattern.fullmatch(good + "\n")


@pytest.mark.parametrize("field", ["tax_code", "sku", "qty", "unit_factor"])
def test_a_sale_line_with_a_trailing_newline_is_malformed(field: str) -> None:
    sale = _sale()
    sale["lines"][0][field] += "\n"
    with pytest.raises(Malformed) as caught:
        parse_payload("sale", 4, sale)
    assert field in caught.value.field


@pytest.mark.parametrize("text", [" 1.000", "1.000 ", "1e3", "+1.000", "1_000.000", "NaN"])
def test_a_quantity_is_decimal_text_and_nothing_else(text: str) -> None:
    sale = _sale()
    sale["lines"][0]["qty"] = text
    with pytest.raises(Malformed):
        parse_payload("sale", 4, sale)


def test_a_receipt_number_with_a_trailing_newline_is_held() -> None:
    sale = _sale()
    sale["receipt_no"] += "\n"
    problems = payload_problems(parse_payload("sale", 4, sale))
    assert "bad_receipt_no" in {p.code for p in problems}


def test_a_tender_network_with_a_trailing_newline_is_not_a_network() -> None:
    sale = _sale()
    momo = next(t for t in sale["tenders"] if t["method"] == "momo")
    momo["provider"] += "\n"
    problems = payload_problems(parse_payload("sale", 4, sale))
    assert "unknown_network" in {p.code for p in problems}


def test_hashes_ids_and_keys_with_a_trailing_newline_are_refused() -> None:
    envelope = envelope_example()
    parse_envelope(envelope)
    for field in ("hash", "signature", "id"):
        changed = {**envelope, field: envelope[field] + "\n"}
        with pytest.raises(EnvelopeError) as caught:
            parse_envelope(changed)
        assert caught.value.code == "malformed"
    assert is_uuid(envelope["id"]) and not is_uuid(envelope["id"] + "\n")
    with pytest.raises(Exception):  # noqa: B017 - whatever the key parser raises
        public_key_from_text("ab" * 32 + "\n")


def test_a_momo_reference_is_compared_without_its_spaces_and_newlines() -> None:
    # The one place surrounding white space is meant to go: what the cashier typed.
    assert reference_problem("mtn", " 44231234567\n") is None
