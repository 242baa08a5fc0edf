"""The built-in scheduler: the seed's slots, catching up once after a server was off,
and ``backup schedule --once`` running what is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync_server.cli import main
from sync_server.operations.crypto import load_key
from sync_server.operations.schedule import due, latest_slot, tick
from sync_server.operations.targets import LocalTarget
from tests.server.conftest import World


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_seeds_slots() -> None:
    now = at("2026-12-09T10:30:00")  # a Wednesday
    assert latest_slot("system", now) == at("2026-12-09T10:05:00")
    assert latest_slot("system", at("2026-12-09T10:04:59")) == at("2026-12-09T09:05:00")
    assert latest_slot("tenants", now) == at("2026-12-08T23:00:00")
    assert latest_slot("tenants", at("2026-12-09T23:00:00")) == at("2026-12-09T23:00:00")
    assert latest_slot("full", now) == at("2026-12-06T00:00:00")  # Sunday
    assert latest_slot("full", at("2026-12-06T00:00:00")) == at("2026-12-06T00:00:00")
    assert latest_slot("compliance", now) == at("2026-12-01T01:00:00")
    assert latest_slot("compliance", at("2026-12-01T00:59:00")) == at("2026-11-01T01:00:00")
    assert latest_slot("drill", now) == at("2026-12-08T23:30:00")  # second Tuesday
    assert latest_slot("drill", at("2026-12-08T23:00:00")) == at("2026-11-10T23:30:00")
    assert latest_slot("compliance", at("2027-01-01T00:00:00")) == at("2026-12-01T01:00:00")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_due_tiers_run_once_and_catch_up_after_a_pause(
        world: World, database_url: str, key_file: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime.now(UTC)
    assert due(world.ctx, now) == ["compliance", "full", "tenants", "system", "drill"]
    target = LocalTarget(tmp_path / "backups")
    done = tick(world.ctx, load_key(key_file), [target], now)
    assert [d.get("tier", "drill") for d in done] == ["compliance", "full", "tenants",
                                                      "system", "drill"]
    assert all(d.get("ok", True) for d in done) and done[-1]["drill"]["ok"]
    assert len(target.list()) == 8  # four backups and their manifests
    assert due(world.ctx, now) == []
    # An hour on, the system tier is due again, and so is any tier whose slot falls in
    # that hour (the nightly tenants tier when the test runs between 22:00 and 23:00).
    later = now + timedelta(hours=1)
    order = ["compliance", "full", "tenants", "system", "drill"]
    assert due(world.ctx, later) == [
        tier for tier in order if latest_slot(tier, later) != latest_slot(tier, now)]
    assert "system" in due(world.ctx, later)
    assert "tenants" in due(world.ctx, now + timedelta(days=1))  # off for a day: once
    args = ["backup", "schedule", "--once", "--db", database_url, "--key-file",
            str(key_file), "--target", str(target.root)]
    assert main([*args, "--no-reports"]) == 0
    assert "0 scheduled job(s) run" in capsys.readouterr().out
    # By default the scheduler also writes the sales reports the schedule owes (the last
    # three days and the last week; no mail server here: files only), once.
    assert main(args) == 0
    assert "4 scheduled job(s) run" in capsys.readouterr().out
    written = sorted(p.name for p in (tmp_path / "reports" / "acme.test").rglob("*.*"))
    assert len(written) == 8 and all(n.endswith((".pdf", ".xlsx")) for n in written)
    assert main(args) == 0
    assert "0 scheduled job(s) run" in capsys.readouterr().out


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_failed_run_is_not_retried_every_minute(world: World) -> None:
    """A failure has alerted: a tier is tried again 30 minutes after it failed, and a
    failed drill waits for next month's slot (or ``backup drill`` by hand)."""
    from sync_server.operations.verify import record

    now = at("2026-12-09T10:30:00")
    record(world.ctx, "backup", started=at("2026-12-09T10:10:00"), status="failed",
           tier="system", detail="the second copy was unreachable")
    record(world.ctx, "drill", started=at("2026-12-08T23:31:00"), status="failed",
           detail="no backup")
    assert due(world.ctx, now) == ["compliance", "full", "tenants"]
    assert "system" in due(world.ctx, at("2026-12-09T10:41:00"))
    assert "drill" not in due(world.ctx, at("2027-01-12T23:29:00"))
    assert "drill" in due(world.ctx, at("2027-01-12T23:30:00"))  # January's second Tuesday
