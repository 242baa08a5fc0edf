"""``ledger export``: the ledger as hledger, Beancount and CSV files, and the round trip
CI checks — a data set with every event kind the tills and head office make, exported,
re-balanced by Debian's ``hledger`` and ``bean-check``/``bean-query``, each account's
balance equal to our trial balance to the pesewa.

Under ``.ci/run`` (``BISAMA_REQUIRE_SERVICES=1``) a missing ``hledger`` or Beancount
fails the test: CI installs them (``.ci/run``), so their absence is a broken CI."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.money import Money
from shared.payloads import Tender
from sync_server.costing.services import set_valuation
from sync_server.ledger.export import account_names, balances, export
from sync_server.ledger.models import Journal
from sync_server.receivables.services import add_credit_note
from sync_server.reports.ledger import trial_balance
from sync_server.tenants.services import add_branch
from tests.books.dataset import (
    OIL,
    RICE,
    add_account,
    adjust,
    ago,
    cash_move,
    count,
    credit_sale,
    manual,
    pay_on_account,
    receive,
    shift_close,
    statuses,
    today,
    transfer,
)
from tests.server.conftest import ADMIN, TillFactory, World

REQUIRED = os.environ.get("BISAMA_REQUIRE_SERVICES") == "1"
EVERY_KIND = {"sale", "refund", "void", "customer_payment", "cash_move", "shift_close",
              "stock_receive", "stock_adjust", "stock_count", "transfer_out", "transfer_in",
              "manual", "credit_note"}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = (f"{name} is not installed (Debian: apt-get install hledger beancount); "
                   ".ci/run installs it")
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return found


def every_event_kind(world: World, till: TillFactory) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM", name="Tema Branch")
        # Stock valued per branch, so a transfer moves value between branches (a journal).
        set_valuation(world.ctx, scope, ADMIN, "branch")
    add_account(world, "1500", "Shop Equipment", "asset")
    # Head office: capital paid into the bank 40 days ago, a freezer bought, rent paid.
    manual(world, "JV-1", "Capital introduced", ago(40), [("1010", 500_000, 0), ("3000", 0, 500_000)])
    manual(world, "JV-2", "Chest freezer", ago(20), [("1500", 245_050, 0), ("1010", 0, 245_050)])
    manual(world, "JV-3", "Rent \"December\"; shop", ago(1), [("6000", 80_000, 0), ("1010", 0, 80_000)])
    t, tema = till(), till("TEM")
    cash = t.sell([(OIL, 2), ("GH-0005", 1)])
    momo = t.priced_sale([(OIL, 1)]).totals.gross
    t.sell([(OIL, 1)], tenders=[Tender("momo", momo, momo, "mtn", "MP2412.01")])
    card = t.priced_sale([(RICE, 1)]).totals.gross
    t.sell([(RICE, 1)], tenders=[Tender("card", card, card, "visa", "A1B2C3")])
    credit = credit_sale(t, world, [(OIL, 3), (RICE, 1)], day=ago(15))
    t.refund(cash, [(1, "1")])
    wrong = t.sell([("GH-0005", 2)])
    t.void(wrong)
    pay_on_account(t, world, Money(5_000), method="momo")
    cash_move(t, "paid_out", Money(2_500), "kayayo for offloading")
    cash_move(t, "drop_to_bank", Money(10_000), "lodged at GCB")
    cash_move(t, "bank_in", Money(3_000), "change from bank")
    cash_move(t, "to_safe", Money(1_000), "to the safe")
    receive(t)
    adjust(t)
    count(t)
    moved = str(uuid.uuid4())
    transfer(t, "transfer_out", moved, to_branch="TEM")
    shift_close(t, Money(-500))
    assert set(statuses(t.push()[-1])) == {"stored"}
    transfer(tema, "transfer_in", moved, to_branch="TEM", qty="5.000", expected="6.000")
    assert set(statuses(tema.push()[-1])) == {"stored"}
    with world.ctx.scope(world.tenant_id) as scope:
        add_credit_note(world.ctx, scope, ADMIN, sale=credit.typed_payload().receipt_no,
                        amount=Money(1_250), reason="short-dated oil", entry_date=today(),
                        by="accountant@acme.test")
        kinds = set(scope.scalars(select(Journal.kind)))
    assert kinds >= EVERY_KIND, EVERY_KIND - kinds


def _pesewas(text: str) -> int:
    amount = text.strip().replace(",", "")
    if not amount or amount == "0":
        return 0
    value = re.fullmatch(r"(-?[0-9.]+) GHS", amount)
    assert value is not None, text
    return Money.from_decimal(Decimal(value.group(1))).pesewas


def _ours(world: World) -> tuple[dict[str, int], dict[str, str]]:
    with world.ctx.scope(world.tenant_id) as scope:
        tb = trial_balance(scope)
        names = account_names(scope)
        by_date = balances(scope, today())
    ours = {ln.code: ln.net.pesewas for ln in tb.lines}
    assert {c: v for c, v in ours.items() if v} == {c: v for c, v in by_date.items() if v}
    return ours, names


def _write(world: World, fmt: str, path: Path, **kwargs: object) -> Path:
    with world.ctx.scope(world.tenant_id) as scope, \
            path.open("w", encoding="utf-8", newline="") as out:
        export(scope, fmt, last=today(), out=out, tenant="acme.test", **kwargs)  # type: ignore[arg-type]
    return path


@pytest.mark.slow
def test_hledger_and_beancount_rebalance_every_event_kind_to_the_pesewa(
        world: World, till: TillFactory, tmp_path: Path) -> None:
    hledger, bean_check, bean_query = tool("hledger"), tool("bean-check"), tool("bean-query")
    every_event_kind(world, till)
    ours, names = _ours(world)
    code_of = {name: code for code, name in names.items()}
    # All of it, and from 10 days ago (what came before is one opening transaction).
    for first in (None, date.fromisoformat(ago(10))):
        journal = _write(world, "hledger", tmp_path / "books.journal", first=first)
        text = subprocess.run([hledger, "-f", str(journal), "bal", "-E"], check=True,
                              capture_output=True, text=True).stdout
        assert "GHS" in text
        out = subprocess.run([hledger, "-f", str(journal), "bal", "-E", "-N", "--flat",
                              "--output-format", "csv"], check=True, capture_output=True,
                             text=True).stdout
        theirs = {code_of[row["account"]]: _pesewas(row["balance"])
                  for row in csv.DictReader(io.StringIO(out))}
        assert {c: v for c, v in theirs.items() if v} == {c: v for c, v in ours.items() if v}

        bean = _write(world, "beancount", tmp_path / "books.beancount", first=first)
        check = subprocess.run([bean_check, str(bean)], check=False, capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        query = subprocess.run(
            [bean_query, "-f", "csv", str(bean),
             "SELECT account, sum(position) GROUP BY account"],
            check=True, capture_output=True, text=True).stdout
        rows = list(csv.reader(io.StringIO(query)))
        theirs = {code_of[r[0].strip()]: _pesewas(r[1]) for r in rows[1:] if r}
        assert {c: v for c, v in theirs.items() if v} == {c: v for c, v in ours.items() if v}


def test_the_export_files_are_exact_and_name_accounts_as_beancount_wants(
        world: World, till: TillFactory, tmp_path: Path) -> None:
    t = till()
    t.sell([(OIL, 2)])
    t.push()
    manual(world, "JV-9", "Capital; \"first\"", ago(2), [("1010", 100_001, 0), ("3000", 0, 100_001)])
    with world.ctx.scope(world.tenant_id) as scope:
        names = account_names(scope)
    assert names["1000"] == "Assets:Cash-on-Hand"
    assert names["3000"] == "Equity:Owners-Capital"
    assert names["4100"] == "Income:Sales-Returns-and-Discounts"
    assert all(re.fullmatch(r"(Assets|Liabilities|Equity|Income|Expenses):[A-Z][A-Za-z0-9-]*", n)
               for n in names.values())
    bean = _write(world, "beancount", tmp_path / "x.beancount", first=None).read_text()
    assert "  Assets:Bank  1000.01 GHS\n" in bean
    assert '* "Capital; \\"first\\""' in bean and 'branch: "MAIN"' in bean
    hl = _write(world, "hledger", tmp_path / "x.journal", first=None).read_text()
    assert "(JV-9) Capital, \"first\"  ; kind:manual" in hl
    assert "    Equity:Owners-Capital  -1000.01 GHS" in hl
    rows = list(csv.DictReader(io.StringIO(
        _write(world, "csv", tmp_path / "x.csv", first=None).read_text())))
    sale_cash = [r for r in rows if r["kind"] == "sale" and r["account"] == "1000"]
    assert [(r["debit"], r["credit"]) for r in sale_cash] == [("76.00", "0.00")]
    assert sum(Decimal(r["debit"]) for r in rows) == sum(Decimal(r["credit"]) for r in rows)
