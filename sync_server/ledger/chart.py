"""A tenant's chart of accounts: created from ``shared.accounts.DEFAULT_CHART``."""

from __future__ import annotations

from sqlalchemy import select

from shared.accounts import ALL_ACCOUNTS, DEFAULT_CHART, Account
from sync_server.db.scope import TenantScope
from sync_server.errors import AlreadyExists, NotFound
from sync_server.ledger.models import Account as AccountRow


def _row(account: Account) -> dict[str, object]:
    return {"code": account.code, "name": account.name, "type": account.type.value,
            "contra": account.contra, "status": "active"}


def create_default_chart(scope: TenantScope) -> int:
    scope.insert_rows(AccountRow, [_row(a) for a in DEFAULT_CHART])
    return len(DEFAULT_CHART)


def add_known_account(scope: TenantScope, code: str) -> None:
    """Add one of the accounts ``shared.accounts`` knows beyond the default 17 (the
    COVID-19 levy account for data under the 2023–2025 rules)."""
    if code not in ALL_ACCOUNTS:
        raise NotFound(f"Account {code} is not one this system knows.")
    if scope.get(AccountRow, code) is not None:
        raise AlreadyExists(f"Account {code} is already in the chart.")
    scope.insert_rows(AccountRow, [_row(ALL_ACCOUNTS[code])])


def list_accounts(scope: TenantScope) -> list[dict[str, object]]:
    return [{"code": a.code, "name": a.name, "type": a.type, "contra": a.contra,
             "status": a.status} for a in scope.scalars(select(AccountRow).order_by(AccountRow.code))]


def active_accounts(scope: TenantScope) -> set[str]:
    return set(scope.scalars(select(AccountRow.code).where(AccountRow.status == "active")))


def set_account_status(scope: TenantScope, code: str, active: bool) -> None:
    row = scope.get(AccountRow, code)
    if row is None:
        raise NotFound(f"Account {code} is not in this tenant's chart.")
    row.status = "active" if active else "inactive"
    scope.flush()


def ensure_account(scope: TenantScope, code: str) -> None:
    """Add one of the accounts ``shared.accounts`` knows (``OPTIONAL_ACCOUNTS``: opening
    balance equity, bank charges, goods in transit) if the tenant's chart lacks it; an
    account the tenant deactivated stays as the tenant left it."""
    if scope.get(AccountRow, code) is None:
        add_known_account(scope, code)
