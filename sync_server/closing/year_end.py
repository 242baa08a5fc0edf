"""The year-end close (issue [10] scope 6).

A tenant's fiscal year ends with the month ``tenants.fiscal_year_end_month`` (default 12:
31 December). When every month of the year is closed, a director closes the year: one
**closing journal** (kind ``year_end``, reference ``YE-<last month>``) dated the year's last
day reverses every revenue and expense balance of the year, per branch, into 3100
Retained Earnings of that branch — so the next year's profit and loss starts at zero and
the balance sheet before and after agree (the year's result moves from "current
earnings" into Retained Earnings). The journal is posted into the year's last month,
which is closed: the one posting a closed month receives, by design. The profit and loss
leaves the closing journal out (it is not trade); the trial balance and balance sheet
include it.

``dry_run`` works the close out and rolls it back (the SOP's "validate the new year on a
testbed"): nothing is kept, other sessions never see it, and the report says what would
be posted. A closed year reopens only by a director with a reason: the closing journal is
reversed (kind ``year_end_reversal``) and the year's months can be reopened, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from shared.accounts import RETAINED_EARNINGS, AccountType
from shared.money import Money
from shared.posting import Journal, JournalLine
from sync_server.audit.services import Actor, record
from sync_server.closing.models import FiscalYearClose, PeriodCloseEvent
from sync_server.closing.services import Person, _reason
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import NotFound, Refused
from sync_server.ledger.models import Account, Posting
from sync_server.ledger.models import Journal as JournalRow
from sync_server.ledger.posting import journal_rows
from sync_server.periods.models import FiscalPeriod
from sync_server.periods.services import bounds, ensure_periods, next_period, parse_period
from sync_server.tenants.models import Tenant

CLOSING_KINDS = ("year_end", "year_end_reversal")


def year_months(last_period: str) -> list[str]:
    """The twelve months of the fiscal year ending with ``last_period``."""
    year, month = int(last_period[:4]), int(last_period[5:7])
    first = f"{year - 1:04d}-{month + 1:02d}" if month < 12 else f"{year:04d}-01"
    months = [first]
    while months[-1] != last_period:
        months.append(next_period(months[-1]))
    return months


def year_end_of(ctx: ServerContext, tenant_id: int, year: int) -> str:
    """The last month of the fiscal year that ends in calendar year ``year``."""
    with ctx.system() as session:
        tenant = session.get(Tenant, tenant_id)
        if tenant is None:
            raise NotFound("No such tenant.")
        return parse_period(f"{year:04d}-{tenant.fiscal_year_end_month:02d}")


@dataclass(frozen=True)
class YearEndPlan:
    last_period: str
    end_date: str
    lines: tuple[JournalLine, ...]
    net_profit: Money  # the year's result moved into Retained Earnings

    def to_json(self) -> dict[str, Any]:
        return {"last_period": self.last_period, "date": self.end_date,
                "net_profit": str(self.net_profit),
                "lines": [{"account": ln.account, "branch": ln.branch,
                           "debit": str(ln.debit), "credit": str(ln.credit)}
                          for ln in self.lines]}


def plan(scope: TenantScope, last_period: str) -> YearEndPlan:
    months = year_months(last_period)
    kinds = {a.code: a.type for a in scope.scalars(select(Account))}
    closing = select(JournalRow.id).where(JournalRow.kind.in_(CLOSING_KINDS))
    stmt = (select(Posting.account_code, Posting.branch_code,
                   func.sum(Posting.debit - Posting.credit).label("net"))
            .where(Posting.fiscal_period >= months[0], Posting.fiscal_period <= months[-1],
                   Posting.journal_id.not_in(closing))
            .group_by(Posting.account_code, Posting.branch_code)
            .order_by(Posting.branch_code, Posting.account_code))
    lines: list[JournalLine] = []
    by_branch: dict[str, int] = {}
    for row in scope.execute(stmt):
        if kinds.get(row.account_code) not in (AccountType.REVENUE.value, AccountType.EXPENSE.value):
            continue
        net = int(row.net or 0)
        if not net:
            continue
        # Reverse the balance: a debit balance (expense) is credited, and the reverse.
        lines.append(JournalLine(row.account_code, Money(max(-net, 0)), Money(max(net, 0)),
                                 row.branch_code, "year-end close"))
        by_branch[row.branch_code] = by_branch.get(row.branch_code, 0) + net
    profit = 0
    for branch, net in sorted(by_branch.items()):
        # net = debits − credits of the branch's P&L: negative is a profit, credited to RE.
        if net:
            lines.append(JournalLine(RETAINED_EARNINGS, Money(max(net, 0)), Money(max(-net, 0)),
                                     branch, "result of the year"))
        profit -= net
    return YearEndPlan(last_period, bounds(last_period)[1], tuple(lines), Money(profit))


def _post_into(ctx: ServerContext, scope: TenantScope, journal: Journal, *, period: str,
               day: str) -> str:
    journal_id = ctx.new_id()
    rows = journal_rows(journal, journal_id=journal_id, envelope_id=None, branch="",
                        entry_date=day, period=period, late=False, posted_at=ctx.clock.now())
    rows.journal["branch_code"] = rows.postings[0]["branch_code"]
    scope.insert_rows(JournalRow, [rows.journal])
    scope.insert_rows(Posting, rows.postings)
    return journal_id


def close_year(ctx: ServerContext, scope: TenantScope, last_period: str, who: Person,
               actor: Actor) -> YearEndPlan:
    if who.role != "director":
        raise Refused("Only a director closes a fiscal year.")
    months = year_months(last_period)
    done = scope.get(FiscalYearClose, last_period)
    if done is not None and done.status == "closed":
        raise Refused(f"The year ending {last_period} is already closed.")
    statuses = {p.period: p.status for p in scope.scalars(
        select(FiscalPeriod).where(FiscalPeriod.period >= months[0],
                                   FiscalPeriod.period <= months[-1]))}
    still_open = [m for m in months if statuses.get(m) == "open"]
    if still_open or last_period not in statuses:
        raise Refused("Close every month of the year first (the last month included); open: "
                      + (", ".join(still_open) or last_period) + ".")
    earlier = scope.scalars(select(FiscalYearClose.last_period).where(
        FiscalYearClose.last_period < last_period, FiscalYearClose.status != "closed"))
    if earlier:
        raise Refused(f"Close the year ending {earlier[0]} first.")
    result = plan(scope, last_period)
    journal_id = ""
    if result.lines:
        journal = Journal("year_end", f"YE-{last_period}",
                          f"Year-end close: the result of the year to {result.end_date} into "
                          "Retained Earnings", result.lines)
        journal_id = _post_into(ctx, scope, journal, period=last_period, day=result.end_date)
    if done is None:
        scope.add(FiscalYearClose(last_period=last_period, status="closed", journal_id=journal_id,
                                  closed_by=who.email, closed_at=ctx.clock.now()))
    else:
        done.status, done.journal_id = "closed", journal_id
        done.closed_by, done.closed_at = who.email, ctx.clock.now()
    ensure_periods(scope, [next_period(last_period)])
    scope.add(PeriodCloseEvent(id=ctx.new_id(), period=last_period, action="year_closed",
                               by_email=who.email, by_name=who.name, at=ctx.clock.now(),
                               reason=None, checklist=None))
    record(ctx, scope, actor, "year.close", subject=last_period,
           detail={"journal": journal_id, "net_profit": str(result.net_profit)})
    scope.flush()
    return result


class _RolledBack(Exception):
    def __init__(self, result: YearEndPlan) -> None:
        self.result = result


def dry_run(ctx: ServerContext, tenant_id: int, last_period: str, who: Person,
            actor: Actor) -> YearEndPlan:
    """The close worked out in full and rolled back: what it would post."""
    try:
        with ctx.scope(tenant_id) as scope:
            raise _RolledBack(close_year(ctx, scope, last_period, who, actor))
    except _RolledBack as done:
        return done.result


def reopen_year(ctx: ServerContext, scope: TenantScope, last_period: str, who: Person,
                actor: Actor, *, reason: str | None) -> None:
    if who.role != "director":
        raise Refused("Only a director reopens a fiscal year.")
    text = _reason(reason, "reopening the year")
    done = scope.get(FiscalYearClose, last_period)
    if done is None or done.status != "closed":
        raise Refused(f"The year ending {last_period} is not closed.")
    later = scope.scalars(select(FiscalYearClose.last_period).where(
        FiscalYearClose.last_period > last_period, FiscalYearClose.status == "closed"))
    if later:
        raise Refused(f"Reopen the year ending {later[0]} first.")
    if done.journal_id:
        lines = scope.scalars(select(Posting).where(Posting.journal_id == done.journal_id)
                              .order_by(Posting.line_no))
        reversal = Journal("year_end_reversal", f"YE-{last_period}-R",
                           f"Year-end close of {last_period} reversed: {text}"[:300], tuple(
                               JournalLine(p.account_code, Money(p.credit), Money(p.debit),
                                           p.branch_code, "year reopened") for p in lines))
        _post_into(ctx, scope, reversal, period=last_period, day=bounds(last_period)[1])
    done.status = "open"
    scope.add(PeriodCloseEvent(id=ctx.new_id(), period=last_period, action="year_reopened",
                               by_email=who.email, by_name=who.name, at=ctx.clock.now(),
                               reason=text, checklist=None))
    record(ctx, scope, actor, "year.reopen", subject=last_period, detail={"reason": text})
    scope.flush()


def closed_year_of(scope: TenantScope, period: str) -> str | None:
    """The last month of the closed fiscal year ``period`` belongs to, if any."""
    for row in scope.scalars(select(FiscalYearClose).where(
            FiscalYearClose.status == "closed", FiscalYearClose.last_period >= period)):
        if period in year_months(row.last_period):
            return str(row.last_period)
    return None


def set_year_end_month(ctx: ServerContext, tenant_id: int, month: int, actor: Actor) -> None:
    """Set the last month of the fiscal year; refused once a year has been closed."""
    if not 1 <= month <= 12:
        raise Refused("The fiscal year ends with a month from 1 to 12.")
    with ctx.scope(tenant_id) as scope:
        if scope.scalars(select(FiscalYearClose.last_period).limit(1)):
            raise Refused("A fiscal year has been closed: its end month can no longer change.")
        record(ctx, scope, actor, "year.end_month", detail={"month": month})
    with ctx.system() as session:
        tenant = session.get(Tenant, tenant_id)
        if tenant is None:
            raise NotFound("No such tenant.")
        tenant.fiscal_year_end_month = month
    from sync_server.directory.tenant_row import refresh_copy

    refresh_copy(ctx, tenant_id)


__all__ = ["CLOSING_KINDS", "YearEndPlan", "close_year", "closed_year_of", "dry_run", "plan",
           "reopen_year", "set_year_end_month", "year_end_of", "year_months"]
