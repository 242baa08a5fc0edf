"""A 3-node MariaDB Galera cluster (galera-4) on loopback ports, in a temporary folder.

Each node has its own data folder, SQL port, group port (gcomm), IST port and SST port;
the first node is bootstrapped (``--wsrep-new-cluster``) from a fresh
``mariadb-install-db`` and the other two join and copy it by rsync (SST). The nodes run
as the ``mysql`` OS user (``--user=mysql``): run as root, the rsync daemon of an SST
drops to ``nobody`` and cannot write the joiner's data folder. Failure detection is shortened
(``evs.suspect_timeout`` 3 s) so the survivors drop a killed node in seconds."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pymysql

from tests.cluster.harness.procs import free_port, kill_tree

PROVIDER = Path("/usr/lib/galera/libgalera_smm.so")
EVS = ("evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;"
       "evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S")


@dataclass
class GaleraNode:
    name: str
    root: Path
    sql_port: int = field(default_factory=free_port)
    group_port: int = field(default_factory=free_port)
    ist_port: int = field(default_factory=free_port)
    sst_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def socket(self) -> Path:
        return self.root / "mysqld.sock"

    def write_config(self, cluster: str, members: str) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "data").mkdir(exist_ok=True)
        path = self.root / "my.cnf"
        path.write_text(f"""[mysqld]
datadir={self.root / 'data'}
socket={self.socket}
pid-file={self.root / 'mysqld.pid'}
log-error={self.root / 'error.log'}
port={self.sql_port}
bind-address=127.0.0.1
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
max_connections=300
performance_schema=OFF
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_flush_log_at_trx_commit=1
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider={PROVIDER}
wsrep_cluster_name={cluster}
wsrep_cluster_address=gcomm://{members}
wsrep_node_name={self.name}
wsrep_node_address=127.0.0.1:{self.group_port}
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:{self.group_port};ist.recv_addr=127.0.0.1:{self.ist_port};{EVS}"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:{self.sst_port}
""")
        return path

    def start(self, config: Path, *, bootstrap: bool) -> None:
        argv = ["mariadbd", f"--defaults-file={config}", "--user=mysql"]
        if bootstrap:
            argv.append("--wsrep-new-cluster")
        with (self.root / "mariadbd.out").open("ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def status(self) -> dict[str, str]:
        """``SHOW STATUS LIKE 'wsrep_%'`` of this node, {} when it does not answer."""
        try:
            conn = pymysql.connect(host="127.0.0.1", port=self.sql_port, user="root",
                                   connect_timeout=2, read_timeout=5)
        except pymysql.MySQLError:
            return {}
        try:
            with conn.cursor() as cursor:
                cursor.execute("SHOW STATUS LIKE 'wsrep_%'")
                return {str(k): str(v) for k, v in cursor.fetchall()}
        except pymysql.MySQLError:
            return {}
        finally:
            conn.close()

    def kill(self) -> None:
        """SIGKILL mariadbd: a node losing power."""
        if self.process is not None:
            kill_tree(self.process)
            self.process = None

    def url(self, database: str) -> str:
        return f"mysql://root@127.0.0.1:{self.sql_port}/{database}"

    def log_tail(self) -> str:
        path = self.root / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def give_to_mysql(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "mysql", "mysql")
        for child in path.rglob("*"):
            shutil.chown(child, "mysql", "mysql")


class GaleraCluster:
    def __init__(self, size: int = 3) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="bisama-galera-"))
        self.nodes = [GaleraNode(f"db{i + 1}", self.root / f"db{i + 1}") for i in range(size)]
        self.name = f"bisama-{self.nodes[0].group_port}"

    def start(self, seconds: float = 120) -> GaleraCluster:
        members = ",".join(f"127.0.0.1:{n.group_port}" for n in self.nodes)
        configs = [n.write_config(self.name, members) for n in self.nodes]
        first = self.nodes[0]
        give_to_mysql(self.root)
        subprocess.run(["mariadb-install-db", f"--defaults-file={configs[0]}", "--user=mysql",
                        "--auth-root-authentication-method=normal", "--skip-test-db"],
                       check=True, capture_output=True, timeout=120)
        first.start(configs[0], bootstrap=True)
        self.wait(lambda: first.status().get("wsrep_ready") == "ON", seconds, "db1 to bootstrap")
        self.root_sql(first, "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';"
                             "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;")
        for node, config in zip(self.nodes[1:], configs[1:], strict=True):
            node.start(config, bootstrap=False)
        self.wait(lambda: self.size() == len(self.nodes) and all(
            n.status().get("wsrep_local_state_comment") == "Synced" for n in self.nodes),
            seconds, f"{len(self.nodes)} nodes synced")
        return self

    def size(self, via: GaleraNode | None = None) -> int:
        for node in [via] if via else [n for n in self.nodes if n.process is not None]:
            value = node.status().get("wsrep_cluster_size")
            if value:
                return int(value)
        return 0

    def root_sql(self, node: GaleraNode, sql: str) -> None:
        subprocess.run(["mariadb", f"--socket={node.socket}", "-uroot", "-e", sql], check=True,
                       capture_output=True, timeout=60)

    def sql(self, node: GaleraNode, sql: str) -> None:
        conn = pymysql.connect(host="127.0.0.1", port=node.sql_port, user="root",
                               connect_timeout=5, autocommit=True)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    def wait(self, condition: object, seconds: float, what: str) -> float:
        assert callable(condition)
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if condition():
                return time.monotonic() - started
            time.sleep(0.2)
        tails = "\n".join(f"--- {n.name}\n{n.log_tail()}" for n in self.nodes)
        raise TimeoutError(f"waited {seconds:.0f} s for {what}\n{tails}")

    def stop(self) -> None:
        for node in self.nodes:
            node.kill()
        shutil.rmtree(self.root, ignore_errors=True)
