"""Journals by hand (issue [9]): the rules a drafted journal obeys, with no database.

An accountant types lines (account, branch, debit or credit, memo); before the draft is
saved, and again before it posts, ``build_journal`` turns them into a balanced
``shared.posting.Journal`` or says, in the shop's words, what is wrong:

* at least two lines;
* each line a debit *or* a credit, never both, never neither, never negative;
* every account code of the right form (``shared.accounts.is_account_code``);
* debits equal credits.

Which accounts a tenant has, and whether they are active, is the server's to check.
Also here: reading a line typed as ``ACCOUNT:DEBIT:CREDIT[:BRANCH[:MEMO]]`` or a CSV of
lines, the lines of a reversal, and the dates a monthly recurring journal falls on.
"""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass
from datetime import date

from shared import accounts as acc
from shared.errors import BisamaError
from shared.money import Money, total
from shared.posting import Journal, JournalLine

MANUAL_KIND = "manual"
MAX_LINES = 200


class JournalRejected(BisamaError, ValueError):
    """A journal by hand that cannot be saved or posted as typed."""

    code = "journal_rejected"


@dataclass(frozen=True, slots=True)
class DraftLine:
    account: str
    debit: Money
    credit: Money
    branch: str
    memo: str = ""

    def to_json(self) -> dict[str, object]:
        return {"account": self.account, "debit": self.debit.pesewas,
                "credit": self.credit.pesewas, "branch": self.branch, "memo": self.memo}

    def swapped(self) -> DraftLine:
        return DraftLine(self.account, self.credit, self.debit, self.branch, self.memo)


def _amount(text: str, where: str) -> Money:
    text = text.strip()
    if not text:
        return Money.ZERO
    try:
        return Money.parse(text)
    except BisamaError:
        raise JournalRejected(f"{where}: “{text}” is not an amount; write it like 1500.00."
                              ) from None


def make_line(account: str, debit: str, credit: str, branch: str, memo: str = "", *,
              where: str = "A line") -> DraftLine:
    """One line from the text a person typed (amounts as ``1,500.00``)."""
    return DraftLine(account.strip().upper(), _amount(debit, where), _amount(credit, where),
                     branch.strip().upper(), memo.strip())


def parse_line(text: str, default_branch: str, *, number: int = 1) -> DraftLine:
    """``ACCOUNT:DEBIT:CREDIT[:BRANCH[:MEMO]]`` — e.g. ``6010:1500.00::MAIN:March rent``."""
    parts = text.split(":", 4)
    if len(parts) < 3:
        raise JournalRejected(f"Line {number} “{text}” needs ACCOUNT:DEBIT:CREDIT, e.g. "
                              "6010:1500.00: or 1010::1500.00.")
    branch = parts[3] if len(parts) > 3 and parts[3].strip() else default_branch
    memo = parts[4] if len(parts) > 4 else ""
    return make_line(parts[0], parts[1], parts[2], branch, memo, where=f"Line {number}")


def parse_lines_csv(text: str, default_branch: str) -> list[DraftLine]:
    """A CSV with a header ``account,debit,credit[,branch][,memo]``."""
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = {"account", "debit", "credit"} - set(header)
    if missing:
        raise JournalRejected("The file needs the columns account, debit and credit (and may "
                              f"have branch and memo); it lacks {', '.join(sorted(missing))}.")
    lines = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items()}
        if not any(value.strip() for value in row.values()):
            continue
        lines.append(make_line(row["account"], row["debit"], row["credit"],
                               row.get("branch") or default_branch, row.get("memo", ""),
                               where=f"Row {number}"))
    return lines


def check_lines(lines: list[DraftLine] | tuple[DraftLine, ...]) -> None:
    """Raise ``JournalRejected`` with the first thing wrong, in the shop's words."""
    if len(lines) < 2:
        raise JournalRejected("A journal needs at least two lines: what is debited and what "
                              "is credited.")
    if len(lines) > MAX_LINES:
        raise JournalRejected(f"A journal has at most {MAX_LINES} lines.")
    for number, line in enumerate(lines, start=1):
        if not acc.is_account_code(line.account):
            raise JournalRejected(f"Line {number}: “{line.account}” is not an account code "
                                  "(four or more digits, like 6010 or 1020-MTN).")
        if not line.branch:
            raise JournalRejected(f"Line {number}: give the branch.")
        if line.debit.is_negative or line.credit.is_negative:
            raise JournalRejected(f"Line {number}: amounts are never negative; put the amount "
                                  "in the other column instead.")
        if line.debit.is_zero and line.credit.is_zero:
            raise JournalRejected(f"Line {number} ({line.account}) has no amount: give a debit "
                                  "or a credit.")
        if not line.debit.is_zero and not line.credit.is_zero:
            raise JournalRejected(f"Line {number} ({line.account}) has both a debit and a "
                                  "credit: give one of them, on separate lines if need be.")
    debits = total([ln.debit for ln in lines])
    credits = total([ln.credit for ln in lines])
    if debits != credits:
        gap = debits - credits if debits > credits else credits - debits
        raise JournalRejected(f"The journal does not balance: debits {debits.format()}, "
                              f"credits {credits.format()} (a difference of {gap.format()}).")


def build_journal(reference: str, memo: str, lines: list[DraftLine] | tuple[DraftLine, ...],
                  *, kind: str = MANUAL_KIND) -> Journal:
    """The balanced journal the lines make (``check_lines`` first)."""
    check_lines(lines)
    return Journal(kind, reference, memo, tuple(
        JournalLine(ln.account, ln.debit, ln.credit, ln.branch, ln.memo) for ln in lines))


def reversal_lines(lines: list[DraftLine] | tuple[DraftLine, ...]) -> list[DraftLine]:
    """The lines that undo ``lines``: each debit becomes a credit and back."""
    return [ln.swapped() for ln in lines]


def journal_number(sequence: int) -> str:
    return f"JV-{sequence:06d}"


def recurring_template_number(sequence: int) -> str:
    return f"RJ-{sequence:04d}"


def day_in_month(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, or its last day when the month is shorter (rent due on
    the 31st falls on 30 April and 28 February)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def check_recurrence(day: int, first: date, last: date | None) -> None:
    if not 1 <= day <= 31:
        raise JournalRejected("The day of the month is between 1 and 31.")
    if last is not None and last < first:
        raise JournalRejected(f"The last date {last} is before the first {first}.")


def recurring_dates(day: int, first: date, last: date | None, until: date) -> list[date]:
    """Every date of a monthly journal on ``day`` from ``first`` to ``min(last, until)``."""
    check_recurrence(day, first, last)
    end = until if last is None else min(last, until)
    found = []
    year, month = first.year, first.month
    while (year, month) <= (end.year, end.month):
        when = day_in_month(year, month, day)
        if first <= when <= end:
            found.append(when)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


__all__ = ["MANUAL_KIND", "DraftLine", "JournalRejected", "build_journal", "check_lines",
           "check_recurrence", "day_in_month", "journal_number", "make_line", "parse_line",
           "parse_lines_csv", "recurring_dates", "recurring_template_number", "reversal_lines"]
