"""The ledger of a tenant and a range of days as plain-text accounting files: hledger
journal format, Beancount, or CSV (``bisama-sync ledger export``).

* **Account names** are the chart's names under a prefix per type — ``Assets``,
  ``Liabilities``, ``Equity``, ``Income``, ``Expenses`` — with every character that is
  not a letter or digit made a ``-``, e.g. ``Assets:Cash-on-Hand``,
  ``Income:Sales-Returns-and-Discounts``, ``Equity:Owners-Capital``. They are valid
  Beancount names (and hledger names); two accounts whose names clash get their code
  appended. The account code is in each ``open`` directive's metadata (Beancount) or
  ``account`` directive's tags (hledger).
* **Amounts** are exact: decimal cedis with two places in the commodity ``GHS``.
* **Opening balances**: when ``first`` is given, everything dated before it is one
  ``Opening balances`` transaction on ``first``, so the files' balances equal the trial
  balance at ``last`` (by the postings' own dates).
* **Metadata**: each transaction carries its journal's kind, reference (hledger: the
  transaction code), branch and journal id; each posting its branch.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from shared.money import Money
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.ledger.models import Account, Journal, Posting

FORMATS = ("hledger", "beancount", "csv")
PREFIX = {"asset": "Assets", "liability": "Liabilities", "equity": "Equity",
          "revenue": "Income", "expense": "Expenses"}
COMMODITY = "GHS"
CHUNK = 2000


@dataclass(frozen=True)
class Line:
    account: str
    branch: str
    amount: int  # debit positive
    memo: str


@dataclass(frozen=True)
class Entry:
    day: date
    journal_id: str
    kind: str
    reference: str
    memo: str
    branch: str
    lines: tuple[Line, ...]


def account_names(scope: TenantScope) -> dict[str, str]:
    """Account code → its name in the exported files."""
    rows = scope.scalars(select(Account).order_by(Account.code))
    names: dict[str, str] = {}
    for row in rows:
        words = re.sub(r"[^A-Za-z0-9]+", "-", row.name.replace("'", "")).strip("-") or row.code
        words = words[0].upper() + words[1:]
        if not words[0].isalpha():
            words = "A" + words
        names[row.code] = f"{PREFIX.get(row.type, 'Assets')}:{words}"
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {code: (f"{name}-{code}" if seen[name] > 1 else name) for code, name in names.items()}


def _entries(scope: TenantScope, first: date | None, last: date) -> Iterator[Entry]:
    where = [Journal.entry_date <= last.isoformat()]
    if first is not None:
        where.append(Journal.entry_date >= first.isoformat())
    after: tuple[str, str] = ("", "")
    while True:
        heads = scope.scalars(
            select(Journal).where(*where, (Journal.entry_date > after[0])
                                  | ((Journal.entry_date == after[0]) & (Journal.id > after[1])))
            .order_by(Journal.entry_date, Journal.id).limit(CHUNK))
        if not heads:
            return
        after = (heads[-1].entry_date, heads[-1].id)
        lines: dict[str, list[Posting]] = {h.id: [] for h in heads}
        for p in scope.scalars(select(Posting).where(Posting.journal_id.in_(list(lines)))
                               .order_by(Posting.journal_id, Posting.line_no)):
            lines[p.journal_id].append(p)
        for h in heads:
            yield Entry(date.fromisoformat(h.entry_date), h.id, h.kind, h.reference, h.memo,
                        h.branch_code, tuple(Line(p.account_code, p.branch_code,
                                                  p.debit - p.credit, p.memo)
                                             for p in lines[h.id]))


def opening_balances(scope: TenantScope, before: date) -> dict[str, int]:
    stmt = (select(Posting.account_code, func.sum(Posting.debit - Posting.credit).label("net"))
            .where(Posting.entry_date < before.isoformat()).group_by(Posting.account_code))
    return {r.account_code: int(r.net) for r in scope.execute(stmt) if int(r.net or 0)}


def balances(scope: TenantScope, last: date) -> dict[str, int]:
    """What every account holds at the end of ``last`` (by the postings' dates)."""
    stmt = (select(Posting.account_code, func.sum(Posting.debit - Posting.credit).label("net"))
            .where(Posting.entry_date <= last.isoformat()).group_by(Posting.account_code))
    return {r.account_code: int(r.net or 0) for r in scope.execute(stmt)}


def _amount(pesewas: int) -> str:
    return f"{Money(pesewas)} {COMMODITY}"


def _plain(text: str, limit: int = 200) -> str:
    return re.sub(r"[\r\n\t]+", " ", text or "").strip()[:limit]


def _tag(text: str) -> str:
    """An hledger tag value: ends at a comma or the end of the line."""
    return _plain(text, 80).replace(",", " ").replace(";", " ")


def _quoted(text: str) -> str:
    return '"' + _plain(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _start(scope: TenantScope, first: date | None, last: date) -> date:
    if first is not None:
        return first
    earliest = scope.scalar(select(func.min(Posting.entry_date)))
    return min(date.fromisoformat(earliest), last) if earliest else last


def export(scope: TenantScope, fmt: str, *, first: date | None, last: date,
           out: io.TextIOBase | Any, tenant: str = "") -> int:
    """Write the ledger to ``out``; returns the number of transactions written."""
    if fmt not in FORMATS:
        raise Invalid(f"“{fmt}” is not an export format; use hledger, beancount or csv.")
    if first is not None and last < first:
        raise Invalid("The last day is before the first.")
    names = account_names(scope)
    types = {a.code: a.type for a in scope.scalars(select(Account))}
    start = _start(scope, first, last)
    opening = opening_balances(scope, first) if first is not None else {}
    entries: Iterator[Entry] = _entries(scope, first, last)
    if opening:
        head = Entry(start, "opening", "opening", "OPENING", "Opening balances", "", tuple(
            Line(code, "", amount, "") for code, amount in sorted(opening.items())))
        entries = _chain(head, entries)
    if fmt == "csv":
        return _csv(entries, names, out)
    if fmt == "hledger":
        return _hledger(entries, names, types, out=out, tenant=tenant)
    return _beancount(entries, names, start=start, out=out, tenant=tenant)


def _chain(head: Entry, rest: Iterator[Entry]) -> Iterator[Entry]:
    yield head
    yield from rest


def _csv(entries: Iterator[Entry], names: dict[str, str], out: Any) -> int:
    writer = csv.writer(out)
    writer.writerow(["date", "journal_id", "kind", "reference", "memo", "branch", "account",
                     "account_name", "debit", "credit"])
    count = 0
    for e in entries:
        count += 1
        for ln in e.lines:
            writer.writerow([e.day.isoformat(), e.journal_id, e.kind, e.reference,
                             _plain(ln.memo or e.memo), ln.branch, ln.account,
                             names.get(ln.account, ln.account),
                             str(Money(max(ln.amount, 0))), str(Money(max(-ln.amount, 0)))])
    return count


def _hledger(entries: Iterator[Entry], names: dict[str, str], types: dict[str, str], *,
             out: Any, tenant: str) -> int:
    hl_type = {"asset": "A", "liability": "L", "equity": "E", "revenue": "R", "expense": "X"}
    out.write(f"; Bisama POS ledger export{' of ' + tenant if tenant else ''}\n")
    out.write("decimal-mark .\n")
    out.write(f"commodity 0.00 {COMMODITY}\n\n")
    for code, name in names.items():
        out.write(f"account {name}  ; code:{code}, type:{hl_type.get(types[code], 'A')}\n")
    out.write("\n")
    count = 0
    for e in entries:
        count += 1
        ref = re.sub(r"[()\s]+", "-", e.reference)
        out.write(f"{e.day.isoformat()} ({ref}) {_plain(e.memo).replace(';', ',')}"
                  f"  ; kind:{_tag(e.kind)}, reference:{_tag(e.reference)}, "
                  f"branch:{_tag(e.branch)}, journal:{e.journal_id}\n")
        for ln in e.lines:
            tail = f"  ; branch:{_tag(ln.branch)}" if ln.branch else ""
            out.write(f"    {names.get(ln.account, ln.account)}  {_amount(ln.amount)}{tail}\n")
        out.write("\n")
    return count


def _beancount(entries: Iterator[Entry], names: dict[str, str], *, start: date, out: Any,
               tenant: str) -> int:
    out.write(f"; Bisama POS ledger export{' of ' + tenant if tenant else ''}\n")
    out.write(f'option "title" {_quoted("Bisama POS " + tenant)}\n')
    out.write(f'option "operating_currency" "{COMMODITY}"\n\n')
    out.write(f"{start.isoformat()} commodity {COMMODITY}\n\n")
    for code, name in names.items():
        out.write(f"{start.isoformat()} open {name} {COMMODITY}\n  code: \"{code}\"\n")
    out.write("\n")
    count = 0
    for e in entries:
        count += 1
        out.write(f"{e.day.isoformat()} * {_quoted(e.memo)}\n")
        out.write(f"  kind: {_quoted(e.kind)}\n  reference: {_quoted(e.reference)}\n")
        if e.branch:
            out.write(f"  branch: {_quoted(e.branch)}\n")
        out.write(f"  journal: {_quoted(e.journal_id)}\n")
        for ln in e.lines:
            out.write(f"  {names.get(ln.account, ln.account)}  {_amount(ln.amount)}\n")
            if ln.branch:
                out.write(f"    branch: {_quoted(ln.branch)}\n")
        out.write("\n")
    return count


__all__ = ["FORMATS", "account_names", "balances", "export", "opening_balances"]
