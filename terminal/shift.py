"""Shifts: one open shift per till; open with a float, cash in and out with a purpose,
no-sale drawer opens, the X report at any time, and the close — a count by Ghana
denominations, expected against counted, the variance posted as over/short, the Z
report printed and a backup taken. Sales need an open shift; its business date is the
date on every envelope of the shift."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from shared.money import Money, total
from shared.payloads import (
    CASH_PURPOSES,
    DENOMINATIONS,
    CashMove,
    DenominationCount,
    ShiftClose,
    ShiftOpen,
)
from shared.tenders import label_rank, tender_label
from terminal.auth import AuthService, GrantedApproval, spend_approval
from terminal.clock import Clock, shown, stamp
from terminal.errors import NoOpenShift, NotAllowed, ShiftError
from terminal.events import EventRecorder
from terminal.receipts import report
from terminal.safeguards import shortage_needs_manager
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity
from terminal.store.print_jobs import enqueue
from terminal.store.settings import Settings


@dataclass(frozen=True, slots=True)
class Shift:
    id: str
    number: int
    user: str
    status: str
    business_date: str
    opened_at: str
    opening_float: Money


@dataclass(frozen=True, slots=True)
class ShiftFigures:
    """What the drawer should hold and what the shift sold."""

    opening_float: Money
    cash_sales: Money
    cash_refunds: Money
    cash_in: Money
    cash_out: Money
    cash_payments: Money
    sales_count: int
    sales_gross: Money
    refunds_count: int
    refunds_gross: Money
    voids_count: int
    voids_gross: Money
    discounts: Money
    tax: dict[str, Money]
    by_tender: dict[str, Money]
    by_cashier: dict[str, tuple[int, Money]]

    @property
    def expected(self) -> Money:
        return (
            self.opening_float
            + self.cash_sales
            - self.cash_refunds
            + self.cash_in
            - self.cash_out
            + self.cash_payments
        )


@dataclass(frozen=True, slots=True)
class CloseResult:
    shift: Shift
    z_no: str
    counted: Money
    expected: Money | None  # None on a blind close for someone without the reports permission
    variance: Money | None
    seq: int
    print_job: int


@dataclass(frozen=True, slots=True)
class CashMoveResult:
    seq: int
    amount: Money
    purpose: str
    print_job: int


def _approved_by(granted: GrantedApproval | None) -> list[tuple[str, str]]:
    """The approving manager on a slip, by name (the slip is signed and filed by people)."""
    return [("Approved by", granted.approver.name)] if granted else []


def _shift(row: sqlite3.Row) -> Shift:
    return Shift(
        row["id"],
        row["number"],
        row["user"],
        row["status"],
        row["business_date"],
        row["opened_at"],
        Money(row["opening_float"]),
    )


def next_number(conn: sqlite3.Connection, series: str) -> int:
    """The next number of a document series, in the caller's transaction (so a
    rolled-back document never leaves a gap)."""
    # One statement (an upsert that returns the new number) instead of three.
    rows = conn.execute(
        "INSERT INTO doc_counters (series, last) VALUES (?, 1) "
        "ON CONFLICT (series) DO UPDATE SET last = last + 1 RETURNING last",
        (series,),
    ).fetchall()
    return int(rows[0][0])


def closed_month_note(db: Database, day: str) -> str | None:
    """A sentence when head office has closed the month of ``day`` (the till learns closed
    months from the feed): the till's clock is probably wrong, or the day is long gone."""
    from terminal.store.masterdata import MasterData

    if MasterData(db).fiscal_period_status(day[:7]) != "closed":
        return None
    return (f"Head office has closed {day[:7]} and this till's clock says {day}. Check the "
            "till's date and time (Settings → About shows both).")


class ShiftService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock,
        settings: Settings,
        identity: TerminalIdentity,
        auth: AuthService,
        recorder: EventRecorder,
        after_close: Callable[[], object] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.identity = identity
        self.auth = auth
        self.recorder = recorder
        self.after_close = after_close

    # -- state ----------------------------------------------------------------------
    def current(self) -> Shift | None:
        row = self.db.one("SELECT * FROM shifts WHERE status = 'open'")
        return None if row is None else _shift(row)

    def require_open(self) -> Shift:
        shift = self.current()
        if shift is None:
            raise NoOpenShift(
                "No shift is open on this till. Open a shift (count the float) to start selling."
            )
        return shift

    def _printed_for(self, shift: Shift) -> str:
        return f"{self.auth.session.user.name} — shift {shift.business_date} #{shift.number}"

    # -- open -----------------------------------------------------------------------
    def open(self, opening_float: Money) -> Shift:
        user = self.auth.session.user
        if opening_float.is_negative:
            raise ShiftError("The opening float cannot be negative.")
        if self.current() is not None:
            raise ShiftError("A shift is already open on this till. Close it before opening another.")
        now = self.clock.now()
        shift_id = str(uuid.uuid4())
        business_date = now.date().isoformat()
        closed = closed_month_note(self.db, business_date)
        if closed:
            raise ShiftError(closed + " A shift cannot open in it.")
        with self.db.transaction() as conn:
            number = next_number(conn, "shift")
            payload = ShiftOpen(shift_id, opening_float)
            rec = self.recorder.record(
                conn,
                kind="shift_open",
                payload=payload,
                user=user.email,
                business_date=business_date,
                reference=f"SHIFT-{number}",
            )
            conn.execute(
                "INSERT INTO shifts (id, number, user, status, business_date, opened_at, "
                "opening_float, open_seq) VALUES (?, ?, ?, 'open', ?, ?, ?, ?)",
                (
                    shift_id,
                    number,
                    user.email,
                    business_date,
                    stamp(now),
                    opening_float.pesewas,
                    rec.envelope.seq,
                ),
            )
            shift = Shift(shift_id, number, user.email, "open", business_date, stamp(now), opening_float)
            doc = report(
                "shift_open",
                "Shift opened",
                settings=self.settings,
                identity=self.identity,
                printed_for=self._printed_for(shift),
                issued_at=shown(now),
                sections=[("", [("Opening float", opening_float.format())])],
            )
            enqueue(
                conn,
                kind="shift_open",
                reference=f"SHIFT-{number}",
                document=doc.to_json(),
                now=now,
                open_drawer=True,
                drawer_deadline=now + timedelta(seconds=self.settings.drawer_kick_seconds),
            )
        return shift

    # -- cash in / out and no sale --------------------------------------------------
    def cash_move(
        self, purpose: str, amount: Money, reason: str, approval: GrantedApproval | None = None
    ) -> CashMoveResult:
        """Cash into the drawer (``float_in``, ``bank_in``) or out of it (``paid_out``,
        ``drop_to_bank``, ``to_safe``); taking cash out needs the cash_out permission."""
        user = self.auth.session.user
        shift = self.require_open()
        if purpose not in CASH_PURPOSES:
            raise ShiftError(f"“{purpose}” is not a cash purpose: use one of {', '.join(CASH_PURPOSES)}.")
        if amount.pesewas <= 0:
            raise ShiftError("The amount must be more than zero.")
        if not reason.strip():
            raise ShiftError("Say why the cash is moved (e.g. “fuel for generator”).")
        move = CashMove(shift.id, purpose, amount, reason.strip())
        granted = None if move.into_drawer else self.auth.authority("cash_out", approval)
        if not move.into_drawer:
            figures = self.figures(shift)
            if amount > figures.expected:
                raise ShiftError(
                    f"The drawer should hold only {figures.expected.format()}; "
                    f"{amount.format()} cannot be taken out."
                )
        if granted:
            move = CashMove(shift.id, purpose, amount, reason.strip(), (granted.approval,))
        now = self.clock.now()
        with self.db.transaction() as conn:
            move_id = self.recorder.new_id()
            rec = self.recorder.record(
                conn,
                kind="cash_move",
                payload=move,
                user=user.email,
                business_date=shift.business_date,
                reference=f"CASH-{move_id[:8]}",
                envelope_id=move_id,
            )
            if granted:
                spend_approval(conn, granted, rec.envelope.seq)
            conn.execute(
                "INSERT INTO cash_moves (id, seq, shift_id, user, purpose, amount, into_drawer, "
                "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    move_id,
                    rec.envelope.seq,
                    shift.id,
                    user.email,
                    purpose,
                    amount.pesewas,
                    int(move.into_drawer),
                    move.reason,
                    stamp(now),
                ),
            )
            audit(
                conn,
                stamp(now),
                user.email,
                "cash_move",
                purpose,
                amount=amount.pesewas,
                reason=move.reason,
                approver=granted.approver.email if granted else None,
            )
            word = "Cash in" if move.into_drawer else "Cash out"
            doc = report(
                "cash_move",
                word,
                settings=self.settings,
                identity=self.identity,
                printed_for=self._printed_for(shift),
                issued_at=shown(now),
                sections=[
                    (
                        "",
                        [
                            ("Purpose", purpose.replace("_", " ")),
                            ("Amount", amount.format()),
                            ("Reason", move.reason),
                            *_approved_by(granted),
                        ],
                    )
                ],
            )
            job = enqueue(
                conn,
                kind="cash_move",
                reference=f"CASH-{move_id[:8]}",
                document=doc.to_json(),
                now=now,
                open_drawer=True,
                drawer_deadline=now + timedelta(seconds=self.settings.drawer_kick_seconds),
            )
        return CashMoveResult(rec.envelope.seq, amount, purpose, job)

    def no_sale(self, reason: str, approval: GrantedApproval | None = None) -> int:
        """Open the drawer without a sale (change for a customer, a jammed drawer).
        Prints a "No sale" slip; the drawer open is audited when the printer reports it."""
        user = self.auth.session.user
        shift = self.require_open()
        granted = self.auth.authority("no_sale", approval)
        if not reason.strip():
            raise ShiftError("Say why the drawer is opened.")
        now = self.clock.now()
        with self.db.transaction() as conn:
            if granted:
                spend_approval(conn, granted, 0)
            audit(
                conn,
                stamp(now),
                user.email,
                "no_sale",
                None,
                reason=reason.strip(),
                approver=granted.approver.email if granted else None,
            )
            doc = report(
                "cash_move",
                "No sale",
                settings=self.settings,
                identity=self.identity,
                printed_for=self._printed_for(shift),
                issued_at=shown(now),
                sections=[
                    (
                        "",
                        [("Drawer opened", "no sale"), ("Reason", reason.strip()), *_approved_by(granted)],
                    )
                ],
            )
            return enqueue(
                conn,
                kind="cash_move",
                reference="NO-SALE",
                document=doc.to_json(),
                now=now,
                open_drawer=True,
                drawer_deadline=now + timedelta(seconds=self.settings.drawer_kick_seconds),
            )

    # -- figures and reports --------------------------------------------------------
    def figures(self, shift: Shift) -> ShiftFigures:
        q = self.db.scalar
        sid = shift.id
        live = "SELECT id FROM sales WHERE shift_id = ? AND status = 'completed'"
        cash_sales = Money(
            int(
                q(
                    f"SELECT coalesce(sum(amount), 0) FROM sale_tenders WHERE method = 'cash' "
                    f"AND sale_id IN ({live})",
                    (sid,),
                )
            )
        )
        cash_refunds = Money(
            int(
                q(
                    "SELECT coalesce(sum(t.amount), 0) FROM refund_tenders t JOIN refunds r "
                    "ON r.id = t.refund_id WHERE r.shift_id = ? AND t.method = 'cash'",
                    (sid,),
                )
            )
        )
        cash_in = Money(
            int(
                q(
                    "SELECT coalesce(sum(amount), 0) FROM cash_moves WHERE shift_id = ? AND into_drawer = 1",
                    (sid,),
                )
            )
        )
        cash_out = Money(
            int(
                q(
                    "SELECT coalesce(sum(amount), 0) FROM cash_moves WHERE shift_id = ? AND into_drawer = 0",
                    (sid,),
                )
            )
        )
        payments = Money(
            int(q("SELECT coalesce(sum(cash), 0) FROM customer_payments WHERE shift_id = ?", (sid,)))
        )
        row = self.db.one(
            "SELECT count(*), coalesce(sum(gross), 0), coalesce(sum(discount), 0), "
            "coalesce(sum(vat), 0), coalesce(sum(nhil), 0), coalesce(sum(getfund), 0), "
            "coalesce(sum(covid), 0), coalesce(sum(net), 0) FROM sales "
            "WHERE shift_id = ? AND status = 'completed'",
            (sid,),
        )
        assert row is not None
        refunds = self.db.one(
            "SELECT count(*), coalesce(sum(gross), 0) FROM refunds WHERE shift_id = ?", (sid,)
        )
        assert refunds is not None
        voids = self.db.one(
            "SELECT count(*), coalesce(sum(s.gross), 0) FROM voids v JOIN sales s ON s.id = v.sale_id "
            "WHERE v.shift_id = ?",
            (sid,),
        )
        assert voids is not None
        by_tender: dict[str, Money] = {}
        # Each MoMo network and card scheme on its own line: each settles separately.
        rows = self.db.query(
            f"SELECT method, provider, sum(amount) FROM sale_tenders WHERE sale_id IN ({live}) "
            "GROUP BY method, provider",
            (sid,),
        )
        for r in sorted(rows, key=lambda r: (label_rank(r[0], r[1]), r[1] or "")):
            label = tender_label(r[0], r[1])
            by_tender[label] = by_tender.get(label, Money.ZERO) + Money(int(r[2]))
        by_cashier = {
            r[0]: (int(r[1]), Money(int(r[2])))
            for r in self.db.query(
                "SELECT user, count(*), sum(gross) FROM sales WHERE shift_id = ? AND status = "
                "'completed' "
                "GROUP BY user ORDER BY user",
                (sid,),
            )
        }
        return ShiftFigures(
            opening_float=shift.opening_float,
            cash_sales=cash_sales,
            cash_refunds=cash_refunds,
            cash_in=cash_in,
            cash_out=cash_out,
            cash_payments=payments,
            sales_count=int(row[0]),
            sales_gross=Money(int(row[1])),
            refunds_count=int(refunds[0]),
            refunds_gross=Money(int(refunds[1])),
            voids_count=int(voids[0]),
            voids_gross=Money(int(voids[1])),
            discounts=Money(int(row[2])),
            tax={
                "net": Money(int(row[7])),
                "vat": Money(int(row[3])),
                "nhil": Money(int(row[4])),
                "getfund": Money(int(row[5])),
                "covid": Money(int(row[6])),
            },
            by_tender=by_tender,
            by_cashier=by_cashier,
        )

    def _sections(
        self, figures: ShiftFigures, *, show_expected: bool
    ) -> list[tuple[str, list[tuple[str, str]]]]:
        f = figures
        sales = [
            ("Sales", str(f.sales_count)),
            ("Sales total", f.sales_gross.format()),
            ("Discounts given", f.discounts.format()),
            ("Refunds", str(f.refunds_count)),
            ("Refunds total", f.refunds_gross.format()),
            ("Voids", str(f.voids_count)),
            ("Voids total", f.voids_gross.format()),
        ]
        tax = [
            ("Net of tax", f.tax["net"].format()),
            ("VAT", f.tax["vat"].format()),
            ("NHIL", f.tax["nhil"].format()),
            ("GETFund", f.tax["getfund"].format()),
        ]
        if not f.tax["covid"].is_zero:
            tax.append(("COVID-19 levy", f.tax["covid"].format()))
        tenders = [(label, amount.format()) for label, amount in f.by_tender.items()]
        # A person reads the report: names, not the e-mail addresses the records keep.
        names = self.auth.names()
        cashiers = [
            (names.get(email, email), f"{n} sales, {amount.format()}")
            for email, (n, amount) in f.by_cashier.items()
        ]
        sections: list[tuple[str, list[tuple[str, str]]]] = [
            ("Sales", sales),
            ("Tax", tax),
            ("By payment method", tenders),
            ("By cashier", cashiers),
        ]
        if show_expected:
            sections.append(
                (
                    "Cash drawer",
                    [
                        ("Opening float", f.opening_float.format()),
                        ("Cash sales", f.cash_sales.format()),
                        ("Cash refunds", (-f.cash_refunds).format()),
                        ("Cash in", f.cash_in.format()),
                        ("Cash out", (-f.cash_out).format()),
                        ("Payments on account", f.cash_payments.format()),
                        ("Expected in drawer", f.expected.format()),
                    ],
                )
            )
        return sections

    def x_report(self, *, print_it: bool = True) -> ShiftFigures:
        """Figures of the open shift so far (any time, changes nothing but the print queue)."""
        user = self.auth.session.user
        shift = self.require_open()
        if not user.may("reports") and self.settings.blind_close:
            raise NotAllowed("On this till the X report is for managers (blind close is on).")
        figures = self.figures(shift)
        if print_it:
            now = self.clock.now()
            doc = report(
                "x_report",
                "X report (shift so far)",
                settings=self.settings,
                identity=self.identity,
                printed_for=self._printed_for(shift),
                issued_at=shown(now),
                sections=self._sections(figures, show_expected=True),
            )
            with self.db.transaction() as conn:
                enqueue(
                    conn,
                    kind="x_report",
                    reference=f"X-{shift.number}",
                    document=doc.to_json(),
                    now=now,
                )
                audit(conn, stamp(now), user.email, "x_report", shift.id)
        return figures

    def expected_cash(self) -> Money:
        user = self.auth.session.user
        if self.settings.blind_close and not user.may("reports"):
            raise NotAllowed("Blind close is on: count the drawer without seeing the expected amount.")
        return self.figures(self.require_open()).expected

    # -- close ----------------------------------------------------------------------
    def close(self, counts: Mapping[int, int], approval: GrantedApproval | None = None) -> CloseResult:
        """Close the open shift with the drawer count: pesewa denomination → number of
        notes or coins (e.g. {20000: 3, 500: 4} is three 200-cedi notes and four 5s)."""
        user = self.auth.session.user
        shift = self.require_open()
        granted = self.auth.authority("shift_close", approval)
        bad = [d for d in counts if d not in DENOMINATIONS]
        if bad:
            raise ShiftError(f"{Money(bad[0]).format()} is not a Ghana cedi note or coin.")
        if any(n < 0 for n in counts.values()):
            raise ShiftError("A count cannot be negative.")
        parked = int(
            self.db.scalar("SELECT count(*) FROM carts WHERE status = 'parked' AND shift_id = ?", (shift.id,))
        )
        if parked:
            raise ShiftError(
                f"{parked} parked cart(s) are still waiting. Recall and finish or cancel them "
                "before closing the shift."
            )
        figures = self.figures(shift)
        entries = tuple(DenominationCount(Money(d), n) for d, n in sorted(counts.items(), reverse=True) if n)
        counted = total([c.denomination * c.count for c in entries])
        expected = figures.expected
        blind = self.settings.blind_close
        approvals = [granted.approval] if granted else []
        short: GrantedApproval | None = None
        if shortage_needs_manager(self.settings, counted - expected):
            # Asked without saying by how much: on a blind close the cashier must not
            # learn the expected amount from the refusal.
            short = self.auth.authority(
                "shift_shortage",
                approval if approval is not None and approval.action == "shift_shortage" else None,
            )
            if short is not None:
                approvals.append(short.approval)
        payload = ShiftClose(
            shift_id=shift.id,
            opening_float=figures.opening_float,
            cash_sales=figures.cash_sales,
            cash_refunds=figures.cash_refunds,
            cash_in=figures.cash_in,
            cash_out=figures.cash_out,
            cash_payments=figures.cash_payments,
            expected=expected,
            counts=entries,
            counted=counted,
            variance=counted - expected,
            blind=blind,
            sales_count=figures.sales_count,
            sales_gross=figures.sales_gross,
            approvals=tuple(approvals),
        )
        now = self.clock.now()
        with self.db.transaction() as conn:
            z_number = next_number(conn, "z")
            z_no = f"{self.identity.branch_code}-{self.identity.terminal_code}-Z{z_number:06d}"
            rec = self.recorder.record(
                conn,
                kind="shift_close",
                payload=payload,
                user=user.email,
                business_date=shift.business_date,
                reference=z_no,
            )
            for spent in (granted, short):
                if spent:
                    spend_approval(conn, spent, rec.envelope.seq)
            cur = conn.execute(
                "UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = ?, close_seq = "
                "?, expected = ?, "
                "counted = ?, variance = ?, blind = ?, counts = ?, z_no = ? WHERE id = ? AND "
                "status = 'open'",
                (
                    stamp(now),
                    user.email,
                    rec.envelope.seq,
                    expected.pesewas,
                    counted.pesewas,
                    (counted - expected).pesewas,
                    int(blind),
                    json.dumps({str(c.denomination.pesewas): c.count for c in entries}),
                    z_no,
                    shift.id,
                ),
            )
            if cur.rowcount != 1:
                raise ShiftError("The shift was closed meanwhile.")
            conn.execute("DELETE FROM carts WHERE shift_id = ? AND status = 'open'", (shift.id,))
            sections = self._sections(figures, show_expected=True)
            sections.append(
                (
                    "Count",
                    [(Money(c.denomination.pesewas).format(), str(c.count)) for c in entries]
                    + [
                        ("Counted", counted.format()),
                        ("Expected", expected.format()),
                        ("Over / short", (counted - expected).format()),
                    ],
                )
            )
            running = rec.payload.running  # the till's running totals, as signed (§3.6)
            if running is not None:
                sections.append(
                    (
                        "Till running totals",
                        [
                            ("Grand total", running.gross.format()),
                            ("Net", running.net.format()),
                            ("VAT", running.vat.format()),
                            ("NHIL", running.nhil.format()),
                            ("GETFund", running.getfund.format()),
                            ("COVID-19 levy", running.covid.format()),
                            ("Documents", str(running.count)),
                            ("Through seq", str(rec.envelope.seq)),
                        ],
                    )
                )
            doc = report(
                "z_report",
                f"Z report {z_no}",
                settings=self.settings,
                identity=self.identity,
                printed_for=self._printed_for(shift),
                issued_at=shown(now),
                sections=sections,
                footer="Shift closed. Blind count." if blind else "Shift closed.",
            )
            job = enqueue(conn, kind="z_report", reference=z_no, document=doc.to_json(), now=now)
            audit(
                conn,
                stamp(now),
                user.email,
                "shift_close",
                shift.id,
                z_no=z_no,
                counted=counted.pesewas,
                expected=expected.pesewas,
                approver=granted.approver.email if granted else None,
            )
        closed = Shift(
            shift.id,
            shift.number,
            shift.user,
            "closed",
            shift.business_date,
            shift.opened_at,
            shift.opening_float,
        )
        hide = blind and not user.may("reports")
        if self.after_close is not None:
            self.after_close()
        return CloseResult(
            closed,
            z_no,
            counted,
            None if hide else expected,
            None if hide else counted - expected,
            rec.envelope.seq,
            job,
        )
