"""Secrets at rest: argon2id hashes of PINs and passwords, and random codes.

The hasher is injected (tests use argon2's cheapest profile so a suite with hundreds of
users stays fast; production uses argon2-cffi's RFC 9106 low-memory profile).

A check runs on **one thread**. The RFC 9106 profile has four lanes (``p=4``), and
libargon2's own ``argon2_verify`` computes them on as many threads: one sign-in took
both cores of a two-core server for its 80 ms, so the sign-in gate's quarter of the
time (``dashboard.throttle``) cost the tills nearly half the machine under a flood. The
lanes are the same computed one after another (``threads`` is not part of the hash), so
the answer is the same; a check takes about twice as long on the clock and never more
than one core.
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets

from _argon2_cffi_bindings import ffi, lib
from argon2 import PasswordHasher, Type, extract_parameters, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import core

from shared.errors import BisamaError

PIN_RE = re.compile(r"^\d{4,8}$")
MIN_PASSWORD = 10
# Crockford-style alphabet: no I, L, O, U, so a code read aloud over the phone survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class WeakSecret(BisamaError, ValueError):
    code = "weak_secret"


class SecretHasher:
    def __init__(self, *, cheap: bool = False) -> None:
        params = profiles.CHEAPEST if cheap else profiles.RFC_9106_LOW_MEMORY
        self._hasher = PasswordHasher.from_parameters(params)
        self._decoy: str | None = None

    def hash_pin(self, pin: str) -> str:
        if not PIN_RE.fullmatch(pin):
            raise WeakSecret("A PIN is 4 to 8 digits.")
        if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
            raise WeakSecret(f"The PIN {pin} is too easy to guess (all one digit or a run). "
                             "Choose another.")
        return self._hasher.hash(pin)

    def hash_password(self, password: str) -> str:
        if len(password) < MIN_PASSWORD:
            raise WeakSecret(f"A dashboard password needs at least {MIN_PASSWORD} characters.")
        return self._hasher.hash(password)

    def burn(self, secret: str) -> None:
        """Exactly the work of a ``verify`` whose answer is thrown away: a sign-in for an
        address that is no account, or for a locked one, costs what a wrong password
        does, so the time of the reply tells nothing."""
        if self._decoy is None:
            self._decoy = self._hasher.hash("not-a-real-password-0000")
        self.verify(self._decoy, secret)

    def verify(self, encoded: str, secret: str) -> bool:
        try:
            return verify_on_one_thread(encoded, secret.encode())
        except (VerificationError, InvalidHashError, ValueError):
            return False


def _b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def verify_on_one_thread(encoded: str, secret: bytes) -> bool:
    """Whether ``secret`` is the one an argon2id ``encoded`` hash was made from, computed
    on the calling thread only (``argon2_ctx`` with ``threads = 1``; module docstring).
    A hash that is not argon2id, or not well formed, raises ``InvalidHashError``."""
    params = extract_parameters(encoded)
    fields = encoded.split("$")
    if params.type is not Type.ID or len(fields) != 6:
        raise InvalidHashError(encoded)
    try:
        salt, expected = _b64(fields[4]), _b64(fields[5])
    except ValueError:
        raise InvalidHashError(encoded) from None
    out = ffi.new("uint8_t[]", len(expected))
    pwd = ffi.new("uint8_t[]", secret or b"\0")
    salt_buf = ffi.new("uint8_t[]", salt)
    ctx = ffi.new("argon2_context *", {
        "out": out, "outlen": len(expected), "pwd": pwd, "pwdlen": len(secret),
        "salt": salt_buf, "saltlen": len(salt), "secret": ffi.NULL, "secretlen": 0,
        "ad": ffi.NULL, "adlen": 0, "t_cost": params.time_cost, "m_cost": params.memory_cost,
        "lanes": params.parallelism, "threads": 1, "version": params.version,
        "allocate_cbk": ffi.NULL, "free_cbk": ffi.NULL, "flags": lib.ARGON2_DEFAULT_FLAGS})
    if core(ctx, Type.ID.value) != lib.ARGON2_OK:
        raise VerificationError("argon2 could not compute the hash")
    return hmac.compare_digest(bytes(ffi.buffer(out, len(expected))), expected)


def random_code(groups: int = 3, size: int = 4) -> str:
    """``K7QX-9MPL-2RTD``: 60 bits of randomness in an alphabet people can read out."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(size))
                    for _ in range(groups))

