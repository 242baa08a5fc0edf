"""Slow work off the GUI thread: backups, checks, enrollment — anything that may take
more than a few milliseconds. One worker thread with its own ``Till`` (its own SQLite
connection: one ``Till`` per thread, see docs/terminal.md); results and errors come back
as a queued Qt signal, so callbacks always run on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from terminal.till import Till

T = TypeVar("T")
log = logging.getLogger(__name__)


class TaskRunner(QObject):
    _finished = Signal(object, object, object)  # callback, result, error
    busy_changed = Signal(int)

    def __init__(self, open_till: Callable[[], Till]) -> None:
        super().__init__()
        self._open_till = open_till
        self._till: Till | None = None  # touched only on the worker thread
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="till-worker")
        self._finished.connect(self._deliver)
        self.pending = 0
        self._closed = False

    def submit(
        self,
        work: Callable[[Till], T],
        done: Callable[[T], object] | None = None,
        failed: Callable[[Exception], object] | None = None,
    ) -> Future[T]:
        """Run ``work(worker_till)`` on the worker thread; ``done(result)`` or
        ``failed(error)`` then run on the GUI thread."""
        if self._closed:
            raise RuntimeError("the task runner is closed")
        self.pending += 1
        self.busy_changed.emit(self.pending)

        def run() -> T:
            try:
                result = work(self._worker_till())
            except Exception as exc:
                self._finished.emit(failed, None, exc)
                raise
            self._finished.emit(done, result, None)
            return result

        return self._executor.submit(run)

    def _worker_till(self) -> Till:
        if self._till is None:
            self._till = self._open_till()
        return self._till

    def _deliver(self, callback: Callable[[Any], object] | None, result: object, error: object) -> None:
        self.pending -= 1
        self.busy_changed.emit(self.pending)
        if error is not None:
            if callback is not None:
                callback(error)
            else:
                log.error("background task failed: %s", error)
            return
        if callback is not None:
            callback(result)

    def close(self) -> None:
        """Finish what is queued, then close the worker's ``Till`` on its own thread."""
        if self._closed:
            return
        self._closed = True

        def shut() -> None:
            if self._till is not None:
                self._till.close()
                self._till = None

        self._executor.submit(shut)
        self._executor.shutdown(wait=True)
