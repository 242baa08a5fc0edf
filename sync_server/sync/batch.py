"""The working state of one merge: what is already in the database (loaded once per
batch, with the row locks the merge needs) and the rows the batch will write.

Loading everything a batch refers to up front, and writing each table with one
multi-row statement at the end, is what makes a 500-envelope push cost a few dozen
statements instead of thousands. Locks are always taken in the same order — customers,
then transfers, then the average-cost rows (``cost_averages``, in key order), then periods
(shared), then stock levels (in key order), then the feed counter — so concurrent pushes
from many tills queue instead of deadlocking.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from shared.envelope import Envelope, parse_envelope
from shared.money import Money
from shared.payloads import (
    CustomerPayment,
    CustomerUpsert,
    ReceiptSms,
    Refund,
    Sale,
    StockAdjust,
    StockCount,
    StockReceive,
    Transfer,
    Void,
)
from shared.returns import Returned
from shared.rules import Problem
from shared.tax import TaxProfile
from sync_server.catalogue.attributes import AttributeBook
from sync_server.catalogue.models import PriceList, Product, ProductUnit
from sync_server.catalogue.prices import PriceBook
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.ledger.chart import active_accounts
from sync_server.ledger.models import Journal, Posting
from sync_server.periods.services import ensure_periods, period_statuses
from sync_server.reports.summaries import record_merged
from sync_server.sales.models import (
    CashMove,
    Payment,
    Return,
    ReturnItem,
    SaleItem,
    Shift,
)
from sync_server.sales.models import Sale as SaleRow
from sync_server.sales.models import Transfer as TransferRow
from sync_server.stock.models import Location, Movement, StockLevel
from sync_server.sync import momo_refs
from sync_server.sync.changes import Change, key_of
from sync_server.sync.costs import CostBook, pairs_of, with_costs
from sync_server.sync.models import StoredEnvelope, is_archived_body
from sync_server.tenants.models import Branch, User
from sync_server.terminals.models import Terminal


@dataclass
class Verified:
    """An envelope that passed every protocol check, with its typed payload."""

    envelope: Envelope
    payload: Any
    body: str  # the envelope JSON to keep
    # A sale's repricing (``shared.pricing.check_sale`` under the tenant's profile), when
    # it was done before the transaction (``sync.prepare``); None: the merge does it.
    problems: tuple[str, ...] | None = None
    # What the merge would otherwise work out from the payload alone, also done before
    # the transaction for a sale (``sync.prepare``): its journal (``shared.posting``), or
    # the error posting it gave, and its ``sale_items`` rows. None: the merge does it.
    journal: Any = None
    item_rows: list[dict[str, Any]] | None = None
    # The business rules its payload breaks (``shared.rules``), when checked before the
    # transaction; None: the merge checks them.
    rules: tuple[Problem, ...] | None = None


@dataclass(frozen=True)
class UserState:
    """What the master-data checks need of a user of the tenant."""

    role: str
    branch: str | None  # None: every branch
    active: bool
    updated_at: datetime


@dataclass
class CustomerState:
    exists: bool
    balance: int
    credit_limit: int
    name: str = ""


@dataclass
class SaleState:
    """What a refund or void needs of the sale it refers to."""

    id: str
    status: str
    customer_id: str | None
    branch: str
    payload: Sale  # with the server's cost of goods sold (``sync.costs``)
    has_returns: bool
    in_batch: bool


def _customer_ids(payload: Any) -> list[str]:
    if isinstance(payload, Sale) and payload.customer is not None:
        return [payload.customer.id]
    if isinstance(payload, CustomerPayment):
        return [payload.customer.id]
    if isinstance(payload, CustomerUpsert):
        return [payload.customer_id]
    return []


def _skus(payload: Any) -> list[str]:
    if isinstance(payload, Sale | Refund):
        return [ln.sku for ln in payload.lines]
    if isinstance(payload, StockReceive | StockAdjust | StockCount | Transfer):
        return [ln.sku for ln in payload.lines]
    return []


class Batch:
    """Lookups for a batch of verified envelopes of one terminal, and its writes."""

    def __init__(self, scope: TenantScope, terminal: Terminal, profile: TaxProfile,
                 now: datetime) -> None:
        self.scope = scope
        self.terminal = terminal
        self.profile = profile
        self.now = now
        # lookups
        self.branches: set[str] = set()
        self.locations: set[tuple[str, str]] = set()
        self.products: dict[str, Product] = {}
        self.customers: dict[str, CustomerState] = {}
        self.sales: dict[str, SaleState] = {}
        self.archived_sales: dict[str, str] = {}  # stored sales whose month is archived: id → body
        self.returned: dict[tuple[str, int], Returned] = {}
        self.receipts: set[str] = set()
        self.envelope_ids: set[str] = set()
        self.periods: dict[str, str] = {}
        self.accounts: set[str] = set()
        # master data the sales and refunds are checked against (``sync.masterdata``)
        self.users: dict[str, UserState] = {}  # by lower-case e-mail
        self.price_lists: dict[str, bool] = {}  # code → tax-inclusive
        self.units: dict[tuple[str, str], Decimal] = {}  # (sku, unit) → base units in it
        self.prices = PriceBook()
        self.attributes = AttributeBook()  # tax codes, units, weighed, as published
        # MoMo reference (normalised) → the stored sale, or one of this batch, that used it
        self.momo_used: dict[str, momo_refs.UsedReference] = {}
        # What ``sync.masterdata`` found of a line's figures against the catalogue, by
        # the figures it depends on (the catalogue does not change during a batch)
        self.line_checks: dict[tuple[Any, ...], Any] = {}
        # writes
        self.rows: dict[type[Any], list[dict[str, Any]]] = defaultdict(list)
        self.shift_opens: list[dict[str, Any]] = []
        self.shift_closes: list[dict[str, Any]] = []
        self.transfers_sent: list[dict[str, Any]] = []
        self.transfers_received: list[dict[str, Any]] = []
        # transfer id → (envelope that sent it, envelope that received it), as stored
        # before this batch and as this batch fills them in: a second send or receipt of
        # one transfer would move its stock twice, so it is held instead.
        self.transfer_ends: dict[str, tuple[str | None, str | None]] = {}
        # transfer id → head office's transfer (``stock.office``) a till may receive, and
        # the receipts this batch books of them
        self.office_transfers: dict[str, Any] = {}
        self.office_received: list[dict[str, Any]] = []
        self.customer_upserts: dict[str, dict[str, Any]] = {}
        # receipts asked for by SMS: (envelope id, sale id, phone), queued by ``write``
        self.receipt_texts: list[tuple[str, str, str]] = []
        self.balance_deltas: dict[str, int] = defaultdict(int)
        self.stock_deltas: dict[tuple[str, str, str], int] = defaultdict(int)
        self.voided: dict[str, str] = {}  # sale id → void envelope id
        self.target_periods: set[str] = set()
        self.changes: list[Change] = []
        self.costs = CostBook("tenant", {}, {})  # loaded with the batch (``sync.costs``)

    # -- loading ---------------------------------------------------------------------
    def load(self, items: list[Verified], *, extra_envelope_ids: tuple[str, ...] = ()) -> None:
        scope = self.scope
        payloads = [item.payload for item in items]
        self.branches = set(scope.scalars(select(Branch.code)))
        self.locations = {(r.branch_code, r.code) for r in scope.execute(
            select(Location.branch_code, Location.code))}
        skus = sorted({s for p in payloads for s in _skus(p)})
        for start in range(0, len(skus), 500):
            for product in scope.scalars(select(Product).where(
                    Product.sku.in_(skus[start:start + 500]))):
                self.products[product.sku] = product
        # Sales being refunded or voided, with their customers.
        originals = sorted({p.original_id for p in payloads if isinstance(p, Refund | Void)}
                           | {p.sale_id for p in payloads if isinstance(p, ReceiptSms)})
        original_customers: list[str] = []
        if originals:
            self._load_sales(originals)
            original_customers = [s.customer_id for s in self.sales.values() if s.customer_id]
        ids = sorted({c for p in payloads for c in _customer_ids(p)} | set(original_customers))
        if ids:
            # Locked in id order: two pushes touching the same customers queue here.
            for row in scope.execute(select(Customer.id, Customer.balance, Customer.credit_limit,
                                            Customer.name)
                                     .where(Customer.id.in_(ids)).order_by(Customer.id)
                                     .with_for_update()):
                self.customers[row.id] = CustomerState(True, row.balance, row.credit_limit,
                                                       row.name)
        transfer_ids = sorted({p.transfer_id for p in payloads if isinstance(p, Transfer)})
        if transfer_ids:
            # Locked in id order: two tills receiving the same transfer at once queue here.
            for t in scope.execute(select(TransferRow.id, TransferRow.sent_envelope_id,
                                          TransferRow.received_envelope_id)
                                   .where(TransferRow.id.in_(transfer_ids))
                                   .order_by(TransferRow.id).with_for_update()):
                self.transfer_ends[str(t.id)] = (t.sent_envelope_id and str(t.sent_envelope_id),
                                                 t.received_envelope_id and str(t.received_envelope_id))
            from sync_server.stock.transit import office_transfers

            self.office_transfers = office_transfers(scope, transfer_ids)
        # The average-cost rows the batch may move, locked in key order (``sync.costs``).
        pairs: set[tuple[str, str]] = set()
        for item in items:
            payload = item.payload
            original = (self.sales[payload.original_id].payload
                        if isinstance(payload, Void) and payload.original_id in self.sales
                        else None)
            pairs |= pairs_of(payload, item.envelope.branch, original)
        self.costs = CostBook.load(scope, pairs, {sku: int(p.cost_price)
                                                  for sku, p in self.products.items()})
        receipts = [p.receipt_no for p in payloads if isinstance(p, Sale)]
        if receipts:
            self.receipts = set(scope.scalars(select(SaleRow.receipt_no).where(
                SaleRow.terminal_id == self.terminal.id,
                scope.one_of(SaleRow.receipt_no, receipts))))
        envelope_ids = [item.envelope.id for item in items] + list(extra_envelope_ids)
        for start in range(0, len(envelope_ids), 500):
            self.envelope_ids.update(scope.scalars(select(StoredEnvelope.envelope_id).where(
                scope.one_of(StoredEnvelope.envelope_id, envelope_ids[start:start + 500]),
                StoredEnvelope.fork_no == 0)))
        self.periods = period_statuses(scope, lock=True)
        self.accounts = active_accounts(scope)
        self._load_master_data(items)

    def _load_master_data(self, items: list[Verified]) -> None:
        """Users, price lists, units, price and attribute history for the sales and
        refunds of the batch: five queries, however many envelopes."""
        scope = self.scope
        sales = [item.payload for item in items if isinstance(item.payload, Sale)]
        emails = {item.envelope.user.lower() for item in items
                  if isinstance(item.payload, Sale | Refund)}
        emails |= {a.approver.lower() for sale in sales for a in sale.approvals}
        if emails:
            wanted = sorted(emails)
            for start in range(0, len(wanted), 500):
                for user in scope.execute(
                        select(User.email, User.role, User.branch_code, User.status,
                               User.updated_at)
                        .where(User.email.in_(wanted[start:start + 500]))):
                    self.users[user.email.lower()] = UserState(
                        user.role, user.branch_code, user.status == "active", user.updated_at)
        if not sales:
            return
        self.price_lists = {row.code: bool(row.inclusive) for row in scope.execute(
            select(PriceList.code, PriceList.inclusive))}
        skus = sorted({ln.sku for sale in sales for ln in sale.lines})
        for start in range(0, len(skus), 500):
            for unit in scope.execute(select(ProductUnit.sku, ProductUnit.unit,
                                             ProductUnit.factor_milli)
                                      .where(ProductUnit.sku.in_(skus[start:start + 500]))):
                self.units[(unit.sku, unit.unit)] = Decimal(unit.factor_milli) / 1000
        self.prices = PriceBook.load(scope, skus)
        self.attributes = AttributeBook.load(scope, skus)
        if any(momo_refs.references(sale) for sale in sales):
            self.momo_used = momo_refs.load(scope, sales)

    def _load_sales(self, ids: list[str]) -> None:
        scope = self.scope
        rows = {r.id: r for r in scope.scalars(select(SaleRow).where(SaleRow.id.in_(ids)))}
        if not rows:
            return
        bodies = {e.envelope_id: e.body for e in scope.scalars(select(StoredEnvelope).where(
            StoredEnvelope.envelope_id.in_(list(rows)), StoredEnvelope.fork_no == 0,
            StoredEnvelope.kind == "sale"))}
        # The cost of goods sold the server stored for each line, which a refund or void
        # gives back (a sale stored before the server costed sales has the till's).
        costs: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
        for line in scope.execute(select(SaleItem.sale_id, SaleItem.line_no, SaleItem.unit_cost,
                                         SaleItem.cost).where(SaleItem.sale_id.in_(list(rows)))):
            costs[line.sale_id][line.line_no] = (int(line.unit_cost), int(line.cost))
        with_returns: set[str] = set()
        for item in scope.scalars(select(ReturnItem).where(ReturnItem.sale_id.in_(list(rows)))):
            with_returns.add(item.sale_id)
            key = (item.sale_id, item.line_no)
            done = self.returned.get(key, Returned())
            self.returned[key] = Returned(
                done.qty + Decimal(item.qty_milli) / 1000, done.net + _m(item.net),
                done.vat + _m(item.vat), done.nhil + _m(item.nhil), done.getfund + _m(item.getfund),
                done.covid + _m(item.covid), done.cost + _m(item.cost))
        for sale_id, row in rows.items():
            body = bodies.get(sale_id)
            if body is not None and is_archived_body(body):
                # An archived month's sale (operations/month_archive.py): a refund or void
                # of it is held (``sale_archived``) until the month is restored.
                self.archived_sales[sale_id] = body
                continue
            if body is None:
                continue
            payload = with_costs(parse_envelope(json.loads(body)).typed_payload(),
                                 costs[sale_id])
            self.sales[sale_id] = SaleState(sale_id, row.status, row.customer_id, row.branch_code,
                                            payload, sale_id in with_returns, in_batch=False)

    # -- writing ---------------------------------------------------------------------
    def write(self) -> list[Change]:
        """Write everything the batch merged, table by table, in foreign-key order."""
        scope = self.scope
        # Only months that do not exist yet: rewriting an existing period row would take an
        # exclusive lock on a row every concurrent push holds a shared lock on.
        ensure_periods(scope, self.target_periods - set(self.periods))
        if self.customer_upserts:
            scope.upsert_rows(Customer, list(self.customer_upserts.values()),
                              ("name", "phone", "tin", "email", "updated_at"))
        for model in (SaleRow, SaleItem, Return, ReturnItem, Payment, CashMove, Movement):
            scope.insert_rows(model, self.rows[model])
        if self.receipt_texts:
            from sync_server.messaging.queue import queue_receipt_texts

            queue_receipt_texts(scope, self.receipt_texts, self.now, self.terminal.id)
        if self.shift_opens:
            scope.upsert_rows(Shift, self.shift_opens,
                              ("opened_by", "opened_date", "opening_float", "open_envelope_id"))
        if self.shift_closes:
            scope.upsert_rows(Shift, self.shift_closes,
                              ("closed_by", "closed_date", "expected", "counted", "variance",
                               "sales_count", "sales_gross", "close_envelope_id"))
        if self.transfers_sent:
            scope.upsert_rows(TransferRow, self.transfers_sent, ("sent_envelope_id", "sent_date"))
        if self.transfers_received:
            scope.upsert_rows(TransferRow, self.transfers_received,
                              ("received_envelope_id", "received_date"))
        for sale_id, void_id in sorted(self.voided.items()):
            scope.execute(update(SaleRow).where(SaleRow.id == sale_id)
                          .values(status="voided", void_id=void_id))
        record_merged(scope, sales=self.rows[SaleRow], items=self.rows[SaleItem],
                      returns=self.rows[Return], payments=self.rows[Payment],
                      void_ids=list(self.voided))
        moved = sorted((k, d) for k, d in self.stock_deltas.items() if d)
        if moved:
            scope.increment(StockLevel, "qty_milli", [
                {"branch_code": b, "location_code": loc, "sku": s, "qty_milli": d}
                for (b, loc, s), d in moved])
            self.changes += [Change("stock", key_of(b, loc, s), branch=b)
                             for (b, loc, s), _ in moved]
        owed = sorted((c, d) for c, d in self.balance_deltas.items() if d)
        scope.add_to(Customer, "balance", [{"id": c, "delta": d} for c, d in owed])
        self.changes += [Change("customer", c) for c in self.customer_upserts]
        self.changes += [Change("customer", c) for c, _ in owed]
        scope.insert_rows(Journal, self.rows[Journal])
        scope.insert_rows(Posting, self.rows[Posting])
        if self.office_received:
            from sync_server.stock.transit import mark_received

            mark_received(scope, self.office_received, self.rows[Journal])
        self.costs.write(scope)
        return self.changes


def _m(pesewas: int) -> Money:
    return Money(pesewas)


__all__ = ["Batch", "CustomerState", "SaleState", "UserState", "Verified"]
