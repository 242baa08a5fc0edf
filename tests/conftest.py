"""Fixtures every test package can use: real database servers, offscreen Qt.

PostgreSQL (127.0.0.1:5432, user postgres, trust auth) and MariaDB/MySQL (127.0.0.1:3306,
root, no password) are real servers. Each test that asks for one gets a database of its
own, created for it and dropped after. When a server is unreachable the test is skipped
with the reason — except under ``.ci/run`` (``BISAMA_REQUIRE_SERVICES=1``), where an
unreachable server is a failure.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED_DOCS = ROOT.parent / "shared"
TESTDATA = SHARED_DOCS / "testdata" if (SHARED_DOCS / "testdata").is_dir() else ROOT / "resources" / "testdata"

PG_HOST, PG_PORT = os.environ.get("BISAMA_PG_HOST", "127.0.0.1"), int(os.environ.get("BISAMA_PG_PORT", "5432"))
MY_HOST, MY_PORT = os.environ.get("BISAMA_MYSQL_HOST", "127.0.0.1"), int(os.environ.get("BISAMA_MYSQL_PORT", "3306"))
REQUIRE_SERVICES = os.environ.get("BISAMA_REQUIRE_SERVICES") == "1"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip (or, under CI, fail) when a database server does not answer."""
    if _reachable(host, port):
        return
    message = (f"{name} is not reachable on {host}:{port}. Start it (see DEVELOPERS.md) to run "
               "these tests.")
    if REQUIRE_SERVICES:
        pytest.fail(message + " .ci/run requires it.", pytrace=False)
    pytest.skip(message)


def _test_db_name() -> str:
    return f"bisama_t_{uuid.uuid4().hex[:16]}"


@pytest.fixture
def pg_database_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test (SQLAlchemy URL)."""
    require_service("PostgreSQL", PG_HOST, PG_PORT)
    import psycopg

    name = _test_db_name()
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def mysql_database_url() -> Iterator[str]:
    """A fresh, empty MariaDB/MySQL database for this test (SQLAlchemy URL)."""
    require_service("MariaDB", MY_HOST, MY_PORT)
    import pymysql

    name = _test_db_name()
    conn = pymysql.connect(host=MY_HOST, port=MY_PORT, user="root", password="", autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        conn.close()
    try:
        yield f"mysql+pymysql://root@{MY_HOST}:{MY_PORT}/{name}?charset=utf8mb4"
    finally:
        conn = pymysql.connect(host=MY_HOST, port=MY_PORT, user="root", password="", autocommit=True)
        try:
            with conn.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        finally:
            conn.close()


@pytest.fixture
def testdata() -> Path:
    """The reference data folder (tax vectors, sample catalogue, sample users)."""
    return TESTDATA


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # The migrated template databases this process copied test databases from
    # (tests/dbtemplate.py); in each xdist worker, which does not run atexit.
    from tests.dbtemplate import drop_templates

    drop_templates()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A test that uses a database server fixture is marked for it, so `-m "not pg"` works
    # without anyone having to remember the marker.
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "pg_database_url" in names:
            item.add_marker(pytest.mark.pg)
        if "mysql_database_url" in names:
            item.add_marker(pytest.mark.mysql)
