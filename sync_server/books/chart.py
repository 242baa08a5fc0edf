"""A chart of accounts that grows (issue [9]).

The 17 default accounts (``shared.accounts.DEFAULT_CHART``) stay and keep their roles:
the tills' posting rules use them, so they can be renamed but never switched off or
deleted. A tenant adds its own accounts under a type (several banks ``1011``, ``1012``; a
MoMo wallet per network ``1020-MTN``; expense categories ``6010 Rent``; goods in
transit), renames them, switches off one it no longer uses (only when its balance is
zero) and deletes one it added by mistake (only while nothing was ever posted to it).
The reports classify every account by the tenant's own ``type`` and ``contra``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from shared.accounts import ALL_ACCOUNTS, DEFAULT_CHART, AccountType, is_account_code
from shared.money import Money
from sync_server.audit.services import Actor, record
from sync_server.books.models import ManualJournalLine, RecurringJournal
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import AlreadyExists, Invalid, NotFound, Refused
from sync_server.ledger.models import Account, Posting

ROLE_CODES = frozenset(a.code for a in DEFAULT_CHART)
TYPES = tuple(t.value for t in AccountType)


@dataclass(frozen=True)
class ChartLine:
    code: str
    name: str
    type: str
    contra: bool
    status: str
    balance: Money  # debit − credit, all periods
    postings: int
    default: bool

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "type": self.type, "contra": self.contra,
                "status": self.status, "balance": str(self.balance), "postings": self.postings,
                "default": self.default}


def _label(row: Account) -> str:
    return f"{row.code} {row.name}"


def _require(scope: TenantScope, code: str, *, lock: bool = False) -> Account:
    code = (code or "").strip().upper()
    stmt = select(Account).where(Account.code == code)
    row: Account | None = scope.scalar(stmt.with_for_update() if lock else stmt)
    if row is None:
        raise NotFound(f"Account {code} is not in this business's chart of accounts.")
    return row


def _check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Invalid("Give the account a name, e.g. “Ecobank current account”.")
    if len(name) > 100:
        raise Invalid("An account name is at most 100 characters.")
    return name


def _balance(scope: TenantScope, code: str) -> tuple[int, int]:
    row: Any = scope.execute(select(func.count().label("n"),
                                    func.sum(Posting.debit - Posting.credit).label("net"))
                             .where(Posting.account_code == code)).one()
    return int(row.net or 0), int(row.n or 0)


def chart(scope: TenantScope) -> list[ChartLine]:
    """Every account of the tenant's chart with its balance to date."""
    sums = {r.account_code: (int(r.net or 0), int(r.n or 0)) for r in scope.execute(
        select(Posting.account_code, func.sum(Posting.debit - Posting.credit).label("net"),
               func.count().label("n")).group_by(Posting.account_code))}
    return [ChartLine(a.code, a.name, a.type, bool(a.contra), a.status,
                      Money(sums.get(a.code, (0, 0))[0]), sums.get(a.code, (0, 0))[1],
                      a.code in ROLE_CODES)
            for a in scope.scalars(select(Account).order_by(Account.code))]


def add_account(ctx: ServerContext, scope: TenantScope, actor: Actor, *, code: str,
                name: str | None = None, type: str | None = None,
                contra: bool = False) -> dict[str, Any]:
    """Add an account under a type. An account this system already knows (2130, 3200,
    6200, 1210) may be added by its code alone."""
    code = (code or "").strip().upper()
    if not is_account_code(code):
        raise Invalid(f"“{code}” is not an account code: four to eight digits, optionally "
                      "followed by a dash and a short name in capitals (1011, 6010, 1020-MTN).")
    known = ALL_ACCOUNTS.get(code)
    if known is not None and not name and not type:
        name, type, contra = known.name, known.type.value, known.contra
    if type not in TYPES:
        raise Invalid(f"Give the account's type: one of {', '.join(TYPES)}.")
    name = _check_name(name or "")
    if known is not None and (known.type.value != type or known.contra != contra):
        raise Invalid(f"Account {code} is {known.name} ({known.type.value}"
                      f"{', contra' if known.contra else ''}); give it that type or choose "
                      "another code.")
    if scope.get(Account, code) is not None:
        raise AlreadyExists(f"Account {code} is already in the chart.")
    scope.insert_rows(Account, [{"code": code, "name": name, "type": type, "contra": contra,
                                 "status": "active"}])
    record(ctx, scope, actor, "account.add", subject=code,
           detail={"name": name, "type": type, "contra": contra})
    return {"code": code, "name": name, "type": type, "contra": contra, "status": "active"}


def rename_account(ctx: ServerContext, scope: TenantScope, actor: Actor, code: str,
                   name: str) -> dict[str, Any]:
    row = _require(scope, code, lock=True)
    new = _check_name(name)
    old, row.name = row.name, new
    scope.flush()
    record(ctx, scope, actor, "account.rename", subject=row.code, detail={"from": old, "to": new})
    return {"code": row.code, "name": new, "status": row.status}


def deactivate_account(ctx: ServerContext, scope: TenantScope, actor: Actor,
                       code: str) -> dict[str, Any]:
    """Switch an account off: nothing can post to it until it is switched on again."""
    row = _require(scope, code, lock=True)
    if row.code in ROLE_CODES:
        raise Refused(f"Account {_label(row)} is one the tills post to (sales, tenders, tax, "
                      "stock or cash over and short): switched off, the tills' transactions "
                      "would fail to post. It stays on; rename it if the name does not fit.")
    if row.status != "active":
        raise Refused(f"Account {_label(row)} is already switched off.")
    balance, _count = _balance(scope, row.code)
    if balance:
        raise Refused(f"Account {_label(row)} still holds {Money(abs(balance)).format()} "
                      f"({'debit' if balance > 0 else 'credit'}): move it to another account "
                      "with a journal first, then switch it off.")
    row.status = "inactive"
    scope.flush()
    record(ctx, scope, actor, "account.deactivate", subject=row.code)
    return {"code": row.code, "name": row.name, "status": row.status}


def reactivate_account(ctx: ServerContext, scope: TenantScope, actor: Actor,
                       code: str) -> dict[str, Any]:
    row = _require(scope, code, lock=True)
    if row.status == "active":
        raise Refused(f"Account {_label(row)} is already in use.")
    row.status = "active"
    scope.flush()
    record(ctx, scope, actor, "account.reactivate", subject=row.code)
    return {"code": row.code, "name": row.name, "status": row.status}


def delete_account(ctx: ServerContext, scope: TenantScope, actor: Actor,
                   code: str) -> dict[str, Any]:
    """Delete an account added by mistake: only one that nothing was ever posted to and
    no draft or recurring journal names."""
    row = _require(scope, code, lock=True)
    if row.code in ROLE_CODES:
        raise Refused(f"Account {_label(row)} is one of the 17 accounts the tills post to; "
                      "it cannot be deleted.")
    _net, count = _balance(scope, row.code)
    if count:
        raise Refused(f"Account {_label(row)} has {count} posting(s): an account with postings "
                      "is never deleted. Switch it off instead (once its balance is zero).")
    drafts = scope.scalar(select(func.count()).select_from(ManualJournalLine)
                          .where(ManualJournalLine.account_code == row.code))
    templates = [t for t in scope.scalars(select(RecurringJournal.lines))
                 if f'"account": "{row.code}"' in t]
    if drafts or templates:
        raise Refused(f"Account {_label(row)} is named by a journal by hand or a recurring "
                      "journal; delete or change that journal first.")
    code, name = row.code, row.name
    scope.execute(delete(Account).where(Account.code == code))
    record(ctx, scope, actor, "account.delete", subject=code, detail={"name": name})
    return {"code": code, "name": name, "status": "deleted"}


__all__ = ["ROLE_CODES", "TYPES", "ChartLine", "add_account", "chart", "deactivate_account",
           "delete_account", "reactivate_account", "rename_account"]
