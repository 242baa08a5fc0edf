"""Mobile money at the till: the three Ghana networks, the key that picks each one on
the payment screen, and what a transaction reference (the id in the customer's SMS)
looks like on each network.

The rules are deliberately loose: they catch what cashiers really get wrong (a phone
number, an amount, a name or two letters typed into the reference box), not every
variant a network may use. Nothing in the code or docs before this fixed the formats;
these follow the SMSs the networks send today:

* MTN MoMo — "Financial Transaction Id: 44231234567", 8–14 digits; merchant payments
  (MoMoPay) read like ``MP240601.1234.A56789``.
* Telecel Cash (formerly Vodafone Cash) — letters and digits, e.g. ``TC123456`` or
  ``0000012345678``, 6–25 characters, may contain dashes.
* AirtelTigo Money — letters, digits and dots, e.g. ``MP240601.1234.A56789`` or
  ``1234567890``, 6–30 characters.

Each must contain a digit. References are compared and stored upper-case without
spaces, so "mp240601.1234.a56789 " and "MP240601.1234.A56789" are the same payment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.payloads import MOMO_PROVIDERS


@dataclass(frozen=True, slots=True)
class Network:
    code: str  # as in shared.payloads.MOMO_PROVIDERS
    name: str  # as the cashier and the customer say it
    key: str  # the one key that picks it on the payment screen
    example: str
    patterns: tuple[re.Pattern[str], ...]


_MOMOPAY = re.compile(r"^MP\d{6}\.\d{4}\.[A-Z0-9]{4,8}$")
NETWORKS: tuple[Network, ...] = (
    Network("mtn", "MTN MoMo", "1", "44231234567", (re.compile(r"^\d{8,14}$"), _MOMOPAY)),
    Network("telecel", "Telecel Cash", "2", "TC123456", (re.compile(r"^[A-Z0-9][A-Z0-9-]{5,24}$"),)),
    Network("airteltigo", "AirtelTigo Money", "3", "MP240601.1234.A56789",
            (re.compile(r"^[A-Z0-9][A-Z0-9.-]{5,29}$"),)),
)
BY_CODE = {n.code: n for n in NETWORKS}
BY_KEY = {n.key: n for n in NETWORKS}
assert tuple(BY_CODE) == MOMO_PROVIDERS

# How many days the feed carries the MoMo references every till of the business took
# (``momo_ref``), so a till can ask for a manager before another till's reference pays
# again; head office checks every reference ever used.
FEED_DAYS = 14

_PHONE = re.compile(r"^(?:\+?233|0)[235]\d{8}$")


def normalise(reference: str) -> str:
    """The form a reference is checked, compared and stored in."""
    return re.sub(r"\s+", "", reference).upper()


def reference_problem(provider: str, reference: str) -> str | None:
    """Why ``reference`` cannot be a transaction id of ``provider``, in the shop's words;
    None when it can."""
    network = BY_CODE.get(provider)
    if network is None:
        return "Choose the mobile money network: 1 MTN MoMo, 2 Telecel Cash or 3 AirtelTigo Money."
    ref = normalise(reference)
    if not ref:
        return "Type the mobile money transaction reference from the customer's SMS."
    if _PHONE.fullmatch(ref):
        return (f"{reference.strip()} looks like a phone number. Type the transaction ID from the "
                f"{network.name} SMS instead.")
    if any(ch.isdigit() for ch in ref) and any(p.fullmatch(ref) for p in network.patterns):
        return None
    return (f"“{reference.strip()}” is not a {network.name} transaction ID (they look like "
            f"{network.example}). Check the customer's SMS.")
