"""The issue's "Done means" story with real tills: two tenants, a real ``Till`` each,
set up by the operator's command line, enrolled with ``bisama-terminal enroll``, selling
(with returns) before they ever sync, the server killed while they keep selling, a
failed sync, the server back, ``bisama-terminal sync --once`` — then the trial balance
of each tenant is zero, stock at head office is exactly what the till counts, every
sale is there once, and neither tenant sees the other's."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from sync_server.cli import main as server_cli
from sync_server.context import ServerContext
from sync_server.db.engine import make_engine
from sync_server.sales.models import Sale
from terminal.cli import EXIT_OFFLINE
from terminal.cli import main as till_cli
from tests.server.books import check_books
from tests.server.server_process import ServerProcess

pytestmark = pytest.mark.slow

TENANTS = (("acme.bisamapos.com", "ACME Trading"), ("tema.bisamapos.com", "Tema Mart"))


def admin(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert server_cli([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def till(capsys: pytest.CaptureFixture[str], data: Path, *args: str, expect: int = 0) -> str:
    code = till_cli(["--data-dir", str(data), "--backup-dir", str(data / "backups"), *args])
    out = capsys.readouterr()
    assert code == expect, out.err
    return out.out


def local(data: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(data / "bisama-terminal.sqlite3")
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="pg", marks=pytest.mark.pg)])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Head office's database: SQLite (no setup) and the production PostgreSQL."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_database_url"))
    return f"sqlite:///{tmp_path / 'central.sqlite3'}"


def test_two_tenants_two_tills_through_an_outage(tmp_path: Path, testdata: Path, monkeypatch, central_url: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", "end to end")
    url = central_url
    db = ("--db", url)
    admin(capsys, "db", "upgrade", *db)
    tenant_ids = {}
    codes = {}
    for domain, name in TENANTS:
        tenant_ids[domain] = admin(capsys, "tenant", "create", *db, "--name", name, "--domain", domain)["tenant_id"]  # type: ignore[index]
        admin(capsys, "product", "import", *db, "--tenant", domain, str(testdata / "catalogue_sample.csv"))
        for email, role, pin in ((f"ama@{domain}", "user", "1357"), (f"kwame@{domain}", "manager", "7310")):
            admin(capsys, "user", "add", *db, "--tenant", domain, "--email", email, "--name", email,
                  "--role", role, "--branch", "MAIN", "--pin", pin)
        codes[domain] = admin(capsys, "terminal", "code", *db, "--tenant", domain, "--branch", "MAIN")["code"]  # type: ignore[index]
    capsys.readouterr()

    server = ServerProcess(url, tmp_path / "server.log").start()
    tills = {domain: tmp_path / domain for domain, _ in TENANTS}
    try:
        for domain, _name in TENANTS:
            # Enroll (and the first sync brings the catalogue and the users down).
            summary = json.loads(till(capsys, tills[domain], "enroll", "--server", server.url,
                                      "--code", codes[domain], "--json"))
            assert summary["first_sync"]["ok"], summary
            # Selling before any sync: nothing goes up yet.
            till(capsys, tills[domain], "simulate", "--real-sales", "--sales", "12", "--seed", "1", "--returns", "20")
        server.kill()  # head office goes down; the tills keep selling
        for domain, _name in TENANTS:
            till(capsys, tills[domain], "simulate", "--real-sales", "--sales", "8", "--seed", "2", "--returns", "20",
                 "--close-shift")
            out = till(capsys, tills[domain], "sync", "--once", "--json", expect=EXIT_OFFLINE)
            assert json.loads(out)["outcome"] == "offline"
            status = json.loads(till(capsys, tills[domain], "status", "--json"))["sync"]
            assert status["connection"] == "offline" and status["backlog"] > 20
            assert "waiting since" in status["last_error"]
        server.start()  # back up
        for domain, _name in TENANTS:
            report = json.loads(till(capsys, tills[domain], "sync", "--once", "--json"))
            assert report["ok"] and report["backlog"] == 0 and report["held"] == 0, report
            status = json.loads(till(capsys, tills[domain], "status", "--json"))["sync"]
            assert status["connection"] == "online" and status["last_error"] is None
    finally:
        server.stop()

    ctx = ServerContext(make_engine(url))
    try:
        for domain, _name in TENANTS:
            data = tills[domain]
            # Every sale once: head office has exactly the till's sales, and the envelopes
            # are the till's, each once.
            books = check_books(ctx, tenant_ids[domain])
            [(local_sales, local_gross)] = local(data, "SELECT count(*), sum(gross) FROM sales WHERE status = 'completed'")
            assert books.sales == local_sales == 20 and books.gross == local_gross
            [(envelopes,)] = local(data, "SELECT count(*) FROM outbox")
            assert books.envelopes == envelopes
            # The books balance.
            balance = admin(capsys, "report", "trial-balance", *db, "--tenant", domain)
            assert balance["total_debit"] == balance["total_credit"]  # type: ignore[index]
            # Stock at head office is exactly the till's count of what it sold and took back.
            stock = admin(capsys, "report", "stock", *db, "--tenant", domain)
            server_stock = {s["sku"]: s["qty"] for s in stock if s["qty"] != "0.000"}  # type: ignore[union-attr,index]
            till_stock = {sku: _milli(qty) for sku, qty in
                          local(data, "SELECT sku, qty_milli FROM stock_levels WHERE qty_milli != 0")}
            assert server_stock == till_stock and server_stock
            [(moved,)] = local(data, "SELECT count(DISTINCT sku) FROM stock_moves")
            assert len(till_stock) <= moved
            # Each tenant holds exactly its own till's sales: none of the other's.
            with ctx.scope(tenant_ids[domain]) as scope:
                server_ids = set(scope.scalars(select(Sale.id)))
            assert server_ids == {r[0] for r in local(data, "SELECT id FROM sales")}
    finally:
        ctx.close()


def _milli(value: object) -> str:
    """Thousandths (the till's integer stock) as the server's 3-place quantity text."""
    milli = int(value)  # type: ignore[call-overload]
    sign = "-" if milli < 0 else ""
    whole, part = divmod(abs(milli), 1000)
    return f"{sign}{whole}.{part:03d}"
