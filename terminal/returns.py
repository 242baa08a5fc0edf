"""Returns, exchanges and voids of completed sales.

The original is found by its receipt number or by the payload of the receipt's QR code.
A return refunds some or all lines — never more than was sold net of earlier returns,
the price paid for what comes back (``shared.returns.refund_line``) — to the original tenders or
in cash, and puts restockable goods back. An exchange is a return and a new sale in ONE
transaction, the refund standing as cash handed over for the new sale. A void cancels a
sale of the open shift entirely (never one with returns). Each makes its own envelope
and reversing journal.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from shared.envelope import Envelope
from shared.errors import ReturnError
from shared.money import Money, format_quantity, total
from shared.payloads import CustomerRef, Refund, RefundLine, Sale, Tender, Void
from shared.returns import Returned, refund_line
from shared.tax import sale_day
from terminal.auth import AuthService, GrantedApproval, spend_approval
from terminal.clock import Clock, shown, stamp
from terminal.customers import post_to_account
from terminal.errors import NotFound, TillError
from terminal.events import EventRecorder
from terminal.receipts import parse_qr, refund_slip, verifiable, void_slip
from terminal.sale import SaleResult, SaleService
from terminal.shift import ShiftService, next_number
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity
from terminal.store.outbox import envelope_of
from terminal.store.print_jobs import enqueue
from terminal.store.pruned import chain_anchor
from terminal.store.settings import Settings
from terminal.tenders import TenderInput, cash

_FIGURES = ("net", "vat", "nhil", "getfund", "covid", "cost")


@dataclass(frozen=True, slots=True)
class ReturnItem:
    line_no: int
    qty: Decimal
    restock: bool = True  # False for damaged or expired goods (they do not go back on the shelf)


@dataclass(frozen=True, slots=True)
class ReturnableLine:
    line_no: int
    sku: str
    name: str
    unit: str
    sold: Decimal
    returned: Decimal
    gross: Money

    @property
    def left(self) -> Decimal:
        return self.sold - self.returned


def _invoice_of(conn: sqlite3.Connection, receipt_no: str) -> str | None:
    """The tax invoice number a sale of this till was printed with, if it was one (the
    number is allocated when the sale is made and kept in its receipt's print job)."""
    row = conn.execute(
        "SELECT document FROM print_jobs WHERE kind = 'sale' AND reference = ? ORDER BY id LIMIT 1",
        (receipt_no,),
    ).fetchone()
    if row is None:
        return None
    number = json.loads(row[0]).get("invoice_no")
    return number if isinstance(number, str) and number else None


@dataclass(frozen=True, slots=True)
class SoldReceipt:
    """A completed sale as the returns screen shows it."""

    sale_id: str
    receipt_no: str
    status: str
    shift_id: str
    business_date: str
    sale: Sale
    lines: tuple[ReturnableLine, ...]
    has_returns: bool
    taxed_on: str = ""  # the sale's own day, whose VAT registration its tax followed
    envelope: Envelope | None = None  # the sale's (a void's slip carries its figures)


@dataclass(frozen=True, slots=True)
class RefundResult:
    refund_no: str
    seq: int
    gross: Money
    tenders: tuple[Tender, ...]
    print_job: int


@dataclass(frozen=True, slots=True)
class ExchangeResult:
    refund: RefundResult
    sale: SaleResult


@dataclass(frozen=True, slots=True)
class VoidResult:
    receipt_no: str
    seq: int
    gross: Money
    print_job: int


class ReturnService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock,
        settings: Settings,
        identity: TerminalIdentity,
        auth: AuthService,
        shifts: ShiftService,
        sales: SaleService,
        recorder: EventRecorder,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.identity = identity
        self.auth = auth
        self.shifts = shifts
        self.sales = sales
        self.recorder = recorder

    # -- finding the sale -----------------------------------------------------------------
    def find(self, text: str) -> SoldReceipt:
        """By receipt number (``MAIN-T01-000123``) or the receipt's QR payload."""
        text = text.strip()
        qr = parse_qr(text)
        receipt_no = qr[0] if qr else text
        row = self.db.one(
            "SELECT s.*, o.envelope, o.hash FROM sales s JOIN outbox o ON o.seq = s.seq "
            "WHERE s.receipt_no = ? COLLATE NOCASE",
            (receipt_no,),
        )
        if row is None:
            older = ""
            if chain_anchor(self.db).seq:  # this till has pruned its old sales (terminal/prune.py)
                older = (
                    f" This till keeps sales of the last {self.settings.prune_after_days} days only: "
                    "an older receipt is returned at head office."
                )
            raise NotFound(
                f"No sale with receipt number “{receipt_no}” was made on this till. Check the "
                "number on the receipt (sales of other tills are returned there or at head office)."
                + older
            )
        if qr and not row["hash"].startswith(qr[1]):
            raise NotFound(
                "This QR code does not match the till's record of that receipt. Check the receipt "
                "with the manager."
            )
        envelope = envelope_of(row["envelope"])
        sale: Sale = envelope.typed_payload()
        done = self._returned(row["id"])
        lines = tuple(
            ReturnableLine(
                ln.line_no,
                ln.sku,
                ln.name,
                ln.unit,
                ln.qty,
                done.get(ln.line_no, Returned()).qty,
                ln.gross,
            )
            for ln in sale.lines
        )
        return SoldReceipt(
            row["id"],
            row["receipt_no"],
            row["status"],
            row["shift_id"],
            row["business_date"],
            sale,
            lines,
            bool(done),
            sale_day(envelope.created_at).isoformat(),
            envelope,
        )

    def preview(self, receipt: SoldReceipt, items: list[ReturnItem]) -> Money:
        """What refunding ``items`` of ``receipt`` pays back, worked out exactly as the
        refund will be (the returns screen shows it before the cashier refunds). Nothing
        is written; a quantity over what is left raises ``ReturnError``."""
        sold = {ln.line_no: ln for ln in receipt.sale.lines}
        done = self._returned(receipt.sale_id)
        try:
            return total([
                refund_line(sold[i.line_no], i.qty, done.get(i.line_no, Returned()), restock=i.restock).gross
                for i in items if i.line_no in sold and i.qty > 0
            ])
        except ReturnError as exc:
            raise TillError(str(exc), code=exc.code) from None

    def _returned(self, sale_id: str) -> dict[int, Returned]:
        rows = self.db.query(
            "SELECT l.line_no, l.qty, l.net, l.vat, l.nhil, l.getfund, l.covid, l.cost "
            "FROM refund_lines l JOIN refunds r ON r.id = l.refund_id WHERE r.sale_id = ?",
            (sale_id,),
        )
        done: dict[int, Returned] = {}
        for r in rows:
            before = done.get(r["line_no"], Returned())
            done[r["line_no"]] = Returned(
                before.qty + Decimal(r["qty"]),
                *(getattr(before, f) + Money(r[f]) for f in _FIGURES),
            )
        return done

    # -- refund ---------------------------------------------------------------------------
    def _build_refund(
        self,
        receipt: SoldReceipt,
        items: list[ReturnItem],
        *,
        reason: str,
        to: str,
        refund_no: str,
        shift_id: str,
        granted: GrantedApproval | None,
    ) -> Refund:
        if receipt.status != "completed":
            raise TillError(f"Sale {receipt.receipt_no} was voided; there is nothing to return.")
        if not items:
            raise TillError("Choose the lines and quantities to return.")
        if not reason.strip():
            raise TillError("Say why the goods are returned (e.g. “damaged”, “wrong size”).")
        if to not in ("original", "cash"):
            raise TillError("Refund to the original payment or in cash.")
        sold = {ln.line_no: ln for ln in receipt.sale.lines}
        done = self._returned(receipt.sale_id)
        if len({i.line_no for i in items}) != len(items):
            raise TillError("A line is listed twice in this return.")
        lines: list[RefundLine] = []
        for item in items:
            if item.line_no not in sold:
                raise TillError(f"Sale {receipt.receipt_no} has no line {item.line_no}.")
            try:
                lines.append(
                    refund_line(
                        sold[item.line_no],
                        item.qty,
                        done.get(item.line_no, Returned()),
                        restock=item.restock,
                    )
                )
            except ReturnError as exc:
                raise TillError(str(exc), code=exc.code) from None
        gross = total([ln.gross for ln in lines])
        tenders = self._refund_tenders(receipt.sale, gross, to)
        return Refund(
            refund_no=refund_no,
            shift_id=shift_id,
            location=receipt.sale.location,
            original_id=receipt.sale_id,
            original_receipt_no=receipt.receipt_no,
            lines=tuple(lines),
            tenders=tenders,
            reason=reason.strip(),
            approvals=(granted.approval,) if granted else (),
        )

    @staticmethod
    def _refund_tenders(sale: Sale, gross: Money, to: str) -> tuple[Tender, ...]:
        if gross.is_zero:
            raise TillError("These lines were free; there is nothing to refund.")
        if to == "cash":
            return (Tender("cash", gross, gross),)
        # Back to the original tenders in proportion to what each settled.
        parts = gross.allocate(tuple(t.amount.pesewas for t in sale.tenders))
        merged: dict[tuple[str, str | None, str | None], Money] = {}
        for tender, part in zip(sale.tenders, parts, strict=True):
            if not part.is_zero:
                key = (tender.method, tender.provider, tender.reference)
                merged[key] = merged.get(key, Money.ZERO) + part
        return tuple(Tender(m, a, a, p, r) for (m, p, r), a in merged.items())

    def _commit_refund(
        self,
        conn: sqlite3.Connection,
        receipt: SoldReceipt,
        refund: Refund,
        granted: GrantedApproval | None,
        exchange_sale_id: str | None = None,
    ) -> RefundResult:
        user = self.auth.session.user
        self.shifts.require_open()
        now = self.clock.now()
        rec = self.recorder.record(
            conn,
            kind="refund",
            payload=refund,
            user=user.email,
            business_date=sale_day(now).isoformat(),
            reference=refund.refund_no,
        )
        refund = rec.payload  # as signed: its running totals (and training flag) in it
        seq = rec.envelope.seq
        if granted:
            spend_approval(conn, granted, seq)
        write_refund_rows(
            conn,
            refund_id=rec.envelope.id,
            seq=seq,
            refund=refund,
            user=user.email,
            business_date=sale_day(now).isoformat(),
            created_at=stamp(now),
            customer=receipt.sale.customer,
            exchange_sale_id=exchange_sale_id,
        )
        audit(
            conn,
            stamp(now),
            user.email,
            "refund",
            refund.refund_no,
            sale=receipt.receipt_no,
            gross=refund.gross.pesewas,
            reason=refund.reason,
            approver=granted.approver.email if granted else None,
            lines={str(ln.line_no): format_quantity(ln.qty) for ln in refund.lines},
        )
        invoice_no = _invoice_of(conn, receipt.receipt_no)
        credit_note_no = None
        if invoice_no is not None:
            # A refund of a tax invoice is a credit note, in its own consecutive series.
            number = next_number(conn, "credit_note")
            credit_note_no = f"{self.identity.branch_code}-{self.identity.terminal_code}-CN{number:06d}"
        doc = refund_slip(
            refund,
            receipt.sale,
            settings=self.settings,
            identity=self.identity,
            issued_at=shown(now),
            cashier=user.name,
            envelope_hash=rec.envelope.hash,
            taxed_on=receipt.taxed_on,  # the refund gives back the sale's own tax
            approved_by=granted.approver.name if granted else None,
            credit_note_no=credit_note_no,
            original_invoice_no=invoice_no,
        )
        doc = verifiable(doc, rec.envelope, self.recorder.key)
        has_cash = any(t.method == "cash" for t in refund.tenders) and exchange_sale_id is None
        job = enqueue(
            conn,
            kind="refund",
            reference=refund.refund_no,
            document=doc.to_json(),
            now=now,
            open_drawer=has_cash,
            drawer_deadline=now + timedelta(seconds=self.settings.drawer_kick_seconds) if has_cash else None,
        )
        return RefundResult(refund.refund_no, seq, refund.gross, refund.tenders, job)

    def _refund_no(self, conn: sqlite3.Connection) -> str:
        number = next_number(conn, "refund")
        return f"{self.identity.branch_code}-{self.identity.terminal_code}-R{number:06d}"

    def refund(
        self,
        receipt: str,
        items: list[ReturnItem],
        *,
        reason: str,
        to: str = "original",
        approval: GrantedApproval | None = None,
    ) -> RefundResult:
        """Return lines of a sale (``receipt``: number or QR payload) and refund them."""
        shift = self.shifts.require_open()
        granted = self.auth.authority("refund", approval)
        found = self.find(receipt)
        with self.db.transaction() as conn:
            refund = self._build_refund(
                found,
                items,
                reason=reason,
                to=to,
                refund_no=self._refund_no(conn),
                shift_id=shift.id,
                granted=granted,
            )
            return self._commit_refund(conn, found, refund, granted)

    def exchange(
        self,
        receipt: str,
        items: list[ReturnItem],
        *,
        reason: str,
        tenders: list[TenderInput],
        approval: GrantedApproval | None = None,
    ) -> ExchangeResult:
        """Return ``items`` and sell the current cart in one step: the refund counts as
        cash handed over for the new sale; ``tenders`` pay any difference (with an empty
        list, the customer gets the difference back in cash)."""
        shift = self.shifts.require_open()
        granted = self.auth.authority("refund", approval)
        found = self.find(receipt)
        with self.db.transaction() as conn:
            refund = self._build_refund(
                found,
                items,
                reason=reason,
                to="cash",
                refund_no=self._refund_no(conn),
                shift_id=shift.id,
                granted=granted,
            )
            sale = self.sales.commit_in(conn, [cash(refund.gross), *tenders])
            result = self._commit_refund(conn, found, refund, granted, exchange_sale_id=sale.sale_id)
        self.sales.forget_cart()
        return ExchangeResult(result, sale)

    # -- void -------------------------------------------------------------------------------
    def void(self, receipt: str, *, reason: str, approval: GrantedApproval | None = None) -> VoidResult:
        """Cancel a completed sale of the open shift entirely."""
        user = self.auth.session.user
        shift = self.shifts.require_open()
        granted = self.auth.authority("void", approval)
        found = self.find(receipt)
        if found.status != "completed":
            raise TillError(f"Sale {found.receipt_no} is already voided.")
        if found.shift_id != shift.id:
            raise TillError(
                f"Sale {found.receipt_no} was made in an earlier shift and cannot be voided. "
                "Do a return instead."
            )
        if found.has_returns:
            raise TillError(
                f"Sale {found.receipt_no} has returns, so it cannot be voided. Return the rest instead."
            )
        if not reason.strip():
            raise TillError("Say why the sale is voided.")
        payload = Void(
            shift.id,
            found.sale_id,
            found.receipt_no,
            reason.strip(),
            (granted.approval,) if granted else (),
        )
        now = self.clock.now()
        sale = found.sale
        with self.db.transaction() as conn:
            rec = self.recorder.record(
                conn,
                kind="void",
                payload=payload,
                user=user.email,
                business_date=sale_day(now).isoformat(),
                reference=found.receipt_no,
                original=sale,
            )
            if granted:
                spend_approval(conn, granted, rec.envelope.seq)
            cur = conn.execute(
                "UPDATE sales SET status = 'voided' WHERE id = ? AND status = 'completed'",
                (found.sale_id,),
            )
            if cur.rowcount != 1:
                raise TillError(f"Sale {found.receipt_no} was voided meanwhile.")
            conn.execute(
                "INSERT INTO voids (id, seq, sale_id, shift_id, user, reason, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    rec.envelope.id,
                    rec.envelope.seq,
                    found.sale_id,
                    shift.id,
                    user.email,
                    payload.reason,
                    stamp(now),
                ),
            )
            on_credit = total([t.amount for t in sale.tenders if t.method == "credit"])
            if not on_credit.is_zero and sale.customer is not None:
                post_to_account(
                    conn, sale.customer.id, rec.envelope.seq, -on_credit, f"VOID {found.receipt_no}"
                )
            audit(
                conn,
                stamp(now),
                user.email,
                "void",
                found.receipt_no,
                gross=sale.totals.gross.pesewas,
                reason=payload.reason,
                approver=granted.approver.email if granted else None,
            )
            doc = void_slip(
                sale,
                payload.reason,
                settings=self.settings,
                identity=self.identity,
                issued_at=shown(now),
                cashier=user.name,
                envelope_hash=rec.envelope.hash,
                taxed_on=found.taxed_on,
                approved_by=granted.approver.name if granted else None,
            )
            doc = verifiable(doc, rec.envelope, self.recorder.key, found.envelope)
            has_cash = any(t.method == "cash" for t in sale.tenders)
            job = enqueue(
                conn,
                kind="void",
                reference=f"{found.receipt_no}-V",
                document=doc.to_json(),
                now=now,
                open_drawer=has_cash,
                drawer_deadline=now + timedelta(seconds=self.settings.drawer_kick_seconds)
                if has_cash
                else None,
            )
        return VoidResult(found.receipt_no, rec.envelope.seq, sale.totals.gross, job)


def write_refund_rows(
    conn: sqlite3.Connection,
    *,
    refund_id: str,
    seq: int,
    refund: Refund,
    user: str,
    business_date: str,
    created_at: str,
    customer: CustomerRef | None,
    exchange_sale_id: str | None = None,
) -> None:
    """The rows of a refund: ``refunds``, ``refund_lines``, ``refund_tenders`` and, for a
    refund to the account, the credit taken back from ``customer`` (the original sale's).
    The one writer of these rows, used by ``ReturnService`` and by recovery
    (``terminal.sync.replay``)."""
    conn.execute(
        "INSERT INTO refunds (id, seq, refund_no, sale_id, shift_id, user, business_date, "
        "created_at, "
        "reason, gross, exchange_sale_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            refund_id,
            seq,
            refund.refund_no,
            refund.original_id,
            refund.shift_id,
            user,
            business_date,
            created_at,
            refund.reason,
            refund.gross.pesewas,
            exchange_sale_id,
        ),
    )
    conn.executemany(
        "INSERT INTO refund_lines (refund_id, line_no, sku, qty, restock, net, vat, nhil, "
        "getfund, covid, gross, "
        "cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                refund_id,
                ln.line_no,
                ln.sku,
                str(ln.qty),
                int(ln.restock),
                ln.net.pesewas,
                ln.vat.pesewas,
                ln.nhil.pesewas,
                ln.getfund.pesewas,
                ln.covid.pesewas,
                ln.gross.pesewas,
                ln.cost.pesewas,
            )
            for ln in refund.lines
        ],
    )
    conn.executemany(
        "INSERT INTO refund_tenders (refund_id, n, method, provider, reference, amount) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (refund_id, n, t.method, t.provider, t.reference, t.amount.pesewas)
            for n, t in enumerate(refund.tenders, start=1)
        ],
    )
    on_credit = total([t.amount for t in refund.tenders if t.method == "credit"])
    if customer is not None and not on_credit.is_zero:
        post_to_account(conn, customer.id, seq, -on_credit, refund.refund_no)


__all__ = [
    "ExchangeResult",
    "RefundResult",
    "ReturnItem",
    "ReturnService",
    "SoldReceipt",
    "VoidResult",
    "json",
    "write_refund_rows",
]
