"""``bisama-sync user import``: the till's users file, read by the till's rules, at head
office — cashier as a role, one PIN per user, Excel's encoding, a reason per refused row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync_server.cli import main
from sync_server.context import ServerContext


def test_users_file_imports_by_the_tills_rules(database_url: str, ctx: ServerContext, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", database_url)  # ctx migrated it
    assert main(["tenant", "create", *db, "--name", "Acme", "--domain", "acme.test"]) == 0
    assert main(["user", "add", *db, "--tenant", "acme.test", "--email", "esi@acme.test", "--name", "Esi",
                 "--role", "cashier", "--branch", "MAIN", "--pin", "2580"]) == 0
    path = tmp_path / "users.csv"
    path.write_bytes(("email,name,role,branch,pin\r\n"
                      "ama@acme.test,Ama Owusu,Cashier,MAIN,1357\r\n"
                      "kofi@acme.test,Kofi Asante,cashier,MAIN,1357\r\n"
                      "kwame@acme.test,Kwame Boateng,manager,MAIN,7310\r\n"
                      "esi@acme.test,Esi Mensah,user,MAIN,4096\r\n"
                      "yaa@acme.test,Yaa Asantewaa,user,KUMASI,5172\r\n"
                      "abena@acme.test,Abena Ofosu-Appiah,director,MAIN,4821\r\n").encode("cp1252"))
    capsys.readouterr()
    code = main(["user", "import", *db, "--tenant", "acme.test", str(path), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1
    assert summary["users"] == ["ama@acme.test", "kwame@acme.test", "abena@acme.test"]
    assert summary["encoding"] == "UTF-8"  # plain ASCII reads as UTF-8
    reasons = {r["line"]: (r["email"], r["reason"]) for r in summary["rejected"]}
    assert sorted(reasons) == [3, 5, 6]
    assert "same as ama@acme.test's on line 2" in reasons[3][1]
    assert "already a user" in reasons[5][1]
    assert "KUMASI does not exist" in reasons[6][1]
    assert main(["user", "list", *db, "--tenant", "acme.test", "--json"]) == 0
    roles = {u["email"]: u["role"] for u in json.loads(capsys.readouterr().out)}
    assert roles == {"esi@acme.test": "user", "ama@acme.test": "user", "kwame@acme.test": "manager",
                     "abena@acme.test": "director"}


def test_a_file_that_is_not_a_users_file_changes_nothing(database_url: str, ctx: ServerContext,
                                                          tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", database_url)
    assert main(["tenant", "create", *db, "--name", "Acme", "--domain", "acme.test"]) == 0
    path = tmp_path / "x.csv"
    path.write_text("name,phone\nAma,024\n")
    capsys.readouterr()
    code = main(["user", "import", *db, "--tenant", "acme.test", str(path)])
    assert code == 2 and "not a users file" in capsys.readouterr().err
