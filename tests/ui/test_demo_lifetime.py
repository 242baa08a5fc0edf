"""However ``bisama-terminal demo`` ends — SIGTERM, SIGHUP, even SIGKILL — head office
(its child process) does not outlive it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from terminal.demo import free_port

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _start_demo(home: Path, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with log.open("wb") as out:
        demo = subprocess.Popen(
            [sys.executable, "-m", "terminal", "demo", "--data-dir", str(home), "--port",
             str(free_port()), "--no-browser"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 180
    while "Close the till's window" not in log.read_text(errors="replace"):
        assert demo.poll() is None, log.read_text(errors="replace")[-3000:]
        assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
        time.sleep(0.2)
    server = int((home / "server" / "server.pid").read_text())
    assert _alive(server) and server in {p.pid for p in psutil.Process(demo.pid).children(recursive=True)}
    return demo, server


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL, signal.SIGABRT],
                         ids=["SIGTERM", "SIGHUP", "SIGKILL", "SIGABRT-as-Qt-aborts"])
def test_head_office_stops_however_the_demo_ends(sig, tmp_path):
    home, log = tmp_path / "demo", tmp_path / "demo.log"
    demo, server = _start_demo(home, log)
    try:
        demo.send_signal(sig)
        code = demo.wait(timeout=60)
        if sig in (signal.SIGTERM, signal.SIGHUP):
            assert code == 128 + sig, log.read_text(errors="replace")[-2000:]
            assert "stopping the demo" in log.read_text(errors="replace")
        # SIGKILL and an abort (what Qt does when it cannot go on) run no code of the demo's:
        # the kernel's parent-death signal stops head office.
        psutil.wait_procs([psutil.Process(server)], timeout=30) if _alive(server) else None
        assert not _alive(server), f"head office (process {server}) outlived the demo"
    finally:
        for pid in (demo.pid, server):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
