"""Every page of each role's walk (issue [12]) with 1,000,000 sale lines: ``python -m
bench dashboard_walks [--quick]``.

The data set and server of ``bench dashboard`` (20 branches, 60 tills, 200,000 sales of
five lines over 30 days on PostgreSQL, a real ``bisama-sync serve``); a director signed
in — the role that sees the most (a manager's pages are the same pages over one branch,
an accountant's the director's less the back office). Each page's p95 over ``rounds``
after a warm-up; baseline ``/api/health`` through the same stack. A page that does not
answer 200 is reported with its status instead of a time.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench import Metric, percentile
from bench.dashboard import DAYS, _admin, _generate, _serve, _setup, _summarise, sign_in


def _pages(first: str, last: str, month: str) -> list[tuple[str, str, str]]:
    span = f"first={first}&last={last}"
    return [
        ("director", "sync", "/dashboard/"),
        ("director", "sales_month", f"/dashboard/sales?{span}"),
        ("director", "daily_weekly", "/dashboard/sales/report"),
        ("director", "sales_list", f"/dashboard/receipts?{span}"),
        ("director", "sales_list_totals", f"/dashboard/receipts/totals?{span}"),
        ("director", "sale_lines", f"/dashboard/receipts?{span}&view=lines"),
        ("director", "shifts", f"/dashboard/shifts?{span}"),
        ("director", "variances", f"/dashboard/shifts/variance?{span}"),
        ("accountant", "trial_balance", f"/dashboard/ledger/trial-balance?period={month}"),
        ("accountant", "profit_loss", f"/dashboard/ledger/profit-loss?first={month}&period={month}"),
        ("accountant", "balance_sheet", "/dashboard/ledger/balance-sheet"),
        ("accountant", "tax_reconciliation", f"/dashboard/ledger/tax?period={month}"),
        ("accountant", "vat_return", f"/dashboard/ledger/vat-return?period={month}"),
        ("accountant", "month_end", "/dashboard/ledger/periods"),
        ("accountant", "month_checklist", f"/dashboard/ledger/periods/{month}"),
        ("accountant", "general_ledger", f"/dashboard/books/gl?{span}"),
        ("accountant", "journals_by_hand", "/dashboard/books/jv"),
        ("accountant", "receivables", "/dashboard/books/receivables"),
        ("manager", "stock", "/dashboard/stock"),
        ("manager", "stock_value", "/dashboard/inventory/value"),
        ("manager", "reorder", "/dashboard/inventory/reorder"),
        ("manager", "transfers", "/dashboard/inventory/transfers"),
        ("manager", "held", "/dashboard/held"),
        ("manager", "drivers", "/dashboard/drivers"),
        ("manager", "drawers", f"/dashboard/books/drawers?{span}"),
        ("admin", "users", "/dashboard/admin/users"),
        ("admin", "branches", "/dashboard/admin/branches"),
        ("admin", "terminals", "/dashboard/admin/terminals"),
        ("admin", "activity_log", "/dashboard/admin/activity"),
        ("admin", "access_rights", "/dashboard/access"),
        ("admin", "backups_reports", "/dashboard/backups"),
        ("admin", "evat", "/dashboard/evat"),
    ]


def run(quick: bool) -> Iterator[Metric]:
    sales = 10_000 if quick else 200_000
    rounds = 5 if quick else 15
    name = f"bisama_bench_walk_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    process = None
    try:
        tenant = _setup(url)
        _generate(f"host=127.0.0.1 port=5432 user=postgres dbname={name}", tenant, sales)
        _summarise(url, tenant)
        with tempfile.TemporaryDirectory() as home:
            process, base = _serve(url, Path(home))
            with httpx.Client(base_url=base, timeout=300) as client:
                sign_in(client)
                today = datetime.now(UTC).date()
                first = (today - timedelta(days=DAYS - 1)).isoformat()
                health = _p95(client, "/api/health", rounds)[0]
                for role, page, path in _pages(first, today.isoformat(), today.strftime("%Y-%m")):
                    p95, status = _p95(client, path, rounds)
                    yield Metric(f"walk_{role}_{page}_p95_ms", p95, "ms", baseline=health,
                                 note=f"{path}; {sales * 5:,} sale lines; baseline /api/health"
                                      + ("" if status == 200 else f"; ANSWERED {status}"))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _p95(client: httpx.Client, path: str, rounds: int) -> tuple[float, int]:
    status = client.get(path).status_code  # warm
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        status = client.get(path).status_code
        samples.append(time.perf_counter() - started)
    return percentile(samples, 95) * 1000, status
