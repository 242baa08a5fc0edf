"""A database that went away (a failover, a killed node) is told apart from a bug: its
errors are ``unavailable`` (503 with ``Retry-After``, the till retries on its own), not
``internal`` (500); and ``cluster status`` reads a single server as a single server.
Real databases: the connection is really killed from another session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.db.engine import normalise_url
from sync_server.db.retry import is_transient, is_unavailable
from sync_server.security import SecretHasher
from sync_server.web.app import create_app


def _killed_connection_error(url: str) -> DBAPIError:
    """The error a query meets on a connection another session killed."""
    engine = create_engine(normalise_url(url), pool_pre_ping=False)
    killer = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            backend = engine.url.get_backend_name()
            if backend == "postgresql":
                pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
                with killer.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            else:
                pid = conn.execute(text("SELECT CONNECTION_ID()")).scalar()
                with killer.connect() as other:
                    other.execute(text(f"KILL {int(pid)}"))
            with pytest.raises(DBAPIError) as caught:
                conn.execute(text("SELECT 1"))
            return caught.value
    finally:
        engine.dispose()
        killer.dispose()


@pytest.mark.parametrize("kind", ["pg", "mysql"])
def test_a_killed_connection_is_unavailable_not_a_race(request: pytest.FixtureRequest,
                                                        kind: str) -> None:
    url = request.getfixturevalue("pg_database_url" if kind == "pg" else "mysql_database_url")
    error = _killed_connection_error(url)
    assert is_unavailable(error)
    assert not is_transient(error)  # answered 503 at once, not retried in the request


def test_a_duplicate_key_is_a_race_not_unavailable(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    assert is_transient(caught.value) and not is_unavailable(caught.value)
    engine.dispose()


def test_a_database_that_does_not_answer_is_503_with_retry_after() -> None:
    # Nothing listens on port 1: every request that needs the database meets a refused
    # connection, as it does while Patroni promotes a standby.
    ctx = ServerContext.open("postgresql://postgres@127.0.0.1:1/bisama?connect_timeout=2",
                             hasher=SecretHasher(cheap=True))
    try:
        with TestClient(create_app(ctx)) as client:
            reply = client.post("/api/v1/nonce", headers={
                "X-Bisama-Tenant": "1", "X-Bisama-Terminal": "0190a0b0-0000-7000-8000-000000000000"})
        assert reply.status_code == 503
        assert reply.headers["Retry-After"] == "2"
        assert reply.json()["error"]["code"] == "unavailable"
    finally:
        ctx.close()


def test_cluster_status_of_single_servers(database_url: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cluster", "status", "--db", database_url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    backend = make_url(database_url).get_backend_name()
    if backend == "postgresql":
        assert data["kind"] == "postgresql" and data["leader"] == "this database"
        assert [m["role"] for m in data["members"]] == ["leader"]
    elif backend == "mysql":
        assert data == {"kind": "mariadb", "galera": None}
    else:
        assert data == {"kind": "sqlite"}


def test_a_multi_host_url_reaches_libpq_whole() -> None:
    """``serve`` finds the Patroni primary by a libpq multi-host URL (docs/deploy.md):
    both hosts and ``target_session_attrs`` must reach psycopg as they were written."""
    url = normalise_url("postgresql://bisama@/bisama?host=10.0.0.11:5432&host=10.0.0.12:5433"
                        "&target_session_attrs=read-write")
    engine = create_engine(url)
    _args, params = engine.dialect.create_connect_args(engine.url)
    assert (params["host"], params["port"]) == ("10.0.0.11,10.0.0.12", "5432,5433")
    assert params["target_session_attrs"] == "read-write"
    engine.dispose()
