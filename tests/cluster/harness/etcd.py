"""One etcd 3.4 member on loopback ports, in a temporary folder: the store Patroni keeps
its leader key in. One member is enough for a test (the failure we cause is a database
node's, not etcd's)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from tests.cluster.harness.procs import free_port, kill_tree, wait_port


class Etcd:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or Path(tempfile.mkdtemp(prefix="bisama-etcd-"))
        self.client_port = free_port()
        self.peer_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.client_port}"

    def start(self) -> Etcd:
        peer = f"http://127.0.0.1:{self.peer_port}"
        client = f"http://{self.endpoint}"
        with (self.root / "etcd.log").open("ab") as log:
            self.process = subprocess.Popen(
                ["etcd", "--name", "e1", "--data-dir", str(self.root / "data"),
                 "--listen-client-urls", client, "--advertise-client-urls", client,
                 "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                 "--initial-cluster", f"e1={peer}", "--initial-cluster-state", "new",
                 "--initial-cluster-token", f"bisama-{self.client_port}",
                 "--enable-v2=false", "--log-level", "warn"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_port(self.client_port, 30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{client}/health", timeout=1).json().get("health") == "true":
                    return self
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"etcd did not become healthy: {self.log_tail()}")

    def log_tail(self) -> str:
        path = self.root / "etcd.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            kill_tree(self.process)
            self.process = None
        shutil.rmtree(self.root, ignore_errors=True)
