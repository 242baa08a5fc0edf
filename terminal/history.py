"""The till's recent sales as the screens list them: the returns screen's "sales of this
shift" and the reprint list. Read-only; every figure comes from the ``sales`` rows the
sale service wrote."""

from __future__ import annotations

from dataclasses import dataclass

from shared.money import Money
from terminal.store.db import Database


@dataclass(frozen=True, slots=True)
class SaleSummary:
    receipt_no: str
    created_at: str
    user: str
    customer: str | None
    gross: Money
    status: str  # completed or voided
    returned: Money  # refunded so far


class SalesHistory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def recent(self, limit: int = 30, shift_id: str | None = None) -> tuple[SaleSummary, ...]:
        """The latest sales, newest first (of one shift when ``shift_id`` is given)."""
        where, params = ("WHERE s.shift_id = ?", (shift_id,)) if shift_id else ("", ())
        rows = self.db.query(
            "SELECT s.receipt_no, s.created_at, s.user, c.name AS customer, s.gross, s.status, "
            "(SELECT coalesce(sum(r.gross), 0) FROM refunds r WHERE r.sale_id = s.id) AS returned "
            f"FROM sales s LEFT JOIN customers c ON c.id = s.customer_id {where} "
            "ORDER BY s.seq DESC LIMIT ?",
            (*params, limit),
        )
        return tuple(
            SaleSummary(
                r["receipt_no"],
                r["created_at"],
                r["user"],
                r["customer"],
                Money(r["gross"]),
                r["status"],
                Money(r["returned"]),
            )
            for r in rows
        )
