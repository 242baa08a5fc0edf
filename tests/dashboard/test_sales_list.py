"""The list of sales and lines (``/receipts``) on SQLite, PostgreSQL and MariaDB, against
the hand-checked data set of ``conftest.shop``: every filter, keyset pages that add up
to the whole list, names instead of e-mails, the receipt and journal links, the typed
exports, and a manager who sees their own branch only."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sync_server.reports import sales_list as sl
from tests.dashboard.conftest import PASSWORD, Shop, sign_in


def _receipts(scope: object, f: sl.SaleFilters, size: int = 50) -> list[str]:
    return [r["receipt_no"] for r in sl.sales_page(scope, f, size=size)["rows"]]  # type: ignore[arg-type]


def test_every_filter_of_the_list(shop: Shop) -> None:
    day = shop.today
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        every = sl.sales_page(scope, sl.SaleFilters(day, day))["rows"]
        assert len(every) == 3 and {r["status"] for r in every} == {"completed"}
        assert {r["cashier"] for r in every} == {"Ama Owusu", "Yaw Tema"}
        assert {r["branch"] for r in every} == {"Acme Trading main branch", "Tema Branch"}
        assert {r["till"] for r in every} == {"Till 1", "Tema till"}
        assert sorted(r["gross"] for r in every) == [1400, 3800, 7600]

        def count(**kw: object) -> int:
            return len(sl.sales_page(scope, sl.SaleFilters(day, day, **kw))["rows"])  # type: ignore[arg-type]

        assert count(branch="MAIN") == 2 and count(branch="TEM") == 1
        assert count(terminal=shop.tema.terminal_id) == 1
        assert count(cashier="tema.manager@acme.test") == 1
        assert count(method="momo") == 2 and count(method="cash") == 1
        assert count(method="card") == 0  # the card sale was voided
        assert count(skus=("GH-0004",)) == 1 and count(skus=()) == 0
        assert count(low=5000) == 1 and count(high=1400) == 1 and count(low=1400, high=3800) == 2
        assert count(status="voided") == 1 and count(status="all") == 4
        assert count(customers=()) == 0
        assert sl.match_products(scope, "GH-0004") == ("GH-0004",)
        assert sl.totals(scope, sl.SaleFilters(day, day)) == {
            "sales": 3, "net": 6334 + 1167 + 3167, "tax": 12800 - (6334 + 1167 + 3167),
            "gross": 12800}
        # The summaries' figures (no method, product … filter) are the raw sales' ones.
        for kw in ({}, {"branch": "MAIN"}, {"status": "all"}, {"status": "voided"},
                   {"cashier": "tema.manager@acme.test"}):
            assert sl.totals(scope, sl.SaleFilters(day, day, **kw)) == sl.totals(  # type: ignore[arg-type]
                scope, sl.SaleFilters(day, day, low=-10**9, **kw)), kw  # type: ignore[arg-type]
        lines = sl.lines_page(scope, sl.SaleFilters(day, day))["rows"]
        assert sorted((ln["sku"], ln["qty_milli"], ln["gross"]) for ln in lines) == [
            ("GH-0001", 1000, 3800), ("GH-0001", 2000, 7600), ("GH-0004", 1000, 1400)]
        assert len(sl.lines_page(scope, sl.SaleFilters(day, day, skus=("GH-0001",)))["rows"]) == 2


def test_keyset_pages_add_up_to_the_whole_list(shop: Shop) -> None:
    day = shop.today
    f = sl.SaleFilters(day, day, status="all")
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        whole = _receipts(scope, f)
        paged: list[str] = []
        after = None
        while True:
            page = sl.sales_page(scope, f, after=after, size=1)
            paged += [r["receipt_no"] for r in page["rows"]]
            if not page["next"]:
                break
            after = sl.parse_cursor(page["next"])
        assert paged == whole and len(whole) == 4
        lines: list[tuple[str, int]] = []
        after = None
        while True:
            page = sl.lines_page(scope, f, after=after, size=1)
            lines += [(r["receipt_no"], r["line_no"]) for r in page["rows"]]
            if not page["next"]:
                break
            after = sl.parse_cursor(page["next"], lines=True)
        assert lines == [(r["receipt_no"], r["line_no"])
                         for r in sl.lines_page(scope, f)["rows"]]


def test_the_list_page_links_receipts_and_journals(shop: Shop, director: TestClient) -> None:
    day = shop.today
    page = director.get(f"/dashboard/receipts?first={day}&last={day}")
    assert page.status_code == 200
    assert "Ama Owusu" in page.text and ">ama@acme.test<" not in page.text
    assert f"/dashboard/sales/{shop.sale1.id}" in page.text
    assert 'data-testid="list-gross">128.00<' in page.text
    journal = director.get(f"/dashboard/receipts/{shop.sale1.id}/journal",
                           follow_redirects=False)
    assert journal.status_code in (303, 404)
    if journal.status_code == 303:
        assert "/dashboard/ledger/journals/" in journal.headers["location"]
    else:
        assert "not in the books yet" in journal.text
    momo = director.get(f"/dashboard/receipts?first={day}&last={day}&method=momo&min=10")
    assert 'data-testid="list-count"' not in momo.text  # added up after the page (htmx)
    assert "/dashboard/receipts/totals?" in momo.text
    tiles = director.get(f"/dashboard/receipts/totals?first={day}&last={day}&method=momo&min=10")
    assert 'data-testid="list-count">2<' in tiles.text
    lines = director.get(f"/dashboard/receipts?first={day}&last={day}&view=lines&product=GH-0001")
    assert 'data-testid="lines"' in lines.text and lines.text.count("GH-0001</span>") == 2
    for odd in ("min=abc", "max=1e400", "after=nonsense", "method=gold", "status=x",
                "first=2026-13-01", f"after={day}|x|y", "min=%00"):
        reply = director.get(f"/dashboard/receipts?{odd}")
        assert reply.status_code == 400, odd


def test_an_export_says_when_it_stops_short(shop: Shop, director: TestClient,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from sync_server.dashboard import routes_sales_list

    monkeypatch.setitem(routes_sales_list.EXPORT_LIMIT, "csv", 2)
    day = shop.today
    text = director.get(f"/dashboard/receipts.csv?first={day}&last={day}").content
    table = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert len([r for r in table if len(r) > 10 and r[0] == day]) == 2
    assert ["Only the first 2 rows: narrow the filters for the rest."] in table


def test_list_exports_are_typed(shop: Shop, director: TestClient) -> None:
    day = shop.today
    xlsx = director.get(f"/dashboard/receipts.xlsx?first={day}&last={day}")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    head = rows.index(next(r for r in rows if r and r[0] == "Date"))
    data = [r for r in rows[head + 1:] if isinstance(r[0], datetime | date)]
    assert len(data) == 3
    assert all(isinstance(r[11], int | float | Decimal) for r in data)
    assert sorted(Decimal(str(r[11])) for r in data) == [Decimal("14"), Decimal("38"),
                                                        Decimal("76")]
    assert {r[5] for r in data} == {"Ama Owusu", "Yaw Tema"}
    text = director.get(f"/dashboard/receipts.csv?first={day}&last={day}&view=lines")
    table = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    header = table.index(next(r for r in table if r and r[0] == "Date"))
    body = [r for r in table[header + 1:] if len(r) > 10]
    assert len(body) == 3 and {r[9] for r in body} >= {"2", "1"}


def test_the_weekly_export_has_one_row_per_week(shop: Shop, director: TestClient) -> None:
    page = director.get("/dashboard/sales/report").text
    import re

    link = re.search(r'id="export-weeks" href="([^"]+)"', page)
    assert link
    xlsx = director.get(link.group(1).replace("&amp;", "&"))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "By week"
    weeks = [r for r in book["By week"].iter_rows(min_row=3, values_only=True)]
    assert len(weeks) == 8
    assert all(isinstance(w[0], datetime) and w[0].weekday() == 0 for w in weeks)
    assert Decimal(str(weeks[-1][5])) == Decimal("90")
    days = [r for r in book["By day"].iter_rows(min_row=3, values_only=True)]
    assert len(days) == 56 and isinstance(days[0][0], datetime)


def test_a_manager_sees_their_branch_only(shop: Shop) -> None:
    with TestClient(shop.app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        day = shop.today
        page = tema.get(f"/dashboard/receipts?first={day}&last={day}&branch=MAIN").text
        assert 'data-testid="list-count">1<' in page and "Till 1" not in page
        assert tema.get(f"/dashboard/receipts/{shop.sale1.id}/journal").status_code == 404
        export = tema.get(f"/dashboard/receipts.csv?first={day}&last={day}&branch=MAIN")
        assert "Ama Owusu" not in export.content.decode("utf-8-sig")
