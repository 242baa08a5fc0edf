"""Shifts and cash-ups on SQLite, PostgreSQL and MariaDB: a till opens a shift with a
float, sells (cash and MoMo), refunds in cash, moves cash in and out, counts short and
closes with a manager's approval. The shift list, the shift page's Z report (the same
figures the till put in its close), the variance report and its typed export; a
manager of another branch does not see it. And honest branch figures: a till that
reports a backlog or has gone quiet marks its branch incomplete on every page."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import update

from shared.money import Money
from shared.payloads import Tender
from sync_server.reports import completeness
from sync_server.reports import shifts as sh
from sync_server.terminals.models import Terminal
from tests.dashboard.conftest import PASSWORD, Shop, sign_in
from tests.server.toy_terminal import ToyTerminal

SHIFT = "0192f000-0000-7000-8000-00000000a001"


def _close(t: ToyTerminal, *, cash_sales: int, cash_refunds: int, cash_in: int, cash_out: int,
           sales: int, gross: int, short: int) -> dict[str, Any]:
    expected = 20_000 + cash_sales - cash_refunds + cash_in - cash_out
    return {"shift_id": SHIFT, "opening_float": 20_000, "cash_sales": cash_sales,
            "cash_refunds": cash_refunds, "cash_in": cash_in, "cash_out": cash_out,
            "cash_payments": 0, "expected": expected,
            "counts": [{"denomination": 1, "count": expected - short}],
            "counted": expected - short, "variance": -short, "blind": False,
            "sales_count": sales, "sales_gross": gross,
            "approvals": [{"action": "shift_close", "approver": "manager@acme.test",
                           "reason": "counted twice"}]}


def _a_shift(shop: Shop) -> ToyTerminal:
    t = shop.main
    t.shift_id = SHIFT
    t.seal("shift_open", {"shift_id": SHIFT, "opening_float": 20_000})
    cash = t.sell([("GH-0001", 1)])  # 38.00 cash
    t.sell([("GH-0004", 1)], tenders=[Tender("momo", Money(1400), Money(1400), provider="mtn",
                                             reference="MP9")])
    t.refund(cash, [(1, "1")])  # 38.00 back in cash
    t.seal("cash_move", {"shift_id": SHIFT, "purpose": "float_in", "amount": 5_000,
                         "reason": "change", "approvals": []})
    t.seal("cash_move", {"shift_id": SHIFT, "purpose": "drop_to_bank", "amount": 10_000,
                         "reason": "bank drop", "approvals": []})
    t.seal("shift_close", _close(t, cash_sales=3800, cash_refunds=3800, cash_in=5_000,
                                 cash_out=10_000, sales=2, gross=5200, short=250))
    t.push()
    return t


def test_a_shift_its_z_report_and_the_variance_report(shop: Shop, director: TestClient) -> None:
    _a_shift(shop)
    day = shop.today
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        listed = sh.shift_list(scope, sh.ShiftFilters(day, day))
        assert [r["id"] for r in listed["rows"]] == [SHIFT]
        row = listed["rows"][0]
        assert (row["till"], row["opened_by"], row["float"], row["variance"]) == (
            "Till 1", "Ama Owusu", 20_000, -250)
        assert sh.shift_list(scope, sh.ShiftFilters(day, day, state="open"))["rows"] == []
        assert len(sh.shift_list(scope, sh.ShiftFilters(day, day, variance_only=True))["rows"]) == 1
        assert sh.shift_list(scope, sh.ShiftFilters(day, day, branch="TEM"))["rows"] == []
        detail = sh.shift_detail(scope, SHIFT)
        assert detail is not None
        z = detail["z"]
        assert (z["sales_count"], z["sales_gross"]) == (2, 5200)
        assert (z["cash_sales"], z["cash_refunds"], z["cash_in"], z["cash_out"]) == (
            3800, 3800, 5_000, 10_000)
        assert z["by_tender"] == {"Cash": 3800, "MoMo — MTN": 1400}
        assert (z["refunds_count"], z["refunds_gross"]) == (1, 3800)
        assert detail["differences"] == []  # the server's figures are the till's
        assert detail["expected"] == 20_000 + 3800 - 3800 + 5_000 - 10_000 == 15_000
        assert detail["approvals"] == [{"action": "shift_close", "by": "Kwame Boateng",
                                        "reason": "counted twice"}]
        report = sh.variance_report(scope, sh.ShiftFilters(day, day))
        assert report["totals"]["short"] == -250 and report["totals"]["with_variance"] == 1
        assert [r["name"] for r in report["by_cashier"]] == ["Ama Owusu"]
        assert [r["name"] for r in report["by_till"]] == ["Till 1"]

    # An open shift at Tema shows its sales so far (it has no close to report them).
    tema = shop.tema
    tema.shift_id = "0192f000-0000-7000-8000-00000000b002"
    tema.seal("shift_open", {"shift_id": tema.shift_id, "opening_float": 10_000})
    tema.sell([("GH-0004", 2)], tenders=[Tender("cash", Money(2800), Money(2800))])
    tema.push()
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        [still] = sh.shift_list(scope, sh.ShiftFilters(day, day, state="open"))["rows"]
    assert (still["till"], still["open"], still["sales"], still["gross"]) == (
        "Tema till", True, 1, 2800)

    page = director.get(f"/dashboard/shifts/{SHIFT}")
    assert page.status_code == 200
    assert 'data-testid="expected">150.00<' in page.text
    assert 'data-testid="variance">-2.50<' in page.text
    assert 'data-testid="z-gross">52.00<' in page.text and "Kwame Boateng" in page.text
    assert "differences" not in page.text
    listing = director.get(f"/dashboard/shifts?first={day}&last={day}&variance=1")
    assert 'data-testid="shift-count">1<' in listing.text
    variance = director.get(f"/dashboard/shifts/variance?first={day}&last={day}")
    assert 'data-testid="net-variance">-2.50<' in variance.text
    xlsx = director.get(f"/dashboard/shifts/variance.xlsx?first={day}&last={day}&by=till")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    till = next(r for r in rows if r[0] == "Till 1")
    assert till[1] == 1 and Decimal(str(till[4])) == Decimal("-2.50")
    assert next(r for r in rows if r[0] == "Total")[1] == 1
    shifts = director.get(f"/dashboard/shifts.xlsx?first={day}&last={day}")
    data = list(load_workbook(io.BytesIO(shifts.content)).active.iter_rows(values_only=True))
    mine = next(r for r in data if r[3] == "Till 1")
    assert hasattr(mine[0], "year") and Decimal(str(mine[11])) == Decimal("-2.50")
    for odd in ("state=x", "page=abc", "first=nope", "page=99999999999"):
        assert director.get(f"/dashboard/shifts?{odd}").status_code == 400, odd
    assert director.get("/dashboard/shifts/not-a-shift").status_code == 404

    with TestClient(shop.app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        assert tema.get(f"/dashboard/shifts/{SHIFT}").status_code == 404
        own = tema.get(f"/dashboard/shifts?first={day}&last={day}&branch=MAIN").text
        assert 'data-testid="shift-count">1<' in own and "Tema till" in own  # their own
        assert ">Till 1<" not in own


def test_a_branch_with_a_backlog_or_a_silent_till_is_incomplete(
        shop: Shop, director: TestClient) -> None:
    ctx, day = shop.world.ctx, shop.today
    now = ctx.clock.now()
    with ctx.scope(shop.world.tenant_id) as scope:
        states = completeness.branch_states(scope, now)
        assert states["MAIN"].complete and states["TEM"].complete
    page = director.get("/dashboard/sales")
    assert 'data-testid="incomplete"' not in page.text

    # Tema's till sells and does not deliver: its heartbeat says so.
    shop.tema.sell([("GH-0004", 1)])
    shop.tema.sell([("GH-0004", 1)])
    shop.tema.heartbeat()
    with ctx.scope(shop.world.tenant_id) as scope:
        tema = completeness.branch_states(scope, now)["TEM"]
    assert not tema.complete and tema.backlog == 2 and "Tema till" in tema.summary
    for path in ("/dashboard/sales", "/dashboard/sales/report", "/dashboard/receipts",
                 "/dashboard/shifts", "/dashboard/shifts/variance",
                 "/dashboard/ledger/trial-balance", "/dashboard/ledger/profit-loss",
                 "/dashboard/ledger/balance-sheet"):
        text = director.get(path).text
        assert 'data-testid="incomplete"' in text and "Tema Branch" in text, path
        assert "reported 2 unsynced records" in text, path
    report = director.get("/dashboard/sales/report").text
    assert report.count('class="pill warn"') >= 1
    main_only = director.get("/dashboard/sales?branch=MAIN").text
    assert 'data-testid="incomplete"' not in main_only  # Accra's figures are whole

    # It delivers; then Till 1 goes quiet for two hours.
    shop.tema.push()
    shop.tema.heartbeat()
    with ctx.scope(shop.world.tenant_id) as scope:
        scope.execute(update(Terminal).where(Terminal.id == shop.main.terminal_id)
                      .values(last_seen_at=now - timedelta(hours=2)))
    with ctx.scope(shop.world.tenant_id) as scope:
        states = completeness.branch_states(scope, now)
        assert states["TEM"].complete
        assert not states["MAIN"].complete and "Till 1 not heard from" in states["MAIN"].summary
        # Figures of days before it was last heard from are complete.
        earlier = (now - timedelta(days=1)).date().isoformat()
        if (now - timedelta(hours=2)).date().isoformat() == day:
            assert completeness.branch_states(scope, now, last_day=earlier)["MAIN"].complete
    xlsx = director.get(f"/dashboard/sales/export.xlsx?first={day}&last={day}")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "incomplete" in str(book["By branch"]["A1"].value)
    states_of_rows = {r[0]: r[6] for r in book["By branch"].iter_rows(min_row=3,
                                                                     values_only=True)}
    assert "Till 1 not heard from" in (states_of_rows.get("Acme Trading main branch") or "")
    assert states_of_rows.get("Tema Branch") is None
