"""Text messages: the ``SmsSender`` interface, ``NullSms`` (sends nothing) and
``ArkeselSms``, the Arkesel SMS API v2 (a Ghanaian HTTP gateway; docs/messaging.md gives
the request and answer shapes and where they are documented).

A sender does three things: send one text to one number (the gateway's id back), say
the account's balance (SMS credits), and say how far one message got (the delivery
report, polled by id). The outcomes the queue cares about are separate types:

* ``SmsRefused`` — the gateway read the request and said no for this message (a number
  it will not take, a sender ID it does not know, no credit): a failure of the message,
  counted by the throttle;
* ``SmsUnavailable`` — no answer to trust (timeout, refused connection, 5xx): the
  message stays queued and is tried again later; ``rate_limited`` when it was HTTP 429;
* ``SmsNotSetUp`` — the key was refused (401/403): nothing more is sent until a person
  fixes the settings.

Settings come from the environment (``SmsSettings.from_environment``):

``BISAMA_SMS_GATEWAY``       ``arkesel``; unset: no SMS (``NullSms``)
``BISAMA_SMS_URL``           the API's address, default ``https://sms.arkesel.com``
``BISAMA_SMS_API_KEY_FILE``  a file holding the API key (never the key itself in the
                             environment, where ``ps e`` shows it)
``BISAMA_SMS_SENDER_ID``     the approved sender ID (11 letters or digits at most)
``BISAMA_SMS_TIMEOUT``       seconds, default 20
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from shared.errors import BisamaError

ENV_GATEWAY = "BISAMA_SMS_GATEWAY"
ENV_URL = "BISAMA_SMS_URL"
ENV_KEY_FILE = "BISAMA_SMS_API_KEY_FILE"
ENV_SENDER = "BISAMA_SMS_SENDER_ID"
ENV_TIMEOUT = "BISAMA_SMS_TIMEOUT"
DEFAULT_URL = "https://sms.arkesel.com"
SENDER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .&-]{0,10}$")

# What the gateway's delivery report says → our status (docs/messaging.md).
DELIVERED = ("DELIVERED", "DELIVRD")
FAILED = ("FAILED", "UNDELIVERED", "UNDELIV", "REJECTED", "EXPIRED", "REJECTD")


class SmsError(BisamaError):
    code = "sms_failed"


class SmsRefused(SmsError):
    code = "sms_refused"


class SmsUnavailable(SmsError):
    code = "sms_unavailable"

    def __init__(self, message: str, *, rate_limited: bool = False) -> None:
        super().__init__(message)
        self.rate_limited = rate_limited


class SmsNotSetUp(SmsError):
    code = "sms_not_set_up"


@dataclass(frozen=True, slots=True)
class SentSms:
    gateway_id: str | None  # None: the null sender sent nothing


@dataclass(frozen=True, slots=True)
class Balance:
    credits: int | None     # SMS credits left, when the gateway says
    text: str               # as the gateway says it (e.g. "1,240 SMS credits")


class SmsSender(Protocol):
    name: str

    def send(self, to: str, text: str) -> SentSms:
        """Send ``text`` to ``to`` (E.164, ``+233…``); raise an ``SmsError`` saying why
        not."""
        ...

    def balance(self) -> Balance | None:
        """The credits left, or None when this sender has no account."""
        ...

    def delivery(self, gateway_id: str) -> str:
        """``delivered``, ``failed`` or ``pending`` (no final report yet)."""
        ...


class NullSms:
    """Sends nothing (no SMS gateway set up)."""

    name = "none"

    def send(self, to: str, text: str) -> SentSms:
        return SentSms(None)

    def balance(self) -> Balance | None:
        return None

    def delivery(self, gateway_id: str) -> str:
        return "pending"


def delivery_status(reported: str) -> str:
    word = (reported or "").strip().upper()
    if word in DELIVERED:
        return "delivered"
    if word in FAILED:
        return "failed"
    return "pending"


@dataclass(frozen=True)
class SmsSettings:
    url: str
    api_key: str
    sender_id: str
    timeout: float = 20.0

    def __repr__(self) -> str:  # never the key
        return f"SmsSettings(url={self.url!r}, sender_id={self.sender_id!r})"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> SmsSettings | None:
        gateway = (environ.get(ENV_GATEWAY) or "").strip().lower()
        if not gateway or gateway == "none":
            return None
        if gateway != "arkesel":
            raise SmsNotSetUp(f"{ENV_GATEWAY}: “{gateway}” is not a gateway we speak; "
                              "use arkesel (or none).")
        url = (environ.get(ENV_URL) or DEFAULT_URL).strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise SmsNotSetUp(f"{ENV_URL} is the gateway's http(s) address.")
        secret = (environ.get(ENV_KEY_FILE) or "").strip()
        if not secret:
            raise SmsNotSetUp(f"{ENV_KEY_FILE} names the file holding the gateway's API key.")
        try:
            key = Path(secret).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SmsNotSetUp(f"Cannot read the SMS API key file {secret}: "
                              f"{exc.strerror}.") from None
        if not key:
            raise SmsNotSetUp(f"The SMS API key file {secret} is empty.")
        sender = check_sender_id(environ.get(ENV_SENDER) or "")
        try:
            timeout = float(environ.get(ENV_TIMEOUT) or "20")
        except ValueError:
            raise SmsNotSetUp(f"{ENV_TIMEOUT} is a number of seconds.") from None
        if not 0 < timeout <= 120:
            raise SmsNotSetUp(f"{ENV_TIMEOUT} is 1–120 seconds.")
        return cls(url=url, api_key=key, sender_id=sender, timeout=timeout)


def check_sender_id(text: str) -> str:
    sender = text.strip()
    if not SENDER_RE.match(sender):
        raise SmsNotSetUp(f"“{sender[:20]}” is not a sender ID: 1 to 11 letters or digits, "
                          f"the one the gateway approved ({ENV_SENDER}).")
    return sender


def _credits(text: str) -> int | None:
    digits = re.sub(r"[,\s]", "", text)
    found = re.match(r"^\D*(\d+)", digits)
    return int(found.group(1)) if found else None


class ArkeselSms:
    """Arkesel SMS API v2: ``POST /api/v2/sms/send``, ``GET /api/v2/clients/
    balance-details``, ``GET /api/v2/sms/{id}``; the key in the ``api-key`` header."""

    name = "arkesel"

    def __init__(self, settings: SmsSettings) -> None:
        self.settings = settings

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        s = self.settings
        data = None if body is None else json.dumps(body).encode()
        # The address is http(s): SmsSettings.from_environment refuses others.
        request = urllib.request.Request(f"{s.url}{path}", data=data, method=method,  # noqa: S310
                                         headers={"api-key": s.api_key,
                                                  "Content-Type": "application/json",
                                                  "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=s.timeout) as answer:  # noqa: S310
                raw = answer.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            if exc.code in (401, 403):
                raise SmsNotSetUp(f"The SMS gateway refused the API key (HTTP {exc.code}): "
                                  f"check {ENV_KEY_FILE}.") from None
            if exc.code == 429:
                raise SmsUnavailable("The SMS gateway asks us to slow down (HTTP 429).",
                                     rate_limited=True) from None
            if exc.code >= 500:
                raise SmsUnavailable(f"The SMS gateway answered HTTP {exc.code}.") from None
            raise SmsRefused(f"The SMS gateway refused it: {_message(raw, exc.code)}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise SmsUnavailable(f"The SMS gateway could not be reached: {exc}.") from None
        try:
            answer_json = json.loads(raw)
        except ValueError:
            raise SmsUnavailable("The SMS gateway's answer was not JSON.") from None
        if not isinstance(answer_json, dict):
            raise SmsUnavailable("The SMS gateway's answer was not a JSON object.")
        if str(answer_json.get("status", "")).lower() != "success":
            raise SmsRefused(f"The SMS gateway refused it: {_message(raw, 200)}")
        return answer_json

    def send(self, to: str, text: str) -> SentSms:
        answer = self._call("POST", "/api/v2/sms/send", {
            "sender": self.settings.sender_id, "message": text,
            "recipients": [to.lstrip("+")]})
        for item in answer.get("data") or []:
            if isinstance(item, dict) and item.get("id"):
                return SentSms(str(item["id"]))
            if isinstance(item, dict) and item.get("invalid numbers"):
                raise SmsRefused(f"The SMS gateway says {to} is not a number it can text.")
        raise SmsUnavailable("The SMS gateway's answer named no message id.")

    def balance(self) -> Balance | None:
        data = self._call("GET", "/api/v2/clients/balance-details", None).get("data") or {}
        text = str(data.get("sms_balance", "")) if isinstance(data, dict) else ""
        return Balance(_credits(text), text or "unknown")

    def delivery(self, gateway_id: str) -> str:
        data = self._call("GET", f"/api/v2/sms/{urllib.parse.quote(gateway_id, safe='')}",
                          None).get("data") or {}
        return delivery_status(str(data.get("status", ""))) if isinstance(data, dict) \
            else "pending"


def _message(raw: bytes, status: int) -> str:
    try:
        answer = json.loads(raw)
        text = str(answer.get("message") or answer) if isinstance(answer, dict) else str(answer)
    except ValueError:
        text = f"HTTP {status}"
    return text[:300]


def sender_from_environment(environ: Mapping[str, str]) -> SmsSender:
    settings = SmsSettings.from_environment(environ)
    return NullSms() if settings is None else ArkeselSms(settings)
