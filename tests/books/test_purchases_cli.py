"""The purchases commands of ``bisama-sync`` end to end on every database."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.server.conftest import World
from tests.server.test_cli import run


def test_supplier_bill_pay_expense_tax_settle_and_reports(world: World, database_url: str,
                                                          tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    a = ("--db", database_url, "--tenant", world.domain, "--json")
    code, _, err = run(capsys, "supplier", "add", "Kasapreko", *a, "--terms", "30",
                         "--tin", "C0002223334")
    assert code == 0, err
    code, bill, err = run(capsys, "bill", "add", *a, "--supplier", "Kasapreko", "--invoice", "K-1",
                          "--date", "2026-03-10", "--branch", "MAIN", "--inclusive",
                          "--line", "Drinks|goods|1200.00|B", "--line", "Delivery|6000|50.00|D")
    assert code == 0, err
    assert (bill["number"], bill["vat"], bill["gross"], bill["due"]) == (
        "BILL-000001", "150.00", "1250.00", "2026-04-09")
    code, _, err = run(capsys, "bill", "add", *a, "--supplier", "Kasapreko", "--invoice", "K-1",
                       "--date", "2026-03-10", "--branch", "MAIN", "--line", "x|goods|1.00|B")
    assert code == 2 and "already entered" in err
    code, paid, err = run(capsys, "bill", "pay", *a, "--supplier", "Kasapreko", "--amount", "250",
                          "--date", "2026-03-20", "--method", "momo", "--branch", "MAIN")
    assert code == 0 and paid["allocated"] == [{"bill": "BILL-000001", "amount": "250.00"}], err
    code, shown, _ = run(capsys, "bill", "show", "BILL-000001", *a)
    assert shown["status"] == "part paid" and shown["open"] == "1000.00"
    code, listed, _ = run(capsys, "bill", "list", *a, "--open")
    assert [b["number"] for b in listed] == ["BILL-000001"]
    code, suppliers, _ = run(capsys, "supplier", "list", *a)
    assert suppliers[0]["balance"] == "1000.00"
    assert run(capsys, "supplier", "status", "Kasapreko", *a, "--inactive")[1]["status"] == "inactive"
    code, _, err = run(capsys, "bill", "add", *a, "--supplier", "Kasapreko", "--invoice", "K-9",
                       "--date", "2026-03-10", "--branch", "MAIN", "--line", "x|goods|1.00|B")
    assert code == 2 and "inactive" in err
    assert run(capsys, "supplier", "status", "Kasapreko", *a, "--active")[0] == 0
    code, expense, err = run(capsys, "expense", "add", *a, "--category", "6000", "--amount", "60",
                             "--date", "2026-03-21", "--branch", "MAIN", "--paid-by", "cash",
                             "--tax-code", "B", "--receipt", "SHELL-9", "--memo", "Fuel")
    assert code == 0 and expense["input_tax"] == "10.00", err
    code, expenses, _ = run(capsys, "expense", "list", *a, "--from", "2026-03-01")
    assert [e["number"] for e in expenses] == ["EXP-000001"]
    code, tax, err = run(capsys, "tax", "pay", *a, "--period", "2026-03", "--date", "2026-04-14",
                         "--branch", "MAIN", "--vat", "100.00", "--nhil", "10", "--getfund", "10")
    assert code == 0 and tax["total"] == "120.00", err
    code, settled, err = run(capsys, "settle", "momo", *a, "--gross", "100", "--fee", "1.00",
                             "--date", "2026-03-22", "--branch", "MAIN")
    assert code == 0 and settled["net"] == "99.00", err
    code, ageing, _ = run(capsys, "supplier", "ageing", *a, "--as-of", "2026-05-01")
    assert ageing["rows"][0]["1-30"] == "1000.00"  # due 2026-04-09: 22 days past due
    assert ageing["ledger_2000"] == ageing["totals"]["total"] == "1000.00"
    xlsx = tmp_path / "ageing.xlsx"
    code, _, err = run(capsys, "supplier", "ageing", *a[:-1], "--as-of", "2026-05-01",
                       "--output", str(xlsx))
    assert code == 0, err
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert sheet.cell(row=3, column=1).value == "Kasapreko"
    assert sheet.cell(row=3, column=3).value == Decimal("1000.00")
    statement = tmp_path / "statement.xlsx"
    code, _, err = run(capsys, "supplier", "statement", "Kasapreko", *a[:-1], "--output",
                       str(statement))
    assert code == 0, err
    rows = list(load_workbook(io.BytesIO(statement.read_bytes())).active.iter_rows(
        min_row=4, values_only=True))
    assert rows[0][0].date() == date(2026, 3, 10) and rows[0][1] == "BILL-000001"
    assert rows[-1][-1] == Decimal("1000.00")
    bad = tmp_path / "momo.csv"
    bad.write_text("date,reference,amount,description\n2026-03-01,A1,ten,oops\n")
    code, summary, _ = run(capsys, "statement", "import", str(bad), *a, "--clearing", "momo")
    assert code == 2 and summary["problems"][0]["line"] == 2 and not summary["imported"]
    code, statements, _ = run(capsys, "statement", "list", *a)
    assert statements == []
    good = tmp_path / "momo2.csv"
    good.write_text("date,reference,amount,description\n2026-03-01,A1,10.00,someone\n")
    code, summary, _ = run(capsys, "statement", "import", str(good), *a, "--clearing", "momo")
    assert code == 0 and summary["imported"]
    code, matched, _ = run(capsys, "statement", "match", summary["statement"], *a)
    assert matched["matched"] == 0
    code, listing, _ = run(capsys, "statement", "unmatched", *a, "--clearing", "momo",
                           "--as-of", "2026-03-05")
    assert [ln["reference"] for ln in listing["statement_lines"]] == ["A1"]
    code, _, err = run(capsys, "statement", "settle", summary["statement"], *a, "--date",
                       "2026-03-05", "--branch", "MAIN")
    assert code == 2 and "no matched lines" in err
