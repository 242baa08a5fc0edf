"""Fixtures for the till's screens: a real till on a temp folder (sample catalogue and
users), the real main window offscreen, driven by keys and clicks through pytest-qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QKeyEvent

from hardware.virtual_printer import VirtualPrinter
from terminal.clock import ManualClock
from terminal.keystore import EncryptedFileKeyStore
from terminal.till import Till
from terminal.ui.app import TillApp, build_context
from terminal.ui.context import UiContext
from terminal.ui.main_window import MainWindow
from terminal.ui.power import PowerState
from terminal.ui.theme import apply_theme
from tests.terminal.conftest import FAST_ARGON2, GHANA


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 8, 30, tzinfo=GHANA))


@pytest.fixture
def key_store(tmp_path: Path) -> EncryptedFileKeyStore:
    return EncryptedFileKeyStore(tmp_path / "keys", passphrase="test passphrase")


@dataclass
class Opened:
    data_dir: Path
    backup_dir: Path
    clock: ManualClock
    key_store: EncryptedFileKeyStore

    def open(self) -> Till:
        return Till.open(self.data_dir, clock=self.clock, key_store=self.key_store, backup_dir=self.backup_dir,
                         pin_hasher=FAST_ARGON2)


@pytest.fixture
def opener(tmp_path: Path, clock: ManualClock, key_store: EncryptedFileKeyStore) -> Opened:
    return Opened(tmp_path / "data", tmp_path / "backups", clock, key_store)


@pytest.fixture
def stocked(opener: Opened, testdata: Path) -> Till:
    till = opener.open()
    till.start(take_backup=False)
    till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    till.auth.import_users(testdata / "users_sample.csv")
    return till


@pytest.fixture
def virtual_printer(opener: Opened) -> Iterator[VirtualPrinter]:
    """A virtual ESC/POS printer on TCP, set up in the till's hardware.toml."""
    printer = VirtualPrinter().start()
    opener.data_dir.mkdir(parents=True, exist_ok=True)
    (opener.data_dir / "hardware.toml").write_text(
        f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {printer.port}\n'
        'model = "generic-80"\n[printer.timeouts]\nconnect_ms = 500\nstatus_ms = 500\nprint_ms = 2000\n'
        '[display]\nenabled = false\nmomo_number = "024 555 0199"\nmomo_name = "ADOM MART"\n',
        encoding="utf-8")
    yield printer
    printer.stop()


class FakeKeyClock:
    """Key times for the scanner router: a test says how fast keys come."""

    def __init__(self) -> None:
        self.now_ms = 1_000_000

    def __call__(self, _event: QKeyEvent) -> int:
        return self.now_ms

    def now(self) -> int:
        return self.now_ms


@dataclass
class Running:
    app: TillApp
    ctx: UiContext
    window: MainWindow
    keys: FakeKeyClock
    power: list[PowerState | None]


@pytest.fixture(scope="session")
def themed(qapp):
    """The real look (fonts, style sheet): sizes and layouts are tested as shipped."""
    apply_theme(qapp)
    return qapp


@pytest.fixture
def make_app(qtbot, themed, opener: Opened) -> Iterator[Callable[..., Running]]:
    started: list[TillApp] = []

    def make(till: Till, **kwargs: object) -> Running:
        keys = FakeKeyClock()
        power: list[PowerState | None] = [None]
        ctx = build_context(till, opener.data_dir, open_worker_till=opener.open, power=lambda: power[0],
                            **kwargs)  # type: ignore[arg-type]
        app = TillApp(ctx, scanner_clock=keys, scanner_now=keys.now)
        window = app.start()
        window.resize(1024, 768)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        started.append(app)
        return Running(app, ctx, window, keys, power)

    yield make
    for app in started:
        app.stop()
