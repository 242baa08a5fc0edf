"""Issue [12] scope 8, the finish: HTML error pages (never raw JSON) under the
dashboard's prefix, missing values as a dash (no “None: None” boxes), one fixed chart
colour per payment method, card schemes on every tender label, and GRA-format TINs
wherever the dashboard takes one."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.money import Money
from shared.payloads import Tender
from shared.tenders import LABEL_ORDER, OTHER_COLOUR, TENDER_COLOURS, tender_colour
from sync_server.customers.models import Customer
from sync_server.dashboard.web import state_of
from sync_server.purchases.models import Supplier
from tests.dashboard.conftest import Shop, csrf_of, flash_url


def _is_html_page(reply) -> bool:  # type: ignore[no-untyped-def]
    return (reply.headers["content-type"].startswith("text/html")
            and '"error"' not in reply.text and "Bisama" in reply.text)


def test_http_errors_under_the_dashboard_are_html_pages(shop: Shop, director: TestClient) -> None:
    missing = director.get("/dashboard/no-such-page")
    assert missing.status_code == 404 and _is_html_page(missing)
    assert "There is no page at this address" in missing.text
    wrong_method = director.put("/dashboard/sales")
    assert wrong_method.status_code == 405 and _is_html_page(wrong_method)
    assert director.delete("/dashboard/admin/branches").status_code == 405
    static = director.get("/dashboard/static/no-such-file.css")
    assert static.status_code == 404 and _is_html_page(static)
    # The API keeps its JSON errors for the tills.
    api = director.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_a_missing_value_reads_as_a_dash(app: object) -> None:
    env = state_of(type("R", (), {"app": app})()).templates.env
    assert env.from_string("{{ a }}: {{ b }}").render(a=None, b=None) == "—: —"
    assert env.from_string("{{ a or '' }}").render(a=None) == ""


def test_every_payment_method_has_its_own_colour(shop: Shop, director: TestClient) -> None:
    colours = [TENDER_COLOURS[key] for key in LABEL_ORDER]
    assert len(set(colours)) == len(colours) and OTHER_COLOUR not in colours
    assert tender_colour("card", "visa") != tender_colour("card", "mastercard")
    assert tender_colour("cash", "visa") == TENDER_COLOURS[("cash", None)]
    page = director.get(f"/dashboard/sales?first={shop.today}&last={shop.today}").text
    island = re.search(r'id="chart-methods">(.*?)</script>', page, re.S)
    assert island
    chart = json.loads(island.group(1))
    assert len(chart["colours"]) == len(chart["labels"])
    assert len(set(chart["colours"])) == len(chart["colours"])
    assert chart["colours"][chart["labels"].index("MoMo — MTN")] == TENDER_COLOURS[("momo", "mtn")]


def test_unmatched_card_tenders_show_their_scheme(shop: Shop, director: TestClient) -> None:
    shop.main.sell([("GH-0001", 1)], tenders=[Tender("card", Money(3800), Money(3800),
                                                     provider="gh-link", reference="GL9")])
    shop.main.push()
    page = director.get("/dashboard/purchases/settlements?clearing=card&days=0").text
    assert "Card — GH-Link" in page


def test_tins_are_checked_to_gras_format_on_the_dashboard(shop: Shop,
                                                          director: TestClient) -> None:
    token = csrf_of(director, "/dashboard/admin/customers")
    refused = director.post("/dashboard/admin/customers", data={
        "csrf_token": token, "name": "Bad TIN Ltd", "tin": "C0099"}, follow_redirects=False)
    assert "error=" in flash_url(refused)
    director.post("/dashboard/admin/customers", data={
        "csrf_token": token, "name": "Good TIN Ltd", "tin": "gha-712345678-3"})
    refused = director.post("/dashboard/purchases/suppliers", data={
        "csrf_token": token, "name": "Bad Supplier", "tin": "P12"}, follow_redirects=False)
    assert "error=" in flash_url(refused)
    director.post("/dashboard/purchases/suppliers", data={
        "csrf_token": token, "name": "Good Supplier", "tin": "V0012345678"})
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        customers = {c.name: c.tin for c in scope.scalars(select(Customer))}
        suppliers = {s.name: s.tin for s in scope.scalars(select(Supplier))}
    assert "Bad TIN Ltd" not in customers and customers["Good TIN Ltd"] == "GHA-712345678-3"
    assert "Bad Supplier" not in suppliers and suppliers["Good Supplier"] == "V0012345678"
    refused = director.post("/dashboard/admin/tax", data={
        "csrf_token": token, "effective_from": shop.today, "vat_registered": "1",
        "tin": "12345"}, follow_redirects=False)
    assert "error=" in flash_url(refused)
