import json
import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.canonical import EncodingError, canonical_bytes
from shared.envelope import (
    GENESIS_HASH,
    ChainError,
    ChainHead,
    Envelope,
    EnvelopeError,
    parse_envelope,
    seal,
    verify_chain,
    verify_envelope,
)
from shared.ids import is_uuid, uuid7
from shared.money import Money
from shared.payloads import ShiftOpen

from .strategies import SHIFT, sales

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
TERMINAL = "01900000-0000-7000-8000-00000000aaaa"
T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def make_chain(payloads, key=KEY, start=None):
    envelopes = []
    head = start or ChainHead()
    for i, (kind, payload) in enumerate(payloads):
        env = seal(id=uuid7(1_763_715_600_000 + i, bytes([i % 256]) * 10), tenant=None, branch="MAIN",
                   terminal=TERMINAL, user="ama@acme.example.test", seq=head.seq + 1, prev_hash=head.hash,
                   kind=kind, schema=1, created_at=T0 + timedelta(seconds=i), business_date="2026-11-21",
                   payload=payload, key=key)
        envelopes.append(env)
        head = ChainHead(env.seq, env.hash)
    return envelopes


def shift_payload(n=0):
    return ("shift_open", ShiftOpen(SHIFT, Money(10_000 + n)).to_json())


def wire(env: Envelope) -> bytes:
    return canonical_bytes(env.to_json())


def decode_and_verify(raw: bytes, key=KEY) -> Envelope:
    """Parse and verify as the till does, and as the server does (canonical bytes encoded
    while parsing, ``parse_envelope_encoded``): both must come to the same outcome."""
    from shared.envelope import parse_envelope_encoded

    def till() -> tuple[Envelope, bytes]:
        env = parse_envelope(json.loads(raw.decode("utf-8")))
        return env, verify_envelope(env, key.public_key())

    def server() -> tuple[Envelope, bytes]:
        env, _typed, canonical = parse_envelope_encoded(json.loads(raw.decode("utf-8")))
        return env, verify_envelope(env, key.public_key(), canonical)

    outcomes = []
    for way in (till, server):
        try:
            outcomes.append(way())
        except (EnvelopeError, ValueError) as exc:
            outcomes.append(exc)
    first, second = outcomes
    if isinstance(first, Exception):
        assert type(second) is type(first) and getattr(second, "code", None) == getattr(
            first, "code", None), (first, second)
        raise first
    assert first == second
    return first[0]


# ------------------------------------------------------------------ canonical encoding

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@given(st.dictionaries(st.text(max_size=10), json_values, max_size=8), st.randoms())
def test_canonical_encoding_is_order_independent_and_stable(mapping, rnd):
    items = list(mapping.items())
    rnd.shuffle(items)
    shuffled = dict(items)
    assert canonical_bytes(mapping) == canonical_bytes(shuffled) == canonical_bytes(mapping)
    assert json.loads(canonical_bytes(mapping)) == mapping


def test_canonical_refuses_floats():
    with pytest.raises(EncodingError) as err:
        canonical_bytes({"payload": {"amount": 12.5}})
    assert "$.payload.amount" in str(err.value)


def test_uuid7():
    a = uuid7(1_700_000_000_000, b"\x00" * 10)
    b = uuid7(1_700_000_000_001, b"\xff" * 10)
    assert is_uuid(a) and is_uuid(b) and a < b
    assert a[14] == "7"


# ------------------------------------------------------------------ single envelopes


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(sales())
def test_round_trip_through_the_wire(sale):
    (env,) = make_chain([("sale", sale.to_json())])
    back = decode_and_verify(wire(env))
    assert back == env
    assert back.typed_payload() == sale


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sales(max_lines=2), st.data())
def test_any_single_byte_change_fails_verification(sale, data):
    (env,) = make_chain([("sale", sale.to_json())])
    raw = bytearray(wire(env))
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    replacement = data.draw(st.integers(min_value=0, max_value=255).filter(lambda b: b != raw[position]))
    raw[position] = replacement
    with pytest.raises((EnvelopeError, ValueError)):
        decode_and_verify(bytes(raw))


def test_every_byte_position_is_protected():
    (env,) = make_chain([shift_payload()])
    original = wire(env)
    for position in range(len(original)):
        raw = bytearray(original)
        raw[position] = (raw[position] + 1) % 256
        with pytest.raises((EnvelopeError, ValueError)):
            decode_and_verify(bytes(raw))


def test_bad_signature_is_named():
    (env,) = make_chain([shift_payload()], key=OTHER_KEY)
    with pytest.raises(EnvelopeError) as err:
        verify_envelope(env, KEY.public_key())
    assert err.value.code == "bad_signature"


def test_changed_payload_is_bad_hash():
    (env,) = make_chain([shift_payload()])
    data = env.to_json()
    data["payload"]["opening_float"] = 99
    with pytest.raises(EnvelopeError) as err:
        verify_envelope(parse_envelope(data), KEY.public_key())
    assert err.value.code == "bad_hash"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        (lambda d: d.pop("seq"), "malformed", "seq"),
        (lambda d: d.update(seq="1"), "malformed", "seq"),
        (lambda d: d.update(seq=0), "malformed", "seq"),
        (lambda d: d.update(seq=True), "malformed", "seq"),
        (lambda d: d.update(kind="teleport"), "unknown_kind", "kind"),
        (lambda d: d.update(schema=2), "unknown_schema", "schema"),
        (lambda d: d.update(prev_hash="xyz"), "malformed", "prev_hash"),
        (lambda d: d.update(created_at="2026-11-21 09:00"), "malformed", "created_at"),
        (lambda d: d.update(business_date="21/11/2026"), "malformed", "business_date"),
        (lambda d: d.update(extra=1), "malformed", "extra"),
        (lambda d: d["payload"].update(opening_float=-5), "malformed", "payload.opening_float"),
        (lambda d: d["payload"].update(opening_float=1.5), "malformed", "payload.opening_float"),
        (lambda d: d["payload"].pop("shift_id"), "malformed", "payload.shift_id"),
        (lambda d: d.update(payload=[]), "malformed", "payload"),
        (lambda d: d.update(signature="00"), "malformed", "signature"),
    ],
)
def test_malformed_fields_are_named(change, code, field):
    (env,) = make_chain([shift_payload()])
    data = env.to_json()
    change(data)
    with pytest.raises(EnvelopeError) as err:
        parse_envelope(data)
    assert err.value.code == code
    assert err.value.field == field


@settings(max_examples=200)
@given(json_values)
def test_garbage_never_crashes(value):
    with pytest.raises(EnvelopeError):
        parse_envelope(value)


@settings(max_examples=100)
@given(st.dictionaries(st.sampled_from(["id", "seq", "kind", "payload", "hash", "tenant", "schema"]), json_values))
def test_partial_envelopes_never_crash(value):
    with pytest.raises(EnvelopeError):
        parse_envelope(value)


def test_seal_refuses_naive_time_and_bad_payload():
    with pytest.raises(EnvelopeError):
        seal(id=uuid7(1, b"\0" * 10), tenant=None, branch="MAIN", terminal=TERMINAL, user="a@b.c", seq=1,
             prev_hash=GENESIS_HASH, kind="shift_open", schema=1, created_at=T0, business_date="2026-11-21",
             payload={"shift_id": SHIFT}, key=KEY)


def test_wrong_clock_does_not_matter():
    far = datetime(1999, 1, 1, tzinfo=timezone(timedelta(hours=-5)))
    env = seal(id=uuid7(1, b"\0" * 10), tenant=None, branch="MAIN", terminal=TERMINAL, user="a@b.c", seq=1,
               prev_hash=GENESIS_HASH, kind="shift_open", schema=1, created_at=far,
               business_date="2026-11-21", payload=shift_payload()[1], key=KEY)
    decode_and_verify(wire(env))


# ------------------------------------------------------------------ chains


def test_good_chain_verifies():
    chain = make_chain([shift_payload(i) for i in range(6)])
    head = verify_chain(ChainHead(), chain, terminal=TERMINAL)
    assert head == ChainHead(6, chain[-1].hash)
    # and continues from a stored head
    assert verify_chain(ChainHead(3, chain[2].hash), chain[3:]) == head


@settings(max_examples=100)
@given(st.integers(min_value=2, max_value=8), st.data())
def test_removed_duplicated_or_swapped_envelope_breaks_the_chain(length, data):
    chain = make_chain([shift_payload(i) for i in range(length)])
    damage = data.draw(st.sampled_from(["remove", "duplicate", "swap"]))
    i = data.draw(st.integers(min_value=0, max_value=length - 1))
    broken = list(chain)
    if damage == "remove":
        if i == length - 1:  # removing the last one leaves a valid shorter chain: remove an inner one
            i = 0
        del broken[i]
    elif damage == "duplicate":
        broken.insert(i, chain[i])
    else:
        j = data.draw(st.integers(min_value=0, max_value=length - 1).filter(lambda j: j != i))
        broken[i], broken[j] = broken[j], broken[i]
    with pytest.raises(ChainError) as err:
        verify_chain(ChainHead(), broken)
    assert err.value.code in {"seq_gap", "seq_repeat", "broken_chain"}


def test_chain_error_codes():
    chain = make_chain([shift_payload(i) for i in range(4)])
    with pytest.raises(ChainError) as err:
        verify_chain(ChainHead(), [chain[0], chain[2]])
    assert err.value.code == "seq_gap" and err.value.seq == 3
    with pytest.raises(ChainError) as err:
        verify_chain(ChainHead(), [chain[0], chain[1], chain[1]])
    assert err.value.code == "seq_repeat"
    other = make_chain([shift_payload(9), shift_payload(10)])
    with pytest.raises(ChainError) as err:
        verify_chain(ChainHead(), [chain[0], other[1]])
    assert err.value.code == "broken_chain"
    with pytest.raises(ChainError) as err:
        verify_chain(ChainHead(), chain, terminal="01900000-0000-7000-8000-00000000bbbb")
    assert err.value.code == "wrong_terminal"


def test_random_reorders_always_fail():
    chain = make_chain([shift_payload(i) for i in range(5)])
    rnd = random.Random(7)
    for _ in range(50):
        order = list(chain)
        while order == chain:
            rnd.shuffle(order)
        with pytest.raises(ChainError):
            verify_chain(ChainHead(), order)


# ------------------------------------------------------------------ fast canonical path

from shared.canonical import reference_canonical_bytes  # noqa: E402

ascii_keys = st.text(alphabet=st.characters(max_codepoint=127), max_size=8)
any_text = st.text(max_size=20).filter(lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t))
ascii_keyed = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1) | any_text,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(ascii_keys, children, max_size=5),
    max_leaves=40,
)


@settings(max_examples=500)
@given(ascii_keyed)
def test_fast_encoding_equals_rfc8785(value):
    assert canonical_bytes(value) == reference_canonical_bytes(value)


@settings(max_examples=300)
@given(ascii_keyed)
def test_checked_encoding_of_frozen_data_equals_rfc8785(value):
    """The envelope check hashes a frozen payload through ``canonical_bytes_of_checked``
    (orjson, read-only mappings unwrapped): byte for byte RFC 8785."""
    from shared.canonical import canonical_bytes_of_checked, freeze

    assert canonical_bytes_of_checked(freeze(value)) == reference_canonical_bytes(value)
    assert canonical_bytes_of_checked(value) == reference_canonical_bytes(value)


def test_control_characters_and_unicode_encode_like_rfc8785():
    value = {"name": "Gari \u0000\u001f\u007f\u2028 “Ɔdɔ” ₵ 😀", "k\\\"": "\b\f\n\r\t"}
    assert canonical_bytes(value) == reference_canonical_bytes(value)


def test_non_ascii_keys_use_the_reference_encoder():
    value = {"é": 1, "\ue000": 2, "😀": 3, "a": 4}  # UTF-16 order differs from code points here
    assert canonical_bytes(value) == reference_canonical_bytes(value)


def test_signed_json_is_the_envelope_as_sent() -> None:
    """The server stores the envelope's JSON rebuilt from the bytes it hashed
    (``signed_json``) instead of encoding it once more: it must be the same JSON."""
    from shared.envelope import parse_envelope_with_payload, signed_json

    env = make_chain([shift_payload(n) for n in range(3)])[-1]
    sent = json.loads(json.dumps(env.to_json()))
    parsed, _payload = parse_envelope_with_payload(sent)
    text = signed_json(verify_envelope(parsed, KEY.public_key()), parsed)
    assert json.loads(text) == sent
