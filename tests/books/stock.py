"""Helpers of the books suite: stock envelopes a toy till signs, and the balances an
accountant reads."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from sync_server.context import ServerContext
from sync_server.costing.valuation import stock_valuation
from sync_server.ledger.models import Posting
from tests.server.toy_terminal import ToyTerminal


def line(sku: str, qty: str, unit_cost: int, expected: str | None = None) -> dict[str, Any]:
    return {"sku": sku, "qty": qty, "unit_cost": unit_cost, "expected": expected}


def receive(t: ToyTerminal, sku: str, qty: str, unit_cost: int, *, document_no: str = "DN-1",
            supplier: str = "Wilmar Ghana") -> Any:
    return t.seal("stock_receive", {"document_no": document_no, "supplier": supplier,
                                    "location": t.location,
                                    "lines": [line(sku, qty, unit_cost)]})


def adjust(t: ToyTerminal, sku: str, qty: str, unit_cost: int = 1) -> Any:
    return t.seal("stock_adjust", {"location": t.location, "reason": "damaged", "note": None,
                                   "approvals": [{"action": "stock_adjust",
                                                  "approver": "manager@acme.test",
                                                  "reason": None}],
                                   "lines": [line(sku, qty, unit_cost)]})


def count(t: ToyTerminal, sku: str, counted: str, expected: str, unit_cost: int = 1) -> Any:
    return t.seal("stock_count", {"location": t.location,
                                  "approvals": [{"action": "stock_adjust",
                                                 "approver": "manager@acme.test",
                                                 "reason": None}],
                                  "lines": [line(sku, counted, unit_cost, expected)]})


def transfer(t: ToyTerminal, kind: str, transfer_id: str, sku: str, qty: str, *,
             from_branch: str, to_branch: str, expected: str | None = None,
             unit_cost: int = 1) -> Any:
    return t.seal(kind, {"kind": kind, "transfer_id": transfer_id,
                               "from_branch": from_branch, "from_location": "SHOP",
                               "to_branch": to_branch, "to_location": "SHOP",
                               "lines": [line(sku, qty, unit_cost, expected)]})


def new_id() -> str:
    return str(uuid.uuid4())


def balances(ctx: ServerContext, tenant_id: int, branch: str | None = None) -> dict[str, int]:
    """Debit less credit per account."""
    with ctx.scope(tenant_id) as scope:
        stmt = select(Posting.account_code, func.sum(Posting.debit - Posting.credit).label("n")
                      ).group_by(Posting.account_code)
        if branch is not None:
            stmt = stmt.where(Posting.branch_code == branch)
        return {r.account_code: int(r.n) for r in scope.execute(stmt)}


def valuation_total(ctx: ServerContext, tenant_id: int, branch: str | None = None) -> int:
    with ctx.scope(tenant_id) as scope:
        report = stock_valuation(scope, branch=branch)
        assert report.total == report.inventory, \
            f"valuation {report.total} differs from Inventory {report.inventory}"
        return report.total
