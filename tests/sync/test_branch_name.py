"""Receipts name the branch as customers know it ("Acme Trading main branch"), not by
head office's code (MAIN): an enrolled till takes the name from head office; a
standalone till from ``bisama-terminal setup --branch-name``."""

from __future__ import annotations

import json

from shared.money import Money
from terminal.cli import main
from terminal.tenders import cash
from terminal.till import Till

OIL = "6030010001371"


def _printed_branch(till, receipt_no: str) -> str:
    document = till.db.scalar("SELECT document FROM print_jobs WHERE reference = ? ORDER BY id DESC LIMIT 1",
                              (receipt_no,))
    return str(json.loads(document)["seller"]["branch"])


def test_an_enrolled_tills_receipts_name_the_branch(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.till.settings.branch_name == "Acme Trading main branch"  # from the enrollment
    assert t.sync().ok
    receipt_no = t.sell(OIL)
    assert _printed_branch(t.till, receipt_no) == "Acme Trading main branch"


def test_a_standalone_till_names_its_branch_from_setup(tmp_path, monkeypatch, testdata, capsys):
    monkeypatch.setenv("BISAMA_TERMINAL_HOME", str(tmp_path / "till"))
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", "branch name")
    assert main(["import", "catalogue", str(testdata / "catalogue_sample.csv")]) == 0
    assert main(["import", "users", str(testdata / "users_sample.csv")]) == 0
    assert main(["setup", "--branch-name", "Kejetia Market"]) == 0

    with Till.open(tmp_path / "till") as till:
        till.start(take_backup=False)
        till.auth.sign_in_without_pin("ama@acme.example.test", "test")
        till.shifts.open(Money(10_000))
        till.sales.scan(OIL)
        result = till.sales.complete([cash(till.sales.view().total)])
        assert _printed_branch(till, result.receipt_no) == "Kejetia Market"
