"""The worker is what the screens ([5]) plug in: ``SyncControl`` (start with a listener,
sync now, stop) and ``EnrollFn``; its states reach the screens' ``SyncBridge`` on the GUI
thread. (Wiring it into ``terminal/ui/app.py`` is the lead's; this proves it fits.)"""

from __future__ import annotations

import httpx
import pytest

from terminal.sync.state import Connection
from terminal.sync.worker import SyncWorker, WorkerTiming
from tests.sync.conftest import OIL

pytestmark = pytest.mark.gui

FAST = WorkerTiming(poll_seconds=0.05, pull_every=0.3, heartbeat_every=0.3, not_enrolled_poll=0.05)


def test_the_worker_plugs_into_the_screens(world, live, make_till, qtbot):
    from terminal.ui.bridges import SyncBridge
    from terminal.ui.context import EnrollFn, SyncControl

    t = make_till()
    bridge = SyncBridge()
    seen: list[Connection] = []
    bridge.state_changed.connect(lambda state: seen.append(state.connection))
    worker = SyncWorker.for_till(t.till, http_factory=lambda: httpx.Client(timeout=10), timing=FAST)
    control: SyncControl = worker
    enroll: EnrollFn = worker.enroll
    control.start(bridge.publish)
    try:
        qtbot.waitUntil(lambda: Connection.NOT_ENROLLED in seen, timeout=10_000)
        assert enroll(live.url, world.code()) == "Enrolled as MAIN/T01 of Acme Trading."
        qtbot.waitUntil(lambda: bridge.state.connection is Connection.ONLINE, timeout=10_000)
        t.reopen()
        t.sell(OIL)
        control.sync_now()
        qtbot.waitUntil(lambda: bridge.state.backlog == 0 and t.till.outbox.depth() == 0, timeout=10_000)
    finally:
        control.stop()
    assert not worker.running
