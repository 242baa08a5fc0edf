"""Every report of the dashboard against figures computed by hand from the fixed data
set of ``conftest.shop`` (prices from catalogue_sample.csv, 2026 rules, inclusive):

* sale 1: 2 × GH-0001 at 38.00 = 76.00 → VAT 9.50, NHIL 1.58, GETFund 1.58, net 63.34
* sale 2: 1 × GH-0004 at 14.00        → VAT 1.75, NHIL 0.29, GETFund 0.29, net 11.67
* sale 3: 3 × GH-0002 at 4.50 = 13.50, voided (not a sale; its tenders cancel)
* refund of 1 × GH-0001 of sale 1: 38.00 → VAT 4.75, NHIL 0.79, GETFund 0.79, net 31.67
* Tema: 1 × GH-0001 = 38.00            → VAT 4.75, NHIL 0.79, GETFund 0.79, net 31.67
"""

from __future__ import annotations

from datetime import date

from sync_server.reports import journals, sales_detail, stock_detail, tax
from sync_server.reports.ledger import trial_balance
from tests.dashboard.conftest import Shop


def test_sales_totals_and_breakdowns(shop: Shop) -> None:
    ctx, day = shop.world.ctx, shop.today
    with ctx.scope(shop.world.tenant_id) as scope:
        t = sales_detail.totals(scope, day, day)
        assert (t.sales, t.gross, t.refunds, t.takings) == (3, 12800, 3800, 9000)
        assert t.tax == 950 + 158 + 158 + 175 + 29 + 29 + 475 + 79 + 79 == 2132
        assert (t.voids, t.void_gross, t.refund_count) == (1, 1350, 1)
        assert t.average == 4266
        main = sales_detail.totals(scope, day, day, "MAIN")
        assert (main.sales, main.gross, main.takings) == (2, 9000, 5200)
        methods = {m["label"]: m["amount"] for m in sales_detail.by_method(scope, day, day)}
        assert methods == {"Cash": 7600 - 3800, "MoMo — MTN": 1400, "MoMo — Telecel": 3800,
                           "Card": 0}
        branches = {r["key"]: (r["sales"], r["gross"], r["refunds"], r["takings"])
                    for r in sales_detail.by_key(scope, day, day, "branch")}
        assert branches == {"MAIN": (2, 9000, 3800, 5200), "TEM": (1, 3800, 0, 3800)}
        tills = {r["key"]: r["sales"] for r in sales_detail.by_key(scope, day, day, "terminal")}
        assert tills == {shop.main.terminal_id: 2, shop.tema.terminal_id: 1}
        cashiers = {r["key"]: r["gross"] for r in sales_detail.by_key(scope, day, day, "cashier")}
        assert cashiers == {"ama@acme.test": 9000, "tema.manager@acme.test": 3800}
        top = sales_detail.top_products(scope, day, day)
        assert [(p["sku"], p["qty_milli"], p["gross"]) for p in top] == [
            ("GH-0001", 3000, 11400), ("GH-0004", 1000, 1400)]
        assert sum(h["sales"] for h in sales_detail.by_hour(scope, day, day)) == 3
        days = sales_detail.by_day(scope, day, day)
        assert days == [{"date": day, "sales": 3, "gross": 12800, "refunds": 3800,
                         "takings": 9000}]
        assert [r["gross"] for r in sales_detail.returns_list(scope, day, day)] == [3800]
        assert [v["gross"] for v in sales_detail.voids_list(scope, day, day)] == [1350]
        weeks = sales_detail.weekly(scope, day, 8)
        assert len(weeks) == 8 and weeks[-1]["takings"] == 9000
        assert date.fromisoformat(weeks[-1]["week"]).weekday() == 0
        assert sum(w["sales"] for w in weeks[:-1]) == 0


def test_stock_levels_alerts_and_movements(shop: Shop) -> None:
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        levels = {(r["branch"], r["sku"]): r["qty_milli"] for r in stock_detail.levels(scope)}
        assert levels[("MAIN", "GH-0001")] == -2000 + 1000
        assert levels[("MAIN", "GH-0004")] == -1000
        assert levels[("MAIN", "GH-0002")] == 0
        assert levels[("TEM", "GH-0001")] == -1000
        alerts = stock_detail.alerts(scope, low_milli=5000)
        assert {(r["branch"], r["sku"]) for r in alerts["negative"]} == {
            ("MAIN", "GH-0001"), ("MAIN", "GH-0004"), ("TEM", "GH-0001")}
        assert {(r["branch"], r["sku"]) for r in alerts["low"]} == {("MAIN", "GH-0002")}
        moves = stock_detail.movements(scope, "GH-0001", branch="MAIN")
        assert sorted(m["qty_milli"] for m in moves) == [-2000, 1000]
        assert {m["kind"] for m in moves} == {"sale", "refund"}


def test_ledger_tax_reconciliation_and_journal_browser(shop: Shop) -> None:
    period = shop.today[:7]
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        tb = trial_balance(scope, period=period)
        assert tb.balanced and tb.total_debit.pesewas > 0
        report = tax.reconciliation(scope, period)
        rows = {r["tax"]: r for r in report["rows"]}
        assert rows["VAT"]["collected"] == 950 + 175 + 475
        assert rows["VAT"]["refunded"] == 475
        assert rows["VAT"]["net"] == rows["VAT"]["posted"] == 1125
        assert rows["NHIL"]["net"] == 158 + 29 + 79 - 79 == 187
        assert rows["GETFund"]["posted"] == 187
        assert report["agrees"] and report["unposted"] == 0 and "COVID-19 levy" not in rows
        tema = tax.reconciliation(scope, period, "TEM")
        assert {r["tax"]: r["posted"] for r in tema["rows"]} == {"VAT": 475, "NHIL": 79,
                                                               "GETFund": 79}
        found = journals.journals(scope, period=period)
        # sale 1, 2, 3, the void of 3, the refund, Tema's sale
        assert found["total"] == 6
        sale_journal = next(j for j in found["rows"] if j.envelope_id == shop.sale1.id)
        detail = journals.journal(scope, sale_journal.id)
        assert detail is not None and detail["sale_id"] == shop.sale1.id
        assert detail["debit"] == detail["credit"] == sale_journal.total > 7600
        sale = journals.sale(scope, shop.sale1.id)
        assert sale is not None
        assert [i.qty_milli for i in sale["items"]] == [2000]
        assert len(sale["refunds"]) == 1 and len(sale["journals"]) == 2
        assert journals.find_sale(scope, sale["sale"].receipt_no) == shop.sale1.id
        assert journals.waiting(scope) == []


def test_the_sync_view_of_branches_and_tills(shop: Shop) -> None:
    from sync_server.dashboard import sync_view

    ctx = shop.world.ctx
    with ctx.scope(shop.world.tenant_id) as scope:
        rows = sync_view.tills(scope, ctx.clock.now(), 180)
        by_name = {t.name: t for t in rows}
        assert by_name["Till 1"].status == "online" and by_name["Till 1"].head_seq == 5
        assert by_name["Tema till"].printer == "paper_out" and by_name["Tema till"].battery == 41
        assert by_name["Till 3"].status == "online" and by_name["Till 3"].held == 1
        branches = {b.code: b for b in sync_view.branches(scope, rows, shop.today)}
        assert (branches["MAIN"].sales_today, branches["MAIN"].gross_today) == (2, 9000)
        assert branches["MAIN"].held == 1 and branches["TEM"].tills == 1
        held = sync_view.held_envelopes(scope)
        assert [(h["reason_code"], h["summary"]["lines"][0]["sku"]) for h in held] == [
            ("unknown_product", "GH-9999")]
        assert sync_view.waiting_postings(scope) == {"pending": 0, "failed": 0}


def test_the_one_pass_overview_equals_the_separate_reports(shop: Shop) -> None:
    day = shop.today
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        for branch in (None, "MAIN", "TEM"):
            over = sales_detail.overview(scope, day, day, branch)
            assert over["totals"] == sales_detail.totals(scope, day, day, branch)
            assert over["days"] == sales_detail.by_day(scope, day, day, branch)
            assert over["hours"] == sales_detail.by_hour(scope, day, day, branch)
            for key in ("branch", "terminal", "cashier"):
                assert over[f"by_{key}"] == sales_detail.by_key(scope, day, day, key, branch)
        cashier = sales_detail.overview(scope, day, day, cashier="ama@acme.test")
        assert cashier["totals"].gross == 9000
