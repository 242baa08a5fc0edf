"""``bisama-sync`` as an operator scripts it: every admin command of the issue, JSON
output, exit status 2 with a clear message for bad arguments. (That every command is
documented in docs/cli.md is checked by tests/test_cli_docs.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sync_server.cli import main
from sync_server.db.migrate import head_revision


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    try:
        data = json.loads(out) if out.strip().startswith(("{", "[")) else out
    except json.JSONDecodeError:
        data = out
    return code, data, err


def test_the_operator_commands_end_to_end(database_url: str, testdata: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", database_url)
    assert run(capsys, "db", "status", *db)[0] == 1
    code, data, _ = run(capsys, "db", "upgrade", *db, "--json")
    assert code == 0 and data["to"] == head_revision() == "0032"
    code, tenant, _ = run(capsys, "tenant", "create", *db, "--name", "ACME Trading Company",
                          "--domain", "acme.bisamapos.com", "--tin", "C0001234567", "--json")
    assert code == 0
    assert tenant == {"tenant_id": tenant["tenant_id"], "name": "ACME Trading Company",
                      "domain": "acme.bisamapos.com", "status": "active", "branch": "MAIN"}
    t = ("--tenant", "acme.bisamapos.com")
    assert run(capsys, "branch", "add", *db, *t, "--code", "TEM-02", "--name", "Tema")[0] == 0
    code, user, _ = run(capsys, "user", "add", *db, *t, "--email", "ama@acme.test", "--name",
                        "Ama", "--role", "user", "--branch", "TEM-02", "--pin", "1357", "--json")
    assert code == 0 and user["role"] == "user"
    code, summary, _ = run(capsys, "product", "import", *db, *t,
                           str(testdata / "catalogue_sample.csv"), "--json")
    assert code == 0 and summary["accepted"] == 60 and summary["rejected"] == []
    code, customer, _ = run(capsys, "customer", "add", *db, *t, "--name", "Kofi Traders",
                            "--credit-limit", "5,000.00", "--json")
    assert code == 0 and customer["credit_limit"] == 500000
    code, limited, _ = run(capsys, "customer", "limit", *db, *t, "--id", customer["id"],
                           "--credit-limit", "7500", "--json")
    assert code == 0 and limited["credit_limit"] == 750000
    code, accounts, _ = run(capsys, "accounts", "list", *db, *t, "--json")
    assert code == 0 and len(accounts) == 17 and accounts[0]["code"] == "1000"
    assert run(capsys, "accounts", "add", *db, *t, "--code", "2130")[0] == 0
    assert len(run(capsys, "accounts", "list", *db, *t, "--json")[1]) == 18
    code, enrol, _ = run(capsys, "terminal", "code", *db, *t, "--branch", "TEM-02", "--json")
    assert code == 0 and re.match(r"^\d+-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", enrol["code"])
    code, terminals, _ = run(capsys, "terminal", "list", *db, *t, "--json")
    assert code == 0 and terminals == []
    code, posted, _ = run(capsys, "post-unposted", *db, *t, "--json")
    assert code == 0 and posted == {"posted": 0, "late": 0, "failed": []}
    code, report, _ = run(capsys, "report", "trial-balance", *db, *t, "--json")
    assert code == 0
    assert set(report) == {"accounts", "total_debit", "total_credit"}
    assert len(report["accounts"]) == 18
    assert report["accounts"][0] == {"code": "1000", "name": "Cash on Hand", "debit": "0.00",
                                     "credit": "0.00"}
    assert report["total_debit"] == report["total_credit"] == "0.00"
    code, listed, _ = run(capsys, "tenant", "list", *db, "--json")
    assert [x["domain"] for x in listed] == ["acme.bisamapos.com"]
    code, off, _ = run(capsys, "tenant", "deactivate", *db, "--domain", "acme.bisamapos.com",
                       "--reason", "unpaid", "--json")
    assert code == 0 and off["status"] == "inactive"
    code, on, _ = run(capsys, "tenant", "activate", *db, "--domain", "acme.bisamapos.com", "--json")
    assert code == 0 and on["status"] == "active"
    code, periods, _ = run(capsys, "period", "list", *db, *t, "--json")
    assert code == 0 and len(periods) == 1 and periods[0]["status"] == "open"


def test_bad_arguments_get_a_clear_message_and_exit_2(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert run(capsys, "db", "upgrade", *db)[0] == 0
    assert run(capsys, "tenant", "create", *db, "--name", "Acme", "--domain", "acme.test")[0] == 0
    cases = [
        (("tenant", "create", *db, "--name", "Again", "--domain", "acme.test"), "already exists"),
        (("tenant", "create", *db, "--name", "X", "--domain", "not a domain"), "not a domain"),
        (("branch", "add", *db, "--tenant", "nobody.test", "--code", "X", "--name", "X"),
         "No tenant has the domain"),
        (("branch", "add", *db, "--tenant", "acme.test", "--code", "bad code", "--name", "X"),
         "not a branch code"),
        (("user", "add", *db, "--tenant", "acme.test", "--email", "a@b.test", "--name", "A",
          "--role", "user", "--branch", "NOPE", "--pin", "1357"), "Branch NOPE does not exist"),
        (("user", "add", *db, "--tenant", "acme.test", "--email", "a@b.test", "--name", "A",
          "--role", "user", "--branch", "MAIN", "--pin", "1111"), "too easy to guess"),
        (("terminal", "code", *db, "--tenant", "acme.test", "--branch", "NOPE"),
         "Branch NOPE does not exist"),
        (("terminal", "revoke", *db, "--tenant", "acme.test", "--terminal", "x"), "No terminal"),
        (("report", "trial-balance", *db, "--tenant", "acme.test", "--period", "2026-13"),
         "not a period"),
        (("customer", "add", *db, "--tenant", "acme.test", "--name", "K", "--credit-limit",
          "lots"), "not an amount"),
        (("tenant", "activate", *db, "--domain", "acme.test"), "already active"),
        (("product", "import", *db, "--tenant", "acme.test", str(tmp_path / "missing.csv")),
         "is not a file"),
        (("tenant", "list", "--db", "oracle://x/y"), "not supported"),
    ]
    for args, message in cases:
        code, err = run_to_exit(capsys, *args)
        assert code == 2, (args, err)
        assert message in err, (args, err)


def run_to_exit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The exit status and error text, whether argparse exits or a handler returns."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def test_a_catalogue_with_bad_rows_imports_the_good_ones_and_says_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    run(capsys, "db", "upgrade", *db)
    run(capsys, "tenant", "create", *db, "--name", "Acme", "--domain", "acme.test")
    csv = tmp_path / "cat.csv"
    csv.write_text("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,"
                   "wholesale_price,cost_price,tax_code,weighed\n"
                   "A-1,6030010001371,Oil,bottle,38.00,carton,12,419.52,27.56,B,0\n"
                   "A-2,6030010001372,Bad barcode,bottle,1.00,,,,0.50,B,0\n"
                   "A-3,,Bad price,bottle,abc,,,,0.50,B,0\n"
                   "A-1,,Twice,bottle,1.00,,,,0.50,B,0\n"
                   "A-4,,Bad tax,bottle,1.00,,,,0.50,Z,0\n")
    code, data, _ = run(capsys, "product", "import", *db, "--tenant", "acme.test", str(csv),
                        "--json")
    assert code == 1
    assert data["accepted"] == 1
    assert [(r["line"], r["sku"]) for r in data["rejected"]] == [(3, "A-2"), (4, "A-3"),
                                                                 (5, "A-1"), (6, "A-4")]
    assert "check digit" in data["rejected"][0]["reason"]
    not_a_catalogue = tmp_path / "x.csv"
    not_a_catalogue.write_text("name,price\nx,1\n")
    code, _, err = run(capsys, "product", "import", *db, "--tenant", "acme.test",
                       str(not_a_catalogue))
    assert code == 2 and "not a catalogue file" in err


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_to_exit(capsys, "serve", "--db", f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert code == 2
    assert "has no Bisama tables yet" in err and "bisama-sync db upgrade" in err


def test_the_default_database_is_an_sqlite_file_in_the_server_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sync_server.cli_server import _is_new_default
    from sync_server.db.engine import resolve_url

    monkeypatch.setenv("BISAMA_SERVER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BISAMA_DATABASE_URL", raising=False)
    url = resolve_url(None)
    assert url == f"sqlite:///{tmp_path / 'home' / 'bisama-sync.sqlite3'}"
    assert _is_new_default(url, None)  # serve sets up a brand-new default database …
    assert not _is_new_default(url, url)  # … but never one named with --db
    monkeypatch.setenv("BISAMA_DATABASE_URL", "postgresql://bisama@db/bisama")
    assert resolve_url(None) == "postgresql+psycopg://bisama@db/bisama"
