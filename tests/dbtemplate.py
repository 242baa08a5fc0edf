"""A migrated test database in a fraction of the time the migrations take.

Most tests want an empty database at this server's head schema. Running every Alembic
migration for each of them cost 1.3 s on SQLite, 2 s on PostgreSQL and 5-8 s on MariaDB
(MariaDB commits each DDL statement and rebuilds a table for many ALTERs); with some 450
tests on each kind that was 40 % of the suite's time. So each test process migrates one
*template* database of each kind, once, and every test gets a copy of it:

- SQLite: the template file, copied;
- PostgreSQL: ``CREATE DATABASE … TEMPLATE`` (the server copies it);
- MariaDB (no templates): the template's own ``SHOW CREATE TABLE`` / ``TRIGGER``
  statements replayed with foreign key checks off, and its rows copied.

The migrations themselves are still run from nothing, on each kind, by the schema and
migration tests (``tests/server/test_schema.py`` and the ``*_migration`` tests), and
``test_schema.py`` checks that a copy is the same schema as a migrated database.
``BISAMA_TEST_MIGRATE=1`` makes every test migrate its own database again."""

from __future__ import annotations

import atexit  # the SQLite template's folder; the servers' templates: drop_templates
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from sync_server.db.engine import make_engine
from sync_server.db.migrate import upgrade

_lock = threading.Lock()
_sqlite: dict[str, Path] = {}  # "head": the migrated SQLite file
_pg: dict[tuple[str | None, int | None], str] = {}
_mysql: dict[tuple[str | None, int | None], _MysqlTemplate] = {}
_made: list[tuple[Callable[[URL, str], None], URL, str]] = []  # to drop at the end


@dataclass
class _MysqlTemplate:
    name: str
    tables: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # tables the migrations put rows in


def head_database(url: str) -> None:
    """Bring the new, empty test database at ``url`` to the head schema."""
    parsed = make_url(url)
    if os.environ.get("BISAMA_TEST_MIGRATE") == "1":
        _migrate(url)
        return
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        _copy_sqlite(parsed)
    elif backend == "postgresql":
        _copy_pg(parsed)
    elif backend in ("mysql", "mariadb"):
        _copy_mysql(parsed)
    else:
        _migrate(url)


def drop_templates() -> None:
    """Drop the template databases this process made (the test session's end)."""
    with _lock:
        while _made:
            drop, url, name = _made.pop()
            drop(url, name)
        _pg.clear()
        _mysql.clear()


def template_url(url: str) -> str:
    """The migrated template ``head_database`` copied into ``url`` (after it has)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return f"sqlite:///{_sqlite['head']}"
    name = (_pg if backend == "postgresql" else {k: t.name for k, t in _mysql.items()})[
        (parsed.host, parsed.port)]
    return parsed.set(database=name).render_as_string(hide_password=False)


def _migrate(url: str) -> None:
    engine = make_engine(url)  # the server's own engine, as the migrations meet it
    try:
        upgrade(engine)
    finally:
        engine.dispose()


# SQLite ------------------------------------------------------------------------------

def _copy_sqlite(url: URL) -> None:
    with _lock:
        if "head" not in _sqlite:
            folder = Path(tempfile.mkdtemp(prefix="bisama-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            path = folder / "head.sqlite3"
            # Closed before copying: the last connection to close checkpoints the
            # write-ahead log into the file.
            _migrate(f"sqlite:///{path}")
            _sqlite["head"] = path
    target = Path(str(url.database))
    if target.exists() and target.stat().st_size:
        raise RuntimeError(f"{target} is not a new, empty database")
    shutil.copyfile(_sqlite["head"], target)


# PostgreSQL --------------------------------------------------------------------------

def _admin_pg(url: URL):  # type: ignore[no-untyped-def]
    import psycopg
    return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username,
                           dbname="postgres", autocommit=True)


def _copy_pg(url: URL) -> None:
    key = (url.host, url.port)
    with _lock:
        template = _pg.get(key)
        if template is None:
            template = f"bisama_tmpl_{uuid.uuid4().hex[:12]}"
            with _admin_pg(url) as conn:
                conn.execute(f'CREATE DATABASE "{template}"')
            _made.append((_drop_pg, url, template))
            _migrate(url.set(database=template).render_as_string(hide_password=False))
            _pg[key] = template
    with _admin_pg(url) as conn:  # the fixture made it empty; nothing is connected yet
        conn.execute(f'DROP DATABASE "{url.database}"')
        conn.execute(f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"')


def _drop_pg(url: URL, name: str) -> None:
    # The server may be gone at exit; there is nothing to keep.
    with suppress(Exception), _admin_pg(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# MariaDB -----------------------------------------------------------------------------

def _admin_mysql(url: URL):  # type: ignore[no-untyped-def]
    import pymysql
    return pymysql.connect(host=url.host, port=url.port or 3306, user=url.username,
                           password=url.password or "", autocommit=True)


def _mysql_template(url: URL) -> _MysqlTemplate:
    template = _MysqlTemplate(f"bisama_tmpl_{uuid.uuid4().hex[:12]}")
    conn = _admin_mysql(url)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{template.name}` CHARACTER SET utf8mb4 "
                        "COLLATE utf8mb4_unicode_ci")
        _made.append((_drop_mysql, url, template.name))
        _migrate(url.set(database=template.name).render_as_string(hide_password=False))
        with conn.cursor() as cur:
            cur.execute("SELECT table_name, table_type FROM information_schema.tables "
                        "WHERE table_schema = %s ORDER BY table_name", (template.name,))
            for name, kind in cur.fetchall():
                if kind != "BASE TABLE":  # a view or a sequence: not copied below, so say so
                    raise RuntimeError(f"tests/dbtemplate.py cannot copy the {kind} {name}")
                cur.execute(f"SHOW CREATE TABLE `{template.name}`.`{name}`")
                ddl = cur.fetchone()[1]
                template.tables.append(re.sub(r" AUTO_INCREMENT=\d+", "", ddl))
                cur.execute(f"SELECT 1 FROM `{template.name}`.`{name}` LIMIT 1")
                if cur.fetchone():
                    template.filled.append(name)
            for what in ("routines", "events"):
                column = "routine_schema" if what == "routines" else "event_schema"
                cur.execute(f"SELECT COUNT(*) FROM information_schema.{what} "
                            f"WHERE {column} = %s", (template.name,))
                if cur.fetchone()[0]:
                    raise RuntimeError(f"tests/dbtemplate.py cannot copy {what}")
            cur.execute("SELECT trigger_name FROM information_schema.triggers "
                        "WHERE trigger_schema = %s ORDER BY trigger_name", (template.name,))
            for (name,) in cur.fetchall():
                cur.execute(f"SHOW CREATE TRIGGER `{template.name}`.`{name}`")
                template.triggers.append(cur.fetchone()[2])
    finally:
        conn.close()
    return template


def _copy_mysql(url: URL) -> None:
    key = (url.host, url.port)
    with _lock:
        template = _mysql.get(key)
        if template is None:
            template = _mysql[key] = _mysql_template(url)
    conn = _admin_mysql(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM information_schema.tables "
                        "WHERE table_schema = %s", (url.database,))
            if cur.fetchone()[0]:
                raise RuntimeError(f"{url.database} is not a new, empty database")
            cur.execute(f"USE `{url.database}`")
            cur.execute("SET SESSION foreign_key_checks = 0")
            for statement in template.tables + template.triggers:
                cur.execute(statement)
            for name in template.filled:
                cur.execute(f"INSERT INTO `{name}` SELECT * FROM `{template.name}`.`{name}`")
    finally:
        conn.close()


def _drop_mysql(url: URL, name: str) -> None:
    with suppress(Exception):  # the server may be gone at exit; nothing to keep
        conn = _admin_mysql(url)
        try:
            with conn.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        finally:
            conn.close()
