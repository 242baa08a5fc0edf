"""``bisama-sync employee|payroll|attendance …`` as a payroll officer scripts a month, on
every database: approval needs another director's password."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.books.people import PASSWORD, add_directors
from tests.books.test_cli_books import run
from tests.payroll.test_payroll_server import _weekdays, last_month
from tests.server.conftest import World


def test_a_payroll_month_from_the_command_line(world: World, database_url: str,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    add_directors(world)
    base = ("--db", database_url, "--tenant", world.domain, "--json")
    month = last_month()

    def cli(*args: str, stdin: str = "") -> tuple[int, Any, str]:
        return run(capsys, monkeypatch, *args[:2], *base, *args[2:], stdin=stdin)

    code, made, err = cli("employee", "add", "--number", "e001", "--name", "Akosua Darko",
                          "--branch", "MAIN", "--role", "Cashier", "--basic", "3,000.00",
                          "--allowances", "500", "--tin", "GHA-123456789-0",
                          "--pay-method", "momo", "--account", "0241234567")
    assert code == 0, err
    assert made["number"] == "E001"
    code, _d, err = cli("employee", "add", "--number", "E002", "--name", "Bad", "--branch",
                        "MAIN", "--role", "x", "--basic", "100", "--tin", "12",
                        "--pay-method", "cash")
    assert code == 2 and "not a Ghana TIN" in err
    code, rows, _e = cli("employee", "list")
    assert [r["number"] for r in rows] == ["E001"]
    day = _weekdays(month)[0]
    (tmp_path / "clock.csv").write_text(f"staff_number,date,clock_in,clock_out\n"
                                        f"E001,{day},08:00,17:00\nE404,{day},08:00,17:00\n",
                                        encoding="utf-8")
    code, summary, err = cli("attendance", "upload", "--file", str(tmp_path / "clock.csv"))
    assert code == 0 and (summary["accepted"], summary["rejected"]) == (1, 1), err
    code, report, _e = cli("attendance", "report", "--week", day)
    assert report["discrepancies"][0]["staff_number"] == "E404"
    code, data, err = cli("payroll", "run", "--month", month, "--by", "abena@acme.test")
    assert code == 0, err
    assert data["payslips"][0]["paye"] == "474.38"
    code, _d, err = cli("payroll", "approve", "--month", month, "--by", "abena@acme.test",
                        "--password", "-", stdin=PASSWORD + "\n")
    assert code == 2 and "another director" in err
    code, _d, err = cli("payroll", "approve", "--month", month, "--by", "kojo@acme.test",
                        "--password", "-", stdin="a guess\n")
    assert code == 2 and "not an active user" in err
    code, data, err = cli("payroll", "approve", "--month", month, "--by", "kojo@acme.test",
                          "--password", "-", stdin=PASSWORD + "\n")
    assert code == 0 and data["status"] == "approved", err
    code, data, err = cli("payroll", "post", "--month", month, "--by", "abena@acme.test")
    assert code == 0 and data["status"] == "posted", err
    out = tmp_path / "paye.csv"
    code, _d, err = cli("payroll", "schedule", "--month", month, "--kind", "paye",
                        "--output", str(out))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[1][2] == "Akosua Darko" and rows[1][-3] == "474.38"
    code, _d, err = cli("payroll", "payslips", "--month", month, "--output",
                        str(tmp_path / "slips.pdf"))
    assert code == 0 and (tmp_path / "slips.pdf").read_bytes().startswith(b"%PDF"), err
    code, data, err = cli("payroll", "pay", "--month", month, "--kind", "ssnit", "--date",
                          f"{month}-28")
    assert code == 0 and data["amount"] == "405.00", err
    code, _d, err = cli("payroll", "reverse", "--month", month, "--by", "kojo@acme.test",
                        "--password", "-", "--reason", "wrong", stdin=PASSWORD + "\n")
    assert code == 2 and "already paid" in err
    code, owed, _e = cli("payroll", "pay", "--month", month)
    assert {r["kind"]: r["paid_on"] for r in owed}["ssnit"] == f"{month}-28"
    code, rates, _e = run(capsys, monkeypatch, "payroll", "rates", "--month", "2026-11",
                          "--json")
    assert rates["bands"][3]["cumulative_tax"] == "572.67" and rates["max_insurable"] == "69000.00"
    code, _d, err = run(capsys, monkeypatch, "payroll", "rates", "--month", "2019-01")
    assert code == 2 and "No PAYE/SSNIT rates" in err
    code, _d, err = cli("payroll", "set-rates", "--by", "kojo@acme.test", "--from",
                        "2099-01-01", "--bands", "490:0,rest:10", "--max-insurable", "70000",
                        "--source", "a test notice")
    assert code == 0, err
    code, rates, _e = cli("payroll", "rates", "--month", "2099-01")
    assert rates["effective"] == "2099-01-01" and rates["bands"][1]["rate"] == "10 %"
    code, runs, _e = cli("payroll", "list")
    assert runs[0]["status"] == "posted"
