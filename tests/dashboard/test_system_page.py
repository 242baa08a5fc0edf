"""The admin System page: versions, database size, disk free, backups and the drill
(or "No backups recorded"), tills' sync lag, open alerts, and what needs attention.
System administrators only."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from sync_server.system_status import BackupStatus
from tests.dashboard.conftest import ADMIN_PASSWORD, make_till, sign_in
from tests.server.conftest import World


def test_the_admin_sees_the_server_and_what_needs_attention(
        app: object, world: World, tills: TestClient, director: TestClient) -> None:
    with TestClient(app, base_url="http://127.0.0.1") as admin:  # type: ignore[arg-type]
        assert sign_in(admin, "root@bisama.test", ADMIN_PASSWORD).status_code == 303
        page = admin.get("/dashboard/system")
        assert page.status_code == 200, page.text
        text = page.text
        assert "No backups recorded" in text and "none recorded" in text
        assert "Data folder" in text and "MB free" not in text
        for name in ("Bisama sync server", "Python", "Database", "Schema"):
            assert name in text
        assert "the code expects" not in text  # the schema is at the head
        assert "No tills enrolled" in text
        assert 'href="/dashboard/system"' in text  # the admin's nav link
        assert "Alerts are RecordingNotifier" in text  # the tests' notifier, by its name

        till = make_till(world, tills)
        till.sell([("GH-0001", 1)])
        till.heartbeat(oldest_unsynced_seconds=2 * 86400,  # two days waiting, on its UPS
                       power={"source": "battery", "battery_percent": 35})
        backups: BackupStatus = app.state.backups  # type: ignore[attr-defined]
        now = world.ctx.clock.now()
        backups.backup_finished("system", now - timedelta(minutes=20), ok=True)
        backups.backup_finished("tenants", now - timedelta(hours=50), ok=True)
        backups.backup_finished("tenants", now - timedelta(hours=2), ok=False,
                                detail="second copy unreachable")
        backups.drill_finished(now - timedelta(days=3), ok=False, detail="trial balance differs")
        text = admin.get("/dashboard/system").text
        assert "No backups recorded" not in text
        assert "The last tenants backup failed: second copy unreachable." in text
        assert "The newest tenants backup is from" in text
        assert "The last restore drill failed: trial balance differs." in text
        assert "has sales waiting 48 h to sync" in text
        assert "is on battery (35 %): is the mains off?" in text and "battery 35 %" in text
        assert "acme.test" in text and "MAIN/" in text
        assert "The newest system backup" not in text  # 20 minutes old is fine
        assert "No full backup recorded yet." in text and "8 days" in text

    refused = director.get("/dashboard/system")
    assert refused.status_code == 403 and "Only system administrators" in refused.text
    assert 'href="/dashboard/system"' not in director.get("/dashboard/").text


def test_signed_out_visitors_are_sent_to_sign_in(app: object) -> None:
    with TestClient(app, base_url="http://127.0.0.1") as visitor:  # type: ignore[arg-type]
        reply = visitor.get("/dashboard/system", follow_redirects=False)
        assert reply.status_code in (302, 303) and "/dashboard/login" in reply.headers["location"]


def test_the_page_says_how_alerts_are_delivered() -> None:
    from sync_server.dashboard.routes_operations import delivery
    from sync_server.messaging.mail import NullMailer
    from sync_server.notify import LogNotifier, MailNotifier

    assert "log only: set BISAMA_SMTP_HOST" in delivery(LogNotifier())
    mail = MailNotifier(NullMailer(), lambda _tenant: [], operator=("ops@bisama.test",))
    try:
        assert delivery(mail).endswith("and to ops@bisama.test")
    finally:
        mail.close()
