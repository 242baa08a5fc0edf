"""The product page's scale-label form: a back-office user sets or clears a product's
PLU, a PLU another product has is refused in words, and the tills get the change in
the feed's product entity."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.dashboard.conftest import csrf_of, make_till
from tests.server.conftest import World


def test_the_plu_form_sets_it_and_the_feed_carries_it(app: object, world: World,
                                                       tills: TestClient,
                                                       director: TestClient) -> None:
    till = make_till(world, tills)
    page = director.get("/dashboard/admin/products/GH-0039").text
    assert "00039" in page and "Save PLU" in page
    token = csrf_of(director, "/dashboard/admin/products/GH-0001")
    reply = director.post("/dashboard/admin/product/plu", data={
        "csrf_token": token, "sku": "GH-0001", "plu": "00039"}, follow_redirects=True)
    assert "already GH-0039" in reply.text
    reply = director.post("/dashboard/admin/product/plu", data={
        "csrf_token": token, "sku": "GH-0001", "plu": "00901"}, follow_redirects=True)
    assert "Scale PLU of GH-0001: 00901." in reply.text
    assert "00901" in director.get("/dashboard/admin/products/GH-0001").text
    director.post("/dashboard/admin/product/plu", data={
        "csrf_token": token, "sku": "GH-0039", "plu": ""})
    changes = {(c["entity"], c["key"]): c["data"] for c in till.pull()}
    assert changes[("product", "GH-0001")]["plu"] == "00901"
    assert changes[("product", "GH-0039")]["plu"] is None
