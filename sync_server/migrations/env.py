"""Alembic environment: runs migrations on the connection ``sync_server.db.migrate``
hands over (or on the URL in the Alembic config when run by hand)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from sync_server.db.engine import make_engine
from sync_server.db.models import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True,
                      render_as_batch=connection.dialect.name == "sqlite"
                      and not config.attributes.get("plain_ops", False))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("bisama-sync migrations run online only: use `bisama-sync db upgrade`.")
run_migrations_online()
