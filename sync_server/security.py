"""Secrets at rest: argon2id hashes of PINs and passwords, and random codes.

The hasher is injected (tests use argon2's cheapest profile so a suite with hundreds of
users stays fast; production uses argon2-cffi's RFC 9106 low-memory profile).
"""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

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
            return bool(self._hasher.verify(encoded, secret))
        except (VerificationError, InvalidHashError):
            return False


def random_code(groups: int = 3, size: int = 4) -> str:
    """``K7QX-9MPL-2RTD``: 60 bits of randomness in an alphabet people can read out."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(size))
                    for _ in range(groups))

