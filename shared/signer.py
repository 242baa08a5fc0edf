"""The till's signer: what seals envelopes, signs receipts' QR codes, sync requests and
the enrollment proof.

A ``Signer`` is anything with ``sign(data) -> 64-byte Ed25519 signature`` and
``public_key()``. The default is the till's software key
(``cryptography``'s ``Ed25519PrivateKey``, kept by ``terminal.keystore``), which is one
already; a PKCS#11 token (``terminal.pkcs11_signer.Pkcs11Signer``, tested with SoftHSM2)
is the other. Ed25519 signatures are deterministic (RFC 8032), so both give the same
signature for the same key and data — a reprinted receipt carries the very QR the first
print did. The server only ever sees the public key and the signatures.
"""

from __future__ import annotations

from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Signer(Protocol):
    def sign(self, data: bytes) -> bytes:
        """The Ed25519 signature (64 bytes) of ``data``."""
        ...

    def public_key(self) -> Ed25519PublicKey: ...
