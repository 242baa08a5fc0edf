"""The promises checked after every scenario: nothing lost, nothing doubled, every
journal balanced, the trial balance at zero, stock and receivables matching their
movements. Reads the database directly (through a TenantScope), as an auditor would."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from sync_server.context import ServerContext
from sync_server.customers.models import Customer
from sync_server.ledger.models import Journal, Posting
from sync_server.reports.ledger import trial_balance
from sync_server.sales.models import Return, Sale
from sync_server.stock.models import Movement, StockLevel
from sync_server.sync.models import StoredEnvelope
from tests.server.toy_terminal import ToyTerminal


@dataclass
class Books:
    envelopes: int
    sales: int
    journals: int
    gross: int


def check_books(ctx: ServerContext, tenant_id: int,
                tills: list[ToyTerminal] | None = None) -> Books:
    with ctx.scope(tenant_id) as scope:
        unbalanced = list(scope.execute(
            select(Posting.journal_id).group_by(Posting.journal_id)
            .having(func.sum(Posting.debit) != func.sum(Posting.credit))))
        assert unbalanced == [], f"unbalanced journals: {unbalanced}"
        totals = {row.id: row.total for row in scope.execute(select(Journal.id, Journal.total))}
        sums = {row.journal_id: int(row.d) for row in scope.execute(
            select(Posting.journal_id, func.sum(Posting.debit).label("d"))
            .group_by(Posting.journal_id))}
        assert sums == totals
        report = trial_balance(scope)
        assert report.total_debit == report.total_credit, "trial balance does not sum to zero"
        chain = scope.scalars(select(StoredEnvelope).where(StoredEnvelope.fork_no == 0))
        ids = [e.envelope_id for e in chain]
        assert len(ids) == len(set(ids)), "an envelope is stored twice"
        posted = [e for e in chain if e.posting_status == "posted"]
        # Journals no till sent (cost corrections, journals by hand) have no envelope.
        journal_envelopes = list(scope.scalars(select(Journal.envelope_id).where(
            Journal.envelope_id.is_not(None))))
        assert sorted(journal_envelopes) == sorted(e.envelope_id for e in posted), \
            "journals do not match posted envelopes one to one"
        sales = list(scope.scalars(select(Sale.id)))
        stored_sales = [e.envelope_id for e in chain if e.kind == "sale" and e.status == "stored"]
        assert sorted(sales) == sorted(stored_sales), "sales do not match stored sale envelopes"
        returns = list(scope.scalars(select(Return.id)))
        assert sorted(returns) == sorted(e.envelope_id for e in chain
                                         if e.kind == "refund" and e.status == "stored")
        moved = {(r.branch_code, r.location_code, r.sku): int(r.q) for r in scope.execute(
            select(Movement.branch_code, Movement.location_code, Movement.sku,
                   func.sum(Movement.qty_milli).label("q"))
            .group_by(Movement.branch_code, Movement.location_code, Movement.sku))}
        levels = {(r.branch_code, r.location_code, r.sku): r.qty_milli
                  for r in scope.scalars(select(StockLevel))}
        assert {k: v for k, v in levels.items() if v} == {k: v for k, v in moved.items() if v}, \
            "stock levels differ from the sum of movements"
        owed = int(scope.scalar(select(func.coalesce(func.sum(Customer.balance), 0))))
        receivable = next(ln for ln in report.lines if ln.code == "1100")
        if all(e.posting_status in ("posted", "none") for e in chain):
            assert owed == receivable.net.pesewas, "customer balances differ from receivables"
        gross = int(scope.scalar(select(func.coalesce(func.sum(Sale.gross), 0))))
        if tills is not None:
            made = {e.id for t in tills for e in t.outbox}
            stored = {e.envelope_id for e in chain}
            assert made <= stored, f"{len(made - stored)} envelope(s) lost"
        return Books(len(chain), len(sales), len(journal_envelopes), gross)
