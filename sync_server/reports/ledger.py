"""Ledger reports: trial balance, profit and loss, balance sheet.

Amounts are ``Money``; ``to_json`` gives decimal strings. A trial balance for a period
is the closing balance of every account of the chart through the end of that month
(all postings when no period is given); a branch limits it to that branch's postings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from shared.accounts import AccountType
from shared.money import Money, total
from sync_server.db.scope import TenantScope
from sync_server.ledger.models import Account, Journal, Posting


@dataclass(frozen=True)
class BalanceLine:
    code: str
    name: str
    type: str
    contra: bool
    debit: Money
    credit: Money

    @property
    def net(self) -> Money:
        """Debit − credit."""
        return self.debit - self.credit

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "debit": str(self.debit),
                "credit": str(self.credit)}


@dataclass(frozen=True)
class TrialBalance:
    lines: tuple[BalanceLine, ...]

    @property
    def total_debit(self) -> Money:
        return total([ln.debit for ln in self.lines])

    @property
    def total_credit(self) -> Money:
        return total([ln.credit for ln in self.lines])

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit

    def to_json(self) -> dict[str, Any]:
        return {"accounts": [ln.to_json() for ln in self.lines],
                "total_debit": str(self.total_debit), "total_credit": str(self.total_credit)}


def _sums(scope: TenantScope, *, first: str | None, last: str | None,
          branch: str | None, trade_only: bool = False) -> dict[str, int]:
    """Net (debit − credit) per account. ``trade_only`` leaves out the year-end closing
    journals (``closing.year_end``): a profit and loss shows the year's trade, not the
    entries that carried its result into Retained Earnings."""
    stmt = (select(Posting.account_code, func.sum(Posting.debit - Posting.credit).label("net"))
            .group_by(Posting.account_code))
    if trade_only:
        stmt = stmt.where(Posting.journal_id.not_in(
            select(Journal.id).where(Journal.kind.in_(("year_end", "year_end_reversal")))))
    if first is not None:
        stmt = stmt.where(Posting.fiscal_period >= first)
    if last is not None:
        stmt = stmt.where(Posting.fiscal_period <= last)
    if branch is not None:
        stmt = stmt.where(Posting.branch_code == branch)
    return {row.account_code: int(row.net or 0) for row in scope.execute(stmt)}


def _lines(scope: TenantScope, sums: dict[str, int]) -> tuple[BalanceLine, ...]:
    lines = []
    for acc in scope.scalars(select(Account).order_by(Account.code)):
        net = sums.get(acc.code, 0)
        lines.append(BalanceLine(acc.code, acc.name, acc.type, acc.contra,
                                 Money(max(net, 0)), Money(max(-net, 0))))
    return tuple(lines)


def trial_balance(scope: TenantScope, *, period: str | None = None,
                  branch: str | None = None) -> TrialBalance:
    return TrialBalance(_lines(scope, _sums(scope, first=None, last=period, branch=branch)))


def _by_type(lines: tuple[BalanceLine, ...], kind: AccountType) -> list[BalanceLine]:
    return [ln for ln in lines if ln.type == kind.value]


def _items(lines: list[BalanceLine], sign: int) -> list[dict[str, str]]:
    return [{"code": ln.code, "name": ln.name, "amount": str(ln.net * sign)} for ln in lines]


def profit_and_loss(scope: TenantScope, *, first: str, last: str,
                    branch: str | None = None) -> dict[str, Any]:
    """Income statement for the months ``first``..``last`` (inclusive)."""
    lines = _lines(scope, _sums(scope, first=first, last=last, branch=branch, trade_only=True))
    revenue = _by_type(lines, AccountType.REVENUE)
    expenses = _by_type(lines, AccountType.EXPENSE)
    gross_sales = -total([ln.net for ln in revenue if not ln.contra])
    deductions = total([ln.net for ln in revenue if ln.contra])
    net_sales = gross_sales - deductions
    cogs = total([ln.net for ln in expenses if ln.code == "5000"])
    other = [ln for ln in expenses if ln.code != "5000"]
    operating = total([ln.net for ln in other])
    gross_profit = net_sales - cogs
    return {"first": first, "last": last, "branch": branch,
            "sales": str(gross_sales), "returns_and_discounts": str(deductions),
            "net_sales": str(net_sales), "cost_of_sales": str(cogs),
            "gross_profit": str(gross_profit), "expenses": _items(other, 1),
            "total_expenses": str(operating), "net_profit": str(gross_profit - operating)}


def balance_sheet(scope: TenantScope, *, period: str | None = None,
                  branch: str | None = None) -> dict[str, Any]:
    """Assets, liabilities and equity at the end of ``period``; the result so far is shown
    as current earnings, so assets = liabilities + equity."""
    lines = trial_balance(scope, period=period, branch=branch).lines
    assets = _by_type(lines, AccountType.ASSET)
    liabilities = _by_type(lines, AccountType.LIABILITY)
    equity = _by_type(lines, AccountType.EQUITY)
    earnings = -total([ln.net for ln in lines
                       if ln.type in (AccountType.REVENUE.value, AccountType.EXPENSE.value)])
    total_assets = total([ln.net for ln in assets])
    total_liabilities = -total([ln.net for ln in liabilities])
    total_equity = -total([ln.net for ln in equity]) + earnings
    return {"period": period, "branch": branch, "assets": _items(assets, 1),
            "liabilities": _items(liabilities, -1), "equity": _items(equity, -1),
            "current_earnings": str(earnings), "total_assets": str(total_assets),
            "total_liabilities": str(total_liabilities), "total_equity": str(total_equity),
            "balanced": total_assets == total_liabilities + total_equity}
