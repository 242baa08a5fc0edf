"""The offboarding grace period on the dashboard (SQLite, PostgreSQL, MariaDB): a tenant
offboarded with ``tenant offboard`` is suspended, but its directors may sign in and read
their reports until the grace period ends — every change refused with a clear message;
managers are refused as for any suspension; after the grace end, directors too."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from sync_server.operations.offboarding import offboard
from sync_server.tenants.models import Branch, Tenant
from tests.dashboard.conftest import ADMIN, ADMIN_PASSWORD, PASSWORD, Shop, csrf_of, sign_in


def _branches(shop: Shop) -> int:
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        return int(scope.scalar(select(func.count()).select_from(Branch)))


def test_directors_read_during_the_grace_period_and_change_nothing(
        shop: Shop, director: TestClient, tmp_path: Path) -> None:
    ctx = shop.world.ctx
    token = csrf_of(director)
    offboard(ctx, ADMIN, "acme.test", tmp_path / "package", days=30)
    home = director.get("/dashboard/")
    assert home.status_code == 200 and "Account closing: read-only until" in home.text
    sales = director.get(f"/dashboard/sales?first={shop.today}&last={shop.today}")
    assert sales.status_code == 200
    assert re.search(r'data-testid="takings">90\.00<', sales.text)
    download = director.get("/dashboard/books/export/trial-balance?format=csv")
    assert download.status_code == 200 and "Trial balance" in download.text
    # Every change is refused, with the reason, and nothing changes.
    before = _branches(shop)
    refused = director.post("/dashboard/admin/branches", data={
        "csrf_token": token, "code": "KSI", "name": "Kumasi"}, follow_redirects=False)
    assert refused.status_code == 403 and "read-only" in refused.text
    assert "nothing can be changed" in refused.text
    assert _branches(shop) == before
    # Signing out still works; signing in again is allowed to directors only.
    out = director.post("/dashboard/logout", data={"csrf_token": token},
                        follow_redirects=False)
    assert out.status_code == 303
    with TestClient(shop.app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        form = client.get("/dashboard/login")
        assert "read-only until" in form.text and "Directors may still sign in" in form.text
        assert sign_in(client, "director@acme.test", PASSWORD).status_code == 303
        assert client.get("/dashboard/").status_code == 200
    with TestClient(shop.app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        manager = sign_in(client, "tema.manager@acme.test", PASSWORD)
        assert manager.status_code == 401 and "Account Suspended" in manager.text
    # A system administrator still sees the tenant.
    with TestClient(shop.app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "root@bisama.test", ADMIN_PASSWORD).status_code == 303
        assert client.get("/dashboard/").status_code == 200
    # After the grace end: suspended for directors too.
    with ctx.engine.begin() as conn:
        conn.execute(update(Tenant.__table__).where(Tenant.__table__.c.domain == "acme.test")
                     .values(read_only_until=datetime.now(UTC) - timedelta(minutes=1)))
    with TestClient(shop.app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        late = sign_in(client, "director@acme.test", PASSWORD)
        assert late.status_code == 401 and "Account Suspended" in late.text
