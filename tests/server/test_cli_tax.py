"""``bisama-sync`` for a tenant's VAT registration: onboarding a business that is not
VAT-registered, registering it later from a date (with its TIN), the history listed,
and a backdated change refused with a clear message (exit status 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.server.test_cli import run


def test_registration_from_the_command_line(database_url: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", database_url)
    assert run(capsys, "db", "upgrade", *db)[0] == 0
    code, _, _ = run(capsys, "tenant", "create", *db, "--name", "Corner Shop",
                     "--domain", "corner.test", "--not-vat-registered")
    assert code == 0
    t = ("--tenant", "corner.test")
    code, history, _ = run(capsys, "tax", "registrations", *db, *t, "--json")
    assert code == 0 and [(h["vat_registered"], h["tin"]) for h in history] == [(False, None)]
    today = datetime.now(UTC).date()
    start = (today + timedelta(days=7)).isoformat()
    code, _, err = run(capsys, "tax", "register", *db, *t, "--from", start, "--vat-registered")
    assert code == 2 and "TIN" in err
    code, done, _ = run(capsys, "tax", "register", *db, *t, "--from", start, "--vat-registered",
                        "--tin", "C0002223334", "--note", "GRA certificate", "--json")
    assert code == 0 and done["status"] == "VAT-registered" and done["entry"] == 2
    code, text, _ = run(capsys, "tax", "registrations", *db, *t)
    assert code == 0 and start in text and "C0002223334" in text and "GRA certificate" in text
    yesterday = (today - timedelta(days=1)).isoformat()
    code, _, err = run(capsys, "tax", "register", *db, *t, "--from", yesterday,
                       "--not-vat-registered")
    assert code == 2 and "before today" in err
