"""The server's HTTP edge as an attacker meets it (issue [7]): bodies refused before they
are read — by their declared length and, sent chunked, by the bytes that arrive — on
every route, in the protocol's error shape; ``/metrics`` and the OpenAPI schema closed
without the operator token; nothing loaded from a CDN. On a real socket (uvicorn), on
SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sync_server.sync.protocol import MAX_BODY_BYTES
from sync_server.web.body_limit import DEFAULT_LIMIT, default_limits
from tests.server.conftest import OPS_TOKEN, LiveServer, TillFactory, World

pytestmark = pytest.mark.security

ROOT = Path(__file__).resolve().parents[2]


def _chunks(total: int, size: int = 65_536) -> Iterator[bytes]:
    """A body with no Content-Length: httpx sends it chunked."""
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b"x" * piece


def _declare(live: LiveServer, path: str, length: int) -> httpx.Response:
    """A request that declares ``length`` bytes of body and sends none, on a raw socket
    (an HTTP client will not lie about a length): the reply must come anyway."""
    with socket.create_connection(("127.0.0.1", live.port), timeout=60) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     f"application/json\r\nContent-Length: {length}\r\n\r\n".encode())
        received = b""
        while b"\r\n\r\n" not in received:
            received += sock.recv(65_536)
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:])
        while len(body) < int(headers.get("content-length", "0")):
            body += sock.recv(65_536)
    return httpx.Response(int(lines[0].split()[1]), headers=headers, content=body)


def _too_large(reply: httpx.Response) -> None:
    assert reply.status_code == 413, reply.text[:300]
    error = reply.json()["error"]
    assert error["code"] == "too_large" and error["retry"] == "never"
    assert "Send less at a time" in error["message"]


@pytest.mark.parametrize("path", ["/api/v1/enroll", "/api/v1/nonce", "/api/v1/heartbeat",
                                  "/dashboard/login", "/dashboard/admin/users",
                                  "/no/such/address"])
def test_a_declared_length_over_the_limit_is_refused_before_reading(
        live: LiveServer, path: str) -> None:
    # The header alone says too much: the server answers without waiting for the body.
    _too_large(_declare(live, path, default_limits(path) + 1))
    # A length no file has: h11 refuses it itself (400) before the application.
    assert _declare(live, path, 10**30).status_code in (400, 413)


def test_a_push_may_be_16_mb_and_no_more(live: LiveServer) -> None:
    assert default_limits("/api/v1/push") == MAX_BODY_BYTES
    _too_large(_declare(live, "/api/v1/push", MAX_BODY_BYTES + 1))


@pytest.mark.parametrize("path", ["/api/v1/enroll", "/api/v1/heartbeat", "/dashboard/login"])
def test_a_chunked_body_is_counted_as_it_arrives(client: httpx.Client, path: str) -> None:
    kind = ("application/x-www-form-urlencoded" if path.startswith("/dashboard")
            else "application/json")
    reply = client.post(path, content=_chunks(DEFAULT_LIMIT + 70_000),
                        headers={"Content-Type": kind})
    _too_large(reply)


def test_a_chunked_push_over_16_mb_is_refused(client: httpx.Client) -> None:
    _too_large(client.post("/api/v1/push", content=_chunks(MAX_BODY_BYTES + 100_000),
                           headers={"Content-Type": "application/json"}))


def test_bodies_under_the_limit_still_work_chunked(world: World, till: TillFactory) -> None:
    t = till()  # enrollment and the feed, as ever
    t.sell([("GH-0001", 1)])
    assert t.push()[0]["stored_through"] == 1
    reply = t.client.post("/api/v1/enroll", content=_chunks(2_000),
                        headers={"Content-Type": "application/json"})
    assert reply.status_code == 422  # read whole, then refused as not JSON — not too large


def test_metrics_and_the_schema_need_the_operator_token(world: World, live: LiveServer) -> None:
    for path in ("/metrics", "/api/openapi.json"):
        for headers in ({}, {"Authorization": "Bearer wrong-token"},
                        {"Authorization": f"Basic {OPS_TOKEN}"},
                        {"Host": "acme.test"}):
            reply = httpx.get(f"{live.url}{path}", headers=headers)
            assert reply.status_code == 404, (path, headers)
            assert reply.json()["error"]["code"] == "not_found"
            assert "acme.test" not in reply.text
        opened = httpx.get(f"{live.url}{path}", headers={"Authorization": f"Bearer {OPS_TOKEN}"})
        assert opened.status_code == 200, path
    schema = httpx.get(f"{live.url}/api/openapi.json",
                       headers={"Authorization": f"Bearer {OPS_TOKEN}"}).json()
    assert "/api/v1/push" in schema["paths"]


def test_no_docs_page_and_nothing_from_a_cdn(live: LiveServer) -> None:
    for path in ("/api/docs", "/docs", "/redoc", "/api/redoc"):
        assert httpx.get(f"{live.url}{path}").status_code == 404, path
    login = httpx.get(f"{live.url}/dashboard/login").text
    served = [login] + [p.read_text(encoding="utf-8") for p in
                        (ROOT / "sync_server" / "dashboard" / "templates").glob("*.html")]
    for text in served:
        # every script, style sheet and image comes from the server itself
        assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', text), text[:200]
    csp = httpx.get(f"{live.url}/dashboard/login").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_server_errors_keep_the_protocol_shape_for_an_oversized_dashboard_form(
        client: httpx.Client) -> None:
    # a form field of 2 MB: the dashboard never sees it
    reply = client.post("/dashboard/login", data={"email": "a" * 2_000_000, "password": "b"})
    _too_large(reply)
