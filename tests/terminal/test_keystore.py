"""The signing key's storage: encrypted file fallback, keyring selection, identity."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from shared.keys import private_key_text, public_key_text
from terminal.errors import KeyStoreError
from terminal.keystore import (
    EncryptedFileKeyStore,
    KeyringKeyStore,
    choose_key_store,
    machine_secret,
)
from terminal.till import Till


def test_encrypted_file_round_trip_and_never_plaintext(tmp_path):
    store = EncryptedFileKeyStore(tmp_path, passphrase="s3cret")
    key = Ed25519PrivateKey.generate()
    store.save("term-1", key)
    raw = (tmp_path / "terminal-key-term-1.json").read_text()
    assert private_key_text(key) not in raw
    assert json.loads(raw)["cipher"] == "AES-256-GCM"
    loaded = store.load("term-1")
    assert loaded is not None and private_key_text(loaded) == private_key_text(key)
    assert store.load("term-2") is None
    assert store.info().warning is None


def test_wrong_passphrase_says_so(tmp_path):
    EncryptedFileKeyStore(tmp_path, passphrase="right").save("t", Ed25519PrivateKey.generate())
    with pytest.raises(KeyStoreError, match="BISAMA_KEY_PASSPHRASE"):
        EncryptedFileKeyStore(tmp_path, passphrase="wrong").load("t")


def _opens_with_machine_secret(path, terminal_id: str) -> bool:
    """Whether the key file opens with what anyone on the PC can learn (the old way)."""
    record = json.loads(path.read_text())
    salt, nonce, sealed = (bytes.fromhex(record[k]) for k in ("salt", "nonce", "sealed"))
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(machine_secret())
    try:
        AESGCM(key).decrypt(nonce, sealed, terminal_id.encode())
    except InvalidTag:
        return False
    return True


@pytest.mark.security
def test_without_a_passphrase_the_key_is_sealed_under_an_owner_only_random_file(tmp_path):
    store = EncryptedFileKeyStore(tmp_path / "keys")
    key = Ed25519PrivateKey.generate()
    store.save("t", key)
    secret_file = tmp_path / "keys" / "passphrase"
    assert len(secret_file.read_text().strip()) == 64  # 256 random bits, hex
    if os.name == "posix":
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    key_file = tmp_path / "keys" / "terminal-key-t.json"
    assert json.loads(key_file.read_text())["mode"] == "passphrase-file"
    assert not _opens_with_machine_secret(key_file, "t")
    loaded = EncryptedFileKeyStore(tmp_path / "keys").load("t")
    assert loaded is not None and private_key_text(loaded) == private_key_text(key)
    assert "same disk" in (store.info().warning or "")
    # The key file alone (copied, or in a backup) opens nowhere else.
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(key_file, copy / key_file.name)
    with pytest.raises(KeyStoreError, match=r"passphrase file .* is missing"):
        EncryptedFileKeyStore(copy).load("t")


@pytest.mark.security
@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_passphrase_file_others_can_read_is_refused(tmp_path):
    store = EncryptedFileKeyStore(tmp_path)
    store.save("t", Ed25519PrivateKey.generate())
    os.chmod(tmp_path / "passphrase", 0o644)
    with pytest.raises(KeyStoreError, match="chmod 600"):
        EncryptedFileKeyStore(tmp_path).load("t")


@pytest.mark.security
def test_an_operator_passphrase_file(tmp_path):
    given = tmp_path / "usb" / "till.secret"
    given.parent.mkdir()
    given.write_text("a long operator secret\n")
    os.chmod(given, 0o600)
    env = {"BISAMA_KEY_STORE": "file", "BISAMA_KEY_PASSPHRASE_FILE": str(given)}
    store = choose_key_store(tmp_path, env)
    store.save("t", Ed25519PrivateKey.generate())
    assert store.info().warning is None and str(given) in store.info().location
    assert not (tmp_path / "keys" / "passphrase").exists()  # no secret beside the key
    assert choose_key_store(tmp_path, env).load("t") is not None
    given.unlink()  # the stick is not in: the till says so, and makes no new secret
    with pytest.raises(KeyStoreError, match="missing"):
        choose_key_store(tmp_path, env).load("t")
    with pytest.raises(KeyStoreError, match="missing"):
        choose_key_store(tmp_path, env).save("u", Ed25519PrivateKey.generate())


@pytest.mark.security
def test_a_machine_bound_key_of_an_older_version_opens_once_and_is_sealed_again(tmp_path):
    key = Ed25519PrivateKey.generate()
    salt, nonce = os.urandom(16), os.urandom(12)
    secret = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(machine_secret())
    sealed = AESGCM(secret).encrypt(nonce, bytes.fromhex(private_key_text(key)), b"t")
    key_file = tmp_path / "terminal-key-t.json"
    key_file.write_text(json.dumps({
        "format": "bisama-key-v1", "cipher": "AES-256-GCM", "kdf": "scrypt-n32768-r8-p1",
        "mode": "machine-bound", "salt": salt.hex(), "nonce": nonce.hex(),
        "sealed": sealed.hex()}))
    assert _opens_with_machine_secret(key_file, "t")
    loaded = EncryptedFileKeyStore(tmp_path).load("t")
    assert loaded is not None and private_key_text(loaded) == private_key_text(key)
    assert json.loads(key_file.read_text())["mode"] == "passphrase-file"
    assert not _opens_with_machine_secret(key_file, "t")
    again = EncryptedFileKeyStore(tmp_path).load("t")
    assert again is not None and private_key_text(again) == private_key_text(key)


def test_choice_of_store(tmp_path):
    assert isinstance(
        choose_key_store(tmp_path, {"BISAMA_KEY_STORE": "file"}), EncryptedFileKeyStore
    )
    assert isinstance(choose_key_store(tmp_path, {"BISAMA_KEY_STORE": "keyring"}), KeyringKeyStore)
    with pytest.raises(KeyStoreError):
        choose_key_store(tmp_path, {"BISAMA_KEY_STORE": "plaintext"})
    chosen = choose_key_store(tmp_path, {"BISAMA_KEY_STORE": "file", "BISAMA_KEY_PASSPHRASE": "p"})
    assert chosen.info().kind == "encrypted-file (passphrase)"


def test_first_start_makes_identity_and_key(blank_till, key_store):
    identity = blank_till.identity
    assert (
        identity.tenant_id is None
        and identity.branch_code == "MAIN"
        and identity.terminal_code == "T01"
    )
    key = key_store.load(identity.terminal_id)
    assert key is not None and public_key_text(key.public_key()) == identity.public_key


def test_a_missing_key_stops_the_till(tmp_path, clock, key_store):
    Till.open(tmp_path / "data", clock=clock, key_store=key_store).close()
    with pytest.raises(KeyStoreError, match="missing"):
        Till.open(
            tmp_path / "data", clock=clock, key_store=EncryptedFileKeyStore(tmp_path / "other", "x")
        )
