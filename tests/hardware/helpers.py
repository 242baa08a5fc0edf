"""Helpers shared by the hardware tests (the fixtures in ``conftest.py`` use them)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hardware.config import PrinterConfig, parse_config

GOLDEN = Path(__file__).parent / "golden"


class ManualClock:
    """The worker's clock: moves only when the test says so."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def network_config(port: int, **overrides: Any) -> PrinterConfig:
    """A network printer on 127.0.0.1:``port`` with test-sized timeouts."""
    timeouts = {"connect_ms": 500, "write_ms": 1000, "status_ms": 300, "print_ms": 1500}
    timeouts.update(overrides.pop("timeouts", {}))
    data: dict[str, Any] = {"connection": "network", "host": "127.0.0.1", "port": port,
                            "model": "TM-T20II", "paper_mm": 80, "timeouts": timeouts,
                            "retry": {"first_ms": 1000, "max_ms": 8000}}
    data.update(overrides)
    config = parse_config({"printer": data}).printer
    assert config is not None
    return config
