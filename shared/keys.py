"""Ed25519 keys as text: the 32-byte raw public or private key in lowercase hex.

Key generation and storage (OS keyring, encrypted file) belong to the terminal; this
module only converts between key objects and their text form.

Signing uses ``cryptography``; checking a signature (``PublicKey.verify``) uses libsodium
through PyNaCl, which does it in less than half the time of OpenSSL's Ed25519 — and the
server checks one signature per envelope it receives (docs/architecture.md).
"""

from __future__ import annotations

import re

import nacl.exceptions
import nacl.signing
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from shared.errors import BisamaError

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class KeyError_(BisamaError, ValueError):
    code = "bad_key"


def public_key_text(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def private_key_text(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


class PublicKey:
    """An Ed25519 public key that checks signatures, as ``Ed25519PublicKey.verify`` does
    (raises ``cryptography.exceptions.InvalidSignature``), through libsodium."""

    __slots__ = ("_key",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != 32:
            raise KeyError_("an Ed25519 public key is 32 bytes")
        self._key = nacl.signing.VerifyKey(raw)

    def verify(self, signature: bytes, data: bytes) -> None:
        try:
            self._key.verify(data, signature)
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
            raise InvalidSignature from None


def public_key_from_text(text: str) -> PublicKey:
    if not isinstance(text, str) or not _HEX64.fullmatch(text):
        raise KeyError_("a public key is 64 lowercase hex characters")
    return PublicKey(bytes.fromhex(text))


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    if not isinstance(text, str) or not _HEX64.fullmatch(text):
        raise KeyError_("a private key is 64 lowercase hex characters")
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(text))
