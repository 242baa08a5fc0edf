"""Replicas behind a balancer: ``python -m bench sync --replicas 1 2 4 [--quick]``.

For each count N: a fresh PostgreSQL database, N ``bisama-sync serve`` processes on it
(each ``--push-processes 0``: N replicas are N Python processes doing the pushes, so the
counts compare like with like) behind Debian's HAProxy, round robin per request
(``tests/cluster/harness/haproxy.py``). Eight tills push a backlog at once, batches of
50 with two requests in flight each (docs/sync-protocol.md 6.6), so a till's next batch
usually lands on another replica than its last. Reports the throughput (sales merged
and posted per second) and the p95 latency of one push request, and how many batches
were sent again after ``seq_gap``. With N > 1 the same run is repeated with ``serve
--push-order process`` (the order in each process's memory only, as before issue [15]):
what the database-side order (``sync/order.py``) buys. Baseline of every throughput:
the one-replica figure of the same run; of every p95: the one-replica p95.

Needs PostgreSQL on 127.0.0.1:5432 and /usr/sbin/haproxy.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import Metric, machine_speed, percentile
from bench.sync import Database, _backlog, _pushes, _setup, _till
from tests.cluster.harness.haproxy import Balancer
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import ToyTerminal

TILLS = 8
BATCH = 50


@dataclass(frozen=True)
class Run:
    replicas: int
    order: str
    sales_per_second: float
    p95_ms: float
    resent: int
    pushes: int


def _run(replicas: int, order: str, per_till: int, folder: Path) -> Run:
    with Database() as db:
        codes = _setup(db.url, TILLS)
        servers = [ServerProcess(db.url, folder / f"{order}-{replicas}-{n}.log",
                                 args=("--push-order", order, "--push-processes", "0",
                                       "--pool-size", "10"))
                   for n in range(replicas)]
        clients: list[httpx.Client] = []
        try:
            for server in servers:
                server.start()
            with Balancer(folder, [s.port for s in servers]) as balancer:
                clients = [httpx.Client(base_url=balancer.url, timeout=300)
                           for _ in range(TILLS)]
                tills = [_till(c, code) for c, code in zip(clients, codes, strict=True)]
                for n, till in enumerate(tills):
                    _backlog(till, per_till, offset=n)
                # Sealing the backlogs takes a while on a loaded machine: connections
                # left idle that long may be closed by HAProxy just as a push reuses
                # them. Tills that start pushing open theirs afresh.
                for client in clients:
                    client.close()
                clients = [httpx.Client(base_url=balancer.url, timeout=300)
                           for _ in range(TILLS)]
                for till, client in zip(tills, clients, strict=True):
                    till.client = client
                latencies: list[float] = []
                resent: list[int] = []
                errors: list[BaseException] = []
                gate = threading.Barrier(TILLS)

                def work(till: ToyTerminal) -> None:
                    try:
                        gate.wait()
                        resent.append(_pushes(till, BATCH, latencies))
                    except BaseException as exc:
                        errors.append(exc)

                threads = [threading.Thread(target=work, args=(t,)) for t in tills]
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
            for server in servers:
                server.stop()
    return Run(replicas, order, TILLS * per_till / elapsed, percentile(latencies, 95) * 1000,
               sum(resent), len(latencies))


def run(quick: bool, replicas: Sequence[int] = (1, 2, 4)) -> Iterator[Metric]:
    per_till = 100 if quick else 300
    yield machine_speed()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bisama-bench-replicas-") as tmp:
        folder = Path(tmp)
        counts = sorted(set(replicas) | {1})
        for count in counts:
            for order in ("database", "process") if count > 1 else ("database",):
                runs.append(_run(count, order, per_till, folder))
    one = next(r for r in runs if r.replicas == 1)
    for r in runs:
        if r.replicas not in replicas:
            continue
        name = f"sync_replicas_{r.replicas}" + ("" if r.order == "database" else "_process_order")
        note = (f"{TILLS} tills x {per_till} sales (5 lines) through haproxy to {r.replicas} "
                f"serve replica(s) on one PostgreSQL database, --push-order {r.order}, "
                f"batches of {BATCH}, 2 in flight; {r.resent} of {r.pushes} pushes refused "
                f"seq_gap and sent again")
        yield Metric(f"{name}_sales_per_second", r.sales_per_second, "sales/s",
                     baseline=one.sales_per_second, note=note)
        yield Metric(f"{name}_push_p95_ms", r.p95_ms, "ms", baseline=one.p95_ms,
                     note="p95 of one push request; baseline = the one-replica p95")
    yield machine_speed()
