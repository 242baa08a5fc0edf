"""The till's clock, injected everywhere a time is needed (never ``datetime.now()`` in a
service). Times are timezone-aware: envelopes carry the wall clock with its offset."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware."""


class SystemClock:
    """The PC's clock in its local time zone (Ghana is UTC+0 all year)."""

    def now(self) -> datetime:
        return datetime.now().astimezone()


class ManualClock:
    """A clock that only moves when told to: for tests, demos and the simulator."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **kwargs: float) -> datetime:
        self._now = self._now + timedelta(**kwargs)
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        self._now = moment


def stamp(moment: datetime) -> str:
    """A stored timestamp: ISO 8601 with milliseconds and offset."""
    return moment.isoformat(timespec="milliseconds")


def shown(moment: datetime) -> str:
    """A time as the till shows and prints it: ``2026-11-21 14:05``."""
    return moment.strftime("%Y-%m-%d %H:%M")
