"""Who may do what at the till: the permission matrix by role (roles from the seed:
admin, director, manager, user = cashier), and which permission an approval action
needs (the matrix itself is ``shared.permissions``, which the server checks too).
A cashier without a permission can still do the thing with the PIN approval of
someone who has it; the approval is recorded with the event and in the audit log."""

from __future__ import annotations

from shared.permissions import ACTION_PERMISSION, MATRIX, PERMISSIONS, allowed

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


def needs_approval_message(action: str) -> str:
    label = LABELS[ACTION_PERMISSION[action]]
    return f"{label} needs a manager's approval. Ask a manager to enter their PIN."


__all__ = ["ACTION_PERMISSION", "LABELS", "MATRIX", "PERMISSIONS", "allowed", "needs_approval_message"]
