"""A fake Arkesel SMS API v2 (as docs/messaging.md describes it), on a real socket.

It speaks what our client speaks — ``POST /api/v2/sms/send`` with the ``api-key``
header and a JSON body ``{sender, message, recipients}``, ``GET /api/v2/clients/
balance-details``, ``GET /api/v2/sms/{id}`` for a delivery report — and checks what the
gateway's documents say it checks: a known key (else 401), a sender ID of at most 11
characters, a message, Ghana numbers (``233`` and nine digits; others come back under
``invalid numbers``), enough credit (one per 160 characters; else an error answer).

And it misbehaves on request, for the tests:

* ``undeliverable`` — numbers whose delivery report says ``FAILED``;
* ``refuse`` — numbers the send answers under ``invalid numbers``;
* ``rate_limit_next(n)`` — answer the next n sends with HTTP 429;
* ``down = True`` — answer 503 to everything;
* ``reports_pending = True`` — delivery reports say ``SUBMITTED`` (not final yet).

``sent`` lists every accepted message (id, recipient, sender, message) in order.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

NUMBER_RE = re.compile(r"^233\d{9}$")


class FakeArkesel:
    def __init__(self, keys: set[str] | frozenset[str], *, credits: int = 10_000) -> None:
        self.keys = set(keys)
        self.credits = credits
        self.undeliverable: set[str] = set()
        self.refuse: set[str] = set()
        self.down = False
        self.reports_pending = False
        self.sent: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self._rate_limited = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeArkesel:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def rate_limit_next(self, n: int) -> None:
        with self.lock:
            self._rate_limited = n

    def to(self, number: str) -> list[str]:
        """The texts sent to ``number`` (``233…``)."""
        return [m["message"] for m in self.sent if m["recipient"] == number.lstrip("+")]

    # the API ---------------------------------------------------------------------------
    def send(self, body: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict):
            return 422, {"status": "error", "message": "The body is not a JSON object"}
        sender, message = body.get("sender"), body.get("message")
        recipients = body.get("recipients")
        if not isinstance(sender, str) or not 0 < len(sender) <= 11:
            return 422, {"status": "error", "message": "The sender must be 1 to 11 characters"}
        if not isinstance(message, str) or not message:
            return 422, {"status": "error", "message": "The message field is required"}
        if not isinstance(recipients, list) or not recipients:
            return 422, {"status": "error", "message": "The recipients field is required"}
        with self.lock:
            if self._rate_limited:
                self._rate_limited -= 1
                return 429, {"status": "error", "message": "Too many requests"}
            parts = -(-len(message) // 160)
            good = [r for r in map(str, recipients)
                    if NUMBER_RE.match(r) and r not in self.refuse]
            bad = [str(r) for r in recipients if str(r) not in good]
            if parts * len(good) > self.credits:
                return 402, {"status": "error", "message": "Insufficient balance"}
            self.credits -= parts * len(good)
            data: list[dict[str, Any]] = []
            for number in good:
                ident = str(uuid.uuid4())
                self.sent.append({"id": ident, "recipient": number, "sender": sender,
                                  "message": message})
                data.append({"recipient": number, "id": ident})
            if bad:
                data.append({"invalid numbers": bad})
            return 200, {"status": "success", "data": data}

    def report(self, ident: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            found = next((m for m in self.sent if m["id"] == ident), None)
            if found is None:
                return 404, {"status": "error", "message": "SMS not found"}
            if self.reports_pending:
                status = "SUBMITTED"
            elif found["recipient"] in self.undeliverable:
                status = "FAILED"
            else:
                status = "DELIVERED"
            return 200, {"status": "success", "data": {"id": ident,
                                                       "recipient": found["recipient"],
                                                       "status": status}}

    def balance(self) -> tuple[int, dict[str, Any]]:
        with self.lock:
            return 200, {"status": "success", "data": {
                "sms_balance": f"{self.credits:,} SMS credits", "main_balance": "GHS 0.00"}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _gate(self) -> bool:
                if fake.down:
                    self._send(503, {"status": "error", "message": "Service unavailable"})
                    return False
                if self.headers.get("api-key", "") not in fake.keys:
                    self._send(401, {"status": "error", "message": "Unauthenticated"})
                    return False
                return True

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not self._gate():
                    return
                if self.path.rstrip("/") != "/api/v2/sms/send":
                    self._send(404, {"status": "error", "message": "Not found"})
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._send(400, {"status": "error", "message": "The body is not JSON"})
                    return
                self._send(*fake.send(body))

            def do_GET(self) -> None:
                if not self._gate():
                    return
                path = self.path.rstrip("/")
                if path == "/api/v2/clients/balance-details":
                    self._send(*fake.balance())
                elif path.startswith("/api/v2/sms/"):
                    self._send(*fake.report(unquote(path.rsplit("/", 1)[1])))
                else:
                    self._send(404, {"status": "error", "message": "Not found"})

        return Handler
