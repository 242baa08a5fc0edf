"""The books pages of the dashboard (general ledger, cash flow, receivables, statement,
ledger export, the export buttons), without JavaScript, on every database."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.audit.models import ActivityLog
from sync_server.ledger.models import Journal
from tests.books.dataset import credit_sale
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, flash_of, sign_in


def test_the_books_pages_and_their_files(director: TestClient, shop: Shop) -> None:
    sale = credit_sale(shop.main, shop.world, [("GH-0001", 2)])
    assert shop.main.push()[-1]["results"][-1]["status"] == "stored"
    receipt = sale.typed_payload().receipt_no
    page = director.get("/dashboard/books/gl?account=1000")
    assert page.status_code == 200 and "Opening balance" in page.text
    assert 'href="/dashboard/books/gl?account=1000&amp;format=xlsx"' in page.text
    assert "/dashboard/sales/" in page.text  # drill-down to the sale
    file = director.get("/dashboard/books/gl?account=1000&format=xlsx")
    assert file.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert director.get("/dashboard/books/gl?account=9999").status_code == 404
    flow = director.get("/dashboard/books/cash-flow")
    assert flow.status_code == 200 and 'data-testid="reconciles"' in flow.text
    owed = director.get("/dashboard/books/receivables")
    assert owed.status_code == 200 and 'data-testid="ties"' in owed.text and receipt in owed.text
    token = csrf_of(director, "/dashboard/books/receivables")
    refused = director.post("/dashboard/books/credit-notes", data={
        "sale": receipt, "amount": "100.00", "reason": "too much"}, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token
    posted = director.post("/dashboard/books/credit-notes", data={
        "csrf_token": token, "sale": receipt, "amount": "38.00", "reason": "price agreed"},
        follow_redirects=False)
    assert posted.status_code == 303 and "CN-000001" in (flash_of(posted) or ("", ""))[1]
    over = director.post("/dashboard/books/credit-notes", data={
        "csrf_token": token, "sale": receipt, "amount": "40.00", "reason": "again"},
        follow_redirects=True)
    assert "only 38.00 open" in over.text
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        assert scope.scalars(select(Journal.reference).where(Journal.kind == "credit_note")) == [
            "CN-000001"]
    paper = director.get(f"/dashboard/books/statement?customer={shop.world.customer_id}")
    assert paper.status_code == 200 and 'data-testid="due">38.00' in paper.text
    pdf = director.get(f"/dashboard/books/statement?customer={shop.world.customer_id}&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    for which in ("trial-balance", "profit-loss", "balance-sheet"):
        got = director.get(f"/dashboard/books/export/{which}?format=pdf")
        assert got.status_code == 200 and got.content.startswith(b"%PDF"), which
    assert "/dashboard/books/export/trial-balance?" in director.get(
        "/dashboard/ledger/trial-balance").text
    bean = director.get("/dashboard/books/ledger-export?format=beancount")
    assert bean.status_code == 200 and "open Assets:Cash-on-Hand GHS" in bean.text
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:  # every file is audited
        exported = scope.scalars(select(ActivityLog.subject).where(
            ActivityLog.action == "export", ActivityLog.actor == "director@acme.test"))
    assert "ledger beancount" in exported and len(exported) == 6


def test_a_branch_manager_sees_their_branch_only(app: object, shop: Shop) -> None:
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "tema.manager@acme.test", PASSWORD).status_code == 303
        gl = client.get("/dashboard/books/gl?account=1020&branch=MAIN")
        assert gl.status_code == 200 and "· TEM" in gl.text
        assert client.get(f"/dashboard/books/statement?customer={shop.world.customer_id}"
                          ).status_code == 403
        assert client.get("/dashboard/books/ledger-export?format=csv").status_code == 403
        token = csrf_of(client, "/dashboard/books/receivables")
        assert client.post("/dashboard/books/credit-notes", data={
            "csrf_token": token, "sale": "x", "amount": "1.00", "reason": "x"},
            follow_redirects=False).status_code == 403


@pytest.mark.slow
@pytest.mark.security
def test_no_parameter_makes_a_server_error(director: TestClient, shop: Shop) -> None:
    from tests.dashboard.test_fuzz import VALUES

    names = ["account", "first", "last", "branch", "as_of", "customer", "format", "period"]
    fields = ["sale", "amount", "date", "reason", "payment", "allocations"]
    token = csrf_of(director, "/dashboard/books/receivables")
    for value in VALUES:
        for path in ("gl", "cash-flow", "receivables", "statement", "ledger-export",
                     "export/trial-balance", "export/profit-loss", "export/" + quote(value[:20], safe="")):
            for name in names:
                reply = director.get(f"/dashboard/books/{path}", params={name: value})
                assert reply.status_code < 500, (path, name, value, reply.text[:300])
        for action in ("credit-notes", "receivables/reallocate"):
            for name in fields:
                form = {"csrf_token": token, "sale": "x", "amount": "1.00", "reason": "r",
                        "payment": "p", name: value}
                reply = director.post(f"/dashboard/books/{action}", data=form,
                                      follow_redirects=False)
                assert reply.status_code < 500, (action, name, value, reply.text[:300])
