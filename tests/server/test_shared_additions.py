"""The two changes this branch made to ``shared`` (see the report): the fast canonical
encoding must be byte-for-byte RFC 8785, and ``parse_envelope_with_payload`` must agree
with ``parse_envelope`` and ``typed_payload``."""

from __future__ import annotations

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.canonical import EncodingError, canonical_bytes, freeze

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.text(),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30)


@settings(max_examples=400)
@given(json_values)
def test_canonical_bytes_is_rfc8785(value: object) -> None:
    try:
        expected = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError:
        with pytest.raises(EncodingError):
            canonical_bytes(value)
        return
    assert canonical_bytes(value) == expected
    assert canonical_bytes(freeze(value)) == expected


def test_canonical_bytes_sorts_astral_keys_by_utf16_and_refuses_lone_surrogates() -> None:
    value = {"\ue000": 1, "\U0001f600": 2, "a": "\u2028\x7f\x00"}
    assert canonical_bytes(value) == rfc8785.dumps(value)
    with pytest.raises(EncodingError):
        canonical_bytes({"a": "\ud800"})
    with pytest.raises(EncodingError, match=r"\$\.a\[1\]: floats"):
        canonical_bytes({"a": [1, 1.5]})


def test_parse_envelope_with_payload_matches_the_two_step_parse() -> None:
    from datetime import UTC, datetime

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from shared.envelope import GENESIS_HASH, parse_envelope, parse_envelope_with_payload, seal

    envelope = seal(id="01890a5d-ac96-774b-bcce-b302099a8057", tenant=None, branch="MAIN",
                    terminal="01890a5d-ac96-774b-bcce-b302099a8058", user="ama@acme.test", seq=1,
                    prev_hash=GENESIS_HASH, kind="shift_open", schema=1,
                    created_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC), business_date="2026-01-05",
                    payload={"shift_id": "01890a5d-ac96-774b-bcce-b302099a8059",
                             "opening_float": 20000}, key=Ed25519PrivateKey.generate())
    parsed, typed = parse_envelope_with_payload(envelope.to_json())
    assert parsed == parse_envelope(envelope.to_json()) == envelope
    assert typed == envelope.typed_payload()
