"""What the purchases services share: reading amounts and dates people type, checking
accounts and branches against the tenant's chart, numbering documents, the tax profile.

Which accounts pay what (a tenant's chart grows by code, ``shared.accounts``):

* **cash** — 1000 Cash on Hand (or 1001–1009), at a branch;
* **bank** — 1010 Bank or another active asset account 1011–1019 (a second bank);
* **MoMo** — 1020 Mobile Money Clearing, a wallet under it (``1020-MTN``) or 1021–1029.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from shared.errors import BisamaError
from shared.money import Money
from shared.tax import TaxProfile
from sync_server.db.base import Base
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound
from sync_server.ledger.models import Account as AccountRow
from sync_server.tenants.models import Branch, Tenant
from sync_server.tenants.tax_profile import load_profile

PAID_FROM = {"cash": range(1000, 1010), "bank": range(1010, 1020), "momo": range(1020, 1030)}


def money(text: str | Money, what: str = "amount", *, positive: bool = True) -> Money:
    if isinstance(text, Money):
        value = text
    else:
        try:
            value = Money.parse(str(text))
        except BisamaError as exc:
            raise Invalid(f"The {what}: {exc}") from None
    if positive and (value.is_negative or value.is_zero):
        raise Invalid(f"The {what} must be more than 0.00, not {value}.")
    return value


def day(text: str | date, what: str = "date") -> str:
    if isinstance(text, date):
        return text.isoformat()
    try:
        return date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise Invalid(f"The {what} “{text}” is not a date; use YYYY-MM-DD.") from None


def account(scope: TenantScope, code: str, *, types: tuple[str, ...], what: str) -> AccountRow:
    row = scope.get(AccountRow, code.strip())
    if row is None:
        raise NotFound(f"Account {code} is not in this tenant's chart.")
    if row.status != "active":
        raise Invalid(f"Account {code} {row.name} is inactive; choose another {what}.")
    if row.type not in types:
        raise Invalid(f"Account {code} {row.name} is a{'n' if row.type[0] in 'aeiou' else ''} "
                      f"{row.type} account; a {what} must be a{'n' if types[0][0] in 'aeiou' else ''} "
                      f"{' or '.join(types)} account.")
    return row


def paid_from(scope: TenantScope, method: str, code: str | None) -> str:
    """The account a payment by ``method`` (cash, bank, momo) comes from."""
    if method not in PAID_FROM:
        raise Invalid(f"“{method}” is not a way to pay; use cash, bank or momo.")
    code = code or {"cash": "1000", "bank": "1010", "momo": "1020"}[method]
    row = account(scope, code, types=("asset",), what=f"{method} account")
    head = code.partition("-")[0]
    if not head.isdigit() or int(head) not in PAID_FROM[method]:
        allowed = PAID_FROM[method]
        raise Invalid(f"Account {code} {row.name} is not a {method} account "
                      f"({allowed.start}–{allowed.stop - 1}).")
    return code


def method_of(code: str) -> str:
    head = code.partition("-")[0]
    for method, codes in PAID_FROM.items():
        if head.isdigit() and int(head) in codes:
            return method
    raise Invalid(f"Account {code} is not a cash, bank or MoMo account.")


def branch(scope: TenantScope, code: str) -> str:
    row = scope.get(Branch, code.strip().upper())
    if row is None:
        raise NotFound(f"Branch {code} is not one of this tenant's branches.")
    if row.status != "active":
        raise Invalid(f"Branch {code} is inactive.")
    return row.code


def next_number(scope: TenantScope, model: type[Base], prefix: str) -> str:
    count = scope.scalar(select(func.count()).select_from(model)
                         .where(model.number.like(f"{prefix}-%")))  # type: ignore[attr-defined]
    return f"{prefix}-{int(count or 0) + 1:06d}"


def tax_profile(scope: TenantScope) -> TaxProfile:
    tenant = scope.execute(select(Tenant).where(Tenant.id == scope.tenant_id)).scalar_one()
    return load_profile(scope, tenant)


def text(value: str | None, what: str, limit: int, *, required: bool = False) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise Invalid(f"The {what} is needed.")
    if len(cleaned) > limit:
        raise Invalid(f"The {what} is longer than {limit} characters.")
    return cleaned


def pairs(result: Any) -> list[tuple[Any, Any]]:
    """The rows of a two-column query as (first, second) tuples."""
    return [(row[0], row[1]) for row in result]


def cedis(pesewas: int) -> str:
    return str(Money(pesewas))
