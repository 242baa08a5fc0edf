"""Ghana taxpayer identification numbers, to the Ghana Revenue Authority's format.

Two kinds are in use (GRA's TIN FAQ; python-stdnum's ``stdnum.gh.tin``):

* the GRA TIN of companies, government agencies, foreign missions, public institutions
  and individuals without a Ghana Card: 11 characters, a letter for the kind of
  taxpayer (``P`` individual, ``C`` company, ``G`` government, ``Q`` foreign mission,
  ``V`` public institution or trust) and ten digits, e.g. ``C0012345678``;
* the Ghana Card PIN, every individual's TIN since 1 April 2021: ``GHA-``, nine
  digits, ``-`` and a check character, e.g. ``GHA-123456789-0``.

Only the form is checked (the check digits' algorithms are not published by GRA);
whether the number is registered is for GRA's own service. Spaces are dropped and
letters upper-cased, so ``c 0012 345 678`` is ``C0012345678``.
"""

from __future__ import annotations

import re

GRA_TIN_RE = re.compile(r"^[PCGQV]\d{10}$")
GHANA_CARD_RE = re.compile(r"^GHA-\d{9}-[0-9A-Z]$")
TIN_HELP = ("use a letter P, C, G, Q or V and ten digits (e.g. C0012345678), or a Ghana Card "
            "PIN (GHA-123456789-0)")


class TinError(ValueError):
    """A TIN not in GRA's format; the message is for the person who typed it."""


def normalise_tin(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def is_ghana_tin(text: str) -> bool:
    tin = normalise_tin(text)
    return bool(GRA_TIN_RE.fullmatch(tin) or GHANA_CARD_RE.fullmatch(tin))


def check_tin(text: str | None) -> str | None:
    """The TIN in its written form, or None when none was given; ``TinError`` when it is
    not in GRA's format."""
    tin = normalise_tin(text or "")
    if not tin:
        return None
    if not is_ghana_tin(tin):
        raise TinError(f"“{(text or '').strip()}” is not a Ghana TIN: {TIN_HELP}.")
    return tin
