"""A plain PostgreSQL 15 instance for the ``cluster`` tests: a temporary folder, a free
loopback port, trust authentication, ``wal_level = logical`` (a tenant move publishes
from it), fsync on (what a server runs with).

``initdb`` costs about a second, so it runs once per test session into a template folder
and each instance starts from a copy of it: an instance is up in well under a second.
The folders live directly under ``/tmp`` (pytest's own temporary folders are private to
root, and the server runs as the ``postgres`` OS user).
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.cluster.harness.procs import (
    as_postgres,
    free_port,
    give_to_postgres,
    kill_tree,
    need,
    wait_port,
)

BIN = Path("/usr/lib/postgresql/15/bin")

SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "wal_level": "logical",
    "fsync": "on",
    "max_connections": "60",
    "shared_buffers": "32MB",
    # A subscription copies its tables in parallel, each copy with a slot of its own.
    "max_wal_senders": "20",
    "max_replication_slots": "20",
    "max_worker_processes": "20",
    "max_logical_replication_workers": "12",
    "max_sync_workers_per_subscription": "8",
    "logging_collector": "off",
    "log_min_messages": "warning",
}

_TEMPLATE: dict[str, Path] = {}
_TEMPLATE_LOCK = threading.Lock()


def _template() -> Path:
    """A freshly initdb'd data folder, made once per test session."""
    with _TEMPLATE_LOCK:
        if "path" not in _TEMPLATE:
            root = Path(tempfile.mkdtemp(prefix="bisama-pg-template-", dir="/tmp"))
            data = root / "data"
            give_to_postgres(root)
            subprocess.run(as_postgres([str(BIN / "initdb"), "-D", str(data), "-U", "postgres",
                                        "-A", "trust", "-E", "UTF8", "--locale", "C.UTF-8",
                                        "--no-sync"]),
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _TEMPLATE["path"] = data
            atexit.register(shutil.rmtree, root, True)
        return _TEMPLATE["path"]


class PgInstance:
    """One PostgreSQL server. ``url(db)`` is a SQLAlchemy URL; ``dsn(db)`` a libpq one
    (what a subscription on another instance uses to reach this one)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root = Path(tempfile.mkdtemp(prefix=f"bisama-pg-{name}-", dir="/tmp"))
        self.data = self.root / "data"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> PgInstance:
        if not self.data.exists():
            shutil.copytree(_template(), self.data)
            conf = self.data / "postgresql.conf"
            with conf.open("a") as out:
                for key, value in {**SETTINGS, "port": str(self.port),
                                   "unix_socket_directories": f"'{self.root}'"}.items():
                    out.write(f"{key} = {value}\n")
            give_to_postgres(self.root)
            self.data.chmod(0o700)
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(as_postgres([str(BIN / "postgres"), "-D", str(self.data)]),
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        wait_port(self.port, 30)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        """``pg_ctl stop -m immediate`` (no shutdown checkpoint: the folder goes next; SIGKILL
    to the tree if that fails)."""
        if self.process is not None and self.process.poll() is None:
            stopped = subprocess.run(as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data),
                                                  "stop", "-m", "immediate", "-w", "-t", "20"]),
                                     check=False, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            if stopped.returncode != 0:
                kill_tree(self.process)
            else:
                self.process.wait(timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, database: str) -> str:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        return self.url(database)


@contextmanager
def two_instances() -> Iterator[tuple[PgInstance, PgInstance]]:
    """Two fresh PostgreSQL 15 instances, ``source`` and ``target``, stopped afterwards
    (skips the test when PostgreSQL 15's binaries are not installed)."""
    need(str(BIN / "initdb"), str(BIN / "postgres"), "runuser")
    source, target = PgInstance("source"), PgInstance("target")
    try:
        source.start()
        target.start()
        yield source, target
    finally:
        target.stop()
        source.stop()


@pytest.fixture
def pg_pair() -> Iterator[tuple[PgInstance, PgInstance]]:
    """``two_instances`` as a fixture (import it into a test module or conftest)."""
    with two_instances() as pair:
        yield pair
