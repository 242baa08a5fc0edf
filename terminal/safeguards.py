"""When a cashier's action is big enough to need a manager (issue [8], "the till a
cashier cannot hurt"): the tenant's limits, read from the till's settings, applied to
a cart being cancelled and a shift closed short. Pure: the services ask, then call
``AuthService.authority`` with the approval action named here.

The limits come from head office in the feed's ``tenant`` entity (``till_limits``,
docs/sync-protocol.md); ``TILL_LIMIT_SETTINGS`` maps each wire name to its setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.money import Money
from terminal.store.settings import Settings

# feed's tenant.till_limits key → (Settings field, type)
TILL_LIMIT_SETTINGS: dict[str, tuple[str, type]] = {
    "cancel_sale_amount": ("cancel_approval_pesewas", int),
    "cancel_sale_lines": ("cancel_approval_lines", int),
    "shortage_amount": ("shortage_approval_pesewas", int),
    "blind_close": ("blind_close", bool),
}


def cancel_needs_manager(settings: Settings, *, lines: int, total: Money) -> bool:
    """A cart over the tenant's amount or line count is not thrown away by a cashier alone."""
    return total.pesewas > settings.cancel_approval_pesewas or lines > settings.cancel_approval_lines


def shortage_needs_manager(settings: Settings, variance: Money) -> bool:
    """A drawer short by more than the tenant's limit is closed only with a manager."""
    return variance.is_negative and -variance.pesewas > settings.shortage_approval_pesewas


def till_limits_from_feed(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The settings to save from a feed's ``till_limits`` object. Unknown keys (a newer
    server) and values of the wrong type are ignored: the till keeps what it had."""
    values: dict[str, Any] = {}
    if not isinstance(data, Mapping):
        return values
    for key, (setting, kind) in TILL_LIMIT_SETTINGS.items():
        value = data.get(key)
        is_bool = isinstance(value, bool)
        if (kind is bool and is_bool) or (kind is int and isinstance(value, int) and not is_bool and value >= 0):
            values[setting] = value
    return values
