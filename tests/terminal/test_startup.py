"""Start-up: cart recovery, print queue resume, backups, damaged database."""

from __future__ import annotations

import pytest

from shared.money import Money
from terminal.backup import latest_verified, list_backups, restore
from terminal.errors import DatabaseDamaged
from terminal.paths import DB_NAME
from terminal.tenders import cash
from terminal.till import Till
from tests.terminal.conftest import CASHIER, CASHIER_PIN, FAST_ARGON2, MILO, OIL, reopen
from tests.terminal.helpers import assert_books_sound


def test_an_open_cart_is_recovered_after_restart(till, tmp_path, clock, key_store):
    till.sales.scan(OIL)
    till.sales.scan(MILO)
    till = reopen(till, tmp_path, clock, key_store)
    report = till.start()
    assert report.cart.action == "recovered" and report.cart.lines == 2
    assert any("is back" in m for m in report.messages)
    till.auth.login(CASHIER, CASHIER_PIN)
    assert till.sales.view().total == Money.cedis(100)
    till.sales.complete([cash(Money.cedis(100))])
    till.close()


def test_a_cart_of_a_closed_shift_is_discarded_and_said(till, tmp_path, clock, key_store):
    till.sales.scan(OIL)
    till.db.conn.execute("UPDATE shifts SET status = 'closed'")  # as if closed on another session
    till = reopen(till, tmp_path, clock, key_store)
    report = till.start()
    assert report.cart.action == "discarded" and "shift is closed" in report.cart.message
    assert till.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'cart_discarded'") == 1
    till.close()


def test_print_queue_resumes(till, tmp_path, clock, key_store):
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    till = reopen(till, tmp_path, clock, key_store)
    report = till.start()
    assert report.print_waiting == 2 and report.outbox_pending == 2
    till.close()


def test_backup_is_verified_with_retention(till, clock):
    till.backups.keep = 3
    for _ in range(5):
        clock.advance(minutes=1)
        info = till.backups.take()
    backups = list_backups(till.backups.folder)
    assert len(backups) == 3 and backups[0].path == info.path
    assert latest_verified(till.backups.folder).path == info.path
    assert info.seq == till.outbox.head().seq
    info.path.write_bytes(b"tampered")
    assert latest_verified(till.backups.folder).path == backups[1].path


def test_daily_backup_only_when_due(till, clock):
    assert till.backups.take_if_due() is None  # taken at start-up today
    clock.advance(hours=25)
    assert till.backups.take_if_due() is not None


def test_damaged_database_offers_latest_backup_and_restores(till, tmp_path, clock, key_store):
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    good = till.backups.take("before damage")
    till.close()
    path = tmp_path / "data" / DB_NAME
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 2048] = b"\xff" * 2048  # scribble over a page
    data[0:16] = b"garbage header!!"
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged) as damaged:
        Till.open(
            tmp_path / "data", clock=clock, key_store=key_store, backup_dir=tmp_path / "backups"
        )
    assert damaged.value.backup == str(good.path)
    assert "restore --latest" in str(damaged.value)
    aside = restore(latest_verified(tmp_path / "backups"), path, clock.now())
    assert aside.exists()
    again = Till.open(
        tmp_path / "data",
        clock=clock,
        key_store=key_store,
        backup_dir=tmp_path / "backups",
        pin_hasher=FAST_ARGON2,
    )
    again.start()
    assert again.outbox.head().seq == good.seq
    assert_books_sound(again)
    again.close()
