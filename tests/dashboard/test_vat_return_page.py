"""The VAT return and the explained tax reconciliation on the dashboard (issue [10])."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.dashboard.conftest import Shop


def test_vat_return_page_and_export(shop: Shop, director: TestClient) -> None:
    period = shop.today[:7]
    page = director.get(f"/dashboard/ledger/vat-return?period={period}")
    assert page.status_code == 200 and 'data-testid="due">Due ' in page.text
    assert "Standard-rated supplies" in page.text and 'data-testid="total-payable"' in page.text
    book = load_workbook(io.BytesIO(director.get(
        f"/dashboard/ledger/vat-return.xlsx?period={period}").content))
    taxes = book["Taxes"]
    assert taxes["A2"].value == "Tax" and isinstance(taxes["B3"].value, int | float)
    tax = director.get(f"/dashboard/ledger/tax?period={period}")
    assert 'data-testid="unexplained-VAT">0.00<' in tax.text
