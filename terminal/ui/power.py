"""Is the till PC on mains or on its battery/UPS? The reading lives in ``terminal.power``
(with what the till does as the battery runs down); the screens import it from here."""

from __future__ import annotations

from terminal.power import PowerState, read_power

__all__ = ["PowerState", "read_power"]
