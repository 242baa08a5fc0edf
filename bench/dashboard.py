"""``python -m bench dashboard [--quick]``: the head-office pages on a big tenant.

A tenant with 20 branches, 60 tills and 1,000,000 sale lines (200,000 sales of five
lines over 30 days; ``--quick``: 10,000 sales) on PostgreSQL, generated with COPY into
a fresh database (never committed). A real ``bisama-sync serve`` process serves the
dashboard; a signed-in director's requests are timed from outside:

* ``dashboard_sync_page_p95_ms`` — the sync dashboard (branches, 60 tills, held, alerts)
* ``dashboard_sync_panel_p95_ms`` — its self-refreshing part (what htmx polls)
* ``dashboard_monthly_sales_p95_ms`` — the sales page for the 30 days (totals, by day,
  hour, branch, till, cashier, method, top products, returns, voids)
* ``dashboard_monthly_top_products_p95_ms`` — its best sellers, which the page loads
  right after it is shown (they add up every sale line of the month)
* ``dashboard_weekly_report_p95_ms`` — the SOP's daily and weekly sales report

The sales are COPYed, not merged, so the per-day summaries the sales pages read are then
built with ``report summaries --rebuild`` (timed as ``dashboard_summary_rebuild_s``).

Baseline: ``/api/health`` through the same server and network stack (the floor any
page pays). Target from the issue: p95 ≤ 300 ms per page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

from bench import Metric, percentile

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
DOMAIN = "bench.bisamapos.com"
PASSWORD = "bench director password"
ROOT = Path(__file__).resolve().parent.parent
BRANCHES = 20
TILLS = 60
LINES = 5
DAYS = 30


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql)


def _setup(url: str) -> int:
    from sync_server.audit.services import Actor
    from sync_server.catalogue.services import import_catalogue
    from sync_server.context import ServerContext
    from sync_server.db.migrate import upgrade
    from sync_server.tenants.services import add_branch, add_user, create_tenant

    actor = Actor("cli", "bench")
    ctx = ServerContext.open(url)
    try:
        upgrade(ctx.engine)
        info = create_tenant(ctx, actor, name="Bench Trading", domain=DOMAIN)
        with ctx.scope(info.id) as scope:
            import_catalogue(ctx, scope, actor,
                             (ROOT / "resources" / "testdata" / "catalogue_sample.csv").read_text())
            for number in range(2, BRANCHES + 1):
                add_branch(ctx, scope, actor, code=f"B{number:02d}", name=f"Branch {number}")
            add_user(ctx, scope, actor, email="director@bench.test", name="Bench Director",
                     role="director", branch=None, pin=None, password=PASSWORD)
        return info.id
    finally:
        ctx.close()


def _generate(dsn: str, tenant: int, sales: int) -> None:
    """Tills, heartbeats, sales, lines, tenders, stored envelopes and stock levels, by COPY."""
    now = datetime.now(UTC)
    today = now.date()
    branches = ["MAIN"] + [f"B{n:02d}" for n in range(2, BRANCHES + 1)]
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT sku, name, unit, cost_price FROM inv_products WHERE tenant_id = %s "
                    "ORDER BY sku", (tenant,))
        products = cur.fetchall()
        cur.execute("SELECT sku, price FROM prices WHERE tenant_id = %s AND price_list = "
                    "'retail'", (tenant,))
        prices: dict[str, int] = dict(cur.fetchall())
        tills = [(str(uuid.uuid4()), branches[n % BRANCHES], f"Till {n + 1}") for n in range(TILLS)]
        with cur.copy("COPY terminals (tenant_id, id, branch_code, name, public_key, status, "
                      "enrolled_at, head_seq, head_hash, app_version, last_seen_at, last_push_at, "
                      "clock_skew_ms, forks) FROM STDIN") as copy:
            for n, (tid, branch, name) in enumerate(tills):
                seen = now - timedelta(seconds=30 if n % 7 else 3600)
                copy.write_row((tenant, tid, branch, name, "0" * 64, "active", now, sales // TILLS,
                                "0" * 64, "1.0.0", seen, seen, 120 * (n % 5), 0))
        with cur.copy("COPY terminal_heartbeats (tenant_id, terminal_id, received_at, "
                      "terminal_time, clock_skew_ms, outbox_depth, oldest_unsynced_seconds, "
                      "app_version, printer_status, power_source, battery_percent) FROM STDIN"
                      ) as copy:
            for n, (tid, _, _) in enumerate(tills):
                copy.write_row((tenant, tid, now, now.isoformat(), 120 * (n % 5), n % 4,
                                60 if n % 4 else None, "1.0.0", "ok" if n % 9 else "paper_out",
                                "mains" if n % 5 else "battery", 100 if n % 5 else 55))
        sale_cols = ("tenant_id, id, receipt_no, terminal_id, seq, branch_code, location_code, "
                     "user_email, shift_id, business_date, terminal_time, received_at, "
                     "customer_id, customer_tin, price_list, inclusive, regime, order_discount, "
                     "discount, net, vat, nhil, getfund, covid, gross, cost, change, status, "
                     "void_id, posting_status, error_message")
        item_cols = ("tenant_id, sale_id, line_no, sku, name, unit, unit_factor_milli, qty_milli, "
                     "unit_price, tax_code, unit_cost, line_discount, order_discount, "
                     "price_override, list_amount, amount, list_net, net, vat, nhil, getfund, "
                     "covid, gross, cost")
        pay_cols = ("tenant_id, envelope_id, tender_no, kind, sale_id, customer_id, method, "
                    "provider, reference, amount, tendered, branch_code, terminal_id, user_email, "
                    "business_date, received_at")
        env_cols = ("tenant_id, terminal_id, seq, fork_no, envelope_id, hash, kind, branch_code, "
                    "user_email, business_date, terminal_time, received_at, status, reason_code, "
                    "reason, posting_status, late, body")
        methods = [("cash", None), ("momo", "mtn"), ("card", None), ("momo", "telecel"),
                   ("cash", None), ("momo", "airteltigo")]
        seqs = [0] * TILLS
        rows_sales: list[tuple[object, ...]] = []
        rows_items: list[tuple[object, ...]] = []
        rows_pay: list[tuple[object, ...]] = []
        rows_env: list[tuple[object, ...]] = []

        def flush() -> None:
            for table, cols, rows in (("sales", sale_cols, rows_sales),
                                      ("sale_items", item_cols, rows_items),
                                      ("payments", pay_cols, rows_pay),
                                      ("sync_envelopes", env_cols, rows_env)):
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                rows.clear()

        for n in range(sales):
            t = n % TILLS
            tid, branch, _ = tills[t]
            seqs[t] += 1
            # Every till sells on every day of the range (a till's sales spread over it).
            day = (today - timedelta(days=(n // TILLS) % DAYS)).isoformat()
            hour = 7 + (n * 7) % 13
            stamp = f"{day}T{hour:02d}:{n % 60:02d}:00+00:00"
            sale_id = str(uuid.uuid4())
            gross_total = vat_total = levy_total = cost_total = 0
            for line in range(1, LINES + 1):
                sku, name, unit, cost = products[(n * 3 + line * 11) % len(products)]
                qty = 1 + (n + line) % 3
                gross = prices.get(sku, 100) * qty
                vat, levy = gross * 15 // 120, gross * 25 // 1200
                gross_total += gross
                vat_total += vat
                levy_total += levy
                cost_total += cost * qty
                rows_items.append((tenant, sale_id, line, sku, name, unit, 1000, qty * 1000,
                                   gross // qty, "B", cost, 0, 0, False, gross, gross,
                                   gross - vat - 2 * levy, gross - vat - 2 * levy, vat, levy, levy,
                                   0, gross, cost * qty))
            voided = n % 500 == 7
            rows_sales.append((tenant, sale_id, f"{branch}-{t:02d}-{seqs[t]:06d}", tid, seqs[t],
                               branch, "SHOP", f"cashier{t % 12}@bench.test", tid, day, stamp,
                               now, None, None, "retail", True, "GH-2026", 0, 0,
                               gross_total - vat_total - 2 * levy_total, vat_total, levy_total,
                               levy_total, 0, gross_total, cost_total, 0,
                               "voided" if voided else "completed", None, "posted", None))
            method, provider = methods[n % len(methods)]
            rows_pay.append((tenant, sale_id, 1, "sale", sale_id, None, method, provider, None,
                             gross_total, gross_total, branch, tid, f"cashier{t % 12}@bench.test",
                             day, now))
            rows_env.append((tenant, tid, seqs[t], 0, sale_id, "0" * 64, "sale", branch,
                             f"cashier{t % 12}@bench.test", day, stamp, now,
                             "held" if n % 20000 == 11 else "stored",
                             "unknown_product" if n % 20000 == 11 else None,
                             "Not in the catalogue: GH-9999" if n % 20000 == 11 else None,
                             "posted", False, '{"payload": {}}'))
            if len(rows_sales) >= 20000:
                flush()
        flush()
        with cur.copy("COPY inv_stock_levels (tenant_id, branch_code, location_code, sku, "
                      "qty_milli) FROM STDIN") as copy:
            for branch in branches:
                for number, (sku, *_rest) in enumerate(products):
                    copy.write_row((tenant, branch, "SHOP", sku, (number % 40 - 3) * 1000))
        conn.commit()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _summarise(url: str, tenant: int) -> None:
    """Build the per-day summaries of the COPYed sales the way ``bisama-sync report
    summaries --rebuild`` does (the merge keeps them in step; COPY bypasses the merge)."""
    from sync_server.context import ServerContext
    from sync_server.reports.summaries import rebuild

    ctx = ServerContext.open(url)
    try:
        with ctx.scope(tenant) as scope:
            rebuild(scope)
    finally:
        ctx.close()
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={dbname}",
                         autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _serve(url: str, home: Path) -> tuple[subprocess.Popen[bytes], str]:
    sock_port = _free_port()
    env = {**os.environ, "BISAMA_DASHBOARD_SECRET": "bench-secret-0123456789abcdef",
           "BISAMA_DASHBOARD_TOTP_REQUIRED": "off",  # the bench signs in with a password only
           "BISAMA_SERVER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sync_server", "serve", "--db", url, "--port", str(sock_port),
         "--default-tenant", DOMAIN, "--insecure-cookies", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{sock_port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sign_in(client: httpx.Client) -> None:
    """The bench's director, signed in through the form (as a browser does)."""
    form = client.get("/dashboard/login").text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form)
    assert token is not None
    reply = client.post("/dashboard/login", data={
        "csrf_token": token.group(1), "email": "director@bench.test",
        "password": PASSWORD, "next": "/dashboard/"})
    if reply.status_code != 303:
        raise RuntimeError(f"sign-in failed: {reply.status_code}")


def _timed(client: httpx.Client, path: str, rounds: int) -> list[float]:
    samples = []
    client.get(path)  # warm
    for _ in range(rounds):
        started = time.perf_counter()
        reply = client.get(path)
        samples.append(time.perf_counter() - started)
        if reply.status_code != 200:
            raise RuntimeError(f"{path}: {reply.status_code} {reply.text[:300]}")
    return samples


def run(quick: bool) -> Iterator[Metric]:
    sales = 10_000 if quick else 200_000
    rounds = 10 if quick else 30
    name = f"bisama_bench_dash_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    process = None
    try:
        tenant = _setup(url)
        started = time.perf_counter()
        _generate(f"host=127.0.0.1 port=5432 user=postgres dbname={name}", tenant, sales)
        yield Metric("dashboard_data_generation_s", time.perf_counter() - started, "s",
                     note=f"{sales * LINES:,} sale lines, {sales:,} sales, {TILLS} tills, "
                          f"{BRANCHES} branches (COPY)")
        started = time.perf_counter()
        _summarise(url, tenant)
        yield Metric("dashboard_summary_rebuild_s", time.perf_counter() - started, "s",
                     note="report summaries --rebuild of the generated sales")
        with tempfile.TemporaryDirectory() as home:
            process, base = _serve(url, Path(home))
            with httpx.Client(base_url=base, timeout=120) as client:
                sign_in(client)
                today = datetime.now(UTC).date()
                first = (today - timedelta(days=DAYS - 1)).isoformat()
                health = percentile(_timed(client, "/api/health", rounds), 95) * 1000
                pages = [("dashboard_sync_page_p95_ms", "/dashboard/"),
                         ("dashboard_sync_panel_p95_ms", "/dashboard/sync/panel"),
                         ("dashboard_monthly_sales_p95_ms",
                          f"/dashboard/sales?first={first}&last={today.isoformat()}"),
                         ("dashboard_monthly_top_products_p95_ms",
                          f"/dashboard/sales/top?first={first}&last={today.isoformat()}"),
                         ("dashboard_weekly_report_p95_ms", "/dashboard/sales/report")]
                for metric, path in pages:
                    p95 = percentile(_timed(client, path, rounds), 95) * 1000
                    yield Metric(metric, p95, "ms", baseline=health,
                                 note="target p95 <= 300 ms; baseline: /api/health p95")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
