"""A till written from docs/sync-protocol.md and the schema at GET /api/v1/schema alone.

Unlike ``toy_terminal.py`` it imports nothing of this project — not ``shared``, not
``terminal``: it enrolls, pulls the catalogue and tax profile from the feed, prices a
sale by the rules of section 3.4, checks the payload and envelope against the schema
the server publishes (``jsonschema``), hashes the envelope as RFC 8785 canonical JSON,
signs it and pushes it. What an outside developer would write; a test checks it never
imports the project, so the doc must be enough.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from jsonschema import Draft202012Validator

ZEROS = "0" * 64


def round_half_up(numerator: int, denominator: int) -> int:
    """Section 3.4: (2a + b) div 2b, for a ≥ 0 and b > 0."""
    return (2 * numerator + denominator) // (2 * denominator)


def times(amount: int, rate: Fraction) -> int:
    return round_half_up(amount * rate.numerator, rate.denominator)


def thousandths(qty: str) -> int:
    """A 3-place quantity string as an integer number of thousandths ("0.750" → 750)."""
    whole, _, places = qty.partition(".")
    assert len(places) == 3, qty
    return int(whole) * 1000 + int(places)


def canonical(value: Any) -> bytes:
    """RFC 8785 for what envelopes hold (integers, text, booleans, null, ASCII keys):
    keys sorted, no whitespace, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class Product:
    sku: str
    name: str
    unit: str
    tax_code: str
    cost_price: int
    factors: dict[str, str] = field(default_factory=dict)


@dataclass
class Line:
    """What the cashier put in the cart."""

    sku: str
    qty: str
    unit: str | None = None
    line_discount: int = 0


class DocClient:
    def __init__(self, http: httpx.Client, user: str) -> None:
        self.http = http
        self.user = user
        self.key = Ed25519PrivateKey.generate()
        self.public_key = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        self.terminal_id = str(uuid.uuid4())
        self.tenant = ""
        self.branch = ""
        self.location = "SHOP"
        self.seq, self.head = 0, ZEROS
        self.products: dict[str, Product] = {}
        self.prices: dict[tuple[str, str, str], int] = {}  # (list, sku, unit) → pesewas
        self.inclusive: dict[str, bool] = {}
        self.regimes: list[dict[str, Any]] = []
        self.vat_registered = True
        self.schema: dict[str, Any] = {}

    # -- section 4: enrollment ---------------------------------------------------------
    def enroll(self, code: str) -> None:
        normalised = code.strip().upper().replace(" ", "").translate(str.maketrans("OIL", "011"))
        proof = self.key.sign("\n".join(("bisama-enroll-v1", normalised, self.terminal_id,
                                         self.public_key)).encode()).hex()
        reply = self.http.post("/api/v1/enroll", json={
            "code": code, "terminal_id": self.terminal_id, "public_key": self.public_key,
            "proof": proof, "name": "Doc till", "app_version": "doc-1"})
        assert reply.status_code == 200, reply.text
        body = reply.json()
        self.tenant, self.branch = body["tenant"]["id"], body["branch"]["code"]

    # -- section 5: signed requests ----------------------------------------------------
    def request(self, method: str, path: str, body: Any = None) -> httpx.Response:
        nonce = self.http.post("/api/v1/nonce", headers={
            "X-Bisama-Tenant": self.tenant, "X-Bisama-Terminal": self.terminal_id}).json()["nonce"]
        raw = b"" if body is None else json.dumps(body).encode()
        message = "\n".join(("bisama-request-v1", method, path, hashlib.sha256(raw).hexdigest(),
                             nonce, self.tenant, self.terminal_id)).encode()
        headers = {"X-Bisama-Tenant": self.tenant, "X-Bisama-Terminal": self.terminal_id,
                   "X-Bisama-Nonce": nonce, "X-Bisama-Signature": self.key.sign(message).hex(),
                   "Content-Type": "application/json"}
        return self.http.request(method, path, content=raw or None, headers=headers)

    # -- section 7: the feed -----------------------------------------------------------
    def pull(self) -> None:
        cursor, changes = "0", []
        while True:
            page = self.request("GET", f"/api/v1/feed?cursor={cursor}&limit=500").json()
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["more"]:
                break
        for change in changes:
            data = change["data"]
            if data is None:
                continue
            entity = change["entity"]
            if entity == "product":
                self.products[data["sku"]] = Product(data["sku"], data["name"], data["unit"],
                                                     data["tax_code"], data["cost_price"])
        for change in changes:
            data, entity = change["data"], change["entity"]
            if data is None:
                continue
            if entity == "unit":
                self.products[data["sku"]].factors[data["unit"]] = data["factor"]
            elif entity == "price":
                self.prices[(data["price_list"], data["sku"], data["unit"])] = data["price"]
            elif entity == "price_list":
                self.inclusive[data["code"]] = data["inclusive"]
            elif entity == "tax_profile":
                self.regimes, self.vat_registered = data["regimes"], data["vat_registered"]
            elif entity == "branch" and data["code"] == self.branch:
                self.location = next(loc["code"] for loc in data["locations"] if loc["default"])
        self.schema = self.http.get("/api/v1/schema").json()

    # -- section 3.4: pricing ------------------------------------------------------------
    def regime_on(self, day: str) -> dict[str, Any]:
        when = date.fromisoformat(day)
        for regime in self.regimes:
            ends = regime["effective_to"]
            if date.fromisoformat(regime["effective_from"]) <= when and (
                    ends is None or when <= date.fromisoformat(ends)):
                return regime
        raise LookupError(f"no tax regime on {day}")

    def tax(self, amount: int, code: str, regime: dict[str, Any], inclusive: bool) -> dict[str, int]:
        if code != "B" or not self.vat_registered:
            return {"net": amount, "vat": 0, "nhil": 0, "getfund": 0, "covid": 0, "gross": amount}
        rate = {name: Fraction(regime[name]) for name in ("vat", "nhil", "getfund", "covid")}
        levies = rate["nhil"] + rate["getfund"] + rate["covid"]
        on_value = {**rate, "vat": rate["vat"] * (1 + levies) if regime["vat_on_levies"] else rate["vat"]}
        if inclusive:
            divisor = 1 + sum(on_value.values())
            parts = {name: times(amount, r / divisor) for name, r in on_value.items()}
            return {"net": amount - sum(parts.values()), **parts, "gross": amount}
        parts = {name: times(amount, rate[name]) for name in ("nhil", "getfund", "covid")}
        base = amount + sum(parts.values()) if regime["vat_on_levies"] else amount
        parts["vat"] = times(base, rate["vat"])
        return {"net": amount, **parts, "gross": amount + sum(parts.values())}

    def price(self, cart: list[Line], *, price_list: str, order_discount: int,
              day: str) -> tuple[str, list[dict[str, Any]]]:
        regime = self.regime_on(day)
        inclusive = self.inclusive[price_list]
        lines = []
        for number, item in enumerate(cart, start=1):
            product = self.products[item.sku]
            unit = item.unit or product.unit
            factor = product.factors.get(unit, "1.000")
            unit_price = self.prices[(price_list, item.sku, unit)]
            q = thousandths(item.qty)
            list_amount = round_half_up(unit_price * q, 1000)
            lines.append({
                "line_no": number, "sku": item.sku, "name": product.name, "unit": unit,
                "unit_factor": factor, "qty": item.qty, "unit_price": unit_price,
                "tax_code": product.tax_code,
                "unit_cost": round_half_up(product.cost_price * thousandths(factor), 1000),
                "line_discount": item.line_discount, "price_override": False,
                "list_amount": list_amount})
        rests = [ln["list_amount"] - ln["line_discount"] for ln in lines]
        whole = sum(rests)
        shares = [order_discount * r // whole for r in rests]
        remainders = [order_discount * r % whole for r in rests]
        by_remainder = sorted(range(len(lines)), key=lambda i: (-remainders[i], i))
        for i in by_remainder[:order_discount - sum(shares)]:
            shares[i] += 1
        for line, rest, share in zip(lines, rests, shares, strict=True):
            amount = rest - share
            taxed = self.tax(amount, line["tax_code"], regime, inclusive)
            listed = self.tax(line["list_amount"], line["tax_code"], regime, True)
            line.update(order_discount=share, amount=amount,
                        list_net=listed["net"] if inclusive else line["list_amount"], **taxed,
                        cost=round_half_up(line["unit_cost"] * thousandths(line["qty"]), 1000))
        return regime["id"], lines

    def sale(self, cart: list[Line], *, day: str, price_list: str = "retail", order_discount: int = 0,
             tendered: int | None = None, receipt_no: str = "DOC-000001") -> dict[str, Any]:
        regime, lines = self.price(cart, price_list=price_list, order_discount=order_discount, day=day)
        totals = {name: sum(ln[name] for ln in lines)
                  for name in ("net", "vat", "nhil", "getfund", "covid", "gross", "cost")}
        totals["discount"] = sum(ln["line_discount"] + ln["order_discount"] for ln in lines)
        gross = totals["gross"]
        handed = gross if tendered is None else tendered
        return {"receipt_no": receipt_no, "shift_id": str(uuid.uuid4()), "location": self.location,
                "price_list": price_list, "inclusive": self.inclusive[price_list], "regime": regime,
                "customer": None, "lines": lines, "order_discount": order_discount,
                "totals": totals,
                "tenders": [{"method": "cash", "amount": gross, "tendered": handed,
                             "provider": None, "reference": None}],
                "change": handed - gross, "approvals": [], "flags": []}

    # -- section 3: the envelope -----------------------------------------------------------
    def seal(self, kind: str, payload: dict[str, Any], day: str) -> dict[str, Any]:
        problems = [e.message for e in Draft202012Validator(
            {**self.schema, "$ref": f"#/$defs/{kind}"}).iter_errors(payload)]
        assert problems == [], problems
        body = {"id": str(uuid.uuid4()), "tenant": self.tenant, "branch": self.branch,
                "terminal": self.terminal_id, "user": self.user, "seq": self.seq + 1,
                "prev_hash": self.head, "kind": kind, "schema": 1,
                "created_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "business_date": day, "payload": payload}
        digest = hashlib.sha256(canonical(body)).hexdigest()
        signature = self.key.sign(b"bisama-envelope-v1\n" + bytes.fromhex(digest)).hex()
        envelope = {**body, "hash": digest, "signature": signature}
        problems = [e.message for e in Draft202012Validator(self.schema).iter_errors(envelope)]
        assert problems == [], problems
        self.seq, self.head = self.seq + 1, digest
        return envelope

    def push(self, envelopes: list[dict[str, Any]]) -> httpx.Response:
        return self.request("POST", "/api/v1/push", {"envelopes": envelopes})
