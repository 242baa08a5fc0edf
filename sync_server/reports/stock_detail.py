"""Stock for head office: levels per branch and location with the product's name, the
movements of one product, and the alerts a manager acts on (negative stock: sold more
than the books say was there; low stock: at or under a threshold)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from sync_server.catalogue.models import Product
from sync_server.db.scope import TenantScope
from sync_server.stock.models import Movement, StockLevel
from sync_server.sync.models import StoredEnvelope


def levels(scope: TenantScope, *, branch: str | None = None, search: str | None = None,
           limit: int = 1000) -> list[dict[str, Any]]:
    stmt = (select(StockLevel.branch_code, StockLevel.location_code, StockLevel.sku,
                   StockLevel.qty_milli, Product.name, Product.unit)
            .join(Product, (Product.tenant_id == StockLevel.tenant_id)
                  & (Product.sku == StockLevel.sku))
            .order_by(StockLevel.branch_code, StockLevel.location_code, StockLevel.sku)
            .limit(limit))
    if branch:
        stmt = stmt.where(StockLevel.branch_code == branch)
    if search:
        pattern = f"%{search.lower()}%"
        from sqlalchemy import func, or_

        stmt = stmt.where(or_(func.lower(Product.name).like(pattern),
                              func.lower(StockLevel.sku).like(pattern)))
    return [{"branch": r.branch_code, "location": r.location_code, "sku": r.sku, "name": r.name,
             "unit": r.unit, "qty_milli": int(r.qty_milli)} for r in scope.execute(stmt)]


def alerts(scope: TenantScope, *, low_milli: int, branch: str | None = None,
           limit: int = 500) -> dict[str, list[dict[str, Any]]]:
    """``negative``: below zero; ``low``: from zero up to ``low_milli`` (thousandths)."""
    stmt = (select(StockLevel.branch_code, StockLevel.location_code, StockLevel.sku,
                   StockLevel.qty_milli, Product.name, Product.unit)
            .join(Product, (Product.tenant_id == StockLevel.tenant_id)
                  & (Product.sku == StockLevel.sku))
            .where(StockLevel.qty_milli <= low_milli, Product.active.is_(True))
            .order_by(StockLevel.qty_milli, StockLevel.branch_code, StockLevel.sku).limit(limit))
    if branch:
        stmt = stmt.where(StockLevel.branch_code == branch)
    rows = [{"branch": r.branch_code, "location": r.location_code, "sku": r.sku, "name": r.name,
             "unit": r.unit, "qty_milli": int(r.qty_milli)} for r in scope.execute(stmt)]
    return {"negative": [r for r in rows if r["qty_milli"] < 0],
            "low": [r for r in rows if r["qty_milli"] >= 0]}


def movements(scope: TenantScope, sku: str, *, branch: str | None = None,
              limit: int = 300) -> list[dict[str, Any]]:
    """The latest movements of a product, newest first, with the running level after
    each where the whole history is shown."""
    stmt = (select(Movement).where(Movement.sku == sku)
            .order_by(Movement.business_date.desc(), Movement.created_at.desc(),
                      Movement.envelope_id.desc(), Movement.line_no.desc())
            .limit(limit))
    if branch:
        stmt = stmt.where(Movement.branch_code == branch)
    moves = [{"envelope_id": m.envelope_id, "line_no": m.line_no, "branch": m.branch_code,
              "location": m.location_code, "kind": m.kind, "qty_milli": m.qty_milli,
              "date": m.business_date, "merged_at": m.created_at, "document": None}
             for m in scope.scalars(stmt)]
    received = receipts(scope, sorted({m["envelope_id"] for m in moves
                                       if m["kind"] == "stock_receive"}))
    for m in moves:
        m["document"] = received.get(m["envelope_id"])
    office = office_numbers(scope, sorted({m["envelope_id"] for m in moves
                                           if m["kind"].startswith("office_")}))
    for m in moves:
        m["office"] = office.get(m["envelope_id"])
    return moves


def office_numbers(scope: TenantScope, ids: list[str]) -> dict[str, str]:
    """Movement id → the head-office stock document (GRN-…, TRF-…, ADJ-…) that made it
    (a transfer's arrival carries its ``receive_id``)."""
    from sync_server.stock.models import OfficeDocument

    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in scope.execute(select(OfficeDocument.id, OfficeDocument.receive_id,
                                        OfficeDocument.number).where(
                OfficeDocument.id.in_(chunk) | OfficeDocument.receive_id.in_(chunk))):
            found[row.id] = row.number
            if row.receive_id:
                found[row.receive_id] = row.number
    return found


def receipts(scope: TenantScope, envelope_ids: list[str]) -> dict[str, str]:
    """Envelope id → "delivery note · supplier" of stock receipts: what a person knows a
    delivery by, not an id."""
    found: dict[str, str] = {}
    for start in range(0, len(envelope_ids), 500):
        for row in scope.execute(select(StoredEnvelope.envelope_id, StoredEnvelope.body).where(
                StoredEnvelope.envelope_id.in_(envelope_ids[start:start + 500]),
                StoredEnvelope.fork_no == 0, StoredEnvelope.kind == "stock_receive")):
            try:
                payload = json.loads(row.body)["payload"]
                found[row.envelope_id] = f"{payload['document_no']} · {payload['supplier']}"
            except (ValueError, KeyError, TypeError):
                continue
    return found
