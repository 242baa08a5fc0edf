"""Opening balances at go-live: a trial balance, opening stock, customer balances —
against 3200 Opening Balance Equity, never through Cost of Goods Sold; hand-computed."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from sync_server.costing.models import CostAverage
from sync_server.costing.opening import (
    import_customer_balances,
    import_opening_stock,
    import_trial_balance,
)
from sync_server.customers.models import Customer
from sync_server.errors import Refused
from sync_server.receivables.ledger import ageing
from sync_server.stock.models import Movement, StockLevel
from sync_server.sync.models import FeedEntry
from tests.books.stock import balances, valuation_total
from tests.server import conftest as server
from tests.server.books import check_books
from tests.server.conftest import ADMIN, TillFactory, World

live, till = server.live, server.till

STOCK = ("branch,location,sku,qty,unit_cost\n"
         "MAIN,SHOP,GH-0001,10,30.00\n"
         "MAIN,SHOP,GH-0002,50,3.16\n")


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _stock(world: World, text: str, **kwargs: object) -> dict[str, object]:
    with world.ctx.scope(world.tenant_id) as scope:
        return import_opening_stock(world.ctx, scope, ADMIN, text.encode(), day=_today(),
                                    **kwargs).to_json()  # type: ignore[arg-type]


def test_opening_stock_sets_levels_and_averages_against_3200_not_5000(
        world: World, till: TillFactory) -> None:
    done = _stock(world, STOCK)
    assert done["imported"] and done["accepted"] == 2 and done["total"] == 30000 + 15800
    b = balances(world.ctx, world.tenant_id)
    assert b == {"1200": 45800, "3200": -45800}  # 5000 untouched
    assert valuation_total(world.ctx, world.tenant_id) == 45800
    with world.ctx.scope(world.tenant_id) as scope:
        level = scope.get(StockLevel, "MAIN", "SHOP", "GH-0001")
        assert level is not None and level.qty_milli == 10000
        assert {m.kind for m in scope.scalars(select(Movement))} == {"opening_stock"}
        row = scope.get(CostAverage, "*", "GH-0001")
        assert row is not None and (row.qty_milli, row.value) == (10000, 30000)
        # The tills follow through the feed.
        keys = set(scope.scalars(select(FeedEntry.entity_key).where(FeedEntry.entity == "stock")))
        assert len(keys) == 2
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    assert balances(world.ctx, world.tenant_id)["5000"] == 3000  # 30.00, not the catalogue's 27.56
    assert valuation_total(world.ctx, world.tenant_id) == 42800
    check_books(world.ctx, world.tenant_id, [t])


def test_opening_stock_after_sales_corrects_what_they_were_costed_at(
        world: World, till: TillFactory) -> None:
    t = till()
    t.sell([("GH-0001", 2)])  # before go-live was loaded: 2 × 27.56 = 55.12
    t.push()
    _stock(world, STOCK)
    b = balances(world.ctx, world.tenant_id)
    assert b["5000"] == 6000 and b["3200"] == -45800  # the two bottles at 30.00
    assert b["1200"] == 45800 - 6000 and valuation_total(world.ctx, world.tenant_id) == 39800


def test_a_bad_row_imports_nothing_unless_partial(world: World) -> None:
    bad = STOCK + "MAIN,SHOP,NO-SUCH,1,1.00\nMAIN,VAN9,GH-0003,1,1.00\nMAIN,SHOP,GH-0004,-2,1.00\n"
    done = _stock(world, bad)
    assert not done["imported"] and done["accepted"] == 2
    reasons = [r["reason"] for r in done["rejected"]]  # type: ignore[attr-defined]
    assert reasons == ["“NO-SUCH” is not in the catalogue",
                       "location “VAN9” does not exist in branch MAIN",
                       "the quantity must be more than zero"]
    assert "Nothing was imported" in str(done["summary"])
    assert balances(world.ctx, world.tenant_id) == {}
    done = _stock(world, bad, partial=True)
    assert done["imported"] and balances(world.ctx, world.tenant_id)["1200"] == 45800
    again = _stock(world, STOCK)  # a second time: refused row by row
    assert not again["imported"] and "already has opening stock" in str(again["summary"])


def test_xlsx_opening_stock(world: World) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["branch", "location", "sku", "qty", "unit_cost"])
    sheet.append(["MAIN", "SHOP", "GH-0001", 12, 27.56])
    data = io.BytesIO()
    book.save(data)
    with world.ctx.scope(world.tenant_id) as scope:
        done = import_opening_stock(world.ctx, scope, ADMIN, data.getvalue(), day=_today(),
                                    filename="stock.xlsx")
    assert done.imported and done.total == 33072  # 12 × 27.56
    assert valuation_total(world.ctx, world.tenant_id) == 33072


def test_trial_balance_with_1200_equal_to_the_stock_import_does_not_double_it(
        world: World) -> None:
    from sync_server.costing.opening_suppliers import import_supplier_balances
    from sync_server.purchases.bills import add_supplier

    _stock(world, STOCK)
    with world.ctx.scope(world.tenant_id) as scope:  # 2000 comes from the supplier import
        add_supplier(world.ctx, scope, ADMIN, name="Wilmar Africa Ltd", terms_days=30)
    with world.ctx.scope(world.tenant_id) as scope:
        assert import_supplier_balances(
            world.ctx, scope, ADMIN, b"supplier,amount,invoice_ref,due_date\n"
            b"Wilmar Africa Ltd,800.00,W-1,\n", day=_today()).imported
    tb = ("account,branch,debit,credit\n"
          "1000,MAIN,500.00,\n"
          "1010,MAIN,\"2,000.00\",\n"
          "2000,MAIN,,800.00\n"
          "1200,MAIN,458.00,\n")
    with world.ctx.scope(world.tenant_id) as scope:
        done = import_trial_balance(world.ctx, scope, ADMIN, tb.encode(), day=_today())
    assert done.imported and done.accepted == 4, done.words()
    b = balances(world.ctx, world.tenant_id)
    assert b == {"1000": 50000, "1010": 200000, "2000": -80000, "1200": 45800,
                 "3200": -45800 - 250000 + 80000}
    assert "3200 Opening Balance Equity takes" in done.words()
    with world.ctx.scope(world.tenant_id) as scope, pytest.raises(Refused):
        import_trial_balance(world.ctx, scope, ADMIN, tb.encode(), day=_today())


def test_trial_balance_1200_that_differs_from_the_stock_import_is_rejected(world: World) -> None:
    tb = "account,branch,debit,credit\n1000,MAIN,500.00,\n1200,MAIN,458.00,\n9999,MAIN,1.00,\n"
    with world.ctx.scope(world.tenant_id) as scope:
        done = import_trial_balance(world.ctx, scope, ADMIN, tb.encode(), day=_today())
    assert not done.imported
    assert [r.line for r in done.rejected] == [3, 4]
    assert "must equal the opening stock import of branch MAIN" in done.rejected[0].reason
    assert balances(world.ctx, world.tenant_id) == {}


def test_customer_balances(world: World) -> None:
    text = ("customer,amount,invoice_ref,due_date\n"
            "Kofi Traders,250.00,INV-0041,2026-12-31\n"
            "Nobody Ltd,10.00,INV-0042,\n")
    with world.ctx.scope(world.tenant_id) as scope:
        done = import_customer_balances(world.ctx, scope, ADMIN, text.encode(), day=_today(),
                                        partial=True)
    assert done.imported and done.accepted == 1 and len(done.rejected) == 1
    assert balances(world.ctx, world.tenant_id) == {"1100": 25000, "3200": -25000}
    with world.ctx.scope(world.tenant_id) as scope:
        customer = scope.get(Customer, world.customer_id)
        assert customer is not None and customer.balance == 25000
        # The receivables ageing knows the opening invoice by its reference and due date,
        # and ties to 1100.
        aged = ageing(scope, as_of=datetime.now(UTC).date())
    assert [(r["number"], r["due"].isoformat(), r["open"]) for r in aged["rows"]] == [
        ("INV-0041", "2026-12-31", 25000)]
    assert aged["difference"] == 0
    check_books(world.ctx, world.tenant_id)


def test_the_cli_imports_opening_stock_and_reports_the_valuation(
        world: World, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from sync_server.cli import main

    file = tmp_path / "stock.csv"
    file.write_text(STOCK + "MAIN,SHOP,NO-SUCH,1,1.00\n", encoding="utf-8")
    db, t = ("--db", database_url), ("--tenant", world.domain)
    assert main(["opening", "stock", str(file), *db, *t, "--date", _today()]) == 1
    assert "line 4 (NO-SUCH): “NO-SUCH” is not in the catalogue" in capsys.readouterr().out
    assert main(["opening", "stock", str(file), *db, *t, "--date", _today(), "--partial",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 45800
    assert main(["stock", "valuation", *db, *t, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == report["inventory"] == 45800
    assert [(ln["sku"], ln["qty"], ln["average_cost"], ln["value"]) for ln in report["lines"]] == [
        ("GH-0001", "10", 3000, 30000), ("GH-0002", "50", 316, 15800)]
    assert main(["stock", "valuation", *db, *t, "--branch", "MAIN",
                 "--as-of", "2000-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert main(["stock", "valuation", *db, *t]) == 0
    assert "Account 1200 Inventory: 458.00 (equal)" in capsys.readouterr().out
    assert main(["stock", "valuation-method", *db, *t, "branch"]) == 2  # stock has value
    assert "already valued per tenant" in capsys.readouterr().err


def test_supplier_balances_are_opening_items_the_ageing_and_payments_know(world: World) -> None:
    from sync_server.costing.opening_suppliers import import_supplier_balances
    from sync_server.purchases.bills import add_supplier, list_bills, pay_supplier
    from sync_server.purchases.reports import ap_ageing

    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        add_supplier(ctx, scope, ADMIN, name="Wilmar Africa Ltd", tin="C0002223334",
                     terms_days=30)
    text = ("supplier,amount,invoice_ref,due_date\n"
            "Wilmar Africa Ltd,1200.00,W-881,2026-12-20\n"
            "C0002223334,300.00,W-884,\n"
            "Nobody Ltd,10.00,X-1,\n"
            "Wilmar Africa Ltd,5.00,W-881,\n")
    with ctx.scope(world.tenant_id) as scope:
        refused = import_supplier_balances(ctx, scope, ADMIN, text.encode(), day=_today())
    assert not refused.imported and [r.line for r in refused.rejected] == [4, 5]
    assert balances(ctx, world.tenant_id) == {}
    with ctx.scope(world.tenant_id) as scope:
        done = import_supplier_balances(ctx, scope, ADMIN, text.encode(), day=_today(),
                                        partial=True)
    assert done.imported and done.accepted == 2
    assert balances(ctx, world.tenant_id) == {"2000": -150_000, "3200": 150_000}
    with ctx.scope(world.tenant_id) as scope:
        bills = list_bills(scope, supplier="Wilmar Africa Ltd")
        aged = ap_ageing(scope, _today())
    assert sorted(b["supplier_invoice"] for b in bills) == ["W-881", "W-884"]
    assert aged["difference"] == "0.00" and aged["totals"]["total"] == "1500.00"
    with ctx.scope(world.tenant_id) as scope:
        pay_supplier(ctx, scope, ADMIN, supplier="Wilmar Africa Ltd", amount="300.00",
                     pay_date=_today(), method="bank", branch="MAIN")
    assert balances(ctx, world.tenant_id)["2000"] == -120_000
    check_books(ctx, world.tenant_id)
