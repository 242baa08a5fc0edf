"""Signals across the thread boundary: the sync client and the print worker report from
their own threads; these bridges re-emit their news as Qt signals delivered on the GUI
thread, and keep the latest for screens that open later."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from terminal.sync.state import Connection, SyncState


def standalone_state() -> SyncState:
    """What the status bar shows before a sync client exists (an unenrolled till)."""
    return SyncState(
        connection=Connection.NOT_ENROLLED,
        backlog=0,
        oldest_unsynced_at=None,
        last_success_at=None,
        last_error=None,
        next_attempt_at=None,
        server_url=None,
        clock_offset_seconds=None,
    )


class SyncBridge(QObject):
    """``publish`` is the sync client's ``SyncListener``; call it from any thread."""

    state_changed = Signal(object)
    _incoming = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.state = standalone_state()
        self._incoming.connect(self._remember)

    def publish(self, state: SyncState) -> None:
        self._incoming.emit(state)

    def _remember(self, state: SyncState) -> None:
        self.state = state
        self.state_changed.emit(state)


class TillEvents(QObject):
    """Something the till recorded changed (``"sale"``, ``"refund"``, ``"shift"``,
    ``"print"``, ``"customer"``, ``"sync"``): the status bar and open lists refresh."""

    changed = Signal(str)
