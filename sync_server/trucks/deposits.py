"""Deposit slips: the cash a driver collected, banked, and matched.

The cash a van's till takes (sales and payments on account in cash) is posted by the
push to **1000 Cash on Hand** of the van's branch, as any drawer's is; it stays there,
in the driver's hands, until it is banked. A driver banks it and brings back the bank's
deposit slip; head office records the slip (bank, slip number, amount, date, driver,
van, a scan if there is one) and that posts, through ``books.post.post_journal``::

    Dr 1010 Bank (or the bank account chosen)   amount
        Cr 1000 Cash on Hand                    amount      (the van's branch)

numbered DS-000001, … per tenant. The slip is then **matched** to the cash the driver
collected with that van: the days given, or else the driver's oldest days not yet
banked up to the slip's date. What no slip covers is *unmatched cash* (still with the
driver, or lost); what a slip has left over is an *unmatched slip* (more banked than
the tills say was collected). A till's own ``drop_to_bank`` cash move posts the same
journal: a van till banks through slips at head office, never both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from shared.money import Money
from shared.posting import Journal, JournalLine
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.ledger.models import Account
from sync_server.sales.models import Sale
from sync_server.tenants.models import User
from sync_server.trucks.models import DepositMatch, DepositSlip
from sync_server.trucks.report import find_van, people, van_day, vans

MAX_SCAN = 4 * 1024 * 1024
SCAN_TYPES = ("image/jpeg", "image/png", "application/pdf")
MAX_DAYS = 366


@dataclass(frozen=True)
class CashDay:
    branch: str
    van: str
    driver: str
    driver_name: str
    day: str
    cash: int
    matched: int

    @property
    def unmatched(self) -> int:
        return self.cash - self.matched

    def to_json(self) -> dict[str, Any]:
        return {"branch": self.branch, "van": self.van, "driver": self.driver_name,
                "driver_email": self.driver, "day": self.day, "cash": str(Money(self.cash)),
                "matched": str(Money(self.matched)), "unmatched": str(Money(self.unmatched))}


def find_driver(scope: TenantScope, text: str) -> User:
    text = (text or "").strip()
    found = scope.scalars(select(User).where((User.email == text.lower()) | (User.name == text)))
    if len(found) > 1:
        raise Invalid(f"{len(found)} people are called “{text}”; give the driver's e-mail.")
    if not found:
        raise NotFound(f"No one at this business has the e-mail or name “{text}”.")
    person: User = found[0]
    return person


def _matched(scope: TenantScope) -> dict[tuple[str, str, str, str], int]:
    rows = scope.execute(select(DepositMatch.branch_code, DepositMatch.van_code,
                                DepositMatch.driver_email, DepositMatch.business_date,
                                func.sum(DepositMatch.amount).label("amount"))
                         .group_by(DepositMatch.branch_code, DepositMatch.van_code,
                                   DepositMatch.driver_email, DepositMatch.business_date))
    return {(r.branch_code, r.van_code, r.driver_email, r.business_date): int(r.amount)
            for r in rows}


def cash_days(scope: TenantScope, *, first: date, last: date, branch: str | None = None,
              van: str | None = None, driver: str | None = None) -> list[CashDay]:
    """The cash each driver collected with each van each day from ``first`` to ``last``
    (days the van sold anything), and how much of it deposit slips cover."""
    if last < first:
        raise Invalid("The last day is before the first.")
    if (last - first).days > MAX_DAYS:
        raise Invalid("Choose at most a year.")
    if first.year < 2000 or last.year > 2999:
        raise Invalid("Choose days between 2000 and 2999.")
    chosen = [find_van(scope, van, branch)] if van else vans(scope, branch)
    if not chosen:
        return []
    names = people(scope)
    matched = _matched(scope)
    result = []
    for location in chosen:
        days = scope.scalars(select(Sale.business_date).distinct().where(
            Sale.branch_code == location.branch_code, Sale.location_code == location.code,
            Sale.business_date >= first.isoformat(), Sale.business_date <= last.isoformat()))
        for day in sorted(days):
            for money in van_day(scope, location, date.fromisoformat(day), names).drivers:
                if driver and money.email != driver:
                    continue
                key = (location.branch_code, location.code, money.email, day)
                if money.cash_to_bank or matched.get(key):
                    result.append(CashDay(location.branch_code, location.code, money.email,
                                          money.name, day, money.cash_to_bank,
                                          matched.get(key, 0)))
    return sorted(result, key=lambda c: (c.day, c.driver_name, c.van))


def _bank_account(scope: TenantScope, code: str) -> Account:
    account = scope.get(Account, code)
    if account is None or account.status != "active":
        raise NotFound(f"There is no active account {code} in the chart.")
    if account.type != "asset" or code == acc.CASH:
        raise Invalid(f"Account {code} {account.name} is not a bank account; bank the cash "
                      "into 1010 Bank or another bank account of the chart.")
    return account


def _number(scope: TenantScope) -> str:
    count = int(scope.scalar(select(func.count()).select_from(DepositSlip)) or 0)
    return f"DS-{count + 1:06d}"


def _allocate(scope: TenantScope, slip: DepositSlip, days: list[date] | None) -> int:
    """Match what is left of ``slip`` to the driver's unbanked cash; returns the amount
    matched now."""
    left = slip.amount - int(scope.scalar(select(func.sum(DepositMatch.amount)).where(
        DepositMatch.slip_id == slip.id)) or 0)
    deposit = date.fromisoformat(slip.deposit_date)
    if days:
        first, last = min(days), max(days)
    else:
        first, last = deposit - timedelta(days=MAX_DAYS - 1), deposit
    wanted = {d.isoformat() for d in days} if days else None
    done = 0
    for day in cash_days(scope, first=first, last=last, branch=slip.branch_code,
                         van=f"{slip.branch_code}/{slip.van_code}", driver=slip.driver_email):
        if left <= 0:
            break
        if (wanted is not None and day.day not in wanted) or day.unmatched <= 0:
            continue
        take = min(left, day.unmatched)
        row = next(iter(scope.scalars(select(DepositMatch).where(
            DepositMatch.slip_id == slip.id, DepositMatch.branch_code == slip.branch_code,
            DepositMatch.van_code == slip.van_code, DepositMatch.driver_email == slip.driver_email,
            DepositMatch.business_date == day.day))), None)
        if row is None:
            scope.add(DepositMatch(slip_id=slip.id, branch_code=slip.branch_code,
                                   van_code=slip.van_code, driver_email=slip.driver_email,
                                   business_date=day.day, amount=take))
        else:
            row.amount += take
        scope.flush()
        left -= take
        done += take
    return done


def record_slip(ctx: ServerContext, scope: TenantScope, actor: Actor, *, bank: str,
                slip_no: str, amount: Money, deposit_date: date, driver: str, van: str,
                account: str = acc.BANK, days: list[date] | None = None,
                scan: tuple[str, str, bytes] | None = None, by: str,
                branch: str | None = None) -> dict[str, Any]:
    """Record a deposit slip, post it and match it (module doc)."""
    bank, slip_no = (bank or "").strip(), (slip_no or "").strip().upper()
    if not bank or len(bank) > 60:
        raise Invalid("Name the bank (up to 60 characters), e.g. GCB Bank.")
    if not slip_no or len(slip_no) > 40:
        raise Invalid("Give the slip number printed on the deposit slip (up to 40 characters).")
    if amount.is_negative or amount.is_zero:
        raise Invalid("A deposit slip is for an amount above zero.")
    if deposit_date.year < 2000:
        raise Invalid("A deposit slip is dated this century.")
    if deposit_date > ctx.clock.now().date() + timedelta(days=1):
        raise Invalid("A deposit slip cannot be dated in the future.")
    if days and any(d > deposit_date for d in days):
        raise Invalid("A slip can only bank cash collected on or before its date.")
    if scan is not None:
        _name, kind, data = scan
        if kind not in SCAN_TYPES:
            raise Invalid("A scan of the slip is a JPEG or PNG photo or a PDF.")
        if len(data) > MAX_SCAN:
            raise Invalid("The scan is over 4 MB; take the photo at a lower size.")
    person = find_driver(scope, driver)
    location = find_van(scope, van, branch)
    bank_account = _bank_account(scope, account.strip())
    same = scope.scalars(select(DepositSlip).where(DepositSlip.bank == bank,
                                                   DepositSlip.slip_no == slip_no))
    if same:
        raise Refused(f"Slip {slip_no} of {bank} is already recorded as {same[0].number}.")
    number = _number(scope)
    memo = f"Deposit slip {slip_no} ({bank}) — {person.name}, van {location.code}"[:200]
    journal = Journal("deposit_slip", number, memo[:300], (
        JournalLine(bank_account.code, amount, Money.ZERO, location.branch_code, memo),
        JournalLine(acc.CASH, Money.ZERO, amount, location.branch_code, memo)))
    posted = post_journal(ctx, scope, journal, branch=location.branch_code,
                          entry_date=deposit_date, actor=actor)
    slip = DepositSlip(id=ctx.new_id(), number=number, bank=bank, slip_no=slip_no,
                       amount=amount.pesewas, deposit_date=deposit_date.isoformat(),
                       driver_email=person.email, branch_code=location.branch_code,
                       van_code=location.code, account_code=bank_account.code,
                       scan_name=scan[0][:120] if scan else None,
                       scan_type=scan[1] if scan else None, scan=scan[2] if scan else None,
                       journal_id=posted.id, created_by=by[:254], created_at=ctx.clock.now())
    scope.add(slip)
    scope.flush()
    matched = _allocate(scope, slip, days)
    record(ctx, scope, actor, "deposit_slip.add", subject=number,
           detail={"bank": bank, "slip": slip_no, "amount": str(amount),
                   "driver": person.email, "van": location.code, "journal": posted.id,
                   "matched": str(Money(matched))})
    return {"number": number, "journal_id": posted.id, "amount": str(amount),
            "matched": str(Money(matched)), "unmatched": str(Money(slip.amount - matched)),
            "driver": person.name, "van": location.code}


def match_slip(ctx: ServerContext, scope: TenantScope, actor: Actor, *, number: str,
               days: list[date] | None = None) -> dict[str, Any]:
    """Match what is left of a slip again (after the van's envelopes arrived late)."""
    slip = slip_by_number(scope, number)
    done = _allocate(scope, slip, days)
    left = slip.amount - int(scope.scalar(select(func.sum(DepositMatch.amount)).where(
        DepositMatch.slip_id == slip.id)) or 0)
    record(ctx, scope, actor, "deposit_slip.match", subject=slip.number,
           detail={"matched": str(Money(done))})
    return {"number": slip.number, "matched": str(Money(done)), "unmatched": str(Money(left))}


def slip_by_number(scope: TenantScope, number: str) -> DepositSlip:
    found = scope.scalars(select(DepositSlip).where(
        DepositSlip.number == (number or "").strip().upper()))
    if not found:
        raise NotFound(f"No deposit slip is numbered “{number}”.")
    slip: DepositSlip = found[0]
    return slip


def deposits(scope: TenantScope, *, first: date, last: date, branch: str | None = None,
             driver: str | None = None) -> dict[str, Any]:
    """Slips dated ``first``..``last`` with what each matched, and the drivers' cash of
    those days: unmatched cash and unmatched slips listed apart."""
    cash = cash_days(scope, first=first, last=last, branch=branch, driver=driver)
    stmt = select(DepositSlip).where(DepositSlip.deposit_date >= first.isoformat(),
                                     DepositSlip.deposit_date <= last.isoformat())
    if branch:
        stmt = stmt.where(DepositSlip.branch_code == branch)
    if driver:
        stmt = stmt.where(DepositSlip.driver_email == driver)
    slips = list(scope.scalars(stmt.order_by(DepositSlip.deposit_date, DepositSlip.number)))
    used: dict[str, int] = defaultdict(int)
    covers: dict[str, list[str]] = defaultdict(list)
    if slips:
        for m in scope.scalars(select(DepositMatch).where(
                DepositMatch.slip_id.in_([s.id for s in slips]))
                .order_by(DepositMatch.business_date)):
            used[m.slip_id] += m.amount
            covers[m.slip_id].append(m.business_date)
    names = people(scope)
    slip_rows = [{"number": s.number, "bank": s.bank, "slip_no": s.slip_no,
                  "date": s.deposit_date, "driver": names.get(s.driver_email, s.driver_email),
                  "van": s.van_code, "branch": s.branch_code, "account": s.account_code,
                  "amount": str(Money(s.amount)), "matched": str(Money(used[s.id])),
                  "unmatched": str(Money(s.amount - used[s.id])), "days": covers[s.id],
                  "scan": bool(s.scan_name)} for s in slips]
    return {"first": first.isoformat(), "last": last.isoformat(),
            "slips": slip_rows, "cash": [c.to_json() for c in cash],
            "unmatched_cash": [c.to_json() for c in cash if c.unmatched > 0],
            "unmatched_slips": [r for r in slip_rows if Money.parse(r["unmatched"]).pesewas],
            "cash_total": str(Money(sum(c.cash for c in cash))),
            "unmatched_cash_total": str(Money(sum(max(c.unmatched, 0) for c in cash))),
            "banked_total": str(Money(sum(s.amount for s in slips)))}


__all__ = ["CashDay", "cash_days", "deposits", "find_driver", "match_slip", "record_slip",
           "slip_by_number"]
