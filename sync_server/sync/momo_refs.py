"""A MoMo reference pays for one sale (issue [8] scope 3): a second sale that names a
reference already used in the tenant — on this till or any other — is held as
``momo_reuse`` unless a manager approved it (an approval ``momo_reuse`` by a user
allowed to give it, or a seller who may). The till asks for the manager before the
sale when it knows the reference (its own history and the feed's recent references);
the server is the one place that sees every till, so it checks again.

A voided sale's reference is free again (the sale never happened; the cashier rings it
up anew with the same payment). References are compared in the form the till stores
them (``shared.momo.normalise``), with their network: the same digits on another
network are another payment, as on the till. The references a batch names are loaded once per push
(``load``): one query, on the ``payments`` reference index. The feed carries the
references of the last ``FEED_DAYS`` days to every till of the tenant (``feed_data``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from shared.envelope import Envelope
from shared.momo import BY_CODE, FEED_DAYS, normalise
from shared.payloads import Sale
from shared.permissions import allowed, may_approve
from sync_server.db.scope import TenantScope
from sync_server.sales.models import Payment
from sync_server.sales.models import Sale as SaleRow
from sync_server.sync.changes import KEY_SEPARATOR

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class UsedReference:
    """The sale that used a MoMo reference first."""

    sale_id: str
    receipt_no: str
    terminal_id: str
    business_date: str


def key_of(provider: str | None, reference: str) -> str:
    """A payment's key: its network and reference as compared (``mtn|44231234567``). The
    same digits on another network are another payment, as on the till."""
    return f"{provider or ''}{KEY_SEPARATOR}{normalise(reference)}"


def references(sale: Sale) -> list[str]:
    """The keys of the MoMo payments a sale's tenders name."""
    return [key_of(t.provider, t.reference) for t in sale.tenders
            if t.method == "momo" and t.reference and normalise(t.reference)]


def _used(scope: TenantScope, refs: list[str], *where: Any) -> list[Any]:
    """The tenant's MoMo payments of stored sales, not voided, with any of ``refs``, the
    first first."""
    rows: list[Any] = []
    for start in range(0, len(refs), _CHUNK):
        rows += scope.execute(
            select(Payment.reference, Payment.provider, SaleRow.id, SaleRow.receipt_no,
                   SaleRow.terminal_id, SaleRow.branch_code, SaleRow.business_date)
            .join(SaleRow, SaleRow.id == Payment.sale_id)
            .where(Payment.reference.in_(refs[start:start + _CHUNK]), Payment.method == "momo",
                   Payment.kind == "sale", SaleRow.status == "completed", *where)
            .order_by(SaleRow.received_at, SaleRow.id)).all()
    return rows


def load(scope: TenantScope, sales: list[Sale]) -> dict[str, UsedReference]:
    """The stored sales (not voided) that used any MoMo payment of ``sales``, by key."""
    # Stored as the till sent them before payments kept them normalised: ask for both.
    wanted = sorted({k.split(KEY_SEPARATOR, 1)[1] for sale in sales for k in references(sale)}
                    | {t.reference for sale in sales for t in sale.tenders
                       if t.method == "momo" and t.reference})
    used: dict[str, UsedReference] = {}
    for row in _used(scope, wanted):
        used.setdefault(key_of(row.provider, str(row.reference)), UsedReference(
            str(row.id), row.receipt_no, str(row.terminal_id), row.business_date))
    return used


def remember(used: dict[str, UsedReference], env: Envelope, sale: Sale) -> None:
    """A sale the merge stores: a later sale of the batch naming its references reuses
    them."""
    for ref in references(sale):
        used.setdefault(ref, UsedReference(env.id, sale.receipt_no, env.terminal,
                                           env.business_date))


def feed_data(scope: TenantScope, keys: list[str],
              today: date | None = None) -> dict[str, dict[str, Any]]:
    """The feed's ``momo_ref`` entities: each reference (normalised) used by a stored,
    not voided, sale of the last ``FEED_DAYS`` days; any other comes as deleted."""
    since = ((today or datetime.now(UTC).date()) - timedelta(days=FEED_DAYS)).isoformat()
    wanted = set(keys)
    refs = sorted({k.split(KEY_SEPARATOR, 1)[-1] for k in keys})
    found: dict[str, dict[str, Any]] = {}
    for row in _used(scope, refs, SaleRow.business_date >= since):
        key = key_of(row.provider, str(row.reference))
        if key in wanted:
            found.setdefault(key, {"reference": normalise(str(row.reference)),
                                   "provider": row.provider, "receipt_no": row.receipt_no,
                                   "terminal_id": str(row.terminal_id),
                                   "branch": row.branch_code, "business_date": row.business_date})
    return found


def reuse_approved(sale: Sale, seller_role: str, approver_roles: list[str | None]) -> bool:
    """Whether the seller may reuse a reference, or one of the sale's ``momo_reuse``
    approvers (their roles, None: not a user allowed at the branch then) may approve it."""
    if allowed(seller_role, "momo_reuse"):
        return True
    return any(role is not None and may_approve(role, "momo_reuse") for role in approver_roles)


def reuse_reason(env: Envelope, sale: Sale, key: str, first: UsedReference) -> str:
    provider, ref = key.split(KEY_SEPARATOR, 1)
    network = BY_CODE[provider].name if provider in BY_CODE else "MoMo"
    where = ("earlier on this till" if first.terminal_id == env.terminal
             else f"on another till ({first.terminal_id[:8]})")
    return (f"{network} reference {ref} already paid for receipt {first.receipt_no} "
            f"({where}, {first.business_date}); receipt {sale.receipt_no} names it again "
            "without a manager's approval. Check the customer's SMS: a reference pays for "
            "one sale.")


__all__ = ["FEED_DAYS", "UsedReference", "feed_data", "key_of", "load", "references", "remember",
           "reuse_approved", "reuse_reason"]
