"""The till's sync client end to end, on PostgreSQL: ``python -m bench sync_client [--quick]``.

1. **Backlog** — a real till (``Till``, its SQLite outbox) rings up 10,000 sales with the
   simulator (``terminal.simulate``, 1–5 lines each) while it is not yet enrolled; it then
   enrolls with a real ``bisama-sync serve`` (its default ``--push-processes``: one helper
   per core, at most 4, on PostgreSQL) on a fresh PostgreSQL database and the real client
   as the till runs it (``SyncSession``: two push requests in flight, outbox batches of
   500 read from SQLite, signed requests, every acknowledgement written back durably)
   pushes the whole backlog. Peer, in the same run: the raw push rate — the very same
   envelope bytes, signed and posted in batches of 500 by a bare loop that also keeps two
   requests in flight (so the ratio is what the client itself costs, not what
   pipelining gains), with nothing read or written locally, to an identical fresh server
   and database. For information the same client is also run one batch at a time
   (``push_depth=1``, as before pipelining). The COPY floor of the server-side bench
   (``python -m bench sync``) is given beside it.
2. **First pull** — a new till enrolled with a tenant whose catalogue has 20,000
   generated products (6 feed changes each: product, 2 units, barcode, 2 prices) pulls it
   all and applies it in entity order (staging table, chunks of 2,000 changes per
   transaction). The till's own time (staging and applying) is timed apart; the baseline
   is the rest of the same pull — the feed pages coming from the server.

``--quick`` runs 1,000 sales and 2,000 products. Needs PostgreSQL on 127.0.0.1:5432.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from argon2 import PasswordHasher

from bench import Metric
from bench.sync import ROOT, Database, Server, _copy_baseline
from bench.terminal import catalogue_csv
from shared.signer import Signer
from terminal.clock import SystemClock
from terminal.keystore import EncryptedFileKeyStore
from terminal.simulate import SimulationOptions
from terminal.simulate import run as simulate
from terminal.store.identity import load_identity
from terminal.sync.enroll import enroll_till
from terminal.sync.protocol import API
from terminal.sync.push import DEFAULT_DEPTH
from terminal.sync.session import SyncSession
from terminal.sync.transport import Reply, SignedClient
from terminal.till import Till

FAST_ARGON2 = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSPHRASE = "bench passphrase"  # the bench till's key-file passphrase
BATCH = 500
_HEARTBEAT = {"terminal_time": "2026-01-01T00:00:00+00:00", "app_version": "bench", "outbox_depth": 0,
              "printer": {"status": "none"}, "power": {"source": "unknown"}}


def _open(data: Path) -> Till:
    till = Till.open(data, clock=SystemClock(), key_store=EncryptedFileKeyStore(data / "keys", PASSPHRASE),
                     backup_dir=data.parent / "backups", pin_hasher=FAST_ARGON2)
    till.start()
    return till


def _server_setup(url: str, codes: int, products: int = 0) -> list[str]:
    """A tenant with the sample catalogue (and ``products`` generated ones)."""
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
        with ctx.scope(info.id) as scope:
            import_catalogue(ctx, scope, actor,
                             (ROOT / "resources" / "testdata" / "catalogue_sample.csv").read_text())
            if products:
                import_catalogue(ctx, scope, actor, catalogue_csv(products, random.Random(5)))
            # The till's people (users_sample.csv): the server stores only sales by its users.
            users = ROOT / "resources" / "testdata" / "users_sample.csv"
            for row in csv.DictReader(io.StringIO(users.read_text())):
                add_user(ctx, scope, actor, email=row["email"], name=row["name"],
                         role=row["role"], branch=row["branch"], pin=row["pin"], password=None)
            return [str(issue_code(ctx, scope, actor, branch="MAIN")["code"]) for _ in range(codes)]
    finally:
        ctx.close()


def _raw_push(base: str, tenant: str, terminal: str, key: Signer, texts: list[str]) -> float:
    """The peer: the same envelope bytes, signed and posted with ``DEFAULT_DEPTH``
    requests in flight (each next one sent as soon as a slot frees, replies checked in
    order), nothing else. Seconds."""
    with httpx.Client(timeout=600) as http, ThreadPoolExecutor(DEFAULT_DEPTH) as pool:
        client = SignedClient(http, base, tenant=tenant, terminal_id=terminal, key=key)
        client.get(f"{API}/chain")  # warm-up, as the client's chain check
        client.post(f"{API}/heartbeat", _HEARTBEAT)
        bodies = deque(('{"envelopes":[' + ",".join(texts[start:start + BATCH]) + "]}").encode()
                       for start in range(0, len(texts), BATCH))
        flying: deque[Future[Reply]] = deque()
        started = time.perf_counter()
        while bodies or flying:
            while bodies and len(flying) < DEFAULT_DEPTH:
                flying.append(pool.submit(client.post, f"{API}/push", bodies.popleft()))
            reply = flying.popleft().result()
            if reply.status != 200:
                raise RuntimeError(f"raw push refused: {json.dumps(reply.body)[:500]}")
        return time.perf_counter() - started


def _backlog(work: Path, sales: int) -> Iterator[Metric]:
    made = _open(work / "till" / "data")
    try:
        made.catalogue.import_csv(ROOT / "resources" / "testdata" / "catalogue_sample.csv")
        made.auth.import_users(ROOT / "resources" / "testdata" / "users_sample.csv")
        started = time.perf_counter()
        simulate(made, SimulationOptions(sales=sales, seed=11), lambda line: None)
        simulated = time.perf_counter() - started
        lines = int(made.db.scalar("SELECT count(*) FROM sale_lines"))
    finally:
        made.close()
    # The same till pushed six times, each time from a fresh copy to a fresh server and
    # database, in the order client, peer, serial, serial, peer, client: PostgreSQL's
    # checkpoints and the VM's other work drift during a run, and this order cancels a
    # steady drift.
    times: dict[str, list[float]] = {"client": [], "peer": [], "serial": []}
    envelopes = 0
    copy_seconds = 0.0
    for n, kind in enumerate(("client", "peer", "serial", "serial", "peer", "client")):
        folder = work / f"run{n}"
        shutil.copytree(work / "till", folder)
        seconds, sent, copied = _push_once(kind, folder / "data", work / "server.log", measure_copy=n == 0)
        times[kind].append(seconds)
        envelopes = max(envelopes, sent)
        copy_seconds = copy_seconds or copied
        shutil.rmtree(folder, ignore_errors=True)
    elapsed = sum(times["client"]) / 2
    raw = sum(times["peer"]) / 2
    serial = sum(times["serial"]) / 2
    client_runs = ", ".join(f"{t:.2f}" for t in times["client"])
    peer_runs = ", ".join(f"{t:.2f}" for t in times["peer"])
    serial_runs = ", ".join(f"{t:.2f}" for t in times["serial"])
    note = (f"{sales} simulated sales ({lines / sales:.1f} lines each, {envelopes} envelopes) pushed by "
            f"SyncSession in batches of {BATCH}, {DEFAULT_DEPTH} requests in flight, to serve with its "
            f"default push processes: {client_runs} s; peer = the same envelopes posted by a bare signed "
            f"loop, also {DEFAULT_DEPTH} in flight: {peer_runs} s")
    yield Metric("client_backlog_sales_per_second", sales / elapsed, "sales/s", baseline=sales / raw,
                 note=note)
    yield Metric("client_backlog_seconds", elapsed, "s", baseline=raw)
    yield Metric("client_backlog_serial_sales_per_second", sales / serial, "sales/s",
                 baseline=sales / elapsed,
                 note=f"the same client one batch at a time (push_depth=1, as before pipelining): "
                      f"{serial_runs} s; baseline = the pipelined client above")
    local = sum(LOCAL_SECONDS) / len(LOCAL_SECONDS)
    yield Metric("client_local_work_seconds", local, "s", baseline=elapsed,
                 note="the client's own share of the push: reading batches from the outbox and writing "
                      "every acknowledgement durably (SQLite WAL, synchronous=FULL); with two requests in "
                      "flight most of it overlaps the server's work on the other batch")
    yield Metric("client_backlog_vs_copy_sales_per_second", sales / elapsed, "sales/s",
                 baseline=sales / copy_seconds,
                 note=f"baseline = PostgreSQL COPY of the rows the merge wrote ({copy_seconds:.2f} s)")
    yield Metric("till_simulated_sales_per_second", sales / simulated, "sales/s",
                 note="ringing up the backlog on the till (for information: not sync)")


LOCAL_SECONDS: list[float] = []  # the client's own work per client run (outbox reads, acks)


def _time_local_work(session: SyncSession) -> list[float]:
    """Time what the client does on the till between requests: reading each batch from
    the outbox and writing its acknowledgements (each a durable SQLite commit)."""
    spent: list[float] = []
    pusher = session.pusher
    setattr(pusher.outbox, "wire_batch", _timed(pusher.outbox.wire_batch, spent))  # noqa: B010
    setattr(pusher, "_record_reply", _timed(pusher._record_reply, spent))  # noqa: B010
    return spent


def _timed(function: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    """``function``, adding the seconds of each call to ``spent`` (instrumenting one
    instance for the bench; the product code is unchanged)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    return wrapper


def _push_once(kind: str, data: Path, log: Path, *, measure_copy: bool) -> tuple[float, int, float]:
    """Enroll a copy of the till with a fresh server and push its whole outbox, by the
    real client (``client``: as the till runs it; ``serial``: one batch at a time) or by
    the bare loop (``peer``). Returns (seconds, envelopes, COPY seconds or 0)."""
    with Database() as db:
        [code] = _server_setup(db.url, 1)
        with Server(db.url, log) as server, httpx.Client(timeout=600) as http:
            till = _open(data)
            try:
                enroll_till(till.db, till.recorder.key, till.clock, server.base, code, http=http)
                if kind in ("client", "serial"):
                    depth = 1 if kind == "serial" else DEFAULT_DEPTH
                    session = SyncSession(till.db, key=till.recorder.key, clock=till.clock, http=http,
                                          batch_size=BATCH, push_depth=depth)
                    session.cycle(push=False, pull=False)  # warm-up: chain check and a heartbeat
                    local = _time_local_work(session)
                    started = time.perf_counter()
                    report = session.cycle(pull=False, heartbeat=False)
                    seconds = time.perf_counter() - started
                    if kind == "client":
                        LOCAL_SECONDS.append(sum(local))
                    if not report.ok or report.backlog or report.pushed is None:
                        raise RuntimeError(f"the client did not push everything: {report.message}")
                    sent = report.pushed.sent
                else:
                    identity = load_identity(till.db)
                    assert identity is not None and identity.tenant_id is not None
                    texts = [str(r[0]) for r in till.db.query("SELECT envelope FROM outbox ORDER BY seq")]
                    seconds = _raw_push(server.base, identity.tenant_id, identity.terminal_id,
                                        till.recorder.key, texts)
                    sent = len(texts)
            finally:
                till.close()
        copied = _copy_baseline(db.url) if measure_copy else 0.0
    return seconds, sent, copied


def _first_pull(work: Path, products: int) -> Iterator[Metric]:
    log = work / "server.log"
    with Database() as db:
        [code] = _server_setup(db.url, 1, products=products)
        with Server(db.url, log) as server, httpx.Client(timeout=600) as http:
            till = _open(work / "pull" / "data")
            try:
                enroll_till(till.db, till.recorder.key, till.clock, server.base, code, http=http)
                session = SyncSession(till.db, key=till.recorder.key, clock=till.clock, http=http)
                session.cycle(push=False, pull=False, heartbeat=False)  # warm-up: the chain check
                local: list[float] = []
                puller = session.puller
                for name in ("_stage", "_apply", "_clear_staging"):
                    setattr(puller, name, _timed(getattr(puller, name), local))
                started = time.perf_counter()
                report = session.cycle(push=False, heartbeat=False)
                elapsed = time.perf_counter() - started
                if not report.ok or report.pulled is None:
                    raise RuntimeError(f"the pull failed: {report.message}")
                applied = report.pulled.changes
                active = int(till.db.scalar("SELECT count(*) FROM products WHERE active = 1"))
            finally:
                till.close()
    on_till = sum(local)
    network = elapsed - on_till
    yield Metric("client_first_pull_changes_per_second", applied / elapsed, "changes/s",
                 baseline=applied / network,
                 note=f"{active} products: {applied} feed changes pulled and applied in {elapsed:.2f} s, of "
                      f"which {on_till:.2f} s on the till (staging and applying in entity order, chunks of "
                      f"2,000 per transaction); baseline = the feed pages alone ({network:.2f} s)")
    yield Metric("client_first_pull_till_seconds", on_till, "s", baseline=elapsed,
                 note="the till's own share of the first pull")


def run(quick: bool) -> Iterator[Metric]:
    sales = 1_000 if quick else 10_000
    products = 2_000 if quick else 20_000
    work = Path(tempfile.mkdtemp(prefix="bisama-bench-client-"))
    try:
        yield from _backlog(work, sales)
        yield from _first_pull(work, products)
    finally:
        shutil.rmtree(work, ignore_errors=True)
