"""Who may do what: the permission matrix by role (roles from the seed: admin, director,
manager, user = cashier) and which permission an approval action needs.

The till enforces it as the cashier works (``terminal.permissions``); the server checks
it again on what the till sends (``sync_server.sync.masterdata``): a price override is
only stored when the seller, or the manager who approved it, holds the permission. One
matrix for both, so the server can never hold what the till allowed, nor the reverse.
"""

from __future__ import annotations

from decimal import Decimal

from shared.money import Money

PERMISSIONS = (
    "void",
    "refund",
    "discount_over_limit",
    "price_override",
    "no_sale",
    "close_shift",
    "stock_adjust",
    "reports",
    "over_credit_limit",
    "cash_out",
    "reprint",
    "manage_users",
    "cancel_sale",
    "close_short",
    "momo_reuse",
)

_MANAGER = frozenset(PERMISSIONS)
MATRIX: dict[str, frozenset[str]] = {
    "admin": _MANAGER,
    "director": _MANAGER,
    "manager": _MANAGER,
    "user": frozenset({"close_shift", "reprint"}),
}

# shared.payloads.APPROVAL_ACTIONS → the permission the approver must hold
ACTION_PERMISSION = {
    "discount": "discount_over_limit",
    "price_override": "price_override",
    "void": "void",
    "refund": "refund",
    "over_credit_limit": "over_credit_limit",
    "no_sale": "no_sale",
    "cash_out": "cash_out",
    "stock_adjust": "stock_adjust",
    "reprint": "reprint",
    "shift_close": "close_shift",
    "cancel_sale": "cancel_sale",
    "shift_shortage": "close_short",
    "momo_reuse": "momo_reuse",
}


# The largest discount (percent of what it is taken off) each role may give alone; more
# needs the approval of someone whose own limit covers it. The till asks for it as the
# cashier works (``terminal.sale``); the server holds a line discount beyond it without
# one (``sync_server.sync.masterdata``: ``unapproved_discount``).
DISCOUNT_LIMITS = {"user": "5", "manager": "20", "director": "100", "admin": "100"}
_HUNDRED = Decimal(100)


def discount_limit(role: str, limits: dict[str, str] | None = None) -> Decimal:
    """The largest discount, in percent, ``role`` may give alone (unknown role: none)."""
    return Decimal((DISCOUNT_LIMITS if limits is None else limits).get(role, "0"))


def discount_share(part: Money, whole: Money) -> Decimal:
    """``part`` as a percentage of ``whole``, to two places (all of nothing is 100 %)."""
    if whole.is_zero:
        return Decimal(0) if part.is_zero else _HUNDRED
    return (Decimal(part.pesewas) * _HUNDRED / Decimal(whole.pesewas)).quantize(Decimal("0.01"))


def allowed(role: str, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission}")
    return permission in MATRIX.get(role, frozenset())


def may_approve(role: str, action: str) -> bool:
    """Whether someone of ``role`` may approve ``action`` (an ``APPROVAL_ACTIONS`` value)."""
    permission = ACTION_PERMISSION.get(action)
    return permission is not None and allowed(role, permission)


__all__ = ["ACTION_PERMISSION", "DISCOUNT_LIMITS", "MATRIX", "PERMISSIONS", "allowed",
           "discount_limit", "discount_share", "may_approve"]
