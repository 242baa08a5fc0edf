"""The cost a push stores and posts: the server's own figure at moving average cost,
never the till's (``shared.costing``, docs/costing.md). This is the one place the push
pipeline prices cost before ``shared.posting.post_event``.

``CostBook`` holds, for one push (or one retry of held envelopes), the ``cost_averages``
rows of the (valuation scope, SKU) pairs the batch touches — loaded once and locked in
key order — and, as the merge goes envelope by envelope:

* a **sale** is costed line by line (``take``): the sale's lines carry the server's
  ``cost`` (and a ``unit_cost`` per sold unit rounded from it), stored in ``sale_items``,
  so that a refund or a void gives back exactly what the sale took (``with_costs``);
* a **refund** puts back, for the lines that go back on the shelf, the cost its sale
  took (``shared.returns.refund_line`` shares it out); a **void** puts back its sale's;
* a **stock receipt** adds what the supplier charged (the line's unit cost × qty);
* an **adjustment or count** moves value at the current average (the till's unit cost
  is ignored);
* a **transfer** moves value at the sender's average when the tenant values per branch,
  and none when it values the tenant as a whole; a short delivery is a loss at the
  receiving side's average.

Stock and transfer events are posted from a *posting copy* of the payload whose lines
each carry their server value as one unit (the journal rules only sum line values);
the till's signed envelope is stored as it came. Every value that moves is a
``cost_moves`` row dated like its journal, and an arrival that covers negative stock
posts a cost correction through ``books.post.post_journal`` (``post_corrections``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from shared import accounts as acc
from shared.costing import Average, at_average, correction_journal, put, take
from shared.envelope import Envelope
from shared.money import Money, div_half_up, total
from shared.payloads import (
    Refund,
    Sale,
    SaleLine,
    StockAdjust,
    StockCount,
    StockLine,
    StockReceive,
    Transfer,
    Void,
)
from sync_server.audit.services import SYSTEM
from sync_server.context import ServerContext
from sync_server.costing.models import TENANT_SCOPE, CostAverage, CostMove, CostSettings
from sync_server.db.scope import TenantScope
from sync_server.errors import Refused

log = logging.getLogger("bisama.costs")


@lru_cache(maxsize=4096)
def milli(value: Decimal) -> int:
    """Thousandths, rounded half up; remembered, as ``merge._milli`` (a shop sells the
    same few quantities all day, and a push costs every sale line)."""
    return int((value * 1000).to_integral_value(rounding=ROUND_HALF_UP))


def valuation_of(scope: TenantScope) -> str:
    """``tenant`` (the default) or ``branch``."""
    row = scope.get(CostSettings)
    return row.valuation if row is not None else "tenant"


def _lock_rows(scope: TenantScope, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Average]:
    """The rows of ``keys`` (sorted), locked in key order; missing ones are created
    empty first (so two pushes never insert the same row)."""
    found: dict[tuple[str, str], Average] = {}
    wanted = set(keys)

    def read(subset: list[tuple[str, str]]) -> None:
        skus = sorted({s for _, s in subset})
        scopes = sorted({v for v, _ in subset})
        for start in range(0, len(skus), 500):
            for row in scope.execute(
                    select(CostAverage.valuation, CostAverage.sku, CostAverage.qty_milli,
                           CostAverage.value, CostAverage.last_qty_milli, CostAverage.last_value)
                    .where(CostAverage.valuation.in_(scopes),
                           CostAverage.sku.in_(skus[start:start + 500]))
                    .order_by(CostAverage.valuation, CostAverage.sku).with_for_update()):
                key = (row.valuation, row.sku)
                if key in wanted:
                    found[key] = Average(int(row.qty_milli), int(row.value),
                                         int(row.last_qty_milli), int(row.last_value))

    read(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        scope.insert_missing(CostAverage, [
            {"valuation": v, "sku": s, "qty_milli": 0, "value": 0, "last_qty_milli": 0,
             "last_value": 0} for v, s in missing])
        read(missing)
    return found


@dataclass(frozen=True)
class Origin:
    """What moved value: an envelope, an opening stock import …; its value is dated
    ``business_date`` like its journal."""

    id: str
    business_date: str
    kind: str
    reference: str


def origin_of(env: Envelope) -> Origin:
    return Origin(env.id, env.business_date, env.kind, _reference(env))


@dataclass
class Correction:
    envelope_id: str
    branch: str
    entry_date: str
    reference: str
    memo: str
    amounts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class CostBook:
    """The averages a batch touches, and what it moves (see the module docstring)."""

    def __init__(self, valuation: str, averages: dict[tuple[str, str], Average],
                 fallback: Mapping[str, int]) -> None:
        self.valuation = valuation
        self.averages = averages
        self.fallback = fallback  # SKU → the catalogue's cost price per base unit
        self.touched: set[tuple[str, str]] = set()
        self.moves: list[dict[str, Any]] = []
        self.corrections: dict[tuple[str, str], Correction] = {}
        self._lines: dict[str, int] = defaultdict(int)
        self._origin: Origin | None = None  # the last envelope's

    @classmethod
    def load(cls, scope: TenantScope, pairs: set[tuple[str, str]],
             fallback: Mapping[str, int]) -> CostBook:
        """``pairs``: (branch, SKU) the batch may move."""
        valuation = valuation_of(scope)
        book = cls(valuation, {}, fallback)
        keys = sorted({(book.scope(b), s) for b, s in pairs})
        book.averages = _lock_rows(scope, keys) if keys else {}
        return book

    def scope(self, branch: str) -> str:
        return branch if self.valuation == "branch" else TENANT_SCOPE

    # -- moves ----------------------------------------------------------------------
    def origin(self, env: Envelope | Origin) -> Origin:
        if isinstance(env, Origin):
            return env
        if self._origin is None or self._origin.id != env.id:
            self._origin = origin_of(env)
        return self._origin

    def move(self, env: Envelope | Origin, branch: str, sku: str, qty: int, value: int) -> None:
        src = self.origin(env)
        self._lines[src.id] += 1
        self.moves.append({
            "source": src.id, "line_no": self._lines[src.id], "valuation": self.scope(branch),
            "branch_code": branch, "sku": sku, "qty_milli": qty, "value": value,
            "entry_date": src.business_date, "kind": src.kind, "reference": src.reference})

    def take(self, env: Envelope | Origin, branch: str, sku: str, qty: int) -> int:
        """Take ``qty`` milli units out at the average; returns their cost."""
        key = (self.scope(branch), sku)
        self.averages[key], cost = take(self.averages.get(key, Average()), qty,
                                        self.fallback.get(sku, 0))
        self.touched.add(key)
        self.move(env, branch, sku, -qty, -cost)
        return cost

    def put(self, env: Envelope | Origin, branch: str, sku: str, qty: int, value: int) -> None:
        """Put ``qty`` milli units worth ``value`` in (a cost correction if it covers
        negative stock)."""
        key = (self.scope(branch), sku)
        self.averages[key], correction = put(self.averages.get(key, Average()), qty, value)
        self.touched.add(key)
        self.move(env, branch, sku, qty, value)
        if correction:
            src = self.origin(env)
            fix = self.corrections.get((src.id, branch))
            if fix is None:
                fix = self.corrections[(src.id, branch)] = Correction(
                    src.id, branch, src.business_date, src.reference,
                    f"Cost correction: stock sold ahead of {src.kind.replace('_', ' ')} "
                    f"{src.reference}")
            fix.amounts[sku] += correction

    def take_exact(self, env: Envelope, branch: str, sku: str, qty: int, value: int) -> None:
        """Take ``qty`` milli units out at exactly ``value`` (goods sent back to the
        supplier leave at what the supplier credits)."""
        key = (self.scope(branch), sku)
        avg = self.averages.get(key, Average())
        new_qty, new_value = avg.qty - qty, avg.value - value
        self.averages[key] = (Average(new_qty, new_value, new_qty, new_value) if new_qty > 0
                              else Average(new_qty, new_value, avg.last_qty, avg.last_value))
        self.touched.add(key)
        self.move(env, branch, sku, -qty, -value)

    def at_average(self, branch: str, sku: str, qty: int) -> int:
        key = (self.scope(branch), sku)
        return at_average(self.averages.get(key, Average()), qty, self.fallback.get(sku, 0))

    def change(self, env: Envelope | Origin, branch: str, sku: str, qty: int) -> int:
        """A loss (``qty`` < 0) or gain at the average; returns the signed value."""
        if qty < 0:
            return -self.take(env, branch, sku, -qty)
        value = self.at_average(branch, sku, qty)
        self.put(env, branch, sku, qty, value)
        return value

    # -- writing ----------------------------------------------------------------------
    def write(self, scope: TenantScope) -> None:
        if self.touched:
            scope.upsert_rows(CostAverage, [
                {"valuation": v, "sku": s, "qty_milli": a.qty, "value": a.value,
                 "last_qty_milli": a.last_qty, "last_value": a.last_value}
                for (v, s) in sorted(self.touched) for a in (self.averages[(v, s)],)],
                ("qty_milli", "value", "last_qty_milli", "last_value"))
        scope.insert_rows(CostMove, self.moves)


def _reference(env: Envelope) -> str:
    payload = env.payload
    for name in ("receipt_no", "refund_no", "document_no", "transfer_id"):
        value = payload.get(name) if isinstance(payload, Mapping) else None
        if value:
            return str(value)[:64]
    return env.id


def pairs_of(payload: Any, branch: str, original: Sale | None = None) -> set[tuple[str, str]]:
    """The (branch, SKU) pairs an envelope's cost may move."""
    if isinstance(payload, Sale | Refund | StockReceive | StockAdjust | StockCount):
        return {(branch, ln.sku) for ln in payload.lines}
    if isinstance(payload, Void) and original is not None:
        return {(branch, ln.sku) for ln in original.lines}
    if isinstance(payload, Transfer):
        return {(b, ln.sku) for ln in payload.lines
                for b in (payload.from_branch, payload.to_branch)}
    return set()


# -- per kind ---------------------------------------------------------------------------


def _line_costed(ln: SaleLine, cost: int) -> SaleLine:
    unit = div_half_up(cost * 1000, milli(ln.qty)) if ln.qty else 0
    if (unit, cost) == (ln.unit_cost.pesewas, ln.cost.pesewas):
        return ln
    return replace(ln, unit_cost=Money(unit), cost=Money(cost))


def cost_sale(book: CostBook, env: Envelope, sale: Sale) -> Sale:
    """``sale`` with the server's cost of goods sold; the very same object when the
    till's figures agree."""
    lines = [_line_costed(ln, book.take(env, env.branch, ln.sku, milli(ln.base_qty)))
             for ln in sale.lines]
    return _with_lines(sale, lines)


def recost_prepared(sale: Sale, journal: Any, rows: list[dict[str, Any]] | None
                    ) -> tuple[Any, list[dict[str, Any]] | None]:
    """The journal and ``sale_items`` rows worked out before the transaction
    (``sync.prepare``), with the costed ``sale``'s cost figures instead of the till's:
    the sale journal's Dr 5000 / Cr 1200 pair is the last of its lines
    (``shared.posting.post_sale``), so it is replaced, not the whole journal worked out
    again. None (worked out in the merge) when there was nothing prepared."""
    from shared.posting import Journal as JournalValue
    from sync_server.ledger.posting import EventJournal

    if rows is not None:
        rows = [{**row, "unit_cost": ln.unit_cost.pesewas, "cost": ln.cost.pesewas}
                for row, ln in zip(rows, sale.lines, strict=True)]
    if not isinstance(journal, EventJournal) or journal.journal is None:
        return None, rows
    prepared = journal.journal
    kept = tuple(ln for ln in prepared.lines if ln.account not in (acc.COST_OF_SALES,
                                                                     acc.INVENTORY))
    cost = sale.totals.cost
    if cost.pesewas < 0:
        return None, rows  # a credit to 5000: let the posting rule build it
    lines = kept if cost.is_zero else (*kept, *_cost_lines(prepared, cost))
    return EventJournal(JournalValue(prepared.kind, prepared.reference, prepared.memo,
                                     lines)), rows


def _cost_lines(prepared: Any, cost: Money) -> tuple[Any, Any]:
    from shared.posting import JournalLine

    branch = next(ln.branch for ln in prepared.lines)
    return (JournalLine(acc.COST_OF_SALES, cost, Money.ZERO, branch),
            JournalLine(acc.INVENTORY, Money.ZERO, cost, branch))


def cost_refund(book: CostBook, env: Envelope, refund: Refund) -> None:
    """What goes back on the shelf comes back at the cost its sale took."""
    for ln in refund.lines:
        if ln.restock:
            book.put(env, env.branch, ln.sku, milli(ln.qty * ln.unit_factor), ln.cost.pesewas)


def cost_void(book: CostBook, env: Envelope, original: Sale) -> None:
    for ln in original.lines:
        book.put(env, env.branch, ln.sku, milli(ln.base_qty), ln.cost.pesewas)


def _one(sku: str, value: int, *, short: bool = False) -> StockLine:
    """A posting line worth ``value``: one unit (or, for a short delivery, one unit
    expected and none received)."""
    if short:
        return StockLine(sku, Decimal(0), Money(value), Decimal(1))
    return StockLine(sku, Decimal(1), Money(value))


def cost_stock(book: CostBook, env: Envelope,
               change: StockReceive | StockAdjust | StockCount) -> Any:
    """The posting copy of a receipt, adjustment or count (a receipt's own: its lines
    are already what the supplier charged)."""
    lines = []
    for ln in change.lines:
        qty = milli(ln.delta)
        if qty == 0:
            continue
        if isinstance(change, StockReceive):
            value = ln.value.pesewas
            if qty > 0:
                book.put(env, env.branch, ln.sku, qty, value)
            else:  # goods sent back to the supplier leave at what they are credited at
                book.take_exact(env, env.branch, ln.sku, -qty, -value)
        else:
            value = book.change(env, env.branch, ln.sku, qty)
        lines.append(_one(ln.sku, value))
    if isinstance(change, StockReceive):
        return change
    return replace(change, lines=tuple(lines) or (_one(change.lines[0].sku, 0),))


def cost_transfer(book: CostBook, env: Envelope, transfer: Transfer) -> Transfer:
    lines = []
    for ln in transfer.lines:
        if transfer.receiving:
            short = milli((ln.expected if ln.expected is not None else ln.qty) - ln.qty)
            value = -book.change(env, transfer.to_branch, ln.sku, -short) if short else 0
            lines.append(_one(ln.sku, value, short=True))
            continue
        qty = milli(ln.qty)
        if qty <= 0 or transfer.from_branch == transfer.to_branch:
            lines.append(_one(ln.sku, 0))
            continue
        if book.valuation == "branch":
            value = book.take(env, transfer.from_branch, ln.sku, qty)
            book.put(env, transfer.to_branch, ln.sku, qty, value)
        else:  # one average for the tenant: the goods move, their value does not
            value = 0
            book.move(env, transfer.from_branch, ln.sku, -qty, 0)
            book.move(env, transfer.to_branch, ln.sku, qty, 0)
        lines.append(_one(ln.sku, value))
    return replace(transfer, lines=tuple(lines))


def post_corrections(ctx: ServerContext, scope: TenantScope, book: CostBook) -> int:
    """Post the batch's cost corrections (after the batch's own rows are written)."""
    from sync_server.books.post import post_journal

    posted = 0
    for fix in book.corrections.values():
        journal = correction_journal(fix.reference, fix.branch, dict(fix.amounts), fix.memo)
        if journal is None:
            continue
        journal_id = ctx.new_id()
        try:
            post_journal(ctx, scope, journal, branch=fix.branch, entry_date=fix.entry_date,
                         actor=SYSTEM, allow_late=True, journal_id=journal_id)
        except Refused as exc:  # 1200 or 5000 deactivated: a till's push is never refused
            log.warning("cost correction of %s not posted: %s", fix.reference, exc)
            continue
        scope.insert_rows(CostMove, [
            {"source": journal_id, "line_no": number, "valuation": book.scope(fix.branch),
             "branch_code": fix.branch, "sku": sku, "qty_milli": 0, "value": -amount,
             "entry_date": fix.entry_date, "kind": "cost_correction",
             "reference": fix.reference[:64]}
            for number, (sku, amount) in enumerate(sorted(fix.amounts.items()), start=1)
            if amount])
        posted += 1
    return posted


# -- stored sales ----------------------------------------------------------------------


def _with_lines(sale: Sale, lines: list[SaleLine]) -> Sale:
    if all(a is b for a, b in zip(lines, sale.lines, strict=True)):
        return sale
    costed = tuple(lines)
    return replace(sale, lines=costed,
                   totals=replace(sale.totals, cost=total([ln.cost for ln in costed])))


def with_costs(sale: Sale, costs: Mapping[int, tuple[int, int]]) -> Sale:
    """A stored sale with the costs its ``sale_items`` rows hold (line → unit cost,
    cost): what a refund or void of it gives back. A sale stored before the server
    costed sales holds the till's."""
    lines = []
    for ln in sale.lines:
        stored = costs.get(ln.line_no)
        lines.append(ln if stored is None or stored == (ln.unit_cost.pesewas, ln.cost.pesewas)
                     else replace(ln, unit_cost=Money(stored[0]), cost=Money(stored[1])))
    return _with_lines(sale, lines)


def stored_costs(scope: TenantScope, payloads: Mapping[str, Any]) -> dict[str, Any]:
    """Envelope id → the payload as the push costed it (for posting again what did not
    post, ``ledger.services.post_unposted``): a sale or a void's sale with its
    ``sale_items`` costs, a refund with its ``return_items`` costs, an adjustment, count
    or transfer as the posting copy of its ``cost_moves``. A payload the push did not
    cost (stored before the server costed stock) is left as it came."""
    from sync_server.sales.models import ReturnItem, SaleItem

    ids = sorted(payloads)
    sold = sorted({p.original_id if isinstance(p, Void) else i for i, p in payloads.items()
                   if isinstance(p, Sale | Void)})
    sale_costs: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    return_costs: dict[str, dict[int, int]] = defaultdict(dict)
    moves: dict[str, list[Any]] = defaultdict(list)
    for start in range(0, max(len(ids), len(sold)), 500):
        chunk, sold_chunk = ids[start:start + 500], sold[start:start + 500]
        if sold_chunk:
            for r in scope.execute(select(SaleItem.sale_id, SaleItem.line_no, SaleItem.unit_cost,
                                          SaleItem.cost).where(SaleItem.sale_id.in_(sold_chunk))):
                sale_costs[r.sale_id][r.line_no] = (int(r.unit_cost), int(r.cost))
        if chunk:
            for r in scope.execute(select(ReturnItem.return_id, ReturnItem.line_no,
                                          ReturnItem.cost).where(ReturnItem.return_id.in_(chunk))):
                return_costs[r.return_id][r.line_no] = int(r.cost)
            for m in scope.scalars(select(CostMove).where(CostMove.source.in_(chunk))
                                   .order_by(CostMove.source, CostMove.line_no)):
                moves[m.source].append(m)
    result: dict[str, Any] = {}
    for envelope_id, sent in payloads.items():
        payload = sent
        if isinstance(payload, Sale):
            payload = with_costs(payload, sale_costs[envelope_id])
        elif isinstance(payload, Refund) and return_costs[envelope_id]:
            costs = return_costs[envelope_id]
            payload = replace(payload, lines=tuple(
                replace(ln, cost=Money(costs[ln.line_no])) if ln.line_no in costs else ln
                for ln in payload.lines))
        elif isinstance(payload, StockAdjust | StockCount) and moves[envelope_id]:
            payload = replace(payload, lines=tuple(
                _one(m.sku, int(m.value)) for m in moves[envelope_id]))
        elif isinstance(payload, Transfer) and moves[envelope_id]:
            if payload.receiving:
                lines = [_one(m.sku, -int(m.value), short=True) for m in moves[envelope_id]]
            else:
                lines = [_one(m.sku, int(m.value)) for m in moves[envelope_id]
                         if m.branch_code == payload.to_branch]
            payload = replace(payload, lines=tuple(lines or [_one(payload.lines[0].sku, 0)]))
        result[envelope_id] = payload
    return result


def original_with_costs(scope: TenantScope, sales: Mapping[str, Sale]) -> dict[str, Sale]:
    """Stored sales (by id) with the costs their ``sale_items`` hold."""
    costed = stored_costs(scope, dict(sales))
    return {i: p for i, p in costed.items() if isinstance(p, Sale)}


__all__ = [
    "CostBook",
    "Origin",
    "cost_refund",
    "cost_sale",
    "cost_stock",
    "cost_transfer",
    "cost_void",
    "milli",
    "origin_of",
    "original_with_costs",
    "pairs_of",
    "post_corrections",
    "recost_prepared",
    "stored_costs",
    "valuation_of",
    "with_costs",
]
