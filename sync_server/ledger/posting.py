"""Turning a ``shared.posting.Journal`` into ``acc_journals``/``acc_postings`` rows.

The journal itself always comes from ``shared.posting.post_event`` — the same rules the
till's local ledger uses. What the server adds: the fiscal period it lands in (a late
envelope dated in a closed month goes to the first open month, flagged ``late``), a
check that every account exists and is active in the tenant's chart (otherwise the
posting *fails* with a message and ``post-unposted`` retries it), and the envelope id
under a unique key so nothing is posted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.accounts import ALL_ACCOUNTS
from shared.errors import BisamaError
from shared.payloads import Sale
from shared.posting import Journal, post_event
from sync_server.periods.services import posting_period


@dataclass(frozen=True)
class JournalRows:
    journal: dict[str, Any]
    postings: list[dict[str, Any]]


def missing_accounts(journal: Journal, active: set[str]) -> str | None:
    """Why the journal cannot be posted to this chart, or None when it can."""
    for code in sorted({line.account for line in journal.lines} - active):
        known = ALL_ACCOUNTS.get(code)
        name = f" {known.name}" if known else ""
        return (f"account {code}{name} is not an active account of this tenant's chart; add or "
                "reactivate it, then run post-unposted")
    return None


def journal_rows(journal: Journal, *, journal_id: str, envelope_id: str | None, branch: str,
                 entry_date: str, period: str, late: bool, posted_at: datetime) -> JournalRows:
    head = {"id": journal_id, "envelope_id": envelope_id, "kind": journal.kind,
            "reference": journal.reference[:64], "memo": journal.memo[:300], "branch_code": branch,
            "entry_date": entry_date, "fiscal_period": period, "late": late,
            "total": journal.total_debit.pesewas, "posted_at": posted_at}
    lines = [{"journal_id": journal_id, "line_no": number, "account_code": line.account,
              "branch_code": line.branch, "debit": line.debit.pesewas,
              "credit": line.credit.pesewas,
              "memo": line.memo[:200], "fiscal_period": period, "entry_date": entry_date}
             for number, line in enumerate(journal.lines, start=1)]
    return JournalRows(head, lines)


@dataclass(frozen=True)
class PostingOutcome:
    """What posting one event came to: ``posted`` (with its rows), ``failed`` (with the
    error a person must fix), or ``none`` (the event moves no value)."""

    status: str
    error: str | None = None
    late: bool = False
    period: str | None = None
    rows: JournalRows | None = None


@dataclass(frozen=True, slots=True)
class PostingFailure:
    message: str


@dataclass(frozen=True, slots=True)
class EventJournal:
    journal: Any  # a ``shared.posting`` Journal, or None for an event that moves no value


def event_journal(payload: Any, branch: str, envelope_id: str, *,
                  original: Sale | None = None) -> EventJournal | PostingFailure:
    """``post_event`` with its error as a value: a pure function of the payload, so the
    server works it out for a sale before the push's transaction (``sync.prepare``)."""
    try:
        return EventJournal(post_event(payload, branch, envelope_id, original=original))
    except BisamaError as exc:
        return PostingFailure(str(exc)[:500])


def post_envelope(payload: Any, *, envelope_id: str, branch: str, entry_date: str,
                  original: Sale | None, accounts: set[str], periods: dict[str, str],
                  journal_id: str, posted_at: datetime,
                  precomputed: Any = None) -> PostingOutcome:
    """The journal of one merged envelope, by ``shared.posting.post_event``, placed in
    its fiscal period (the first open one when its own month is closed).
    ``precomputed`` is ``event_journal``'s result for it, when worked out before."""
    if precomputed is None:
        precomputed = event_journal(payload, branch, envelope_id, original=original)
    if isinstance(precomputed, PostingFailure):
        return PostingOutcome("failed", precomputed.message)
    journal = precomputed.journal
    if journal is None:
        return PostingOutcome("none")
    problem = missing_accounts(journal, accounts)
    if problem:
        return PostingOutcome("failed", problem[:500])
    period, late = posting_period(periods, entry_date)
    rows = journal_rows(journal, journal_id=journal_id, envelope_id=envelope_id, branch=branch,
                        entry_date=entry_date, period=period, late=late, posted_at=posted_at)
    return PostingOutcome("posted", late=late, period=period, rows=rows)
