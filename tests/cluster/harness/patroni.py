"""Two Patroni 3.0 nodes managing PostgreSQL 15 on loopback ports, with a synchronous
standby, for the failover test: a short leader ``ttl`` so a dead primary is replaced in
seconds, ``synchronous_mode`` so an acknowledged commit is on the standby too.

PostgreSQL refuses to run as root: the nodes run as the ``postgres`` OS user in a
folder of theirs under /tmp (pytest's own folders are root's and closed to others).
``serve`` reaches the primary with a libpq multi-host URL and
``target_session_attrs=read-write`` — no proxy in between."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.cluster.harness.etcd import Etcd
from tests.cluster.harness.procs import (
    as_postgres,
    descendants,
    free_port,
    give_to_postgres,
    kill_all,
    kill_tree,
)

BIN_DIR = Path("/usr/lib/postgresql/15/bin")
# ttl ≥ loop_wait + 2 × retry_timeout (Patroni's rule); 10 s keeps a failover to seconds
# while a loaded two-core machine still renews the leader key in time.
DCS = {"ttl": 10, "loop_wait": 1, "retry_timeout": 3, "maximum_lag_on_failover": 1048576,
       "synchronous_mode": True}


@dataclass
class PatroniNode:
    name: str
    root: Path
    pg_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def config(self, scope: str, etcd: Etcd) -> dict[str, Any]:
        return {
            "scope": scope, "name": self.name,
            "restapi": {"listen": f"127.0.0.1:{self.api_port}",
                        "connect_address": f"127.0.0.1:{self.api_port}"},
            "etcd3": {"hosts": etcd.endpoint},
            "bootstrap": {
                "dcs": {**DCS, "postgresql": {"use_pg_rewind": False, "use_slots": True,
                                              "parameters": {
                                                  "wal_level": "replica", "hot_standby": "on",
                                                  "max_wal_senders": 10,
                                                  "max_replication_slots": 10,
                                                  "synchronous_commit": "on",
                                                  "max_connections": 100,
                                                  "shared_buffers": "32MB"}}},
                "initdb": [{"encoding": "UTF8"}, {"locale": "C"}],
            },
            "postgresql": {
                "listen": f"127.0.0.1:{self.pg_port}",
                "connect_address": f"127.0.0.1:{self.pg_port}",
                "data_dir": str(self.data_dir), "bin_dir": str(BIN_DIR),
                "pgpass": str(self.root / "pgpass"),
                "authentication": {
                    "superuser": {"username": "postgres", "password": "postgres"},
                    "replication": {"username": "replicator", "password": "replicator"}},
                "parameters": {"unix_socket_directories": str(self.root)},
                "pg_hba": ["local all all trust", "local replication all trust",
                           "host all all 127.0.0.1/32 trust",
                           "host replication replicator 127.0.0.1/32 trust"],
            },
        }

    def start(self, scope: str, etcd: Etcd) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        config = self.root / "patroni.yml"
        config.write_text(json.dumps(self.config(scope, etcd), indent=1))  # JSON is YAML
        give_to_postgres(self.root)
        with (self.root / "patroni.log").open("ab") as log:
            self.process = subprocess.Popen(as_postgres(["patroni", str(config)]), stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True,
                                            cwd=self.root)

    def state(self) -> dict[str, Any] | None:
        """Patroni's own view of this node (``GET /patroni``), None when it does not answer."""
        try:
            reply = httpx.get(f"{self.api}/patroni", timeout=1)
            return dict(reply.json())
        except (httpx.HTTPError, ValueError):
            return None

    def is_primary(self) -> bool:
        try:
            return httpx.get(f"{self.api}/primary", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        """SIGKILL the node: Patroni, and PostgreSQL, which Patroni starts in a session of
        its own and whose every backend leads a process group of its own — a machine
        losing power, all at once."""
        pids: list[int] = []
        pid_file = self.data_dir / "postmaster.pid"
        try:
            pids += descendants(int(pid_file.read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
        if self.process is not None:
            pids = descendants(self.process.pid) + pids
        kill_all(pids)
        if self.process is not None:
            kill_tree(self.process)
            self.process = None

    def log_tail(self) -> str:
        path = self.root / "patroni.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


class PatroniPair:
    """An etcd member and two Patroni nodes; ``url(db)`` is the multi-host URL of both."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="bisama-pg-"))
        give_to_postgres(self.root)
        self.etcd = Etcd(self.root / "etcd")
        self.etcd.root.mkdir()
        self.nodes = [PatroniNode("pg1", self.root / "pg1"), PatroniNode("pg2", self.root / "pg2")]
        self.scope = f"bisama-{self.etcd.client_port}"

    def start(self, seconds: float = 120) -> PatroniPair:
        self.etcd.start()
        self.nodes[0].start(self.scope, self.etcd)
        self.wait(self.nodes[0].is_primary, seconds, "pg1 to lead")
        self.nodes[1].start(self.scope, self.etcd)
        self.wait(self.synchronous, seconds, "pg2 to stream as the synchronous standby")
        return self

    def synchronous(self) -> bool:
        """A leader and a streaming synchronous standby (``GET /cluster``)."""
        for node in self.nodes:
            try:
                members = httpx.get(f"{node.api}/cluster", timeout=1).json()["members"]
            except (httpx.HTTPError, ValueError, KeyError):
                continue
            roles = {m.get("role"): m.get("state") for m in members}
            return roles.get("sync_standby") in ("streaming", "running") and "leader" in roles
        return False

    def primary(self) -> PatroniNode | None:
        return next((n for n in self.nodes if n.process is not None and n.is_primary()), None)

    def url(self, database: str) -> str:
        hosts = "&".join(f"host=127.0.0.1:{n.pg_port}" for n in self.nodes)
        return (f"postgresql://postgres@/{database}?{hosts}"
                "&target_session_attrs=read-write&connect_timeout=3")

    def psql(self, node: PatroniNode, sql: str, database: str = "postgres") -> str:
        out = subprocess.run(
            as_postgres([str(BIN_DIR / "psql"), "-h", "127.0.0.1", "-p", str(node.pg_port),
                         "-U", "postgres", "-d", database, "-Atc", sql]),
            capture_output=True, text=True, check=True, timeout=60)
        return out.stdout.strip()

    def wait(self, condition: Any, seconds: float, what: str) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if condition():
                return time.monotonic() - started
            time.sleep(0.1)
        tails = "\n".join(f"--- {n.name}\n{n.log_tail()}" for n in self.nodes)
        raise TimeoutError(f"waited {seconds:.0f} s for {what}\n{tails}")

    def stop(self) -> None:
        for node in self.nodes:
            node.kill()
        self.etcd.stop()
        shutil.rmtree(self.root, ignore_errors=True)
