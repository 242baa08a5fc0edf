"""Drawer reconciliation: a drawer count compared with what the books say is in that
drawer (issue [9]).

For each closed shift the till reports its opening float, the cash it expected in the
drawer and what was counted; the difference was posted to 6100 Cash Over and Short. The
books' own figure is worked out independently, from the ledger: the float, plus every
posting to 1000 Cash on Hand of the journals whose envelope came from that till within
the shift (after the shift's opening envelope, before its closing one), plus the float
moved between safe and drawer (``float_in``/``to_safe``: cash on hand either way, so no
journal). When the books' figure differs from the till's expected cash, the shift is
flagged: an envelope held, rejected or not yet posted, or a journal corrected by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from shared.accounts import CASH
from shared.money import Money
from sync_server.db.scope import TenantScope
from sync_server.ledger.models import Journal, Posting
from sync_server.sales.models import CashMove, Shift
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Terminal

FLOAT_MOVES = {"float_in": 1, "to_safe": -1}


@dataclass(frozen=True)
class Drawer:
    shift_id: str
    terminal: str
    branch: str
    opened: str | None
    closed: str | None
    closed_by: str | None
    opening_float: Money
    books_cash: Money  # postings to 1000 of the till's journals within the shift
    float_moves: Money  # safe ↔ drawer, no journal
    till_expected: Money
    counted: Money
    variance: Money  # counted − expected, as the till reported it
    over_short_posted: Money  # the shift close journal's posting to 1000

    @property
    def books_expected(self) -> Money:
        return self.opening_float + self.books_cash + self.float_moves

    @property
    def difference(self) -> Money:
        """The till's expected cash − the books' (zero when they agree)."""
        return self.till_expected - self.books_expected

    @property
    def flagged(self) -> bool:
        return not self.difference.is_zero or self.over_short_posted != self.variance

    def to_json(self) -> dict[str, Any]:
        return {"shift_id": self.shift_id, "terminal": self.terminal, "branch": self.branch,
                "opened": self.opened, "closed": self.closed, "closed_by": self.closed_by,
                "opening_float": str(self.opening_float), "books_cash": str(self.books_cash),
                "float_moves": str(self.float_moves),
                "books_expected": str(self.books_expected),
                "till_expected": str(self.till_expected), "counted": str(self.counted),
                "variance": str(self.variance),
                "over_short_posted": str(self.over_short_posted),
                "difference": str(self.difference), "flagged": self.flagged}


def _seq(scope: TenantScope, envelope_id: str | None) -> int | None:
    if envelope_id is None:
        return None
    found = scope.scalar(select(StoredEnvelope.seq).where(
        StoredEnvelope.envelope_id == envelope_id, StoredEnvelope.status == "stored"))
    return int(found) if found is not None else None


def _cash(scope: TenantScope, stmt: Any) -> int:
    return int(scope.scalar(stmt) or 0)


def _drawer(scope: TenantScope, shift: Shift, names: dict[str, str]) -> Drawer:
    first = _seq(scope, shift.open_envelope_id) or 0
    last = _seq(scope, shift.close_envelope_id)
    cash = (select(func.sum(Posting.debit - Posting.credit))
            .join(Journal, Journal.id == Posting.journal_id)
            .where(Posting.account_code == CASH))
    within = cash.join(StoredEnvelope, StoredEnvelope.envelope_id == Journal.envelope_id).where(
        StoredEnvelope.terminal_id == shift.terminal_id, StoredEnvelope.status == "stored",
        StoredEnvelope.seq > first)
    if last is not None:
        within = within.where(StoredEnvelope.seq < last)
    books = _cash(scope, within)
    posted = (_cash(scope, cash.where(Journal.envelope_id == shift.close_envelope_id))
              if shift.close_envelope_id else 0)
    moves = sum(FLOAT_MOVES.get(m.purpose, 0) * m.amount for m in scope.scalars(
        select(CashMove).where(CashMove.shift_id == shift.id)))
    return Drawer(shift.id, names.get(shift.terminal_id, shift.terminal_id[:8]),
                  shift.branch_code, shift.opened_date, shift.closed_date, shift.closed_by,
                  Money(shift.opening_float or 0), Money(books), Money(moves),
                  Money(shift.expected or 0), Money(shift.counted or 0),
                  Money(shift.variance or 0), Money(posted))


def drawers(scope: TenantScope, *, branch: str | None = None, since: str | None = None,
            limit: int = 100) -> list[Drawer]:
    """The closed shifts (newest first) with the books' figure beside the till's."""
    stmt = select(Shift).where(Shift.closed_date.is_not(None))
    if branch:
        stmt = stmt.where(Shift.branch_code == branch)
    if since:
        stmt = stmt.where(Shift.closed_date >= since)
    shifts = scope.scalars(stmt.order_by(Shift.closed_date.desc(), Shift.id.desc()).limit(limit))
    names = {t.id: t.name for t in scope.scalars(select(Terminal))}
    return [_drawer(scope, s, names) for s in shifts]


__all__ = ["Drawer", "drawers"]


def drawer_of(scope: TenantScope, shift: Shift) -> Drawer:
    """One closed shift's drawer (head office's shift page, reports/shifts.py)."""
    names = {t.id: t.name for t in scope.scalars(select(Terminal))}
    return _drawer(scope, shift, names)
