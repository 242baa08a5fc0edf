"""Where the till keeps its Ed25519 signing key, behind one small interface.

* ``KeyringKeyStore`` — the OS keyring (Windows Credential Manager, macOS Keychain,
  Secret Service on a Linux desktop) through ``keyring``; used when a real backend exists.
* ``EncryptedFileKeyStore`` — the documented fallback for a headless box: the key is
  encrypted with AES-256-GCM under a key derived by scrypt from ``BISAMA_KEY_PASSPHRASE``,
  or, when no passphrase is set, from a machine-bound secret (``/etc/machine-id`` or the
  host name and user). The machine-bound mode protects a copied file, not a stolen disk,
  so it is reported as a loud warning by ``status`` and ``check``.

There is never a plaintext key file. Tests inject an ``EncryptedFileKeyStore`` on a temp
folder; ``BISAMA_KEY_STORE=file`` forces the file store (the fault tests' subprocesses).
"""

from __future__ import annotations

import getpass
import json
import os
import platform
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from shared.keys import private_key_from_text, private_key_text
from terminal.errors import KeyStoreError
from terminal.owner_only import private_file, private_folder

SERVICE = "bisama-pos-terminal"
PASSPHRASE_ENV = "BISAMA_KEY_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret


@dataclass(frozen=True, slots=True)
class KeyStoreInfo:
    kind: str  # "keyring", "encrypted-file (passphrase)", "encrypted-file (machine-bound)"
    location: str
    warning: str | None = None


class KeyStore(Protocol):
    def load(self, terminal_id: str) -> Ed25519PrivateKey | None:
        """The terminal's signing key, or None when none was stored yet."""

    def save(self, terminal_id: str, key: Ed25519PrivateKey) -> None:
        """Store the key (first start or enrollment)."""

    def info(self) -> KeyStoreInfo: ...


class KeyringKeyStore:
    def __init__(self) -> None:
        import keyring

        self._keyring = keyring

    def load(self, terminal_id: str) -> Ed25519PrivateKey | None:
        text = self._keyring.get_password(SERVICE, terminal_id)
        return None if text is None else private_key_from_text(text)

    def save(self, terminal_id: str, key: Ed25519PrivateKey) -> None:
        self._keyring.set_password(SERVICE, terminal_id, private_key_text(key))

    def info(self) -> KeyStoreInfo:
        backend = self._keyring.get_keyring()
        return KeyStoreInfo("keyring", f"{type(backend).__module__}.{type(backend).__name__}")


def machine_secret() -> bytes:
    """Something tied to this PC and account (not a secret from its own admin)."""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            text = Path(path).read_text().strip()
        except OSError:
            continue
        if text:
            return f"{text}:{getpass.getuser()}".encode()
    return f"{socket.gethostname()}:{platform.node()}:{getpass.getuser()}".encode()


class EncryptedFileKeyStore:
    """AES-GCM encrypted key file, one per terminal id, in ``folder``."""

    def __init__(self, folder: Path, passphrase: str | None = None) -> None:
        self.folder = Path(folder)
        self._passphrase = passphrase

    def _path(self, terminal_id: str) -> Path:
        return self.folder / f"terminal-key-{terminal_id}.json"

    def _secret(self) -> bytes:
        return self._passphrase.encode() if self._passphrase else machine_secret()

    @staticmethod
    def _derive(secret: bytes, salt: bytes) -> bytes:
        return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(secret)

    def load(self, terminal_id: str) -> Ed25519PrivateKey | None:
        path = self._path(terminal_id)
        if not path.exists():
            return None
        try:
            record = json.loads(path.read_text())
            salt, nonce, sealed = (bytes.fromhex(record[k]) for k in ("salt", "nonce", "sealed"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeyStoreError(
                f"The till's key file {path} is damaged ({exc}). Restore it from a "
                "backup or re-enroll the till."
            ) from None
        try:
            raw = AESGCM(self._derive(self._secret(), salt)).decrypt(nonce, sealed, terminal_id.encode())
        except InvalidTag:
            hint = (
                f"check {PASSPHRASE_ENV}"
                if record.get("mode") == "passphrase"
                else "it was made on another PC or account"
            )
            raise KeyStoreError(f"The till's signing key could not be unlocked ({hint}).") from None
        return Ed25519PrivateKey.from_private_bytes(raw)

    def save(self, terminal_id: str, key: Ed25519PrivateKey) -> None:
        private_folder(self.folder)
        salt, nonce = os.urandom(16), os.urandom(12)
        raw = bytes.fromhex(private_key_text(key))
        sealed = AESGCM(self._derive(self._secret(), salt)).encrypt(nonce, raw, terminal_id.encode())
        record = {
            "format": "bisama-key-v1",
            "cipher": "AES-256-GCM",
            "kdf": "scrypt-n32768-r8-p1",
            "mode": "passphrase" if self._passphrase else "machine-bound",
            "salt": salt.hex(),
            "nonce": nonce.hex(),
            "sealed": sealed.hex(),
        }
        path = self._path(terminal_id)
        tmp = private_file(path.with_suffix(".tmp"))  # owner-only before the key is in it
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    def info(self) -> KeyStoreInfo:
        if self._passphrase:
            return KeyStoreInfo("encrypted-file (passphrase)", str(self.folder))
        return KeyStoreInfo(
            "encrypted-file (machine-bound)",
            str(self.folder),
            warning=(
                "WARNING: the signing key is encrypted only with a secret derived from this "
                f"PC. Set {PASSPHRASE_ENV} (or install an OS keyring) to protect it properly."
            ),
        )


def keyring_usable() -> bool:
    """True when ``keyring`` has a real backend (not the fail/null/chainer-of-nothing one)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, fail.Keyring) or type(backend).__module__.startswith("keyring.backends.null"):
        return False
    priority = getattr(backend, "priority", 0)
    return bool(priority and priority > 0)


def choose_key_store(data_dir: Path, env: Mapping[str, str] | None = None) -> KeyStore:
    env = os.environ if env is None else env
    forced = env.get("BISAMA_KEY_STORE", "").lower()
    if forced not in ("", "file", "keyring"):
        raise KeyStoreError("BISAMA_KEY_STORE must be “file” or “keyring”.")
    if forced == "keyring" or (forced == "" and keyring_usable()):
        return KeyringKeyStore()
    return EncryptedFileKeyStore(data_dir / "keys", env.get(PASSPHRASE_ENV) or None)
