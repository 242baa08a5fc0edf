"""A branch manager sees, counts and resolves only their own branch's sync alerts
(issue [7], abuse resistance): an alert of another branch, or of no till, is not shown
and cannot be resolved even by someone who knows or guesses its id."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.sync.models import Alert
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, flash_of, sign_in

pytestmark = pytest.mark.security


def _alert(shop: Shop, terminal_id: str | None, message: str) -> str:
    ctx = shop.world.ctx
    with ctx.scope(shop.world.tenant_id) as scope:
        alert_id = ctx.new_id()
        scope.add(Alert(id=alert_id, kind="tampered", terminal_id=terminal_id, seq=1,
                        message=message, created_at=ctx.clock.now()))
    return alert_id


def _open(shop: Shop) -> set[str]:
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        return {a.message for a in scope.scalars(select(Alert).where(Alert.resolved_at.is_(None)))}


def _count(page: str) -> int:
    match = re.search(r'<div class="big">(\d+)</div><div>open alerts</div>', page)
    assert match, "no alert count on the page"
    return int(match.group(1))


def test_a_manager_sees_and_resolves_only_their_branch_alerts(shop: Shop,
                                                              director: TestClient) -> None:
    main_alert = _alert(shop, shop.main.terminal_id, "Main till alert")
    tema_alert = _alert(shop, shop.tema.terminal_id, "Tema till alert")
    orphan = _alert(shop, None, "Alert of no till")
    with TestClient(shop.app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        page = tema.get("/dashboard/").text
        assert "Tema till alert" in page
        assert "Main till alert" not in page and main_alert not in page
        assert "Alert of no till" not in page and orphan not in page
        assert _count(tema.get("/dashboard/sync/panel").text) == 1
        token = csrf_of(tema)
        for guessed in (main_alert, orphan, "../../x", "0" * 36):
            reply = tema.post(f"/dashboard/alerts/{guessed}/resolve",
                              data={"csrf_token": token, "note": "looked"},
                              follow_redirects=False)
            assert reply.status_code in (303, 404)
            if reply.status_code == 303:
                assert "no such alert" in (flash_of(reply) or ("", ""))[1]
        # An empty note on another branch's alert says "no such alert" too, not "say
        # what you found" (which would tell the alert exists).
        reply = tema.post(f"/dashboard/alerts/{main_alert}/resolve",
                          data={"csrf_token": token, "note": ""}, follow_redirects=False)
        assert "no such alert" in (flash_of(reply) or ("", ""))[1]
        assert _open(shop) == {"Main till alert", "Tema till alert", "Alert of no till"}
        done = tema.post(f"/dashboard/alerts/{tema_alert}/resolve",
                         data={"csrf_token": token, "note": "till restored"},
                         follow_redirects=False)
        assert "Alert resolved" in (flash_of(done) or ("", ""))[1]
        assert _open(shop) == {"Main till alert", "Alert of no till"}
    # The director sees every branch's alerts, and those of no till.
    page = director.get("/dashboard/").text
    assert "Main till alert" in page and "Alert of no till" in page
    assert _count(director.get("/dashboard/sync/panel").text) == 2
    done = director.post(f"/dashboard/alerts/{main_alert}/resolve",
                         data={"csrf_token": csrf_of(director), "note": "checked"},
                         follow_redirects=False)
    assert "Alert resolved" in (flash_of(done) or ("", ""))[1]
    assert _open(shop) == {"Alert of no till"}
