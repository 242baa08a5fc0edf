"""The inventory effect of each business event, in base (stock) units.

Both the till (its local stock) and the server (``inv_movements``/``inv_stock_levels``)
apply exactly these moves, so stock is the same wherever it is computed. Moves are
deltas, which commute: envelopes of many terminals can be merged in any order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.payloads import (
    Refund,
    Sale,
    StockAdjust,
    StockCount,
    StockReceive,
    Transfer,
    Void,
)


@dataclass(frozen=True, slots=True)
class StockMove:
    branch: str
    location: str
    sku: str
    delta: Decimal  # in base units; negative takes stock out


def stock_moves(payload: Any, branch: str, *, original: Sale | None = None) -> tuple[StockMove, ...]:
    """The stock moves of a typed payload made at ``branch``. A void needs the
    ``original`` sale it cancels."""
    if isinstance(payload, Sale):
        return tuple(StockMove(branch, payload.location, ln.sku, -ln.base_qty) for ln in payload.lines)
    if isinstance(payload, Refund):
        return tuple(StockMove(branch, payload.location, ln.sku, ln.base_qty)
                     for ln in payload.lines if ln.restock)
    if isinstance(payload, StockReceive | StockAdjust | StockCount):
        return tuple(StockMove(branch, payload.location, ln.sku, ln.delta)
                     for ln in payload.lines if ln.delta != 0)
    if isinstance(payload, Transfer):
        if payload.kind == "truck_load":  # one envelope: out of the store, onto the van
            return tuple(move for ln in payload.lines for move in (
                StockMove(payload.from_branch, payload.from_location, ln.sku, -ln.qty),
                StockMove(payload.to_branch, payload.to_location, ln.sku, ln.qty)))
        # a truck return: the van gives up what it should hold, the store gets what came back
        if payload.kind == "truck_return":
            return tuple(move for ln in payload.lines for move in (
                StockMove(payload.from_branch, payload.from_location, ln.sku, -(ln.expected or Decimal(0))),
                StockMove(payload.to_branch, payload.to_location, ln.sku, ln.qty)) if move.delta != 0)
        if payload.receiving:
            return tuple(StockMove(payload.to_branch, payload.to_location, ln.sku, ln.qty)
                         for ln in payload.lines if ln.qty != 0)
        return tuple(StockMove(payload.from_branch, payload.from_location, ln.sku, -ln.qty)
                     for ln in payload.lines)
    if isinstance(payload, Void):
        if original is None:
            raise ValueError("a void's stock effect needs the original sale")
        return tuple(StockMove(branch, original.location, ln.sku, ln.base_qty) for ln in original.lines)
    return ()
