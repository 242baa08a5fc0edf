"""A till prunes acknowledged envelopes and receipts older than its set age once head
office reports them in a verified backup (the heartbeat's ``backed_up_through``): it
keeps what is not acknowledged, the chain head, and any sale a refund refers to; its
chain still verifies from the kept anchor, and it sells and syncs on."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from sync_server.operations.verify import record
from terminal.cli import main
from terminal.clock import ManualClock
from terminal.errors import NotFound
from terminal.returns import ReturnItem
from terminal.store.db import Database
from terminal.store.pruned import chain_anchor
from terminal.sync.record import load_record
from tests.sync.conftest import KEY_PASSPHRASE, MANAGER, MANAGER_PIN, MILO, OIL

AS_MANAGER = {"user": MANAGER, "pin": MANAGER_PIN}  # refunds need no approval


def _seqs(db: Database, sql: str) -> list[object]:
    return [r[0] for r in db.query(sql)]


def test_old_backed_up_envelopes_are_pruned_and_the_till_sells_on(  # type: ignore[no-untyped-def]
        world, live, make_till, capsys, monkeypatch) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    clock = ManualClock(now - timedelta(days=120))
    t = make_till(clock=clock)
    t.enroll(live.url, world.code())
    assert t.sync().ok
    old = [t.sell(OIL, **AS_MANAGER), t.sell(MILO, **AS_MANAGER), t.sell(OIL, MILO, **AS_MANAGER)]
    t.till.returns.refund(old[1], [ReturnItem(1, Decimal("1"))], reason="damaged tin")
    report = t.sync()
    assert report.ok and report.backlog == 0, report.message
    old_head = t.till.outbox.head()

    clock.set(now)
    t.till.close()
    t.reopen()
    assert t.till.clock.now().date() == now.date()
    fresh = t.sell(OIL, **AS_MANAGER)  # today's, not synced yet
    db = t.till.db

    # No verified backup at head office: nothing goes.
    assert t.sync(push=False, pull=False).ok
    assert load_record(db).server_backed_up_through is None
    assert t.till.prune().envelopes == 0
    # A verified backup at head office; the heartbeat brings its reach down.
    at = datetime.now(UTC)
    record(world.ctx, "backup", started=at, status="ok", tier="tenants", file="t.bkp", sha256="b" * 64)
    record(world.ctx, "verify", started=at, status="ok", tier="tenants", file="t.bkp", sha256="b" * 64)
    assert t.sync(push=False, pull=False).ok
    assert load_record(db).server_backed_up_through == old_head.seq

    outbox_before = _seqs(db, "SELECT seq FROM outbox ORDER BY seq")
    dry = t.till.prune(dry_run=True)
    assert dry.dry_run and dry.envelopes == old_head.seq and dry.through_seq == old_head.seq
    assert _seqs(db, "SELECT seq FROM outbox ORDER BY seq") == outbox_before
    # Today's pending sale is the head here, so every old envelope may go.
    bite = t.till.prune(most=2)  # a bounded bite, as at start-up and shift close
    assert bite.envelopes == 2 and bite.through_seq == 2 == chain_anchor(db).seq
    assert t.till.check().ok
    pruned = t.till.prune()
    assert bite.envelopes + pruned.envelopes == old_head.seq
    assert pruned.through_seq == old_head.seq
    assert bite.sales + pruned.sales == 2  # the refunded sale stays: its refund refers to it
    kept = _seqs(db, "SELECT seq FROM outbox ORDER BY seq")
    assert kept == [s for s in outbox_before if s > old_head.seq] and kept
    assert _seqs(db, "SELECT status FROM outbox ORDER BY seq") == ["pending"] * len(kept)
    receipts = _seqs(db, "SELECT receipt_no FROM sales ORDER BY seq")
    assert receipts == [old[1], fresh]
    assert chain_anchor(db).seq == old_head.seq and chain_anchor(db).hash == old_head.hash
    check = t.till.check()
    assert check.ok, check.problems
    with pytest.raises(NotFound, match="keeps sales of the last 90 days only"):
        t.till.returns.find(old[0])
    # Pending envelopes and the head can never be deleted, prune or not.
    with pytest.raises(sqlite3.IntegrityError), db.transaction() as conn:
        conn.execute("INSERT INTO prune_gate (open) VALUES (1)")
        conn.execute("DELETE FROM outbox WHERE seq = ?", (kept[-1],))
    assert t.till.prune().envelopes == 0  # nothing new

    # It sells and syncs on; head office takes it all without a gap or fork.
    t.sell(MILO, **AS_MANAGER)
    report = t.sync()
    assert report.ok and report.backlog == 0, report.message
    assert t.till.check().ok

    # The command line: with the sale just synced not yet in a backup, nothing more goes.
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", KEY_PASSPHRASE)
    t.till.close()
    capsys.readouterr()
    code = main(["--data-dir", str(t.data_dir), "--backup-dir", str(t.backup_dir), "prune",
                 "--older-than", "1", "--dry-run", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["envelopes"] == 0
    assert main(["--data-dir", str(t.data_dir), "prune", "--older-than", "0"]) == 2
    t.reopen()

    # Months later, everything acknowledged and backed up: all but the chain head goes,
    # at start-up by itself, and the till still checks, sells and syncs.
    at = datetime.now(UTC)
    record(world.ctx, "backup", started=at, status="ok", tier="full", file="u.bkp", sha256="c" * 64)
    record(world.ctx, "verify", started=at, status="ok", tier="full", file="u.bkp", sha256="c" * 64)
    assert t.sync().ok
    head = t.till.outbox.head()
    clock.advance(days=100)
    t.reopen()
    db = t.till.db
    assert _seqs(db, "SELECT seq FROM outbox") == [head.seq]
    assert chain_anchor(db).seq == head.seq - 1
    assert t.till.check().ok
    t.sell(OIL, **AS_MANAGER)
    report = t.sync()
    assert report.ok and report.backlog == 0, report.message


def test_the_age_is_a_till_setting(make_till, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    t = make_till()
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", KEY_PASSPHRASE)
    t.till.close()
    base = ["--data-dir", str(t.data_dir), "--backup-dir", str(t.backup_dir)]
    assert main([*base, "setup", "--prune-after-days", "30"]) == 0
    assert main([*base, "setup", "--prune-after-days", "0"]) == 2
    capsys.readouterr()
    assert main([*base, "prune", "--json"]) == 0
    assert "not reported a verified backup" in json.loads(capsys.readouterr().out)["why"]
    t.reopen()
    assert t.till.settings.prune_after_days == 30
