"""The till signs through a PKCS#11 token (SoftHSM2): ``bisama-terminal setup --signer
pkcs11`` makes the Ed25519 key on the token, every envelope and receipt QR is then
signed by it and checks with the till's public key; the switch is refused once the till
has signed anything, and a PIN file others may read is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hardware.documents import ReceiptDoc
from shared.audit.receipt import receipt_fields, receipt_qr, verify_receipt
from shared.envelope import ChainHead, verify_chain, verify_envelope
from shared.keys import public_key_from_text, public_key_text
from shared.money import Money
from terminal.cli import main
from terminal.paths import resolve_data_dir
from terminal.pkcs11_signer import Pkcs11Config, Pkcs11Signer, switch_signer
from terminal.tenders import cash
from terminal.till import Till
from tests.softhsm import Token, make_token
from tests.terminal.conftest import CASHIER, CASHIER_PIN, OIL


@pytest.fixture
def token(tmp_path_factory: pytest.TempPathFactory) -> Token:
    return make_token(tmp_path_factory.mktemp("softhsm"))


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("BISAMA_TERMINAL_HOME", str(tmp_path / "till"))
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", "pkcs11 test")
    monkeypatch.delenv("BISAMA_BACKUP_DIR", raising=False)
    return tmp_path


def _setup(token: Token, key_label: str, *extra: str) -> list[str]:
    return ["setup", "--signer", "pkcs11", "--module", token.module, "--token-label", token.label,
            "--pin-file", str(token.pin_file), "--key-label", key_label, *extra]


def test_a_till_signs_through_the_token(env, token, testdata, capsys):
    assert main(_setup(token, "till-cli")) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "signer" in out["changed"]
    public = out["public_key"]
    # The key is the token's: its public half is what the token holds.
    signer = Pkcs11Signer(Pkcs11Config(token.module, token.label, str(token.pin_file), "till-cli"))
    assert public_key_text(signer.public_key()) == public
    signer.close()
    assert main(["import", "catalogue", str(testdata / "catalogue_sample.csv")]) == 0
    assert main(["import", "users", str(testdata / "users_sample.csv")]) == 0
    assert main(["simulate", "--sales", "5", "--seed", "3", "--returns", "30"]) == 0
    assert main(["start"]) == 0
    assert "Signing key: pkcs11 token" in capsys.readouterr().out
    with Till.open(resolve_data_dir(None)) as till:
        assert till.identity.public_key == public
        key = public_key_from_text(public)
        envelopes = till.outbox.pending()
        assert len(envelopes) >= 6
        for envelope in envelopes:
            verify_envelope(envelope, key)
        verify_chain(ChainHead(), envelopes)
        # Signing through the token again gives the same QR (Ed25519 is deterministic).
        sale = next(e for e in envelopes if e.kind == "sale")
        text = receipt_qr(sale, till.recorder.key)
        assert verify_receipt(text, key).fields == receipt_fields(sale)
        assert receipt_qr(sale, till.recorder.key) == text
    # Once it has signed, the signer cannot change.
    assert main(_setup(token, "till-cli-2")) == 1
    assert "already signed" in capsys.readouterr().err


def test_receipts_printed_by_a_token_till_verify(blank_till, tmp_path, token, testdata):
    till = blank_till
    switch_signer(till, tmp_path / "data", Pkcs11Config(token.module, token.label,
                                                        str(token.pin_file), "till-receipts"))
    assert till.signer_info().kind == "pkcs11 token"
    till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    till.auth.import_users(testdata / "users_sample.csv")
    till.auth.login(CASHIER, CASHIER_PIN)
    till.shifts.open(Money.cedis(200))
    till.sales.scan(OIL)
    result = till.sales.complete([cash(till.sales.view().total)])
    job = till.db.one("SELECT document FROM print_jobs WHERE reference = ?", (result.receipt_no,))
    doc = ReceiptDoc.from_json(json.loads(job["document"]))
    key = public_key_from_text(till.identity.public_key)
    qr = verify_receipt(doc.qr_payload, key)
    assert qr.fields == receipt_fields(till.outbox.pending()[-1])
    for envelope in till.outbox.pending():
        verify_envelope(envelope, key)


def test_a_pin_file_others_may_read_is_refused(env, token, tmp_path, capsys):
    loose = tmp_path / "loose-pin"
    loose.write_text(Path(token.pin_file).read_text())
    loose.chmod(0o644)
    args = _setup(token, "till-loose")
    args[args.index("--pin-file") + 1] = str(loose)
    assert main(args) == 1
    assert "may be read by other accounts" in capsys.readouterr().err
    assert main(["setup", "--signer", "pkcs11"]) == 2
