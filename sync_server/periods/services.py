"""Fiscal periods are calendar months. A closed month accepts no postings: an event
dated in it is posted to the first open month after it and flagged as late."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select

from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.periods.models import FiscalPeriod
from sync_server.sync.changes import Change, record_changes
from sync_server.sync.models import StoredEnvelope

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_of(day: date | str) -> str:
    text = day if isinstance(day, str) else day.isoformat()
    return text[:7]


def parse_period(text: str) -> str:
    if not PERIOD_RE.fullmatch(text or ""):
        raise Invalid(f"“{text}” is not a period; write the month as YYYY-MM, e.g. 2026-01.")
    return text


def bounds(period: str) -> tuple[str, str]:
    year, month = int(period[:4]), int(period[5:7])
    last = calendar.monthrange(year, month)[1]
    return f"{period}-01", f"{period}-{last:02d}"


def next_period(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def ensure_periods(scope: TenantScope, periods: Iterable[str]) -> None:
    """Create (open) the months that do not exist yet. Safe under concurrency."""
    rows = []
    for period in sorted(set(periods)):
        starts, ends = bounds(period)
        rows.append({"period": period, "starts_on": starts, "ends_on": ends, "status": "open"})
    if rows:
        scope.insert_missing(FiscalPeriod, rows)


def period_statuses(scope: TenantScope, *, lock: bool = False) -> dict[str, str]:
    """Every period's status. With ``lock``, hold a shared lock on them until commit, so a
    month cannot be closed while this transaction posts into it."""
    stmt = select(FiscalPeriod.period, FiscalPeriod.status)
    if lock:
        stmt = stmt.with_for_update(read=True)
    return {row.period: row.status for row in scope.execute(stmt)}


def posting_period(statuses: dict[str, str], entry_date: str) -> tuple[str, bool]:
    """The period an event dated ``entry_date`` posts to, and whether that is a late
    posting (its own month is closed). Months not in ``statuses`` count as open (the
    caller creates them)."""
    period = month_of(entry_date)
    late = False
    while statuses.get(period, "open") == "closed":
        late = True
        period = next_period(period)
    return period, late


def list_periods(scope: TenantScope) -> list[FiscalPeriod]:
    return scope.scalars(select(FiscalPeriod).order_by(FiscalPeriod.period))


def close_period(scope: TenantScope, period: str, *, by: str, at: datetime,
                 force: bool = False) -> None:
    """Close a month. Refused while envelopes dated in it wait to be posted (pending
    or failed) unless ``force``: post them first with ``post-unposted``."""
    row = scope.get(FiscalPeriod, period)
    if row is None:
        raise NotFound(f"Period {period} does not exist for this tenant.")
    if row.status == "closed":
        raise Refused(f"Period {period} is already closed.")
    starts, ends = bounds(period)
    waiting = scope.scalar(select(func.count()).select_from(StoredEnvelope).where(
        StoredEnvelope.posting_status.in_(("pending", "failed")),
        StoredEnvelope.business_date >= starts, StoredEnvelope.business_date <= ends))
    if waiting and not force:
        raise Refused(f"{waiting} transaction(s) dated in {period} are not posted yet. Run "
                      f"`bisama-sync post-unposted --period {period}` first, or close with --force "
                      "(they will post to the next open month as late postings).")
    row.status = "closed"
    row.closed_at = at
    row.closed_by = by
    scope.flush()
    record_changes(scope, [Change("period", period)])


def reopen_period(scope: TenantScope, period: str) -> None:
    row = scope.get(FiscalPeriod, period)
    if row is None:
        raise NotFound(f"Period {period} does not exist for this tenant.")
    if row.status == "open":
        raise Refused(f"Period {period} is already open.")
    row.status = "open"
    row.closed_at = None
    row.closed_by = None
    scope.flush()
    record_changes(scope, [Change("period", period)])
