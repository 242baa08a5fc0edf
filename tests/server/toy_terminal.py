"""A toy till that speaks sync protocol v1 over httpx, written from docs/sync-protocol.md.

It generates its own Ed25519 key, enrolls with a one-time code, pulls the catalogue and
tax profile from the feed, prices sales with ``shared.pricing`` and seals envelopes with
``shared.envelope.seal`` — exactly what a real till does — and keeps its outbox in
memory. Tests drive it against the real application, in-process (Starlette's
TestClient is an httpx client) or over a socket to a real uvicorn. It never imports the
server: only ``shared`` and the protocol.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.envelope import (
    GENESIS_HASH,
    SIGNING_PREFIX,
    Envelope,
    body_hash,
    parse_envelope,
    seal,
)
from shared.ids import uuid7
from shared.keys import public_key_text
from shared.money import Money, quantity
from shared.payloads import (
    Approval,
    CustomerRef,
    Refund,
    Sale,
    SaleTotals,
    Tender,
)
from shared.pricing import LineInput, price_lines
from shared.returns import Returned, refund_line
from shared.tax import TaxCode, TaxProfile, TaxRegime

REQUEST_PREFIX = "bisama-request-v1"
ENTITY_ORDER = ("tenant", "branch", "tax_profile", "period", "price_list", "product", "unit",
                "barcode", "price", "quick_keys", "user", "customer", "stock", "revocation",
                "momo_ref", "evat_clearance")
ENROLL_PREFIX = "bisama-enroll-v1"


def _id(now: datetime) -> str:
    return uuid7(int(now.timestamp() * 1000), os.urandom(10))


@dataclass
class Product:
    sku: str
    name: str
    unit: str
    tax_code: TaxCode
    cost_price: Money
    units: dict[str, Decimal] = field(default_factory=dict)
    prices: dict[tuple[str, str], Money] = field(default_factory=dict)  # (list, unit) → price


class ProtocolError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        error = body.get("error", {}) if isinstance(body, dict) else {}
        super().__init__(f"{status} {error.get('code')}: {error.get('message')}")
        self.status = status
        self.body = body
        self.code = error.get("code")


class ToyTerminal:
    def __init__(self, client: httpx.Client, *, branch: str = "MAIN", user: str = "ama@acme.test",
                 clock: Callable[[], datetime] | None = None, business_date: str | None = None,
                 name: str = "Toy till") -> None:
        self.client = client
        self.key = Ed25519PrivateKey.generate()
        self.public_key = public_key_text(self.key.public_key())
        self.terminal_id = _id(datetime.now(UTC))
        self.tenant: str | None = None
        self.branch = branch
        self.user = user
        self.name = name
        self.clock = clock or (lambda: datetime.now(UTC))
        self.business_date = business_date
        self.location = "SHOP"
        self.seq = 0
        self.head = GENESIS_HASH
        self.outbox: list[Envelope] = []  # every envelope ever made, in seq order
        self.acked = 0  # highest seq the server said it stored
        self.nonce: str | None = None
        self.spare_nonces: list[str] = []  # nonces from replies while two requests were out
        self._lock = threading.Lock()
        self.cursor = "0"
        # Sales are schema 2 and name the catalogue revision (the feed cursor) they were
        # priced from; 1 sends them as tills before schema 2 did.
        self.sale_schema = 2
        self.products: dict[str, Product] = {}
        self.regimes: list[TaxRegime] = []
        self.vat_registered = True
        self.profile = TaxProfile()  # with its VAT registration history, from the feed
        self.receipt_no = 0
        self.shift_id = _id(datetime.now(UTC))
        self.replies: list[httpx.Response] = []
        # Envelope JSON as stored in the outbox (a real till keeps the text it signed),
        # as data and as the text a push joins into its body (terminal/sync/push.py).
        self.wire: dict[str, dict[str, Any]] = {}
        self.wire_text: dict[str, str] = {}

    # -- transport ---------------------------------------------------------------------
    def enroll(self, code: str) -> dict[str, Any]:
        message = "\n".join((ENROLL_PREFIX, self._canonical_code(code), self.terminal_id,
                             self.public_key)).encode()
        reply = self.client.post("/api/v1/enroll", json={
            "code": code, "terminal_id": self.terminal_id, "public_key": self.public_key,
            "proof": self.key.sign(message).hex(), "name": self.name, "app_version": "toy-1"})
        body = reply.json()
        if reply.status_code != 200:
            raise ProtocolError(reply.status_code, body)
        self.tenant = body["tenant"]["id"]
        self.branch = body["branch"]["code"]
        return dict(body)

    @staticmethod
    def _canonical_code(code: str) -> str:
        cleaned = code.strip().upper().replace(" ", "")
        return cleaned.translate(str.maketrans("OIL", "011"))

    def headers(self) -> dict[str, str]:
        assert self.tenant is not None, "enroll first"
        return {"X-Bisama-Tenant": self.tenant, "X-Bisama-Terminal": self.terminal_id}

    def fetch_nonce(self) -> str:
        reply = self.client.post("/api/v1/nonce", headers=self.headers())
        if reply.status_code != 200:
            raise ProtocolError(reply.status_code, reply.json())
        self.nonce = reply.json()["nonce"]
        return self.nonce

    def _take_nonce(self) -> str:
        with self._lock:
            if self.nonce:
                nonce, self.nonce = self.nonce, None
                return nonce
            if self.spare_nonces:
                return self.spare_nonces.pop()
        reply = self.client.post("/api/v1/nonce", headers=self.headers())
        if reply.status_code != 200:
            raise ProtocolError(reply.status_code, reply.json())
        return str(reply.json()["nonce"])

    def _give_nonce(self, nonce: str | None) -> None:
        with self._lock:
            if self.nonce is None:
                self.nonce = nonce
            elif nonce and len(self.spare_nonces) < 4:
                self.spare_nonces.append(nonce)

    def sign(self, method: str, path: str, body: bytes, nonce: str) -> str:
        assert self.tenant is not None
        message = "\n".join((REQUEST_PREFIX, method, path, hashlib.sha256(body).hexdigest(),
                             nonce, self.tenant, self.terminal_id)).encode()
        return self.key.sign(message).hex()

    def request(self, method: str, path: str, body: Any = None, *,
                retry_nonce: bool = True, raw: bytes | None = None) -> httpx.Response:
        """``body`` as JSON, or ``raw``: the body's bytes as they are."""
        if raw is None:
            raw = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        nonce = self._take_nonce()
        headers = {**self.headers(), "X-Bisama-Nonce": nonce,
                   "X-Bisama-Signature": self.sign(method, path, raw, nonce)}
        if raw:
            headers["Content-Type"] = "application/json"
        reply = self.client.request(method, path, content=raw or None, headers=headers)
        self.replies.append(reply)
        self._give_nonce(reply.headers.get("X-Bisama-Next-Nonce"))
        spent = reply.status_code == 401 and reply.json()["error"]["code"] == "nonce_invalid"
        if spent and retry_nonce:
            return self.request(method, path, body, retry_nonce=False, raw=raw)
        return reply

    # -- the feed ----------------------------------------------------------------------
    def pull(self) -> list[dict[str, Any]]:
        changes: list[dict[str, Any]] = []
        while True:
            reply = self.request("GET", f"/api/v1/feed?cursor={self.cursor}&limit=500")
            if reply.status_code != 200:
                raise ProtocolError(reply.status_code, reply.json())
            page = reply.json()
            changes += page["changes"]
            self.cursor = page["cursor"]
            if not page["more"]:
                break
        # As the protocol advises: apply a whole pull at once, in entity order.
        def order(change: dict[str, Any]) -> tuple[int, int]:
            return ENTITY_ORDER.index(change["entity"]), change["version"]

        for change in sorted(changes, key=order):
            self._apply(change)
        return changes

    def _apply(self, change: dict[str, Any]) -> None:
        data, entity = change["data"], change["entity"]
        if data is None:
            return
        if entity == "product":
            product = self.products.setdefault(data["sku"], Product(
                data["sku"], data["name"], data["unit"], TaxCode(data["tax_code"]),
                Money(data["cost_price"])))
            product.name, product.unit = data["name"], data["unit"]
            product.tax_code = TaxCode(data["tax_code"])
            product.cost_price = Money(data["cost_price"])
        elif entity == "unit":
            self.products[data["sku"]].units[data["unit"]] = Decimal(data["factor"])
        elif entity == "price":
            prices = self.products[data["sku"]].prices
            prices[(data["price_list"], data["unit"])] = Money(data["price"])
        elif entity == "tax_profile":
            self.regimes = [TaxRegime.from_json(r) for r in data["regimes"]]
            self.vat_registered = data["vat_registered"]
            self.profile = TaxProfile.from_json(data)
        elif entity == "branch" and data["code"] == self.branch:
            defaults = [loc["code"] for loc in data["locations"] if loc["default"]]
            self.location = defaults[0] if defaults else self.location

    # -- making envelopes ---------------------------------------------------------------
    def today(self) -> str:
        return self.business_date or self.clock().date().isoformat()

    def seal(self, kind: str, payload: dict[str, Any], *, business_date: str | None = None,
             branch: str | None = None, user: str | None = None,
             schema: int | None = None) -> Envelope:
        now = self.clock()
        if schema is None:
            schema = 2 if kind == "sale" and "catalogue_rev" in payload else 1
        envelope = seal(id=_id(now), tenant=self.tenant, branch=branch or self.branch,
                        terminal=self.terminal_id, user=user or self.user, seq=self.seq + 1,
                        prev_hash=self.head, kind=kind,
                        schema=schema, created_at=now,
                        business_date=business_date or self.today(), payload=payload, key=self.key)
        self.seq, self.head = envelope.seq, envelope.hash
        self.outbox.append(envelope)
        self.wire[envelope.id] = envelope.to_json()
        self.wire_text[envelope.id] = json.dumps(self.wire[envelope.id], separators=(",", ":"),
                                                 ensure_ascii=False)
        return envelope

    def seal_unchecked(self, kind: str, payload: dict[str, Any], *,
                       envelope_id: str | None = None) -> Envelope:
        """Sign a payload whatever business rule it breaks, as a till with a bug (or a
        modified copy) would: ``seal`` refuses to. Its form must still be right."""
        now = self.clock()
        body = {"id": envelope_id or _id(now), "tenant": self.tenant, "branch": self.branch,
                "terminal": self.terminal_id, "user": self.user, "seq": self.seq + 1,
                "prev_hash": self.head, "kind": kind,
                "schema": 2 if kind == "sale" and "catalogue_rev" in payload else 1,
                "created_at": now.isoformat(timespec="milliseconds"),
                "business_date": self.today(), "payload": payload}
        digest = body_hash(body)
        signature = self.key.sign(SIGNING_PREFIX + bytes.fromhex(digest)).hex()
        envelope = parse_envelope({**body, "hash": digest, "signature": signature})
        self.seq, self.head = envelope.seq, envelope.hash
        self.outbox.append(envelope)
        self.wire[envelope.id] = envelope.to_json()
        self.wire_text[envelope.id] = json.dumps(self.wire[envelope.id], separators=(",", ":"),
                                                 ensure_ascii=False)
        return envelope

    def regime_on(self, day: str) -> TaxRegime:
        when = date.fromisoformat(day)
        for regime in self.regimes:
            if regime.applies_on(when):
                return regime
        raise LookupError(f"no tax regime on {day}")

    def priced_sale(self, items: Iterable[tuple[str, str | int]], *, price_list: str = "retail",
                    unit: str | None = None, tenders: list[Tender] | None = None,
                    customer: CustomerRef | None = None, order_discount: Money = Money.ZERO,
                    approvals: tuple[Approval, ...] = (), business_date: str | None = None,
                    receipt_no: str | None = None, catalogue_rev: int | None = None) -> Sale:
        # The sale's own time decides its tax regime and VAT registration
        # (docs/sync-protocol.md 3.2), not the business date of its shift.
        day = self.clock().date().isoformat()
        regime = self.regime_on(day)
        inputs = []
        for sku, qty in items:
            product = self.products[sku]
            sold_unit = unit or product.unit
            factor = product.units.get(sold_unit, Decimal("1"))
            inputs.append(LineInput(
                sku=sku, name=product.name, unit=sold_unit, unit_factor=quantity(factor),
                qty=quantity(str(qty)), unit_price=product.prices[(price_list, sold_unit)],
                tax_code=product.tax_code, unit_cost=product.cost_price.times(factor)))
        registered = self.profile.vat_registered_on(date.fromisoformat(day))
        lines = price_lines(tuple(inputs), order_discount=order_discount, regime=regime,
                            inclusive=True, vat_registered=registered)
        totals = SaleTotals.of_lines(lines)
        if tenders is None:
            tenders = [Tender("cash", totals.gross, totals.gross)]
        change = sum((t.tendered - t.amount for t in tenders), Money.ZERO)
        if receipt_no is None:
            self.receipt_no += 1
            receipt_no = f"T{self.terminal_id[-4:]}-{self.receipt_no:06d}"
        return Sale(receipt_no=receipt_no, shift_id=self.shift_id, location=self.location,
                    price_list=price_list, inclusive=True, regime=regime.id, customer=customer,
                    lines=lines, order_discount=order_discount, totals=totals,
                    tenders=tuple(tenders), change=change, approvals=approvals,
                    catalogue_rev=(catalogue_rev if catalogue_rev is not None
                                   else int(self.cursor) if self.sale_schema >= 2 else None))

    def sell(self, items: Iterable[tuple[str, str | int]], **kwargs: Any) -> Envelope:
        business_date = kwargs.get("business_date")
        sale = self.priced_sale(items, **kwargs)
        return self.seal("sale", sale.to_json(), business_date=business_date)

    def refund(self, sale_envelope: Envelope, returns: list[tuple[int, str]], *,
               already: dict[int, Returned] | None = None, restock: bool = True,
               tenders: list[Tender] | None = None) -> Envelope:
        sale = sale_envelope.typed_payload()
        sold = {ln.line_no: ln for ln in sale.lines}
        lines = tuple(refund_line(sold[no], quantity(qty), (already or {}).get(no, Returned()),
                                  restock=restock) for no, qty in returns)
        gross = sum((ln.gross for ln in lines), Money.ZERO)
        self.receipt_no += 1
        refund = Refund(refund_no=f"R{self.terminal_id[-4:]}-{self.receipt_no:06d}",
                        shift_id=self.shift_id, location=self.location,
                        original_id=sale_envelope.id, original_receipt_no=sale.receipt_no,
                        lines=lines, tenders=tuple(tenders or [Tender("cash", gross, gross)]),
                        reason="damaged", approvals=(Approval("refund", "manager@acme.test"),))
        return self.seal("refund", refund.to_json())

    def void(self, sale_envelope: Envelope, reason: str = "wrong item") -> Envelope:
        sale = sale_envelope.typed_payload()
        return self.seal("void", {"shift_id": self.shift_id, "original_id": sale_envelope.id,
                                  "original_receipt_no": sale.receipt_no, "reason": reason,
                                  "approvals": [{"action": "void", "approver": "manager@acme.test",
                                                 "reason": None}]})

    # -- pushing -------------------------------------------------------------------------
    def pending(self) -> list[Envelope]:
        return [e for e in self.outbox if e.seq > self.acked]

    def push_batch(self, envelopes: list[Envelope]) -> httpx.Response:
        texts = [self.wire_text.get(e.id) or json.dumps(e.to_json(), separators=(",", ":"))
                 for e in envelopes]
        reply = self.request("POST", "/api/v1/push",
                             raw=('{"envelopes":[' + ",".join(texts) + "]}").encode())
        if reply.status_code in (200, 409):
            stored = reply.json()["stored_through"]
            with self._lock:
                self.acked = max(self.acked, stored)
        return reply

    def push_batch_raw(self, envelopes: list[dict[str, Any]]) -> httpx.Response:
        """Push envelope JSON as given (tests that tamper with it)."""
        return self.request("POST", "/api/v1/push", {"envelopes": envelopes})

    def push(self, batch_size: int = 100) -> list[dict[str, Any]]:
        """Push the outbox until the server holds it all; returns every reply body."""
        bodies = []
        while self.pending():
            reply = self.push_batch(self.pending()[:batch_size])
            body = reply.json()
            bodies.append(body)
            if reply.status_code != 200:
                raise ProtocolError(reply.status_code, body)
        return bodies

    def push_pipelined(self, batch_size: int = 500, depth: int = 2,
                       latencies: list[float] | None = None) -> list[httpx.Response]:
        """Push the outbox with up to ``depth`` requests in flight (protocol 6.6): the
        next batch starts after the last one sent, replies are taken in the order sent,
        and after any refusal or error the till stops sending, lets the others finish and
        goes on from what the server holds. Returns every reply."""
        replies: list[httpx.Response] = []
        stalled = 0

        def send(batch: list[Envelope]) -> httpx.Response:
            started = time.perf_counter()
            reply = self.push_batch(batch)
            if latencies is not None:
                latencies.append(time.perf_counter() - started)
            return reply

        with ThreadPoolExecutor(depth) as pool:
            while self.pending():
                before = self.acked
                todo = self.pending()
                batches = iter([todo[i:i + batch_size] for i in range(0, len(todo), batch_size)])
                flight = deque(pool.submit(send, b) for b in itertools.islice(batches, depth))
                failed: httpx.Response | None = None
                while flight:
                    reply = flight.popleft().result()
                    replies.append(reply)
                    if reply.status_code != 200:
                        failed = failed or reply
                    elif failed is None and (batch := next(batches, None)) is not None:
                        flight.append(pool.submit(send, batch))
                if failed is not None:
                    code = (failed.json().get("refused") or {}).get("code") \
                        if failed.status_code == 409 else None
                    if code not in ("seq_gap", "seq_repeat"):
                        raise ProtocolError(failed.status_code, failed.json())
                stalled = stalled + 1 if self.acked == before else 0
                if stalled > 2:
                    raise ProtocolError(failed.status_code if failed else 0,
                                        failed.json() if failed else {})
        return replies

    # -- heartbeat and recovery -------------------------------------------------------
    def heartbeat(self, **extra: Any) -> dict[str, Any]:
        pending = self.pending()
        body = {"terminal_time": self.clock().isoformat(), "app_version": "toy-1",
                "outbox_depth": len(pending),
                "oldest_unsynced_seconds": 60 if pending else None, "last_seq": self.seq,
                "printer": {"status": "ok", "detail": None},
                "power": {"source": "mains", "battery_percent": 100}, **extra}
        reply = self.request("POST", "/api/v1/heartbeat", body)
        if reply.status_code != 200:
            raise ProtocolError(reply.status_code, reply.json())
        return dict(reply.json())

    def restore_from_backup(self, seq: int) -> None:
        """Forget everything after ``seq``, as a till restored from an old backup would."""
        self.outbox = [e for e in self.outbox if e.seq <= seq]
        self.seq = seq
        self.head = self.outbox[-1].hash if self.outbox else GENESIS_HASH
        self.acked = min(self.acked, seq)

    def recover(self) -> int:
        """Ask where the chain ends and fetch the envelopes this till lost; returns how
        many came back. Each is checked to be signed by this till and to follow on."""
        reply = self.request("GET", "/api/v1/chain")
        head = reply.json()
        recovered = 0
        while self.seq < head["seq"]:
            page = self.request("GET", f"/api/v1/chain/envelopes?after={self.seq}&limit=100").json()
            for item in page["envelopes"]:
                envelope = parse_envelope(item["envelope"])
                from shared.envelope import verify_envelope

                verify_envelope(envelope, self.key.public_key())
                assert envelope.seq == self.seq + 1 and envelope.prev_hash == self.head
                self.outbox.append(envelope)
                self.seq, self.head = envelope.seq, envelope.hash
                recovered += 1
        self.acked = self.seq
        return recovered


def now_utc() -> datetime:
    return datetime.now(UTC)


def skewed(offset: timedelta) -> Callable[[], datetime]:
    """A till clock that is ``offset`` off (dead CMOS batteries)."""
    return lambda: datetime.now(UTC) + offset
