"""``bisama-sync archive run|list|verify|restore`` on SQLite, PostgreSQL and MariaDB: the
envelope bodies of closed, backed-up months leave the live table for a checksummed file;
the trial balance, P&L, VAT return and sales reports of every month are the same before,
after archiving and after a restore; a damaged file fails verification and restores
nothing; the till still sells and syncs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sync_server.audit.models import ActivityLog
from sync_server.cli import main
from sync_server.closing.vat_return import vat_return
from sync_server.context import ServerContext
from sync_server.operations.month_archive import cutoff, marker
from sync_server.operations.verify import record
from sync_server.periods.services import bounds, close_period
from sync_server.reports.ledger import profit_and_loss, trial_balance
from sync_server.reports.sales_detail import overview
from sync_server.reports.stock_detail import movements
from sync_server.sync.models import StoredEnvelope
from tests.books.stock import receive
from tests.server.conftest import TillFactory, World

MONTHS = ("2026-10", "2026-11", "2026-12")


def _clock(month: str) -> Callable[[], datetime]:
    year, mon = (int(x) for x in month.split("-"))
    return lambda: datetime(year, mon, 5 if month == "2026-12" else 18, 10, 0, tzinfo=UTC)


def _reports(ctx: ServerContext, tenant: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    with ctx.scope(tenant) as scope:
        for month in MONTHS:
            first, last = bounds(month)
            found[month] = {"tb": trial_balance(scope, period=month).to_json(),
                            "stock": [m for m in movements(scope, "GH-0001")
                                      if m["date"].startswith(month)],
                            "pl": profit_and_loss(scope, first=month, last=month),
                            "vat": vat_return(scope, month),
                            "sales": overview(scope, first, last)}
    return found


def _bodies(ctx: ServerContext, tenant: int) -> dict[tuple[str, int, int], str]:
    with ctx.scope(tenant) as scope:
        return {(r.terminal_id, r.seq, r.fork_no): r.body
                for r in scope.scalars(select(StoredEnvelope))}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, (json.loads(out) if out.strip() else {})


def test_archive_run_verify_restore_and_the_reports_stay_equal(
        world: World, till: TillFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    ctx = world.ctx
    sold = {}
    for month in MONTHS:
        t = till(clock=_clock(month), business_date=f"{month}-{'05' if month == '2026-12' else '18'}")
        for n in range(3):
            sold[month] = t.sell([("GH-0001", 1 + n), ("GH-0020", 2)])
        if month == "2026-11":
            t.refund(sold[month], [(1, "1")])
            receive(t, "GH-0001", "12", 3000, document_no="DN-77", supplier="Wilmar Ghana")
        t.push()
    with ctx.scope(world.tenant_id) as scope:
        for month in MONTHS[:2]:
            close_period(scope, month, by="manager@acme.test",
                         at=datetime.now(UTC) - timedelta(hours=1))
    before = _reports(ctx, world.tenant_id)
    bodies = _bodies(ctx, world.tenant_id)
    folder = tmp_path / "archives"
    common = ["--db", database_url]

    # Closed, but no verified backup since: nothing moves.
    code, data = _run(capsys, "archive", "run", *common, "--tenant", world.domain,
                      "--before", "2026-12", "--folder", str(folder))
    assert code == 0 and data["archived"] == []
    assert {m["month"]: m["why"] for m in data["months"]} == {
        "2026-10": "no verified backup was taken since the month closed",
        "2026-11": "no verified backup was taken since the month closed"}
    assert t.heartbeat()["backed_up_through"] is None  # the tills may not prune yet
    # A backup that was not verified does not count; a verified one does.
    now = datetime.now(UTC)
    record(ctx, "backup", started=now, status="ok", tier="full", file="a.bkp", sha256="a" * 64)
    code, data = _run(capsys, "archive", "run", *common, "--tenant", world.domain,
                      "--before", "2026-12", "--folder", str(folder), "--dry-run")
    assert all(not m["ready"] for m in data["months"])
    record(ctx, "verify", started=now, status="ok", tier="full", file="a.bkp", sha256="a" * 64)
    # The till of December hears how far head office's verified backup holds its chain.
    assert t.heartbeat()["backed_up_through"] == t.seq
    code, data = _run(capsys, "archive", "run", *common, "--tenant", world.domain,
                      "--before", "2026-12", "--folder", str(folder))
    assert code == 0, data
    assert [a["month"] for a in data["archived"]] == ["2026-10", "2026-11"]
    assert data["archived"][0]["envelopes"] >= 3 and data["archived"][1]["envelopes"] >= 4

    live = _bodies(ctx, world.tenant_id)
    assert {k for k, v in live.items() if v != bodies[k]} == {
        k for k, v in live.items() if v in (marker("2026-10"), marker("2026-11"))}
    archived = sum(len(v) for k, v in bodies.items() if live[k] != v)
    left = sum(len(v) for k, v in live.items() if bodies[k] != v)
    assert archived > 10 * left  # the bulk left the live table
    assert "DN-77 · Wilmar Ghana" in {m["document"] for m in before["2026-11"]["stock"]}
    compressed = sum(p.stat().st_size for p in folder.rglob("*.zip"))
    assert compressed < archived / 2, (compressed, archived)
    assert _reports(ctx, world.tenant_id) == before

    code, data = _run(capsys, "archive", "list", *common, "--tenant", world.domain)
    assert [(a["month"], a["status"]) for a in data["archives"]] == [
        ("2026-10", "archived"), ("2026-11", "archived")]
    code, data = _run(capsys, "archive", "verify", *common)
    assert code == 0 and data["ok"] and len(data["archives"]) == 2
    # Not twice.
    code, data = _run(capsys, "archive", "run", *common, "--tenant", world.domain,
                      "--before", "2026-12", "--folder", str(folder))
    assert code == 0 and data["archived"] == [] and data["months"] == []

    # The till still sells and syncs in the live month.
    t = till(clock=_clock("2026-12"), business_date="2026-12-05")
    t.sell([("GH-0001", 1)])
    reply = t.push()[-1]
    assert reply["stored_through"] == 1
    assert [r["status"] for r in reply["results"]] == ["stored"]

    # Restore October: the bodies are back, byte for byte, and the reports unchanged.
    code, data = _run(capsys, "archive", "restore", *common, "--tenant", world.domain,
                      "--month", "2026-10")
    assert code == 0 and data["envelopes"] >= 3
    after = _bodies(ctx, world.tenant_id)
    october = {k for k, v in bodies.items() if live[k] == marker("2026-10")}
    assert october and all(after[k] == bodies[k] for k in october)
    assert _reports(ctx, world.tenant_id)["2026-10"] == before["2026-10"]
    assert _reports(ctx, world.tenant_id)["2026-11"] == before["2026-11"]
    code, data = _run(capsys, "archive", "list", *common, "--tenant", world.domain)
    assert [(a["month"], a["status"]) for a in data["archives"]] == [
        ("2026-10", "restored"), ("2026-11", "archived")]
    with ctx.scope(world.tenant_id) as scope:  # the seed: "all access to archived data" logged
        logged = [(r.action, r.subject) for r in scope.scalars(
            select(ActivityLog).where(ActivityLog.action.like("archive.%"))
            .order_by(ActivityLog.at, ActivityLog.action))]
    assert sorted(logged) == [("archive.month", "2026-10"), ("archive.month", "2026-11"),
                              ("archive.restore", "2026-10")]
    # Archived again later: a new file beside the first, never over it.
    code, data = _run(capsys, "archive", "run", *common, "--tenant", world.domain,
                      "--before", "2026-12", "--folder", str(folder))
    assert [a["month"] for a in data["archived"]] == ["2026-10"]
    assert data["archived"][0]["file"].endswith(f"{world.domain}-2026-10-2.zip")
    again = _reports(ctx, world.tenant_id)
    assert (again["2026-10"], again["2026-11"]) == (before["2026-10"], before["2026-11"])
    code, data = _run(capsys, "archive", "verify", *common)
    assert code == 0 and data["ok"]
    code, data = _run(capsys, "archive", "restore", *common, "--tenant", world.domain,
                      "--month", "2026-10")
    assert code == 0

    # One byte of November's file damaged: verify fails, restore refuses, nothing changes.
    november = next(p for p in folder.rglob("*.zip") if "2026-11" in p.name)
    raw = bytearray(november.read_bytes())
    raw[len(raw) // 3] ^= 0x01
    november.write_bytes(bytes(raw))
    code, data = _run(capsys, "archive", "verify", *common, "--tenant", world.domain)
    assert code == 1 and not data["ok"]
    assert data["archives"][0]["month"] == "2026-11" and data["archives"][0]["problems"]
    capsys.readouterr()
    assert main(["archive", "restore", *common, "--tenant", world.domain,
                 "--month", "2026-11"]) == 2
    assert "does not match" in capsys.readouterr().err
    assert _bodies(ctx, world.tenant_id) == after | {}
    assert _reports(ctx, world.tenant_id)["2026-11"] == before["2026-11"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_open_months_and_bad_input_are_refused(world: World, till: TillFactory,
                                              database_url: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    t = till(clock=_clock("2026-11"), business_date="2026-11-18")
    t.sell([("GH-0001", 1)])
    t.push()
    code, data = _run(capsys, "archive", "run", "--db", database_url, "--tenant", world.domain,
                      "--before", "2026-12", "--folder", str(tmp_path))
    assert code == 0 and data["archived"] == []
    assert data["months"] == [{"month": "2026-11", "envelopes": 1, "ready": False,
                               "why": "the month is not closed"}]
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["archive", "run", "--db", database_url, "--tenant", world.domain,
              "--before", "2026-13"])
    assert "not a month" in capsys.readouterr().err
    assert main(["archive", "restore", "--db", database_url, "--tenant", world.domain,
                 "--month", "2026-11"]) == 2
    assert "not archived" in capsys.readouterr().err


def test_the_cutoff_keeps_this_month_and_the_months_before_it() -> None:
    from datetime import date

    assert cutoff(date(2026, 12, 6), 24) == "2025-01"
    assert cutoff(date(2026, 1, 31), 1) == "2026-01"
    assert cutoff(date(2026, 1, 31), 2) == "2025-12"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_refund_or_recovery_that_needs_an_archived_month_waits_for_its_restore(
        world: World, till: TillFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    ctx = world.ctx
    t = till(clock=_clock("2026-11"), business_date="2026-11-18")
    sales = [t.sell([("GH-0001", 1)]), t.sell([("GH-0020", 2)])]
    t.push()
    with ctx.scope(world.tenant_id) as scope:
        close_period(scope, "2026-11", by="manager@acme.test",
                     at=datetime.now(UTC) - timedelta(hours=1))
    at = datetime.now(UTC)
    record(ctx, "backup", started=at, status="ok", tier="tenants", file="a.bkp", sha256="a" * 64)
    record(ctx, "verify", started=at, status="ok", tier="tenants", file="a.bkp", sha256="a" * 64)
    common = ["--db", database_url]
    code, data = _run(capsys, "archive", "run", *common, "--tenant", world.domain,
                      "--before", "2026-12", "--folder", str(tmp_path))
    assert [a["month"] for a in data["archived"]] == ["2026-11"]

    # December: a refund and a void of November's archived sales are held, not lost.
    t.clock, t.business_date = _clock("2026-12"), "2026-12-05"
    t.refund(sales[0], [(1, "1")])
    t.void(sales[1])
    results = t.push()[-1]["results"]
    assert [r["status"] for r in results] == ["held", "held"], results
    # A till restored from an old backup cannot get November back until it is restored.
    t.restore_from_backup(0)
    reply = t.request("GET", "/api/v1/chain/envelopes?after=0&limit=100")
    assert reply.status_code == 409
    assert reply.json()["error"]["code"] == "archived"
    assert "archive restore" in reply.json()["error"]["message"]

    code, data = _run(capsys, "archive", "restore", *common, "--tenant", world.domain,
                      "--month", "2026-11")
    assert code == 0
    from sync_server.audit.services import Actor
    from sync_server.sync.held import retry_held
    from sync_server.tenants.services import require_tenant

    done = retry_held(ctx, require_tenant(ctx, world.domain), Actor("cli", "tests"))
    assert len(done["stored"]) == 2, done
    assert t.recover() == 4
