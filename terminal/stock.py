"""Stock at the till: what is on hand, goods received from a supplier, adjustments with a
reason (damaged, expired, theft, found, correction) and physical counts. Each is an
envelope with its journal (``shared.posting``) and its stock moves (``shared.stock``),
committed together; adjusting and counting need the ``stock_adjust`` permission (or a
manager's approval)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Self

from shared.money import Money, quantity
from shared.payloads import ADJUST_REASONS, DOC_NO_RE, StockAdjust, StockCount, StockLine, StockReceive
from terminal.auth import AuthService, GrantedApproval, spend_approval
from terminal.catalogue import CatalogueService
from terminal.clock import Clock, stamp
from terminal.errors import TillError
from terminal.events import EventRecorder
from terminal.shift import ShiftService
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity
from terminal.store.ledger import from_milli
from terminal.store.settings import Settings


@dataclass(frozen=True, slots=True)
class StockResult:
    seq: int
    kind: str
    lines: int
    value: Money  # at cost; negative for a loss


class StockBase:
    """What every service that moves stock needs (receive/adjust/count, transfers, the van)."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock,
        settings: Settings,
        identity: TerminalIdentity,
        auth: AuthService,
        shifts: ShiftService,
        catalogue: CatalogueService,
        recorder: EventRecorder,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.identity = identity
        self.auth = auth
        self.shifts = shifts
        self.catalogue = catalogue
        self.recorder = recorder

    @classmethod
    def sharing(cls, other: StockBase) -> Self:
        """Another stock service on the same till, database and services as ``other``."""
        return cls(other.db, clock=other.clock, settings=other.settings, identity=other.identity,
                   auth=other.auth, shifts=other.shifts, catalogue=other.catalogue, recorder=other.recorder)


    def level(self, location: str, sku: str) -> Decimal:
        """What one location of this branch holds of a product now."""
        value = self.db.scalar(
            "SELECT qty_milli FROM stock_levels WHERE branch = ? AND location = ? AND sku = ?",
            (self.identity.branch_code, location, sku),
        )
        return from_milli(int(value or 0))

    def business_date(self) -> str:
        """The open shift's business day (today's date when no shift is open)."""
        shift = self.shifts.current()
        return shift.business_date if shift else self.clock.now().date().isoformat()


class StockService(StockBase):

    def on_hand(self, sku: str) -> Decimal:
        return self.level(self.settings.location, sku)

    def _cost(self, sku: str) -> Money:
        return self.catalogue.product(sku).cost_price

    @staticmethod
    def _qty(value: Decimal | str | int) -> Decimal:
        try:
            return quantity(value)
        except (TillError, ValueError, TypeError) as exc:
            raise TillError(str(exc)) from None

    def _record(
        self,
        kind: str,
        payload: StockAdjust | StockCount | StockReceive,
        granted: GrantedApproval | None,
        reference: str | None = None,
    ) -> StockResult:
        user = self.auth.session.user
        with self.db.transaction() as conn:
            rec = self.recorder.record(
                conn,
                kind=kind,
                payload=payload,
                user=user.email,
                business_date=self.business_date(),
                reference=reference,
            )
            if granted:
                spend_approval(conn, granted, rec.envelope.seq)
            value = Money(sum(ln.value.pesewas for ln in payload.lines))
            audit(
                conn,
                stamp(self.clock.now()),
                user.email,
                kind,
                reference,
                lines=len(payload.lines),
                value=value.pesewas,
                approver=granted.approver.email if granted else None,
            )
        return StockResult(rec.envelope.seq, kind, len(payload.lines), value)

    def adjust(
        self,
        changes: list[tuple[str, Decimal | str]],
        *,
        reason: str,
        note: str | None = None,
        approval: GrantedApproval | None = None,
    ) -> StockResult:
        """Signed changes in base units: (sku, −2) for two broken bottles."""
        granted = self.auth.authority("stock_adjust", approval)
        if reason not in ADJUST_REASONS:
            raise TillError(f"Choose a reason: {', '.join(ADJUST_REASONS)}.")
        lines = []
        for sku, delta in changes:
            qty = self._qty(delta)
            if qty == 0:
                raise TillError(f"The change for {sku} is zero.")
            lines.append(StockLine(sku, qty, self._cost(sku)))
        if not lines:
            raise TillError("List the products to adjust.")
        payload = StockAdjust(
            self.settings.location,
            reason,
            (note or "").strip() or None,
            tuple(lines),
            (granted.approval,) if granted else (),
        )
        return self._record("stock_adjust", payload, granted)

    def count(
        self, counted: list[tuple[str, Decimal | str]], approval: GrantedApproval | None = None
    ) -> StockResult:
        """A physical count: the difference to what the till expected is posted."""
        granted = self.auth.authority("stock_adjust", approval)
        lines = []
        for sku, qty in counted:
            value = self._qty(qty)
            if value < 0:
                raise TillError(f"A count cannot be negative ({sku}).")
            lines.append(StockLine(sku, value, self._cost(sku), expected=self.on_hand(sku)))
        if not lines:
            raise TillError("List the products counted.")
        payload = StockCount(self.settings.location, tuple(lines), (granted.approval,) if granted else ())
        return self._record("stock_count", payload, granted)

    def receive(
        self,
        document_no: str,
        supplier: str,
        received: list[tuple[str, Decimal | str, Money]],
        approval: GrantedApproval | None = None,
    ) -> StockResult:
        """Goods in from a supplier (bought on account): (sku, quantity in base units,
        cost per base unit)."""
        granted = self.auth.authority("stock_adjust", approval)
        if not DOC_NO_RE.fullmatch(document_no):
            raise TillError("Type the supplier's delivery note or invoice number.")
        if not supplier.strip():
            raise TillError("Type the supplier's name.")
        lines = []
        for sku, qty, cost in received:
            value = self._qty(qty)
            if value <= 0 or cost.is_negative:
                raise TillError(f"{sku}: the quantity must be more than zero and the cost not negative.")
            self.catalogue.product(sku)
            lines.append(StockLine(sku, value, cost))
        if not lines:
            raise TillError("List the products received.")
        payload = StockReceive(document_no, supplier.strip(), self.settings.location, tuple(lines))
        return self._record("stock_receive", payload, granted, reference=document_no)
