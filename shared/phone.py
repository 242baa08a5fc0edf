"""Ghana mobile numbers for text messages: what a cashier or a clerk types (``024 412
3456``, ``0244123456``, ``+233 24 412 3456``, ``233244123456``, ``00233…``,
``+233 (0)24…``) becomes one form, E.164 ``+233244123456``, with its network.

Only mobile numbers take an SMS: a Ghana number is ten digits from the trunk ``0``
(nine after ``+233``), and the two digits after the ``0`` name the network (the NCA's
numbering plan). Fixed lines (``030…``–``039…``) and unknown prefixes are refused with
the reason, in the shop's words. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.errors import BisamaError

# The mobile prefixes of the NCA numbering plan (after the trunk 0), 2026.
NETWORKS: dict[str, str] = {
    "24": "MTN", "25": "MTN", "53": "MTN", "54": "MTN", "55": "MTN", "59": "MTN",
    "20": "Telecel", "50": "Telecel",
    "26": "AirtelTigo", "27": "AirtelTigo", "56": "AirtelTigo", "57": "AirtelTigo",
    "23": "Glo",
}

# A Ghana mobile number in E.164, as the till sends it (``receipt_sms``).
MOBILE_E164_RE = re.compile(r"^\+233(?:" + "|".join(sorted(NETWORKS)) + r")[0-9]{7}$")

_SEPARATORS = re.compile(r"[\s\-./()]+")


class PhoneError(BisamaError):
    code = "bad_phone"


@dataclass(frozen=True, slots=True)
class GhanaMobile:
    e164: str       # +233244123456
    network: str    # MTN, Telecel, AirtelTigo, Glo

    @property
    def national(self) -> str:
        """The way it is written in Ghana: 024 412 3456."""
        digits = "0" + self.e164[4:]
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def parse_ghana_mobile(text: str) -> GhanaMobile:
    """The number as typed → ``GhanaMobile``; ``PhoneError`` saying why it is not one."""
    raw = (text or "").strip()
    if not raw:
        raise PhoneError("No phone number was given.")
    if len(raw) > 40:
        raise PhoneError("That is too long for a phone number.")
    compact = _SEPARATORS.sub("", raw.replace("(0)", ""))
    if compact.startswith("+"):
        compact = compact[1:]
        if not compact.startswith("233"):
            raise PhoneError(f"“{raw}” is not a Ghana number (+233…); messages go to "
                             "Ghana mobile numbers only.")
    elif compact.startswith("00"):
        compact = compact[2:]
        if not compact.startswith("233"):
            raise PhoneError(f"“{raw}” is not a Ghana number (00233…).")
    if not compact.isdigit() or not compact.isascii():
        raise PhoneError(f"“{raw}” has characters a phone number does not have.")
    if compact.startswith("233") and len(compact) == 12:
        local = compact[3:]
    elif compact.startswith("0") and len(compact) == 10:
        local = compact[1:]
    elif len(compact) == 9 and not compact.startswith("0"):
        local = compact
    else:
        raise PhoneError(f"“{raw}” is not a Ghana mobile number: ten digits like "
                         "024 412 3456, or +233 24 412 3456.")
    prefix = local[:2]
    if prefix[0] == "3":
        raise PhoneError(f"“{raw}” is a fixed line (0{prefix}…); a text message needs a "
                         "mobile number.")
    network = NETWORKS.get(prefix)
    if network is None:
        raise PhoneError(f"“{raw}”: 0{prefix} is not a Ghana mobile network "
                         "(MTN, Telecel, AirtelTigo, Glo).")
    return GhanaMobile("+233" + local, network)


def normalise(text: str) -> str:
    """The E.164 form (``+233244123456``) of a Ghana mobile number as typed."""
    return parse_ghana_mobile(text).e164
