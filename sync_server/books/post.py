"""Posting a journal that no till sent: a journal by hand, a supplier bill, a payment, an
expense, a settlement, an opening balance, a cost correction.

Every such journal is built by a pure rule (``shared.posting.Journal`` checks it
balances) and posted here, and only here, so each obeys the same three rules as an
envelope's journal (``ledger.posting``):

* every account is an active account of the tenant's chart;
* its date falls in an open month — a person chooses the date, so a closed month is
  refused with a sentence rather than moved (an envelope from a till cannot be refused,
  so *it* is moved to the first open month as a late posting; ``allow_late`` does the
  same here for journals that follow a till's event, such as a cost correction);
* it is never updated afterwards: a correction is a new, reversing journal.

The journal row's ``envelope_id`` is empty; ``kind`` and ``reference`` say what made it
(``manual``, ``bill`` …, and the document's number), so a report drills down from a
posting to its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.posting import Journal
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, Refused
from sync_server.ledger.chart import active_accounts
from sync_server.ledger.models import Journal as JournalRow
from sync_server.ledger.models import Posting
from sync_server.ledger.posting import journal_rows, missing_accounts
from sync_server.periods.services import ensure_periods, month_of, period_statuses, posting_period


@dataclass(frozen=True)
class PostedJournal:
    id: str
    period: str
    late: bool
    total: int  # pesewas


def post_journal(ctx: ServerContext, scope: TenantScope, journal: Journal, *, branch: str,
                 entry_date: str | date, actor: Actor, allow_late: bool = False,
                 journal_id: str | None = None) -> PostedJournal:
    """Post ``journal`` dated ``entry_date`` for ``branch`` (the journal's own cost
    centre; each line keeps its branch). Raises ``Refused`` when an account is not an
    active account of the chart, or the date is in a closed month (unless
    ``allow_late``). Runs in the caller's transaction and records the posting in the
    audit trail."""
    day = entry_date if isinstance(entry_date, str) else entry_date.isoformat()
    try:
        date.fromisoformat(day)
    except ValueError:
        raise Invalid(f"“{day}” is not a date; use YYYY-MM-DD.") from None
    problem = missing_accounts(journal, active_accounts(scope))
    if problem:
        raise Refused(problem[0].upper() + problem[1:] + ".")
    statuses = period_statuses(scope, lock=True)
    period, late = posting_period(statuses, day)
    if late and not allow_late:
        raise Refused(f"{month_of(day)} is closed: a journal dated {day} cannot be posted. "
                      "Date it in an open month, or ask a director to reopen the month.")
    ensure_periods(scope, {period} - set(statuses))
    scope.flush()
    new_id = journal_id or ctx.new_id()
    rows = journal_rows(journal, journal_id=new_id, envelope_id=None, branch=branch,
                        entry_date=day, period=period, late=late, posted_at=ctx.clock.now())
    scope.insert_rows(JournalRow, [rows.journal])
    scope.insert_rows(Posting, rows.postings)
    record(ctx, scope, actor, "ledger.journal_posted", subject=f"{journal.kind} {journal.reference}",
           detail={"journal": new_id, "date": day, "period": period, "late": late,
                   "total": journal.total_debit.pesewas})
    return PostedJournal(new_id, period, late, journal.total_debit.pesewas)


__all__ = ["PostedJournal", "post_journal"]
