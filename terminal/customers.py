"""Customers at the till: walk-in (no customer), registered, and business customers with
a TIN (printed on the receipt). Credit sales are checked against the last known balance
plus this till's own credit sales and payments since; payments on account are taken here.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import timedelta

from shared.money import Money, total
from shared.payloads import EMAIL_RE, CustomerPayment, CustomerRef, CustomerUpsert
from shared.tax import sale_day
from shared.tin import TIN_HELP, is_ghana_tin, normalise_tin
from terminal.auth import AuthService
from terminal.clock import Clock, shown, stamp
from terminal.errors import NotFound, TenderError, TillError
from terminal.events import EventRecorder
from terminal.receipts import payment_receipt, verifiable
from terminal.shift import ShiftService, next_number
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity
from terminal.store.print_jobs import enqueue
from terminal.store.settings import Settings
from terminal.tenders import TenderInput, settle


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    name: str
    phone: str | None
    tin: str | None
    email: str | None
    price_list: str | None
    credit_limit: Money
    balance: Money  # owed to the shop, as this till knows it

    @property
    def ref(self) -> CustomerRef:
        return CustomerRef(self.id, self.name, self.tin)

    @property
    def available_credit(self) -> Money:
        return self.credit_limit - self.balance


@dataclass(frozen=True, slots=True)
class PaymentResult:
    payment_no: str
    seq: int
    amount: Money
    change: Money
    balance: Money
    print_job: int


def _customer(row: sqlite3.Row) -> Customer:
    return Customer(
        row["id"],
        row["name"],
        row["phone"],
        row["tin"],
        row["email"],
        row["price_list"],
        Money(row["credit_limit"]),
        Money(row["balance"]),
    )


def post_to_account(
    conn: sqlite3.Connection, customer_id: str, seq: int, amount: Money, reference: str
) -> None:
    """Change what a customer owes (+ a credit sale, − a payment, refund or void) in the
    transaction of the envelope ``seq``; remembered so a pulled balance can add it."""
    conn.execute(
        "INSERT INTO customer_entries (customer_id, seq, amount, reference) VALUES (?, ?, ?, ?)",
        (customer_id, seq, amount.pesewas, reference),
    )
    conn.execute("UPDATE customers SET balance = balance + ? WHERE id = ?", (amount.pesewas, customer_id))


class CustomerService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock,
        settings: Settings,
        identity: TerminalIdentity,
        auth: AuthService,
        shifts: ShiftService,
        recorder: EventRecorder,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.identity = identity
        self.auth = auth
        self.shifts = shifts
        self.recorder = recorder

    def get(self, customer_id: str) -> Customer:
        row = self.db.one("SELECT * FROM customers WHERE id = ?", (customer_id,))
        if row is None:
            raise NotFound("That customer is not on this till.")
        return _customer(row)

    def search(self, text: str, limit: int = 20) -> tuple[Customer, ...]:
        like = f"%{text.strip()}%"
        rows = self.db.query(
            "SELECT * FROM customers WHERE active = 1 AND (name LIKE ? OR phone LIKE ? "
            "OR tin LIKE ?) ORDER BY name LIMIT ?",
            (like, like, like, limit),
        )
        return tuple(_customer(r) for r in rows)

    def register(
        self,
        name: str,
        *,
        phone: str | None = None,
        tin: str | None = None,
        email: str | None = None,
        price_list: str | None = None,
    ) -> Customer:
        """A new customer registered at the till (sent to head office as an envelope).
        Credit limits are set centrally, so a till-registered customer starts at zero."""
        user = self.auth.session.user
        shift = self.shifts.require_open()
        name = name.strip()
        tin = normalise_tin(tin or "") or None
        if not name or len(name) > 200:
            raise TillError("Type the customer's name (at most 200 characters).")
        if tin and not is_ghana_tin(tin):
            raise TillError(f"“{tin}” is not a TIN in GRA's format: {TIN_HELP}.")
        if email and not EMAIL_RE.fullmatch(email):
            raise TillError(f"“{email}” is not an e-mail address.")
        if price_list and self.db.scalar("SELECT 1 FROM price_lists WHERE code = ?", (price_list,)) is None:
            raise TillError(f"There is no price list “{price_list}”.")
        customer_id = str(uuid.uuid4())
        payload = CustomerUpsert(customer_id, name, phone or None, tin, email or None)
        at = stamp(self.clock.now())
        with self.db.transaction() as conn:
            self.recorder.record(
                conn,
                kind="customer_upsert",
                payload=payload,
                user=user.email,
                business_date=shift.business_date,
            )
            conn.execute(
                "INSERT INTO customers (id, name, phone, tin, email, price_list, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (customer_id, name, phone, tin, email, price_list, at),
            )
        return self.get(customer_id)

    def take_payment(self, customer_id: str, tenders: list[TenderInput]) -> PaymentResult:
        """A customer paying what they owe, in cash, mobile money or card."""
        user = self.auth.session.user
        shift = self.shifts.require_open()
        customer = self.get(customer_id)
        if any(t.method == "credit" for t in tenders):
            raise TenderError("A payment on account cannot itself be on credit.")
        given = total([t.amount for t in tenders])
        if given.pesewas <= 0:
            raise TenderError("Enter the amount the customer pays.")
        non_cash = total([t.amount for t in tenders if t.method != "cash"])
        amount = given if non_cash == given else min(given, max(customer.balance, non_cash))
        if amount.pesewas <= 0:
            raise TenderError(f"{customer.name} owes nothing on account.")
        settled, change = settle(amount, tenders)
        now = self.clock.now()
        with self.db.transaction() as conn:
            number = next_number(conn, "payment")
            payment_no = f"{self.identity.branch_code}-{self.identity.terminal_code}-P{number:06d}"
            payload = CustomerPayment(payment_no, shift.id, customer.ref, amount, settled)
            rec = self.recorder.record(
                conn,
                kind="customer_payment",
                payload=payload,
                user=user.email,
                business_date=sale_day(now).isoformat(),
                reference=payment_no,
            )
            cash = total([t.amount for t in settled if t.method == "cash"])
            conn.execute(
                "INSERT INTO customer_payments (id, seq, payment_no, customer_id, shift_id, user, "
                "amount, "
                "cash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rec.envelope.id,
                    rec.envelope.seq,
                    payment_no,
                    customer.id,
                    shift.id,
                    user.email,
                    amount.pesewas,
                    cash.pesewas,
                    stamp(now),
                ),
            )
            post_to_account(conn, customer.id, rec.envelope.seq, -amount, payment_no)
            balance = customer.balance - amount
            doc = payment_receipt(
                payload,
                settings=self.settings,
                identity=self.identity,
                issued_at=shown(now),
                cashier=user.name,
                envelope_hash=rec.envelope.hash,
                balance=balance,
                taxed_on=shift.business_date,
            )
            doc = verifiable(doc, rec.envelope, self.recorder.key)
            job = enqueue(
                conn,
                kind="customer_payment",
                reference=payment_no,
                document=doc.to_json(),
                now=now,
                open_drawer=not cash.is_zero,
                drawer_deadline=now + timedelta(seconds=self.settings.drawer_kick_seconds),
            )
        return PaymentResult(payment_no, rec.envelope.seq, amount, change, balance, job)
