"""The operations suite reuses the server suite's fixtures (a migrated database of each
kind, a tenant with a catalogue, a live server, toy tills) and adds a backup key, a
second empty database of the same kind, and "another machine": an rsync daemon on a
loopback port with its own configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from sync_server.operations.crypto import new_key_file
from tests.server.conftest import (  # noqa: F401
    ctx,
    database_url,
    free_port,
    live,
    till,
    world,
)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "backup.key"
    new_key_file(path)
    return path


@pytest.fixture
def second_url(database_url: str, tmp_path: Path) -> Iterator[str]:  # noqa: F811
    """A new, empty database of the same kind as ``database_url``."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"bisama_t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url.set(database="postgres" if backend == "postgresql" else None),
                          isolation_level="AUTOCOMMIT")
    q = '"' if backend == "postgresql" else "`"
    extra = "" if backend == "postgresql" else " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {q}{name}{q}{extra}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        force = " WITH (FORCE)" if backend == "postgresql" else ""
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {q}{name}{q}{force}")
        admin.dispose()


@pytest.fixture
def rsync_host(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An rsync daemon on 127.0.0.1 standing in for another machine: its URL and the
    folder it stores into."""
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (apt-get install rsync)")
    store = tmp_path / "other-host"
    store.mkdir()
    port = free_port()
    config = tmp_path / "rsyncd.conf"
    config.write_text(
        f"pid file = {tmp_path / 'rsyncd.pid'}\nuse chroot = no\nlog file = "
        f"{tmp_path / 'rsyncd.log'}\nuid = {os.getuid()}\ngid = {os.getgid()}\n[backups]\n  path = {store}\n  read only = no\n"
        "  list = yes\n", encoding="utf-8")
    process = subprocess.Popen(["rsync", "--daemon", "--no-detach", f"--config={config}",
                                f"--port={port}", "--address=127.0.0.1"])
    url = f"rsync://127.0.0.1:{port}/backups/bisama"
    deadline = time.monotonic() + 10
    while subprocess.run(["rsync", f"rsync://127.0.0.1:{port}/"], capture_output=True,
                         check=False).returncode != 0:
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the rsync daemon did not start")
        time.sleep(0.05)
    try:
        yield url, store / "bisama"
    finally:
        process.terminate()
        process.wait(timeout=10)
