"""Request bodies are limited before they are read, on every route.

An ASGI middleware, outside everything else: a request whose ``Content-Length`` is over
its route's limit is answered ``413 too_large`` before a byte of the body is read; a
body sent without a length (chunked transfer) is counted as it streams in and refused
the moment it passes the limit, so no route — enrollment, the dashboard's forms, a push
— ever holds more than its limit in memory. The reply has the protocol's error shape
(docs/sync-protocol.md §10).

The limits are per path: a push batch may be 16 MB (``MAX_BODY_BYTES``), a catalogue
upload on the dashboard its 20 MB file plus the form around it, and everything else —
sign-in, enrollment, heartbeats, the dashboard's forms — 1 MB, far above any honest
request and far below what would hurt the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync_server.sync.protocol import ERRORS, MAX_BODY_BYTES

DEFAULT_LIMIT = 1_048_576
CATALOGUE_UPLOAD = 20 * 1_048_576  # the dashboard's catalogue import (routes_admin.MAX_UPLOAD)


def default_limits(path: str) -> int:
    """The most bytes a request body to ``path`` may have."""
    if path == "/api/v1/push":
        return MAX_BODY_BYTES
    if path == "/dashboard/admin/products/import":
        return CATALOGUE_UPLOAD + DEFAULT_LIMIT  # the file plus the multipart form around it
    return DEFAULT_LIMIT


def too_large_message(limit: int) -> str:
    size = f"{limit // 1_048_576} MB" if limit >= 1_048_576 else f"{max(1, limit // 1024)} KB"
    return f"The request is over {size}, the most this address takes. Send less at a time."


def too_large_body(limit: int) -> bytes:
    kind = ERRORS["too_large"]
    return orjson.dumps({"error": {"code": "too_large", "message": too_large_message(limit),
                                   "retry": kind.retry}})


class BodyLimit:
    """The middleware. ``limit_for`` maps a path to its limit in bytes."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int] = default_limits) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        seen = 0
        started = refused = False

        async def counted_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Answer now and tell the application the client went away: whatever
                    # reads the body stops there (Starlette raises ClientDisconnect), and
                    # what it might still send is dropped below. An exception raised
                    # here instead would reach the route wrapped in an ExceptionGroup by
                    # any BaseHTTPMiddleware on the way, and turn into a 400.
                    refused = True
                    if not started:
                        await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted_receive, watched_send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            # A length that is not a number is the server's (h11's) to refuse; a huge
            # one is simply over the limit.
            if not text.isdigit():
                return None
            return int(text) if len(text) <= 18 else 10**18
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = too_large_body(limit)
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]
    start: dict[str, Any] = {"type": "http.response.start", "status": 413, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
