"""How a tender is named in every report: its method with the MoMo network or card
scheme that carried it (“MoMo — MTN”, “Card — Visa”, “Card — GH-Link”).

Each network and each card acquirer settles on its own statement, so a manager
reconciling a Z report or head office's takings needs the figure per scheme, not one
“Card” line. The till's X/Z reports and the server's reports and dashboard use these
same words, so a figure can be found on both.
"""

from __future__ import annotations

METHOD_NAMES = {"cash": "Cash", "momo": "MoMo", "card": "Card", "credit": "Credit (on account)"}
PROVIDER_NAMES = {
    "mtn": "MTN",
    "telecel": "Telecel",
    "airteltigo": "AirtelTigo",
    "visa": "Visa",
    "mastercard": "Mastercard",
    "gh-link": "GH-Link",
    "other": "Other",
}
# Report order: cash first, then each network and scheme, credit last.
LABEL_ORDER: tuple[tuple[str, str | None], ...] = (
    ("cash", None),
    ("momo", "mtn"),
    ("momo", "telecel"),
    ("momo", "airteltigo"),
    ("momo", None),
    ("card", "visa"),
    ("card", "mastercard"),
    ("card", "gh-link"),
    ("card", "other"),
    ("card", None),
    ("credit", None),
)
_WITH_PROVIDER = ("momo", "card")


def provider_of(method: str, provider: str | None) -> str | None:
    """The provider that belongs in the label: MoMo and card keep theirs; cash and credit
    have none (whatever a payload carried there)."""
    return (provider or None) if method in _WITH_PROVIDER else None


def tender_label(method: str, provider: str | None = None) -> str:
    """“Cash”, “MoMo — MTN”, “Card — Visa”, “Card” (a card whose scheme was not
    recorded), “Credit (on account)”."""
    name = METHOD_NAMES.get(method, method)
    kept = provider_of(method, provider)
    if kept is None:
        return name
    return f"{name} — {PROVIDER_NAMES.get(kept, kept)}"


def label_rank(method: str, provider: str | None = None) -> int:
    """Where a method/provider goes in a report (unknown ones last)."""
    key = (method, provider_of(method, provider))
    return LABEL_ORDER.index(key) if key in LABEL_ORDER else len(LABEL_ORDER)


__all__ = ["LABEL_ORDER", "METHOD_NAMES", "PROVIDER_NAMES", "label_rank", "provider_of",
           "tender_label"]
