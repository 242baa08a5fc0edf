"""Debian's HAProxy in front of several ``serve`` replicas: a generated configuration in a
temporary folder, a free loopback port, the process in the foreground (``-db``) in its
own session, killed at the end.

In HTTP mode HAProxy chooses a server for every request, not for every connection
(unless ``option prefer-last-server``): with ``balance roundrobin`` a till's two
requests in flight, and its successive requests on one kept-alive connection, land on
different replicas — what the order across replicas (``sync/order.py``) must survive.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from tests.cluster.harness.procs import free_port, kill_tree, need, wait_port

HAPROXY = "/usr/sbin/haproxy"


def config(port: int, backends: Sequence[int], *, balance: str = "roundrobin") -> str:
    """An HTTP balancer on 127.0.0.1:``port`` over replicas on the loopback ``backends``
    ports. Timeouts as docs/deploy.md asks of a proxy (a push may wait up to 60 s for
    the till's batch before it)."""
    servers = "\n".join(f"    server replica{n} 127.0.0.1:{p}" for n, p in enumerate(backends))
    return f"""\
global
    maxconn 2000

defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    option forwardfor

frontend bisama
    bind 127.0.0.1:{port}
    default_backend replicas

backend replicas
    balance {balance}
{servers}
"""


class Balancer:
    """``with Balancer(folder, ports) as balancer:`` — ``balancer.url`` reaches them."""

    def __init__(self, folder: Path, backends: Sequence[int], *,
                 balance: str = "roundrobin") -> None:
        need(HAPROXY)
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = folder / "haproxy.cfg"
        self.config.write_text(config(self.port, backends, balance=balance), encoding="utf-8")
        self.log = folder / "haproxy.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Balancer:
        check = subprocess.run([HAPROXY, "-c", "-f", str(self.config)], capture_output=True,
                               check=False)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy refused its configuration: {check.stderr.decode()}")
        with self.log.open("ab") as out:
            self.process = subprocess.Popen([HAPROXY, "-f", str(self.config), "-db"],
                                            stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        try:
            wait_port(self.port, 15)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"haproxy did not start: {self.log.read_text()[-2000:]}") \
                from None
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            kill_tree(self.process)

    def __enter__(self) -> Balancer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
