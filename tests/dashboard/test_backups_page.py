"""The director's "Backups and reports" page and the Sync page's "Last restore check"
box (issue [11]): the last restore drill as a business sees it, the report recipients
form (CSRF, refusals in the shop's words that change nothing), directors only; and the
admin System page's list of restore checks with the business restored alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from sync_server.operations.verify import record
from sync_server.report_mail.services import list_recipients
from tests.dashboard.conftest import ADMIN_PASSWORD, PASSWORD, csrf_of, flash_url, sign_in
from tests.server.conftest import World


def _drill(world: World, *, ok: bool, tenant_id: int, name: str, days_ago: int,
           problems: list[str] | None = None) -> None:
    started = datetime.now(UTC) - timedelta(days=days_ago)
    record(world.ctx, "drill", started=started, status="ok" if ok else "failed",
           file=f"bisama-full-{days_ago}.bkp",
           detail=json.dumps({"ok": ok, "seconds": 12.4, "problems": problems or [],
                              "checked": {"tenant": {"id": tenant_id, "name": name,
                                                     "domain": "x.test"}}}))


def test_the_director_sees_the_last_restore_check_and_names_the_report_recipients(
        app: object, world: World, director: TestClient) -> None:
    page = director.get("/dashboard/backups")
    assert page.status_code == 200, page.text
    assert "No restore check has run yet" in page.text
    assert 'href="/dashboard/backups"' in page.text  # the nav link
    # The Sync page loads the box (htmx); the box itself:
    assert 'hx-get="/dashboard/backups/restore-check"' in director.get("/dashboard/").text

    _drill(world, ok=True, tenant_id=world.tenant_id, name="Acme Trading", days_ago=3)
    box = director.get("/dashboard/backups/restore-check").text
    assert "passed" in box and "took 12 s" in box
    assert "your business was also restored on its own" in box

    _drill(world, ok=False, tenant_id=world.tenant_id + 1, name="Other Traders", days_ago=1,
           problems=["tenant 2: the trial balance differs from the manifest's"])
    box = director.get("/dashboard/backups/restore-check").text
    assert "failed" in box and "operator has been alerted" in box
    assert "trial balance differs" not in box  # the operator's details stay with the operator
    assert "Other Traders" not in box  # nor another business's name

    token = csrf_of(director, "/dashboard/backups")
    saved = director.post("/dashboard/backups/recipients", data={
        "csrf_token": token, "daily": "owner@acme.test,  Accounts@Acme.test",
        "weekly": "owner@acme.test"}, follow_redirects=False)
    assert saved.status_code == 303 and "done=" in flash_url(saved)
    with world.ctx.scope(world.tenant_id) as scope:
        assert [(r["email"], r["daily"], r["weekly"]) for r in list_recipients(scope)] == [
            ("accounts@acme.test", True, False), ("owner@acme.test", True, True)]
    page = director.get("/dashboard/backups").text
    assert "owner@acme.test, accounts@acme.test" in page or \
        "accounts@acme.test, owner@acme.test" in page

    refused = director.post("/dashboard/backups/recipients", data={
        "csrf_token": token, "daily": "owner@acme.test, owner at acme", "weekly": ""},
        follow_redirects=False)
    assert refused.status_code == 303 and "error=" in flash_url(refused)
    assert "not an e-mail address" in director.get(flash_url(refused)).text
    with world.ctx.scope(world.tenant_id) as scope:
        assert len(list_recipients(scope)) == 2  # nothing changed

    no_token = director.post("/dashboard/backups/recipients",
                             data={"daily": "x@acme.test", "weekly": ""})
    assert no_token.status_code in (400, 403)
    with world.ctx.scope(world.tenant_id) as scope:
        assert len(list_recipients(scope)) == 2


def test_managers_do_not_get_the_page_or_the_box(app: object, world: World) -> None:
    with TestClient(app, base_url="http://acme.test") as manager:  # type: ignore[arg-type]
        assert sign_in(manager, "tema.manager@acme.test", PASSWORD).status_code == 303
        assert manager.get("/dashboard/backups").status_code == 403
        assert manager.get("/dashboard/backups/restore-check").text == ""
        assert 'href="/dashboard/backups"' not in manager.get("/dashboard/").text


def test_the_system_page_lists_the_restore_checks(app: object, world: World) -> None:
    _drill(world, ok=True, tenant_id=world.tenant_id, name="Acme Trading", days_ago=30)
    _drill(world, ok=False, tenant_id=world.tenant_id, name="Acme Trading", days_ago=2,
           problems=["table sales: 3 rows restored, the manifest says 4"])
    with TestClient(app, base_url="http://127.0.0.1") as admin:  # type: ignore[arg-type]
        assert sign_in(admin, "root@bisama.test", ADMIN_PASSWORD).status_code == 303
        text = admin.get("/dashboard/system").text
    assert 'data-testid="restore-checks"' in text
    assert text.count("Acme Trading") >= 2 and "12.4 s" in text
    assert "table sales: 3 rows restored, the manifest says 4" in text
    assert "bisama-full-2.bkp" in text
