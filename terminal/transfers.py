"""Stock moving between locations at the till: a branch sending stock to another branch
(``transfer_out``) and receiving it (``transfer_in``, with what actually arrived), and a
van-sales truck loaded from the store (``truck_load``) and unloaded at night
(``truck_return``). Each is one envelope with its local journal, its stock moves and its
printed slip, committed in one transaction; each needs the ``stock_adjust`` permission
(or a manager's approval, recorded in the audit log).

The truck reconciliation of a day answers the van driver's two questions, per product and
in money: loaded = sold + returned + variance, and sales = collected + outstanding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from hardware.documents import ReportDoc
from shared.ids import UUID_RE
from shared.money import Money, format_quantity, quantity, total
from shared.payloads import CODE_RE, StockLine, Transfer
from shared.tenders import label_rank, provider_of, tender_label
from terminal.auth import GrantedApproval, spend_approval
from terminal.clock import shown, stamp
from terminal.errors import TillError
from terminal.receipts import report
from terminal.stock import StockBase
from terminal.store.audit import audit
from terminal.store.ledger import from_milli
from terminal.store.print_jobs import enqueue

SOLD_KINDS = ("sale", "refund", "void")
KIND_TITLES = {
    "transfer_out": "STOCK TRANSFER OUT",
    "transfer_in": "STOCK TRANSFER IN",
    "truck_load": "TRUCK LOAD",
    "truck_return": "TRUCK RETURN",
}


@dataclass(frozen=True, slots=True)
class TransferResult:
    seq: int
    kind: str
    transfer_id: str
    lines: int
    value: Money  # at cost: what moved (a receipt or a return: what was short, as a loss)
    print_job: int


@dataclass(frozen=True, slots=True)
class TruckLine:
    sku: str
    name: str
    opening: Decimal  # on the van when the day began
    loaded: Decimal
    sold: Decimal  # sold less returned by customers (and voided)
    returned: Decimal  # what came back to the store
    variance: Decimal  # short at the return, plus damage and counts on the van
    closing: Decimal  # still on the van

    @property
    def balances(self) -> bool:
        return self.opening + self.loaded == self.sold + self.returned + self.variance + self.closing


@dataclass(frozen=True, slots=True)
class TruckReconciliation:
    van: str
    business_date: str
    lines: tuple[TruckLine, ...]
    sales: Money  # net of refunds; voided sales left out
    collected: dict[str, Money] = field(default_factory=dict)  # method → amount, at the sale
    outstanding: Money = Money.ZERO  # sold on account
    account_payments: Money = Money.ZERO  # customers paying old invoices on the route
    account_payments_cash: Money = Money.ZERO
    variance_value: Money = Money.ZERO  # at cost
    # The same by MoMo network and card scheme ("Card — Visa" → amount), as reports label them.
    collected_by_label: dict[str, Money] = field(default_factory=dict)

    @property
    def collected_total(self) -> Money:
        return total(list(self.collected.values()))

    @property
    def cash_to_hand_in(self) -> Money:
        return self.collected.get("cash", Money.ZERO) + self.account_payments_cash

    @property
    def balances(self) -> bool:
        return all(ln.balances for ln in self.lines) and self.sales == self.collected_total + self.outstanding


class TransferService(StockBase):

    # -- helpers -----------------------------------------------------------------------
    def on_van(self, van: str) -> list[tuple[str, Decimal]]:
        """What a van (or any location of this branch) holds now, by SKU."""
        return [
            (str(r[0]), from_milli(int(r[1])))
            for r in self.db.query(
                "SELECT sku, qty_milli FROM stock_levels WHERE branch = ? AND location = ? "
                "AND qty_milli != 0 ORDER BY sku",
                (self.identity.branch_code, van.strip().upper()),
            )
        ]

    @staticmethod
    def _code(value: str, what: str) -> str:
        code = value.strip().upper()
        if not CODE_RE.fullmatch(code):
            raise TillError(f"Type the {what} code (letters, digits and dashes, like VAN-1).")
        return code

    def _qty(self, sku: str, value: Decimal | str | int, *, zero_ok: bool = False) -> Decimal:
        try:
            qty = quantity(value)
        except (TillError, ValueError, TypeError):
            raise TillError(f"{sku}: “{value}” is not a quantity.") from None
        if qty < 0 or (qty == 0 and not zero_ok):
            raise TillError(f"{sku}: the quantity must be more than zero.")
        return qty

    def _lines(self, moved: list[tuple[str, Decimal | str]]) -> tuple[StockLine, ...]:
        seen: dict[str, StockLine] = {}
        for sku, qty in moved:
            product = self.catalogue.product(sku)
            value = self._qty(product.sku, qty)
            if product.sku in seen:
                raise TillError(f"{product.sku} is listed twice.")
            seen[product.sku] = StockLine(product.sku, value, product.cost_price)
        if not seen:
            raise TillError("List the products that move.")
        return tuple(seen.values())

    def _name(self, sku: str) -> str:
        try:
            return self.catalogue.product(sku).name
        except TillError:
            return sku

    # -- the four movements ------------------------------------------------------------
    def transfer_out(
        self,
        to_branch: str,
        to_location: str,
        sent: list[tuple[str, Decimal | str]],
        approval: GrantedApproval | None = None,
    ) -> TransferResult:
        """Stock leaving this till's location for another branch (or another location of
        this branch). The slip carries the transfer number the receiver types in."""
        granted = self.auth.authority("stock_adjust", approval)
        branch, location = self._code(to_branch, "branch"), self._code(to_location, "location")
        here = (self.identity.branch_code, self.settings.location)
        if (branch, location) == here:
            raise TillError("A transfer must go to a different location.")
        payload = Transfer(
            "transfer_out", self.recorder.new_id(), here[0], here[1], branch, location, self._lines(sent)
        )
        return self._record(payload, granted)

    def transfer_in(
        self,
        transfer_id: str,
        from_branch: str,
        from_location: str,
        received: list[tuple[str, Decimal | str, Decimal | str]],
        approval: GrantedApproval | None = None,
    ) -> TransferResult:
        """A transfer arriving here: (sku, quantity on the delivery note, quantity that
        arrived). What is short is posted as a loss."""
        granted = self.auth.authority("stock_adjust", approval)
        number = transfer_id.strip().lower()
        if not UUID_RE.fullmatch(number):
            raise TillError("Type the transfer number from the delivery note (36 characters).")
        if self.db.scalar("SELECT 1 FROM audit_log WHERE action = 'transfer_in' AND subject = ?", (number,)):
            raise TillError("That transfer was already received on this till.")
        branch, location = self._code(from_branch, "branch"), self._code(from_location, "location")
        here = (self.identity.branch_code, self.settings.location)
        if (branch, location) == here:
            raise TillError("A transfer must come from a different location.")
        lines: dict[str, StockLine] = {}
        for sku, sent, arrived in received:
            product = self.catalogue.product(sku)
            if product.sku in lines:
                raise TillError(f"{product.sku} is listed twice.")
            lines[product.sku] = StockLine(
                product.sku,
                self._qty(product.sku, arrived, zero_ok=True),
                product.cost_price,
                expected=self._qty(product.sku, sent),
            )
        if not lines:
            raise TillError("List the products on the delivery note.")
        payload = Transfer("transfer_in", number, branch, location, here[0], here[1], tuple(lines.values()))
        return self._record(payload, granted)

    def truck_load(
        self,
        van: str,
        loaded: list[tuple[str, Decimal | str]],
        *,
        store: str | None = None,
        approval: GrantedApproval | None = None,
    ) -> TransferResult:
        """The warehouse loads the van: stock leaves ``store`` and goes on the van."""
        granted = self.auth.authority("stock_adjust", approval)
        van_code, store_code = self._vans(van, store)
        branch = self.identity.branch_code
        payload = Transfer(
            "truck_load", self.recorder.new_id(), branch, store_code, branch, van_code, self._lines(loaded)
        )
        return self._record(payload, granted)

    def truck_return(
        self,
        van: str,
        returned: list[tuple[str, Decimal | str]],
        *,
        store: str | None = None,
        approval: GrantedApproval | None = None,
    ) -> TransferResult:
        """The van unloads at night: (sku, quantity counted back into the store). Every
        product the van should still hold is on the return; what did not come back is
        the variance, posted as a loss. The van is empty afterwards."""
        granted = self.auth.authority("stock_adjust", approval)
        van_code, store_code = self._vans(van, store)
        branch = self.identity.branch_code
        counted: dict[str, Decimal] = {}
        for sku, qty in returned:
            product = self.catalogue.product(sku)
            if product.sku in counted:
                raise TillError(f"{product.sku} is listed twice.")
            counted[product.sku] = self._qty(product.sku, qty, zero_ok=True)
        on_van = dict(self.on_van(van_code))
        skus = sorted(set(on_van) | set(counted))
        if not skus:
            raise TillError(f"Van {van_code} holds nothing and nothing was counted back.")
        zero = Decimal("0.000")
        lines = tuple(
            StockLine(
                sku,
                counted.get(sku, zero),
                self.catalogue.product(sku).cost_price,
                expected=on_van.get(sku, zero),
            )
            for sku in skus
        )
        payload = Transfer(
            "truck_return", self.recorder.new_id(), branch, van_code, branch, store_code, lines
        )
        return self._record(payload, granted)

    def _vans(self, van: str, store: str | None) -> tuple[str, str]:
        van_code = self._code(van, "van")
        store_code = self._code(store or self.settings.location, "store")
        if van_code == store_code:
            raise TillError("The van and the store must be different locations.")
        return van_code, store_code

    def _record(self, payload: Transfer, granted: GrantedApproval | None) -> TransferResult:
        user = self.auth.session.user
        now = self.clock.now()
        if payload.receiving:
            value = -total([ln.unit_cost.times((ln.expected or ln.qty) - ln.qty) for ln in payload.lines])
        else:
            value = total([ln.value for ln in payload.lines])
        with self.db.transaction() as conn:
            rec = self.recorder.record(
                conn,
                kind=payload.kind,
                payload=payload,
                user=user.email,
                business_date=self.business_date(),
                reference=payload.transfer_id,
            )
            if granted:
                spend_approval(conn, granted, rec.envelope.seq)
            audit(
                conn,
                stamp(now),
                user.email,
                payload.kind,
                payload.transfer_id,
                lines=len(payload.lines),
                value=value.pesewas,
                from_location=f"{payload.from_branch}/{payload.from_location}",
                to_location=f"{payload.to_branch}/{payload.to_location}",
                approver=granted.approver.email if granted else None,
            )
            doc = self.slip(payload, issued_at=shown(now), user=user.name)
            job = enqueue(
                conn, kind="stock_transfer", reference=payload.transfer_id, document=doc.to_json(), now=now
            )
        return TransferResult(
            rec.envelope.seq, payload.kind, payload.transfer_id, len(payload.lines), value, job
        )

    def slip(self, payload: Transfer, *, issued_at: str, user: str) -> ReportDoc:
        rows: list[tuple[str, str]] = []
        for ln in payload.lines:
            rows.append((f"{ln.sku} {self._name(ln.sku)}", ""))
            if ln.expected is None:
                rows.append(("  Quantity", format_quantity(ln.qty)))
            else:
                sent = "Should be on van" if payload.kind == "truck_return" else "Sent"
                rows += [
                    (f"  {sent}", format_quantity(ln.expected)),
                    ("  Received", format_quantity(ln.qty)),
                    ("  Short", format_quantity(ln.expected - ln.qty)),
                ]
        moved = [
            ("From", f"{payload.from_branch} / {payload.from_location}"),
            ("To", f"{payload.to_branch} / {payload.to_location}"),
            ("Transfer no.", ""),
            ("", payload.transfer_id),
        ]
        return report(
            "stock_transfer",
            KIND_TITLES[payload.kind],
            settings=self.settings,
            identity=self.identity,
            printed_for=f"{user} — {self.business_date()}",
            issued_at=issued_at,
            sections=[("", moved), ("Products", rows)],
        )

    # -- the truck's day ---------------------------------------------------------------
    def truck_reconciliation(self, van: str, business_date: str | None = None) -> TruckReconciliation:
        van_code = self._code(van, "van")
        day = business_date or self.business_date()
        branch = self.identity.branch_code
        moves = self.db.query(
            "SELECT m.sku, o.kind, m.location, m.delta_milli, m.seq FROM stock_moves m "
            "JOIN outbox o ON o.seq = m.seq WHERE m.branch = ? AND o.business_date = ? AND m.seq IN "
            "(SELECT seq FROM stock_moves WHERE branch = ? AND location = ?) ORDER BY m.seq",
            (branch, day, branch, van_code),
        )
        later = {
            str(r[0]): int(r[1])
            for r in self.db.query(
                "SELECT m.sku, sum(m.delta_milli) FROM stock_moves m JOIN outbox o ON o.seq = m.seq "
                "WHERE m.branch = ? AND m.location = ? AND o.business_date > ? GROUP BY m.sku",
                (branch, van_code, day),
            )
        }
        now = {
            str(r[0]): int(r[1])
            for r in self.db.query(
                "SELECT sku, qty_milli FROM stock_levels WHERE branch = ? AND location = ?",
                (branch, van_code),
            )
        }
        figures: dict[str, dict[str, int]] = {}
        for sku, kind, location, delta, _seq in moves:
            f = figures.setdefault(
                str(sku), dict.fromkeys(("loaded", "sold", "returned", "off_van", "other", "net"), 0)
            )
            d = int(delta)
            if location != van_code:
                if kind == "truck_return":
                    f["returned"] += d
                continue
            f["net"] += d
            if kind == "truck_load":
                f["loaded"] += d
            elif kind in SOLD_KINDS:
                f["sold"] -= d
            elif kind == "truck_return":
                f["off_van"] -= d
            else:
                f["other"] -= d
        lines = []
        variance_value = Money.ZERO
        for sku in sorted(figures):
            f = figures[sku]
            closing = now.get(sku, 0) - later.get(sku, 0)
            variance = f["off_van"] - f["returned"] + f["other"]
            line = TruckLine(
                sku,
                self._name(sku),
                from_milli(closing - f["net"]),
                from_milli(f["loaded"]),
                from_milli(f["sold"]),
                from_milli(f["returned"]),
                from_milli(variance),
                from_milli(closing),
            )
            lines.append(line)
            variance_value += self.catalogue.product(sku).cost_price.times(line.variance)
        van_sales = (
            "SELECT s.id FROM sales s JOIN outbox o ON o.seq = s.seq WHERE o.business_date = ? "
            "AND s.status = 'completed' AND s.seq IN (SELECT seq FROM stock_moves WHERE branch = ? "
            "AND location = ?)"
        )
        args = (day, branch, van_code)
        gross = int(
            self.db.scalar(f"SELECT coalesce(sum(gross), 0) FROM sales WHERE id IN ({van_sales})", args) or 0
        )
        by_key: dict[tuple[str, str | None], int] = {}
        for method, provider, amount in self.db.query(
            f"SELECT method, provider, sum(amount) FROM sale_tenders WHERE sale_id IN ({van_sales}) "
            "GROUP BY method, provider",
            args,
        ):
            key = (str(method), provider_of(str(method), provider))
            by_key[key] = by_key.get(key, 0) + int(amount)
        refunds = (
            "SELECT r.id FROM refunds r JOIN outbox o ON o.seq = r.seq WHERE o.business_date = ? "
            "AND r.sale_id IN (SELECT id FROM sales WHERE seq IN (SELECT seq FROM stock_moves "
            "WHERE branch = ? AND location = ?))"
        )
        gross -= int(
            self.db.scalar(f"SELECT coalesce(sum(gross), 0) FROM refunds WHERE id IN ({refunds})", args) or 0
        )
        for method, provider, amount in self.db.query(
            f"SELECT method, provider, sum(amount) FROM refund_tenders WHERE refund_id IN ({refunds}) "
            "GROUP BY method, provider",
            args,
        ):
            key = (str(method), provider_of(str(method), provider))
            by_key[key] = by_key.get(key, 0) - int(amount)
        by_method: dict[str, int] = {}
        for (method, _provider), amount in by_key.items():
            by_method[method] = by_method.get(method, 0) + amount
        by_label = {
            tender_label(method, provider): Money(amount)
            for (method, provider), amount in sorted(by_key.items(), key=lambda kv: label_rank(*kv[0]))
            if amount and method != "credit"
        }
        paid = self.db.query(
            "SELECT coalesce(sum(p.amount), 0), coalesce(sum(p.cash), 0) FROM customer_payments p "
            "JOIN outbox o ON o.seq = p.seq WHERE o.business_date = ?",
            (day,),
        )[0]
        outstanding = Money(by_method.pop("credit", 0))
        return TruckReconciliation(
            van_code,
            day,
            tuple(lines),
            Money(gross),
            {m: Money(a) for m, a in sorted(by_method.items()) if a},
            outstanding,
            Money(int(paid[0])),
            Money(int(paid[1])),
            variance_value,
            by_label,
        )

    def print_truck_reconciliation(self, van: str, business_date: str | None = None) -> TruckReconciliation:
        rec = self.truck_reconciliation(van, business_date)
        user = self.auth.session.user
        now = self.clock.now()
        doc = self.reconciliation_slip(rec, issued_at=shown(now), user=user.name)
        with self.db.transaction() as conn:
            enqueue(
                conn,
                kind="truck_reconciliation",
                reference=f"{rec.van}-{rec.business_date}",
                document=doc.to_json(),
                now=now,
            )
            audit(conn, stamp(now), user.email, "truck_reconciliation", rec.van, day=rec.business_date)
        return rec

    def reconciliation_slip(self, rec: TruckReconciliation, *, issued_at: str, user: str) -> ReportDoc:
        q = format_quantity
        stock: list[tuple[str, str]] = []
        for ln in rec.lines:
            stock.append((f"{ln.sku} {ln.name}", ""))
            if ln.opening:
                stock.append(("  On van at start", q(ln.opening)))
            stock += [
                ("  Loaded", q(ln.loaded)),
                ("  Sold", q(ln.sold)),
                ("  Returned", q(ln.returned)),
                ("  Variance", q(ln.variance)),
            ]
            if ln.closing:
                stock.append(("  Still on van", q(ln.closing)))
        money = [("Sales", rec.sales.format())]
        money += [(f"  Collected: {label}", a.format()) for label, a in rec.collected_by_label.items()]
        money += [
            ("  Outstanding (on account)", rec.outstanding.format()),
            ("Collected + outstanding", (rec.collected_total + rec.outstanding).format()),
        ]
        extra = [
            ("Payments on account", rec.account_payments.format()),
            ("  of which cash", rec.account_payments_cash.format()),
            ("Cash to hand in", rec.cash_to_hand_in.format()),
            ("Variance at cost", rec.variance_value.format()),
        ]
        return report(
            "truck_reconciliation",
            "TRUCK RECONCILIATION",
            settings=self.settings,
            identity=self.identity,
            printed_for=f"Van {rec.van} — {rec.business_date} — {user}",
            issued_at=issued_at,
            sections=[
                ("Loaded = sold + returned + variance", stock),
                ("Sales = collected + outstanding", money),
                ("", extra),
            ],
            footer="" if rec.balances else "CHECK: the figures do not balance",
        )
