"""Schema migrations for the till's database: named, numbered, transactional, recorded.

Our own small runner rather than a library: sqlite-utils has no migration runner of its
own, Alembic is built for SQLAlchemy models we do not use on the till, and we need three
things neither gives together — every migration in one ``BEGIN IMMEDIATE`` transaction
with its record (so a power cut mid-upgrade leaves the old schema intact), Python steps
beside SQL (building the FTS5 index with sqlite-utils), and a checksum per migration so
a released migration that was edited is caught by ``bisama-terminal check`` and a test.

``PRAGMA user_version`` mirrors the highest applied version so other tools can read it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from terminal.errors import SetupError
from terminal.store.db import Database


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str = ""
    step: Callable[[sqlite3.Connection], None] | None = None

    @property
    def checksum(self) -> str:
        text = self.sql + (f"\nstep:{self.step.__module__}.{self.step.__qualname__}" if self.step else "")
        return hashlib.sha256(text.encode()).hexdigest()


def split_sql(script: str) -> list[str]:
    """Statements of a script (triggers with BEGIN … END stay whole). ``executescript``
    would COMMIT first, which breaks the migration's transaction."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:80]}")
    return statements


RUNNER_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def applied(db: Database) -> dict[int, tuple[str, str]]:
    """version → (name, checksum) of every recorded migration."""
    exists = db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'")
    if not exists:
        return {}
    return {
        r["version"]: (r["name"], r["checksum"])
        for r in db.query("SELECT version, name, checksum FROM schema_migrations")
    }


def current_version(db: Database) -> int:
    done = applied(db)
    return max(done) if done else 0


def migrate(
    db: Database, migrations: tuple[Migration, ...], applied_at: str, target: int | None = None
) -> list[int]:
    """Apply every migration not yet recorded (up to ``target``), each in its own
    transaction. Returns the versions applied."""
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)) or versions[0] != 1:
        raise SetupError("migrations must be numbered 1, 2, 3 … without repeats")
    latest = versions[-1]
    done = applied(db)
    newest_seen = max(done) if done else int(db.scalar("PRAGMA user_version") or 0)
    if newest_seen > latest:
        raise SetupError(
            f"This till's database was made by a newer Bisama POS (schema version {newest_seen}; "
            f"this program knows up to {latest}). Install that version or newer; do not "
            "downgrade a till."
        )
    ran: list[int] = []
    for migration in migrations:
        if migration.version in done or (target is not None and migration.version > target):
            continue
        with db.transaction() as conn:
            conn.execute(RUNNER_TABLE)
            for statement in split_sql(migration.sql):
                conn.execute(statement)
            if migration.step is not None:
                migration.step(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                (migration.version, migration.name, migration.checksum, applied_at),
            )
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        ran.append(migration.version)
    return ran


def edited(db: Database, migrations: tuple[Migration, ...]) -> list[str]:
    """Recorded migrations whose code has changed since they ran (a released migration
    must never change)."""
    done = applied(db)
    problems = []
    for migration in migrations:
        if migration.version in done and done[migration.version][1] != migration.checksum:
            problems.append(f"migration {migration.version} ({migration.name}) changed after it ran")
    return problems
