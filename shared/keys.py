"""Ed25519 keys as text: the 32-byte raw public or private key in lowercase hex.

Key generation and storage (OS keyring, encrypted file) belong to the terminal; this
module only converts between key objects and their text form.
"""

from __future__ import annotations

import re

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


def public_key_from_text(text: str) -> Ed25519PublicKey:
    if not isinstance(text, str) or not _HEX64.match(text):
        raise KeyError_("a public key is 64 lowercase hex characters")
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    if not isinstance(text, str) or not _HEX64.match(text):
        raise KeyError_("a private key is 64 lowercase hex characters")
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(text))
