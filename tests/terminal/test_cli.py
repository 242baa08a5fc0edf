"""``bisama-terminal`` end to end in-process, and every command documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from terminal.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("BISAMA_TERMINAL_HOME", str(tmp_path / "till"))
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", "cli test")
    monkeypatch.delenv("BISAMA_BACKUP_DIR", raising=False)
    return tmp_path


def test_simulate_then_status(env, testdata, capsys):
    assert main(["simulate", "--sales", "3"]) == 1
    assert "catalogue is empty" in capsys.readouterr().err
    assert main(["import", "catalogue", str(testdata / "catalogue_sample.csv")]) == 0
    assert main(["simulate", "--sales", "3"]) == 1
    assert "no users" in capsys.readouterr().err
    assert main(["import", "users", str(testdata / "users_sample.csv")]) == 0
    capsys.readouterr()
    assert main(["simulate", "--sales", "20", "--seed", "7", "--returns", "20"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    sales = [x for x in lines if x["kind"] == "sale"]
    assert len(sales) == 20 and sales[0]["receipt_no"] == "MAIN-T01-000001"
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["sales_today"]["count"] == 20
    assert status["outbox"]["by_kind"]["sale"] == 20
    assert status["last_seq"] == max(x["seq"] for x in lines) and len(status["head_hash"]) == 64
    assert status["open_shift"]["user"] == "ama@acme.example.test"
    # Simulated sales are practice: no receipt waits for a printer.
    assert status["print_queue_depth"] == 0 and status["terminal"]["training"] is True
    assert main(["check"]) == 0
    assert "Check passed" in capsys.readouterr().out
    assert main(["backup"]) == 0
    assert "verified" in capsys.readouterr().out


def test_simulate_unknown_user_and_setup(env, testdata, capsys):
    main(["import", "catalogue", str(testdata / "catalogue_sample.csv")])
    main(["import", "users", str(testdata / "users_sample.csv")])
    assert (
        main(
            [
                "setup",
                "--branch",
                "ACC-01",
                "--terminal-code",
                "T02",
                "--shop-name",
                "Acme Accra",
                "--tin",
                "C0012345678",
                "--blind-close",
                "on",
            ]
        )
        == 0
    )
    assert main(["simulate", "--sales", "1", "--user", "ghost@x.test"]) == 1
    assert "no user ghost" in capsys.readouterr().err
    assert (
        main(["simulate", "--sales", "2", "--user", "manager@acme.example.test", "--close-shift"])
        == 0
    )
    out = capsys.readouterr().out
    assert "ACC-01-T02-000001" in out and "shift_close" in out
    assert main(["setup", "--branch", "X"]) == 1
    assert "already recorded" in capsys.readouterr().err


def test_import_bad_file_says_why(env, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,name\n")
    assert main(["import", "catalogue", str(bad)]) == 1
    assert "missing the column" in capsys.readouterr().err
    assert main(["import", "users", str(tmp_path / "none.csv")]) == 1


def test_every_command_is_documented():
    doc = (ROOT / "docs" / "terminal.md").read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert f"bisama-terminal {name}" in doc, f"docs/terminal.md does not document `{name}`"
        for action in command._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert re.search(re.escape(flag) + r"\b", doc), (
                        f"{name} {flag} is not documented"
                    )


def test_a_standalone_till_sets_its_vat_registration_and_quick_keys(env, testdata, capsys):
    from terminal.till import Till

    main(["import", "catalogue", str(testdata / "catalogue_sample.csv")])
    capsys.readouterr()
    assert main(["setup", "--vat-registered", "on", "--vat-from", "2026-03-03"]) == 2
    assert "give --tin" in capsys.readouterr().err
    assert main(["setup", "--vat-registered", "off", "--vat-from", "2026-01-01"]) == 0
    assert main(["setup", "--vat-registered", "on", "--vat-from", "2026-03-03",
                 "--tin", "C0001112223"]) == 0
    with Till.open(env / "till") as till:
        profile = till.settings.profile()
    assert [(r.effective_from.isoformat(), r.vat_registered, r.tin)
            for r in profile.registrations][-2:] == [
        ("2026-01-01", False, None), ("2026-03-03", True, "C0001112223")]
    capsys.readouterr()
    assert main(["quick-keys", "set", "--page", "BREAD", "--name", "Bread", "GH-0001",
                 "GH-0005"]) == 0
    assert main(["quick-keys", "set", "--page", "X", "NOPE-1"]) == 2
    assert "Not on this till's catalogue: NOPE-1" in capsys.readouterr().err
    assert main(["quick-keys", "list"]) == 0
    pages = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert pages == [{"page": "BREAD", "name": "Bread", "position": 1,
                      "skus": ["GH-0001", "GH-0005"]}]
    assert main(["quick-keys", "remove", "--page", "BREAD"]) == 0
