"""A toy HTTP proxy at the byte boundary: it forwards each request to the real server
and, when the test says so, drops the reply after the server has answered (the network
lost it), or holds a request until the test lets it go. One request per connection
(it tells both sides ``Connection: close``).

It also counts, per "METHOD /path", how many requests were at the server at once (from
forwarding a request until the server's whole reply is read): ``peak`` is what a test
of a pipelined push reads to know two pushes really were in flight together. It notes
the first seq of each push it forwards and answers, so a test can wait for one batch to
overtake another (``wait_for``)."""

from __future__ import annotations

import json
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# What to do with one request, given its method and path (with query):
# "pass" — forward and relay the reply; "drop" — forward, then close without replying;
# "refuse" — close at once without forwarding (the server is unreachable).
Policy = Callable[[str, str], str]
# The same, given the request body too (a push's first seq).
BodyPolicy = Callable[[str, str, bytes], str]


def push_start(body: bytes) -> int | None:
    """The seq of the first envelope of a push body, if it is one."""
    try:
        return int(json.loads(body)["envelopes"][0]["seq"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _read_headers(sock: socket.socket) -> tuple[bytes, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers ended")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    return head, rest


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _header(head: bytes, wanted: bytes) -> str | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == wanted:
            return value.strip().decode()
    return None


def _with_close(head: bytes) -> bytes:
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"])


@dataclass
class ToyProxy:
    upstream_port: int
    policy: Policy = field(default=lambda method, path: "pass")
    seen: list[tuple[str, str, str]] = field(default_factory=list)  # (method, path, action)
    hold: threading.Event | None = None  # when set by the test, held requests go on
    holding: threading.Event = field(default_factory=threading.Event)  # a request is held now
    body_policy: BodyPolicy | None = None  # decides instead of ``policy`` when given
    peak: Counter[str] = field(default_factory=Counter)  # most requests at the server at once
    forwarded: list[tuple[str, int | None]] = field(default_factory=list)  # ("POST /path", first seq)
    answered: list[tuple[str, int | None]] = field(default_factory=list)  # the server's reply read
    nonces: list[str] = field(default_factory=list)  # every X-Bisama-Nonce sent, in order

    def __post_init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self._active: Counter[str] = Counter()
        self.changed = threading.Condition()
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(client,), daemon=True).start()

    def _one(self, client: socket.socket) -> None:
        try:
            with client:
                head, rest = _read_headers(client)
                body = rest
                length = _content_length(head)
                while len(body) < length:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    body += chunk
                method, target = head.split(b"\r\n", 1)[0].decode().split(" ")[:2]
                if self.body_policy is not None:
                    action = self.body_policy(method, target, body)
                else:
                    action = self.policy(method, target)
                self.seen.append((method, target, action))
                if action == "refuse":
                    return
                if action == "hold" and self.hold is not None:
                    self.holding.set()
                    self.hold.wait(30)
                key = f"{method} {target.split('?', 1)[0]}"
                first = push_start(body) if target.startswith("/api/v1/push") else None
                nonce = _header(head, b"x-bisama-nonce")
                with self.changed:
                    if nonce is not None:
                        self.nonces.append(nonce)
                    self._active[key] += 1
                    self.peak[key] = max(self.peak[key], self._active[key])
                    self.forwarded.append((key, first))
                    self.changed.notify_all()
                try:
                    with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
                        up.sendall(_with_close(head) + b"\r\n\r\n" + body)
                        reply = b""
                        while True:
                            chunk = up.recv(65536)
                            if not chunk:
                                break
                            reply += chunk
                finally:
                    with self.changed:
                        self._active[key] -= 1
                        self.answered.append((key, first))
                        self.changed.notify_all()
                if action == "drop":
                    return  # the server committed; its reply is lost on the way
                client.sendall(reply)
        except (OSError, ConnectionError):
            return

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 30) -> bool:
        """Wait until ``predicate()`` (called under the proxy's lock) holds."""
        with self.changed:
            return self.changed.wait_for(predicate, timeout)

    def close(self) -> None:
        self._stop = True
        self.server.close()


def drop_first(method_path: str, times: int = 1) -> Policy:
    """Drop the reply of the first ``times`` requests whose "METHOD /path" starts with
    ``method_path``; pass everything else."""
    left = [times]

    def policy(method: str, path: str) -> str:
        if f"{method} {path}".startswith(method_path) and left[0] > 0:
            left[0] -= 1
            return "drop"
        return "pass"

    return policy
