"""Merging one verified envelope into the tenant's books: the business rules that decide
*stored* or *held*, and the rows a stored envelope adds.

An authentic envelope is never dropped. When it breaks a business rule (an unknown
SKU, totals or tax that do not recompute, a credit limit, a refund of more than was
sold …) it is *held* with a reason code and a message, acknowledged to the till, and
left for a person; nothing of it reaches sales, stock or the ledger until it is
resolved. A stored envelope is merged and posted in the same transaction.

The server never trusts a figure it can recompute: sales are repriced with
``shared.pricing.check_sale`` and refunds with ``shared.returns.refund_line``; every
line is checked against the master data published to the till, and the person against
the tenant's users (``sync.masterdata``); the cost of goods sold stored and posted, and
the value every stock event moves, is the server's own at moving average cost
(``sync.costs``), worked out as each envelope is merged, in the batch's order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from shared.errors import ReturnError, TaxError
from shared.momo import normalise
from shared.money import Money, total
from shared.payloads import (
    CashMove,
    CustomerPayment,
    CustomerUpsert,
    ReceiptSms,
    Refund,
    Sale,
    ShiftClose,
    ShiftOpen,
    StockAdjust,
    StockCount,
    StockReceive,
    Tender,
    Transfer,
    Void,
)
from shared.pricing import check_sale
from shared.returns import Returned, refund_line
from shared.rules import payload_problems
from shared.stock import StockMove, stock_moves
from shared.tax import sale_day
from sync_server.ledger.models import Journal
from sync_server.ledger.models import Posting as PostingRow
from sync_server.ledger.posting import post_envelope
from sync_server.sales.models import CashMove as CashMoveRow
from sync_server.sales.models import Payment, Return, ReturnItem, SaleItem
from sync_server.sales.models import Sale as SaleRow
from sync_server.stock.models import Movement
from sync_server.sync import momo_refs
from sync_server.sync.batch import Batch, CustomerState, SaleState, Verified
from sync_server.sync.changes import Change
from sync_server.sync.costs import (
    cost_refund,
    cost_sale,
    cost_stock,
    cost_transfer,
    cost_void,
    recost_prepared,
)
from sync_server.sync.masterdata import MasterDataHold, check_momo_reuse, check_seller
from sync_server.sync.masterdata import check_sale as check_master_data

FUTURE_DAYS = 1


@dataclass(frozen=True)
class Outcome:
    status: str  # stored or held
    reason_code: str | None = None
    reason: str | None = None
    posting_status: str = "none"  # none, posted, failed
    posting_error: str | None = None
    late: bool = False


class Hold(Exception):
    """A business rule the envelope breaks; it is held with this reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@lru_cache(maxsize=4096)
def _milli(value: Decimal) -> int:
    """Thousandths, rounded half up. Remembered: a shop sells the same few quantities
    (1, 2, 12 …) all day, and a push converts two per sale line."""
    return int((value * 1000).to_integral_value(rounding=ROUND_HALF_UP))


def merge(batch: Batch, item: Verified, journal_id: str) -> Outcome:
    """Check and merge one envelope; returns what became of it."""
    env = item.envelope
    try:
        _common_rules(batch, item)
        _payload_rules(item)
        original = _RULES[type(item.payload)](batch, item)
    except (Hold, MasterDataHold) as hold:
        return Outcome("held", hold.code, hold.reason)
    batch.envelope_ids.add(env.id)
    return _post(batch, item, original, journal_id)


# -- rules common to every kind --------------------------------------------------------


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _common_rules(batch: Batch, item: Verified) -> None:
    env = item.envelope
    # The body is the envelope's JSON, where a NUL can only appear escaped as \u0000: when
    # that text is absent (always, but for corrupt envelopes) the walk is skipped.
    if "\\u0000" in item.body and (_has_nul(env.payload) or "\x00" in env.user):
        # PostgreSQL cannot store a NUL character in text; rather than fail the batch for
        # ever, the envelope is kept (its JSON escapes the NUL) and held for a person.
        raise Hold("invalid_text", "Text in the envelope contains a NUL character, which "
                   "cannot be stored; it was probably corrupted on the till.")
    if env.id in batch.envelope_ids:
        raise Hold("duplicate_id", f"Another envelope already has the id {env.id}.")
    if env.branch not in batch.branches:
        raise Hold("unknown_branch", f"Branch {env.branch} does not exist on the server.")
    if env.branch != batch.terminal.branch_code:
        raise Hold("branch_mismatch", f"The envelope says branch {env.branch} but this till is "
                   f"enrolled in {batch.terminal.branch_code}.")
    latest = batch.now.date() + timedelta(days=FUTURE_DAYS)
    if date.fromisoformat(env.business_date) > latest:
        raise Hold("future_date", f"The business date {env.business_date} is after "
                   f"{latest.isoformat()}: the till's date is probably wrong.")


def _payload_rules(item: Verified) -> None:
    """The payload's own business rules (``shared.rules``): a till that broke one is
    held, never refused, so its outbox moves on."""
    problems = item.rules if item.rules is not None else payload_problems(item.payload)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise Hold(problems[0].code, " ".join(p.message for p in problems[:3]) + more)


def _need_products(batch: Batch, skus: list[str]) -> None:
    unknown = sorted({s for s in skus if s not in batch.products})
    if unknown:
        raise Hold("unknown_product", f"Not in the catalogue: {', '.join(unknown[:10])}"
                   + (" …" if len(unknown) > 10 else ""))


def _need_location(batch: Batch, branch: str, location: str) -> None:
    if (branch, location) not in batch.locations:
        raise Hold("unknown_location",
                   f"Stock location {location} does not exist in branch {branch}.")


def _need_customer(batch: Batch, customer_id: str) -> CustomerState:
    state = batch.customers.get(customer_id)
    if state is None or not state.exists:
        raise Hold("unknown_customer", f"Customer {customer_id} is not registered on the server.")
    return state


def _credit(tenders: tuple[Tender, ...]) -> int:
    return total([t.amount for t in tenders if t.method == "credit"]).pesewas


# -- per kind: check, then collect rows; return the original sale for posting ---------


def _sale(batch: Batch, item: Verified) -> Sale | None:
    env, sale = item.envelope, item.payload
    assert isinstance(sale, Sale)
    _need_location(batch, env.branch, sale.location)
    _need_products(batch, [ln.sku for ln in sale.lines])
    check_master_data(batch, env, sale)
    try:
        # The sale's own day in Ghana decides its tax regime and whether the tenant was
        # VAT-registered, not its shift's business date (shared.tax.sale_day).
        day = sale_day(env.created_at)
        regime = batch.profile.regime_on(day)
    except TaxError as exc:
        raise Hold("no_tax_regime", str(exc)) from None
    problems = item.problems
    if problems is None:
        problems = check_sale(sale, regime, vat_registered=batch.profile.vat_registered_on(day))
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise Hold("totals_mismatch", "; ".join(problems[:5]) + more)
    if sale.receipt_no in batch.receipts:
        raise Hold("duplicate_receipt", f"Receipt {sale.receipt_no} was already used by another "
                   "sale of this till.")
    check_momo_reuse(batch, env, sale)
    credit = _credit(sale.tenders)
    customer_id = sale.customer.id if sale.customer else None
    if customer_id is not None:
        state = _need_customer(batch, customer_id)
        if credit:
            after = state.balance + batch.balance_deltas[customer_id] + credit
            approved = any(a.action == "over_credit_limit" for a in sale.approvals)
            if after > state.credit_limit and not approved:
                raise Hold("over_credit_limit",
                           f"{state.name or customer_id} would owe {Money(after).format()}, over "
                           f"the credit limit of {Money(state.credit_limit).format()}, and no "
                           "manager approved it.")
            batch.balance_deltas[customer_id] += credit
    batch.receipts.add(sale.receipt_no)
    momo_refs.remember(batch.momo_used, env, sale)
    batch.changes += [Change("momo_ref", ref) for ref in momo_refs.references(sale)]
    costed = cost_sale(batch.costs, env, sale)
    if costed is not sale:
        # The journal and rows worked out before the transaction carry the till's cost:
        # only their cost figures change (``sync.costs.recost_prepared``).
        item.payload = costed
        item.journal, item.item_rows = recost_prepared(costed, item.journal, item.item_rows)
        sale = costed
    t = sale.totals
    batch.rows[SaleRow].append({
        "id": env.id, "receipt_no": sale.receipt_no, "terminal_id": env.terminal, "seq": env.seq,
        "branch_code": env.branch, "location_code": sale.location, "user_email": env.user,
        "shift_id": sale.shift_id, "business_date": env.business_date,
        "terminal_time": env.created_at, "received_at": batch.now, "customer_id": customer_id,
        "customer_tin": sale.customer.tin if sale.customer else None,
        "price_list": sale.price_list, "inclusive": sale.inclusive, "regime": sale.regime,
        "order_discount": sale.order_discount.pesewas, "discount": t.discount.pesewas,
        "net": t.net.pesewas, "vat": t.vat.pesewas, "nhil": t.nhil.pesewas,
        "getfund": t.getfund.pesewas, "covid": t.covid.pesewas, "gross": t.gross.pesewas,
        "cost": t.cost.pesewas, "change": sale.change.pesewas, "status": "completed",
        "void_id": None, "posting_status": "pending", "error_message": None})
    batch.rows[SaleItem].extend(item.item_rows if item.item_rows is not None
                                else sale_item_rows(env.id, sale))
    _payments(batch, item, sale.tenders, kind="sale", sale_id=env.id, customer_id=customer_id)
    _stock(batch, item, stock_moves(sale, env.branch))
    batch.sales[env.id] = SaleState(env.id, "completed", customer_id, env.branch, sale,
                                    has_returns=False, in_batch=True)
    return None


def sale_item_rows(sale_id: str, sale: Sale) -> list[dict[str, Any]]:
    """The ``sale_items`` rows of a sale: from its payload alone."""
    return [{
        "sale_id": sale_id, "line_no": ln.line_no, "sku": ln.sku, "name": ln.name, "unit": ln.unit,
        "unit_factor_milli": _milli(ln.unit_factor), "qty_milli": _milli(ln.qty),
        "unit_price": ln.unit_price.pesewas, "tax_code": ln.tax_code.value,
        "unit_cost": ln.unit_cost.pesewas, "line_discount": ln.line_discount.pesewas,
        "order_discount": ln.order_discount.pesewas, "price_override": ln.price_override,
        "list_amount": ln.list_amount.pesewas, "amount": ln.amount.pesewas,
        "list_net": ln.list_net.pesewas, "net": ln.net.pesewas, "vat": ln.vat.pesewas,
        "nhil": ln.nhil.pesewas, "getfund": ln.getfund.pesewas, "covid": ln.covid.pesewas,
        "gross": ln.gross.pesewas, "cost": ln.cost.pesewas} for ln in sale.lines]


def _original(batch: Batch, original_id: str, receipt_no: str) -> SaleState:
    state = batch.sales.get(original_id)
    if state is None and original_id in batch.archived_sales:
        month = str(json.loads(batch.archived_sales[original_id]).get("archived"))
        raise Hold("sale_archived", f"Sale {receipt_no} is in {month}, which head office has "
                   "archived: restore the month (bisama-sync archive restore), then retry.")
    if state is None:
        raise Hold("unknown_sale", f"Sale {receipt_no} ({original_id}) is not on the server yet.")
    if state.status == "voided":
        raise Hold("sale_voided", f"Sale {receipt_no} was voided.")
    return state


def _refund(batch: Batch, item: Verified) -> Sale | None:
    env, refund = item.envelope, item.payload
    assert isinstance(refund, Refund)
    check_seller(batch, env)
    original = _original(batch, refund.original_id, refund.original_receipt_no)
    _need_location(batch, env.branch, refund.location)
    sold = {ln.line_no: ln for ln in original.payload.lines}
    updated: dict[tuple[str, int], Returned] = {}
    lines = []
    for line in refund.lines:
        sold_line = sold.get(line.line_no)
        if sold_line is None or sold_line.sku != line.sku:
            raise Hold("refund_mismatch", f"Sale {refund.original_receipt_no} has no line "
                       f"{line.line_no} of {line.sku}.")
        key = (original.id, line.line_no)
        already = batch.returned.get(key, Returned())
        try:
            expected = refund_line(sold_line, line.qty, already, restock=line.restock)
        except ReturnError as exc:
            raise Hold("return_exceeds_sale", str(exc)) from None
        # The cost given back is the server's (the sale's as it stored it), not the till's.
        if replace(line, cost=expected.cost) != expected:
            raise Hold("refund_mismatch", f"Line {line.line_no} ({line.sku}): the refund's figures "
                       "do not recompute from the sale (sent "
                       f"{line.gross}, expected {expected.gross}).")
        updated[key] = already.plus(expected)
        lines.append(expected)
    credit = _credit(refund.tenders)
    if credit:
        if original.customer_id is None:
            raise Hold("unknown_customer", f"Sale {refund.original_receipt_no} had no customer "
                       "to credit the refund to.")
        _need_customer(batch, original.customer_id)
        batch.balance_deltas[original.customer_id] -= credit
    batch.returned.update(updated)
    original.has_returns = True
    refund = replace(refund, lines=tuple(lines))
    item.payload = refund  # posted with the server's cost
    cost_refund(batch.costs, env, refund)
    figures = {name: total([getattr(ln, name) for ln in refund.lines]).pesewas
               for name in ("net", "vat", "nhil", "getfund", "covid", "gross", "cost")}
    batch.rows[Return].append({
        "id": env.id, "refund_no": refund.refund_no, "sale_id": original.id,
        "original_receipt_no": refund.original_receipt_no, "terminal_id": env.terminal,
        "branch_code": env.branch, "location_code": refund.location, "user_email": env.user,
        "shift_id": refund.shift_id, "business_date": env.business_date,
        "received_at": batch.now, "reason": refund.reason, **figures,
        "posting_status": "pending", "error_message": None})
    batch.rows[ReturnItem].extend({
        "return_id": env.id, "line_no": ln.line_no, "sale_id": original.id, "sku": ln.sku,
        "qty_milli": _milli(ln.qty), "unit_factor_milli": _milli(ln.unit_factor),
        "restock": ln.restock, "net": ln.net.pesewas, "vat": ln.vat.pesewas,
        "nhil": ln.nhil.pesewas, "getfund": ln.getfund.pesewas, "covid": ln.covid.pesewas,
        "gross": ln.gross.pesewas, "cost": ln.cost.pesewas} for ln in refund.lines)
    _payments(batch, item, refund.tenders, kind="refund", sale_id=original.id,
              customer_id=original.customer_id, sign=-1)
    _stock(batch, item, stock_moves(refund, env.branch))
    return None


def _void(batch: Batch, item: Verified) -> Sale | None:
    env, void = item.envelope, item.payload
    assert isinstance(void, Void)
    original = _original(batch, void.original_id, void.original_receipt_no)
    if original.has_returns:
        raise Hold("sale_has_returns", f"Sale {void.original_receipt_no} has returns; it cannot "
                   "be voided.")
    sale = original.payload
    credit = _credit(sale.tenders)
    if credit and original.customer_id:
        _need_customer(batch, original.customer_id)
        batch.balance_deltas[original.customer_id] -= credit
    original.status = "voided"
    # Its MoMo references are free again: the tills hear so.
    batch.changes += [Change("momo_ref", ref) for ref in momo_refs.references(sale)]
    if original.in_batch:
        for row in batch.rows[SaleRow]:
            if row["id"] == original.id:
                row.update(status="voided", void_id=env.id)
    else:
        batch.voided[original.id] = env.id
    _payments(batch, item, sale.tenders, kind="void", sale_id=original.id,
              customer_id=original.customer_id, sign=-1)
    _stock(batch, item, stock_moves(void, env.branch, original=sale))
    cost_void(batch.costs, env, sale)
    return sale


def _shift_open(batch: Batch, item: Verified) -> Sale | None:
    env, shift = item.envelope, item.payload
    assert isinstance(shift, ShiftOpen)
    batch.shift_opens.append({
        "id": shift.shift_id, "terminal_id": env.terminal, "branch_code": env.branch,
        "opened_by": env.user, "opened_date": env.business_date,
        "opening_float": shift.opening_float.pesewas, "open_envelope_id": env.id})
    return None


def _shift_close(batch: Batch, item: Verified) -> Sale | None:
    env, close = item.envelope, item.payload
    assert isinstance(close, ShiftClose)
    batch.shift_closes.append({
        "id": close.shift_id, "terminal_id": env.terminal, "branch_code": env.branch,
        "opening_float": close.opening_float.pesewas, "closed_by": env.user,
        "closed_date": env.business_date, "expected": close.expected.pesewas,
        "counted": close.counted.pesewas, "variance": close.variance.pesewas,
        "sales_count": close.sales_count, "sales_gross": close.sales_gross.pesewas,
        "close_envelope_id": env.id})
    return None


def _cash_move(batch: Batch, item: Verified) -> Sale | None:
    env, move = item.envelope, item.payload
    assert isinstance(move, CashMove)
    batch.rows[CashMoveRow].append({
        "envelope_id": env.id, "shift_id": move.shift_id, "terminal_id": env.terminal,
        "branch_code": env.branch, "user_email": env.user, "purpose": move.purpose,
        "amount": move.amount.pesewas, "reason": move.reason, "business_date": env.business_date})
    return None


def _customer_payment(batch: Batch, item: Verified) -> Sale | None:
    payment = item.payload
    assert isinstance(payment, CustomerPayment)
    _need_customer(batch, payment.customer.id)
    batch.balance_deltas[payment.customer.id] -= payment.amount.pesewas
    _payments(batch, item, payment.tenders, kind="customer_payment", sale_id=None,
              customer_id=payment.customer.id)
    return None


def _customer_upsert(batch: Batch, item: Verified) -> Sale | None:
    upsert = item.payload
    assert isinstance(upsert, CustomerUpsert)
    state = batch.customers.get(upsert.customer_id)
    batch.customer_upserts[upsert.customer_id] = {
        "id": upsert.customer_id, "name": upsert.name, "phone": upsert.phone, "tin": upsert.tin,
        "email": upsert.email, "credit_limit": 0, "balance": 0, "status": "active",
        "created_at": batch.now, "updated_at": batch.now}
    if state is None:
        batch.customers[upsert.customer_id] = CustomerState(True, 0, 0, upsert.name)
    return None


def _receipt_sms(batch: Batch, item: Verified) -> Sale | None:
    request = item.payload
    assert isinstance(request, ReceiptSms)
    if request.sale_id not in batch.sales and request.sale_id not in batch.archived_sales:
        raise Hold("receipt_sms_unknown_sale",
                   f"A receipt by SMS was asked for sale {request.sale_id}, which this server "
                   "does not hold: there is nothing to text. Reject the envelope with a reason.")
    batch.receipt_texts.append((item.envelope.id, request.sale_id, request.phone))
    return None


def _stock_change(batch: Batch, item: Verified) -> Sale | None:
    env, change = item.envelope, item.payload
    assert isinstance(change, StockReceive | StockAdjust | StockCount)
    _need_location(batch, env.branch, change.location)
    _need_products(batch, [ln.sku for ln in change.lines])
    _stock(batch, item, stock_moves(change, env.branch))
    item.payload = cost_stock(batch.costs, env, change)  # posted at the server's values
    return None


def _transfer(batch: Batch, item: Verified) -> Sale | None:
    env, transfer = item.envelope, item.payload
    assert isinstance(transfer, Transfer)
    _need_location(batch, transfer.from_branch, transfer.from_location)
    _need_location(batch, transfer.to_branch, transfer.to_location)
    _need_products(batch, [ln.sku for ln in transfer.lines])
    office = batch.office_transfers.get(transfer.transfer_id)
    receipt = None
    if office is not None:  # sent by head office (``stock.office``): checked, then booked
        from sync_server.stock.transit import till_receives

        receipt = till_receives(batch, item, transfer, office)
    sent_by, received_by = batch.transfer_ends.get(transfer.transfer_id, (None, None))
    done_by = received_by if transfer.receiving else sent_by
    if done_by is not None and done_by != env.id:
        what = "received" if transfer.receiving else "sent"
        raise Hold("transfer_repeated",
                   f"Transfer {transfer.transfer_id} was already {what} (envelope {done_by}); "
                   f"booking it again would move its stock twice. Find out which till "
                   f"{what} it, then reject the wrong envelope with a reason.")
    batch.transfer_ends[transfer.transfer_id] = (
        (sent_by, env.id) if transfer.receiving else (env.id, received_by))
    row = {"id": transfer.transfer_id,
           "kind": "truck" if transfer.kind.startswith("truck") else "branch",
           "from_branch": transfer.from_branch, "from_location": transfer.from_location,
           "to_branch": transfer.to_branch, "to_location": transfer.to_location}
    if transfer.receiving:
        batch.transfers_received.append({**row, "received_envelope_id": env.id,
                                         "received_date": env.business_date})
    else:
        batch.transfers_sent.append({**row, "sent_envelope_id": env.id,
                                     "sent_date": env.business_date})
    _stock(batch, item, stock_moves(transfer, env.branch))
    if receipt is not None:
        item.journal = receipt()  # Dr 1200 / Cr 1210 at the value head office sent
    else:
        item.payload = cost_transfer(batch.costs, env, transfer)  # posted at the server's values
    return None


_RULES: dict[type[Any], Any] = {
    Sale: _sale, Refund: _refund, Void: _void, ShiftOpen: _shift_open, ShiftClose: _shift_close,
    CashMove: _cash_move, CustomerPayment: _customer_payment, CustomerUpsert: _customer_upsert,
    ReceiptSms: _receipt_sms,
    StockReceive: _stock_change, StockAdjust: _stock_change, StockCount: _stock_change,
    Transfer: _transfer,
}


# -- shared effects --------------------------------------------------------------------


def _payments(batch: Batch, item: Verified, tenders: tuple[Tender, ...], *, kind: str,
              sale_id: str | None, customer_id: str | None, sign: int = 1) -> None:
    env = item.envelope
    batch.rows[Payment].extend({
        "envelope_id": env.id, "tender_no": number, "kind": kind, "sale_id": sale_id,
        "customer_id": customer_id if t.method == "credit" or kind == "customer_payment" else None,
        "method": t.method, "provider": t.provider,
        # A MoMo reference as it is compared (sync.momo_refs): upper-case, no spaces.
        "reference": normalise(t.reference) if t.method == "momo" and t.reference else t.reference,
        "amount": sign * t.amount.pesewas, "tendered": sign * t.tendered.pesewas,
        "branch_code": env.branch, "terminal_id": env.terminal, "user_email": env.user,
        "business_date": env.business_date, "received_at": batch.now}
        for number, t in enumerate(tenders, start=1))


def _stock(batch: Batch, item: Verified, moves: tuple[StockMove, ...]) -> None:
    env = item.envelope
    for number, move in enumerate(moves, start=1):
        delta = _milli(move.delta)
        batch.rows[Movement].append({
            "envelope_id": env.id, "line_no": number, "branch_code": move.branch,
            "location_code": move.location, "sku": move.sku, "qty_milli": delta, "kind": env.kind,
            "business_date": env.business_date, "created_at": batch.now})
        batch.stock_deltas[(move.branch, move.location, move.sku)] += delta


# -- posting ---------------------------------------------------------------------------


def _post(batch: Batch, item: Verified, original: Sale | None, journal_id: str) -> Outcome:
    env = item.envelope
    result = post_envelope(item.payload, envelope_id=env.id, branch=env.branch,
                           entry_date=env.business_date, original=original,
                           accounts=batch.accounts, periods=batch.periods, journal_id=journal_id,
                           posted_at=batch.now,
                           precomputed=item.journal if original is None else None)
    if result.status == "none":
        return Outcome("stored")
    if result.status == "failed":
        return _posting_failed(batch, env.id, result.error or "posting failed")
    assert result.rows is not None and result.period is not None
    batch.target_periods.add(result.period)
    batch.rows[Journal].append(result.rows.journal)
    batch.rows[PostingRow].extend(result.rows.postings)
    _mirror_status(batch, env.id, "posted", None)
    return Outcome("stored", posting_status="posted", late=result.late)


def _posting_failed(batch: Batch, envelope_id: str, message: str) -> Outcome:
    _mirror_status(batch, envelope_id, "failed", message)
    return Outcome("stored", posting_status="failed", posting_error=message[:500])


def _mirror_status(batch: Batch, envelope_id: str, status: str, error: str | None) -> None:
    """Sales and returns carry their posting status too, as the seed's queries expect."""
    for model in (SaleRow, Return):
        rows = batch.rows[model]
        if rows and rows[-1]["id"] == envelope_id:
            rows[-1].update(posting_status=status, error_message=error[:500] if error else None)
