"""Witnessed heads (issue [13] scope 2, docs/sync-protocol.md §8.2), tested by breaking
them: a real till and a real server over HTTP.

* the last 1–50 envelopes taken off a till after head office witnessed its head are
  always flagged — ``head_backwards`` when the till comes back, and
  ``missing_after_witnessed_head`` when they never arrive;
* a copied till folder that sells on is alerted at its first contact with head office
  (``head_diverged``), whether that contact is a heartbeat or a push.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select

from sync_server.notify import AlertMessage
from sync_server.sync.models import Alert, WitnessedHead
from sync_server.sync.witness import check_missing
from terminal.keystore import EncryptedFileKeyStore
from terminal.store.running import current
from terminal.sync.head import WITNESSED_KEY
from terminal.till import Till
from tests.sync.conftest import FAST_ARGON2, KEY_PASSPHRASE, MILO, OIL, TillHandle

pytestmark = pytest.mark.fault


def _alerts(world, kind: str | None = None) -> list[Alert]:  # type: ignore[no-untyped-def]
    with world.ctx.scope(world.tenant_id) as scope:
        rows = scope.scalars(select(Alert).order_by(Alert.created_at))
        return [r for r in rows if kind is None or r.kind == kind]


def _witnessed(world, terminal_id: str) -> tuple[int, str, int | None]:  # type: ignore[no-untyped-def]
    """(seq, hash, unmet seq) of the till's witnessed head."""
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(WitnessedHead, terminal_id)
        assert row is not None
        return row.seq, row.hash, row.unmet_seq


def _heartbeat_only(t: TillHandle) -> None:
    report = t.sync(push=False, pull=False)
    assert report.ok, report.message


@pytest.mark.parametrize("drop", [1, 2, 7, 50])
def test_the_last_envelopes_dropped_after_a_witnessed_head_are_flagged(  # type: ignore[no-untyped-def]
        world, live, make_till, drop) -> None:
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    for n in range(drop + 1):
        t.sell(OIL if n % 2 else MILO)
    head = t.till.outbox.head()
    _heartbeat_only(t)  # head office witnesses the head; nothing was pushed yet
    terminal = t.till.identity.terminal_id
    assert _witnessed(world, terminal)[0] == head.seq
    assert t.till.db.scalar("SELECT value FROM sync_state WHERE key = ?", (WITNESSED_KEY,)) \
        == str(head.seq)
    # Someone takes the last envelopes off the till before they reach head office (past
    # the till's own guard, as a person with the database file open would).
    with t.till.db.transaction() as conn:
        conn.execute("DROP TRIGGER outbox_kept")
        conn.execute("DELETE FROM outbox WHERE seq > ?", (head.seq - drop,))
    # Nothing arrives: after MISSING_AFTER the check flags it (here: run with a later now).
    with world.ctx.scope(world.tenant_id) as scope:
        raised: list[AlertMessage] = []
        later = world.ctx.clock.now() + timedelta(minutes=31)
        assert check_missing(world.ctx, scope, later, raised) == 1
        assert check_missing(world.ctx, scope, later, raised) == 0  # once
    missing = _alerts(world, "missing_after_witnessed_head")
    assert len(missing) == 1 and missing[0].seq == head.seq
    # The till comes back with the rest: its head is below the one it signed.
    report = t.sync()
    backwards = _alerts(world, "head_backwards")
    assert len(backwards) == 1 and backwards[0].seq == head.seq - drop, report.message
    assert f"last {drop} envelope(s)" in backwards[0].message
    assert _witnessed(world, terminal)[0] == head.seq


def test_envelopes_that_arrive_in_time_raise_nothing(world, live, make_till) -> None:  # type: ignore[no-untyped-def]
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    _heartbeat_only(t)
    assert t.sync().ok
    with world.ctx.scope(world.tenant_id) as scope:
        assert check_missing(world.ctx, scope, world.ctx.clock.now() + timedelta(hours=5), []) == 0
    assert _alerts(world) == []
    seq, _hash, unmet = _witnessed(world, t.till.identity.terminal_id)
    assert seq == t.till.outbox.head().seq and unmet is None


def _clone(t: TillHandle, name: str) -> TillHandle:
    """A copy of the till's whole folder (data, keys), opened as a till of its own."""
    t.till.close()
    root = t.data_dir.parent.parent / name
    shutil.copytree(t.data_dir, root / "data")
    t.reopen()
    key_store = EncryptedFileKeyStore(root / "data" / "keys", passphrase=KEY_PASSPHRASE)
    till = Till.open(root / "data", clock=t.clock, key_store=key_store,
                     backup_dir=root / "backups", pin_hasher=FAST_ARGON2)
    till.start()
    return TillHandle(root / "data", root / "backups", t.clock, key_store, till, t.http)


@pytest.mark.parametrize("server_url_db", ["sqlite", pytest.param("postgresql", id="pg",
                                                                   marks=pytest.mark.pg)],
                         indirect=True)
@pytest.mark.parametrize("first_contact", ["heartbeat", "push"])
def test_a_copied_till_folder_is_alerted_on_its_first_contact(  # type: ignore[no-untyped-def]
        world, live, make_till, first_contact, server_url_db) -> None:
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    assert t.sync().ok
    clone = _clone(t, "copy")
    try:
        t.sell(MILO)  # the original sells on and syncs
        assert t.sync().ok
        clone.sell(OIL)  # so does the copy: two sales of its own
        clone.sell(MILO, OIL)
        assert _alerts(world, "head_diverged") == []
        if first_contact == "heartbeat":
            report = clone.sync(push=False, pull=False)
            # The copy finds out itself and stops syncing; head office heard its head.
            assert report.code == "fork" and report.heartbeat is not None
        else:
            clone.sync()
        diverged = _alerts(world, "head_diverged")
        assert len(diverged) == 1
        assert diverged[0].seq == t.till.outbox.head().seq  # where the copy departs
        assert "copied or restored" in diverged[0].message
        assert [m.kind for m in world.ctx.notifier.alerts if m.kind == "head_diverged"] == [
            "head_diverged"]
        # The original is still witnessed; the copy never moved the witnessed head.
        assert _witnessed(world, t.till.identity.terminal_id)[1] == t.till.outbox.head().hash
    finally:
        clone.till.close()


def test_running_totals_ride_in_the_statement_and_the_envelopes(world, live, make_till) -> None:  # type: ignore[no-untyped-def]
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    t.sell(MILO, OIL)
    assert t.sync().ok
    running = current(t.till.db)
    assert running.count == 2 and running.gross.pesewas > 0
    assert t.till.outbox.pending() == ()  # all acknowledged
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(WitnessedHead, t.till.identity.terminal_id)
        assert row is not None and f'"count":{running.count}' in row.statement.replace(" ", "")
    assert _alerts(world) == []
