"""The dashboard over HTTP (the real application in-process): every page renders for a
director, exports are files a spreadsheet opens, forms without their CSRF token are
refused, and every back-office change reaches the tills through the pull feed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.audit.models import ActivityLog
from sync_server.sync.models import StoredEnvelope
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, flash_of, sign_in

PAGES = ["/dashboard/", "/dashboard/sync/panel", "/dashboard/held", "/dashboard/sales",
         "/dashboard/sales/top",
         "/dashboard/sales?range=month", "/dashboard/sales/report", "/dashboard/stock",
         "/dashboard/stock/GH-0001", "/dashboard/ledger/trial-balance",
         "/dashboard/ledger/profit-loss", "/dashboard/ledger/balance-sheet",
         "/dashboard/ledger/journals", "/dashboard/ledger/tax", "/dashboard/ledger/postings",
         "/dashboard/ledger/periods", "/dashboard/admin/branches", "/dashboard/admin/users",
         "/dashboard/admin/products", "/dashboard/admin/products/GH-0001",
         "/dashboard/admin/price-lists", "/dashboard/admin/customers", "/dashboard/admin/tax",
         "/dashboard/admin/terminals", "/dashboard/admin/activity"]


def test_every_page_renders(shop: Shop, director: TestClient) -> None:
    for path in PAGES:
        reply = director.get(path)
        assert reply.status_code == 200, (path, reply.text[:500])
        assert "Acme Trading" in reply.text or path.endswith(("panel", "top")), path
        assert "Other Traders" not in reply.text, path
    held = director.get("/dashboard/held").text
    link = re.search(r'href="(/dashboard/held/[0-9a-f-]+/\d+)"', held)
    assert link and "GH-9999" in director.get(link.group(1)).text
    sale = director.get(f"/dashboard/sales/{shop.sale1.id}")
    assert sale.status_code == 200 and "76.00" in sale.text
    tb = director.get("/dashboard/ledger/trial-balance").text
    assert 'data-testid="balanced"' in tb


def test_the_sales_page_shows_the_hand_computed_figures(shop: Shop, director: TestClient) -> None:
    page = director.get("/dashboard/sales").text
    assert re.search(r'data-testid="takings">90\.00<', page)
    assert "MoMo — MTN" in page and "MoMo — Telecel" in page
    top = director.get(f"/dashboard/sales/top?first={shop.today}&last={shop.today}").text
    assert top.index("GH-0001") < top.index("GH-0004") and "114.00" in top


def test_exports_are_files_and_are_audited(shop: Shop, director: TestClient) -> None:
    reply = director.get(f"/dashboard/sales/export.csv?first={shop.today}&last={shop.today}")
    assert reply.status_code == 200
    assert "attachment" in reply.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
    # A CSV is one table (the days by default), never summaries stacked on each other.
    assert rows[0] == ["Date", "Sales", "Gross", "Refunds", "Takings"]
    assert rows[1:] == [[shop.today, "3", "128.00", "38.00", "90.00"]]
    summary = director.get(f"/dashboard/sales/export.csv?first={shop.today}&last={shop.today}"
                           "&sheet=summary")
    assert ["Takings", "", "90.00"] in list(csv.reader(io.StringIO(
        summary.content.decode("utf-8-sig"))))
    xlsx = director.get(f"/dashboard/sales/export.xlsx?first={shop.today}&last={shop.today}")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert "By method" in book.sheetnames
    methods = {r[0]: r[2] for r in book["By method"].iter_rows(min_row=3, values_only=True)}
    from decimal import Decimal

    assert Decimal(str(methods["MoMo — MTN"])) == Decimal("14.00")
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        exports = scope.scalars(select(ActivityLog).where(ActivityLog.action == "export"))
    assert len(exports) == 3 and {e.actor for e in exports} == {"director@acme.test"}


def test_a_form_without_its_csrf_token_is_refused(shop: Shop, director: TestClient) -> None:
    reply = director.post("/dashboard/admin/branches", data={"code": "KSI", "name": "Kumasi"})
    assert reply.status_code == 403 and "security token" in reply.text
    reply = director.post("/dashboard/admin/branches",
                          data={"code": "KSI", "name": "Kumasi", "csrf_token": "0" * 40})
    assert reply.status_code == 403
    token = csrf_of(director)
    reply = director.post("/dashboard/admin/branches",
                          data={"code": "KSI", "name": "Kumasi", "csrf_token": token},
                          follow_redirects=False)
    assert reply.status_code == 303 and (flash_of(reply) or ("",))[0] == "done"
    assert "KSI" in director.get("/dashboard/admin/branches").text
    # htmx sends the token as a header instead of a form field
    reply = director.post("/dashboard/admin/locations",
                          data={"branch": "KSI", "code": "VAN1", "name": "Van", "kind": "van"},
                          headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert reply.status_code == 303
    assert director.post("/dashboard/logout", data={}).status_code == 403


def test_resolving_a_held_envelope_by_attaching_its_product(shop: Shop,
                                                            director: TestClient) -> None:
    token = csrf_of(director)
    till = shop.held_till
    reply = director.post(f"/dashboard/held/{till.terminal_id}/1/attach",
                          data={"csrf_token": token, "sku": "GH-9999", "copy_from": "GH-0001",
                                "name": "Kalyppo Apple 200ml", "confirm": "1"},
                          follow_redirects=False)  # confirmed (the preview: test_stock_office_pages)
    assert reply.status_code == 303 and (flash_of(reply) or ("",))[0] != "error"
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        row = scope.get(StoredEnvelope, till.terminal_id, 1, 0)
        assert row is not None and row.status == "stored" and row.posting_status == "posted"
        assert row.resolved_by == "director@acme.test"
    # the new product reaches the tills through the feed
    changes = shop.main.pull()
    assert {(c["entity"], c["key"]) for c in changes} >= {("product", "GH-9999"),
                                                          ("price", "retail|GH-9999|bottle")}


def test_rejecting_a_held_envelope_keeps_it(shop: Shop, director: TestClient) -> None:
    till = shop.held_till
    token = csrf_of(director)
    empty = director.post(f"/dashboard/held/{till.terminal_id}/1/reject",
                          data={"csrf_token": token, "reason": " "}, follow_redirects=False)
    assert (flash_of(empty) or ("",))[0] == "error"
    director.post(f"/dashboard/held/{till.terminal_id}/1/reject",
                  data={"csrf_token": token, "reason": "test sale"})
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        row = scope.get(StoredEnvelope, till.terminal_id, 1, 0)
        assert row is not None and row.status == "rejected" and "test sale" in (row.reason or "")


def test_back_office_changes_flow_to_the_tills(shop: Shop, director: TestClient,
                                               testdata) -> None:
    token = csrf_of(director)
    director.post("/dashboard/admin/product/price", data={
        "csrf_token": token, "sku": "GH-0001", "price_list": "retail", "unit": "bottle",
        "price": "39.50"})
    director.post("/dashboard/admin/users", data={
        "csrf_token": token, "email": "esi@acme.test", "name": "Esi Cashier", "role": "user",
        "branch": "MAIN", "pin": "4826"})
    director.post("/dashboard/admin/customers", data={
        "csrf_token": token, "name": "Adjoa Stores", "tin": "C0005550001",
        "credit_limit": "2500.00"})
    changes = {(c["entity"], c["key"]): c["data"] for c in shop.main.pull()}
    assert changes[("price", "retail|GH-0001|bottle")]["price"] == 3950
    assert changes[("user", "esi@acme.test")]["role"] == "user"
    customer = next(d for (e, _), d in changes.items() if e == "customer"
                    and d["name"] == "Adjoa Stores")
    assert customer["credit_limit"] == 250000
    director.post("/dashboard/admin/users/edit", data={
        "csrf_token": token, "email": "esi@acme.test", "status": "inactive"})
    changes = {(c["entity"], c["key"]): c["data"] for c in shop.main.pull()}
    assert changes[("user", "esi@acme.test")]["status"] == "inactive"
    director.post("/dashboard/admin/terminals/revoke", data={
        "csrf_token": token, "terminal_id": shop.held_till.terminal_id, "reason": "stolen"})
    assert ("revocation", shop.held_till.terminal_id) in {
        (c["entity"], c["key"]) for c in shop.main.pull()}


def test_catalogue_import_shows_accepted_and_rejected_rows(shop: Shop,
                                                           director: TestClient) -> None:
    text = ("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
            "cost_price,tax_code,weighed\n"
            "NEW-1,,Fan Milk Yoghurt,cup,6.00,,,,4.00,B,0\n"
            "NEW-2,1234567890123,Bad Barcode,cup,6.00,,,,4.00,B,0\n"
            "NEW-3,,No Price,cup,,,,,4.00,B,0\n")
    token = csrf_of(director, "/dashboard/admin/products")
    reply = director.post("/dashboard/admin/products/import", data={"csrf_token": token},
                          files={"file": ("new.csv", text.encode(), "text/csv")})
    assert reply.status_code == 200
    assert re.search(r'data-testid="accepted">1<', reply.text)
    assert re.search(r'data-testid="rejected">2<', reply.text)
    assert "check digit" in reply.text and "retail_price is empty" in reply.text
    assert ("product", "NEW-1") in {(c["entity"], c["key"]) for c in shop.main.pull()}


def test_enrollment_code_and_period_close(shop: Shop, director: TestClient) -> None:
    token = csrf_of(director)
    # The form carries a one-time key (a reload issues no second code: test_hq_admin.py).
    page = director.post("/dashboard/admin/terminals/code",
                         data={"csrf_token": token, "branch": "TEM", "hours": "2",
                               "request_key": "0f" * 16})
    code = re.search(r'data-testid="code">([0-9A-Z-]+)<', page.text)
    assert code and code.group(1).startswith(f"{shop.world.tenant_id}-")
    # The month-end close is a gate: this month has not ended, so it cannot close even
    # when prepared; last month (quiet, every till heard from since) can, by two people.
    period = shop.today[:7]
    page = director.get(f"/dashboard/ledger/periods/{period}")
    assert 'data-testid="state">Not ready<' in page.text and "The month has ended" in page.text
    last = (date.fromisoformat(shop.today).replace(day=1) - timedelta(days=1)).isoformat()[:7]
    director.post(f"/dashboard/ledger/periods/{last}/prepare", data={"csrf_token": token})
    mine = director.post(f"/dashboard/ledger/periods/{last}/close",
                         data={"csrf_token": token, "confirm": last}, follow_redirects=False)
    assert "another person" in (flash_of(mine) or ("", ""))[1]
    with TestClient(shop.app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        tema.post(f"/dashboard/ledger/periods/{last}/prepare", data={"csrf_token": csrf_of(tema)})
    refused = director.post(f"/dashboard/ledger/periods/{last}/close",
                            data={"csrf_token": token, "confirm": "no"}, follow_redirects=False)
    assert (flash_of(refused) or ("",))[0] == "error"
    director.post(f"/dashboard/ledger/periods/{last}/close",
                  data={"csrf_token": token, "confirm": last})
    page = director.get(f"/dashboard/ledger/periods/{last}")
    assert 'data-testid="state">Closed<' in page.text and "approved" in page.text
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        from sync_server.periods.models import FiscalPeriod

        row = scope.get(FiscalPeriod, last)
        assert row is not None and row.status == "closed" and row.closed_by == "director@acme.test"
    assert ("period", last) in {(c["entity"], c["key"]) for c in shop.main.pull()}


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/sales", "/dashboard/admin/users"])
def test_pages_need_a_session(app, path: str) -> None:
    with TestClient(app, base_url="http://acme.test") as anonymous:
        reply = anonymous.get(path, follow_redirects=False)
        assert reply.status_code == 303
        assert reply.headers["location"].startswith("/dashboard/login?next=")
        fragment = anonymous.get("/dashboard/sync/panel", headers={"HX-Request": "true"},
                                 follow_redirects=False)
        assert fragment.status_code == 401 and "HX-Redirect" in fragment.headers


def test_a_message_comes_from_the_server_never_from_the_address(shop: Shop,
                                                                director: TestClient) -> None:
    """A link someone sends cannot make the dashboard say what it never said; the message
    a post/redirect/get leaves shows once, on the next page."""
    forged = director.get("/dashboard/admin/branches?done=Your+account+is+locked.+Call+0244")
    assert "Your account is locked" not in forged.text
    forged = director.get("/dashboard/admin/branches?error=Call+0244+now")
    assert "Call 0244" not in forged.text
    reply = director.post("/dashboard/admin/branches", data={
        "code": "HO2", "name": "Head office 2", "csrf_token": csrf_of(director)})
    assert reply.status_code == 200 and 'class="flash ok"' in reply.text  # followed the 303
    assert 'class="flash ok"' not in director.get("/dashboard/admin/branches").text  # once
