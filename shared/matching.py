"""Matching a MoMo or bank statement to the tenders the tills took (issue [9]).

Each statement line is matched to at most one tender and each tender to at most one
line, in two passes:

1. **reference and amount** — the line's reference equals the tender's (the MoMo
   transaction id the cashier typed; compared without case and spaces) and the amounts
   are equal;
2. **amount and date** — for lines still unmatched (no reference, or one no tender
   has): a tender of the same amount whose date is within a day of the line's, the
   closest date first, then the earliest tender.

What is left on either side is "unmatched": statement lines no tender explains, and
tenders the statement does not show (yet).

Reading a statement file: columns ``date, reference, amount, description`` (any order,
any case; ``description`` optional). Every row is judged on its own and a rejected row
says why; the caller decides whether to import when some are rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from shared.errors import BisamaError
from shared.money import Money

STATEMENT_COLUMNS = ("date", "reference", "amount", "description")


@dataclass(frozen=True, slots=True)
class StatementLine:
    line_no: int
    day: date
    reference: str
    amount: Money
    description: str = ""


@dataclass(frozen=True, slots=True)
class TenderRef:
    key: tuple[str, int]  # (envelope id, tender number)
    day: date
    reference: str
    amount: Money


@dataclass(frozen=True, slots=True)
class Match:
    line_no: int
    tender: tuple[str, int]
    how: str  # "reference" or "amount and date"


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    reason: str


def _ref(text: str | None) -> str:
    return "".join((text or "").split()).upper()


def match_lines(lines: Sequence[StatementLine], tenders: Sequence[TenderRef]) -> list[Match]:
    """Pair statement lines with tenders (see the module docstring)."""
    free = {t.key: t for t in tenders}
    by_ref: dict[tuple[str, int], list[TenderRef]] = {}
    for t in tenders:
        if _ref(t.reference):
            by_ref.setdefault((_ref(t.reference), t.amount.pesewas), []).append(t)
    matches: list[Match] = []
    left: list[StatementLine] = []
    for line in lines:
        found = next((t for t in by_ref.get((_ref(line.reference), line.amount.pesewas), [])
                      if t.key in free), None) if _ref(line.reference) else None
        if found is None:
            left.append(line)
            continue
        del free[found.key]
        matches.append(Match(line.line_no, found.key, "reference"))
    for line in left:
        candidates = [t for t in free.values() if t.amount == line.amount
                      and abs((t.day - line.day).days) <= 1]
        if not candidates:
            continue
        best = min(candidates, key=lambda t: (abs((t.day - line.day).days), t.day, t.key))
        del free[best.key]
        matches.append(Match(line.line_no, best.key, "amount and date"))
    return sorted(matches, key=lambda m: m.line_no)


def _day(text: str) -> date:
    text = text.strip()
    for sep in ("/", "."):
        if sep in text:
            parts = text.split(sep)
            if len(parts) == 3 and len(parts[2]) == 4:  # 05/03/2026, day first as in Ghana
                text = f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
            break
    return date.fromisoformat(text[:10])


def read_rows(rows: Sequence[dict[str, str]], *, first_line: int = 2
              ) -> tuple[list[StatementLine], list[RowProblem]]:
    """Statement lines from the rows of a file (header names lower-cased), and the rows
    refused with the reason, by file line number."""
    accepted: list[StatementLine] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows):
        line = first_line + offset
        cells = {k: (v or "").strip() for k, v in row.items()}
        if not any(cells.values()):
            continue
        try:
            day = _day(cells.get("date", ""))
        except ValueError:
            problems.append(RowProblem(line, f"“{cells.get('date', '')}” is not a date; "
                                             "use YYYY-MM-DD or DD/MM/YYYY"))
            continue
        try:
            amount = Money.parse(cells.get("amount", ""))
        except BisamaError as exc:
            problems.append(RowProblem(line, str(exc)))
            continue
        if amount.is_negative or amount.is_zero:
            problems.append(RowProblem(line, f"the amount {amount} is not money received; "
                                             "only credits to the account are matched"))
            continue
        reference = cells.get("reference", "")
        if len(reference) > 64:
            problems.append(RowProblem(line, "the reference is longer than 64 characters"))
            continue
        if reference and _ref(reference) in seen:
            problems.append(RowProblem(line, f"reference {reference} is already on line "
                                             f"{seen[_ref(reference)]}"))
            continue
        if reference:
            seen[_ref(reference)] = line
        accepted.append(StatementLine(line, day, reference, amount,
                                      cells.get("description", "")[:200]))
    return accepted, problems


class StatementRejected(BisamaError, ValueError):
    code = "bad_statement"


def check_header(header: Sequence[str]) -> None:
    names = {h.strip().lower() for h in header}
    missing = [c for c in ("date", "reference", "amount") if c not in names]
    if missing:
        raise StatementRejected(
            f"This is not a statement file: it has no {', '.join(missing)} column. "
            "The columns are date, reference, amount and description.")


__all__ = [
    "STATEMENT_COLUMNS",
    "Match",
    "RowProblem",
    "StatementLine",
    "StatementRejected",
    "TenderRef",
    "check_header",
    "match_lines",
    "read_rows",
]
