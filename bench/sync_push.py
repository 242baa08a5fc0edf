"""The server's CPU per sale, in-process: ``python -m bench sync_push [--quick]``.

One till's backlog (2,000 sales of 5 lines; ``--quick`` 500) handed to the two phases
of a push (``sync_server.sync.push.precheck`` and ``commit``, what a push helper runs)
in batches of 500 on PostgreSQL, without HTTP, with the garbage collector tuned as
``serve`` tunes it. Reports the CPU time of each phase per sale — CPU moves much less
than wall time when other work shares the machine — and the wall time of both.
Baselines: for the checks, verifying the Ed25519 signatures of the same envelopes
alone (the one cost no parser can remove); for the commit, its own wall time (the
difference is the database's share, spent waiting).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from bench import Metric
from bench.sync import Database, _backlog, _setup, _till

BATCH = 500


def _measure(sales: int) -> dict[str, float]:
    """µs per sale: check CPU, commit CPU, commit wall, all wall, signatures alone."""
    from fastapi.testclient import TestClient

    from shared.envelope import SIGNING_PREFIX
    from shared.keys import public_key_from_text
    from sync_server.context import ServerContext
    from sync_server.sync.push import commit, precheck
    from sync_server.tenants.models import Tenant
    from sync_server.web.app import create_app
    from sync_server.web.factory import tune_garbage_collector

    with Database() as db:
        codes = _setup(db.url, 1)
        ctx = ServerContext.open(db.url)
        try:
            with TestClient(create_app(ctx), base_url="https://bench.test") as http:
                till = _till(http, codes[0])
                _backlog(till, sales)
            # The JSON the server would have decoded from the request.
            wire: list[dict[str, Any]] = [json.loads(json.dumps(till.wire[e.id]))
                                          for e in till.pending()]
            with ctx.system() as session:
                tenant = session.get(Tenant, int(till.tenant or 0))
                assert tenant is not None
                session.expunge(tenant)
            tune_garbage_collector()  # as `serve` does
            check_cpu = commit_cpu = commit_wall = 0.0
            started = time.perf_counter()
            for start in range(0, sales, BATCH):
                batch = wire[start:start + BATCH]
                cpu = time.process_time()
                checked = precheck(ctx, tenant, till.terminal_id, batch,
                                   public_key=till.public_key)
                check_cpu += time.process_time() - cpu
                cpu, wall = time.process_time(), time.perf_counter()
                result, _alerts = commit(ctx, tenant, till.terminal_id, batch, checked)
                commit_cpu += time.process_time() - cpu
                commit_wall += time.perf_counter() - wall
                if result.refused is not None:
                    raise RuntimeError(f"push refused: {result.refused}")
            total_wall = time.perf_counter() - started
            key = public_key_from_text(till.public_key)
            cpu = time.process_time()
            for envelope in till.outbox[-sales:]:
                key.verify(bytes.fromhex(envelope.signature),
                           SIGNING_PREFIX + bytes.fromhex(envelope.hash))
            signatures = time.process_time() - cpu
        finally:
            ctx.close()
    per = 1e6 / sales
    return {"check_cpu": check_cpu * per, "commit_cpu": commit_cpu * per,
            "commit_wall": commit_wall * per, "wall": total_wall * per,
            "signatures": signatures * per}


def run(quick: bool) -> Iterator[Metric]:
    sales = 500 if quick else 2_000
    got = _measure(sales)
    yield Metric("sync_push_check_cpu_us_per_sale", got["check_cpu"], "us",
                 baseline=got["signatures"],
                 note=f"{sales} sales (5 lines) in batches of {BATCH}: parse, hash, signature "
                      "and repricing; baseline = verifying the signatures alone")
    yield Metric("sync_push_commit_cpu_us_per_sale", got["commit_cpu"], "us",
                 baseline=got["commit_wall"],
                 note="the transaction: chain, merge, journal, COPY, stock, feed; baseline = "
                      "its wall time (the rest is waiting for PostgreSQL)")
    yield Metric("sync_push_wall_us_per_sale", got["wall"], "us",
                 note="both phases, one after the other, in one process")
