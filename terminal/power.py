"""The till on a UPS or a laptop battery (issue [11], scope 8): what to do as the
battery runs down, so the till shuts itself down before the power does.

* On battery the till says so (the status bar's power segment, and a note once).
* At or below the tenant's *low* level (``Settings.power_low_percent``, default 25 %)
  it takes a backup once per discharge and warns: finish up, the till will close.
* At or below the *critical* level (``Settings.power_critical_percent``, default 10 %)
  it lets the sale in progress finish but refuses a new cart (``SaleService.closing_reason``),
  and as soon as no sale is open it records why, checkpoints the database (everything
  committed is in the main file) and asks to be closed.
* The next start says what happened (``power_note``, one of ``Till.start``'s messages).

Both levels come from head office in the feed's tenant entity (``till_limits``:
``power_low_percent``, ``power_critical_percent``) or, on a standalone till, from
``bisama-terminal setup``-style settings. The battery is read through a ``PowerSource``
(``read_power``, psutil); tests give a fake one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import psutil

from shared.errors import BisamaError
from terminal.clock import stamp
from terminal.store.audit import audit
from terminal.store.db import Database

if TYPE_CHECKING:
    from terminal.backup import BackupInfo
    from terminal.till import Till

# The settings table's key for a shutdown not yet reported (not a ``Settings`` field:
# ``load_settings`` ignores it). Written in the same transaction as its audit entry.
SHUTDOWN_KEY = "power_shutdown"


@dataclass(frozen=True, slots=True)
class PowerState:
    on_battery: bool
    percent: int
    minutes_left: int | None  # None when the OS cannot tell


PowerSource = Callable[[], "PowerState | None"]
"""Reads the power now: None on a desktop with no battery the OS knows about."""


def read_power() -> PowerState | None:
    """None on a desktop with no battery the OS knows about."""
    try:
        battery = psutil.sensors_battery()
    except (OSError, NotImplementedError, AttributeError):
        return None
    if battery is None:
        return None
    seconds = battery.secsleft
    minutes = None
    if isinstance(seconds, int) and seconds >= 0 and seconds != psutil.POWER_TIME_UNLIMITED:
        minutes = seconds // 60
    return PowerState(
        on_battery=not battery.power_plugged if battery.power_plugged is not None else False,
        percent=round(battery.percent),
        minutes_left=minutes,
    )


class PowerLevel(Enum):
    MAINS = "mains"  # or no battery known
    BATTERY = "battery"
    LOW = "low"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class PowerStep:
    """What one look at the battery decided."""

    level: PowerLevel
    message: str | None = None  # to show the cashier now (None: nothing new)
    backup: BackupInfo | None = None  # taken at this look
    shut_down: bool = False  # everything is committed: close the till now


def levels(low: int, critical: int) -> tuple[int, int]:
    """The two levels, made sane: 0 ≤ critical < low ≤ 100."""
    low = max(1, min(100, int(low)))
    critical = max(0, min(low - 1, int(critical)))
    return low, critical


class PowerGuard:
    """Watches the battery for one running till; ``check`` is called every half minute
    and after each change (a sale finished may be what a critical battery waited for)."""

    def __init__(self, till: Till, backup: Callable[[str], object] | None = None) -> None:
        """``backup`` takes the low-battery backup elsewhere (the screens hand it to
        their worker thread, so the till does not freeze while it copies); by default
        it is taken here, before ``check`` returns."""
        self.till = till
        self.backup = backup
        self.level = PowerLevel.MAINS
        self._backed_up = False  # in this discharge
        self._critical_said = False
        self.closed = False

    @property
    def thresholds(self) -> tuple[int, int]:
        s = self.till.settings
        return levels(s.power_low_percent, s.power_critical_percent)

    def check(self, state: PowerState | None) -> PowerStep:
        if self.closed:
            return PowerStep(PowerLevel.CRITICAL, shut_down=True)
        low, critical = self.thresholds
        if state is None or not state.on_battery:
            return self._mains()
        percent = max(0, min(100, state.percent))
        if percent <= critical:
            return self._critical(percent)
        self.till.sales.closing_reason = None  # charged a little since critical: sell again
        self._critical_said = False
        if percent <= low:
            return self._low(percent, critical)
        first = self.level is PowerLevel.MAINS
        self.level = PowerLevel.BATTERY
        return PowerStep(PowerLevel.BATTERY, f"Mains power is off: the till is on battery "
                                             f"({percent} %)." if first else None)

    def _mains(self) -> PowerStep:
        was = self.level
        self.level = PowerLevel.MAINS
        self._backed_up = False
        self._critical_said = False
        self.till.sales.closing_reason = None
        if was is PowerLevel.MAINS:
            return PowerStep(PowerLevel.MAINS)
        return PowerStep(PowerLevel.MAINS, "Mains power is back.")

    def _low(self, percent: int, critical: int) -> PowerStep:
        self.level = PowerLevel.LOW
        if self._backed_up:
            return PowerStep(PowerLevel.LOW)
        self._backed_up = True
        info = None
        try:
            if self.backup is not None:
                self.backup("power low")
                done = "a backup is being taken"
            else:
                info = self.till.backups.take("power low")
                done = f"a backup was taken ({info.path.name})"
        except (OSError, sqlite3.Error, BisamaError) as exc:  # the warning goes out anyway
            done = f"the backup failed ({exc}); check the backup folder"
        return PowerStep(PowerLevel.LOW, f"Battery low ({percent} %): {done}. Finish the sale; "
                                         f"at {critical} % the till closes itself.", info)

    def _critical(self, percent: int) -> PowerStep:
        self.level = PowerLevel.CRITICAL
        sales = self.till.sales
        sales.closing_reason = (f"The battery is almost empty ({percent} %): no new sale. The "
                                "till is closing itself; start it again when the power is back.")
        if sales.in_progress():
            said = self._critical_said
            self._critical_said = True
            return PowerStep(PowerLevel.CRITICAL, None if said else (
                f"Battery critical ({percent} %): finish this sale now — take the payment or "
                "park it. The till closes itself when it is done."))
        self._record_shutdown(percent)
        self.closed = True
        return PowerStep(PowerLevel.CRITICAL, f"Battery critical ({percent} %): the till is "
                                              "closing itself. Everything is saved.", shut_down=True)

    def _record_shutdown(self, percent: int) -> None:
        till = self.till
        now = till.clock.now()
        user = till.auth.session.user.email if till.auth.session.signed_in else None
        with till.db.transaction() as conn:
            audit(conn, stamp(now), user, "power.shutdown", None, battery_percent=percent)
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SHUTDOWN_KEY, json.dumps({"at": stamp(now), "percent": percent})),
            )
        # Everything committed goes into the main file now, not only the WAL.
        with till.db._lock:
            till.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def power_note(db: Database) -> str | None:
    """At start-up: what the last run's power shutdown was, said once."""
    row = db.one("SELECT value FROM settings WHERE key = ?", (SHUTDOWN_KEY,))
    if row is None:
        return None
    with db.transaction() as conn:
        conn.execute("DELETE FROM settings WHERE key = ?", (SHUTDOWN_KEY,))
    try:
        data = json.loads(row[0])
        at = datetime.fromisoformat(str(data["at"]))
        percent = int(data["percent"])
    except (ValueError, KeyError, TypeError):
        return "The till closed itself last time because its battery was almost empty."
    return (f"The till closed itself at {at:%H:%M} on {at:%d %b %Y} because its battery was "
            f"almost empty ({percent} %). Everything up to then was saved; check the power "
            "supply (UPS) before selling on.")
