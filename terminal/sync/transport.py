"""Signed requests to the sync server over an injected ``httpx.Client``.

Every authenticated request is signed with the till's Ed25519 key over the method, the
exact path with its query, the SHA-256 of the exact body bytes, a single-use nonce, the
tenant and the terminal (protocol section 5). The nonce for the next request comes back
in ``X-Bisama-Next-Nonce`` and goes into a small stock; a request takes one from the stock
(under a lock, so two requests in flight at once — a pipelined push — never share one)
or, with none at hand, asks ``POST /api/v1/nonce``. When a reply is lost its nonce is
lost with it. A nonce kept longer than ``NONCE_KEEP_SECONDS`` is thrown away unused (the
server forgets it after five minutes by its own clock). A ``nonce_invalid`` answer is
retried once at once with a new nonce, the stock emptied first (after a long quiet spell
the others are as stale).

Network failures become ``Unreachable`` (with words for the cashier), protocol errors
``ServerRefused`` (with the protocol's code and retry rule).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from shared.signer import Signer
from terminal.sync.protocol import (
    API,
    HEADER_NEXT_NONCE,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TENANT,
    HEADER_TERMINAL,
    ServerRefused,
    Unreachable,
    error_of,
    request_message,
    retry_rule,
)

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
NONCE_STOCK = 4  # nonces kept at most (the server keeps 16 unspent per till)
NONCE_KEEP_SECONDS = 240.0  # the server's nonces live 300 s; keep a margin for the trip

_NO_INTERNET = (
    "name or service not known",
    "temporary failure in name resolution",
    "nodename nor servname",
    "getaddrinfo failed",
    "no address associated",
    "network is unreachable",
    "no route to host",
)


def new_http_client() -> httpx.Client:
    """The client the till uses when none is injected (tests inject their own)."""
    return httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=False)


def check_server_url(url: str) -> str:
    """``http(s)://host[:port]`` without a trailing slash; raises ValueError in words."""
    text = (url or "").strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"“{url}” is not a server address. Type it as the administrator gave it, e.g. "
            "https://acme.bisamapos.com or http://192.168.1.10:8470."
        )
    if parts.query or parts.fragment:
        raise ValueError(f"“{url}” is not a server address (it has a ? or # part).")
    return text


def network_problem(exc: httpx.HTTPError, server_url: str) -> str:
    """What went wrong on the network, in words: the first half of a status-bar message."""
    text = str(exc).lower()
    host = urlsplit(server_url).hostname or server_url
    if isinstance(exc, httpx.TimeoutException):
        return f"Head office ({host}) did not answer in time"
    if any(marker in text for marker in _NO_INTERNET):
        return "No internet connection"
    if isinstance(exc, httpx.ConnectError):
        return f"Head office ({host}) cannot be reached"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"The server address {server_url} is not valid"
    return f"The connection to head office ({host}) was cut"


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: dict[str, Any]


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def refusal(response: httpx.Response, body: Any) -> ServerRefused:
    code, message, detail = error_of(body)
    if code == "unexpected_reply":
        # Not our server's error format: a proxy, a captive portal, a web server in front.
        message = (
            f"Head office answered with something unexpected (HTTP {response.status_code}); "
            "check the server address"
        )
    return ServerRefused(
        message or f"Head office refused the request ({code})",
        code=code,
        status=response.status_code,
        retry=retry_rule(code, response.status_code),
        detail=detail,
    )


class SignedClient:
    """One till talking to one server. Safe for a few requests at once from different
    threads (the push keeps two in flight): the nonce stock and the request count are
    under a lock, and ``httpx.Client`` pools its connections thread-safely."""

    def __init__(
        self,
        http: httpx.Client,
        server_url: str,
        *,
        tenant: str,
        terminal_id: str,
        key: Signer,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http = http
        self.server_url = check_server_url(server_url)
        self._prefix = urlsplit(self.server_url).path  # a server behind a path on a proxy
        self.tenant = tenant
        self.terminal_id = terminal_id
        self.key = key
        self.monotonic = monotonic
        self._lock = threading.Lock()
        self._nonces: list[tuple[str, float]] = []  # (nonce, when it came), newest last
        self.requests = 0  # sent, for the summary and the tests

    # -- nonces ------------------------------------------------------------------------
    def _take_nonce(self) -> str:
        """A nonce no other request has: the newest kept one still fresh, else a new one."""
        with self._lock:
            oldest = self.monotonic() - NONCE_KEEP_SECONDS
            self._nonces = [(n, at) for n, at in self._nonces if at > oldest]
            if self._nonces:
                return self._nonces.pop()[0]
        return self.fetch_nonce()

    def _keep_nonce(self, nonce: str) -> None:
        with self._lock:
            self._nonces.append((nonce, self.monotonic()))
            del self._nonces[:-NONCE_STOCK]

    def _forget_nonces(self) -> None:
        with self._lock:
            self._nonces.clear()

    @property
    def nonces_kept(self) -> int:
        with self._lock:
            return len(self._nonces)

    # -- plumbing --------------------------------------------------------------------
    def _send(self, method: str, path: str, content: bytes | None, headers: dict[str, str]) -> httpx.Response:
        with self._lock:
            self.requests += 1
        try:
            return self.http.request(method, self.server_url + path, content=content, headers=headers)
        except httpx.HTTPError as exc:
            raise Unreachable(network_problem(exc, self.server_url)) from exc

    def _identity_headers(self) -> dict[str, str]:
        return {HEADER_TENANT: self.tenant, HEADER_TERMINAL: self.terminal_id}

    def fetch_nonce(self) -> str:
        response = self._send("POST", f"{API}/nonce", None, self._identity_headers())
        body = _json(response)
        if response.status_code != 200 or not isinstance(body, dict) or "nonce" not in body:
            raise refusal(response, body)
        return str(body["nonce"])

    def call(self, method: str, path: str, payload: bytes | None = None) -> Reply:
        """A signed request; 200 and 409 come back as ``Reply`` (a push refusal is a
        409 with a push reply), every other status raises ``ServerRefused``."""
        for attempt in (1, 2):
            nonce = self._take_nonce()
            raw = payload or b""
            signature = self.key.sign(
                request_message(
                    method,
                    self._prefix + path,
                    raw,
                    nonce=nonce,
                    tenant=self.tenant,
                    terminal=self.terminal_id,
                )
            ).hex()
            headers = {
                **self._identity_headers(),
                HEADER_NONCE: nonce,
                HEADER_SIGNATURE: signature,
            }
            if payload is not None:
                headers["Content-Type"] = "application/json"
            response = self._send(method, path, payload, headers)
            following = response.headers.get(HEADER_NEXT_NONCE)
            body = _json(response)
            if response.status_code in (200, 409) and isinstance(body, dict) and "error" not in body:
                if following:
                    self._keep_nonce(following)
                return Reply(response.status_code, body)
            error = refusal(response, body)
            if error.code in ("nonce_invalid", "unauthenticated") and attempt == 1:
                self._forget_nonces()
                continue
            if following:
                self._keep_nonce(following)
            raise error
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def get(self, path: str) -> Reply:
        return self.call("GET", path)

    def post(self, path: str, body: dict[str, Any] | bytes) -> Reply:
        raw = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
        return self.call("POST", path, raw)


def post_unsigned(http: httpx.Client, server_url: str, path: str, body: dict[str, Any]) -> Reply:
    """An unauthenticated POST (enrollment); errors as in ``SignedClient.call``."""
    url = check_server_url(server_url)
    try:
        response = http.post(url + path, json=body)
    except httpx.HTTPError as exc:
        raise Unreachable(network_problem(exc, url)) from exc
    data = _json(response)
    if response.status_code == 200 and isinstance(data, dict) and "error" not in data:
        return Reply(200, data)
    raise refusal(response, data)
