"""Talking to GRA's E-VAT API (v8.2, docs/evat.md): the interface the outbox worker
uses, the HTTP client for the real endpoint, and a null client for a server where
E-VAT is off.

Three outcomes matter to the worker, and each is its own type:

* a ``Stamp`` — GRA cleared the invoice (SDC id, receipt number, signature, MRC,
  internal data, QR);
* ``GraRefused`` — GRA read the request and said no (bad TIN, bad payload): sending
  the same request again cannot help, a person must look;
* ``GraUnavailable`` — no answer we can trust (timeout, refused connection, 5xx, an
  unreadable body): GRA may or may not have stored it, so the worker looks it up
  before it ever sends it again.

``GraAlreadyHas`` (GRA's duplicate-number answer) is a refusal that means "stored
before": the worker fetches the stored stamp instead.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

DUPLICATE = "E700"  # GRA: this invoice number is already stored (docs/evat.md)
NOT_FOUND = "E404"


@dataclass(frozen=True, slots=True)
class Stamp:
    invoice_number: str
    sdc_id: str
    receipt_number: str
    sdc_time: str
    mrc: str
    mrc_time: str
    internal_data: str
    signature: str
    qr_code: str
    answer: str  # the whole answer as received

    def to_json(self) -> dict[str, str]:
        return {"invoice_number": self.invoice_number, "sdc_id": self.sdc_id,
                "receipt_number": self.receipt_number, "sdc_time": self.sdc_time,
                "mrc": self.mrc, "mrc_time": self.mrc_time, "internal_data": self.internal_data,
                "signature": self.signature, "qr_code": self.qr_code}


class GraError(Exception):
    pass


class GraUnavailable(GraError):
    """No trustworthy answer: retry later, and look it up before sending again."""


class GraRefused(GraError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}" if code and not message.startswith(code)
                         else message)
        self.code = code
        self.message = message


class GraAlreadyHas(GraRefused):
    """GRA already stores an invoice with this number."""


class GraClient(Protocol):
    def submit(self, request: dict[str, Any]) -> Stamp:
        """Send one invoice or refund; a ``Stamp`` or one of the errors above."""
        ...

    def lookup(self, invoice_number: str) -> Stamp | None:
        """What GRA stores under this number (None: nothing)."""
        ...


class NullGraClient:
    """E-VAT is not set up: nothing leaves the server; submissions stay pending."""

    def submit(self, request: dict[str, Any]) -> Stamp:
        raise GraUnavailable("E-VAT is not set up on this server")

    def lookup(self, invoice_number: str) -> Stamp | None:
        return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def parse_answer(raw: bytes) -> Stamp:
    """GRA's answer to a submission or a look-up. Raises ``GraRefused`` /
    ``GraAlreadyHas`` for an ERROR answer and ``GraUnavailable`` when unreadable."""
    try:
        body = json.loads(raw)
        response = body.get("response", body)
        status = str(response.get("status", "")).upper()
    except (ValueError, AttributeError, TypeError):
        raise GraUnavailable("GRA's answer could not be read") from None
    if status != "SUCCESS":
        message = response.get("message")
        text = _text(message if not isinstance(message, dict) else message.get("error"))
        code = _text(response.get("code"))
        if not code:
            found = re.match(r"\s*(E\d{3})", text)
            code = found.group(1) if found else ""
        if code == DUPLICATE:
            raise GraAlreadyHas(code, text or "invoice number already stored")
        raise GraRefused(code, text or "GRA refused the invoice")
    m = response.get("message")
    if not isinstance(m, dict) or not m.get("ysdcid") or not m.get("num"):
        raise GraUnavailable("GRA's answer has no SDC information")
    return Stamp(invoice_number=_text(m.get("num")), sdc_id=_text(m.get("ysdcid")),
                 receipt_number=_text(m.get("ysdcrecnum")), sdc_time=_text(m.get("ysdctime")),
                 mrc=_text(m.get("ysdcmrc")), mrc_time=_text(m.get("ysdcmrctim")),
                 internal_data=_text(m.get("ysdcintdata")), signature=_text(m.get("ysdcregsig")),
                 qr_code=_text(response.get("qr_code")), answer=raw.decode("utf-8", "replace"))


class HttpGraClient:
    """GRA's E-VAT API over HTTPS: ``POST {endpoint}/invoice`` to submit, ``GET
    {endpoint}/invoice/{number}`` to look one up; the security key in the
    ``security_key`` header (docs/evat.md says what to confirm with GRA)."""

    def __init__(self, endpoint: str, security_key: str, *, timeout: float = 20.0) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise ValueError("the E-VAT endpoint must be an http(s) URL")
        self.endpoint = endpoint.rstrip("/")
        self.security_key = security_key
        self.timeout = timeout

    def _call(self, method: str, url: str, body: bytes | None) -> bytes:
        # The endpoint is an http(s) URL: fiscal.settings.check_endpoint refuses others.
        request = urllib.request.Request(url, data=body, method=method, headers={  # noqa: S310
            "Content-Type": "application/json", "Accept": "application/json",
            "security_key": self.security_key})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return bytes(answer.read())
        except urllib.error.HTTPError as exc:
            data = exc.read()
            if exc.code in (400, 401, 403, 404, 409, 422):
                return data  # an ERROR answer in GRA's shape
            raise GraUnavailable(f"GRA answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise GraUnavailable(f"GRA could not be reached: {exc}") from None

    def submit(self, request: dict[str, Any]) -> Stamp:
        raw = self._call("POST", f"{self.endpoint}/invoice",
                         json.dumps(request, separators=(",", ":")).encode())
        return parse_answer(raw)

    def lookup(self, invoice_number: str) -> Stamp | None:
        raw = self._call("GET", f"{self.endpoint}/invoice/"
                         f"{urllib.parse.quote(invoice_number, safe='')}", None)
        try:
            return parse_answer(raw)
        except GraRefused as exc:
            if exc.code == NOT_FOUND:
                return None
            raise
