"""A MoMo reference pays for one sale (issue [8] scope 3): a second sale that names a
reference already used in the tenant — on this till or any other — is held as
``momo_reuse`` unless a manager approved it (an approval ``momo_reuse`` by a user
allowed to give it, or a seller who may). The till asks for the manager before the
sale when it knows the reference (its own history and the feed's recent references);
the server is the one place that sees every till, so it checks again.

A voided sale's reference is free again (the sale never happened; the cashier rings it
up anew with the same payment). References are compared in the form the till stores
them (``shared.momo.normalise``). The references a batch names are loaded once per push
(``load``): one query, on the ``payments`` reference index.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shared.envelope import Envelope
from shared.momo import normalise
from shared.payloads import Sale
from shared.permissions import allowed, may_approve
from sync_server.db.scope import TenantScope
from sync_server.sales.models import Payment
from sync_server.sales.models import Sale as SaleRow

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class UsedReference:
    """The sale that used a MoMo reference first."""

    sale_id: str
    receipt_no: str
    terminal_id: str
    business_date: str


def references(sale: Sale) -> list[str]:
    """The MoMo references a sale's tenders name, as compared."""
    return [normalise(t.reference) for t in sale.tenders
            if t.method == "momo" and t.reference and normalise(t.reference)]


def load(scope: TenantScope, sales: list[Sale]) -> dict[str, UsedReference]:
    """The stored sales (not voided) that used any MoMo reference of ``sales``."""
    wanted = sorted({ref for sale in sales for ref in references(sale)}
                    | {t.reference for sale in sales for t in sale.tenders
                       if t.method == "momo" and t.reference})
    used: dict[str, UsedReference] = {}
    for start in range(0, len(wanted), _CHUNK):
        for row in scope.execute(
                select(Payment.reference, SaleRow.id, SaleRow.receipt_no, SaleRow.terminal_id,
                       SaleRow.business_date)
                .join(SaleRow, SaleRow.id == Payment.sale_id)
                .where(Payment.reference.in_(wanted[start:start + _CHUNK]),
                       Payment.method == "momo", Payment.kind == "sale",
                       SaleRow.status == "completed")
                .order_by(SaleRow.received_at, SaleRow.id)):
            used.setdefault(normalise(str(row.reference)), UsedReference(
                str(row.id), row.receipt_no, str(row.terminal_id), row.business_date))
    return used


def remember(used: dict[str, UsedReference], env: Envelope, sale: Sale) -> None:
    """A sale the merge stores: a later sale of the batch naming its references reuses
    them."""
    for ref in references(sale):
        used.setdefault(ref, UsedReference(env.id, sale.receipt_no, env.terminal,
                                           env.business_date))


def reuse_approved(sale: Sale, seller_role: str, approver_roles: list[str | None]) -> bool:
    """Whether the seller may reuse a reference, or one of the sale's ``momo_reuse``
    approvers (their roles, None: not a user allowed at the branch then) may approve it."""
    if allowed(seller_role, "momo_reuse"):
        return True
    return any(role is not None and may_approve(role, "momo_reuse") for role in approver_roles)


def reuse_reason(env: Envelope, sale: Sale, ref: str, first: UsedReference) -> str:
    where = ("earlier on this till" if first.terminal_id == env.terminal
             else f"on another till ({first.terminal_id[:8]})")
    return (f"MoMo reference {ref} already paid for receipt {first.receipt_no} "
            f"({where}, {first.business_date}); receipt {sale.receipt_no} names it again "
            "without a manager's approval. Check the customer's SMS: a reference pays for "
            "one sale.")


__all__ = ["UsedReference", "load", "references", "remember", "reuse_approved", "reuse_reason"]
