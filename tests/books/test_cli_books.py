"""``bisama-sync accounts …`` and ``journal …`` as an accountant scripts them, on every
database: approval needs a director's password, not just a name."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from sync_server.books.chart import chart as chart_of
from sync_server.cli import main
from tests.books.people import PASSWORD, add_directors
from tests.server.conftest import World


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
        stdin: str = "") -> tuple[int, Any, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        data = out
    return code, data, err


def test_accounts_and_a_journal_from_draft_to_posted(world: World, database_url: str,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    add_directors(world)
    base = ("--db", database_url, "--tenant", world.domain, "--json")

    def cli(*args: str, stdin: str = "") -> tuple[int, Any, str]:
        return run(capsys, monkeypatch, *args[:2], *base, *args[2:], stdin=stdin)

    assert cli("accounts", "add", "--code", "6010", "--name", "Rent", "--type", "expense")[0] == 0
    assert cli("accounts", "add", "--code", "1011", "--name", "Ecobank", "--type", "asset")[0] == 0
    code, _out, err = cli("accounts", "deactivate", "--code", "1010")
    assert code == 2 and "would fail to post" in err
    (tmp_path / "lines.csv").write_text("account,debit,credit,branch,memo\n"
                                        "6010,\"1,500.00\",,MAIN,March rent\n"
                                        "1011,,1500.00,,cheque 123\n", encoding="utf-8")
    code, made, err = cli("journal", "draft", "--by", "abena@acme.test", "--date", "2026-03-31",
                          "--branch", "MAIN", "--memo", "March rent",
                          "--file", str(tmp_path / "lines.csv"))
    assert code == 0, err
    assert (made["number"], made["total"], made["lines"][1]["branch"]) == ("JV-000001", 150_000,
                                                                           "MAIN")
    code, _out, err = cli("journal", "draft", "--by", "abena@acme.test", "--date", "2026-03-31",
                          "--branch", "MAIN", "--memo", "x", "--line", "6010:10.00:",
                          "--line", "1011::9.00")
    assert code == 2 and "does not balance" in err
    code, _out, err = cli("journal", "approve", "--number", "JV-000001", "--by",
                          "kojo@acme.test", "--password", "-", stdin="a guess\n")
    assert code == 2 and "not an active user" in err
    code, _out, err = cli("journal", "approve", "--number", "JV-000001", "--by",
                          "manager@acme.test", "--password", "-", stdin="long enough password\n")
    assert code == 2 and "not an active director" in err
    code, _out, err = cli("journal", "approve", "--number", "JV-000001", "--by",
                          "abena@acme.test", "--password", "-", stdin=PASSWORD + "\n")
    assert code == 2 and "another director must approve" in err
    code, done, err = cli("journal", "approve", "--number", "JV-000001", "--by",
                          "kojo@acme.test", "--password", "-", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert (done["status"], done["approved_by"]) == ("posted", "kojo@acme.test")
    code, chart, _err = cli("accounts", "list")
    balances = {row["code"]: row["balance"] for row in chart}
    assert (balances["6010"], balances["1011"]) == ("1500.00", "-1500.00")
    code, rev, err = cli("journal", "reverse", "--journal", "JV-000001", "--date", "2026-04-01",
                         "--by", "abena@acme.test")
    assert code == 0 and rev["number"] == "JV-000002", err
    code, _out, err = cli("journal", "reverse", "--journal", "JV-000001", "--date",
                          "2026-04-01", "--by", "abena@acme.test")
    assert code == 2 and "already reversed by JV-000002" in err
    code, template, err = cli("journal", "draft", "--by", "abena@acme.test", "--date",
                              "2026-01-01", "--until", "2026-03-31", "--monthly-on", "1",
                              "--branch", "MAIN", "--memo", "Shop rent",
                              "--line", "6010:1000:", "--line", "1011::1000")
    assert code == 0 and template["number"] == "RJ-0001", err
    assert cli("journal", "approve", "--number", "RJ-0001", "--by", "kojo@acme.test",
               "--password", "-", stdin=PASSWORD + "\n")[0] == 0
    first = cli("journal", "recur", "--until", "2026-12-31")[1]
    assert [p["date"] for p in first["posted"]] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    again = cli("journal", "recur", "--until", "2026-12-31")[1]
    assert (again["posted"], again["already_posted"]) == ([], 3)
    listed = cli("journal", "list")[1]
    assert listed[0]["number"] == "JV-000002" and listed[0]["status"] == "draft"
    assert cli("journal", "delete", "--number", "JV-000002", "--by", "abena@acme.test")[0] == 0
    with world.ctx.scope(world.tenant_id) as scope:
        assert {c.code: c.balance.pesewas for c in chart_of(scope)}["6010"] == 450_000


def test_wrong_passwords_lock_the_director_as_on_the_dashboard(
        world: World, database_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    add_directors(world)
    base = ("--db", database_url, "--tenant", world.domain)
    assert run(capsys, monkeypatch, "journal", "draft", *base, "--by", "abena@acme.test",
               "--date", "2026-03-31", "--branch", "MAIN", "--memo", "rent",
               "--line", "6000:10:", "--line", "1000::10")[0] == 0
    approve = ("journal", "approve", *base, "--number", "JV-000001", "--by", "kojo@acme.test",
               "--password", "-")
    for _attempt in range(5):
        code, _out, err = run(capsys, monkeypatch, *approve, stdin="a guess\n")
        assert code == 2 and "not an active user" in err
    code, _out, err = run(capsys, monkeypatch, *approve, stdin=PASSWORD + "\n")
    assert code == 2 and "locked" in err
    code, shown, _err = run(capsys, monkeypatch, "journal", "show", *base, "--json",
                            "--number", "JV-000001")
    assert shown["status"] == "draft"
