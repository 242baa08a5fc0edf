"""The dashboard's catalogue upload takes a CSV as Excel saves it on Windows
(Windows-1252) — read by the till's rules — instead of asking for "CSV UTF-8"."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.dashboard.conftest import Shop, csrf_of


def test_an_excel_csv_uploads(shop: Shop, director: TestClient) -> None:
    text = ("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
            "cost_price,tax_code,weighed\r\n"
            "NEW-1,,Nestlé Nido 400g,tin,46.00,,,,38.00,B,0\r\n"
            "NEW-2,1234567890123,Bad Barcode,cup,6.00,,,,4.00,B,0\r\n")
    token = csrf_of(director, "/dashboard/admin/products")
    reply = director.post("/dashboard/admin/products/import", data={"csrf_token": token},
                          files={"file": ("excel.csv", text.encode("cp1252"), "text/csv")})
    assert reply.status_code == 200
    assert re.search(r'data-testid="accepted">1<', reply.text)
    assert re.search(r'data-testid="rejected">1<', reply.text) and "check digit" in reply.text
    assert ("product", "NEW-1") in {(c["entity"], c["key"]) for c in shop.main.pull()}


def test_bytes_no_encoding_reads_say_how_to_save(shop: Shop, director: TestClient) -> None:
    token = csrf_of(director, "/dashboard/admin/products")
    reply = director.post("/dashboard/admin/products/import", data={"csrf_token": token},
                          files={"file": ("x.csv", b"sku,name\n\x81\x8d\x90\n", "text/csv")},
                          follow_redirects=True)
    assert "CSV UTF-8" in reply.text
