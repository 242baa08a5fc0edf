"""Fixtures for the hardware tests: a virtual printer on a free port, a real SQLite print
queue, a clock the test moves by hand, and a worker wired to all three."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hardware.config import DrawerConfig
from hardware.virtual_printer import VirtualPrinter
from hardware.worker import PrinterNotice, PrintWorker
from tests.hardware.helpers import ManualClock, network_config
from tests.hardware.jobstore import SqliteJobStore


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 21, 14, 5, tzinfo=UTC))


@pytest.fixture
def printer() -> Iterator[VirtualPrinter]:
    with VirtualPrinter(width_dots=576) as vp:
        yield vp


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteJobStore]:
    s = SqliteJobStore(tmp_path / "till.sqlite3")
    yield s
    s.close()


WorkerFactory = Callable[..., tuple[PrintWorker, list[PrinterNotice]]]


@pytest.fixture
def make_worker(printer: VirtualPrinter, store: SqliteJobStore, clock: ManualClock) -> WorkerFactory:
    """A worker on the virtual printer; keyword arguments override the printer config
    (``timeouts={...}``, ``confirm_printed=False`` …), plus ``drawer=`` and ``port=``."""

    def make(**overrides: Any) -> tuple[PrintWorker, list[PrinterNotice]]:
        notices: list[PrinterNotice] = []
        drawer = overrides.pop("drawer", DrawerConfig())
        port = overrides.pop("port", printer.port)
        worker = PrintWorker(store, network_config(port, **overrides), clock=clock,
                             drawer=drawer, on_notice=notices.append)
        return worker, notices

    return make
