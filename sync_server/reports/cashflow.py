"""The cash flow statement for a range of days, by the direct method.

**Cash** is cash on hand and in banks: the asset accounts whose code starts 1000–1019
(1000 Cash on Hand, 1010 Bank, and banks a tenant adds as 1011, 1012 …). MoMo and card
clearing (1020, 1030) are money on its way to the bank, not yet cash: cash comes in
when a provider settles into a bank account.

Each journal that moves cash is read line by line. Its cash lines net to what came in
(or went out); its other lines say why, and each is classified by its account:

* **investing** — asset accounts from 1500 up (equipment, vehicles, long-term assets);
* **financing** — equity accounts (capital in, drawings out) and liability accounts from
  2200 up (loans);
* **operating** — everything else: sales and returns, receivables and clearing,
  inventory and suppliers, taxes, expenses, cash over and short.

A journal's non-cash lines sum to minus its cash movement, so the three sections add up
to the change in cash exactly; a journal that only moves money between cash accounts (a
drop to the bank) nets to zero and is left out. The statement shows opening cash + net
change = closing cash, and ``reconciles`` checks that against the ledger's balances.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select

from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.ledger.models import Account, Posting

SECTIONS = (("operating", "Operating activities"), ("investing", "Investing activities"),
            ("financing", "Financing activities"))


def _head(code: str) -> int:
    return int(code.partition("-")[0][:4])


def is_cash(code: str, kind: str) -> bool:
    return kind == "asset" and 1000 <= _head(code) <= 1019


def section_of(code: str, kind: str) -> str:
    if kind == "asset" and _head(code) >= 1500:
        return "investing"
    if kind == "equity" or (kind == "liability" and _head(code) >= 2200):
        return "financing"
    return "operating"


def cash_flow(scope: TenantScope, *, first: date, last: date,
              branch: str | None = None) -> dict[str, Any]:
    if last < first:
        raise Invalid("The last day is before the first.")
    accounts = {a.code: a for a in scope.scalars(select(Account))}
    cash = sorted(c for c, a in accounts.items() if is_cash(c, a.type))
    where = [] if branch is None else [Posting.branch_code == branch]

    def balance_before(day: str) -> int:
        return int(scope.scalar(select(func.sum(Posting.debit - Posting.credit)).where(
            Posting.account_code.in_(cash), Posting.entry_date < day, *where)) or 0)

    opening = balance_before(first.isoformat())
    closing = int(scope.scalar(select(func.sum(Posting.debit - Posting.credit)).where(
        Posting.account_code.in_(cash), Posting.entry_date <= last.isoformat(), *where)) or 0)
    moving = (select(Posting.journal_id).where(
        Posting.account_code.in_(cash), Posting.entry_date >= first.isoformat(),
        Posting.entry_date <= last.isoformat(), *where).distinct())
    lines = scope.scalars(select(Posting).where(Posting.journal_id.in_(moving), *where))
    by_journal: dict[str, list[Posting]] = defaultdict(list)
    for line in lines:
        by_journal[line.journal_id].append(line)
    items: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"in": 0, "out": 0})
    for postings in by_journal.values():
        for p in postings:
            kind = accounts[p.account_code].type if p.account_code in accounts else "asset"
            if is_cash(p.account_code, kind):
                continue
            amount = p.credit - p.debit  # a credit elsewhere is cash coming in
            key = (section_of(p.account_code, kind), p.account_code)
            items[key]["in" if amount > 0 else "out"] += abs(amount)
    sections = []
    net = 0
    for name, title in SECTIONS:
        rows: list[dict[str, Any]] = [
            {"account": code, "name": accounts[code].name if code in accounts else code,
             "inflow": v["in"], "outflow": v["out"], "net": v["in"] - v["out"]}
            for (section, code), v in sorted(items.items())
            if section == name and (v["in"] or v["out"])]
        subtotal = sum(int(r["net"]) for r in rows)
        net += subtotal
        sections.append({"key": name, "title": title, "rows": rows, "net": subtotal,
                         "inflow": sum(int(r["inflow"]) for r in rows),
                         "outflow": sum(int(r["outflow"]) for r in rows)})
    return {"first": first, "last": last, "branch": branch, "cash_accounts":
            [{"code": c, "name": accounts[c].name} for c in cash],
            "opening": opening, "sections": sections, "net": net,
            "closing": closing, "reconciles": opening + net == closing}


__all__ = ["SECTIONS", "cash_flow", "is_cash", "section_of"]
