"""Sync server throughput on PostgreSQL: ``python -m bench sync [--quick]``.

1. One till's backlog of 10,000 sales (5 lines each) pushed in batches of 500, two
   requests in flight as a till sends them (docs/sync-protocol.md 6.6), to a real
   ``bisama-sync serve`` process with its defaults (push helpers, one per core),
   verified, merged into sales/stock/payments and posted to the ledger, end to end over
   HTTP. Baseline: PostgreSQL ``COPY`` of the very rows that
   merge produced (every table it wrote), into empty copies of those tables, in the same
   run — the floor for getting that data into PostgreSQL at all (the median of three
   copies straight after the push: one copy alone took 1.8–3.3 s on a VM). The tables are found
   by counting rows before and after (``written_tables``); the note also gives the
   COPY of the nine tables the first rounds counted, for comparison with them. Three
   rounds, each on a new database (``BISAMA_BENCH_ROUNDS``; one with ``--quick``): the
   round with the median ratio is reported, every round's ratio in its note.
2. 20 tills × 500 sales pushing at once (batches of 100, two in flight each; one server
   process, ``BISAMA_BENCH_WORKERS`` to change): throughput, and the p95
   latency of one push request. Baseline for the latency: the p95 of an authenticated
   heartbeat on the idle server.

Envelopes are sealed before the clock starts (a till has them in its outbox already).
``--quick`` runs 1,000 and 20 × 50 sales. Needs PostgreSQL on 127.0.0.1:5432.
``--replicas 1 2 4`` runs ``bench/sync_replicas.py`` instead (replicas behind HAProxy).
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from bench import Metric, machine_speed, percentile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the toy till lives with the tests
    sys.path.insert(0, str(ROOT))

from tests.server.toy_terminal import ToyTerminal  # noqa: E402

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
# The tables the first rounds' baseline copied (docs/benchmarks.md); the baseline now
# copies every table the push added rows to (``written_tables``), these among them.
TABLES = ("sync_envelopes", "sales", "sale_items", "payments", "inv_movements",
          "inv_stock_levels", "acc_journals", "acc_postings", "sync_feed")
SKUS = [f"GH-{n:04d}" for n in range(1, 61)]
# Server processes for twenty tills. With push helpers (one per core by default on
# PostgreSQL) one process spreads the pushes over the cores itself.
WORKERS_MANY = int(os.environ.get("BISAMA_BENCH_WORKERS", "1"))


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql)


class Database:
    def __init__(self) -> None:
        self.name = f"bisama_bench_{uuid.uuid4().hex[:10]}"
        self.url = f"postgresql://postgres@127.0.0.1:5432/{self.name}"

    def __enter__(self) -> Database:
        _admin(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc: object) -> None:
        _admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Server:
    def __init__(self, url: str, log: Path, workers: int = 1) -> None:
        self.url, self.log, self.workers = url, log, workers
        with socket_port() as port:
            self.port = port
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sync_server", "serve", "--db", self.url, "--port",
                 str(self.port), "--log-level", "warning", "--pool-size", "10",
                 "--workers", str(self.workers)],
                stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


class socket_port:
    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return int(self.sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def _setup(url: str, tills: int) -> list[str]:
    """A tenant with the sample catalogue; returns enrollment codes."""
    from sync_server.audit.services import Actor
    from sync_server.catalogue.services import import_catalogue
    from sync_server.context import ServerContext
    from sync_server.db.migrate import upgrade
    from sync_server.security import SecretHasher
    from sync_server.tenants.services import add_user, create_tenant
    from sync_server.terminals.services import issue_code

    actor = Actor("cli", "bench")
    ctx = ServerContext.open(url, hasher=SecretHasher(cheap=True))
    try:
        upgrade(ctx.engine)
        info = create_tenant(ctx, actor, name="Bench Traders", domain="bench.test")
        catalogue = ROOT / "resources" / "testdata" / "catalogue_sample.csv"
        with ctx.scope(info.id) as scope:
            import_catalogue(ctx, scope, actor, catalogue.read_text())
            # The toy till's cashier: the server stores only sales by its users.
            add_user(ctx, scope, actor, email="ama@acme.test", name="Ama Owusu", role="user",
                     branch="MAIN", pin="1357", password=None)
            return [str(issue_code(ctx, scope, actor, branch="MAIN")["code"]) for _ in range(tills)]
    finally:
        ctx.close()


def _backlog(till: ToyTerminal, sales: int, offset: int = 0) -> None:
    for n in range(sales):
        base = (n * 7 + offset) % len(SKUS)
        till.sell([(SKUS[(base + k * 11) % len(SKUS)], 1 + (n + k) % 3) for k in range(5)])


def _till(client: httpx.Client, code: str) -> ToyTerminal:
    till = ToyTerminal(client)
    till.enroll(code)
    till.pull()
    return till


def _row_counts(url: str) -> dict[str, int]:
    """Rows in each table of the database."""
    with psycopg.connect(url, autocommit=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0])  # type: ignore[index]
                for n in names}


def written_tables(before: dict[str, int], after: dict[str, int]) -> tuple[str, ...]:
    """The tables the pushes added rows to (every one the merge wrote, whatever issue
    added it: the baseline must copy them all, not a list that falls behind)."""
    return tuple(sorted(n for n, rows in after.items() if rows > before.get(n, 0)))


COPY_RUNS = 3  # the baseline's COPY, repeated: its median is the baseline


def _copy_baseline(url: str, tables: tuple[str, ...] = TABLES) -> float:
    """Seconds PostgreSQL needs to COPY the rows the merge wrote into empty tables: the
    median of ``COPY_RUNS`` copies, one after another (on a VM one copy of the same
    rows took anything from 1.8 to 3.3 s; ``copy_runs`` keeps them all)."""
    return statistics.median(copy_runs(url, tables))


def copy_runs(url: str, tables: tuple[str, ...] = TABLES,
              runs: int = COPY_RUNS) -> list[float]:
    dsn = url.replace("postgresql://", "postgresql://", 1)
    seconds: list[float] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        dumps: dict[str, bytes] = {}
        for table in tables:
            buffer = io.BytesIO()
            with conn.cursor().copy(f"COPY {table} TO STDOUT") as copy:
                for chunk in copy:
                    buffer.write(chunk)
            dumps[table] = buffer.getvalue()
        for run in range(runs):
            schema = f"copy_baseline_{len(tables)}_{run}"
            conn.execute(f"CREATE SCHEMA {schema}")
            for table in tables:
                conn.execute(f"CREATE TABLE {schema}.{table} "
                             f"(LIKE public.{table} INCLUDING DEFAULTS INCLUDING INDEXES "
                             f"INCLUDING COMPRESSION)")
            started = time.perf_counter()
            with conn.transaction():
                for table in tables:
                    with conn.cursor().copy(f"COPY {schema}.{table} FROM STDIN") as copy:
                        copy.write(dumps[table])
            seconds.append(time.perf_counter() - started)
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    return seconds


def _pushes(till: ToyTerminal, batch: int, latencies: list[float], depth: int = 2) -> int:
    """Push the whole outbox as a till does: ``depth`` requests in flight (protocol 6.6),
    sending again after a ``seq_gap`` (a batch that overtook the one before it by more
    than the server waits). Returns how many replies were such refusals; any other
    refusal fails the run."""
    gaps = 0
    for reply in till.push_pipelined(batch, depth, latencies):
        if reply.status_code == 409 and reply.json()["refused"]["code"] in ("seq_gap",
                                                                          "seq_repeat"):
            gaps += 1
        elif reply.status_code != 200:
            raise RuntimeError(f"push refused: {reply.text[:500]}")
    return gaps


BACKLOG_ROUNDS = int(os.environ.get("BISAMA_BENCH_ROUNDS", "3"))


@dataclass
class _Round:
    elapsed: float  # seconds to push the backlog
    copies: list[float]  # seconds of each COPY of the rows it wrote
    tables: tuple[str, ...]
    nine_seconds: float
    gaps: int

    @property
    def copy_seconds(self) -> float:
        return statistics.median(self.copies)

    @property
    def ratio(self) -> float:  # the push's rate over COPY's, as ``Metric`` computes it
        return self.copy_seconds / self.elapsed


def _backlog_round(backlog: int, log: Path) -> _Round:
    """One till's backlog pushed to a new database, and the COPY baseline of its rows.
    A VM's speed drifts from one minute to the next (one COPY of the same rows took
    1.8 to 3.3 s, one push 4.4 to 6.9 s): one round alone said 0.28 or 0.36."""
    with Database() as db:
        codes = _setup(db.url, 1)
        with Server(db.url, log) as server, httpx.Client(base_url=server.base, timeout=300) as http:
            till = _till(http, codes[0])
            _backlog(till, backlog)
            before = _row_counts(db.url)
            started = time.perf_counter()
            latencies: list[float] = []
            gaps = _pushes(till, 500, latencies)
            elapsed = time.perf_counter() - started
        tables = written_tables(before, _row_counts(db.url))
        copies = copy_runs(db.url, tables)
        nine_seconds = _copy_baseline(db.url, TABLES)
    return _Round(elapsed, copies, tables, nine_seconds, gaps)


def run(quick: bool, replicas: list[int] | None = None) -> Iterator[Metric]:
    if replicas:  # python -m bench sync --replicas 1 2 4
        from bench.sync_replicas import run as run_replicas

        yield from run_replicas(quick, replicas)
        return
    backlog = 1_000 if quick else 10_000
    tills, per_till = 20, (50 if quick else 500)
    log = Path(tempfile.gettempdir()) / f"bisama-bench-{os.getpid()}.log"

    yield machine_speed()

    # 1. One till's backlog, ``rounds`` times (each on a new database): the round with
    # the median ratio is reported, with every round's ratio in the note.
    rounds = [_backlog_round(backlog, log) for _ in range(1 if quick else BACKLOG_ROUNDS)]
    ratios = sorted(r.ratio for r in rounds)
    middle = next(r for r in rounds if r.ratio == ratios[len(ratios) // 2])
    elapsed, copy_seconds, tables = middle.elapsed, middle.copy_seconds, middle.tables
    yield Metric("sync_backlog_sales_per_second", backlog / elapsed, "sales/s",
                 baseline=backlog / copy_seconds,
                 note=f"{backlog} sales x 5 lines pushed (2 requests in flight; {middle.gaps} "
                      f"sent again after seq_gap), merged and posted in {elapsed:.2f} s; "
                      f"baseline = PostgreSQL COPY of the same rows ({copy_seconds:.2f} s, "
                      f"the median of {', '.join(f'{c:.2f}' for c in middle.copies)} s; "
                      f"the {len(tables)} tables the push added rows to: {', '.join(tables)}; "
                      f"the nine tables of the first rounds alone: {middle.nine_seconds:.2f} s, "
                      f"ratio {middle.nine_seconds / elapsed:.3f}); the round with the median "
                      f"ratio of {len(rounds)} (ratios "
                      f"{', '.join(f'{r:.3f}' for r in ratios)}; "
                      f"sales/s {', '.join(f'{backlog / r.elapsed:.0f}' for r in rounds)})")
    yield Metric("sync_backlog_seconds", elapsed, "s", baseline=copy_seconds)
    yield machine_speed()

    # 2. Twenty tills at once.
    with Database() as db:
        codes = _setup(db.url, tills)
        with Server(db.url, log, workers=WORKERS_MANY) as server:
            clients = [httpx.Client(base_url=server.base, timeout=300) for _ in range(tills)]
            try:
                terminals = [_till(c, code) for c, code in zip(clients, codes, strict=True)]
                idle: list[float] = []
                for _ in range(40):
                    started = time.perf_counter()
                    terminals[0].heartbeat()
                    idle.append(time.perf_counter() - started)
                for n, terminal in enumerate(terminals):
                    _backlog(terminal, per_till, offset=n)
                latencies: list[float] = []
                errors: list[BaseException] = []
                resent: list[int] = []
                gate = threading.Barrier(tills)

                def work(terminal: ToyTerminal) -> None:
                    try:
                        gate.wait()
                        resent.append(_pushes(terminal, 100, latencies))
                    except BaseException as exc:
                        errors.append(exc)

                threads = [threading.Thread(target=work, args=(t,)) for t in terminals]
                started = time.perf_counter()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                elapsed = time.perf_counter() - started
                if errors:
                    raise errors[0]
            finally:
                for client in clients:
                    client.close()
    total = tills * per_till
    yield Metric("sync_concurrent_sales_per_second", total / elapsed, "sales/s",
                 note=f"{tills} tills x {per_till} sales (5 lines) in {elapsed:.2f} s, 2 requests "
                      f"in flight each ({sum(resent)} sent again after seq_gap), "
                      f"serve --workers {WORKERS_MANY}, default push helpers")
    yield Metric("sync_concurrent_push_p95_ms", percentile(latencies, 95) * 1000, "ms",
                 baseline=percentile(idle, 95) * 1000,
                 note="one push of 100 sales under load; baseline = p95 of an authenticated "
                      "heartbeat on the idle server")
