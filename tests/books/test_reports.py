"""Books reports (issue [9] scope 8) against hand-computed figures, on every database:
the general ledger's running balance and drill-down, the cash flow statement's
classification and reconciliation, typed exports, and the CLI."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from shared.money import Money
from sync_server.cli import main
from sync_server.reports.cashflow import cash_flow
from sync_server.reports.export import render
from sync_server.reports.gl import general_ledger
from sync_server.reports.ledger import balance_sheet, profit_and_loss, trial_balance
from sync_server.reports.tables import (
    balance_sheet_report,
    cash_flow_report,
    general_ledger_report,
    profit_and_loss_report,
    trial_balance_report,
)
from tests.books.dataset import OIL, add_account, ago, cash_move, manual, today
from tests.server.conftest import TillFactory, World


def _books(world: World, till: TillFactory) -> str:
    """Capital 5,000.00 into the bank 40 days ago; a freezer 2,450.50 (20 days ago), the
    owner's drawing 200.00 (5 days ago) and rent 800.00 (yesterday) from the bank; today
    a cash sale of two bottles of oil (76.00), 100.00 dropped to the bank, 25.00 paid out."""
    add_account(world, "1500", "Shop Equipment", "asset")
    manual(world, "JV-1", "Capital introduced", ago(40), [("1010", 500_000, 0), ("3000", 0, 500_000)])
    manual(world, "JV-2", "Chest freezer", ago(20), [("1500", 245_050, 0), ("1010", 0, 245_050)])
    manual(world, "JV-4", "Owner's drawing", ago(5), [("3000", 20_000, 0), ("1010", 0, 20_000)])
    manual(world, "JV-3", "Rent", ago(1), [("6000", 80_000, 0), ("1010", 0, 80_000)])
    t = till()
    sale = t.sell([(OIL, 2)])
    cash_move(t, "drop_to_bank", Money(10_000), "lodged at GCB")
    cash_move(t, "paid_out", Money(2_500), "kayayo")
    assert {r["status"] for r in t.push()[-1]["results"]} == {"stored"}
    return sale.id


def test_the_general_ledger_runs_from_its_opening_balance_and_links_to_the_sale(
        world: World, till: TillFactory) -> None:
    sale_id = _books(world, till)
    first = today() - timedelta(days=30)
    with world.ctx.scope(world.tenant_id) as scope:
        bank = general_ledger(scope, "1010", first=first, last=today())
        cash = general_ledger(scope, "1000", first=today(), last=today())
    assert bank["opening"] == 500_000
    assert [(ln["reference"], ln["debit"], ln["credit"], ln["balance"]) for ln in bank["lines"]
            ][:3] == [("JV-2", 0, 245_050, 254_950), ("JV-4", 0, 20_000, 234_950),
                      ("JV-3", 0, 80_000, 154_950)]
    assert (bank["lines"][3]["kind"], bank["lines"][3]["debit"]) == ("cash_move", 10_000)
    assert bank["closing"] == 164_950 and bank["lines"][-1]["balance"] == 164_950
    assert cash["opening"] == 0
    assert sorted((ln["kind"], ln["debit"], ln["credit"]) for ln in cash["lines"]) == [
        ("cash_move", 0, 2_500), ("cash_move", 0, 10_000), ("sale", 7_600, 0)]
    running = 0
    for ln in cash["lines"]:
        running += ln["debit"] - ln["credit"]
        assert ln["balance"] == running
    assert cash["closing"] == -4_900
    assert [ln["sale_id"] for ln in cash["lines"] if ln["kind"] == "sale"] == [sale_id]
    report = general_ledger_report(bank, business="Acme Trading")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render(report, "xlsx")[0])).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    closing = values[-1]
    assert closing[3] == "Closing balance" and closing[7] == 1649.5
    assert render(report, "pdf")[0].startswith(b"%PDF")


def test_the_cash_flow_statement_classifies_by_the_other_accounts_and_reconciles(
        world: World, till: TillFactory) -> None:
    _books(world, till)
    with world.ctx.scope(world.tenant_id) as scope:
        cf = cash_flow(scope, first=today() - timedelta(days=30), last=today())
    assert [a["code"] for a in cf["cash_accounts"]] == ["1000", "1010"]
    sections = {s["key"]: s for s in cf["sections"]}
    # Operating: the sale brings 76.00 (63.34 sales + 9.50 VAT + 1.58 NHIL + 1.58 GETFund;
    # its cost moves 55.12 out of 1200 into 5000, netting nil); rent 800.00 and the
    # 25.00 paid out go. Investing: the freezer. Financing: the drawing. The drop to the
    # bank moves cash between cash accounts: not a flow.
    assert sections["operating"]["net"] == 7_600 - 80_000 - 2_500
    rows = {r["account"]: (r["inflow"], r["outflow"]) for r in sections["operating"]["rows"]}
    assert rows == {"1200": (5_512, 0), "2100": (950, 0), "2110": (158, 0), "2120": (158, 0),
                    "4000": (6_334, 0), "5000": (0, 5_512), "6000": (0, 82_500)}
    assert sections["investing"]["rows"] == [{"account": "1500", "name": "Shop Equipment",
                                              "inflow": 0, "outflow": 245_050, "net": -245_050}]
    assert sections["financing"]["net"] == -20_000
    assert cf["opening"] == 500_000 and cf["net"] == -339_950
    assert cf["closing"] == 160_050 and cf["reconciles"]
    text = render(cash_flow_report(cf, business="Acme Trading"), "csv")[0].decode("utf-8-sig")
    assert "Closing cash,,,1600.50" in text


def test_trial_balance_profit_and_loss_and_balance_sheet_export_typed(
        world: World, till: TillFactory) -> None:
    _books(world, till)
    month = today().strftime("%Y-%m")
    with world.ctx.scope(world.tenant_id) as scope:
        tb = trial_balance(scope, period=month)
        pnl = profit_and_loss(scope, first=(today() - timedelta(days=45)).strftime("%Y-%m"),
                              last=month)
        sheet = balance_sheet(scope, period=month)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(trial_balance_report(
        tb, period=month, branch=None, business="Acme"), "xlsx")[0])).active
    rows = [[c for c in row] for row in book.iter_rows()]
    bank = next(r for r in rows if r[0].value == "1010")
    assert bank[2].value == 1649.5 and bank[2].number_format == "#,##0.00"
    assert rows[-1][1].value == "Total" and rows[-1][2].value == rows[-1][3].value
    pnl_csv = render(profit_and_loss_report(pnl, business="Acme"), "csv")[0].decode("utf-8-sig")
    assert "Net profit," in pnl_csv and "Net sales,63.34" in pnl_csv
    pdf = render(balance_sheet_report(sheet, business="Acme"), "pdf")[0]
    assert pdf.startswith(b"%PDF") and sheet["balanced"]
    with pytest.raises(Exception, match="not a file type"):
        render(trial_balance_report(tb, period=month, branch=None, business="Acme"), "doc")


def test_the_commands(world: World, till: TillFactory, database_url: str, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    _books(world, till)
    db = ("--db", database_url, "--tenant", world.domain)
    first = (today() - timedelta(days=30)).isoformat()
    assert main(["report", "cash-flow", *db, "--from", first, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["closing"] == "1600.50" and data["reconciles"] is True
    target = tmp_path / "gl.xlsx"
    assert main(["report", "gl", *db, "--account", "1010", "--from", first, "--format", "xlsx",
                 "--output", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"
    capsys.readouterr()
    assert main(["report", "gl", *db, "--account", "9999", "--from", first]) == 2
    assert "9999 is not in this tenant's chart" in capsys.readouterr().err
    target = tmp_path / "tb.pdf"
    assert main(["report", "trial-balance", "--db", database_url, "--tenant", world.domain,
                 "--format", "pdf", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    target = tmp_path / "books.beancount"
    assert main(["ledger", "export", *db, "--format", "beancount", "--output", str(target)]) == 0
    assert "Assets:Shop-Equipment  2450.50 GHS" in target.read_text()
    assert main(["report", "ar-ageing", *db, "--json"]) == 0
    capsys.readouterr()
    assert main(["credit-note", "list", *db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    with pytest.raises(SystemExit):
        main(["ledger", "export", *db, "--format", "ods"])
    assert date.fromisoformat(first) < today()


def test_the_export_module_types_cells_and_neutralises_formulas() -> None:
    from sync_server.reports.export import Col, Report

    report = Report("Any report", [Col("who", "Customer"), Col("day", "Date", "date"),
                                   Col("n", "Count", "int"), Col("amount", "Amount", "money")],
                    [{"who": "=HYPERLINK(\"http://x\")", "day": date(2026, 12, 6), "n": 3,
                      "amount": -450},
                     {"who": "Ama", "day": "2026-12-05", "n": None, "amount": 123_456_789}],
                    heading=["+cmd|' /C calc'!A0"], totals={"who": "Total", "amount": 123_456_339})
    text = render(report, "csv")[0].decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd" in text
    assert "2026-12-06,3,-4.50" in text and "1234567.89" in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render(report, "xlsx")[0])).active
    rows = [[c for c in row] for row in sheet.iter_rows()]
    first = rows[3]
    assert first[0].value == "'=HYPERLINK(\"http://x\")" and first[0].data_type == "s"
    assert first[1].is_date and first[1].number_format == "yyyy-mm-dd"
    assert first[2].value == 3 and first[3].value == -4.5
    assert first[3].number_format == "#,##0.00"
    assert rows[-1][3].value == 1234563.39
    assert render(report, "pdf")[0].startswith(b"%PDF")
