"""Each engine's own way to take a consistent online copy, to load one back, and to
make a scratch database beside the live one; and the *census* — the counts and ledger
totals a manifest records and verification compares.

* SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot page by page while the server keeps writing; the census is taken from the copy.
* PostgreSQL: a REPEATABLE READ transaction exports its snapshot, takes the census and
  hands the snapshot to ``pg_dump -Fc --snapshot`` — census and dump see the same data.
* MariaDB/MySQL: the database's tables are read-locked for a moment (``LOCK TABLES …
  READ``; writers wait, readers do not) while the census is taken and ``mariadb-dump
  --single-transaction`` opens its snapshot; the lock is released as soon as the dump
  says it has started, and the dump goes on without blocking anyone.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from shared.errors import BisamaError
from sync_server.db.engine import make_engine, normalise_url


class BackupFailed(BisamaError):
    code = "backup_failed"


def engine_name(url: str) -> str:
    backend = make_url(normalise_url(url)).get_backend_name()
    return {"postgresql": "postgresql", "mysql": "mariadb"}.get(backend, "sqlite")


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupFailed("An in-memory SQLite database cannot be backed up; give a file.")
    return Path(database)


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise BackupFailed(f"{names[0]} is not installed; install the database's client tools "
                       f"(Debian: postgresql-client or mariadb-client).")


def _run(argv: list[str], *, env: dict[str, str] | None = None, stdin: Any = None,
         stdout: Any = None) -> None:
    result = subprocess.run(argv, env=env, stdin=stdin, stdout=stdout,
                            stderr=subprocess.PIPE, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BackupFailed(f"{Path(argv[0]).name} failed (status {result.returncode}): {message}")


# -- census ---------------------------------------------------------------------------------


def census(conn: Connection) -> dict[str, Any]:
    """Row counts per table (per tenant where the table has tenants), the schema revision,
    each tenant's trial balance and the journals whose postings do not balance."""
    from sync_server.db.models import metadata

    existing = set(inspect(conn).get_table_names())
    tables: dict[str, Any] = {}
    for table in metadata.sorted_tables:
        if table.name not in existing:
            continue
        if "tenant_id" in table.c:
            rows = conn.execute(text(
                f"SELECT tenant_id, COUNT(*) FROM {table.name} GROUP BY tenant_id")).all()
            per = {str(r[0]): int(r[1]) for r in rows}
            tables[table.name] = {"rows": sum(per.values()), "tenants": per}
        else:
            tables[table.name] = {"rows": int(conn.execute(
                text(f"SELECT COUNT(*) FROM {table.name}")).scalar_one())}
    revision = None
    if "alembic_version" in existing:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    balances: dict[str, Any] = {}
    unbalanced: list[list[str]] = []
    if "acc_postings" in existing:
        for tenant, debit, credit, lines in conn.execute(text(
                "SELECT tenant_id, COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0), "
                "COUNT(*) FROM acc_postings GROUP BY tenant_id")):
            balances[str(tenant)] = {"debit": int(debit), "credit": int(credit),
                                     "postings": int(lines), "accounts": {}}
        for tenant, account, debit, credit in conn.execute(text(
                "SELECT tenant_id, account_code, SUM(debit), SUM(credit) FROM acc_postings "
                "GROUP BY tenant_id, account_code")):
            balances[str(tenant)]["accounts"][str(account)] = int(debit) - int(credit)
        unbalanced = [[str(r[0]), str(r[1])] for r in conn.execute(text(
            "SELECT tenant_id, journal_id FROM acc_postings GROUP BY tenant_id, journal_id "
            "HAVING SUM(debit) <> SUM(credit)"))]
    return {"revision": revision, "tables": tables, "trial_balance": balances,
            "unbalanced_journals": unbalanced}


def census_of(url: str) -> dict[str, Any]:
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            return census(conn)
    finally:
        engine.dispose()


# -- dumps ------------------------------------------------------------------------------------


def _pg_args(url: URL) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
            "-U", url.username or "postgres"]
    return args, env


def _my_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """The client's options, and its environment: the password goes in ``MYSQL_PWD``,
    never on the command line (where every user's ``ps`` would show it)."""
    env = dict(os.environ)
    env.pop("MYSQL_PWD", None)
    if url.password:
        env["MYSQL_PWD"] = str(url.password)
    args = ["--protocol=TCP", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306),
            "-u", url.username or "root"]
    return args, env


def dump(url: str, out: Path) -> dict[str, Any]:
    """A consistent copy of the database at ``url`` into ``out``; returns its census."""
    url = normalise_url(url)
    kind = engine_name(url)
    if kind == "sqlite":
        return _dump_sqlite(url, out)
    if kind == "postgresql":
        return _dump_pg(url, out)
    return _dump_mariadb(url, out)


def _dump_sqlite(url: str, out: Path) -> dict[str, Any]:
    path = _sqlite_path(url)
    if not path.is_file():
        raise BackupFailed(f"There is no database file at {path}.")
    source = sqlite3.connect(path, timeout=60)
    target = sqlite3.connect(out)
    try:
        source.backup(target, pages=4096)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    return census_of(f"sqlite:///{out}")


def _dump_pg(url: str, out: Path) -> dict[str, Any]:
    parsed = make_url(url)
    args, env = _pg_args(parsed)
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as plain:
            conn = plain.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
                counted = census(conn)
                _run([_tool("pg_dump"), *args, "-d", str(parsed.database), "-Fc",
                      f"--snapshot={snapshot}", "--no-owner", "--no-privileges",
                      "-f", str(out)], env=env)
    finally:
        engine.dispose()
    return counted


def _dump_mariadb(url: str, out: Path) -> dict[str, Any]:
    parsed = make_url(url)
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            tables = [r[0] for r in conn.exec_driver_sql(
                "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")]
            conn.exec_driver_sql("LOCK TABLES " + ", ".join(f"`{t}` READ" for t in tables))
            try:
                counted = census(conn)
                errors = _start_mariadb_dump(parsed, out)
            finally:
                conn.exec_driver_sql("UNLOCK TABLES")
            errors.join()
    finally:
        engine.dispose()
    return counted


class _DumpWatch(threading.Thread):
    """Reads ``mariadb-dump --verbose`` as it runs: ``started`` is set once its snapshot
    is open (so the tables can be unlocked), and its status and messages are kept."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.started = threading.Event()
        self.lines: list[str] = []

    def run(self) -> None:
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            if "Retrieving table structure" in line or "Disconnecting" in line:
                self.started.set()
            if not line.startswith("--"):
                self.lines.append(line)
        self.process.wait()
        self.started.set()

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.process.returncode != 0:
            raise BackupFailed(f"mariadb-dump failed (status {self.process.returncode}): "
                               + "\n".join(self.lines[-20:]))


def _start_mariadb_dump(url: URL, out: Path) -> _DumpWatch:
    args, env = _my_args(url)
    argv = [_tool("mariadb-dump", "mysqldump"), *args, "--single-transaction",
            "--skip-lock-tables", "--routines", "--triggers", "--hex-blob",
            "--default-character-set=utf8mb4", "--verbose", str(url.database)]
    with out.open("wb") as sink:
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE, env=env)
    watch = _DumpWatch(process)
    watch.start()
    watch.started.wait(timeout=600)
    return watch


# -- loading a copy back -------------------------------------------------------------------


def is_empty(url: str) -> bool:
    url = normalise_url(url)
    if engine_name(url) == "sqlite":
        path = _sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            return True
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            return not inspect(conn).get_table_names()
    finally:
        engine.dispose()


def load(kind: str, plain: Path, url: str, *, force: bool = False) -> None:
    """Load the decrypted copy ``plain`` (made on an engine of ``kind``) into ``url``."""
    url = normalise_url(url)
    if engine_name(url) != kind:
        raise BackupFailed(f"This backup was made on {kind}; restore it into a {kind} "
                           f"database, not {engine_name(url)}.")
    if not force and not is_empty(url):
        raise BackupFailed("The target database is not empty. Restore into a new, empty "
                           "database, or add --force to replace what it holds.")
    parsed = make_url(url)
    if kind == "sqlite":
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        shutil.copyfile(plain, path)
    elif kind == "postgresql":
        args, env = _pg_args(parsed)
        clean = ["--clean", "--if-exists"] if force else []
        _run([_tool("pg_restore"), *args, "-d", str(parsed.database), "--no-owner",
              "--no-privileges", "--exit-on-error", "--single-transaction", *clean,
              str(plain)], env=env)
    else:
        args, env = _my_args(parsed)
        with plain.open("rb") as source:
            _run([_tool("mariadb", "mysql"), *args, "--default-character-set=utf8mb4",
                  str(parsed.database)], stdin=source, env=env)


@contextmanager
def scratch_database(kind: str, like: str | None, folder: Path) -> Iterator[str]:
    """A new, empty database of ``kind`` for a verification restore, dropped after: an
    SQLite file in ``folder``; ``bisama_verify_<random>`` on the server of ``like``."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'verify.sqlite3'}"
        return
    if not like or engine_name(like) != kind:
        raise BackupFailed(f"Verifying a {kind} backup needs a {kind} server for the scratch "
                           f"database: give --db with the URL of one.")
    name = f"bisama_verify_{uuid.uuid4().hex[:12]}"
    parsed = make_url(normalise_url(like))
    admin_db = "postgres" if kind == "postgresql" else None
    admin = create_engine(parsed.set(database=admin_db), isolation_level="AUTOCOMMIT")
    quote = '"' if kind == "postgresql" else "`"
    charset = "" if kind == "postgresql" else " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {quote}{name}{quote}{charset}")
        try:
            yield parsed.set(database=name).render_as_string(hide_password=False)
        finally:
            force = " WITH (FORCE)" if kind == "postgresql" else ""
            with admin.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quote}{name}{quote}{force}")
    finally:
        admin.dispose()
