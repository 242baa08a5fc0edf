"""The operator's worst night, on SQLite, PostgreSQL and MariaDB: tills sell, the server
is backed up, the tills sell on, the database is broken; the backup is restored into a
fresh database, the tills push again and resend what the restore lacks (the server's
``seq_gap`` tells them from where), and the books are whole."""

from __future__ import annotations

import json
import random
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.notify import RecordingNotifier
from sync_server.operations.backup import run_backup
from sync_server.operations.crypto import load_key
from sync_server.operations.drill import drills, restore_drill
from sync_server.operations.models import BackupRun
from sync_server.operations.runs import recorded_runs
from sync_server.operations.targets import LocalTarget
from sync_server.security import SecretHasher
from sync_server.system_status import BackupStatus
from tests.server.books import check_books
from tests.server.conftest import LiveServer, TillFactory, World


def test_back_up_break_restore_resend_and_the_books_equal(
        world: World, till: TillFactory, database_url: str, second_url: str, key_file: Path,
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tills = [till(), till(name="Till 2")]
    for n in range(4):
        for t in tills:
            t.sell([("GH-0001", 1 + n), ("GH-0006", 1)])
    for t in tills:
        t.push()
    folder = tmp_path / "backups"
    assert main(["backup", "run", "--db", database_url, "--key-file", str(key_file),
                 "--target", str(folder), "--json"]) == 0
    backup = json.loads(capsys.readouterr().out)
    assert backup["verified"]["ok"]
    before = check_books(world.ctx, world.tenant_id, tills)
    for t in tills:  # sold after the backup: the restore will lack these
        t.sell([("GH-0020", 3)])
        t.sell([("GH-0001", 1)])
        t.push()
    whole = check_books(world.ctx, world.tenant_id, tills)
    assert whole.sales == before.sales + 4
    # Break the database: the sales' lines are gone.
    with world.ctx.engine.begin() as conn:
        conn.execute(text("DELETE FROM sale_items"))
    # Restore into a fresh database (a restore refuses one that is not empty).
    sealed = folder / "tenants" / f"{backup['name']}.bkp"
    assert main(["backup", "restore", str(sealed), "--to", database_url,
                 "--key-file", str(key_file)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["backup", "restore", str(sealed), "--to", second_url,
                 "--key-file", str(key_file), "--json"]) == 0
    restored_report = json.loads(capsys.readouterr().out)
    assert restored_report["ok"], restored_report
    restored = ServerContext.open(second_url, hasher=SecretHasher(cheap=True),
                                  notifier=RecordingNotifier(), pool_size=10)
    server = LiveServer(restored).start()
    try:
        assert check_books(restored, world.tenant_id).sales == before.sales
        for t in tills:
            t.client = httpx.Client(base_url=server.url, timeout=60)
            t.nonce, t.spare_nonces = None, []
            t.sell([("GH-0006", 2)])  # the next sale after the server came back
            reply = t.push_batch(t.pending())
            assert reply.status_code == 409 and reply.json()["refused"]["code"] == "seq_gap"
            t.acked = int(reply.json()["refused"]["expected_seq"]) - 1
            t.push()
        books = check_books(restored, world.tenant_id, tills)
        assert books.sales == whole.sales + 2
        assert books.envelopes == sum(len(t.outbox) for t in tills)
        with restored.system() as session:
            runs = [(r.kind, r.status) for r in session.scalars(select(BackupRun))]
        assert ("restore", "ok") in runs
    finally:
        server.stop()
        for t in tills:
            t.client.close()
        restored.close()


def test_the_drill_picks_a_recent_backup_verifies_and_records(
        world: World, database_url: str, key_file: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = LocalTarget(tmp_path / "backups")
    key = load_key(key_file)
    names = {run_backup(database_url, key, tier, [target]).name for tier in ("system", "full")}
    report = restore_drill(world.ctx, key, [target], server_url=database_url,
                           chooser=random.Random(7))
    assert report.ok, report.problems
    assert report.file[: -len(".bkp")] in names
    # One tenant was also restored alone into a second scratch database and checked.
    alone = report.checked["tenant"]
    assert alone["domain"] == "acme.test" and alone["rows"] > 10
    last = drills(world.ctx)[0]
    assert last.ok and last.tenant == "Acme Trading" and last.tenant_id == world.tenant_id
    assert last.seconds is not None and last.backup == report.file
    with world.ctx.system() as session:
        runs = list(session.scalars(select(BackupRun)))
    assert [(r.kind, r.status) for r in runs] == [("drill", "ok")]
    # The System page and /metrics read the recorded runs (a timer's, another process).
    summary = BackupStatus(source=recorded_runs(world.ctx)).summary()
    assert summary.drill is not None and summary.drill.ok
    assert main(["backup", "drill", "--db", database_url, "--key-file", str(key_file),
                 "--target", str(target.root)]) == 0
    assert "restore drill OK" in capsys.readouterr().out
    # With no backup at all the drill fails, records it and alerts.
    empty = restore_drill(world.ctx, key, [LocalTarget(tmp_path / "none")],
                          server_url=database_url)
    assert not empty.ok
    assert [a.kind for a in world.ctx.notifier.alerts] == ["backup_drill_failed"]  # type: ignore[attr-defined]


def test_a_backup_taken_while_tills_push_is_consistent(
        world: World, till: TillFactory, database_url: str, key_file: Path,
        tmp_path: Path) -> None:
    """Online: tills keep pushing during the copy; the copy is one moment of the database
    (its manifest, taken in the same snapshot, matches what is restored)."""
    import threading

    t = till()
    stop = threading.Event()
    pushed: list[int] = []

    def sell_and_push() -> None:
        while not stop.is_set():
            t.sell([("GH-0001", 1), ("GH-0006", 2)])
            t.push()
            pushed.append(1)

    worker = threading.Thread(target=sell_and_push)
    worker.start()
    try:
        while len(pushed) < 3:
            stop.wait(0.05)
        target = LocalTarget(tmp_path / "backups")
        key = load_key(key_file)
        results = [run_backup(database_url, key, "system", [target]) for _ in range(2)]
    finally:
        stop.set()
        worker.join(timeout=60)
    assert len(pushed) > 3
    from sync_server.operations.backup import MANIFEST
    from sync_server.operations.verify import verify_backup

    counts = []
    for result in results:
        sealed = target.root / "system" / f"{result.name}.bkp"
        report = verify_backup(key, sealed, sealed.with_name(result.name + MANIFEST),
                               server_url=database_url)
        assert report.ok, report.problems
        counts.append(result.manifest["tables"]["sales"]["rows"])
    assert counts[0] <= counts[1] <= len(pushed)
