"""Encryption at rest for backups: AES-256-GCM, streamed in chunks so a large dump is
never held in memory.

File layout: ``MAGIC`` (11 bytes), a 12-byte random nonce, the ciphertext, the 16-byte GCM
tag. The magic is authenticated as associated data. Decryption writes to a file the
caller must only use once ``decrypt_file`` has returned: the tag is checked at the end,
and a wrong key or one changed byte anywhere raises ``BackupKeyError``/``BackupCorrupt``
(the partial output is deleted).

The key is 32 random bytes in a file of its own (raw, or 64 hex characters), kept apart
from the backups (``--key-file`` / ``BISAMA_BACKUP_KEY_FILE``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from shared.errors import BisamaError

MAGIC = b"BISAMA-BK1\n"
NONCE = 12
TAG = 16
CHUNK = 1 << 20
ENV_KEY_FILE = "BISAMA_BACKUP_KEY_FILE"


class BackupKeyError(BisamaError):
    code = "backup_key"


class BackupCorrupt(BisamaError):
    code = "backup_corrupt"


def new_key_file(path: Path) -> None:
    """Write a new random key (64 hex characters), readable by its owner only."""
    if path.exists():
        raise BackupKeyError(f"{path} already exists; a key is never overwritten (the "
                             "backups made with it could no longer be read).")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")


def load_key(path: str | Path | None) -> bytes:
    """The key from ``path`` (or ``BISAMA_BACKUP_KEY_FILE``)."""
    text = str(path) if path else os.environ.get(ENV_KEY_FILE)
    if not text:
        raise BackupKeyError("Backups are encrypted: give the key file with --key-file or "
                             f"{ENV_KEY_FILE} (make one with `bisama-sync backup key "
                             "--key-file PATH`; keep it away from the backups).")
    try:
        data = Path(text).read_bytes()
    except OSError as exc:
        raise BackupKeyError(f"Cannot read the backup key file {text}: {exc.strerror}") from None
    stripped = data.strip()
    if len(stripped) == 64:
        try:
            return bytes.fromhex(stripped.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    if len(data) == 32:
        return data
    raise BackupKeyError(f"The backup key file {text} must hold 32 bytes or 64 hex characters.")


def manifest_mac(key: bytes, text: bytes) -> str:
    """An HMAC of a manifest's text, so a changed manifest is noticed too."""
    mac_key = hashlib.sha256(b"bisama manifest mac\n" + key).digest()
    return hmac.new(mac_key, text, hashlib.sha256).hexdigest()


def encrypt_file(key: bytes, source: Path, target: Path) -> str:
    """Encrypt ``source`` into ``target``; returns the sha256 of ``target``."""
    nonce = os.urandom(NONCE)
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(MAGIC)
    digest = hashlib.sha256()
    with source.open("rb") as src, target.open("wb") as out:
        def write(block: bytes) -> None:
            digest.update(block)
            out.write(block)

        write(MAGIC + nonce)
        while chunk := src.read(CHUNK):
            write(encryptor.update(chunk))
        write(encryptor.finalize())
        write(encryptor.tag)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def decrypt_file(key: bytes, source: Path, target: Path) -> None:
    """Decrypt ``source`` into ``target``, checking the GCM tag (see the module text)."""
    size = source.stat().st_size
    if size < len(MAGIC) + NONCE + TAG:
        raise BackupCorrupt(f"{source.name} is too short to be a Bisama backup.")
    with source.open("rb") as src:
        if src.read(len(MAGIC)) != MAGIC:
            raise BackupCorrupt(f"{source.name} is not a Bisama backup (wrong header).")
        nonce = src.read(NONCE)
        src.seek(size - TAG)
        tag = src.read(TAG)
        src.seek(len(MAGIC) + NONCE)
        decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(MAGIC)
        left = size - TAG - len(MAGIC) - NONCE
        try:
            with target.open("wb") as out:
                while left > 0:
                    chunk = src.read(min(CHUNK, left))
                    left -= len(chunk)
                    out.write(decryptor.update(chunk))
                out.write(decryptor.finalize())
        except InvalidTag:
            target.unlink(missing_ok=True)
            raise BackupCorrupt(
                f"{source.name} fails its authentication tag: the file was changed or "
                "damaged after it was written, or the key is not the one it was made "
                "with.") from None
