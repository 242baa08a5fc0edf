"""The verifiable receipt QR, checked offline with nothing but the till's public key
(``shared.audit.receipt``): a genuine code verifies; changing any single character, at
any position, to any other character makes it fail — every position of a real code,
exhaustively over the printable ASCII, and by property over any character at all."""

from __future__ import annotations

import string
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from shared.audit.receipt import (
    MAX_LENGTH,
    ReceiptError,
    ReceiptFields,
    parse_receipt,
    sign_receipt,
    verify_receipt,
)
from shared.keys import public_key_text
from shared.money import Money

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC = KEY.public_key()
FIELDS = ReceiptFields(kind="S", tenant="7", terminal="0193a7c2-5d1e-7f3a-9b4c-2e8d6f1a0c47",
                       seq=42, receipt_no="MAIN-T01-000042", time="20261121T140512Z",
                       gross=Money.parse("125.50"), tax=Money.parse("19.74"),
                       hash16="3f9a0c5e71d24b86")
TEXT = sign_receipt(FIELDS, KEY)


def _fails(text: str) -> bool:
    try:
        verify_receipt(text, PUBLIC)
    except ReceiptError:
        return True
    return False


def test_a_genuine_code_verifies_and_says_what_was_signed() -> None:
    qr = verify_receipt(TEXT, PUBLIC)
    assert qr.fields == FIELDS and qr.text == TEXT
    assert TEXT.startswith("BSM1|S|7|0193a7c2-") and len(TEXT.rsplit("|", 1)[1]) == 86
    # What a scanner adds around it (a line end) changes nothing; the same fields signed
    # again give the very same code (a reprint).
    assert verify_receipt(f"  {TEXT}\r\n", PUBLIC).fields == FIELDS
    assert sign_receipt(FIELDS, KEY) == TEXT


def test_every_single_character_change_at_every_position_fails() -> None:
    alphabet = string.printable.strip() + " "
    tried = 0
    for position, original in enumerate(TEXT):
        for other in alphabet:
            if other == original:
                continue
            changed = TEXT[:position] + other + TEXT[position + 1:]
            assert _fails(changed), (position, original, other)
            tried += 1
    assert tried == len(TEXT) * (len(alphabet) - 1)


@given(position=st.integers(min_value=0, max_value=len(TEXT) - 1), other=st.characters())
def test_any_character_anywhere(position: int, other: str) -> None:
    if other == TEXT[position]:
        return
    assert _fails(TEXT[:position] + other + TEXT[position + 1:])


@given(data=st.data())
def test_any_deletion_or_insertion_fails(data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(TEXT) - 1))
    assert _fails(TEXT[:position] + TEXT[position + 1:])
    extra = data.draw(st.characters(blacklist_categories=("Zs", "Cc")))
    assert _fails(TEXT[:position] + extra + TEXT[position:])


def test_another_tills_key_fails_and_errors_say_why() -> None:
    other = Ed25519PrivateKey.generate()
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(TEXT, other.public_key())
    assert caught.value.code == "bad_signature"
    for bad, field in (("BISAMA1:MAIN-T01-000001:0011223344556677", "format"),
                       (TEXT.replace("|125.50|", "|125.5|"), "gross"),
                       (TEXT.replace("|S|", "|X|"), "kind")):
        with pytest.raises(ReceiptError) as caught:
            parse_receipt(bad)
        assert caught.value.code == "malformed" and caught.value.field == field
    with pytest.raises(ReceiptError):
        parse_receipt("BSM1|" + "x" * MAX_LENGTH)


def test_the_offline_verifier_on_the_command_line() -> None:
    key = public_key_text(PUBLIC)
    done = subprocess.run([sys.executable, "-m", "shared.audit", "receipt", TEXT, "--key", key],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("GOOD"), done.stdout + done.stderr
    changed = TEXT.replace("|42|", "|43|")
    done = subprocess.run([sys.executable, "-m", "shared.audit", "receipt", changed, "--key", key],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "NOT GOOD" in done.stdout
