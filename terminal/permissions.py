"""Who may do what at the till: the permission matrix by role (roles from the seed:
admin, director, manager, user = cashier), and which permission an approval action
needs. A cashier without a permission can still do the thing with the PIN approval of
someone who has it; the approval is recorded with the event and in the audit log."""

from __future__ import annotations

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

LABELS = {
    "void": "Voiding a sale",
    "refund": "A refund",
    "discount_over_limit": "A discount this large",
    "price_override": "Changing a price",
    "no_sale": "Opening the drawer without a sale",
    "close_shift": "Closing the shift",
    "stock_adjust": "Adjusting stock",
    "reports": "Viewing reports",
    "over_credit_limit": "A credit sale over the customer's limit",
    "cash_out": "Taking cash out of the drawer",
    "reprint": "Reprinting a receipt",
    "manage_users": "Unlocking or managing users",
    "cancel_sale": "Cancelling a sale this large",
    "close_short": "Closing the shift this much short",
    "momo_reuse": "A mobile money reference used before",
}

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


def allowed(role: str, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission}")
    return permission in MATRIX.get(role, frozenset())


def needs_approval_message(action: str) -> str:
    label = LABELS[ACTION_PERMISSION[action]]
    return f"{label} needs a manager's approval. Ask a manager to enter their PIN."
