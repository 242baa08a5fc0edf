"""``python -m bench backup [--quick]``: server backups on a big tenant (issue [11]).

The dashboard bench's tenant — 20 branches, 60 tills, 1,000,000 sale lines (200,000
sales of five lines; ``--quick``: 10,000 sales, 50,000 lines) — generated with COPY into
a fresh PostgreSQL database, then:

* ``backup_run_s`` — ``run_backup``: snapshot + census, ``pg_dump -Fc``, AES-256-GCM, the
  manifest, a copy to a local folder (no verification)
* ``backup_verify_s`` — ``verify_backup``: sha256, decryption, ``pg_restore`` into a
  scratch database, the census and the comparison
* ``backup_restore_s`` — ``restore_backup`` into a new, empty database, with its checks
* ``backup_size_mb`` — the encrypted file

Baseline for the run: a bare ``pg_dump -Fc`` of the same database (what the
encryption, census and manifest add).
"""

from __future__ import annotations

import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench import Metric
from bench.dashboard import LINES, _admin, _generate, _setup


def run(quick: bool) -> Iterator[Metric]:
    from sync_server.operations.backup import MANIFEST, run_backup
    from sync_server.operations.targets import LocalTarget
    from sync_server.operations.verify import restore_backup, verify_backup

    sales = 10_000 if quick else 200_000
    name = f"bisama_bench_bk_{uuid.uuid4().hex[:8]}"
    restored = name + "_r"
    _admin(f'CREATE DATABASE "{name}"')
    _admin(f'CREATE DATABASE "{restored}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    key = bytes(range(32))
    note = f"{sales * LINES:,} sale lines, PostgreSQL"
    try:
        tenant = _setup(url)
        _generate(f"host=127.0.0.1 port=5432 user=postgres dbname={name}", tenant, sales)
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            subprocess.run(["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-d", name,
                            "-f", str(Path(folder) / "bare.dump")], check=True)
            bare = time.perf_counter() - started
            target = LocalTarget(Path(folder) / "backups")
            started = time.perf_counter()
            result = run_backup(url, key, "full", [target])
            yield Metric("backup_run_s", time.perf_counter() - started, "s", baseline=bare,
                         note=note + "; baseline: a bare pg_dump -Fc")
            sealed = target.root / "full" / f"{result.name}.bkp"
            manifest = sealed.with_name(result.name + MANIFEST)
            yield Metric("backup_size_mb", sealed.stat().st_size / 1e6, "MB", note=note)
            started = time.perf_counter()
            report = verify_backup(key, sealed, manifest, server_url=url)
            if not report.ok:
                raise RuntimeError(f"verification failed: {report.problems}")
            yield Metric("backup_verify_s", time.perf_counter() - started, "s", note=note)
            started = time.perf_counter()
            report = restore_backup(key, sealed, manifest,
                                    f"postgresql://postgres@127.0.0.1:5432/{restored}")
            if not report.ok:
                raise RuntimeError(f"restore check failed: {report.problems}")
            yield Metric("backup_restore_s", time.perf_counter() - started, "s", note=note)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
