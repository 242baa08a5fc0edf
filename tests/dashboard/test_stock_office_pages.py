"""The Stock office pages (issue [12] scope 4) and held envelopes resolved safely
(scope 6), through the real dashboard on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import quote, unquote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.money import Money
from sync_server.audit.models import ActivityLog
from sync_server.catalogue.models import Price, Product
from sync_server.stock.models import OfficeDocument
from sync_server.sync.models import StoredEnvelope
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, flash_url, login_token, sign_in

OFFICE = "/dashboard/inventory"


@pytest.fixture
def tema(app: object) -> Iterator[TestClient]:
    """Yaw Tema, manager of the Tema branch."""
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "tema.manager@acme.test", PASSWORD).status_code == 303
        yield client


def _message(reply: object) -> str:
    location = flash_url(reply)
    match = re.search(r"[?&](done|error)=([^&]*)", location)
    return f"{match.group(1)}: {unquote(match.group(2))}" if match else location


def _form(client: TestClient, path: str, **fields: str) -> dict[str, str]:
    page = client.get(path).text
    doc_id = re.search(r'name="doc_id" value="([^"]+)"', page)
    data = {"csrf_token": login_token(page), **fields}
    if doc_id:
        data["doc_id"] = doc_id.group(1)
    return data


def test_a_managers_day_in_the_stock_office(shop: Shop, director: TestClient,
                                            tema: TestClient) -> None:
    for path in ("receive", "transfers", "adjustments", "value", "reorder"):
        page = director.get(f"{OFFICE}/{path}")
        assert page.status_code == 200 and "Stock office" in page.text, path
    # head office receives at MAIN; the same form sent twice books one receipt
    form = _form(director, f"{OFFICE}/receive", branch="MAIN", supplier="Wilmar Ghana",
                 document_no="DN-100", date=shop.today, sku1="GH-0001", qty1="24",
                 cost1="30.00")
    first = director.post(f"{OFFICE}/receive", data=form, follow_redirects=False)
    again = director.post(f"{OFFICE}/receive", data=form, follow_redirects=False)
    assert _message(first).startswith("done: GRN-000001") and first.headers["location"] == \
        again.headers["location"].replace("GRN", "GRN")
    assert director.get(first.headers["location"]).status_code == 200
    # a manager cannot receive at another branch: the form's branch is their own
    reply = tema.post(f"{OFFICE}/receive", data=_form(
        tema, f"{OFFICE}/receive", branch="MAIN", supplier="Kasapreko", document_no="K-1",
        date=shop.today, sku1="GH-0004", qty1="6", cost1="10.00"), follow_redirects=False)
    assert "at Tema Branch" in _message(reply)
    # MAIN sends to TEM; TEM's manager sees it in transit and receives it, one short
    reply = director.post(f"{OFFICE}/transfers", data=_form(
        director, f"{OFFICE}/transfers", from_branch="MAIN", to_branch="TEM", date=shop.today,
        sku1="GH-0001", qty1="5"), follow_redirects=False)
    assert "in transit" in _message(reply)
    number = "TRF-000001"
    page = tema.get(f"{OFFICE}/transfers").text
    assert number in page and "150.00" in page
    detail = tema.get(f"{OFFICE}/documents/{number}").text
    assert 'name="got_GH-0001"' in detail
    reply = tema.post(f"{OFFICE}/documents/{number}/receive", data={
        "csrf_token": login_token(detail), "date": shop.today, "got_GH-0001": "4"},
        follow_redirects=False)
    assert "1 line(s) short" in _message(reply)
    # the manager adjusts above the limit: it waits; they cannot approve it themselves
    reply = tema.post(f"{OFFICE}/adjustments", data=_form(
        tema, f"{OFFICE}/adjustments", branch="TEM", reason="damaged", date=shop.today,
        sku1="GH-0001", qty1="-1", note="dropped"), follow_redirects=False)
    assert "done: ADJ-000001 posted" in _message(reply)
    reply = tema.post(f"{OFFICE}/adjustments/limit", data={"csrf_token": csrf_of(tema),
                                                           "limit": "0"})
    assert reply.status_code == 403  # a director's
    reply = director.post(f"{OFFICE}/adjustments/limit", data={"csrf_token": csrf_of(director),
                                                               "limit": "10.00"},
                          follow_redirects=False)
    assert "more than GH₵ 10.00" in _message(reply)
    reply = tema.post(f"{OFFICE}/adjustments", data=_form(
        tema, f"{OFFICE}/adjustments", branch="TEM", reason="theft", date=shop.today,
        sku1="GH-0001", qty1="-1"), follow_redirects=False)
    assert "waits for a second person" in _message(reply)
    own = tema.get(f"{OFFICE}/documents/ADJ-000002").text
    assert "a second person approves" in own
    reply = tema.post(f"{OFFICE}/documents/ADJ-000002/approve",
                      data={"csrf_token": login_token(own)}, follow_redirects=False)
    assert "second person" in _message(reply)
    reply = director.post(f"{OFFICE}/documents/ADJ-000002/approve",
                          data={"csrf_token": csrf_of(director)}, follow_redirects=False)
    assert "approved and posted" in _message(reply)
    # reorder level and list
    reply = tema.post(f"{OFFICE}/reorder", data={"csrf_token": csrf_of(tema), "branch": "TEM",
                                                 "sku": "GH-0001", "level": "10"},
                      follow_redirects=False)
    assert "reorder below 10" in _message(reply)
    listed = tema.get(f"{OFFICE}/reorder").text
    table = listed.split("reorder-list")[1].split("</table>")[0]
    # on hand: −1 sold by the Tema till, +4 arrived, −1 damaged, −1 stolen = 1
    assert "Frytol" in table and "<b>19</b>" in table
    # the value page: equals 1200, per branch; the manager sees their own branch only
    value = director.get(f"{OFFICE}/value").text
    assert 'data-testid="equal"' in value and "Equals 1200" in value
    mine = tema.get(f"{OFFICE}/value").text
    assert "Tema Branch" in mine and "Main" not in mine.split("<table")[1]
    # a product's movements name the document that made them
    product = director.get("/dashboard/stock/GH-0001").text
    assert 'href="/dashboard/inventory/documents/TRF-000001"' in product
    assert 'href="/dashboard/inventory/documents/GRN-000001"' in product
    # nor another branch's documents
    assert tema.get(f"{OFFICE}/documents/GRN-000001").status_code == 404
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        docs = {d.number: d.status for d in scope.scalars(select(OfficeDocument))}
    assert docs == {"GRN-000001": "posted", "GRN-000002": "posted", "TRF-000001": "received",
                    "ADJ-000001": "posted", "ADJ-000002": "posted"}


def test_stock_office_pages_never_fail_on_odd_values(shop: Shop, director: TestClient) -> None:
    token = csrf_of(director)
    odd = ["a\x00b", "9" * 60, "-" + "9" * 60, "1e999", "9999-99-99", "%", "x" * 300]
    for value in odd:
        fields = {"branch": value, "supplier": value, "document_no": value, "date": value,
                  "sku1": value, "qty1": value, "cost1": value, "from_branch": value,
                  "to_branch": value, "reason": value, "note": value, "sku": value,
                  "level": value, "target": value, "doc_id": value, "bill_invoice": value,
                  "bill_tax_code": value, "got_GH-0001": value, "limit": value}
        odd_path = quote(value[:50], safe="")
        for path in ("receive", "transfers", "adjustments", "adjustments/limit", "reorder",
                     "documents/TRF-1/receive",
                     "documents/ADJ-1/approve", "documents/ADJ-1/reject", f"documents/{odd_path}/x"):
            reply = director.post(f"{OFFICE}/{path}", data={**fields, "csrf_token": token},
                                  follow_redirects=False)
            assert reply.status_code < 500, (path, value[:10], reply.text[:300])
        for path in ("receive", "value", f"reorder?branch={odd_path}", f"documents/{odd_path}"):
            reply = director.get(f"{OFFICE}/{path}", follow_redirects=False)
            assert reply.status_code < 500, (path, value[:10])


# -- held envelopes resolved safely ---------------------------------------------------------


def test_attach_prefills_the_unknown_sku_not_the_first_line(shop: Shop,
                                                           director: TestClient) -> None:
    till = shop.held_till
    till.products["GH-7777"] = replace(till.products["GH-9999"], sku="GH-7777")
    till.sell([("GH-0001", 1), ("GH-7777", 2)])  # the unknown SKU on the second line
    till.push()
    page = director.get(f"/dashboard/held/{till.terminal_id}/2").text
    assert re.search(r'name="sku" value="GH-7777"', page), "the unknown SKU is prefilled"
    assert 'name="sku" value="GH-0001"' not in page


def test_a_new_product_from_a_hold_needs_a_price_and_a_cost(shop: Shop,
                                                           director: TestClient) -> None:
    till = shop.held_till
    url = f"/dashboard/held/{till.terminal_id}/1/attach"
    base = {"sku": "GH-9999", "name": "Kalyppo Apple 200ml", "unit": "bottle", "tax_code": "B",
            "price_list": "retail"}
    for missing in ({"cost_price": "10.00"}, {"price": "19.00"}, {"price": "0", "cost_price": "1"}):
        reply = director.post(url, data={"csrf_token": csrf_of(director), **base, **missing,
                                         "confirm": "1"}, follow_redirects=False)
        assert _message(reply).startswith("error:"), missing
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        assert scope.get(Product, "GH-9999") is None
    # the form offers the price the till charged
    page = director.get(f"/dashboard/held/{till.terminal_id}/1").text
    charged = re.search(r'name="price" inputmode="decimal" value="([^"]+)"', page)
    assert charged is not None
    reply = director.post(url, data={"csrf_token": csrf_of(director), **base,
                                     "price": charged.group(1), "cost_price": "12.00",
                                     "confirm": "1"}, follow_redirects=False)
    assert "Merged and posted" in _message(reply)
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        price = scope.scalar(select(Price).where(Price.sku == "GH-9999"))
        assert price is not None and price.price == Money.parse(charged.group(1)).pesewas


def test_same_as_shows_what_every_till_gets_before_changing_anything(
        shop: Shop, director: TestClient) -> None:
    till = shop.held_till
    url = f"/dashboard/held/{till.terminal_id}/1/attach"
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        # head office's GH-0001 now costs more than the till charged for GH-9999
        row = scope.scalar(select(Price).where(Price.sku == "GH-0001",
                                               Price.price_list == "retail"))
        assert row is not None
        till_price, row.price = row.price, row.price + 200
    preview = director.post(url, data={"csrf_token": csrf_of(director), "sku": "GH-9999",
                                       "copy_from": "GH-0001", "name": "Kalyppo Apple 200ml"})
    assert preview.status_code == 200 and "what every till will get" in preview.text
    assert "repriced" in preview.text and "Nothing has changed yet" in preview.text
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        assert scope.get(Product, "GH-9999") is None  # the preview changed nothing
        held = scope.get(StoredEnvelope, till.terminal_id, 1, 0)
        assert held is not None and held.status == "held"
    confirm = {m.group(1): m.group(2) for m in re.finditer(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)">', preview.text)}
    assert confirm["confirm"] == "1"
    reply = director.post(url, data=confirm, follow_redirects=False)
    said = _message(reply)  # added as confirmed; the sale stays held at the till's price
    assert "2 change(s) at the tills, as confirmed" in said and "Still held" in said
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        entry = scope.scalar(select(ActivityLog).where(ActivityLog.action == "held.attached"))
        assert entry is not None
        detail = json.loads(entry.detail) if isinstance(entry.detail, str) else entry.detail
        assert detail["copy_from"] == "GH-0001" and len(detail["changes_at_tills"]) == 2
        assert detail["prices"][0]["till_price"] == f"{till_price / 100:.2f}"
