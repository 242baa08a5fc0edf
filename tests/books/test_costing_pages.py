"""The dashboard's Stock valuation and Opening balances pages, and stock receipts shown by
their delivery note and supplier."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.books.stock import balances, receive
from tests.dashboard import conftest as dashboard
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, sign_in

app, tills, shop, director = dashboard.app, dashboard.tills, dashboard.shop, dashboard.director

STOCK = ("branch,location,sku,qty,unit_cost\n"
         "MAIN,SHOP,GH-0003,4,111.81\n"
         "TEM,SHOP,GH-0003,2,120.00\n"
         "MAIN,SHOP,NOPE,1,1.00\n")


def _figure(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', html)
    assert match, f"no {testid} on the page"
    return match.group(1)


def test_the_valuation_page_equals_inventory_and_opening_stock_uploads(
        shop: Shop, director: TestClient) -> None:
    page = director.get("/dashboard/books/stock-valuation")
    assert page.status_code == 200 and 'data-testid="equal"' in page.text
    assert _figure(page.text, "valuation-total") == _figure(page.text, "inventory")
    token = csrf_of(director, "/dashboard/books/opening")
    reply = director.post("/dashboard/books/opening/stock",
                          data={"csrf_token": token, "date": shop.today},
                          files={"file": ("stock.csv", STOCK.encode(), "text/csv")})
    assert reply.status_code == 200
    assert _figure(reply.text, "accepted") == "2" and _figure(reply.text, "rejected") == "1"
    assert "Nothing was imported" in reply.text and "NOPE" in reply.text
    reply = director.post("/dashboard/books/opening/stock",
                          data={"csrf_token": token, "date": shop.today, "partial": "1"},
                          files={"file": ("stock.csv", STOCK.encode(), "text/csv")})
    assert "Posted" in _figure(reply.text, "summary")
    page = director.get("/dashboard/books/stock-valuation?branch=TEM")
    assert "GH-0003" in page.text and 'data-testid="equal"' in page.text
    assert "1200" in balances(shop.world.ctx, shop.world.tenant_id)
    export = director.get("/dashboard/books/stock-valuation.csv")
    assert export.status_code == 200 and "GH-0003" in export.text
    bad = director.get("/dashboard/books/stock-valuation?as_of=yesterday")
    assert bad.status_code == 400 and "is not a date" in bad.text


def test_a_manager_sees_their_branch_and_cannot_import(shop: Shop, app: object) -> None:
    with TestClient(app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        page = tema.get("/dashboard/books/stock-valuation?branch=MAIN")
        assert page.status_code == 200 and "· TEM" in page.text
        assert ">MAIN<" not in page.text
        assert tema.get("/dashboard/books/opening").status_code == 403


def test_a_stock_receipt_shows_its_delivery_note_and_supplier(
        shop: Shop, director: TestClient) -> None:
    receive(shop.main, "GH-0001", "12", 2900, document_no="WIL-00417", supplier="Wilmar Ghana")
    shop.main.push()
    page = director.get("/dashboard/stock/GH-0001")
    assert _figure(page.text, "delivery-note") == "WIL-00417 · Wilmar Ghana"
