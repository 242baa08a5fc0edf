"""Rebuilding the till's own records from envelopes it made but lost (recovery after a
restore from an old backup, protocol section 9).

An envelope fetched back from head office is written as the service that made it wrote
it in the first place — minus sealing (it is already sealed) and printing (the receipt
was printed the first time):

* the outbox row, as acknowledged (``acked``) or ``held`` with the server's reason, so
  it is never pushed again and the chain head moves on to it;
* the local journal (``shared.posting.post_event``) and stock moves
  (``shared.stock.stock_moves``) — exactly what ``EventRecorder`` writes;
* the kind's own rows: a sale's ``sales``/``sale_lines``/``sale_tenders`` and its credit
  on the customer's account; a refund's ``refunds``/``refund_lines``/``refund_tenders``;
  a void (the sale marked voided, credit reversed); shifts opened and closed (with their
  Z numbers); cash moves; customer payments; customers registered at the till;
* the document counters: receipt, refund and payment numbers continue after the highest
  recovered one; shift, Z and tax invoice numbers are counted again in order, as the till
  counted them the first time, so the next of each follows on.

Not rebuilt (and why): print jobs (printed the first time), manager approvals and audit
entries of the lost events (the approvals travel inside each envelope's payload; one
audit entry records the recovery itself), and an exchange's link between its refund and
its new sale (``refunds.exchange_sale_id`` stays empty; both documents are recovered).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from shared.envelope import Envelope, parse_envelope
from shared.money import total
from shared.payloads import (
    CashMove,
    CustomerPayment,
    CustomerRef,
    CustomerUpsert,
    Refund,
    Sale,
    ShiftClose,
    ShiftOpen,
    Void,
)
from shared.posting import post_event
from shared.running import running_of
from shared.stock import stock_moves
from terminal.customers import post_to_account
from terminal.returns import write_refund_rows
from terminal.sale_rows import write_sale_rows
from terminal.shift import next_number
from terminal.store import outbox
from terminal.store import running as running_totals
from terminal.store.identity import TerminalIdentity
from terminal.store.ledger import apply_moves, write_journal
from terminal.sync.protocol import RecoveryFailed

_TRAILING_NUMBER = re.compile(r"(\d+)$")


def _bump_counter(conn: sqlite3.Connection, series: str, number_text: str) -> None:
    """The series continues after ``number_text``'s trailing number (never goes back)."""
    match = _TRAILING_NUMBER.search(number_text)
    if match is None:
        return
    conn.execute(
        "INSERT INTO doc_counters (series, last) VALUES (?, ?) ON CONFLICT (series) "
        "DO UPDATE SET last = max(last, excluded.last)",
        (series, int(match.group(1))),
    )


def _original_sale(conn: sqlite3.Connection, envelope_id: str, seq: int) -> Sale:
    row = conn.execute("SELECT envelope FROM outbox WHERE id = ?", (envelope_id,)).fetchone()
    if row is None:
        raise RecoveryFailed(
            f"Envelope seq {seq} refers to sale {envelope_id}, which this till does not have."
        )
    sale = parse_envelope(json.loads(row[0])).typed_payload()
    if not isinstance(sale, Sale):
        raise RecoveryFailed(f"Envelope seq {seq} refers to {envelope_id}, which is not a sale.")
    return sale


def _ensure_customer(conn: sqlite3.Connection, ref: CustomerRef, at: str) -> None:
    """A customer a lost sale names but the restored database lacks (registered at
    another till after the backup): a minimal row now, the next pull completes it."""
    conn.execute(
        "INSERT INTO customers (id, name, tin, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        (ref.id, ref.name, ref.tin, at),
    )


def _require_shift(conn: sqlite3.Connection, shift_id: str, seq: int) -> None:
    if conn.execute("SELECT 1 FROM shifts WHERE id = ?", (shift_id,)).fetchone() is None:
        raise RecoveryFailed(
            f"Envelope seq {seq} belongs to shift {shift_id}, which this till has no record of."
        )


def replay(
    conn: sqlite3.Connection,
    envelope: Envelope,
    *,
    status: str,
    reason: str | None,
    identity: TerminalIdentity,
    at: str,
) -> None:
    """Write one recovered envelope and everything its event wrote, in the caller's
    transaction. ``status`` is the server's: stored, held or rejected."""
    payload = envelope.typed_payload()
    original = _original_sale(conn, payload.original_id, envelope.seq) if isinstance(payload, Void) else None
    outbox.append(conn, envelope)
    running = running_of(payload)
    if running is not None:  # the till's running totals are the recovered envelope's (§3.6)
        running_totals.store(conn, running, envelope.seq)
    if status == "stored":
        conn.execute("UPDATE outbox SET status = 'acked', acked_at = ? WHERE seq = ?", (at, envelope.seq))
    else:
        words = reason or "held at head office"
        if status == "rejected":
            words = f"rejected at head office: {words}"
        conn.execute(
            "UPDATE outbox SET status = 'held', held_reason = ?, acked_at = ? WHERE seq = ?",
            (words, at, envelope.seq),
        )
    reference = _reference(conn, envelope, payload, identity)
    journal = post_event(payload, envelope.branch, reference or envelope.id, original=original)
    if journal is not None:
        write_journal(conn, journal, envelope.seq, envelope.business_date)
    apply_moves(conn, stock_moves(payload, envelope.branch, original=original), envelope.seq)
    writer = ROWS.get(type(payload))
    if writer is not None:
        writer(conn, envelope, payload, reference, at)


def _reference(
    conn: sqlite3.Connection, envelope: Envelope, payload: Any, identity: TerminalIdentity
) -> str | None:
    """The name the event's journal had on the till (and the next document number)."""
    if isinstance(payload, Sale):
        return payload.receipt_no
    if isinstance(payload, Refund):
        return payload.refund_no
    if isinstance(payload, Void):
        return payload.original_receipt_no
    if isinstance(payload, CustomerPayment):
        return payload.payment_no
    if isinstance(payload, CashMove):
        return f"CASH-{envelope.id[:8]}"
    if isinstance(payload, ShiftOpen):
        return f"SHIFT-{next_number(conn, 'shift')}"
    if isinstance(payload, ShiftClose):
        number = next_number(conn, "z")
        return f"{identity.branch_code}-{identity.terminal_code}-Z{number:06d}"
    document = getattr(payload, "document_no", None)
    return str(document) if document else None


def _sale(conn: sqlite3.Connection, e: Envelope, sale: Sale, reference: str | None, at: str) -> None:
    _require_shift(conn, sale.shift_id, e.seq)
    if sale.customer is not None:
        _ensure_customer(conn, sale.customer, at)
    write_sale_rows(
        conn,
        sale_id=e.id,
        seq=e.seq,
        sale=sale,
        user=e.user,
        business_date=e.business_date,
        created_at=e.created_at,
    )
    _bump_counter(conn, "sale", sale.receipt_no)
    if sale.customer is not None and sale.customer.tin:
        # The tax invoice number is on paper only, so the series is counted again: each
        # sale to a customer with a TIN took one (of an unregistered seller's, none — a
        # gap then, never a number printed twice).
        next_number(conn, "tax_invoice")


def _refund(conn: sqlite3.Connection, e: Envelope, refund: Refund, reference: str | None, at: str) -> None:
    _require_shift(conn, refund.shift_id, e.seq)
    sold = _original_sale(conn, refund.original_id, e.seq)
    write_refund_rows(
        conn,
        refund_id=e.id,
        seq=e.seq,
        refund=refund,
        user=e.user,
        business_date=e.business_date,
        created_at=e.created_at,
        customer=sold.customer,
        exchange_sale_id=None,
    )
    _bump_counter(conn, "refund", refund.refund_no)


def _void(conn: sqlite3.Connection, e: Envelope, void: Void, reference: str | None, at: str) -> None:
    sale = _original_sale(conn, void.original_id, e.seq)
    conn.execute("UPDATE sales SET status = 'voided' WHERE id = ?", (void.original_id,))
    conn.execute(
        "INSERT INTO voids (id, seq, sale_id, shift_id, user, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (e.id, e.seq, void.original_id, void.shift_id, e.user, void.reason, e.created_at),
    )
    on_credit = total([t.amount for t in sale.tenders if t.method == "credit"])
    if sale.customer is not None and not on_credit.is_zero:
        post_to_account(conn, sale.customer.id, e.seq, -on_credit, f"VOID {void.original_receipt_no}")


def _shift_open(
    conn: sqlite3.Connection, e: Envelope, shift: ShiftOpen, reference: str | None, at: str
) -> None:
    number = int(str(reference).rsplit("-", 1)[1])
    conn.execute(
        "INSERT INTO shifts (id, number, user, status, business_date, opened_at, opening_float, open_seq) "
        "VALUES (?, ?, ?, 'open', ?, ?, ?, ?)",
        (shift.shift_id, number, e.user, e.business_date, e.created_at, shift.opening_float.pesewas, e.seq),
    )


def _shift_close(
    conn: sqlite3.Connection, e: Envelope, close: ShiftClose, reference: str | None, at: str
) -> None:
    _require_shift(conn, close.shift_id, e.seq)
    conn.execute(
        "UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = ?, close_seq = ?, expected = ?, "
        "counted = ?, variance = ?, blind = ?, counts = ?, z_no = ? WHERE id = ?",
        (
            e.created_at,
            e.user,
            e.seq,
            close.expected.pesewas,
            close.counted.pesewas,
            close.variance.pesewas,
            int(close.blind),
            json.dumps({str(c.denomination.pesewas): c.count for c in close.counts}),
            reference,
            close.shift_id,
        ),
    )
    # A cart left open in the restored database belonged to this now-closed shift.
    conn.execute("DELETE FROM carts WHERE shift_id = ? AND status = 'open'", (close.shift_id,))


def _cash_move(conn: sqlite3.Connection, e: Envelope, move: CashMove, reference: str | None, at: str) -> None:
    _require_shift(conn, move.shift_id, e.seq)
    conn.execute(
        "INSERT INTO cash_moves (id, seq, shift_id, user, purpose, amount, into_drawer, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            e.id,
            e.seq,
            move.shift_id,
            e.user,
            move.purpose,
            move.amount.pesewas,
            int(move.into_drawer),
            move.reason,
            e.created_at,
        ),
    )


def _payment(
    conn: sqlite3.Connection, e: Envelope, payment: CustomerPayment, reference: str | None, at: str
) -> None:
    _require_shift(conn, payment.shift_id, e.seq)
    _ensure_customer(conn, payment.customer, at)
    cash = total([t.amount for t in payment.tenders if t.method == "cash"])
    conn.execute(
        "INSERT INTO customer_payments (id, seq, payment_no, customer_id, shift_id, user, amount, cash, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            e.id,
            e.seq,
            payment.payment_no,
            payment.customer.id,
            payment.shift_id,
            e.user,
            payment.amount.pesewas,
            cash.pesewas,
            e.created_at,
        ),
    )
    post_to_account(conn, payment.customer.id, e.seq, -payment.amount, payment.payment_no)
    _bump_counter(conn, "payment", payment.payment_no)


def _customer(
    conn: sqlite3.Connection, e: Envelope, c: CustomerUpsert, reference: str | None, at: str
) -> None:
    conn.execute(
        "INSERT INTO customers (id, name, phone, tin, email, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, "
        "tin = excluded.tin, email = excluded.email, updated_at = excluded.updated_at",
        (c.customer_id, c.name, c.phone, c.tin, c.email, at),
    )


RowWriter = Callable[[sqlite3.Connection, Envelope, Any, "str | None", str], None]

ROWS: dict[type, RowWriter] = {
    Sale: _sale,
    Refund: _refund,
    Void: _void,
    ShiftOpen: _shift_open,
    ShiftClose: _shift_close,
    CashMove: _cash_move,
    CustomerPayment: _payment,
    CustomerUpsert: _customer,
}

__all__ = ["replay"]
