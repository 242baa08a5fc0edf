"""When a cashier's action is big enough to need a manager (issue [8], "the till a
cashier cannot hurt"): the tenant's limits, read from the till's settings, applied to
a cart being cancelled and a shift closed short; and a MoMo reference this till has
taken before. The services ask, then call ``AuthService.authority`` (or raise
``ApprovalNeeded``) with the approval action named here.

MoMo references are checked against this till's own sales only: the feed carries no
payments (docs/sync-protocol.md), so a reference used at another till of the tenant is
caught by head office, not here.

The limits come from head office in the feed's ``tenant`` entity (``till_limits``,
docs/sync-protocol.md); ``TILL_LIMIT_SETTINGS`` maps each wire name to its setting.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from shared.momo import BY_CODE
from shared.money import Money
from shared.payloads import Tender
from terminal.auth import AuthService, GrantedApproval, User
from terminal.errors import ApprovalNeeded
from terminal.store.momo_refs import used_elsewhere
from terminal.store.settings import Settings

# feed's tenant.till_limits key → (Settings field, type)
TILL_LIMIT_SETTINGS: dict[str, tuple[str, type]] = {
    "cancel_sale_amount": ("cancel_approval_pesewas", int),
    "cancel_sale_lines": ("cancel_approval_lines", int),
    "shortage_amount": ("shortage_approval_pesewas", int),
    "blind_close": ("blind_close", bool),
    "power_low_percent": ("power_low_percent", int),  # terminal/power.py
    "power_critical_percent": ("power_critical_percent", int),
}


def cancel_needs_manager(settings: Settings, *, lines: int, total: Money) -> bool:
    """A cart over the tenant's amount or line count is not thrown away by a cashier alone."""
    return total.pesewas > settings.cancel_approval_pesewas or lines > settings.cancel_approval_lines


def cancel_authority(auth: AuthService, settings: Settings, lines: int, worth: Money,
                     approval: GrantedApproval | None) -> GrantedApproval | None:
    """For ``SaleService.cancel``: None when the cashier may cancel alone, the approval
    when it covers it, else ``ApprovalNeeded`` saying what the manager approves."""
    if not cancel_needs_manager(settings, lines=lines, total=worth):
        return None
    try:
        return auth.authority("cancel_sale", approval)
    except ApprovalNeeded:
        raise ApprovalNeeded(
            f"Cancelling this sale of {worth.format()} ({lines} line(s)) needs a manager's "
            "approval. Ask a manager to enter their PIN.",
            action="cancel_sale",
        ) from None


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
        counts = kind is int and isinstance(value, int) and not is_bool and value >= 0
        if (kind is bool and is_bool) or counts:
            values[setting] = value
    return values


def momo_used_before(conn: sqlite3.Connection, tenders: Iterable[Tender]) -> str | None:
    """The cashier's words for a MoMo reference among ``tenders`` that an earlier sale on
    this till, or another till's sale the feed told of (``terminal.store.momo_refs``),
    was paid with (same network), or None. References are stored normalised
    (``shared.momo.normalise``), older ones are compared without case or spaces."""
    for t in tenders:
        if t.method != "momo" or not t.reference:
            continue
        network = BY_CODE[t.provider].name if t.provider in BY_CODE else "MoMo"
        row = conn.execute(
            "SELECT s.receipt_no FROM sale_tenders t JOIN sales s ON s.id = t.sale_id "
            "WHERE t.method = 'momo' AND t.provider = ? "
            "AND upper(replace(t.reference, ' ', '')) = ? ORDER BY s.seq LIMIT 1",
            (t.provider, t.reference),
        ).fetchone()
        if row is not None:
            return (
                f"{network} reference {t.reference} was already used for sale {row[0]}. "
                "The same payment cannot pay twice: a manager must approve."
            )
        elsewhere = used_elsewhere(conn, t.provider or "", t.reference)
        if elsewhere is not None:
            return (
                f"{network} reference {t.reference} was already used for sale {elsewhere[0]} "
                f"at another till on {elsewhere[1]}. The same payment cannot pay twice: a "
                "manager must approve."
            )
    return None


def momo_reuse_allowed(conn: sqlite3.Connection, user: User, tenders: Iterable[Tender],
                       approval: GrantedApproval | None) -> bool:
    """For a sale being committed: True when a MoMo reference among ``tenders`` was used
    before and may be used again (the user may, or ``approval`` is a ``momo_reuse``) —
    the sale is then flagged; False when none was used before; else ``ApprovalNeeded``."""
    reused = momo_used_before(conn, tenders)
    if reused is None:
        return False
    if user.may("momo_reuse") or (approval is not None and approval.action == "momo_reuse"):
        return True
    raise ApprovalNeeded(reused, action="momo_reuse")
