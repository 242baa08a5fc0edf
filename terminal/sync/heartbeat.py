"""The heartbeat (protocol section 8): what the dashboard shows about this till — its
clock, app version, outbox depth and the age of the oldest unsynced envelope, its last
seq, the printer as the print queue last saw it and the power source (psutil) — and
what the reply says back: the server's time, the clock skew and its head for this till.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import psutil

from terminal.clock import Clock
from terminal.store.db import Database
from terminal.store.outbox import Outbox
from terminal.sync.head import head_statement, remember_witnessed
from terminal.sync.protocol import API
from terminal.sync.transport import SignedClient

PrinterReport = tuple[str, str | None]  # (ok|offline|paper_out|cover_open|error|none, detail)
PowerReport = tuple[str, int | None]  # (mains|battery|unknown, battery percent)

# hardware.print_queue.PrinterState values → the protocol's printer statuses.
_PRINTER = {
    "ready": "ok",
    "offline": "offline",
    "paper_out": "paper_out",
    "cover_open": "cover_open",
    "error": "error",
    "unknown": "error",
}


def printer_from_queue(db: Database) -> PrinterReport:
    """The printer as the print queue knows it: the state of the newest waiting job
    that failed, else ``ok`` when something has printed, else ``none``."""
    row = db.one(
        "SELECT printer_state, last_error FROM print_jobs WHERE status = 'waiting' "
        "AND printer_state IS NOT NULL ORDER BY id DESC LIMIT 1"
    )
    if row is not None:
        status = _PRINTER.get(str(row[0]), "error")
        detail = str(row[1])[:200] if row[1] else None
        return (status, detail)
    printed = db.scalar("SELECT 1 FROM print_jobs WHERE status = 'printed' LIMIT 1")
    return ("ok", None) if printed else ("none", None)


def power_now() -> PowerReport:
    """Mains or battery from psutil (a laptop, or a UPS that shows itself as a battery);
    ``unknown`` when the PC reports no battery at all."""
    try:
        battery = psutil.sensors_battery()
    except (OSError, NotImplementedError, AttributeError):
        return ("unknown", None)
    if battery is None:
        return ("unknown", None)
    percent = max(0, min(100, round(battery.percent)))
    if battery.power_plugged is None:
        return ("unknown", percent)
    return ("mains" if battery.power_plugged else "battery", percent)


@dataclass(frozen=True, slots=True)
class HeartbeatResult:
    server_time: str
    clock_skew_ms: int  # the till's clock minus the server's
    stored_through: int
    # The seq up to which head office's newest verified backup holds this till's
    # envelopes (optional in the reply; None: unknown or no verified backup).
    backed_up_through: int | None = None

    @property
    def clock_offset_seconds(self) -> int:
        """Server time − till time, as ``SyncState`` shows it."""
        return -round(self.clock_skew_ms / 1000)


def seconds_since(stamp_text: str | None, now: datetime) -> int | None:
    if stamp_text is None:
        return None
    try:
        then = datetime.fromisoformat(stamp_text)
    except ValueError:
        return None
    return max(0, int((now - then).total_seconds()))


class Heartbeat:
    def __init__(
        self,
        db: Database,
        client: SignedClient,
        clock: Clock,
        *,
        app_version: str,
        printer: Callable[[], PrinterReport] | None = None,
        power: Callable[[], PowerReport] = power_now,
    ) -> None:
        self.db = db
        self.outbox = Outbox(db)
        self.client = client
        self.clock = clock
        self.app_version = app_version[:40] or "unknown"
        self.printer = printer or (lambda: printer_from_queue(db))
        self.power = power

    def body(self) -> dict[str, object]:
        now = self.clock.now()
        printer_status, printer_detail = self.printer()
        source, percent = self.power()
        return {
            "terminal_time": now.isoformat(timespec="milliseconds"),
            "app_version": self.app_version,
            "outbox_depth": self.outbox.depth(),
            "oldest_unsynced_seconds": seconds_since(self.outbox.oldest_pending_at(), now),
            "last_seq": self.outbox.head().seq,
            "printer": {"status": printer_status, "detail": printer_detail},
            "power": {"source": source, "battery_percent": percent},
            "head": head_statement(self.db, self.client.key, self.client.terminal_id, self.clock),
        }

    def send(self) -> HeartbeatResult:
        reply = self.client.post(f"{API}/heartbeat", self.body())
        body = reply.body
        remember_witnessed(self.db, body)
        backed_up = body.get("backed_up_through")
        return HeartbeatResult(
            str(body["server_time"]),
            int(body["clock_skew_ms"]),
            int(body["stored_through"]),
            int(backed_up) if isinstance(backed_up, int) and not isinstance(backed_up, bool) else None,
        )
