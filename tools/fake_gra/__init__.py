"""A fake GRA E-VAT server (API v8.2 as docs/evat.md describes it), on a real socket.

It speaks the protocol our client speaks — ``POST /invoice`` with the ``security_key``
header, ``GET /invoice/{number}`` to look one up — and checks what GRA's document says
it checks: the security key belongs to a registered TIN, the header and items are
complete, the levy total is the sum of the items' levies, a customer TIN has GRA's form,
a refund refers to an invoice GRA holds, and an invoice number is stored once (a second
submission gets ``E700``).

And it misbehaves on request, for the fault tests:

* ``refuse_next(n)`` — refuse the next n submissions (a bad payload answer);
* ``timeout_next(n, store=True)`` — store, then answer too late (a read timeout at the
  client after GRA stored it); ``store=False`` answers late without storing;
* ``drop_next(n)`` — store, then close the connection without an answer;
* ``answer_twice = True`` — a resubmitted number gets a second SUCCESS with the stored
  stamp instead of ``E700``;
* ``hide_next_lookups(n)`` — the next n look-ups say "not found" even when stored;
* ``down_until(moment)`` — answer 503 to everything until ``clock()`` reaches moment
  (the fault test takes GRA down for a day on the server's manual clock).

``clearances`` counts the stamps it created per invoice number: the fault tests assert
every stored sale has exactly one.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

TIN_RE = re.compile(r"^(?:[CPGQV]\d{10}|GHA-\d{9}-\d)$")
FLAGS = ("INVOICE", "REFUND", "PARTIAL_REFUND")
HEADER = ("currency", "exchangeRate", "invoiceNumber", "totalLevy", "userName", "flag",
          "calculationType", "totalVat", "transactionDate", "totalAmount",
          "businessPartnerName", "businessPartnerTin", "saleType", "discountType",
          "discountAmount", "reference", "items")
ITEM = ("itemCode", "description", "quantity", "unitPrice", "discountAmount", "levyAmountA",
        "levyAmountB")


def _error(code: str, message: str) -> dict[str, Any]:
    return {"response": {"status": "ERROR", "code": code, "message": f"{code} {message}"}}


def _dec(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"“{value}” is not a number") from None


class FakeGra:
    def __init__(self, keys: dict[str, str] | None = None, *,
                 clock: Callable[[], datetime] | None = None, host: str = "127.0.0.1",
                 port: int = 0, late_seconds: float = 1.0) -> None:
        self.keys = dict(keys or {"TEST-SECURITY-KEY-0001": "C0001234567"})  # key → TIN
        self.clock = clock or (lambda: datetime.now(UTC))
        self.late_seconds = late_seconds
        self.lock = threading.Lock()
        self.invoices: dict[str, dict[str, Any]] = {}  # number → the stored answer
        self.requests: dict[str, dict[str, Any]] = {}  # number → the request stored
        self.clearances: dict[str, int] = {}
        self.posts = 0
        self.lookups = 0
        self.answer_twice = False
        self._refuse = 0
        self._timeout = 0
        self._timeout_store = True
        self._drop = 0
        self._hide = 0
        self._down_until: datetime | None = None
        self._host = host
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- life --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://{self._host}:{port}/api/v8.2"

    def start(self) -> FakeGra:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- misbehaviour ------------------------------------------------------------------
    def refuse_next(self, n: int = 1) -> None:
        with self.lock:
            self._refuse = n

    def timeout_next(self, n: int = 1, *, store: bool = True) -> None:
        with self.lock:
            self._timeout, self._timeout_store = n, store

    def drop_next(self, n: int = 1) -> None:
        with self.lock:
            self._drop = n

    def hide_next_lookups(self, n: int = 1) -> None:
        """The next n look-ups answer "not found" even for a stored invoice (GRA's
        look-up lagging behind its store)."""
        with self.lock:
            self._hide = n

    def down_until(self, moment: datetime | None) -> None:
        with self.lock:
            self._down_until = moment

    def is_down(self) -> bool:
        with self.lock:
            return self._down_until is not None and self.clock() < self._down_until

    # -- the protocol ------------------------------------------------------------------
    def _check(self, tin: str, body: Any) -> str | None:
        """The first thing wrong with a request, as GRA's error text; None: fine."""
        if not isinstance(body, dict):
            return "E800 the request is not a JSON object"
        missing = [f for f in HEADER if f not in body]
        if missing:
            return f"E801 missing fields: {', '.join(missing)}"
        if body["flag"] not in FLAGS:
            return f"E802 unknown flag {body['flag']}"
        if body["calculationType"] not in ("INCLUSIVE", "EXCLUSIVE"):
            return "E803 calculationType must be INCLUSIVE or EXCLUSIVE"
        if not TIN_RE.match(str(body["businessPartnerTin"])):
            return f"E811 invalid businessPartnerTin {body['businessPartnerTin']}"
        number = str(body["invoiceNumber"])
        if not number or len(number) > 100:
            return "E804 invoiceNumber must be 1 to 100 characters"
        items = body["items"]
        if not isinstance(items, list) or not items:
            return "E805 an invoice needs at least one item"
        try:
            levies = Decimal(0)
            for item in items:
                gone = [f for f in ITEM if f not in item]
                if gone:
                    return f"E806 item {item.get('itemCode')} misses {', '.join(gone)}"
                if _dec(item["quantity"]) <= 0 or _dec(item["unitPrice"]) < 0:
                    return f"E807 item {item['itemCode']}: quantity and unit price must be positive"
                levies += sum((_dec(item.get(f"levyAmount{x}", 0)) for x in "ABCDE"), Decimal(0))
            if abs(levies - _dec(body["totalLevy"])) > Decimal("0.01") * len(items):
                return f"E708 totalLevy {body['totalLevy']} is not the items' {levies}"
            if _dec(body["totalVat"]) < 0:
                return "E709 totalVat must not be negative"
        except ValueError as exc:
            return f"E810 {exc}"
        if body["flag"] != "INVOICE":
            if not body["reference"]:
                return "E820 a refund needs the reference of the original invoice"
            if str(body["reference"]) not in self.invoices:
                return f"E821 the original invoice {body['reference']} is not known"
        return None

    def _stamp(self, tin: str, body: dict[str, Any]) -> dict[str, Any]:
        number = str(body["invoiceNumber"])
        count = len(self.invoices) + 1
        digest = hashlib.sha256(f"{tin}|{number}|{body['totalAmount']}|{body['totalVat']}"
                                .encode()).hexdigest()
        now = self.clock().strftime("%Y-%m-%d %H:%M:%S")
        message = {"num": number, "ysdcid": "SDC-FAKE-000001", "ysdcrecnum": f"{count:010d}",
                   "ysdcintdata": digest[:40].upper(), "ysdcregsig": digest[40:].upper(),
                   "ysdcmrc": "MRC-FAKE-01", "ysdcmrctim": now, "ysdctime": now,
                   "flag": body["flag"], "ysdcitems": str(len(body["items"]))}
        qr = (f"https://fake-gra.invalid/verify?tin={tin}&num={number}"
              f"&sdc={message['ysdcid']}&sig={message['ysdcregsig'][:16]}")
        return {"response": {"status": "SUCCESS", "message": message, "qr_code": qr}}

    def submit(self, key: str, body: Any) -> tuple[int, dict[str, Any], str]:
        """(HTTP status, answer, what to do: "answer", "late" or "drop")."""
        with self.lock:
            self.posts += 1
            tin = self.keys.get(key)
            if tin is None:
                return 401, _error("E401", "unknown security key"), "answer"
            if self._refuse:
                self._refuse -= 1
                return 400, _error("E899", "the request was refused (test)"), "answer"
            problem = self._check(tin, body)
            if problem is not None:
                code = problem.split(" ", 1)[0]
                return 400, _error(code, problem.split(" ", 1)[1]), "answer"
            number = str(body["invoiceNumber"])
            if self._timeout:
                self._timeout -= 1
                if not self._timeout_store:
                    return 504, _error("E504", "late"), "late"
                how = "late"
            elif self._drop:
                self._drop -= 1
                how = "drop"
            else:
                how = "answer"
            if number in self.invoices:
                if self.answer_twice:
                    return 200, self.invoices[number], how
                return 409, _error("E700", f"invoice {number} is already stored"), how
            answer = self._stamp(tin, body)
            self.invoices[number] = answer
            self.requests[number] = body
            self.clearances[number] = self.clearances.get(number, 0) + 1
            return 200, answer, how

    def lookup(self, key: str, number: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.lookups += 1
            if key not in self.keys:
                return 401, _error("E401", "unknown security key")
            if number not in self.invoices or self._hide:
                self._hide = max(0, self._hide - 1)
                return 404, _error("E404", f"no invoice {number}")
            return 200, self.invoices[number]

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
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up waiting (a timeout)

            def _down(self) -> bool:
                if fake.is_down():
                    self._send(503, _error("E503", "service unavailable"))
                    return True
                return False

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self._down():
                    return
                if self.path.rstrip("/").split("/")[-1] != "invoice":
                    self._send(404, _error("E404", "no such endpoint"))
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._send(400, _error("E800", "the body is not JSON"))
                    return
                status, answer, how = fake.submit(self.headers.get("security_key", ""), body)
                if how == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                if how == "late":
                    time.sleep(fake.late_seconds)
                self._send(status, answer)

            def do_GET(self) -> None:
                if self._down():
                    return
                parts = self.path.split("/")
                if len(parts) < 2 or parts[-2] != "invoice":
                    self._send(404, _error("E404", "no such endpoint"))
                    return
                status, answer = fake.lookup(self.headers.get("security_key", ""),
                                             unquote(parts[-1]))
                self._send(status, answer)

        return Handler
