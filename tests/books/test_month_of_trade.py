"""A month of trade (tools/books/month_of_trade.py) leaves books an accountant can close
(issue [9]'s "done means", [10]'s example close): no negative inventory, clearing
accounts equal to what the providers have not paid yet, payables and receivables tied,
every check of the close passing, and hledger re-balancing it to the pesewa."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date
from pathlib import Path

import pytest

from sync_server.costing.valuation import stock_valuation
from sync_server.ledger.export import account_names, export
from tests.books.test_ledger_export import _pesewas, tool
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World
from tools.books.month_of_trade import MONTH, close, trade


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the pieces run on all three
def test_a_month_of_trade_closes_and_rebalances(world: World, till: TillFactory, testdata: Path,
                                                tmp_path: Path) -> None:
    month = trade(world, till, testdata)
    tb, sheet = month.trial_balance, month.balance_sheet
    assert month.sales > 250 and month.receipts and month.bills and month.settlements
    assert sheet["balanced"]
    assert tb["1200"] > 0 and tb["1010"] > 0
    with world.ctx.scope(world.tenant_id) as scope:
        valuation = stock_valuation(scope, as_of="2026-11-30")
    assert valuation.total == valuation.inventory == tb["1200"]
    assert all(line.value >= 0 for line in valuation.lines)
    # The clearing accounts hold exactly what the providers have not paid yet.
    assert tb.get("1020", 0) == month.unsettled.get("momo", 0) > 0
    assert tb.get("1030", 0) == month.unsettled.get("card", 0)
    close(world, month)
    checks = {c["key"]: c for c in month.close["approved"]["checks"]}
    assert all(c["passes"] for c in checks.values()), {k: c["figure"] for k, c in checks.items()}
    check_books(world.ctx, world.tenant_id)
    # hledger re-balances the month to the pesewa.
    hledger = tool("hledger")
    path = tmp_path / "november.journal"
    with world.ctx.scope(world.tenant_id) as scope, path.open("w", encoding="utf-8") as out:
        names = account_names(scope)
        export(scope, "hledger", last=date(2026, 11, 30), out=out,
               tenant="acme.test", first=None)
    code_of = {name: code for code, name in names.items()}
    text = subprocess.run([hledger, "-f", str(path), "bal", "-E", "-N", "--flat",
                           "--output-format", "csv"], check=True, capture_output=True,
                          text=True).stdout
    theirs = {code_of[r["account"]]: _pesewas(r["balance"]) for r in csv.DictReader(io.StringIO(text))}
    assert {c: v for c, v in theirs.items() if v} == tb
    assert MONTH == "2026-11"
