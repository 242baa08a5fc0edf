"""The purchases pages of the dashboard: suppliers, bills, payments, expenses, statements
and settlements through plain forms (CSRF), with a manager kept to their branch."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.dashboard.conftest import PASSWORD, app, csrf_of, director, sign_in  # noqa: F401
from tests.server.conftest import World

P = "/dashboard/purchases"


@pytest.fixture
def manager(app: object) -> Iterator[TestClient]:  # noqa: F811 - the dashboard suite's app
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "tema.manager@acme.test", PASSWORD).status_code == 303
        yield client


def test_supplier_bill_payment_expense_and_settlement_pages(
        world: World, director: TestClient, manager: TestClient) -> None:  # noqa: F811
    token = csrf_of(director)
    reply = director.post(f"{P}/suppliers", data={
        "csrf_token": token, "name": "Kasapreko", "tin": "C0002223334", "terms": "30",
        "opening_balance": "", "branch": "MAIN"}, follow_redirects=True)
    assert reply.status_code == 200 and "Supplier Kasapreko added." in reply.text
    reply = director.post(f"{P}/bills", data={
        "csrf_token": token, "supplier": "Kasapreko", "invoice": "K-1", "date": "2026-03-10",
        "branch": "MAIN", "inclusive": "1", "description1": "Drinks", "account1": "goods",
        "amount1": "1200.00", "code1": "B"}, follow_redirects=True)
    assert "BILL-000001 entered: gross 1200.00, due 2026-04-09." in reply.text
    page = director.get(f"{P}/bills/BILL-000001")
    assert page.status_code == 200 and "150.00" in page.text and "25.00" in page.text
    reply = director.post(f"{P}/pay", data={
        "csrf_token": token, "bill": "BILL-000001", "supplier": "Kasapreko", "amount": "200.00",
        "date": "2026-03-20", "method": "bank", "branch": "MAIN"}, follow_redirects=True)
    assert "PAY-000001: paid 200.00 to Kasapreko." in reply.text
    assert 'data-testid="open">1000.00' in reply.text
    # bad input: a message in the shop's words, nothing posted
    reply = director.post(f"{P}/pay", data={
        "csrf_token": token, "bill": "BILL-000001", "supplier": "Kasapreko", "amount": "5000",
        "date": "2026-03-20", "method": "bank", "branch": "MAIN"}, follow_redirects=True)
    assert "is owed 1000.00" in reply.text
    ageing = director.get(f"{P}/ageing?as_of=2026-05-01")
    assert 'data-testid="ageing-total">1000.00' in ageing.text
    assert 'data-testid="ledger-2000">1000.00' in ageing.text
    xlsx = director.get(f"{P}/ageing?as_of=2026-05-01&format=xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active.cell(row=3, column=1).value == "Kasapreko"
    reply = director.post(f"{P}/expenses", data={
        "csrf_token": token, "category": "6000", "amount": "60.00", "tax_code": "B",
        "date": "2026-03-21", "paid_by": "cash", "branch": "MAIN", "memo": "Fuel"},
        follow_redirects=True)
    assert "EXP-000001: 60.00 recorded." in reply.text
    reply = director.post(f"{P}/tax", data={
        "csrf_token": token, "period": "2026-03", "date": "2026-04-14", "branch": "MAIN",
        "vat": "50.00"}, follow_redirects=True)
    assert "TAX-000001: paid GRA 50.00 for 2026-03." in reply.text
    bad = b"date,reference,amount,description\n2026-03-01,A1,ten,oops\n"
    reply = director.post(f"{P}/statements", data={"csrf_token": token, "clearing": "momo"},
                          files={"file": ("momo.csv", bad, "text/csv")}, follow_redirects=True)
    assert "Nothing was imported: 1 row(s) rejected — line 2:" in reply.text
    good = b"date,reference,amount,description\n2026-03-01,A1,10.00,someone\n"
    reply = director.post(f"{P}/statements", data={"csrf_token": token, "clearing": "momo"},
                          files={"file": ("momo.csv", good, "text/csv")}, follow_redirects=True)
    assert "momo.csv: 1 lines (10.00) imported." in reply.text and "A1" in reply.text
    reply = director.post(f"{P}/settle", data={
        "csrf_token": token, "clearing": "momo", "gross": "100.00", "fee": "1.00",
        "date": "2026-03-22", "branch": "MAIN"}, follow_redirects=True)
    assert "SET-000001: 100.00 settled, net 99.00." in reply.text
    # a manager enters bills at their own branch only, and adds no supplier
    mtoken = csrf_of(manager)
    reply = manager.post(f"{P}/bills", data={
        "csrf_token": mtoken, "supplier": "Kasapreko", "invoice": "K-2", "date": "2026-03-11",
        "branch": "MAIN", "description1": "Crates", "account1": "6000", "amount1": "10.00",
        "code1": "D"}, follow_redirects=True)
    assert "BILL-000002 entered" in reply.text
    assert "BILL-000001" not in manager.get(f"{P}/bills").text
    assert "TEM" in manager.get(f"{P}/bills/BILL-000002").text
    assert manager.get(f"{P}/bills/BILL-000001").status_code == 404
    assert manager.post(f"{P}/suppliers", data={"csrf_token": mtoken, "name": "X"}).status_code == 403
    for page_name in ("suppliers", "bills", "expenses", "settlements", "ageing"):
        assert director.get(f"{P}/{page_name}").status_code == 200
