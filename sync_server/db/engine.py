"""Engines for the three supported databases, and where the default database lives.

* SQLite (the no-setup default): WAL, ``synchronous=FULL``, foreign keys on, a long busy
  timeout, and ``BEGIN IMMEDIATE`` so two writers queue instead of failing to upgrade a
  read lock half-way through a push.
* PostgreSQL (production): psycopg 3, READ COMMITTED.
* MariaDB/MySQL: PyMySQL, READ COMMITTED (InnoDB's default REPEATABLE READ takes gap
  locks on every unique-index insert, which turns concurrent pushes into deadlocks).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from shared.errors import BisamaError

ENV_URL = "BISAMA_DATABASE_URL"
ENV_HOME = "BISAMA_SERVER_HOME"
DEFAULT_FILE = "bisama-sync.sqlite3"


class DatabaseUrlError(BisamaError, ValueError):
    code = "bad_database_url"


def server_home(environ: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """The server's data folder: ``BISAMA_SERVER_HOME`` or the usual place for the OS."""
    env = os.environ if environ is None else environ
    if env.get(ENV_HOME):
        return Path(env[ENV_HOME]).expanduser()
    if sys.platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Bisama" / "Sync"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Bisama Sync"
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "bisama-sync"


def resolve_url(explicit: str | None,
                environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """The database URL: ``--db``, else ``BISAMA_DATABASE_URL``, else the default SQLite
    file in the server's data folder (created on first use)."""
    env = os.environ if environ is None else environ
    text = explicit or env.get(ENV_URL)
    if not text:
        home = server_home(env)
        home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{home / DEFAULT_FILE}"
    return normalise_url(text)


def normalise_url(text: str) -> str:
    """Accept the URLs operators write (``postgresql://``, ``mysql://``, ``mariadb://``)
    and pick the drivers we ship."""
    try:
        url = make_url(text)
    except ArgumentError:
        raise DatabaseUrlError(
            f"“{text}” is not a database URL. Examples: sqlite:///path/to/file.sqlite3, "
            "postgresql://user@host/dbname, mysql://user@host/dbname") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    elif backend in ("mysql", "mariadb"):
        url = url.set(drivername="mysql+pymysql")
        if "charset" not in url.query:
            url = url.update_query_dict({"charset": "utf8mb4"})
    elif backend != "sqlite":
        raise DatabaseUrlError(
            f"{backend} is not supported; use SQLite, PostgreSQL or MariaDB/MySQL.")
    return url.render_as_string(hide_password=False)


def describe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    parsed: URL = make_url(normalise_url(url))
    backend = parsed.get_backend_name()
    kwargs: dict[str, Any] = {"future": True}
    if backend == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 60}
        engine = create_engine(parsed, **kwargs)
        _sqlite_events(engine)
        return engine
    kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                  isolation_level="READ COMMITTED")
    if backend == "postgresql":
        # psycopg prepares a statement after five runs and PostgreSQL may then switch it
        # to a generic plan; for our long IN lists that plan is ten times slower
        # (measured). Statements are planned each time instead.
        kwargs["connect_args"] = {"prepare_threshold": None}
    if backend == "mysql":
        kwargs["pool_recycle"] = 3600
    return create_engine(parsed, **kwargs)


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so "begin" below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
