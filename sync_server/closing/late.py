"""Late postings (issue [10] scope 3): a transaction dated in a closed month is posted to
the first open month, flagged ``late``. They are listed with their amounts and taxes;
when a director reopens their own month, each can be **moved back**: the late journal
stays (journals are never edited), a reversal of it is posted in the month it landed in
and the same lines again in its own month, and the move is recorded (``late_moves``) so
the tax reconciliation of both months explains it by amount and it is never moved twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared.money import Money
from shared.posting import Journal, JournalLine
from sync_server.audit.services import Actor, record
from sync_server.closing.models import LateMove
from sync_server.closing.services import Person
from sync_server.closing.taxes import ACCOUNT_TAX, NAMES
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import NotFound, Refused
from sync_server.ledger.models import Journal as JournalRow
from sync_server.ledger.models import Posting
from sync_server.ledger.posting import journal_rows
from sync_server.periods.services import month_of, period_statuses


def late_postings(scope: TenantScope, *, landed: str | None = None,
                  own: str | None = None) -> list[dict[str, Any]]:
    """Late journals (optionally: those that landed in ``landed``, or are dated in
    ``own``), with their total, taxes and whether they were moved back."""
    stmt = select(JournalRow).where(JournalRow.late.is_(True)).order_by(JournalRow.entry_date)
    if landed:
        stmt = stmt.where(JournalRow.fiscal_period == landed)
    rows = [j for j in scope.scalars(stmt) if own is None or j.entry_date.startswith(own)]
    if not rows:
        return []
    ids = [j.id for j in rows]
    taxes: dict[str, dict[str, int]] = {i: dict.fromkeys(NAMES, 0) for i in ids}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for p in scope.scalars(select(Posting).where(Posting.journal_id.in_(chunk),
                                                     Posting.account_code.in_(list(ACCOUNT_TAX)))):
            taxes[p.journal_id][ACCOUNT_TAX[p.account_code]] += p.credit - p.debit
    moved = {m.journal_id: m for m in scope.scalars(select(LateMove).where(
        LateMove.journal_id.in_(ids)))}
    return [{"journal": j.id, "kind": j.kind, "reference": j.reference, "date": j.entry_date,
             "own_period": month_of(j.entry_date), "landed_period": j.fiscal_period,
             "branch": j.branch_code, "total": j.total, "taxes": taxes[j.id],
             "moved": j.id in moved,
             "moved_by": moved[j.id].moved_by if j.id in moved else None} for j in rows]


def _post(ctx: ServerContext, scope: TenantScope, journal: Journal, *, head: JournalRow,
          period: str, day: str) -> str:
    new_id = ctx.new_id()
    rows = journal_rows(journal, journal_id=new_id, envelope_id=None, branch=head.branch_code,
                        entry_date=day, period=period, late=False, posted_at=ctx.clock.now())
    scope.insert_rows(JournalRow, [rows.journal])
    scope.insert_rows(Posting, rows.postings)
    return new_id


def move_back(ctx: ServerContext, scope: TenantScope, journal_id: str, who: Person,
              actor: Actor) -> dict[str, Any]:
    if who.role not in ("accountant", "manager", "director"):
        raise Refused("Only an accountant or a director moves a late posting.")
    head = scope.get(JournalRow, journal_id)
    if head is None or not head.late:
        raise NotFound("There is no late posting with that id.")
    if scope.get(LateMove, journal_id) is not None:
        raise Refused("That late posting has already been moved back to its month.")
    own = month_of(head.entry_date)
    statuses = period_statuses(scope, lock=True)
    if statuses.get(own) != "open":
        raise Refused(f"{own} is closed: a director reopens it (with a reason) before its late "
                      "postings move back.")
    if statuses.get(head.fiscal_period) != "open":
        raise Refused(f"{head.fiscal_period}, where it landed, is closed now: the reversal "
                      "cannot be posted there.")
    lines = tuple(JournalLine(p.account_code, Money(p.debit), Money(p.credit), p.branch_code,
                              p.memo) for p in scope.scalars(
        select(Posting).where(Posting.journal_id == journal_id).order_by(Posting.line_no)))
    again = Journal(f"{head.kind}_moved_in"[:32], head.reference,
                    f"{head.memo} (moved back from {head.fiscal_period})"[:300], lines)
    out = again.reversed(f"{head.kind}_moved_out"[:32], head.reference,
                         f"{head.memo} (moved back to {own})"[:300])
    out_id = _post(ctx, scope, out, head=head, period=head.fiscal_period, day=head.entry_date)
    in_id = _post(ctx, scope, again, head=head, period=own, day=head.entry_date)
    scope.add(LateMove(journal_id=journal_id, envelope_id=head.envelope_id,
                       landed_period=head.fiscal_period, own_period=own, out_journal_id=out_id,
                       in_journal_id=in_id, moved_by=who.email, moved_at=ctx.clock.now()))
    record(ctx, scope, actor, "ledger.late_moved", subject=head.reference,
           detail={"journal": journal_id, "from": head.fiscal_period, "to": own})
    scope.flush()
    return {"journal": journal_id, "from": head.fiscal_period, "to": own,
            "out_journal": out_id, "in_journal": in_id}


def move_all_back(ctx: ServerContext, scope: TenantScope, own: str, who: Person,
                  actor: Actor) -> list[dict[str, Any]]:
    """Move back every late posting dated in ``own`` (a reopened month)."""
    return [move_back(ctx, scope, item["journal"], who, actor)
            for item in late_postings(scope, own=own) if not item["moved"]]


__all__ = ["late_postings", "move_all_back", "move_back"]
