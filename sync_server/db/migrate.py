"""Schema migrations: upgrade a database to this server's schema, and tell whether a
database is ready to serve (``bisama-sync serve`` refuses one that is not)."""

from __future__ import annotations

from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from shared.errors import BisamaError
from sync_server.db.engine import describe


class SchemaNotReady(BisamaError):
    code = "schema_not_ready"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "sync_server:migrations")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None  # the package always ships at least one migration
    return head


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to ``revision`` (each migration in its own transaction)."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def ready(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    return SchemaState(current_revision(engine), head_revision())


def require_current(engine: Engine) -> None:
    """Raise ``SchemaNotReady`` with what to do unless the database is at our head."""
    state = schema_state(engine)
    if state.ready:
        return
    where = describe(engine.url.render_as_string(hide_password=False))
    if state.current is None:
        raise SchemaNotReady(
            f"The database {where} has no Bisama tables yet. Create them with:\n"
            f"    bisama-sync db upgrade --db '{where}'")
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if state.current not in known:
        raise SchemaNotReady(
            f"The database {where} is at schema {state.current}, which is newer than this "
            f"server ({state.head}). Install the newer bisama-sync that upgraded it.")
    raise SchemaNotReady(
        f"The database {where} is at schema {state.current} but this server needs "
        f"{state.head}. Back it up, then run:\n    bisama-sync db upgrade --db '{where}'")
