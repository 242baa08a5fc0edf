"""Is the till PC on mains or on its battery/UPS? Read through ``psutil`` (laptops; a UPS
that presents itself as a battery over USB HID on Windows and Linux)."""

from __future__ import annotations

from dataclasses import dataclass

import psutil


@dataclass(frozen=True, slots=True)
class PowerState:
    on_battery: bool
    percent: int
    minutes_left: int | None  # None when the OS cannot tell


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
