"""The screens' side of ``terminal.power``: every half minute (and after each change,
while the battery is critical) look at the battery, show what ``PowerGuard`` says on the
current screen's message bar, and close the till when it says everything is saved.
The low-battery backup runs on the worker thread; being on battery is shown by the
status bar's power segment, so only the warnings and "mains is back" are said here."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from shared.errors import BisamaError
from terminal.power import PowerGuard, PowerLevel, PowerStep
from terminal.ui.context import UiContext
from terminal.ui.i18n import translate

log = logging.getLogger("bisama.power")
CHECK_MS = 30_000


class PowerWatch(QObject):
    def __init__(self, ctx: UiContext, say: Callable[[str, str], None], close: Callable[[], None],
                 *, interval_ms: int = CHECK_MS) -> None:
        super().__init__()
        self.ctx = ctx
        self.say = say  # (level: error|warning|info, text)
        self.close = close
        self.guard = PowerGuard(ctx.till, backup=self._backup)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        ctx.events.changed.connect(self._changed)
        self.last: PowerStep | None = None

    def start(self) -> None:
        self.timer.start()
        self.tick()

    def stop(self) -> None:
        self.timer.stop()

    def _backup(self, reason: str) -> None:
        self.ctx.tasks.submit(lambda t: t.backups.take(reason), None, self._backup_failed)

    def _backup_failed(self, exc: Exception) -> None:
        self.say("error", translate("PowerWatch", "The low-battery backup failed ({0}). "
                                                  "Check the backup folder.").format(exc))

    def _changed(self, _what: str) -> None:
        if self.guard.level is PowerLevel.CRITICAL:
            self.tick()  # a sale finished may be what the closing waited for

    def tick(self) -> None:
        try:
            step = self.guard.check(self.ctx.power())
        except (BisamaError, sqlite3.Error, OSError) as exc:
            log.warning("the power check failed: %s", exc)
            return
        self.last = step
        if step.message and step.level is not PowerLevel.BATTERY:
            level = {PowerLevel.CRITICAL: "error", PowerLevel.LOW: "warning"}.get(step.level, "info")
            self.say(level, step.message)
        if step.shut_down:
            self.timer.stop()
            QTimer.singleShot(1500, self.close)  # a moment to read why
