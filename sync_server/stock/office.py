"""Stock from head office (issue [12] scope 4): goods receipts, transfers between
branches with goods in transit, adjustments with a reason and approval, booked on the
dashboard or with ``bisama-sync stock …`` — head-office facts, not envelopes.

Each posts exactly as the tills' envelopes of the same kind do (docs/costing.md):

* a **receipt** adds what the supplier charged (unit cost × quantity) at moving average
  cost and posts the ``stock_receive`` journal of ``shared.posting`` (Dr 1200 / Cr 2000,
  reference = the delivery note), so a bill of [9] links it by its delivery note like a
  till's receipt; it can create that bill at once;
* a **transfer** leaves the sending branch at the average (Dr 1210 Goods in Transit /
  Cr 1200, ``transfer_out``) and arrives at the receiving branch at that same value
  (Dr 1200 / Cr 1210, ``transfer_in``); what did not arrive is a loss (Dr 5000);
* an **adjustment** moves value at the average (Dr/Cr 1200 against 5000,
  ``stock_adjust``); above the tenant's limit it waits for a second person.

Every value that moves is a ``cost_moves`` row and every quantity an ``inv_movements``
row whose envelope id is the document's id (a transfer's arrival: ``receive_id``), and
``inv_stock_levels`` changes in the same transaction, which records the levels in the
tills' feed: the tills' stock follows. Posting is idempotent: a document id given twice
returns the first document; a transfer is received once; an adjustment decided once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from shared.errors import BisamaError
from shared.money import Money, div_half_up, quantity
from shared.payload_common import ADJUST_REASONS
from shared.payloads import StockAdjust, StockLine, StockReceive
from shared.posting import Journal, JournalLine, post_stock_change, post_stock_receive
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.catalogue.models import Product
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.ledger.chart import ensure_account
from sync_server.ledger.models import Journal as JournalRow
from sync_server.stock.models import (
    Location,
    Movement,
    OfficeDocument,
    OfficeLine,
    StockLevel,
    StockSettings,
)
from sync_server.sync.changes import Change, key_of, record_changes
from sync_server.sync.costs import CostBook, Origin, milli, post_corrections
from sync_server.tenants.models import Branch

REASONS = ADJUST_REASONS  # damaged, expired, theft, found, correction (count), other
REASON_NAMES = {"damaged": "Damaged", "expired": "Expired", "theft": "Theft",
                "found": "Found", "correction": "Count correction", "other": "Other"}
DEFAULT_ADJUST_LIMIT = 50000  # GH₵ 500.00 at average cost
PREFIXES = {"receive": "GRN", "transfer": "TRF", "adjust": "ADJ"}
MAX_QTY = Decimal(10) ** 9  # base units on one line
MAX_COST = 10**11  # pesewas per base unit (GH₵ 1 billion)


@dataclass(frozen=True)
class LineIn:
    """A line as a person typed it: SKU, quantity (base units) and, for a receipt, the
    unit cost in cedis."""

    sku: str
    qty: str
    unit_cost: str = ""


def parse_line(text: str) -> LineIn:
    """``SKU:QTY[:UNIT_COST]`` as the CLI takes a line."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (2, 3) or not parts[0]:
        raise Invalid(f"“{text}” is not a stock line; write SKU:QTY or SKU:QTY:UNIT_COST, "
                      "e.g. “GH-0001:24:27.50”.")
    return LineIn(parts[0], parts[1], parts[2] if len(parts) == 3 else "")


@dataclass(frozen=True)
class _Line:
    sku: str
    qty: int  # milli base units, signed for adjustments
    unit_cost: Money
    decimal: Decimal


def _day(text: str | date) -> str:
    value = text.isoformat() if isinstance(text, date) else (text or "").strip()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Invalid(f"“{value}” is not a date; use YYYY-MM-DD.") from None


def _branch(scope: TenantScope, code: str, what: str = "branch") -> str:
    row = scope.get(Branch, (code or "").strip().upper())
    if row is None:
        raise NotFound(f"There is no {what} “{code}” in this business.")
    if row.status != "active":
        raise Refused(f"Branch {row.code} ({row.name}) is closed.")
    return row.code


def _location(scope: TenantScope, branch: str, code: str | None) -> str:
    if code:
        if scope.get(Location, branch, code.strip().upper()) is None:
            raise NotFound(f"Branch {branch} has no stock location “{code}”.")
        return code.strip().upper()
    default = scope.scalar(select(Location.code).where(Location.branch_code == branch)
                           .order_by(Location.is_default.desc(), Location.code).limit(1))
    if default is None:
        raise NotFound(f"Branch {branch} has no stock location.")
    return str(default)


def _lines(scope: TenantScope, lines: Sequence[LineIn], *, signed: bool = False,
           priced: bool = False) -> list[_Line]:
    if not lines:
        raise Invalid("Give at least one line (a product and a quantity).")
    if len(lines) > 500:
        raise Invalid("At most 500 lines on one document.")
    result: list[_Line] = []
    seen: set[str] = set()
    for no, line in enumerate(lines, 1):
        sku = line.sku.strip()
        try:
            product = scope.get(Product, sku) if 0 < len(sku) <= 64 else None
            if product is None:
                raise Invalid(f"“{sku}” is not in the catalogue")
            if sku in seen:
                raise Invalid(f"{sku} appears twice; put it on one line")
            qty = quantity(line.qty)
            if abs(qty) >= MAX_QTY:
                raise Invalid(f"{line.qty} is far more than any shop holds")
            if qty == 0 or (qty < 0 and not signed):
                raise Invalid("the quantity must be more than zero" if not signed
                              else "the quantity cannot be zero")
            cost = Money.ZERO
            if priced:
                cost = Money.parse(line.unit_cost) if line.unit_cost.strip() else Money.ZERO
                if cost.is_negative:
                    raise Invalid("a unit cost cannot be negative")
                if cost.pesewas >= MAX_COST:
                    raise Invalid(f"a unit cost of {cost} is beyond any price")
        except BisamaError as exc:
            raise Invalid(f"Line {no}: {str(exc).rstrip('.')}.") from None
        seen.add(sku)
        result.append(_Line(sku, milli(qty), cost, qty))
    return result


def _existing(scope: TenantScope, doc_id: str | None, kind: str) -> dict[str, Any] | None:
    """The document already booked under ``doc_id`` (a form sent twice): returned as it is."""
    if not doc_id:
        return None
    row = scope.get(OfficeDocument, doc_id)
    if row is None:
        return None
    if row.kind != kind:
        raise Refused(f"Document {doc_id} is already used by {row.number}.")
    return show_document(scope, row.number)


def _number(scope: TenantScope, kind: str) -> str:
    prefix = PREFIXES[kind]
    count = scope.scalar(select(func.count()).select_from(OfficeDocument)
                         .where(OfficeDocument.kind == kind))
    return f"{prefix}-{int(count or 0) + 1:06d}"


def _fallback(scope: TenantScope, skus: Sequence[str]) -> dict[str, int]:
    return {p.sku: int(p.cost_price) for p in scope.execute(
        select(Product.sku, Product.cost_price).where(Product.sku.in_(sorted(set(skus)))))}


def _journal(kind: str, reference: str, memo: str,
             entries: Sequence[tuple[str, int, str, str]]) -> Journal | None:
    """(account, signed pesewas: debit > 0, branch, memo) → a journal (None if all zero)."""
    merged: dict[tuple[str, str, str], int] = defaultdict(int)
    for account, amount, branch, line_memo in entries:
        merged[(account, branch, line_memo)] += amount
    lines = tuple(JournalLine(a, Money(max(v, 0)), Money(max(-v, 0)), b, m)
                  for (a, b, m), v in merged.items() if v)
    return Journal(kind, reference, memo, lines) if lines else None


def _move_stock(ctx: ServerContext, scope: TenantScope, movement_id: str, *, kind: str,
                day: str, moves: Sequence[tuple[str, str, str, int]]) -> list[Change]:
    """Write ``inv_movements`` rows (branch, location, SKU, signed milli) and change the
    levels; returns the feed changes (recorded last, by the caller)."""
    now = ctx.clock.now()
    scope.insert_rows(Movement, [
        {"envelope_id": movement_id, "line_no": no, "branch_code": b, "location_code": loc,
         "sku": s, "qty_milli": q, "kind": kind, "business_date": day, "created_at": now}
        for no, (b, loc, s, q) in enumerate(moves, 1)])
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    for b, loc, s, q in moves:
        totals[(b, loc, s)] += q
    keys = sorted(k for k, q in totals.items() if q)
    if keys:
        scope.increment(StockLevel, "qty_milli", [
            {"branch_code": b, "location_code": loc, "sku": s, "qty_milli": totals[(b, loc, s)]}
            for b, loc, s in keys])
    return [Change("stock", key_of(b, loc, s), branch=b) for b, loc, s in keys]


def _on_hand(scope: TenantScope, branch: str, location: str, skus: Sequence[str]) -> dict[str, int]:
    return {r.sku: int(r.qty_milli) for r in scope.execute(
        select(StockLevel.sku, StockLevel.qty_milli).where(
            StockLevel.branch_code == branch, StockLevel.location_code == location,
            StockLevel.sku.in_(sorted(set(skus)))))}


def _qty(milli_units: int) -> str:
    text = f"{Decimal(milli_units) / 1000:.3f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# -- receive -------------------------------------------------------------------------------


def receive(ctx: ServerContext, scope: TenantScope, actor: Actor, *, branch: str,
            supplier: str, document_no: str, lines: Sequence[LineIn], day: str | date,
            location: str | None = None, bill_invoice: str | None = None,
            bill_tax_code: str = "B", doc_id: str | None = None) -> dict[str, Any]:
    """Goods received at ``branch`` from ``supplier`` on delivery note ``document_no``;
    with ``bill_invoice`` the supplier's bill for them is entered too (the supplier must
    be in the suppliers list)."""
    done = _existing(scope, doc_id, "receive")
    if done is not None:
        return done
    where = _branch(scope, branch)
    loc = _location(scope, where, location)
    supplier = (supplier or "").strip()
    note = (document_no or "").strip()
    if not supplier or len(supplier) > 200:
        raise Invalid("Name the supplier (up to 200 characters).")
    if not note or len(note) > 48:
        raise Invalid("Give the delivery note number (up to 48 characters).")
    day = _day(day)
    if scope.scalar(select(JournalRow.id).where(
            JournalRow.kind == "stock_receive", JournalRow.reference == note,
            JournalRow.branch_code == where).limit(1)) is not None or scope.scalar(
            select(OfficeDocument.id).where(
                OfficeDocument.kind == "receive", OfficeDocument.document_no == note,
                OfficeDocument.branch_code == where).limit(1)) is not None:
        raise Refused(f"Goods on delivery note {note} are already received at {where}; "
                      "a second receipt would count them twice.")
    items = _lines(scope, lines, priced=True)
    payload = StockReceive(note, supplier, loc, tuple(
        StockLine(ln.sku, ln.decimal, ln.unit_cost) for ln in items))
    number = _number(scope, "receive")
    doc = doc_id or ctx.new_id()
    origin = Origin(doc, day, "stock_receive", note)
    book = CostBook.load(scope, {(where, ln.sku) for ln in items}, _fallback(scope, [
        ln.sku for ln in items]))
    values = []
    for ln, sl in zip(items, payload.lines, strict=True):
        value = sl.value.pesewas
        book.put(origin, where, ln.sku, ln.qty, value)
        values.append(value)
    journal = post_stock_receive(payload, where)
    journal_id = None
    if journal is not None:
        journal_id = post_journal(ctx, scope, journal, branch=where, entry_date=day,
                                  actor=actor).id
    book.write(scope)
    post_corrections(ctx, scope, book)
    scope.add(OfficeDocument(
        id=doc, number=number, kind="receive", status="posted", branch_code=where,
        location_code=loc, supplier=supplier, document_no=note, entry_date=day,
        value=sum(values), journal_id=journal_id, created_by=actor.name[:254],
        created_at=ctx.clock.now()))
    scope.insert_rows(OfficeLine, [
        {"document_id": doc, "line_no": no, "sku": ln.sku, "qty_milli": ln.qty,
         "unit_cost": ln.unit_cost.pesewas, "value": v, "received_milli": None}
        for no, (ln, v) in enumerate(zip(items, values, strict=True), 1)])
    scope.flush()
    if bill_invoice:
        from sync_server.purchases.bills import LineIn as BillLineIn
        from sync_server.purchases.bills import add_bill

        bill = add_bill(ctx, scope, actor, supplier=supplier, supplier_invoice=bill_invoice,
                        bill_date=day, branch=where, receipts=[note],
                        lines=[BillLineIn(f"Goods on delivery note {note}", "goods",
                                          str(Money(sum(values))), bill_tax_code)])
        row = scope.get(OfficeDocument, doc)
        assert row is not None
        row.bill_number = str(bill["number"])
        scope.flush()
    changes = _move_stock(ctx, scope, doc, kind="office_receive", day=day,
                          moves=[(where, loc, ln.sku, ln.qty) for ln in items])
    record(ctx, scope, actor, "stock.received", subject=number,
           detail={"branch": where, "supplier": supplier, "document_no": note,
                   "value": sum(values), "lines": len(items)})
    record_changes(scope, changes)
    return show_document(scope, number)


# -- transfers -----------------------------------------------------------------------------


def send_transfer(ctx: ServerContext, scope: TenantScope, actor: Actor, *, from_branch: str,
                  to_branch: str, lines: Sequence[LineIn], day: str | date,
                  from_location: str | None = None, to_location: str | None = None,
                  note: str = "", doc_id: str | None = None) -> dict[str, Any]:
    """Send goods from one branch to another: they leave the sender at the average cost
    and are in transit (1210) until the receiving branch receives them."""
    done = _existing(scope, doc_id, "transfer")
    if done is not None:
        return done
    source, target = _branch(scope, from_branch, "sending branch"), _branch(
        scope, to_branch, "receiving branch")
    if source == target:
        raise Invalid("A transfer goes to another branch; within a branch, move stock at the till.")
    src_loc, dst_loc = _location(scope, source, from_location), _location(scope, target, to_location)
    day = _day(day)
    items = _lines(scope, lines)
    have = _on_hand(scope, source, src_loc, [ln.sku for ln in items])
    short = [f"{ln.sku} (asked {_qty(ln.qty)}, on hand {_qty(have.get(ln.sku, 0))})"
             for ln in items if have.get(ln.sku, 0) < ln.qty]
    if short:
        raise Refused(f"{source}/{src_loc} does not have enough to send: {', '.join(short)}.")
    number = _number(scope, "transfer")
    doc = doc_id or ctx.new_id()
    origin = Origin(doc, day, "transfer_out", number)
    book = CostBook.load(scope, {(source, ln.sku) for ln in items},
                         _fallback(scope, [ln.sku for ln in items]))
    values = [book.take(origin, source, ln.sku, ln.qty) for ln in items]
    ensure_account(scope, acc.GOODS_IN_TRANSIT)
    scope.flush()
    total_value = sum(values)
    journal = _journal("transfer_out", number, f"Transfer {number} {source} → {target}: in transit",
                       [(acc.GOODS_IN_TRANSIT, total_value, source, f"to {target}"),
                        (acc.INVENTORY, -total_value, source, f"to {target}")])
    journal_id = None
    if journal is not None:
        journal_id = post_journal(ctx, scope, journal, branch=source, entry_date=day,
                                  actor=actor).id
    book.write(scope)
    scope.add(OfficeDocument(
        id=doc, number=number, kind="transfer", status="in_transit", branch_code=source,
        location_code=src_loc, to_branch=target, to_location=dst_loc,
        note=(note or "").strip()[:200] or None, entry_date=day, value=total_value,
        journal_id=journal_id, created_by=actor.name[:254], created_at=ctx.clock.now()))
    scope.insert_rows(OfficeLine, [
        {"document_id": doc, "line_no": no, "sku": ln.sku, "qty_milli": ln.qty,
         "unit_cost": 0, "value": v, "received_milli": None}
        for no, (ln, v) in enumerate(zip(items, values, strict=True), 1)])
    scope.flush()
    changes = _move_stock(ctx, scope, doc, kind="office_transfer_out", day=day,
                          moves=[(source, src_loc, ln.sku, -ln.qty) for ln in items])
    record(ctx, scope, actor, "stock.transfer_sent", subject=number,
           detail={"from": source, "to": target, "value": total_value, "lines": len(items)})
    record_changes(scope, changes)
    return show_document(scope, number)


def _locked(scope: TenantScope, number: str, kind: str) -> OfficeDocument:
    row: OfficeDocument | None = scope.execute(
        select(OfficeDocument).where(OfficeDocument.number == (number or "").strip().upper())
        .with_for_update()).scalar_one_or_none()
    if row is None or row.kind != kind:
        what = {"transfer": "transfer", "adjust": "adjustment"}[kind]
        raise NotFound(f"There is no {what} {number}.")
    return row


def receive_transfer(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *,
                     day: str | date, received: dict[str, str] | None = None,
                     branch: str | None = None) -> dict[str, Any]:
    """The receiving branch books what arrived (``received``: SKU → quantity; default all
    that was sent). ``branch``: the receiver's own branch, when a manager receives."""
    row = _locked(scope, number, "transfer")
    if branch is not None and row.to_branch != branch:
        raise NotFound(f"There is no transfer {number} to your branch.")
    if row.status != "in_transit":
        raise Refused(f"Transfer {row.number} was already received on {row.received_date} "
                      f"by {row.received_by}.")
    day = _day(day)
    if day < row.entry_date:
        raise Invalid(f"Transfer {row.number} was sent on {row.entry_date}; it cannot arrive "
                      f"before ({day}).")
    lines = scope.scalars(select(OfficeLine).where(OfficeLine.document_id == row.id)
                          .order_by(OfficeLine.line_no))
    got: dict[str, int] = {}
    for ln in lines:
        text = (received or {}).get(ln.sku)
        if text is None or text == "":
            got[ln.sku] = ln.qty_milli
            continue
        try:
            qty = milli(quantity(text))
        except BisamaError:
            raise Invalid(f"{ln.sku}: “{text}” is not a quantity.") from None
        if not 0 <= qty <= ln.qty_milli:
            raise Invalid(f"{ln.sku}: between 0 and {_qty(ln.qty_milli)} can arrive "
                          f"(what was sent).")
        got[ln.sku] = qty
    assert row.to_branch is not None and row.to_location is not None
    target, source = row.to_branch, row.branch_code
    receive_id = ctx.new_id()
    origin = Origin(receive_id, day, "transfer_in", row.number)
    book = CostBook.load(scope, {(target, ln.sku) for ln in lines},
                         _fallback(scope, [ln.sku for ln in lines]))
    arrived = lost = 0
    for ln in lines:
        qty = got[ln.sku]
        value = ln.value if qty == ln.qty_milli else div_half_up(ln.value * qty, ln.qty_milli)
        if qty:
            book.put(origin, target, ln.sku, qty, value)
        ln.received_milli = qty
        arrived += value
        lost += ln.value - value
    journal = _journal("transfer_in", row.number,
                       f"Transfer {row.number} {source} → {target}: received",
                       [(acc.INVENTORY, arrived, target, f"from {source}"),
                        (acc.COST_OF_SALES, lost, target, "transfer shortage"),
                        (acc.GOODS_IN_TRANSIT, -(arrived + lost), source, f"to {target}")])
    if journal is not None:
        row.receive_journal_id = post_journal(ctx, scope, journal, branch=target, entry_date=day,
                                              actor=actor, allow_late=True).id
    book.write(scope)
    post_corrections(ctx, scope, book)
    row.status, row.receive_id, row.received_date = "received", receive_id, day
    row.received_by = actor.name[:254]
    scope.flush()
    changes = _move_stock(ctx, scope, receive_id, kind="office_transfer_in", day=day,
                          moves=[(target, row.to_location, ln.sku, got[ln.sku])
                                 for ln in lines if got[ln.sku]])
    record(ctx, scope, actor, "stock.transfer_received", subject=row.number,
           detail={"from": source, "to": target, "value": arrived, "short": lost})
    record_changes(scope, changes)
    return show_document(scope, row.number)


# -- adjustments ---------------------------------------------------------------------------


def adjust_limit(scope: TenantScope) -> int:
    row = scope.get(StockSettings)
    return int(row.adjust_limit) if row is not None else DEFAULT_ADJUST_LIMIT


def set_adjust_limit(ctx: ServerContext, scope: TenantScope, actor: Actor,
                     amount: str | Money) -> str:
    limit = amount if isinstance(amount, Money) else Money.parse(amount)
    if limit.is_negative or limit.pesewas >= MAX_COST:
        raise Invalid("The approval limit is an amount from 0 to GH₵ 1,000,000,000.")
    row = scope.get(StockSettings)
    if row is None:
        scope.add(StockSettings(adjust_limit=limit.pesewas))
    else:
        row.adjust_limit = limit.pesewas
    scope.flush()
    record(ctx, scope, actor, "stock.adjust_limit_set", subject=str(limit))
    return str(limit)


def adjust(ctx: ServerContext, scope: TenantScope, actor: Actor, *, branch: str, reason: str,
           lines: Sequence[LineIn], day: str | date, note: str = "",
           location: str | None = None, doc_id: str | None = None) -> dict[str, Any]:
    """A signed change of stock with a reason. Worth more than the approval limit (at
    average cost, gains and losses together) it waits for a second person
    (``decide_adjustment``); otherwise it is posted at once."""
    done = _existing(scope, doc_id, "adjust")
    if done is not None:
        return done
    where = _branch(scope, branch)
    loc = _location(scope, where, location)
    if reason not in REASONS:
        raise Invalid(f"“{reason}” is not a reason; use one of: {', '.join(REASONS)}.")
    note = (note or "").strip()
    if len(note) > 200:
        raise Invalid("The note is up to 200 characters.")
    if reason == "other" and not note:
        raise Invalid("Say what happened in the note when the reason is “other”.")
    day = _day(day)
    items = _lines(scope, lines, signed=True)
    number = _number(scope, "adjust")
    doc = doc_id or ctx.new_id()
    book = CostBook.load(scope, {(where, ln.sku) for ln in items},
                         _fallback(scope, [ln.sku for ln in items]))
    estimates = [(1 if ln.qty > 0 else -1) * book.at_average(where, ln.sku, abs(ln.qty))
                 for ln in items]
    pending = sum(abs(v) for v in estimates) > adjust_limit(scope)
    scope.add(OfficeDocument(
        id=doc, number=number, kind="adjust", status="pending" if pending else "posted",
        branch_code=where, location_code=loc, reason=reason, note=note or None, entry_date=day,
        value=sum(estimates), created_by=actor.name[:254], created_at=ctx.clock.now()))
    scope.insert_rows(OfficeLine, [
        {"document_id": doc, "line_no": no, "sku": ln.sku, "qty_milli": ln.qty, "unit_cost": 0,
         "value": v, "received_milli": None}
        for no, (ln, v) in enumerate(zip(items, estimates, strict=True), 1)])
    scope.flush()
    if pending:
        record(ctx, scope, actor, "stock.adjust_pending", subject=number,
               detail={"branch": where, "reason": reason, "value": sum(estimates),
                       "limit": adjust_limit(scope)})
        return show_document(scope, number)
    row = scope.get(OfficeDocument, doc)
    assert row is not None
    _post_adjustment(ctx, scope, actor, row, book)
    return show_document(scope, number)


def _post_adjustment(ctx: ServerContext, scope: TenantScope, actor: Actor, row: OfficeDocument,
                     book: CostBook) -> None:
    lines = scope.scalars(select(OfficeLine).where(OfficeLine.document_id == row.id)
                          .order_by(OfficeLine.line_no))
    origin = Origin(row.id, row.entry_date, "stock_adjust", row.number)
    posting = []
    for ln in lines:
        ln.value = book.change(origin, row.branch_code, ln.sku, ln.qty_milli)
        posting.append(StockLine(ln.sku, Decimal(1), Money(ln.value)))
    row.value = sum(ln.value for ln in lines)
    journal = post_stock_change(StockAdjust(row.location_code, row.reason or "other", row.note,
                                            tuple(posting)), row.branch_code, row.number)
    if journal is not None:
        row.journal_id = post_journal(ctx, scope, journal, branch=row.branch_code,
                                      entry_date=row.entry_date, actor=actor,
                                      allow_late=True).id
    book.write(scope)
    post_corrections(ctx, scope, book)
    row.status = "posted"
    scope.flush()
    changes = _move_stock(ctx, scope, row.id, kind="office_adjust", day=row.entry_date,
                          moves=[(row.branch_code, row.location_code, ln.sku, ln.qty_milli)
                                 for ln in lines])
    record(ctx, scope, actor, "stock.adjusted", subject=row.number,
           detail={"branch": row.branch_code, "reason": row.reason, "value": row.value,
                   "approved_by": row.decided_by})
    record_changes(scope, changes)


def decide_adjustment(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str, *,
                      approve: bool, reason: str = "", branch: str | None = None
                      ) -> dict[str, Any]:
    """Approve (post) or reject an adjustment waiting for approval: by someone other
    than the person who entered it. ``branch``: a manager's own branch."""
    row = _locked(scope, number, "adjust")
    if branch is not None and row.branch_code != branch:
        raise NotFound(f"There is no adjustment {number} at your branch.")
    if row.status != "pending":
        raise Refused(f"Adjustment {row.number} is already {row.status}"
                      + (f" by {row.decided_by}." if row.decided_by else "."))
    if row.created_by == actor.name[:254]:
        raise Refused(f"Adjustment {row.number} is yours: a second person must "
                      f"{'approve' if approve else 'reject'} it.")
    row.decided_by, row.decided_at = actor.name[:254], ctx.clock.now()
    if not approve:
        why = (reason or "").strip()
        if not why:
            raise Invalid("Say why the adjustment is rejected.")
        row.status = "rejected"
        row.note = f"{row.note or ''} [rejected: {why}]".strip()[:200]
        scope.flush()
        record(ctx, scope, actor, "stock.adjust_rejected", subject=row.number,
               detail={"reason": why[:200]})
        return show_document(scope, row.number)
    skus = scope.scalars(select(OfficeLine.sku).where(OfficeLine.document_id == row.id))
    book = CostBook.load(scope, {(row.branch_code, s) for s in skus}, _fallback(scope, skus))
    _post_adjustment(ctx, scope, actor, row, book)
    return show_document(scope, row.number)


# -- reading -------------------------------------------------------------------------------


def _doc_json(row: OfficeDocument) -> dict[str, Any]:
    return {"id": row.id, "number": row.number, "kind": row.kind, "status": row.status,
            "branch": row.branch_code, "location": row.location_code,
            "to_branch": row.to_branch, "to_location": row.to_location,
            "supplier": row.supplier, "document_no": row.document_no, "reason": row.reason,
            "reason_name": REASON_NAMES.get(row.reason or "", row.reason),
            "note": row.note, "date": row.entry_date, "value": str(Money(row.value)),
            "value_pesewas": int(row.value), "bill": row.bill_number,
            "created_by": row.created_by, "decided_by": row.decided_by,
            "received_date": row.received_date, "received_by": row.received_by}


def show_document(scope: TenantScope, number: str) -> dict[str, Any]:
    row = scope.scalar(select(OfficeDocument).where(
        OfficeDocument.number == (number or "").strip().upper()))
    if row is None:
        raise NotFound(f"There is no stock document {number}.")
    lines = scope.scalars(select(OfficeLine).where(OfficeLine.document_id == row.id)
                          .order_by(OfficeLine.line_no))
    names = {p.sku: (p.name, p.unit) for p in scope.execute(
        select(Product.sku, Product.name, Product.unit).where(
            Product.sku.in_(sorted({ln.sku for ln in lines}))))}
    data = _doc_json(row)
    data["lines"] = [{"sku": ln.sku, "name": names.get(ln.sku, ("", ""))[0],
                      "unit": names.get(ln.sku, ("", ""))[1], "qty": _qty(ln.qty_milli),
                      "unit_cost": str(Money(ln.unit_cost)), "value": str(Money(ln.value)),
                      "received": None if ln.received_milli is None else _qty(ln.received_milli)}
                     for ln in lines]
    return data


def list_documents(scope: TenantScope, *, kind: str | None = None, status: str | None = None,
                   branch: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Newest first. ``branch``: documents at that branch (a transfer: sent or received)."""
    stmt = select(OfficeDocument)
    if kind:
        stmt = stmt.where(OfficeDocument.kind == kind)
    if status:
        stmt = stmt.where(OfficeDocument.status == status)
    if branch:
        stmt = stmt.where((OfficeDocument.branch_code == branch)
                          | (OfficeDocument.to_branch == branch))
    rows = scope.scalars(stmt.order_by(OfficeDocument.created_at.desc(),
                                       OfficeDocument.number.desc()).limit(limit))
    return [_doc_json(r) for r in rows]


def in_transit(scope: TenantScope, branch: str | None = None) -> dict[str, Any]:
    """Transfers sent and not yet received, and the balance of 1210 Goods in Transit
    they make up."""
    docs = list_documents(scope, kind="transfer", status="in_transit", branch=branch,
                          limit=1000)
    from sync_server.ledger.models import Posting

    stmt = select(func.coalesce(func.sum(Posting.debit - Posting.credit), 0)).where(
        Posting.account_code == acc.GOODS_IN_TRANSIT)
    if branch:
        stmt = stmt.where(Posting.branch_code == branch)
    balance = int(scope.scalar(stmt))
    return {"transfers": docs, "value": str(Money(sum(d["value_pesewas"] for d in docs))),
            "value_pesewas": sum(d["value_pesewas"] for d in docs),
            "account_1210": str(Money(balance)), "account_1210_pesewas": balance}




__all__ = [
    "DEFAULT_ADJUST_LIMIT", "REASONS", "REASON_NAMES", "LineIn", "adjust", "adjust_limit",
    "decide_adjustment", "in_transit", "list_documents", "parse_line", "receive",
    "receive_transfer", "send_transfer", "set_adjust_limit", "show_document",
]
