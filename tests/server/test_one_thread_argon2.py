"""A password check on one thread (``sync_server.security.verify_on_one_thread``) gives
argon2's own answer for every hash our hasher makes, and never more: a sign-in must not
take both cores of a two-core server (the sign-in flood of issue [7])."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError
from hypothesis import given, settings
from hypothesis import strategies as st

from sync_server.security import SecretHasher, verify_on_one_thread

FOUR_LANES = PasswordHasher(time_cost=1, memory_cost=256, parallelism=4)
FULL = SecretHasher().hash_password("correct horse battery")


def test_the_production_profile_agrees_with_argon2() -> None:
    assert profiles.RFC_9106_LOW_MEMORY.parallelism == 4  # the lanes it used two cores for
    assert verify_on_one_thread(FULL, b"correct horse battery")
    assert not verify_on_one_thread(FULL, b"correct horse batterY")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_any_secret_agrees_with_argon2(secret: str, other: str) -> None:
    encoded = FOUR_LANES.hash(secret)
    assert verify_on_one_thread(encoded, secret.encode())
    assert verify_on_one_thread(encoded, other.encode()) == (other == secret)


@pytest.mark.parametrize("encoded", [
    "garbage", "", "$argon2id$v=19$m=256,t=1,p=4$@@@@$AAAA",
    "$argon2i$v=19$m=256,t=1,p=4$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
    FULL.replace("$v=19", "$v=19$x"),
], ids=["garbage", "empty", "not-base64", "argon2i", "a-field-too-many"])
def test_a_hash_that_is_not_ours_is_refused_not_crashed_on(encoded: str) -> None:
    with pytest.raises((InvalidHashError, ValueError)):
        verify_on_one_thread(encoded, b"x")
    assert SecretHasher(cheap=True).verify(encoded, "x") is False
