"""``bisama-terminal sync``, ``status`` and ``restore`` with a real server: exit statuses,
JSON summaries and the words a person reads."""

from __future__ import annotations

import json

import pytest

from terminal.cli import EXIT_OFFLINE, main
from terminal.sync.lock import SyncLock
from terminal.sync.record import save_record
from tests.server.conftest import free_port
from tests.sync.conftest import KEY_PASSPHRASE, MILO, OIL, TillHandle


@pytest.fixture(autouse=True)
def file_key_store(monkeypatch):
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", KEY_PASSPHRASE)


def run(t: TillHandle, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(t.data_dir), "--backup-dir", str(t.backup_dir), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sync_once_says_what_happened(world, live, make_till, capsys):
    t = make_till()
    code, _out, err = run(t, capsys, "sync", "--once")
    assert code == 1 and "not enrolled with head office yet" in err
    t.enroll(live.url, world.code())
    assert t.sync(push=False, heartbeat=False).ok  # the users come down
    t.sell(OIL)
    t.sell(MILO)
    code, out, _err = run(t, capsys, "sync", "--once")
    assert code == 0
    assert out.startswith("Synced: 3 transaction(s) sent; ") and out.strip().endswith("0 waiting, 0 held.")
    code, out, _err = run(t, capsys, "sync", "--once", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["ok"] and summary["pushed"]["sent"] == 0 and summary["heartbeat"]
    code, out, _err = run(t, capsys, "status")
    assert code == 0 and f"Sync: online with {live.url}; 0 waiting, 0 held" in out
    assert run(t, capsys, "sync", "--once", "--batch-size", "501")[0] == 2


def test_head_office_unreachable_exits_3_and_keeps_everything(world, live, make_till, capsys):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync(push=False, heartbeat=False).ok
    t.sell(OIL)
    save_record(t.till.db, server_url=f"http://127.0.0.1:{free_port()}")
    code, out, _err = run(t, capsys, "sync", "--once", "--json")
    summary = json.loads(out)
    assert code == EXIT_OFFLINE and summary["outcome"] == "offline"
    assert summary["message"].startswith("Head office (127.0.0.1) cannot be reached — 1 sale and 1 other record")
    code, out, _err = run(t, capsys, "status", "--json")
    sync = json.loads(out)["sync"]
    assert sync["connection"] == "offline" and sync["backlog"] == 2 and sync["last_error"] == summary["message"]


def test_one_syncer_per_till(world, live, make_till, capsys):
    t = make_till()
    t.enroll(live.url, world.code())
    with SyncLock(t.data_dir) as lock:
        assert lock.acquire()
        code, _out, err = run(t, capsys, "sync", "--once")
    assert code == 1 and "already syncing" in err
    assert run(t, capsys, "sync", "--once")[0] == 0


def test_restore_brings_back_what_head_office_has(world, live, make_till, capsys):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    assert t.sync().ok
    t.till.backups.take("nightly")
    t.sell(MILO)
    t.sell(OIL, MILO)
    assert t.sync().ok
    t.till.close()
    code, out, _err = run(t, capsys, "restore", "--latest")
    assert code == 0
    assert "Head office sent back 2 transaction(s) recorded after the backup; the till continues at seq 5." in out
    t.reopen()
    assert t.till.outbox.head().seq == 4 and t.till.outbox.depth() == 0
    assert t.sell(OIL) == "MAIN-T01-000004"
