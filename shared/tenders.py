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


# One fixed colour per method and network/scheme, so “MoMo — MTN” is the same yellow
# on every chart of every page and two methods never share a colour (the dashboard's
# charts; colour-blind-safe hues first, after Okabe & Ito).
TENDER_COLOURS: dict[tuple[str, str | None], str] = {
    ("cash", None): "#0b6e4f",
    ("momo", "mtn"): "#f2a900",
    ("momo", "telecel"): "#c5221f",
    ("momo", "airteltigo"): "#2f6fba",
    ("momo", None): "#e69f00",
    ("card", "visa"): "#1a1f71",
    ("card", "mastercard"): "#eb6f1b",
    ("card", "gh-link"): "#7b4fb3",
    ("card", "other"): "#18a1a1",
    ("card", None): "#56b4e9",
    ("credit", None): "#8a6d3b",
}
OTHER_COLOUR = "#999999"


def tender_colour(method: str, provider: str | None = None) -> str:
    """The chart colour of a method/provider (grey for one not listed)."""
    return TENDER_COLOURS.get((method, provider_of(method, provider)), OTHER_COLOUR)


def label_rank(method: str, provider: str | None = None) -> int:
    """Where a method/provider goes in a report (unknown ones last)."""
    key = (method, provider_of(method, provider))
    return LABEL_ORDER.index(key) if key in LABEL_ORDER else len(LABEL_ORDER)


__all__ = ["LABEL_ORDER", "METHOD_NAMES", "OTHER_COLOUR", "PROVIDER_NAMES", "TENDER_COLOURS",
           "label_rank", "provider_of", "tender_colour", "tender_label"]
