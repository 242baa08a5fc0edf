"""A till receives a transfer head office sent (issue [12] scope 4): the push
(``sync.batch`` loads and locks head office's transfers among a batch's transfer ids,
``sync.merge`` checks and books a ``transfer_in`` envelope of one) books the arrival
exactly as the dashboard's ``stock.office.receive_transfer`` does — out of 1210 Goods
in Transit at the value the goods left with, a short line a loss — and marks the
document received. A second receipt (on the dashboard or at another till) is held.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from shared.money import Money, div_half_up
from sync_server.db.scope import TenantScope
from sync_server.stock.models import OfficeDocument, OfficeLine
from sync_server.stock.office import _journal
from sync_server.sync.costs import milli


@dataclass(frozen=True)
class OfficeTransfer:
    """What a push needs of a transfer head office sent (locked with the batch)."""

    id: str
    number: str
    status: str
    from_branch: str
    to_branch: str
    lines: dict[str, tuple[int, int]]  # SKU → (milli sent, value sent)


def office_transfers(scope: TenantScope, ids: Sequence[str]) -> dict[str, OfficeTransfer]:
    """Head office's transfers among ``ids`` (a push's transfer ids), locked."""
    docs = scope.scalars(select(OfficeDocument).where(
        OfficeDocument.id.in_(sorted(ids)), OfficeDocument.kind == "transfer")
        .order_by(OfficeDocument.id).with_for_update())
    if not docs:
        return {}
    lines: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for ln in scope.scalars(select(OfficeLine).where(
            OfficeLine.document_id.in_([d.id for d in docs]))):
        lines[ln.document_id][ln.sku] = (int(ln.qty_milli), int(ln.value))
    return {d.id: OfficeTransfer(d.id, d.number, d.status, d.branch_code, d.to_branch or "",
                                 dict(lines[d.id])) for d in docs}


def till_receives(batch: Any, item: Any, transfer: Any, office: OfficeTransfer) -> Any:
    """A till's ``transfer_in`` of a transfer head office sent: checked now (a ``Hold``
    if it cannot be booked), booked by the function returned — the arrival at the value
    the goods left with (Dr 1200 / Cr 1210, a short line Dr 5000), as the dashboard's
    ``receive_transfer`` books it — which returns the envelope's journal."""
    from sync_server.ledger.posting import EventJournal
    from sync_server.sync.merge import Hold

    if not transfer.receiving:
        raise Hold("transfer_repeated", f"Transfer {office.number} was sent by head office; a "
                   "till can only receive it.")
    if office.status != "in_transit":
        raise Hold("transfer_repeated", f"Transfer {office.number} was already received on the "
                   "dashboard; booking it again would move its stock twice. Reject this "
                   "envelope with a reason.")
    if transfer.to_branch != office.to_branch or transfer.from_branch != office.from_branch:
        raise Hold("transfer_mismatch", f"Transfer {office.number} goes from "
                   f"{office.from_branch} to {office.to_branch}, not from "
                   f"{transfer.from_branch} to {transfer.to_branch}.")
    got = {ln.sku: milli(ln.qty) for ln in transfer.lines}
    wrong = sorted(s for s, q in got.items()
                   if s not in office.lines or not 0 <= q <= office.lines[s][0])
    if wrong:
        raise Hold("transfer_mismatch", f"Transfer {office.number} did not send "
                   f"{', '.join(wrong)} in those quantities; check the delivery note.")
    env = item.envelope

    def book() -> Any:
        arrived = lost = 0
        received = {}
        for sku, (sent, value) in sorted(office.lines.items()):
            qty = got.get(sku, 0)
            part = value if qty == sent else div_half_up(value * qty, sent)
            if qty:
                batch.costs.put(env, office.to_branch, sku, qty, part)
            arrived, lost, received[sku] = arrived + part, lost + value - part, qty
        batch.office_received.append({"id": office.id, "envelope_id": env.id,
                                      "date": env.business_date, "by": env.user,
                                      "received": received})
        return EventJournal(_journal(
            "transfer_in", office.number,
            f"Transfer {office.number} {office.from_branch} → {office.to_branch}: received",
            [(acc.INVENTORY, arrived, office.to_branch, f"from {office.from_branch}"),
             (acc.COST_OF_SALES, lost, office.to_branch, "transfer shortage"),
             (acc.GOODS_IN_TRANSIT, -(arrived + lost), office.from_branch,
              f"to {office.to_branch}")]))
    return book


def mark_received(scope: TenantScope, received: Sequence[dict[str, Any]],
                  journals: Sequence[dict[str, Any]]) -> None:
    """Head office's transfers a push received: status, who, when, what arrived."""
    journal_of = {j["envelope_id"]: j["id"] for j in journals if j.get("envelope_id")}
    for r in received:
        row = scope.get(OfficeDocument, r["id"])
        if row is None:
            continue
        row.status, row.receive_id, row.received_date = "received", r["envelope_id"], r["date"]
        row.received_by, row.receive_journal_id = r["by"][:254], journal_of.get(r["envelope_id"])
        for ln in scope.scalars(select(OfficeLine).where(OfficeLine.document_id == row.id)):
            ln.received_milli = r["received"].get(ln.sku, 0)
    scope.flush()


def month_end_transfers(scope: TenantScope, last: str) -> dict[str, Any]:
    """The month-end checklist's "no pending stock transfers" (the seed's "All inventory
    movements recorded"): head office's transfers sent by ``last`` and not received by
    then, beside 1210 Goods in Transit at that date, and adjustments dated by then still
    waiting for approval. Shown, never blocking: goods can be on the road at month end."""
    from sync_server.ledger.models import Posting

    docs = scope.scalars(select(OfficeDocument).where(
        OfficeDocument.kind.in_(("transfer", "adjust")), OfficeDocument.entry_date <= last,
        OfficeDocument.status.in_(("in_transit", "received", "pending")))
        .order_by(OfficeDocument.entry_date, OfficeDocument.number))
    open_ = [d for d in docs if (d.kind == "transfer" and (
        d.status == "in_transit" or (d.received_date or "") > last))
        or (d.kind == "adjust" and d.status == "pending")]
    transit = sum(int(d.value) for d in open_ if d.kind == "transfer")
    account = int(scope.scalar(select(func.coalesce(func.sum(Posting.debit - Posting.credit), 0))
                               .where(Posting.account_code == acc.GOODS_IN_TRANSIT,
                                      Posting.entry_date <= last)))
    waiting = sum(1 for d in open_ if d.kind == "adjust")
    figure = (f"{len(open_) - waiting} transfer(s) in transit worth {Money(transit)}, 1210 "
              f"{Money(account)}" + (f"; {waiting} adjustment(s) waiting for approval"
                                     if waiting else ""))
    return {"ok": not open_, "figure": figure if open_ else "none",
            "rows": [{"number": d.number, "date": d.entry_date, "branch": d.branch_code,
                      "to": d.to_branch, "value": str(Money(d.value)), "status": d.status}
                     for d in open_[:20]]}


__all__ = ["OfficeTransfer", "mark_received", "month_end_transfers", "office_transfers",
           "till_receives"]
