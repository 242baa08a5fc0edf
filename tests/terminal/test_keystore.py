"""The signing key's storage: encrypted file fallback, keyring selection, identity."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.keys import private_key_text, public_key_text
from terminal.errors import KeyStoreError
from terminal.keystore import EncryptedFileKeyStore, KeyringKeyStore, choose_key_store
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


def test_machine_bound_mode_warns_loudly(tmp_path):
    store = EncryptedFileKeyStore(tmp_path)
    store.save("t", Ed25519PrivateKey.generate())
    assert store.load("t") is not None
    assert "WARNING" in (store.info().warning or "")


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
