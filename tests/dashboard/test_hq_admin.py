"""Administration in the browser (issue [12] scope 7): businesses, branches, enrollment
codes and the activity log, through the same services as the CLI (same validation,
same audit records). Runs on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.audit.models import SYSTEM_TENANT, ActivityLog
from sync_server.tenants.models import Branch, Tenant, User
from sync_server.terminals.models import EnrollmentCode, Terminal
from tests.dashboard.conftest import ADMIN_PASSWORD, PASSWORD, Shop, csrf_of, flash_url, make_till, sign_in

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture
def admin(shop: Shop) -> Iterator[TestClient]:
    """A system administrator working in Acme Trading (chosen on the tenants page)."""
    with TestClient(shop.app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "root@bisama.test", ADMIN_PASSWORD).status_code == 303
        yield client


def _actions(shop: Shop, tenant_id: int) -> list[tuple[str, str | None]]:
    with shop.world.ctx.scope(tenant_id) as scope:
        return [(r.action, r.subject) for r in scope.scalars(
            select(ActivityLog).order_by(ActivityLog.at))]


def _flash(reply) -> str:  # type: ignore[no-untyped-def]
    assert reply.status_code == 303, reply.text[:400]
    return flash_url(reply)


def test_an_administrator_creates_suspends_and_reactivates_a_business(shop: Shop,
                                                                       admin: TestClient) -> None:
    ctx = shop.world.ctx
    page = admin.get("/dashboard/admin/tenants")
    assert page.status_code == 200 and "Acme Trading" in page.text and "Other Traders" in page.text
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "name": "Adom Wholesale", "domain": "adom.test",
            "tin": "c0012345678", "vat_registered": "1", "branch_code": "acc",
            "branch_name": "Accra Central", "director_name": "Efua Adom",
            "director_email": "efua@adom.test", "director_password": "a long password"}
    # A TIN not in GRA's format is refused in the shop's words and nothing is created.
    refused = _flash(admin.post("/dashboard/admin/tenants", data={**form, "tin": "12345"},
                                follow_redirects=False))
    assert "error=" in refused and "Ghana" in admin.get(refused).text
    refused = _flash(admin.post("/dashboard/admin/tenants",
                                data={**form, "director_email": "not-an-address"},
                                follow_redirects=False))
    assert "error=" in refused
    with ctx.system() as session:
        assert session.scalar(select(Tenant).where(Tenant.domain == "adom.test")) is None
    done = _flash(admin.post("/dashboard/admin/tenants", data=form, follow_redirects=False))
    assert "done=" in done
    with ctx.system() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.domain == "adom.test"))
        assert tenant is not None and tenant.tin == "C0012345678" and tenant.vat_registered
    with ctx.scope(tenant.id) as scope:
        director = scope.scalar(select(User).where(User.email == "efua@adom.test"))
        assert director is not None and director.role == "director"
        assert scope.get(Branch, "ACC") is not None
    assert ("tenant.create", "adom.test") in _actions(shop, tenant.id)
    assert ("user.add", "efua@adom.test") in _actions(shop, tenant.id)
    # The new director signs in at the business's own address.
    with TestClient(shop.app, base_url="http://adom.test") as efua:  # type: ignore[arg-type]
        assert sign_in(efua, "efua@adom.test", "a long password").status_code == 303
    # Suspending needs a reason; the people are refused and told it.
    refused = _flash(admin.post("/dashboard/admin/tenants/suspend",
                                data={"csrf_token": token, "domain": "adom.test"},
                                follow_redirects=False))
    assert "error=" in refused
    _flash(admin.post("/dashboard/admin/tenants/suspend", data={
        "csrf_token": token, "domain": "adom.test", "reason": "invoice unpaid"},
        follow_redirects=False))
    listing = admin.get("/dashboard/admin/tenants").text
    assert "suspended" in listing and "invoice unpaid" in listing
    assert "bisama-sync tenant delete --tenant adom.test" in listing
    with TestClient(shop.app, base_url="http://adom.test") as efua:  # type: ignore[arg-type]
        reply = sign_in(efua, "efua@adom.test", "a long password")
        assert reply.status_code == 401 and "invoice unpaid" in reply.text
    _flash(admin.post("/dashboard/admin/tenants/reactivate",
                      data={"csrf_token": token, "domain": "adom.test"}, follow_redirects=False))
    actions = [a for a, _ in _actions(shop, tenant.id)]
    assert "tenant.deactivate" in actions and "tenant.activate" in actions


def test_an_administrator_offboards_a_business_in_the_browser(shop: Shop, admin: TestClient,
                                                               tmp_path, monkeypatch) -> None:
    """The seed's offboarding from the Businesses page: the name typed again, the export
    package written on the server, the business suspended with a read-only grace period."""
    monkeypatch.setenv("BISAMA_SERVER_HOME", str(tmp_path))
    token = TOKEN.search(admin.get("/dashboard/admin/tenants").text).group(1)  # type: ignore[union-attr]
    refused = _flash(admin.post("/dashboard/admin/tenants/offboard", data={
        "csrf_token": token, "domain": "other.test", "confirm": "Other"}, follow_redirects=False))
    assert "error=" in refused and not (tmp_path / "offboarding").exists()
    done = _flash(admin.post("/dashboard/admin/tenants/offboard", data={
        "csrf_token": token, "domain": "other.test", "confirm": "Other Traders"},
        follow_redirects=False))
    assert "done=" in done and "tenant%20delete" in done
    packages = list((tmp_path / "offboarding").iterdir())
    assert len(packages) == 1 and (packages[0] / "SHA256SUMS").exists()
    with shop.world.ctx.system() as session:
        other = session.scalar(select(Tenant).where(Tenant.domain == "other.test"))
        assert other is not None and other.status != "active" and other.read_only_until


def test_only_administrators_manage_businesses(shop: Shop, director: TestClient) -> None:
    assert director.get("/dashboard/admin/tenants").status_code == 403
    token = csrf_of(director)
    reply = director.post("/dashboard/admin/tenants/suspend",
                          data={"csrf_token": token, "domain": "other.test", "reason": "x"})
    assert reply.status_code == 403
    with shop.world.ctx.system() as session:
        assert session.scalar(select(Tenant.status).where(Tenant.domain == "other.test")) \
            == "active"


def test_branches_are_edited_closed_and_reopened(shop: Shop, director: TestClient) -> None:
    ctx = shop.world.ctx
    token = csrf_of(director, "/dashboard/admin/branches")
    _flash(director.post("/dashboard/admin/branches/edit", data={
        "csrf_token": token, "code": "TEM", "name": "Tema Harbour", "address": "Harbour Rd",
        "phone": ""}, follow_redirects=False))
    page = director.get("/dashboard/admin/branches").text
    assert "Tema Harbour" in page and "Harbour Rd" in page
    # The tills get the new name (it prints on receipts) with their next pull.
    pulled = [c for c in shop.main.pull() if c["entity"] == "branch" and c["key"] == "TEM"]
    assert pulled and pulled[-1]["data"]["name"] == "Tema Harbour"
    # The Tema till reported nothing waiting (outbox 0): the branch can close; its till
    # is revoked and refused, and the branch takes no new codes.
    done = _flash(director.post("/dashboard/admin/branches/close", data={
        "csrf_token": token, "code": "TEM", "reason": "lease ended"}, follow_redirects=False))
    assert "done=" in done
    with ctx.scope(shop.world.tenant_id) as scope:
        assert scope.get(Branch, "TEM").status == "inactive"  # type: ignore[union-attr]
        tills = scope.scalars(select(Terminal).where(Terminal.branch_code == "TEM"))
        assert tills and all(t.status == "revoked" for t in tills)
    reply = shop.tema.client.post("/api/v1/pull", json={})  # unsigned: refused anyway
    assert reply.status_code >= 400
    page = director.get("/dashboard/admin/terminals").text
    assert 'value="TEM"' not in page  # no code can be issued for a closed branch
    key = "ab" * 16
    refused = _flash(director.post("/dashboard/admin/terminals/code", data={
        "csrf_token": token, "branch": "TEM", "hours": "2", "request_key": key},
        follow_redirects=False))
    assert "error=" in refused and "closed" in director.get(refused).text
    _flash(director.post("/dashboard/admin/branches/reopen",
                         data={"csrf_token": token, "code": "TEM"}, follow_redirects=False))
    actions = [a for a, _ in _actions(shop, shop.world.tenant_id)]
    assert {"branch.edit", "branch.close", "branch.reopen", "terminal.revoke"} <= set(actions)


def test_a_branch_whose_tills_hold_unsent_sales_is_not_closed(shop: Shop,
                                                              director: TestClient) -> None:
    shop.main.heartbeat(outbox_depth=3)
    token = csrf_of(director, "/dashboard/admin/branches")
    refused = _flash(director.post("/dashboard/admin/branches/close", data={
        "csrf_token": token, "code": "MAIN"}, follow_redirects=False))
    assert "error=" in refused and "Till 1" in director.get(refused).text
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        assert scope.get(Branch, "MAIN").status == "active"  # type: ignore[union-attr]


def test_an_enrollment_code_is_issued_once_per_form_and_listed(shop: Shop,
                                                               director: TestClient) -> None:
    ctx = shop.world.ctx
    page = director.get("/dashboard/admin/terminals").text
    # The address the browser used, not a guess at localhost.
    assert "--server http://acme.test" in page and "127.0.0.1" not in page
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', page).group(1)  # type: ignore[union-attr]
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "branch": "MAIN", "hours": "2", "request_key": key}
    where = _flash(director.post("/dashboard/admin/terminals/code", data=form,
                                 follow_redirects=False))
    assert where == f"/dashboard/admin/terminals/code/{key}"
    shown = director.get(where).text
    code = re.search(r'data-testid="code">([0-9A-Z-]+)<', shown).group(1)  # type: ignore[union-attr]
    assert f"bisama-terminal enroll --server http://acme.test --code {code}" in shown
    # A reload of the page, and the same form sent again, issue nothing new.
    assert code in director.get(where).text
    again = _flash(director.post("/dashboard/admin/terminals/code", data=form,
                                 follow_redirects=False))
    assert again == where
    with ctx.scope(shop.world.tenant_id) as scope:
        codes = scope.scalars(select(EnrollmentCode).where(EnrollmentCode.request_key == key))
        assert len(codes) == 1 and codes[0].hint == code[-4:]
    listing = director.get("/dashboard/admin/terminals").text
    assert f"…{code[-4:]}" in listing and ">open<" in listing
    # Cancelled, the code enrolls no till.
    ref = re.search(r'name="ref" value="([0-9a-f]{12})"', listing).group(1)  # type: ignore[union-attr]
    _flash(director.post("/dashboard/admin/terminals/code/cancel",
                         data={"csrf_token": token, "ref": ref}, follow_redirects=False))
    assert ">cancelled<" in director.get("/dashboard/admin/terminals").text
    assert "code-gone" in director.get(where).text
    with pytest.raises(Exception, match="cancelled"):
        make_till(shop.world, shop.tills, "MAIN", "Till 9").enroll(code)
    # Another browser session never sees the code.
    with TestClient(shop.app, base_url="http://acme.test") as other:  # type: ignore[arg-type]
        sign_in(other, "director@acme.test", PASSWORD)
        assert code not in other.get(where).text
    assert ("terminal.code_cancel", "MAIN") in _actions(shop, shop.world.tenant_id)


def test_a_configured_public_address_is_printed(shop: Shop) -> None:
    from sync_server.web.app import create_app
    from tests.dashboard.conftest import settings

    app = create_app(shop.world.ctx, dashboard=settings(base_domain="test",
                                                        public_url="https://pos.adom.com.gh/"))
    with TestClient(app, base_url="http://acme.test") as client:
        sign_in(client, "director@acme.test", PASSWORD)
        assert "--server https://pos.adom.com.gh --code" in client.get(
            "/dashboard/admin/terminals").text


def test_the_activity_log_reads_as_sentences_with_names(shop: Shop, admin: TestClient,
                                                        director: TestClient) -> None:
    token = csrf_of(director, "/dashboard/admin/branches")
    director.post("/dashboard/admin/branches/edit", data={
        "csrf_token": token, "code": "TEM", "name": "Tema Harbour", "address": "", "phone": ""})
    page = director.get("/dashboard/admin/activity").text
    assert "Abena Mensah" in page and "edited branch Tema Harbour (TEM)" in page
    assert "Name: Tema Harbour" in page
    assert "{&#34;" not in page and '{"' not in page  # no raw JSON
    # Tills by name, not by id.
    assert "Till 1 (MAIN)" in page
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        till_ids = [t.id for t in scope.scalars(select(Terminal))]
    shown = re.sub(r'value="[^"]*"', "", page)  # what a person reads, not form values
    assert not any(tid in shown for tid in till_ids)
    # Filtered by person and action; paged.
    only = director.get("/dashboard/admin/activity",
                        params={"who": "director@acme.test", "action": "branch.edit"}).text
    assert "edited branch" in only and "enrolled till" not in only
    none = director.get("/dashboard/admin/activity",
                        params={"from": "2001-01-01", "to": "2001-01-02"}).text
    assert "Nothing in the log matches" in none
    assert director.get("/dashboard/admin/activity",
                        params={"from": "2026-02-30"}).status_code == 400
    assert director.get("/dashboard/admin/activity", params={"page": "999999999"}).status_code \
        == 200


def test_the_activity_log_exports_neutralised_csv_and_xlsx(shop: Shop,
                                                           director: TestClient) -> None:
    token = csrf_of(director, "/dashboard/admin/branches")
    director.post("/dashboard/admin/branches/edit", data={
        "csrf_token": token, "code": "TEM", "name": "=HYPERLINK(\"http://x\")", "address": "",
        "phone": ""})
    csv_reply = director.get("/dashboard/admin/activity.csv",
                             params={"action": "branch.edit"})
    assert csv_reply.status_code == 200
    text = csv_reply.content.decode("utf-8-sig")
    assert "When (UTC),Who,What,Details" in text.splitlines()[0]
    assert "Abena Mensah" in text and "edited branch =HYPERLINK" in text
    import csv

    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not any(c[:1] in "=+-@" and c for c in cells)
    from openpyxl import load_workbook

    xlsx = director.get("/dashboard/admin/activity.xlsx", params={"action": "branch.edit"})
    book = load_workbook(io.BytesIO(xlsx.content))
    values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert any(v == "Abena Mensah" for v in values)
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert director.get("/dashboard/admin/activity.pdf").status_code == 404
    assert ("report.export", None) in _actions(shop, shop.world.tenant_id)


def test_managers_get_no_activity_log_or_codes(shop: Shop) -> None:
    with TestClient(shop.app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        sign_in(tema, "tema.manager@acme.test", PASSWORD)
        assert tema.get("/dashboard/admin/activity").status_code == 403
        page = tema.get("/dashboard/admin/terminals").text
        assert "Tema till" in page and "Till 1" not in page and "Enroll a new till" not in page


def test_admin_activity_is_logged_in_the_system_log(shop: Shop, admin: TestClient) -> None:
    token = csrf_of(admin, "/dashboard/admin/tenants")
    admin.post("/dashboard/admin/tenants/suspend",
               data={"csrf_token": token, "domain": "other.test", "reason": "test"})
    with shop.world.ctx.system() as session:
        other = session.scalar(select(Tenant).where(Tenant.domain == "other.test"))
    assert other is not None and other.status == "inactive"
    assert ("tenant.deactivate", "other.test") in _actions(shop, other.id)
    assert SYSTEM_TENANT == 0


def test_an_administrator_sees_every_user_of_the_chosen_business(shop: Shop,
                                                                 admin: TestClient) -> None:
    page = admin.get("/dashboard/admin/users").text
    for name in ("Abena Mensah", "Yaw Tema", "Kofi Asante"):
        assert name in page
    assert "Other Traders" not in page


def test_a_code_issued_before_the_branch_closed_enrolls_no_till(shop: Shop) -> None:
    from sync_server.tenants.branch_admin import close_branch, reopen_branch
    from tests.server.conftest import ADMIN
    from tests.server.toy_terminal import ProtocolError

    ctx = shop.world.ctx
    code = shop.world.code("TEM")
    with ctx.scope(shop.world.tenant_id) as scope:
        close_branch(ctx, scope, ADMIN, code="TEM")
    with pytest.raises(ProtocolError) as refused:
        make_till(shop.world, shop.tills, "MAIN", "Late till").enroll(code)
    assert refused.value.code == "code_invalid" and "cancelled" in str(refused.value)
    with ctx.scope(shop.world.tenant_id) as scope:
        reopen_branch(ctx, scope, ADMIN, code="TEM")
    # The Tema till was revoked with the close: reopening does not bring it back.
    with pytest.raises(ProtocolError) as revoked:
        shop.tema.pull()
    assert revoked.value.code == "terminal_revoked"
