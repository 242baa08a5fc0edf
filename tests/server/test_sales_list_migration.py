"""Migration 0025 (the indexes of head office's sales list and shifts) goes down and
up again on SQLite, PostgreSQL and MariaDB, and the indexes are the models'."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from sync_server.context import ServerContext
from sync_server.db.migrate import alembic_config, upgrade

NEW = {("sales", "ix_sales_tenant_id_business_date_terminal_time_id"),
       ("sales", "ix_sales_tenant_id_branch_code_business_date"),
       ("sales", "ix_sales_tenant_id_terminal_id_business_date"),
       ("sales", "ix_sales_tenant_id_user_email_business_date"),
       ("sales", "ix_sales_tenant_id_shift_id"),
       ("returns", "ix_returns_tenant_id_shift_id"),
       ("cash_moves", "ix_cash_moves_tenant_id_shift_id"),
       ("shifts", "ix_shifts_tenant_id_opened_date")}


def _indexes(ctx: ServerContext) -> set[tuple[str, str]]:
    found = inspect(ctx.engine)
    return {(table, ix["name"]) for table in ("sales", "returns", "cash_moves", "shifts")
            for ix in found.get_indexes(table) if ix["name"]}


def test_the_sales_list_indexes_go_down_and_up(ctx: ServerContext) -> None:
    assert _indexes(ctx) >= NEW
    with ctx.engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0024")
    assert not NEW & _indexes(ctx)
    upgrade(ctx.engine)
    assert _indexes(ctx) >= NEW
