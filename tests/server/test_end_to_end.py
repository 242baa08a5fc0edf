"""The issue's end-to-end story with two tenants and two tills each: the operator sets
up with the command line, the tills enroll and sell offline, the server goes down while
they keep selling, comes back, and everything syncs — trial balance at zero, stock
exact, every sale counted once, and neither tenant sees the other."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import httpx
import pytest

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.db.engine import make_engine
from tests.server.books import check_books
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import ToyTerminal

pytestmark = pytest.mark.slow


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_two_tenants_two_tills_each_through_an_outage(
        database_url: str, testdata: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", database_url)
    cli(capsys, "db", "upgrade", *db)
    tenants = {}
    for domain, name in (("acme.bisamapos.com", "ACME Trading"),
                         ("tema.bisamapos.com", "Tema Mart")):
        tenants[domain] = cli(capsys, "tenant", "create", *db, "--name", name, "--domain", domain)
        cli(capsys, "product", "import", *db, "--tenant", domain,
            str(testdata / "catalogue_sample.csv"))
        cli(capsys, "user", "add", *db, "--tenant", domain, "--email", f"ama@{domain}",
            "--name", "Ama", "--role", "user", "--branch", "MAIN", "--pin", "1357")
    codes = {domain: [cli(capsys, "terminal", "code", *db, "--tenant", domain, "--branch",
                          "MAIN")["code"] for _ in range(2)]  # type: ignore[index]
             for domain in tenants}
    server = ServerProcess(database_url, tmp_path / "server.log").start()
    http = httpx.Client(base_url=server.url, timeout=60)
    try:
        tills: dict[str, list[ToyTerminal]] = {}
        for domain in tenants:
            tills[domain] = []
            for code in codes[domain]:
                till = ToyTerminal(http, user=f"ama@{domain}")
                till.enroll(code)
                till.pull()
                tills[domain].append(till)
        sold: dict[str, Counter[str]] = {d: Counter() for d in tenants}

        def sell(domain: str, rounds: int) -> None:
            for n, till in enumerate(tills[domain]):
                for k in range(rounds):
                    items = [("GH-0001", 1 + k % 2), (f"GH-00{10 + (n + k) % 8}", 2)]
                    till.sell(items)
                    for sku, qty in items:
                        sold[domain][sku] += qty

        for domain in tenants:  # selling offline: nothing pushed yet
            sell(domain, 15)
        for domain in tenants:
            tills[domain][0].push(batch_size=10)
        server.kill()  # the server goes down; the tills keep selling
        for domain in tenants:
            sell(domain, 10)
            with pytest.raises(httpx.TransportError):
                tills[domain][1].push()
        server.start()  # back up
        for domain in tenants:
            for till in tills[domain]:
                till.nonce = None
                till.push(batch_size=25)
                till.heartbeat()
    finally:
        http.close()
        server.stop()

    ctx = ServerContext(make_engine(database_url))
    try:
        for domain, info in tenants.items():
            tenant_id = info["tenant_id"]  # type: ignore[index]
            books = check_books(ctx, tenant_id, tills[domain])
            assert books.sales == 2 * 25  # every sale once
            report = cli(capsys, "report", "trial-balance", *db, "--tenant", domain)
            assert report["total_debit"] == report["total_credit"]  # type: ignore[index]
            stock = cli(capsys, "report", "stock", *db, "--tenant", domain)
            assert {s["sku"]: s["qty"] for s in stock} == {  # type: ignore[union-attr,index]
                sku: f"{-qty}.000" for sku, qty in sold[domain].items()}
            terminals = cli(capsys, "terminal", "list", *db, "--tenant", domain)
            assert [t["head_seq"] for t in terminals] == [25, 25]  # type: ignore[index]
    finally:
        ctx.close()
