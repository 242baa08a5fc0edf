"""The books pages over HTTP (the real application in-process), on every database: a
manager drafts a journal in the eight-row form, a manager and the drafter cannot
approve, a second director approves and the ledger moves; the chart page adds and
refuses; the drawers page renders; a form without its CSRF token is refused."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sync_server.reports.ledger import trial_balance
from sync_server.tenants.services import add_user
from tests.dashboard import conftest as dashboard_suite
from tests.dashboard.conftest import PASSWORD, csrf_of, sign_in
from tests.server.conftest import ADMIN, World

app = dashboard_suite.app  # the dashboard suite's fixtures, reused
director = dashboard_suite.director


def signed_in(app: object, email: str, password: str) -> TestClient:
    client = TestClient(app, base_url="http://acme.test")  # type: ignore[arg-type]
    assert sign_in(client, email, password).status_code == 303
    return client


def rent_form(csrf: str, branch: str = "MAIN", credit: str = "1,500.00") -> dict[str, str]:
    return {"csrf_token": csrf, "date": "2026-03-31", "branch": branch, "memo": "March rent",
            "account_1": "6000", "debit_1": "1,500.00", "memo_1": "rent",
            "account_2": "1010", "credit_2": credit, "memo_2": "cheque 123",
            "account_3": "", "debit_3": "", "credit_3": ""}


def test_draft_in_the_form_and_a_second_director_approves(app: object, world: World,
                                                          director: TestClient) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_user(world.ctx, scope, ADMIN, email="kojo@acme.test", name="Kojo Antwi",
                 role="director", branch=None, pin=None, password=PASSWORD)
    manager = signed_in(app, "manager@acme.test", "long enough password")
    form = manager.get("/dashboard/books/jv/new")
    assert form.status_code == 200 and len(re.findall(r'name="account_\d+"', form.text)) == 8
    csrf = csrf_of(manager, "/dashboard/books/jv/new")
    bad = manager.post("/dashboard/books/jv", data=rent_form(csrf, credit="1,499.00"))
    assert bad.status_code == 400 and "does not balance" in bad.text and "1,499.00" in bad.text
    other = manager.post("/dashboard/books/jv", data=rent_form(csrf, branch="TEM"))
    assert other.status_code == 400 and "own branch" in other.text
    assert manager.post("/dashboard/books/jv", data={k: v for k, v in rent_form(csrf).items()
                                                     if k != "csrf_token"}).status_code == 403
    made = manager.post("/dashboard/books/jv", data=rent_form(csrf), follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith(
        "/dashboard/books/jv/JV-000001")
    refused = manager.post("/dashboard/books/jv/JV-000001/approve", data={"csrf_token": csrf})
    assert "Only a director" in refused.text
    listing = director.get("/dashboard/books/jv").text
    assert "JV-000001" in listing and "awaiting approval" in listing
    page = director.get("/dashboard/books/jv/JV-000001").text
    assert "Approve and post" in page and "manager@acme.test" in page

    # The director drafts one of their own: their page offers no approval.
    dcsrf = csrf_of(director, "/dashboard/books/jv")
    director.post("/dashboard/books/jv", data=rent_form(dcsrf))
    own = director.get("/dashboard/books/jv/JV-000002").text
    assert "Approve and post" not in own and "Waiting for a director other than you" in own
    assert "another director must approve" in director.post(
        "/dashboard/books/jv/JV-000002/approve", data={"csrf_token": dcsrf}).text

    kojo = signed_in(app, "kojo@acme.test", PASSWORD)
    kcsrf = csrf_of(kojo, "/dashboard/books/jv")
    done = kojo.post("/dashboard/books/jv/JV-000001/approve", data={"csrf_token": kcsrf})
    assert done.status_code == 200 and "JV-000001 is approved and posted" in done.text
    link = re.search(r'href="(/dashboard/ledger/journals/[0-9a-f-]+)"', done.text)
    assert link and "JV-000001" in kojo.get(link.group(1)).text
    with world.ctx.scope(world.tenant_id) as scope:
        lines = {ln.code: ln for ln in trial_balance(scope, period="2026-03").lines}
    assert (lines["6000"].debit.pesewas, lines["1010"].credit.pesewas) == (150_000, 150_000)
    rejected = kojo.post("/dashboard/books/jv/JV-000002/reject",
                         data={"csrf_token": kcsrf, "reason": "duplicate of JV-000001"})
    assert "JV-000002 is rejected" in rejected.text
    reversed_ = kojo.post("/dashboard/books/jv/JV-000001/reverse",
                          data={"csrf_token": kcsrf, "date": "2026-04-01"})
    assert "JV-000003 drafted" in reversed_.text
    tema = signed_in(app, "tema.manager@acme.test", PASSWORD)  # another branch's manager
    assert tema.get("/dashboard/books/jv/JV-000001").status_code == 404
    assert "JV-000001" not in tema.get("/dashboard/books/jv").text
    assert "Add an account" not in tema.get("/dashboard/books/accounts").text
    for client in (manager, kojo, tema):
        client.close()


def test_the_chart_and_drawers_pages(app: object, director: TestClient) -> None:
    page = director.get("/dashboard/books/accounts")
    assert page.status_code == 200 and "Cash on Hand" in page.text
    csrf = csrf_of(director, "/dashboard/books/accounts")
    added = director.post("/dashboard/books/accounts", data={
        "csrf_token": csrf, "code": "1020-MTN", "name": "MTN MoMo wallet", "type": "asset"})
    assert "Account 1020-MTN MTN MoMo wallet added" in added.text
    off = director.post("/dashboard/books/accounts/1000/deactivate", data={"csrf_token": csrf})
    assert "would fail to post" in off.text
    gone = director.post("/dashboard/books/accounts/1020-MTN/delete", data={"csrf_token": csrf})
    assert "Account 1020-MTN is deleted" in gone.text
    drawers = director.get("/dashboard/books/drawers")
    assert drawers.status_code == 200 and "No closed shifts yet" in drawers.text
