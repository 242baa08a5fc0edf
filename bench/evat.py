"""``python -m bench evat [--quick]``: GRA E-VAT clearances per second against the fake
GRA server (tools/fake_gra, on a real socket), on PostgreSQL.

2,000 sales of five lines (``--quick``: 200) are pushed by a toy till with E-VAT on
(each push writes the outbox rows in its own transaction), then one outbox worker clears
them all:

* ``evat_clearances_per_s`` — sales cleared per second: claim, build the v8.2 request
  from the stored rows, POST to the fake GRA, store the answer and the feed entry.
  Baseline: the same number of bare POSTs of a prebuilt request to the fake GRA (what
  the HTTP round trip and the fake itself cost).
* ``evat_push_overhead`` — the push's time with E-VAT on over the same push with it off
  (the outbox row written in the push's transaction).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync_server.context import ServerContext

from bench import Metric
from bench.sync import Database, _backlog, _setup, _till


def _push_seconds(url: str, sales: int,
                  evat: str | None) -> tuple[float, ServerContext, int]:
    from fastapi.testclient import TestClient

    from sync_server.audit.services import Actor
    from sync_server.context import ServerContext
    from sync_server.fiscal.settings import enable
    from sync_server.tenants.models import Tenant
    from sync_server.web.app import create_app

    codes = _setup(url, 1)
    ctx = ServerContext.open(url)
    with ctx.system() as session:
        tenant_id = int(session.query(Tenant.id).scalar())
    if evat is not None:
        with ctx.scope(tenant_id) as scope:
            enable(ctx, scope, Actor("cli", "bench"), company_tin="C0001234567",
                   security_key="TEST-SECURITY-KEY-0001", endpoint_url=evat)
    with TestClient(create_app(ctx), base_url="https://bench.test") as http:
        till = _till(http, codes[0])
        _backlog(till, sales)
        started = time.perf_counter()
        till.push(batch_size=100)
        elapsed = time.perf_counter() - started
    return elapsed, ctx, tenant_id


def run(quick: bool) -> Iterator[Metric]:
    from sync_server.fiscal.gra import HttpGraClient
    from sync_server.fiscal.outbox import OutboxWorker
    from sync_server.fiscal.settings import Credentials
    from tools.fake_gra import FakeGra

    sales = 200 if quick else 2000
    gra = FakeGra({"TEST-SECURITY-KEY-0001": "C0001234567"}).start()
    try:
        with Database() as off:
            plain, ctx_off, _t = _push_seconds(off.url, sales, None)
            ctx_off.close()
        with Database() as db:
            pushed, ctx, tenant_id = _push_seconds(db.url, sales, gra.url)
            note = f"{sales:,} sales of 5 lines, PostgreSQL, fake GRA on localhost"
            yield Metric("evat_push_overhead", pushed / plain, "x", note=note + "; push with "
                         "E-VAT on over the same push with it off")

            def client(creds: Credentials) -> HttpGraClient:
                return HttpGraClient(creds.endpoint_url, creds.security_key, timeout=10)

            worker = OutboxWorker(ctx, client)
            started = time.perf_counter()
            done = worker.run_until_idle(tenant_id)
            elapsed = time.perf_counter() - started
            assert done.cleared == sales and set(gra.clearances.values()) == {1}
            sample = next(iter(gra.requests.values()))
            bare_gra = FakeGra({"TEST-SECURITY-KEY-0001": "C0001234567"}).start()
            try:
                bare = HttpGraClient(bare_gra.url, "TEST-SECURITY-KEY-0001")
                started = time.perf_counter()
                for n in range(sales):
                    bare.submit({**sample, "invoiceNumber": f"B{n}"})
                baseline = time.perf_counter() - started
            finally:
                bare_gra.stop()
            yield Metric("evat_clearances_per_s", sales / elapsed, "1/s",
                         baseline=sales / baseline,
                         note=note + "; baseline: bare POSTs of a prebuilt request")
            ctx.close()
    finally:
        gra.stop()
