"""The status bar along the bottom of every screen: connection to head office, what is
waiting to sync and for how long, the last sync, the printer (with the receipt that
waits, and a click to the print queue), power (on battery, percent), a clock warning
when the till's clock is off from the server's, and the time.

It is fed by the sync client's ``SyncState`` (via ``SyncBridge``), the print worker's
notices (via ``PrinterLink``), the outbox and print queue (cheap counts, refreshed after
every change and every few seconds) and ``psutil`` for power."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from hardware.print_queue import PrinterState
from hardware.worker import PrinterNotice
from shared.errors import BisamaError
from terminal.sync.state import Connection, SyncState
from terminal.ui.context import UiContext
from terminal.ui.i18n import translate
from terminal.ui.power import PowerState
from terminal.ui.text import age, clock_time, kind_name, stored_time
from terminal.ui.widgets import button, restyle

REFRESH_MS = 2000
POWER_EVERY = 15  # refreshes: psutil is read every 30 s


def connection_text(state: SyncState, now: datetime) -> tuple[str, str]:
    """(text, state) for the connection segment."""
    if state.connection is Connection.NOT_ENROLLED:
        return translate("StatusBar", "Standalone (not enrolled)"), "muted"
    if state.connection is Connection.ONLINE:
        return translate("StatusBar", "● Online"), "good"
    if state.connection is Connection.REFUSED:
        return translate("StatusBar", "✖ Refused: {0}").format(
            state.refused_reason or state.last_error or translate("StatusBar", "see Sync")
        ), "bad"
    retry = (
        translate("StatusBar", " · retry {0}").format(clock_time(state.next_attempt_at, now))
        if state.next_attempt_at
        else ""
    )
    return translate("StatusBar", "● Offline") + retry, "bad"


def backlog_text(count: int, oldest: datetime | None, now: datetime) -> tuple[str, str]:
    if count == 0:
        return translate("StatusBar", "All synced"), "good"
    text = translate("StatusBar", "{0} to sync").format(count)
    if oldest is None:
        return text, "muted"
    waited = now - oldest
    level = (
        "bad" if waited.total_seconds() > 24 * 3600 else "warn" if waited.total_seconds() > 3600 else "muted"
    )
    return text + translate("StatusBar", " · {0}").format(age(oldest, now)), level


def printer_text(
    notice: PrinterNotice | None,
    configured: bool,
    waiting: int,
    first_waiting: str | None,
    last_error: str | None,
) -> tuple[str, str]:
    if not configured:
        if waiting:
            return translate("StatusBar", "No printer set up — {0} waiting to print").format(waiting), "warn"
        return translate("StatusBar", "No printer set up"), "muted"
    if notice is not None and notice.state is not PrinterState.READY:
        return headline(notice.message), "bad"
    if notice is None and last_error and waiting:
        return headline(last_error), "bad"
    if waiting:
        return translate("StatusBar", "Printing {0}…").format(first_waiting or waiting), "muted"
    if notice is not None and notice.paper_low:
        return translate("StatusBar", "Printer ready — paper low, have a new roll ready"), "warn"
    return translate("StatusBar", "Printer ready"), "good"


def headline(message: str) -> str:
    """The first sentence of a printer message; the rest is in the print queue dialog."""
    return message.split(". ", maxsplit=1)[0].rstrip(".")


def power_text(power: PowerState | None) -> tuple[str, str]:
    if power is None:
        return "", "muted"
    if not power.on_battery:
        if power.percent < 100:
            return translate("StatusBar", "Mains {0} %").format(power.percent), "muted"
        return translate("StatusBar", "Mains"), "muted"
    level = "bad" if power.percent <= 20 else "warn"
    text = translate("StatusBar", "Battery {0} %").format(power.percent)
    if power.minutes_left is not None and power.minutes_left < 60:
        # Only when it matters: the last hour on the UPS or the laptop battery.
        text += translate("StatusBar", " (~{0} min)").format(power.minutes_left)
    return text, level


class StatusBar(QFrame):
    open_sync = Signal()
    open_print_queue = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("statusbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(6)
        self.connection = self._segment(
            "status.connection", translate("StatusBar", "Connection"), self.open_sync.emit
        )
        self.backlog = self._segment(
            "status.backlog", translate("StatusBar", "Waiting to sync"), self.open_sync.emit
        )
        self.last_sync = self._segment(
            "status.last_sync", translate("StatusBar", "Last sync"), self.open_sync.emit
        )
        self.clock_warning = self._segment(
            "status.clock", translate("StatusBar", "Clock warning"), self.open_sync.emit
        )
        self.printer = self._segment(
            "status.printer", translate("StatusBar", "Printer"), self.open_print_queue.emit
        )
        self.power = self._segment("status.power", translate("StatusBar", "Power"), None)
        self.time = self._segment("status.time", translate("StatusBar", "Time"), None)
        for w in (self.connection, self.backlog, self.last_sync, self.clock_warning):
            row.addWidget(w)
        row.addWidget(self.printer, 1)
        row.addWidget(self.power)
        row.addWidget(self.time)
        self.power_state: PowerState | None = None
        self.stopped = False
        self._ticks = 0
        self._backlog: tuple[int, datetime | None] = (0, None)
        self._waiting: tuple[int, str | None, str | None] = (0, None, None)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.tick)
        ctx.sync.state_changed.connect(lambda _s: self.refresh())
        ctx.printer.notice_changed.connect(lambda _n: self.refresh())
        ctx.events.changed.connect(lambda _w: self.refresh())

    def _segment(self, name: str, accessible: str, click: object) -> QPushButton:
        b = button("", name, accessible=accessible, on_click=click if callable(click) else None)
        b.setFlat(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return b

    def start(self) -> None:
        self.power_state = self.ctx.power()
        self.refresh()
        self.timer.start()

    def tick(self) -> None:
        self._ticks += 1
        if self._ticks % POWER_EVERY == 0:
            self.power_state = self.ctx.power()
        self.refresh()

    def _read_queues(self) -> None:
        till = self.ctx.till
        try:
            self._backlog = (till.outbox.depth(), stored_time(till.outbox.oldest_pending_at()))
            waiting = till.print_queue.waiting()
        except BisamaError:
            return  # the database is busy or gone: keep the last figures, say nothing wrong
        first = waiting[0] if waiting else None
        described = None
        if first is not None:
            # A receipt by its number; another document by its kind, and its number
            # when it has a short one (a stock transfer's id is a long code nobody reads).
            described = (
                first.reference
                if first.kind in ("sale", "refund", "void")
                else f"{kind_name(first.kind)} {first.reference}"
                if len(first.reference) <= 20
                else kind_name(first.kind)
            )
        self._waiting = (len(waiting), described, first.last_error if first else None)

    def stop(self) -> None:
        """The till is closing: news that arrives from now on is not shown."""
        self.stopped = True
        self.timer.stop()

    def refresh(self) -> None:
        if self.stopped:
            return
        self._read_queues()
        now = self.ctx.till.clock.now()
        state = self.ctx.sync.state
        self._set(self.connection, *connection_text(state, now))
        count, oldest = self._backlog
        if state.connection is Connection.NOT_ENROLLED:
            kept = translate("StatusBar", "{0} kept for head office").format(count) if count else ""
            self._set(self.backlog, kept, "muted")
        else:
            self._set(self.backlog, *backlog_text(count, oldest, now))
        if state.connection is Connection.NOT_ENROLLED:
            self._set(self.last_sync, "", "muted")
        elif state.last_success_at is None:
            self._set(self.last_sync, translate("StatusBar", "Never synced"), "warn")
        else:
            self._set(
                self.last_sync,
                translate("StatusBar", "Synced {0}").format(clock_time(state.last_success_at, now)),
                "muted",
            )
        if state.clock_warning and state.clock_offset_seconds is not None:
            minutes = abs(state.clock_offset_seconds) // 60
            ahead = (
                translate("StatusBar", "behind")
                if state.clock_offset_seconds > 0
                else translate("StatusBar", "ahead of")
            )
            self._set(
                self.clock_warning,
                translate(
                    "StatusBar", "⚠ Till clock {0} min {1} head office — fix the PC's date and time"
                ).format(minutes, ahead),
                "bad",
            )
        else:
            self._set(self.clock_warning, "", "muted")
        waiting, first, last_error = self._waiting
        link = self.ctx.printer
        self._set(self.printer, *printer_text(link.notice, link.configured, waiting, first, last_error))
        full = link.notice.message if link.notice is not None else (last_error or "")
        self.printer.setToolTip(
            full + ("\n" if full else "") + translate("StatusBar", "Click for the print queue (Ctrl+P).")
        )
        self._set(self.power, *power_text(self.power_state))
        self._set(self.time, now.strftime("%H:%M"), "muted")

    @staticmethod
    def _set(widget: QPushButton, text: str, state: str) -> None:
        widget.setVisible(bool(text))
        if widget.text() != text:
            widget.setText(text)
            widget.setAccessibleDescription(text)
        if widget.property("state") != state:
            widget.setProperty("state", state)
            restyle(widget)
