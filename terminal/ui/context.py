"""What every screen is given: the till (its services), the worker thread for slow work,
the printer link, the sync bridge, the customer displays, the local preferences and
what the sync client will plug in later (enrollment, sync now). Built once by the app
(or a test) and passed down; no module globals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from terminal.sync.state import SyncListener
from terminal.till import StartupReport, Till
from terminal.ui.bridges import SyncBridge, TillEvents
from terminal.ui.customer_window import CustomerDisplays
from terminal.ui.power import PowerState, read_power
from terminal.ui.preferences import Preferences
from terminal.ui.printer_link import PrinterLink
from terminal.ui.tasks import TaskRunner

EnrollFn = Callable[[str, str], str]
"""``enroll(server_url, one_time_code)`` → a message to show ("Enrolled as MAIN/T02 of
Adom Mart"); raises ``BisamaError`` with the words to show when it fails. Runs on the
worker thread. Wired to the sync client ([3]) by the app."""


class SyncControl(Protocol):
    """What the screens need from the sync client ([3]): start it with a listener that
    receives every ``SyncState``, ask for a sync now, stop it at exit."""

    def start(self, listener: SyncListener) -> None: ...

    def sync_now(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class UiContext:
    till: Till
    data_dir: Path
    tasks: TaskRunner
    printer: PrinterLink
    prefs: Preferences
    sync: SyncBridge = field(default_factory=SyncBridge)
    events: TillEvents = field(default_factory=TillEvents)
    displays: CustomerDisplays = field(default_factory=CustomerDisplays)
    enroll: EnrollFn | None = None
    sync_control: SyncControl | None = None
    power: Callable[[], PowerState | None] = read_power
    startup: StartupReport | None = None

    def changed(self, what: str) -> None:
        """After a service recorded something: refresh what shows it; wake the printer."""
        if what in ("sale", "refund", "void", "shift", "print", "payment"):
            self.printer.wake()
        self.events.changed.emit(what)
