"""Where the till keeps its Ed25519 signing key, behind one small interface.

* ``KeyringKeyStore`` — the OS keyring (Windows Credential Manager, macOS Keychain,
  Secret Service on a Linux desktop) through ``keyring``; used when a real backend exists.
* ``EncryptedFileKeyStore`` — the documented fallback for a headless box: the key is
  encrypted with AES-256-GCM under a key derived by scrypt from a secret the operator
  controls, never from facts about the machine alone:

  - ``BISAMA_KEY_PASSPHRASE``, typed or injected at start-up (mode ``passphrase``); else
  - a passphrase file (mode ``passphrase-file``): ``BISAMA_KEY_PASSPHRASE_FILE`` (say a
    systemd credential or a USB key), else ``DATA/keys/passphrase``, 256 random bits
    made with the first key (at first start, before enrollment), owner-only (0600). A
    file others may read is refused. The default file lies beside the key: it keeps the
    key from other accounts on the PC and from a copied key file, not from someone who
    has the whole disk, which ``status`` and ``check`` say as a warning.

  Key files of older versions were sealed under ``/etc/machine-id`` and the user's name
  (mode ``machine-bound``), which anyone who can read the file can find out. They still
  open, once: the key is sealed again at once under the secret above and the old file
  replaced.

There is never a plaintext key file. Tests inject an ``EncryptedFileKeyStore`` on a temp
folder; ``BISAMA_KEY_STORE=file`` forces the file store (the fault tests' subprocesses).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import platform
import secrets
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
PASSPHRASE_FILE_ENV = "BISAMA_KEY_PASSPHRASE_FILE"  # noqa: S105 - likewise
PASSPHRASE_FILE = "passphrase"  # noqa: S105 - the default passphrase file's name

log = logging.getLogger("bisama.keystore")


@dataclass(frozen=True, slots=True)
class KeyStoreInfo:
    kind: str  # "keyring", "encrypted-file (passphrase)", "encrypted-file (passphrase file)"
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
    """What older versions sealed the key under when no passphrase was set: tied to this
    PC and account, and no secret from anyone who can read ``/etc/machine-id``. Only
    used to open such a key file once and seal it again properly."""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            text = Path(path).read_text().strip()
        except OSError:
            continue
        if text:
            return f"{text}:{getpass.getuser()}".encode()
    return f"{socket.gethostname()}:{platform.node()}:{getpass.getuser()}".encode()


class EncryptedFileKeyStore:
    """AES-GCM encrypted key file, one per terminal id, in ``folder``; see the module
    docstring for the secret it is sealed under."""

    def __init__(self, folder: Path, passphrase: str | None = None, *,
                 passphrase_file: Path | None = None) -> None:
        self.folder = Path(folder)
        self._passphrase = passphrase
        self._given_file = passphrase_file is not None
        self.passphrase_file = Path(passphrase_file) if passphrase_file else \
            self.folder / PASSPHRASE_FILE

    def _path(self, terminal_id: str) -> Path:
        return self.folder / f"terminal-key-{terminal_id}.json"

    @property
    def mode(self) -> str:
        """How new keys are sealed here."""
        return "passphrase" if self._passphrase else "passphrase-file"

    def _read_passphrase_file(self) -> bytes:
        path = self.passphrase_file
        try:
            if os.name == "posix" and path.stat().st_mode & 0o077:
                raise KeyStoreError(
                    f"The key's passphrase file {path} may be read by other accounts; it is "
                    f"not used. Make it the till account's own: chmod 600 {path}"
                )
            secret = path.read_bytes().strip()
        except FileNotFoundError:
            raise KeyStoreError(
                f"The key's passphrase file {path} is missing. Put it back from where it was "
                f"saved at enrollment (or set {PASSPHRASE_FILE_ENV}), or re-enroll the till."
            ) from None
        except OSError as exc:
            raise KeyStoreError(f"The key's passphrase file {path} cannot be read ({exc}).") from None
        if len(secret) < 16:
            raise KeyStoreError(f"The key's passphrase file {path} holds too short a secret "
                                "(16 characters at least).")
        return secret

    def _new_secret(self) -> bytes:
        """The secret new keys are sealed under; the default passphrase file is made
        (owner-only, 256 random bits) the first time it is needed."""
        if self._passphrase:
            return self._passphrase.encode()
        path = self.passphrase_file
        if not path.exists() and not self._given_file:
            private_folder(path.parent)
            part = private_file(path.with_name(f"{path.name}.{os.getpid()}.part"))
            try:
                with open(part, "w", encoding="ascii") as handle:
                    handle.write(secrets.token_hex(32) + "\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                # A link, not a rename: were two processes to make the file at once, the
                # second must not replace the secret the first already sealed a key under.
                with contextlib.suppress(FileExistsError):
                    os.link(part, path)
            finally:
                part.unlink(missing_ok=True)
        return self._read_passphrase_file()

    def _secret_for(self, mode: str) -> bytes:
        """The secret a key file of ``mode`` was sealed under."""
        if mode == "passphrase":
            if not self._passphrase:
                raise KeyStoreError(f"The till's signing key is locked with a passphrase: set "
                                    f"{PASSPHRASE_ENV}.")
            return self._passphrase.encode()
        if mode == "passphrase-file":
            return self._read_passphrase_file()
        return machine_secret()

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
            mode = str(record.get("mode") or "machine-bound")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyStoreError(
                f"The till's key file {path} is damaged ({exc}). Restore it from a "
                "backup or re-enroll the till."
            ) from None
        try:
            raw = AESGCM(self._derive(self._secret_for(mode), salt)).decrypt(
                nonce, sealed, terminal_id.encode())
        except InvalidTag:
            hint = {
                "passphrase": f"check {PASSPHRASE_ENV}",
                "passphrase-file": f"check the passphrase file {self.passphrase_file}",
            }.get(mode, "it was made on another PC or account")
            raise KeyStoreError(f"The till's signing key could not be unlocked ({hint}).") from None
        key = Ed25519PrivateKey.from_private_bytes(raw)
        if mode == "machine-bound":
            # An older version's file: seal it again under the operator's secret now.
            try:
                self.save(terminal_id, key)
            except (OSError, KeyStoreError) as exc:
                log.warning("The till's signing key is still sealed only with this PC's "
                            "machine id: sealing it again failed (%s).", exc)
                return key
            log.warning("The till's signing key was sealed only with this PC's machine id; it "
                        "is now sealed under %s.", PASSPHRASE_ENV if self._passphrase
                        else self.passphrase_file)
        return key

    def save(self, terminal_id: str, key: Ed25519PrivateKey) -> None:
        private_folder(self.folder)
        secret = self._new_secret()
        salt, nonce = os.urandom(16), os.urandom(12)
        raw = bytes.fromhex(private_key_text(key))
        sealed = AESGCM(self._derive(secret, salt)).encrypt(nonce, raw, terminal_id.encode())
        record = {
            "format": "bisama-key-v1",
            "cipher": "AES-256-GCM",
            "kdf": "scrypt-n32768-r8-p1",
            "mode": self.mode,
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
        location = f"{self.folder}, passphrase file {self.passphrase_file}"
        if self._given_file:
            return KeyStoreInfo("encrypted-file (passphrase file)", location)
        return KeyStoreInfo(
            "encrypted-file (passphrase file)",
            location,
            warning=(
                "The signing key's passphrase file is on the same disk as the key: it keeps "
                "the key from other accounts and from a copied key file, not from someone "
                f"with the whole disk. Set {PASSPHRASE_FILE_ENV} to a file kept elsewhere, "
                f"or {PASSPHRASE_ENV}, or install an OS keyring."
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
    given = env.get(PASSPHRASE_FILE_ENV)
    return EncryptedFileKeyStore(data_dir / "keys", env.get(PASSPHRASE_ENV) or None,
                                 passphrase_file=Path(given).expanduser() if given else None)
