"""``python -m bench hq_sales [--quick]``: head office's list of sales, shifts and the
variance report on a big tenant.

The data set of ``bench dashboard`` (20 branches, 60 tills, 1,000,000 sale lines: 200,000
sales of five lines over 30 days; ``--quick``: 10,000 sales), COPYed into a fresh
PostgreSQL database, plus one shift per till and day (1,800 shifts, their sales pointed
at them, a variance on one in eight). A real ``bisama-sync serve`` process; a signed-in
director's requests timed from outside:

* ``hq_sales_list_p95_ms`` — the list's first page for the 30 days (every branch), with
  its totals and the branches' completeness
* ``hq_sales_list_deep_p95_ms`` — a page in the middle of the month (keyset ``after``)
* ``hq_sales_list_branch_cashier_p95_ms`` — filtered by branch and cashier
* ``hq_sales_list_method_amount_p95_ms`` — filtered by payment method and amount
* ``hq_sales_list_product_p95_ms`` — filtered by a product (sales holding that SKU)
* ``…_totals_p95_ms`` — the tiles of those two filtered lists, which the page loads
  after it is shown (a pass over the month's sales, not the summaries)
* ``hq_sale_lines_p95_ms`` — the list of lines for the 30 days
* ``hq_sales_list_export_day_s`` — one day's CSV of every sale (about 6,700 rows)
* ``hq_shift_list_p95_ms``, ``hq_shift_page_p95_ms``, ``hq_variance_report_p95_ms``

Also prints the PostgreSQL plans of the list's page queries (``EXPLAIN``) so a reader
can check they use the indexes of migration 0024.
"""

from __future__ import annotations

import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

from bench import Metric, percentile
from bench.dashboard import (
    DAYS,
    PASSWORD,
    _admin,
    _generate,
    _serve,
    _setup,
    _summarise,
    _timed,
)


def _shifts(dsn: str, tenant: int) -> str:
    """One shift per till and day; the sales point at it. Returns one shift's id."""
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("UPDATE sales SET shift_id = md5(terminal_id || business_date)::uuid::text "
                    "WHERE tenant_id = %s", (tenant,))
        cur.execute(
            "INSERT INTO shifts (tenant_id, id, terminal_id, branch_code, opened_by, "
            "opened_date, opening_float, closed_by, closed_date, expected, counted, variance, "
            "sales_count, sales_gross, open_envelope_id, close_envelope_id) "
            "SELECT tenant_id, md5(terminal_id || business_date)::uuid::text, terminal_id, "
            "min(branch_code), min(user_email), business_date, 20000, min(user_email), "
            "business_date, 20000 + sum(gross) / 3, 20000 + sum(gross) / 3 - "
            "CASE WHEN abs(hashtext(terminal_id || business_date)) %% 8 = 0 THEN 250 ELSE 0 END, "
            "- CASE WHEN abs(hashtext(terminal_id || business_date)) %% 8 = 0 THEN 250 ELSE 0 END, "
            "count(*), sum(gross), gen_random_uuid()::text, gen_random_uuid()::text "
            "FROM sales WHERE tenant_id = %s AND status = 'completed' "
            "GROUP BY tenant_id, terminal_id, business_date", (tenant,))
        cur.execute("SELECT id FROM shifts WHERE tenant_id = %s ORDER BY opened_date DESC, id "
                    "LIMIT 1", (tenant,))
        row = cur.fetchone()
        conn.commit()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE sales")
        conn.execute("VACUUM ANALYZE shifts")
    assert row is not None
    return str(row[0])


def _plans(dsn: str, tenant: int, first: str, last: str) -> None:
    """The plans of the list's page query, plain and filtered (printed, for the docs)."""
    queries = {
        "first page": "",
        "branch + cashier": "AND branch_code = 'B02' AND user_email = 'cashier1@bench.test' ",
        "product": "AND id IN (SELECT sale_id FROM sale_items WHERE tenant_id = %(t)s "
                   "AND sku IN ('GH-0004')) ",
    }
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        for name, extra in queries.items():
            cur.execute(
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM sales "
                "WHERE tenant_id = %(t)s AND business_date >= %(first)s "
                f"AND business_date <= %(last)s AND status = 'completed' {extra}"
                "ORDER BY business_date DESC, terminal_time DESC, id DESC LIMIT 51",
                {"t": tenant, "first": first, "last": last})
            plan = "\n    ".join(r[0] for r in cur.fetchall())
            print(f"# plan, {name}:\n    {plan}", flush=True)


def _in_process(url: str, tenant: int, *, first: str, last: str, shift: str,
                rounds: int) -> Iterator[Metric]:
    """Each page's own work (its queries through the ORM, no HTTP), the fastest of
    ``rounds``: what a loaded machine's noise cannot inflate much."""
    from sync_server.context import ServerContext
    from sync_server.reports import completeness
    from sync_server.reports import sales_list as sl
    from sync_server.reports import shifts as sh

    month = sl.SaleFilters(first, last)
    method = sl.SaleFilters(first, last, method="momo", low=10_000, high=40_000)
    product = sl.SaleFilters(first, last, skus=("GH-0004",))
    shifts = sh.ShiftFilters(first, last)
    work = {
        "list_page": lambda s: sl.sales_page(s, month),
        "list_totals_summaries": lambda s: sl.totals(s, month),
        "list_page_method_amount": lambda s: sl.sales_page(s, method),
        "list_totals_method_amount": lambda s: sl.totals(s, method),
        "list_page_product": lambda s: sl.sales_page(s, product),
        "list_totals_product": lambda s: sl.totals(s, product),
        "lines_page": lambda s: sl.lines_page(s, month),
        "branch_states": lambda s: completeness.branch_states(
            s, datetime.now(UTC), last_day=last),
        "shift_list": lambda s: sh.shift_list(s, shifts),
        "shift_detail": lambda s: sh.shift_detail(s, shift),
        "variance_report": lambda s: sh.variance_report(s, shifts),
    }
    ctx = ServerContext.open(url)
    try:
        for name, job in work.items():
            best = float("inf")
            for _ in range(rounds):
                with ctx.scope(tenant) as scope:
                    started = time.perf_counter()
                    job(scope)
                    best = min(best, time.perf_counter() - started)
            yield Metric(f"hq_inprocess_{name}_min_ms", best * 1000, "ms",
                         note="in-process, fastest of the rounds")
    finally:
        ctx.close()


def run(quick: bool) -> Iterator[Metric]:
    sales = 10_000 if quick else 200_000
    rounds = 10 if quick else 20
    name = f"bisama_bench_hq_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    dsn = f"host=127.0.0.1 port=5432 user=postgres dbname={name}"
    process = None
    try:
        tenant = _setup(url)
        started = time.perf_counter()
        _generate(dsn, tenant, sales)
        shift = _shifts(dsn, tenant)
        yield Metric("hq_data_generation_s", time.perf_counter() - started, "s",
                     note=f"{sales * 5:,} sale lines, {sales:,} sales, shifts (COPY)")
        _summarise(url, tenant)
        today = datetime.now(UTC).date()
        first = (today - timedelta(days=DAYS - 1)).isoformat()
        last = today.isoformat()
        middle = (today - timedelta(days=DAYS // 2)).isoformat()
        _plans(dsn, tenant, first, last)
        yield from _in_process(url, tenant, first=first, last=last, shift=shift, rounds=rounds)
        with tempfile.TemporaryDirectory() as home:
            process, base = _serve(url, Path(home))
            with httpx.Client(base_url=base, timeout=300) as client:
                form = client.get("/dashboard/login").text
                token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form)
                assert token is not None
                reply = client.post("/dashboard/login", data={
                    "csrf_token": token.group(1), "email": "director@bench.test",
                    "password": PASSWORD, "next": "/dashboard/"})
                if reply.status_code != 303:
                    raise RuntimeError(f"sign-in failed: {reply.status_code}")
                month = f"first={first}&last={last}"
                with psycopg.connect(dsn) as conn:
                    row = conn.execute(
                        "SELECT business_date, terminal_time, id FROM sales WHERE tenant_id = %s "
                        "AND business_date = %s ORDER BY terminal_time DESC, id DESC LIMIT 1",
                        (tenant, middle)).fetchone()
                assert row is not None
                after = httpx.QueryParams({"after": f"{row[0]}|{row[1]}|{row[2]}"})
                health = percentile(_timed(client, "/api/health", rounds), 95) * 1000
                pages = [
                    ("hq_sales_list_p95_ms", f"/dashboard/receipts?{month}"),
                    ("hq_sales_list_deep_p95_ms", f"/dashboard/receipts?{month}&{after}"),
                    ("hq_sales_list_branch_cashier_p95_ms",
                     f"/dashboard/receipts?{month}&branch=B02&cashier=cashier1%40bench.test"),
                    ("hq_sales_list_method_amount_p95_ms",
                     f"/dashboard/receipts?{month}&method=momo&min=100&max=400"),
                    ("hq_sales_list_method_amount_totals_p95_ms",
                     f"/dashboard/receipts/totals?{month}&method=momo&min=100&max=400"),
                    ("hq_sales_list_product_p95_ms", f"/dashboard/receipts?{month}&product=GH-0004"),
                    ("hq_sales_list_product_totals_p95_ms",
                     f"/dashboard/receipts/totals?{month}&product=GH-0004"),
                    ("hq_sale_lines_p95_ms", f"/dashboard/receipts?{month}&view=lines"),
                    ("hq_shift_list_p95_ms", f"/dashboard/shifts?{month}"),
                    ("hq_shift_page_p95_ms", f"/dashboard/shifts/{shift}"),
                    ("hq_variance_report_p95_ms", f"/dashboard/shifts/variance?{month}"),
                ]
                for _metric, path in pages:  # every page once first: the timings below
                    client.get(path)           # are of a warm server, in any order
                for metric, path in pages:
                    p95 = percentile(_timed(client, path, rounds), 95) * 1000
                    yield Metric(metric, p95, "ms", baseline=health,
                                 note="target p95 <= 350 ms; baseline: /api/health p95")
                started = time.perf_counter()
                export = client.get(f"/dashboard/receipts.csv?first={last}&last={last}")
                if export.status_code != 200:
                    raise RuntimeError(f"export: {export.status_code}")
                yield Metric("hq_sales_list_export_day_s", time.perf_counter() - started, "s",
                             note=f"{export.text.count(chr(10)) - 4:,} rows, one day, CSV")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
