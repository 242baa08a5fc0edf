"""What the sync client tells the rest of the till about the connection to head office.

The worker publishes a new ``SyncState`` whenever something changes (it runs on its own
thread; the Qt layer re-emits it as a signal on the GUI thread). The status bar, the
sync screen and ``bisama-terminal status`` read it; nothing here blocks a sale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Connection(StrEnum):
    NOT_ENROLLED = "not_enrolled"  # standalone till: sells, nothing to sync with yet
    ONLINE = "online"  # the last exchange with the server worked
    OFFLINE = "offline"  # the server could not be reached; retrying with backoff
    REFUSED = "refused"  # the server answered but will not take our pushes (revoked, suspended, fork)


@dataclass(frozen=True, slots=True)
class HeldItem:
    """An envelope the server stored but holds for a person to resolve."""

    seq: int
    kind: str
    reference: str  # receipt number or document number
    reason: str


@dataclass(frozen=True, slots=True)
class SyncState:
    connection: Connection
    backlog: int  # envelopes committed here and not yet acknowledged by the server
    oldest_unsynced_at: datetime | None  # when the oldest of those was made (till clock)
    last_success_at: datetime | None  # last exchange that worked (till clock)
    last_error: str | None  # in plain words: "No internet connection — 37 sales waiting"
    next_attempt_at: datetime | None  # when the worker will try again
    server_url: str | None
    clock_offset_seconds: int | None  # server time − till time, from the last exchange
    held: tuple[HeldItem, ...] = field(default=())
    refused_reason: str | None = None  # "This till was revoked by head office on …"
    pulled_at: datetime | None = None  # last time master data was brought down

    @property
    def clock_warning(self) -> bool:
        """The till's clock is more than five minutes off the server's."""
        return self.clock_offset_seconds is not None and abs(self.clock_offset_seconds) > 300


SyncListener = Callable[[SyncState], None]
