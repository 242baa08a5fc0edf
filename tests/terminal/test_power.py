"""The till on a battery that runs down (issue [11], scope 8), with a fake battery: on
battery it says so; at the tenant's low level it takes one backup and warns; at the
critical level the sale in progress finishes, a new cart is refused in words, the till
records why, checkpoints and asks to close — and the next start says what happened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shared.money import Money
from terminal.backup import list_backups
from terminal.clock import ManualClock
from terminal.errors import CartError
from terminal.keystore import EncryptedFileKeyStore
from terminal.power import SHUTDOWN_KEY, PowerGuard, PowerLevel, PowerState, levels, power_note
from terminal.safeguards import till_limits_from_feed
from terminal.store.audit import entries
from terminal.store.settings import save_settings
from terminal.tenders import cash
from terminal.till import Till
from tests.terminal.conftest import MILO, OIL, reopen


class FakeBattery:
    """The battery as a test sets it."""

    def __init__(self) -> None:
        self.state: PowerState | None = PowerState(on_battery=False, percent=100, minutes_left=None)

    def discharge(self, percent: int) -> None:
        self.state = PowerState(on_battery=True, percent=percent, minutes_left=percent)

    def plug_in(self, percent: int) -> None:
        self.state = PowerState(on_battery=False, percent=percent, minutes_left=None)

    def __call__(self) -> PowerState | None:
        return self.state


def test_a_battery_running_down_from_mains_to_shutdown(
        till: Till, tmp_path: Path, clock: ManualClock, key_store: EncryptedFileKeyStore) -> None:
    battery = FakeBattery()
    guard = PowerGuard(till)
    assert guard.check(battery()).message is None and guard.level is PowerLevel.MAINS

    battery.discharge(80)
    step = guard.check(battery())
    assert step.level is PowerLevel.BATTERY
    assert step.message == "Mains power is off: the till is on battery (80 %)."
    assert guard.check(battery()).message is None  # said once
    till.sales.scan(OIL)  # selling on battery is fine
    till.sales.complete([cash(Money.cedis(38))])

    battery.discharge(24)
    before = len(list_backups(till.backup_dir))
    step = guard.check(battery())
    assert step.level is PowerLevel.LOW and step.backup is not None
    assert step.message is not None and step.message.startswith("Battery low (24 %): a backup was taken")
    assert "at 10 % the till closes itself" in step.message
    assert len(list_backups(till.backup_dir)) == before + 1
    assert list_backups(till.backup_dir)[0].reason == "power low"
    battery.discharge(20)
    assert guard.check(battery()).backup is None  # one backup per discharge

    till.sales.scan(MILO)  # a sale under way when the battery goes critical
    battery.discharge(9)
    step = guard.check(battery())
    assert step.level is PowerLevel.CRITICAL and not step.shut_down
    assert step.message is not None and "finish this sale now" in step.message
    till.sales.scan(OIL)  # the sale in progress may still change and finish
    result = till.sales.complete([cash(Money.cedis(100))])
    assert result.receipt_no
    with pytest.raises(CartError, match=r"The battery is almost empty \(9 %\): no new sale"):
        till.sales.scan(MILO)
    assert not till.sales.in_progress()
    step = guard.check(battery())  # the sale is done: close now
    assert step.shut_down and step.message is not None and "Everything is saved" in step.message
    assert [e.detail for e in entries(till.db, action="power.shutdown")] == [{"battery_percent": 9}]
    wal = till.db.path.with_name(till.db.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed: all in the main file
    sales = till.db.scalar("SELECT COUNT(*) FROM sales")

    again = reopen(till, tmp_path, clock, key_store)
    try:
        report = again.start(take_backup=False)
        note = [m for m in report.messages if "closed itself" in m]
        assert note == ["The till closed itself at 08:30 on 02 Mar 2026 because its battery was "
                        "almost empty (9 %). Everything up to then was saved; check the power "
                        "supply (UPS) before selling on."]
        assert again.db.scalar("SELECT COUNT(*) FROM sales") == sales == 2
        assert power_note(again.db) is None  # said once
        assert not any("closed itself" in m for m in again.start(take_backup=False).messages)
    finally:
        again.close()


def test_mains_back_before_critical_lifts_everything(till: Till) -> None:
    battery = FakeBattery()
    guard = PowerGuard(till)
    till.sales.scan(OIL)  # a sale open: the till waits for it
    battery.discharge(5)
    assert not guard.check(battery()).shut_down
    till.sales.park("after the power cut")
    with pytest.raises(CartError, match="no new sale"):
        till.sales.recall(till.sales.parked()[0].id)  # a parked cart is a new sale too
    battery.plug_in(6)
    step = guard.check(battery())
    assert step.level is PowerLevel.MAINS and step.message == "Mains power is back."
    till.sales.recall(till.sales.parked()[0].id)
    till.sales.complete([cash(Money.cedis(38))])
    till.sales.scan(MILO)  # new carts are welcome again
    battery.discharge(30)
    assert guard.check(battery()).level is PowerLevel.BATTERY


def test_no_battery_known_is_mains(till: Till) -> None:
    battery = FakeBattery()
    battery.state = None  # a desktop PC without a UPS the OS knows about
    step = PowerGuard(till).check(battery())
    assert step.level is PowerLevel.MAINS and step.message is None


def test_the_tenant_sets_the_levels_through_the_feed(till: Till) -> None:
    values = till_limits_from_feed({"power_low_percent": 40, "power_critical_percent": 15,
                                    "blind_close": True, "power_nonsense": 3})
    assert values == {"power_low_percent": 40, "power_critical_percent": 15, "blind_close": True}
    assert till_limits_from_feed({"power_low_percent": -5, "power_critical_percent": "x"}) == {}
    with till.db.transaction() as conn:
        save_settings(conn, power_low_percent=40, power_critical_percent=15)
    till.reload_settings()
    battery = FakeBattery()
    guard = PowerGuard(till)
    battery.discharge(38)
    assert guard.check(battery()).level is PowerLevel.LOW
    battery.discharge(15)
    assert guard.check(battery()).level is PowerLevel.CRITICAL


def test_levels_are_made_sane() -> None:
    assert levels(25, 10) == (25, 10)
    assert levels(10, 25) == (10, 9)  # critical is always below low
    assert levels(500, -3) == (100, 0)
    assert levels(0, 0) == (1, 0)


def test_a_failed_low_battery_backup_still_warns(till: Till) -> None:
    till.backups.folder = till.db.path  # a file, not a folder: the backup cannot be written
    battery = FakeBattery()
    battery.discharge(20)
    step = PowerGuard(till).check(battery())
    assert step.level is PowerLevel.LOW and step.backup is None
    assert step.message is not None and "the backup failed" in step.message


def test_a_damaged_shutdown_record_still_says_something(till: Till) -> None:
    with till.db.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (SHUTDOWN_KEY, '"?"'))
    assert power_note(till.db) == ("The till closed itself last time because its battery was "
                                   "almost empty.")
    assert till.db.one("SELECT 1 FROM settings WHERE key = ?", (SHUTDOWN_KEY,)) is None
    assert isinstance(till.db.conn, sqlite3.Connection)
