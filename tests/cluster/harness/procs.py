"""What every cluster harness needs: free ports, waiting for a port, running a program as
the ``postgres`` OS user (PostgreSQL refuses to run as root), killing a process tree."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

_GIVEN: set[int] = set()


def free_port() -> int:
    """A port nothing listens on, below the kernel's ephemeral range: a port the kernel
    hands out (``bind(0)``) may be taken by any outgoing connection (a database client,
    an HTTP request) before the server the test starts binds it — seen with Patroni."""
    low, _high = _ephemeral_range()
    for _ in range(200):
        port = random.randrange(20000, max(20001, min(low, 32768)))
        if port in _GIVEN:  # handed out already, maybe not bound yet
            continue
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            _GIVEN.add(port)
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def wait_port(port: int, seconds: float = 30.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing answered on {host}:{port} within {seconds:.0f} s")


def need(*programs: str) -> None:
    """Skip the test, saying which program is missing — fail it under ``.ci/run``
    (``BISAMA_REQUIRE_SERVICES=1``), which installs them."""
    missing = [p for p in programs if shutil.which(p) is None and not Path(p).exists()]
    if missing and os.environ.get("BISAMA_REQUIRE_SERVICES") == "1":
        pytest.fail(f"not installed: {', '.join(missing)} (.ci/run installs them)")
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install the Debian package)")


def as_postgres(argv: Sequence[str]) -> list[str]:
    """``argv`` run as the ``postgres`` OS user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return list(argv)


def give_to_postgres(path: Path) -> None:
    """Make ``path`` (a folder the test made) the ``postgres`` user's, when we are root."""
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
        for child in path.rglob("*"):
            shutil.chown(child, "postgres", "postgres")


def kill_tree(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the process group the harness started ``process`` in
    (``start_new_session=True``), then reap it."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (from /proc), parents before children."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop(0)
        found.append(current)
        todo += children.get(current, [])
    return found


def kill_all(pids: Sequence[int]) -> None:
    """SIGKILL each of ``pids`` (PostgreSQL's backends each lead a process group of their
    own, so killing the postmaster's group is not enough)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
