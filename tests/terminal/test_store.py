"""The local store: pragmas, data folder, migrations, append-only tables."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from terminal.errors import SetupError
from terminal.paths import default_data_dir, resolve_data_dir
from terminal.store import migrations
from terminal.store.db import Database
from terminal.store.migrations import Migration, migrate, split_sql
from terminal.store.schema import MIGRATIONS


def test_pragmas_are_power_cut_safe(blank_till):
    conn = blank_till.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        (
            "win32",
            {"LOCALAPPDATA": "C:/Users/ama/AppData/Local"},
            Path("C:/Users/ama/AppData/Local/BisamaPOS"),
        ),
        ("linux", {"XDG_DATA_HOME": "/srv/data"}, Path("/srv/data/bisama-pos")),
        ("linux", {}, Path("/home/ama/.local/share/bisama-pos")),
        ("linux", {"XDG_DATA_HOME": "relative/ignored"}, Path("/home/ama/.local/share/bisama-pos")),
        ("darwin", {}, Path("/home/ama/Library/Application Support/BisamaPOS")),
    ],
)
def test_default_data_dir_per_os(platform, env, expected):
    assert default_data_dir(platform, env, Path("/home/ama")) == expected


def test_data_dir_precedence():
    env = {"BISAMA_TERMINAL_HOME": "/opt/till"}
    assert resolve_data_dir("/x", env) == Path("/x")
    assert resolve_data_dir(None, env) == Path("/opt/till")
    assert resolve_data_dir(None, {}, "linux", Path("/h")) == Path("/h/.local/share/bisama-pos")


def test_migrations_are_recorded_and_idempotent(tmp_path):
    db = Database(tmp_path / "a.sqlite3")
    assert migrate(db, MIGRATIONS, "t") == [m.version for m in MIGRATIONS]
    assert migrate(db, MIGRATIONS, "t") == []
    assert migrations.current_version(db) == MIGRATIONS[-1].version
    assert db.scalar("PRAGMA user_version") == MIGRATIONS[-1].version
    assert migrations.edited(db, MIGRATIONS) == []


def test_a_failing_migration_leaves_the_old_schema(tmp_path):
    db = Database(tmp_path / "a.sqlite3")
    migrate(db, MIGRATIONS, "t")
    broken = (
        *MIGRATIONS,
        Migration(
            len(MIGRATIONS) + 1,
            "half done",
            "CREATE TABLE newer (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
        ),
    )
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, broken, "t")
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'newer'") == 0
    assert migrations.current_version(db) == MIGRATIONS[-1].version


def test_a_newer_database_is_refused(tmp_path):
    db = Database(tmp_path / "a.sqlite3")
    newer = (
        *MIGRATIONS,
        Migration(len(MIGRATIONS) + 1, "future", "CREATE TABLE future (x INTEGER);"),
    )
    migrate(db, newer, "t")
    with pytest.raises(SetupError, match="newer Bisama POS"):
        migrate(db, MIGRATIONS, "t")


def test_an_edited_released_migration_is_detected(tmp_path):
    db = Database(tmp_path / "a.sqlite3")
    migrate(db, MIGRATIONS, "t")
    edited = (
        Migration(1, MIGRATIONS[0].name, MIGRATIONS[0].sql + "\n-- edited", MIGRATIONS[0].step),
        *MIGRATIONS[1:],
    )
    assert migrations.edited(db, edited) == [
        "migration 1 (initial till schema) changed after it ran"
    ]


def test_released_migrations_are_unchanged():
    from tests.terminal.schemas import RELEASED_CHECKSUMS

    for migration in MIGRATIONS:
        if migration.version in RELEASED_CHECKSUMS:
            assert migration.checksum == RELEASED_CHECKSUMS[migration.version], (
                f"released migration {migration.version} was edited; add a new migration instead"
            )


def test_split_sql_keeps_triggers_whole():
    parts = split_sql(
        "CREATE TABLE a (x);\nCREATE TRIGGER t BEFORE DELETE ON a\nBEGIN SELECT 1; SELECT 2; END;\n"
    )
    assert len(parts) == 2 and parts[1].endswith("END;")


def test_sealed_envelopes_and_audit_rows_cannot_be_changed(till):
    from shared.money import Money
    from terminal.tenders import cash

    till.sales.scan("6030010001371")
    till.sales.complete([cash(Money.cedis(50))])
    conn = till.db.conn
    for sql in (
        "UPDATE outbox SET envelope = '{}' WHERE seq = 1",
        "DELETE FROM outbox WHERE seq = 1",
        "UPDATE audit_log SET action = 'nothing'",
        "DELETE FROM audit_log",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    # status changes (what the sync client does) are allowed
    conn.execute("UPDATE outbox SET status = 'acked' WHERE seq = 1")


def test_checkpoints_run_off_the_committing_thread(tmp_path):
    """The till's connection leaves WAL checkpoints to its own thread: commits stay
    durable (WAL + FULL), the WAL backlog is moved into the database file behind them,
    and closing stops the thread."""
    from terminal.store.db import Checkpointer

    db = Database(tmp_path / "t.sqlite3", background_checkpoint=True)
    assert isinstance(db.checkpointer, Checkpointer)
    assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] > 1000  # only a safety net
    db.checkpointer.frames = 20
    with db.transaction() as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    for _ in range(60):
        with db.transaction() as conn:
            conn.execute("INSERT INTO t (body) VALUES (?)", ("x" * 5000,))
    checkpointer = db.checkpointer
    path = tmp_path / "t.sqlite3"
    # A checkpoint may already have run part-way through the inserts (every 20 frames):
    # poke until the backlog behind it has reached the file too. (Waiting for the first
    # run alone failed in CI on a busy machine: 45 KB in the file, 8 rows' worth.)
    deadline = time.monotonic() + 20
    while ((checkpointer.runs == 0 or path.stat().st_size <= 40 * 5000)
           and time.monotonic() < deadline):
        checkpointer.poke()
        time.sleep(0.05)
    assert checkpointer.runs >= 1
    # Pages reached the database file while the connection was still open (SQLite's own
    # checkpoint would only have run at the 4,000-page mark or on close).
    assert path.stat().st_size > 40 * 5000
    db.close()
    assert not checkpointer._thread.is_alive()
    reopened = Database(tmp_path / "t.sqlite3")
    assert reopened.scalar("SELECT count(*) FROM t") == 60
    reopened.close()


def test_wal_backlog_reads_the_wal_index(tmp_path):
    from terminal.store.db import wal_backlog

    db = Database(tmp_path / "t.sqlite3")
    db.conn.execute("PRAGMA wal_autocheckpoint=0")
    with db.transaction() as conn:
        conn.execute("CREATE TABLE t (body TEXT)")
    before = wal_backlog(tmp_path / "t.sqlite3-shm")
    with db.transaction() as conn:
        conn.executemany("INSERT INTO t VALUES (?)", [("y" * 3000,)] * 10)
    after = wal_backlog(tmp_path / "t.sqlite3-shm")
    assert before is not None and after is not None and after >= before + 7
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert wal_backlog(tmp_path / "t.sqlite3-shm") == 0
    db.close()
    assert wal_backlog(tmp_path / "missing-shm") is None
