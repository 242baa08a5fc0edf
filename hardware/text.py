"""Text for a receipt printer: one byte per character in one code page, fixed columns.

A thermal printer prints each byte as one cell of a fixed-width font, in the code page
selected with ``ESC t``. Everything printed is first made *printable* in that code page
(the cedi sign, Twi letters, dashes and accents turned into what the page has), so that a
character is always one column and ``wrap``/``columns`` can count. Nothing here knows
about ESC/POS bytes; the code page's character map comes from python-escpos.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from functools import cache

from escpos.magicencode import Encoder

from shared.money import Money

# Characters no code page of a receipt printer has, and what a Ghanaian reader expects
# in their place. ``¢`` is tried first for the cedi: code page 437 (slot 0 on nearly
# every printer) has it. The Twi and Ga letters ɛ and ɔ read naturally as e and o.
_REPLACEMENTS: dict[str, tuple[str, ...]] = {
    "₵": ("¢", "C"),
    "—": ("-",),
    "–": ("-",),
    "‒": ("-",),
    "−": ("-",),
    "‘": ("'",),
    "’": ("'",),
    "‚": (",",),
    "“": ('"',),
    "”": ('"',),
    "„": ('"',),
    "…": ("...",),
    "•": ("*",),
    "·": (".",),
    "×": ("x",),
    "÷": ("/",),
    "€": ("EUR",),
    "£": ("GBP",),
    "\u00a0": (" ",),
    "\u2009": (" ",),
    "\u202f": (" ",),
    "\t": (" ",),
    "Ɛ": ("E",),
    "ɛ": ("e",),
    "Ɔ": ("O",),
    "ɔ": ("o",),
    "Ŋ": ("N",),
    "ŋ": ("n",),
    "Ƒ": ("F",),
    "ƒ": ("f",),
}


@dataclass(frozen=True, slots=True)
class CodePage:
    """One printer code page: its name (python-escpos spelling, e.g. ``CP437``) and the
    characters it can print above ASCII."""

    name: str
    characters: frozenset[str]

    def can_print(self, char: str) -> bool:
        return (" " <= char <= "~") or char in self.characters

    @property
    def has_cent_sign(self) -> bool:
        return "¢" in self.characters


@cache
def code_page(name: str) -> CodePage:
    """The code page ``name`` (``CP437``, ``CP858``, ``CP1252`` …) from python-escpos's
    tables. Raises ``ValueError`` with the known names for an unknown one."""
    key = name.strip().upper()
    try:
        chars = Encoder._get_codepage_char_list(key)
    except (KeyError, LookupError):
        raise ValueError(f"“{name}” is not a code page python-escpos knows; use CP437, CP850, "
                         "CP858 or CP1252") from None
    return CodePage(name=key, characters=frozenset(c for c in chars if c and c != " "))


def printable(text: str, page: CodePage) -> str:
    """``text`` with every character replaced by something ``page`` can print: one column
    per character, no control characters. ``"GH₵10 Airtime – Ɔdɔ"`` becomes
    ``"GH¢10 Airtime - Odo"`` in code page 437."""
    out: list[str] = []
    for char in text:
        if char in ("\n", "\r"):
            out.append(" ")
            continue
        if page.can_print(char):
            out.append(char)
            continue
        choice = next((alt for alt in _REPLACEMENTS.get(char, ()) if all(page.can_print(c) for c in alt)),
                      None)
        if choice is not None:
            out.append(choice)
            continue
        # é → e + ´: keep the letters, drop the accents the page cannot print.
        decomposed = "".join(c for c in unicodedata.normalize("NFKD", char)
                             if not unicodedata.combining(c))
        if decomposed and all(page.can_print(c) for c in decomposed):
            out.append(decomposed)
        elif unicodedata.category(char).startswith("C"):
            continue  # a stray control or format character prints nothing
        else:
            out.append("?")
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap one paragraph to ``width`` columns; a word longer than a line is cut.
    Always at least one line (an empty text is one empty line)."""
    if width < 1:
        raise ValueError("a line must be at least one column wide")
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True,
                          drop_whitespace=True)
    return lines or [""]


def columns(left: str, right: str, width: int, *, indent: int = 0) -> list[str]:
    """``left`` and ``right`` on one line of ``width`` columns, ``right`` flush right with
    at least one space between. When they do not fit, ``left`` wraps (continuation lines
    indented by ``indent``) and ``right`` goes at the end of the last line, or on a line of
    its own; a ``right`` longer than a whole line (a long reason or customer name) wraps
    under the label, indented. Nothing is ever cut off."""
    if len(right) > width:
        body = max(indent, 2)
        lines = wrap(left, width) if left else []
        return lines + [" " * body + part for part in wrap(right, width - body)]
    room = width - len(right) - 1
    if len(left) <= room:
        return [left + " " * (width - len(left) - len(right)) + right]
    first, *rest = wrap(left, width)
    lines = [first]
    remaining = " ".join(rest)
    if remaining:
        lines += [" " * indent + part for part in wrap(remaining, width - indent)]
    last = lines[-1]
    if len(last) <= room:
        lines[-1] = last + " " * (width - len(last) - len(right)) + right
    else:
        lines.append(right.rjust(width))
    return lines


def centre(text: str, width: int) -> list[str]:
    """Wrapped and centred lines (trailing spaces removed)."""
    return [line.center(width).rstrip() for line in wrap(text, width)]


def amount(value: Money) -> str:
    """An amount in a column: ``1,234.50``; negative as ``-5.00``."""
    return value.format(symbol="")


def currency_symbol(page: CodePage, preference: str = "auto") -> str:
    """``GH¢`` where the code page has the cent sign (python-escpos has no code page with
    ₵), otherwise ``GHS``. ``preference`` forces ``GHS`` or ``GH¢``."""
    if preference == "GHS":
        return "GHS"
    if preference == "GH¢":
        if not page.has_cent_sign:
            raise ValueError(f"code page {page.name} has no ¢ sign; use GHS or another code page")
        return "GH¢"
    return "GH¢" if page.has_cent_sign else "GHS"
