"""The server's share of a push, in-process: ``python -m bench sync_push [--quick]``.

One till's backlog (2,000 sales of 5 lines; ``--quick`` 500) handed to
``sync_server.sync.push.push`` in batches of 500 on PostgreSQL, without HTTP, twice on
fresh databases, with the garbage collector tuned as ``serve`` tunes it: checked
in the pushing process alone, then with a one-process check
pool (``serve --check-processes 1``, ``sync.prepare``). Reports wall time and the CPU
time of the pushing process per sale — the CPU figure moves much less than wall time
when other work shares the machine. Baseline: the same push without the pool.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from bench import Metric
from bench.sync import Database, _backlog, _setup, _till

BATCH = 500


def _measure(sales: int, pool_processes: int) -> tuple[float, float]:
    """(wall µs per sale, pushing-process CPU µs per sale)."""
    from fastapi.testclient import TestClient

    from sync_server.context import ServerContext
    from sync_server.sync.prepare import CheckPool
    from sync_server.sync.push import push
    from sync_server.tenants.models import Tenant
    from sync_server.web.app import create_app
    from sync_server.web.factory import tune_garbage_collector

    with Database() as db:
        codes = _setup(db.url, 1)
        ctx = ServerContext.open(db.url)
        pool = CheckPool(pool_processes, wait=True) if pool_processes else None
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
            started, cpu = time.perf_counter(), time.process_time()
            for start in range(0, sales, BATCH):
                result = push(ctx, None, tenant, till.terminal_id, wire[start:start + BATCH],
                              pool=pool)
                if result.refused is not None:
                    raise RuntimeError(f"push refused: {result.refused}")
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        finally:
            if pool is not None:
                pool.close()
            ctx.close()
    return wall / sales * 1e6, cpu / sales * 1e6


def run(quick: bool) -> Iterator[Metric]:
    sales = 500 if quick else 2_000
    alone_wall, alone_cpu = _measure(sales, 0)
    pooled_wall, pooled_cpu = _measure(sales, 1)
    yield Metric("sync_push_wall_us_per_sale", pooled_wall, "us", baseline=alone_wall,
                 note=f"{sales} sales in batches of {BATCH}, in-process, with a one-process "
                      "check pool; baseline = the same without the pool")
    yield Metric("sync_push_cpu_us_per_sale", pooled_cpu, "us", baseline=alone_cpu,
                 note="CPU time of the pushing process per sale, with the pool; baseline = "
                      "without it")
