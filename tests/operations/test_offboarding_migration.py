"""Migration 0019 up, down and up again on SQLite, PostgreSQL and MariaDB; after it the
audit trail still refuses every DELETE except inside a tenant's recorded deletion, and
after the downgrade it refuses them all again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sync_server.db.engine import make_engine
from sync_server.db.migrate import alembic_config, current_revision, head_revision, upgrade

_ENTRY = ("INSERT INTO activity_logs (id, tenant_id, at, actor_kind, actor, action) "
          "VALUES (:id, 7, :at, 'cli', 'test', 'x')")
_PURGING = ("INSERT INTO tenant_deletions (id, former_tenant_id, domain, name, actor, early, "
            "started_at, archive_file, archive_sha256, archive_bytes, keep_until, "
            "rows_deleted, counts) VALUES ('d1', 7, 'gone.test', 'Gone', 'test', :f, :at, "
            "'a.zip', 'x', 1, :at, 0, '{}')")


def test_0019_up_down_up_and_the_audit_trail_exception(database_url: str) -> None:
    engine = make_engine(database_url)
    now = datetime.now(UTC).replace(tzinfo=None)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(text(_ENTRY), {"id": "e1", "at": now})
            conn.execute(text(_ENTRY), {"id": "e2", "at": now})
        with pytest.raises(DBAPIError), engine.begin() as conn:  # no deletion under way
            conn.execute(text("DELETE FROM activity_logs WHERE id = 'e1'"))
        with engine.begin() as conn:  # inside a recorded deletion of tenant 7: allowed
            conn.execute(text(_PURGING), {"at": now, "f": False})
            conn.execute(text("DELETE FROM activity_logs WHERE id = 'e1'"))
            conn.execute(text("UPDATE tenant_deletions SET finished_at = :at"), {"at": now})
        with pytest.raises(DBAPIError), engine.begin() as conn:  # finished: refused again
            conn.execute(text("DELETE FROM activity_logs WHERE id = 'e2'"))
        with pytest.raises(DBAPIError), engine.begin() as conn:  # never an UPDATE
            conn.execute(text(_PURGING.replace("'d1'", "'d2'")), {"at": now, "f": False})
            conn.execute(text("UPDATE tenant_deletions SET finished_at = NULL"))
            conn.execute(text("UPDATE activity_logs SET actor = 'y' WHERE id = 'e2'"))
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0018")
        assert current_revision(engine) == "0018"
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text("DELETE FROM activity_logs WHERE id = 'e2'"))
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
