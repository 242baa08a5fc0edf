"""Ringing up a sale: the cart (scan, quantities, units and cartons, price list per
customer, discounts within the cashier's limit or approved, price overrides, park and
recall) and completing it.

Completing a sale is one SQLite transaction: the receipt number, the sale and its lines
with their tax, the tenders, the customer's credit, the signed envelope in the outbox,
the local journal, the stock moves, the approvals spent, the receipt print job (with the
drawer kick for cash) and the removal of the cart. Pricing always goes through
``shared.pricing.price_lines``, the very code the server re-runs.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hardware.documents import DocEvat
from shared.errors import InvalidAmount
from shared.money import Money, format_quantity, quantity, total
from shared.payloads import Approval, Sale, SaleLine, SaleTotals
from shared.pricing import price_lines
from shared.tax import TaxRegime, sale_day
from terminal.auth import AuthService, GrantedApproval, spend_approval
from terminal.cart import Cart, CartApproval, CartLine, CartView
from terminal.catalogue import CatalogueService, Scan
from terminal.clock import Clock, shown, stamp
from terminal.customers import CustomerService
from terminal.errors import ApprovalNeeded, CartError, CreditLimitExceeded, NotAllowed, NotFound
from terminal.events import EventRecorder
from terminal.permissions import needs_approval_message
from terminal.receipts import sale_receipt, seller, verifiable
from terminal.safeguards import cancel_authority, momo_reuse_allowed
from terminal.sale_rows import write_sale_rows
from terminal.shift import Shift, ShiftService, next_number
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.evat import enabled as evat_enabled
from terminal.store.identity import TerminalIdentity
from terminal.store.print_jobs import enqueue
from terminal.store.settings import Settings
from terminal.sync.record import catalogue_revision
from terminal.tenders import TenderInput, settle

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class SaleResult:
    sale_id: str
    receipt_no: str
    seq: int
    envelope_hash: str
    total: Money
    change: Money
    flags: tuple[str, ...]
    print_job: int
    sale: Sale


@dataclass(frozen=True, slots=True)
class _Priced:
    """The last pricing of a cart and everything it was computed from."""

    lines: tuple[CartLine, ...]
    order_discount: Money
    regime: TaxRegime
    inclusive: bool
    vat_registered: bool
    priced: tuple[SaleLine, ...]
    totals: SaleTotals


@dataclass(frozen=True, slots=True)
class ParkedCart:
    id: str
    label: str | None
    user: str
    lines: int
    total: Money
    updated_at: str


@dataclass(frozen=True, slots=True)
class Recovery:
    """What start-up did with a cart left open by a crash or power cut."""

    action: str  # "recovered", "discarded", "none"
    lines: int
    message: str


def percent(part: Money, whole: Money) -> Decimal:
    if whole.is_zero:
        return Decimal(0) if part.is_zero else HUNDRED
    return (Decimal(part.pesewas) * HUNDRED / Decimal(whole.pesewas)).quantize(Decimal("0.01"))


def qty_for_label(unit_price: Money, label_price: Money) -> Decimal:
    """The weight (3 places) at ``unit_price`` that comes to the label's price, or the
    nearest one when no weight comes out exact."""
    if unit_price.is_zero:
        raise CartError("This item has no price per kg, so its price label cannot be read.")
    guess = (Decimal(label_price.pesewas) / Decimal(unit_price.pesewas)).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_UP
    )
    step = Decimal("0.001")
    for k in range(0, 4):
        for candidate in (guess + step * k, guess - step * k):
            if candidate > 0 and unit_price.times(candidate) == label_price:
                return candidate
    return max(guess, step)


class SaleService:
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
        customers: CustomerService,
        recorder: EventRecorder,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.identity = identity
        self.auth = auth
        self.shifts = shifts
        self.catalogue = catalogue
        self.customers = customers
        self.recorder = recorder
        self._cart: Cart | None = None
        self._priced: _Priced | None = None
        # Set while the till is closing itself (a critical battery, terminal/power.py):
        # the sale in progress may finish, a new one may not start. The words say why.
        self.closing_reason: str | None = None

    def in_progress(self) -> bool:
        """A cart with lines is open (a sale the cashier is ringing up or paying)."""
        return self._cart is not None and bool(self._cart.lines)

    def _refuse_new_cart(self) -> None:
        if self.closing_reason is not None and not self.in_progress():
            raise CartError(self.closing_reason)

    # -- the current cart -------------------------------------------------------------
    def _current(self) -> Cart:
        if self._cart is None:
            user = self.auth.session.user
            shift = self.shifts.require_open()
            self._cart = Cart(
                id=str(uuid.uuid4()),
                user=user.email,
                shift_id=shift.id,
                price_list=self.settings.default_price_list,
                created_at=stamp(self.clock.now()),
            )
        return self._cart

    def _inclusive(self, price_list: str) -> bool:
        lists = self.catalogue.price_lists()
        return lists.get(price_list, True)

    def _price(
        self, cart: Cart, shift: Shift | None = None, inclusive: bool | None = None,
        when: datetime | None = None,
    ) -> tuple[tuple[SaleLine, ...], SaleTotals | None]:
        """The cart priced under the tax regime in force at ``when`` (now): the sale's own
        time decides it, not its shift's business date (a sale just after midnight on
        1 January is taxed by the new year's rules even in a shift opened the day before)."""
        if not cart.lines:
            return (), None
        if shift is None:
            shift = self.shifts.require_open()
        profile = self.settings.profile()
        day = sale_day(when or self.clock.now())
        regime = profile.regime_on(day)
        # Whether the shop charges VAT at all is decided by the same day as the regime.
        vat_registered = profile.vat_registered_on(day)
        if inclusive is None:
            inclusive = self._inclusive(cart.price_list)
        # The cart was priced when it was last changed (and again for the screen); the
        # sale commits that same pricing if nothing it depends on has changed since:
        # the very same (immutable) lines, discount, tax regime and tax basis.
        memo = self._priced
        if (
            memo is not None
            and memo.lines is cart.lines
            and memo.order_discount == cart.order_discount
            and memo.inclusive == inclusive
            and memo.vat_registered == vat_registered
            and (memo.regime is regime or repr(memo.regime) == repr(regime))
        ):
            return memo.priced, memo.totals
        try:
            lines = price_lines(
                tuple(ln.as_input() for ln in cart.lines),
                order_discount=cart.order_discount,
                regime=regime,
                inclusive=inclusive,
                vat_registered=vat_registered,
            )
        except InvalidAmount as exc:
            raise CartError(str(exc)) from None
        totals = SaleTotals.of_lines(lines)
        self._priced = _Priced(
            cart.lines, cart.order_discount, regime, inclusive, vat_registered, lines, totals
        )
        return lines, totals

    def view(self) -> CartView:
        cart = self._current()
        lines, totals = self._price(cart)
        return CartView(
            cart.id,
            lines,
            totals,
            cart.customer,
            cart.price_list,
            self._inclusive(cart.price_list),
            cart.order_discount,
            cart.label,
        )

    def _store(self, cart: Cart) -> CartView:
        """Price the changed cart (refusing it if it does not price), then save it."""
        if cart.lines:
            self._refuse_new_cart()
        lines, totals = self._price(cart)
        now = stamp(self.clock.now())
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO carts (id, status, label, user, shift_id, data, created_at, "
                "updated_at) "
                "VALUES (?, 'open', ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "data = excluded.data, label = excluded.label, updated_at = excluded.updated_at",
                (
                    cart.id,
                    cart.label,
                    cart.user,
                    cart.shift_id,
                    cart.dumps(),
                    cart.created_at or now,
                    now,
                ),
            )
        self._cart = cart
        return CartView(
            cart.id,
            lines,
            totals,
            cart.customer,
            cart.price_list,
            self._inclusive(cart.price_list),
            cart.order_discount,
            cart.label,
        )

    def _line(self, cart: Cart, line_no: int) -> CartLine:
        if not 1 <= line_no <= len(cart.lines):
            raise CartError(f"There is no line {line_no} in the cart.")
        return cart.lines[line_no - 1]

    def _replace_line(self, cart: Cart, line_no: int, line: CartLine) -> Cart:
        lines = list(cart.lines)
        lines[line_no - 1] = line
        return cart.with_lines(lines)

    def _new_line(self, cart: Cart, scan: Scan, qty: Decimal | None) -> CartLine:
        product = scan.product
        if not product.active:
            raise CartError(f"{product.name} is no longer sold (withdrawn from the catalogue).")
        factor = self.catalogue.unit_factor(product.sku, scan.unit)
        quote = self.catalogue.price(product.sku, scan.unit, cart.price_list)
        if scan.qty is not None:
            qty = scan.qty
        elif scan.label_price is not None:
            qty = qty_for_label(quote.price, scan.label_price)
        if qty is None:
            if product.weighed:
                raise CartError(
                    f"{product.name} is sold by weight: put it on the scale or type the weight "
                    f"in {product.base_unit}."
                )
            qty = Decimal("1.000")
        qty = self._qty(qty)
        return CartLine(
            sku=product.sku,
            name=product.name,
            unit=scan.unit,
            unit_factor=factor,
            qty=qty,
            unit_price=quote.price,
            tax_code=product.tax_code,
            unit_cost=product.cost_price.times(factor),
            weighed=product.weighed,
        )

    @staticmethod
    def _qty(value: Decimal | str | int) -> Decimal:
        try:
            qty = quantity(value)
        except (InvalidAmount, TypeError) as exc:
            raise CartError(str(exc)) from None
        if qty <= 0:
            raise CartError("The quantity must be more than zero. To take a line off, remove it.")
        return qty

    # -- building the cart --------------------------------------------------------------
    def scan(self, code: str, qty: Decimal | str | None = None) -> CartView:
        """A barcode, scale label or SKU. Scanning the same item again adds one more."""
        cart = self._current()
        scan = self.catalogue.scan(code)
        line = self._new_line(cart, scan, self._qty(qty) if qty is not None else None)
        for n, existing in enumerate(cart.lines, start=1):
            if (
                not line.weighed
                and existing.sku == line.sku
                and existing.unit == line.unit
                and not existing.price_override
                and existing.line_discount.is_zero
                and existing.unit_price == line.unit_price
            ):
                return self._store(
                    self._replace_line(cart, n, replace(existing, qty=self._qty(existing.qty + line.qty)))
                )
        return self._store(cart.with_lines((*cart.lines, line)))

    def add(self, sku: str, qty: Decimal | str = "1", unit: str | None = None) -> CartView:
        """A product picked from search, with a quantity and unit (default: its base unit)."""
        cart = self._current()
        product = self.catalogue.product(sku)
        line = self._new_line(cart, Scan(product, unit or product.base_unit), self._qty(qty))
        return self._store(cart.with_lines((*cart.lines, line)))

    def set_qty(self, line_no: int, qty: Decimal | str) -> CartView:
        cart = self._current()
        line = self._line(cart, line_no)
        return self._store(self._replace_line(cart, line_no, replace(line, qty=self._qty(qty))))

    def set_unit(self, line_no: int, unit: str) -> CartView:
        """Sell the line by another unit (bottle ↔ carton), at that unit's price."""
        cart = self._current()
        line = self._line(cart, line_no)
        product = self.catalogue.product(line.sku)
        factor = self.catalogue.unit_factor(line.sku, unit)
        quote = self.catalogue.price(line.sku, unit, cart.price_list)
        changed = replace(
            line,
            unit=unit,
            unit_factor=factor,
            unit_price=quote.price,
            price_override=False,
            line_discount=Money.ZERO,
            unit_cost=product.cost_price.times(factor),
        )
        return self._store(self._replace_line(cart, line_no, changed))

    def remove_line(self, line_no: int) -> CartView:
        cart = self._current()
        line = self._line(cart, line_no)
        lines = [ln for n, ln in enumerate(cart.lines, start=1) if n != line_no]
        approvals = tuple(
            a for a in cart.approvals if a.line_sku != line.sku or any(ln.sku == line.sku for ln in lines)
        )
        return self._store(replace(cart.with_lines(lines), approvals=approvals))

    def _approval_for(
        self,
        cart: Cart,
        action: str,
        granted: GrantedApproval | None,
        needed: bool,
        *,
        line_sku: str | None,
        limit: Decimal | None = None,
    ) -> tuple[CartApproval, ...]:
        """The cart's approvals after a change that may need ``action`` approved."""
        kept = tuple(a for a in cart.approvals if not (a.action == action and a.line_sku == line_sku))
        if not needed:
            return kept
        if granted is None:
            raise ApprovalNeeded(needs_approval_message(action), action=action)
        if granted.action != action:
            raise NotAllowed(f"That approval was given for {granted.action.replace('_', ' ')}.")
        if limit is not None and self.settings.discount_limit(granted.approver.role) < limit:
            raise NotAllowed(
                f"{granted.approver.name} may approve discounts up to "
                f"{self.settings.discount_limit(granted.approver.role)} % only."
            )
        return (
            *kept,
            CartApproval(granted.id, action, granted.approver.email, granted.reason, line_sku),
        )

    def discount_line(
        self,
        line_no: int,
        amount: Money | None = None,
        *,
        percent_off: Decimal | None = None,
        approval: GrantedApproval | None = None,
    ) -> CartView:
        """Take an amount (or a percentage) off one line; beyond the cashier's limit a
        manager approves."""
        cart = self._current()
        line = self._line(cart, line_no)
        list_amount = line.unit_price.times(line.qty)
        if percent_off is not None:
            amount = list_amount.scale(percent_off, 100)
        if amount is None or amount.is_negative:
            raise CartError("Enter the discount as an amount or a percentage.")
        if amount > list_amount:
            raise CartError(f"The discount is more than the line's {list_amount.format()}.")
        share = percent(amount, list_amount)
        user = self.auth.session.user
        needed = share > self.settings.discount_limit(user.role)
        approvals = self._approval_for(cart, "discount", approval, needed, line_sku=line.sku, limit=share)
        changed = replace(
            self._replace_line(cart, line_no, replace(line, line_discount=amount)),
            approvals=approvals,
        )
        return self._store(changed)

    def discount_order(
        self,
        amount: Money | None = None,
        *,
        percent_off: Decimal | None = None,
        approval: GrantedApproval | None = None,
    ) -> CartView:
        cart = self._current()
        subtotal = total([ln.unit_price.times(ln.qty) - ln.line_discount for ln in cart.lines])
        if percent_off is not None:
            amount = subtotal.scale(percent_off, 100)
        if amount is None or amount.is_negative:
            raise CartError("Enter the discount as an amount or a percentage.")
        share = percent(amount, subtotal)
        needed = share > self.settings.discount_limit(self.auth.session.user.role)
        approvals = self._approval_for(cart, "discount", approval, needed, line_sku=None, limit=share)
        return self._store(replace(cart, order_discount=amount, approvals=approvals))

    def override_price(
        self, line_no: int, price: Money, reason: str, approval: GrantedApproval | None = None
    ) -> CartView:
        """Sell one line at another unit price (permission, or a manager's approval)."""
        cart = self._current()
        line = self._line(cart, line_no)
        if price.is_negative:
            raise CartError("A price cannot be negative.")
        if not reason.strip():
            raise CartError("Say why the price is changed.")
        user = self.auth.session.user
        needed = not user.may("price_override")
        approvals = self._approval_for(cart, "price_override", approval, needed, line_sku=line.sku)
        changed = replace(
            self._replace_line(cart, line_no, replace(line, unit_price=price, price_override=True)),
            approvals=approvals,
        )
        view = self._store(changed)
        with self.db.transaction() as conn:
            audit(
                conn,
                stamp(self.clock.now()),
                user.email,
                "price_override",
                line.sku,
                cart=cart.id,
                old=line.unit_price.pesewas,
                new=price.pesewas,
                reason=reason.strip(),
                approver=approval.approver.email if needed and approval else user.email,
            )
        return view

    def set_customer(self, customer_id: str | None) -> CartView:
        """Sell to a registered customer (their price list applies) or walk-in (None)."""
        cart = self._current()
        if customer_id is None:
            customer, price_list = None, self.settings.default_price_list
        else:
            found = self.customers.get(customer_id)
            customer, price_list = found.ref, found.price_list or self.settings.default_price_list
        return self._store(replace(self._repriced(cart, price_list), customer=customer))

    def set_price_list(self, price_list: str) -> CartView:
        """Price the cart on another list (retail ↔ wholesale); changed prices stay."""
        cart = self._current()
        if price_list not in self.catalogue.price_lists():
            raise CartError(f"There is no price list “{price_list}”.")
        view = self._store(self._repriced(cart, price_list))
        if price_list != cart.price_list:
            with self.db.transaction() as conn:
                audit(conn, stamp(self.clock.now()), self.auth.session.user.email, "price_list_changed",
                      cart.id, old=cart.price_list, new=price_list)
        return view

    def _repriced(self, cart: Cart, price_list: str) -> Cart:
        lines = []
        for line in cart.lines:
            if line.price_override:
                lines.append(line)
                continue
            quote = self.catalogue.price(line.sku, line.unit, price_list)
            lines.append(replace(line, unit_price=quote.price))
        if self._inclusive(price_list) != self._inclusive(cart.price_list) and any(
            ln.price_override for ln in cart.lines
        ):
            raise CartError(
                "That price list is on another tax basis (with or without tax); remove the "
                "changed prices first."
            )
        return replace(cart.with_lines(lines), price_list=price_list)

    def cancel(self, approval: GrantedApproval | None = None) -> CartView:
        """Clear the cart (nothing was sold). A cart over the tenant's amount or line
        count needs a manager (``terminal.safeguards``)."""
        cart = self._current()
        user = self.auth.session.user
        worth = self.view().total if cart.lines else Money.ZERO
        granted = cancel_authority(self.auth, self.settings, len(cart.lines), worth, approval)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM carts WHERE id = ?", (cart.id,))
            if granted:
                spend_approval(conn, granted, 0)
            if cart.lines:
                audit(
                    conn,
                    stamp(self.clock.now()),
                    user.email,
                    "cart_cancelled",
                    cart.id,
                    lines=len(cart.lines),
                    gross=worth.pesewas,
                    approver=granted.approver.email if granted else None,
                )
        self._cart = None
        return self.view()

    def forget_cart(self) -> None:
        """After a caller committed the cart in its own transaction (an exchange)."""
        self._cart = None

    # -- park and recall ---------------------------------------------------------------
    def park(self, label: str | None = None) -> CartView:
        cart = self._current()
        if not cart.lines:
            raise CartError("The cart is empty; there is nothing to park.")
        self._store(replace(cart, label=(label or "").strip() or None))
        with self.db.transaction() as conn:
            conn.execute("UPDATE carts SET status = 'parked' WHERE id = ?", (cart.id,))
        self._cart = None
        return self.view()

    def parked(self) -> tuple[ParkedCart, ...]:
        result = []
        for row in self.db.query("SELECT * FROM carts WHERE status = 'parked' ORDER BY updated_at"):
            cart = Cart.from_row(row)
            result.append(
                ParkedCart(
                    cart.id,
                    cart.label,
                    cart.user,
                    len(cart.lines),
                    total([ln.unit_price.times(ln.qty) - ln.line_discount for ln in cart.lines])
                    - cart.order_discount,
                    row["updated_at"],
                )
            )
        return tuple(result)

    def recall(self, cart_id: str) -> CartView:
        """Bring a parked cart back (the current cart must be empty: park it first)."""
        current = self._current()
        if current.lines:
            raise CartError("Finish or park the current cart before recalling another.")
        self._refuse_new_cart()
        row = self.db.one("SELECT * FROM carts WHERE id = ? AND status = 'parked'", (cart_id,))
        if row is None:
            raise NotFound("That parked cart is gone (already recalled or the shift was closed).")
        shift = self.shifts.require_open()
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM carts WHERE id = ?", (current.id,))
            conn.execute("UPDATE carts SET status = 'open', shift_id = ? WHERE id = ?", (shift.id, cart_id))
        self._cart = Cart.from_row(row, shift.id)
        return self.view()

    # -- start-up ------------------------------------------------------------------------
    def recover(self) -> Recovery:
        """After a restart: take back the cart that was open, or discard it and say why."""
        rows = self.db.query("SELECT * FROM carts WHERE status = 'open' ORDER BY updated_at DESC")
        if not rows:
            return Recovery("none", 0, "No cart was left open.")
        shift = self.shifts.current()
        keep = rows[0]
        cart = Cart.from_row(keep)
        at = stamp(self.clock.now())
        with self.db.transaction() as conn:
            for extra in rows[1:]:
                conn.execute("DELETE FROM carts WHERE id = ?", (extra["id"],))
            if not cart.lines or shift is None or cart.shift_id != shift.id:
                conn.execute("DELETE FROM carts WHERE id = ?", (cart.id,))
                reason = (
                    "it was empty"
                    if not cart.lines
                    else "its shift is closed"
                    if shift is None or cart.shift_id != shift.id
                    else ""
                )
                if cart.lines:
                    audit(
                        conn,
                        at,
                        cart.user,
                        "cart_discarded",
                        cart.id,
                        lines=len(cart.lines),
                        reason=reason,
                    )
                self._cart = None
                return Recovery(
                    "discarded",
                    len(cart.lines),
                    f"The cart left open before the restart was discarded: {reason}.",
                )
            audit(conn, at, cart.user, "cart_recovered", cart.id, lines=len(cart.lines))
        self._cart = cart
        return Recovery(
            "recovered",
            len(cart.lines),
            f"The cart that was open before the restart is back: {len(cart.lines)} line(s). "
            "Check it with the customer, then take payment.",
        )

    # -- completing the sale -------------------------------------------------------------
    def complete(self, tenders: list[TenderInput], approval: GrantedApproval | None = None) -> SaleResult:
        """Take payment and commit the sale (see the module docstring for what commits
        together). On any error nothing is written and the cart is kept."""
        with self.db.transaction() as conn:
            result = self.commit_in(conn, tenders, approval)
        self._cart = None
        return result

    def commit_in(
        self,
        conn: sqlite3.Connection,
        tenders: list[TenderInput],
        approval: GrantedApproval | None = None,
    ) -> SaleResult:
        """Commit the current cart as a sale inside the caller's transaction (an exchange
        runs a refund and this in one). The caller clears the cart after its commit."""
        user = self.auth.session.user
        shift = self.shifts.require_open()
        cart = self._current()
        if not cart.lines:
            raise CartError("The cart is empty.")
        inclusive = self._inclusive(cart.price_list)
        # One moment for the regime of the lines, of the sale and the envelope's time (which
        # the server prices it by): a sale rung across midnight keeps the regime it was
        # priced by.
        now = self.clock.now()
        regime = self.settings.profile().regime_on(sale_day(now))
        lines, totals = self._price(cart, shift, inclusive, now)
        assert totals is not None
        if totals.gross.is_zero:
            raise CartError(
                "This sale comes to GH₵ 0.00, and a sale needs a payment. To give goods away, "
                "record a stock adjustment instead."
            )
        settled, change = settle(totals.gross, tenders)
        flags: list[str] = []
        approvals = list(cart.approvals)
        if momo_reuse_allowed(conn, user, settled, approval):  # else ApprovalNeeded
            if approval is not None and approval.action == "momo_reuse":
                approvals.append(
                    CartApproval(approval.id, approval.action, approval.approver.email, approval.reason)
                )
            flags.append("momo_reused")
        on_credit = total([t.amount for t in settled if t.method == "credit"])
        customer = None
        if not on_credit.is_zero:
            if cart.customer is None:
                raise CartError("A credit sale needs a registered customer. Choose the customer first.")
            customer = self.customers.get(cart.customer.id)
            if customer.balance + on_credit > customer.credit_limit:
                over = customer.balance + on_credit - customer.credit_limit
                message = (
                    f"{customer.name} would owe {(customer.balance + on_credit).format()}, "
                    f"{over.format()} over the credit limit of {customer.credit_limit.format()}."
                )
                if not user.may("over_credit_limit"):
                    if approval is None or approval.action != "over_credit_limit":
                        raise CreditLimitExceeded(
                            message + " A manager must approve.", action="over_credit_limit"
                        )
                    approvals.append(
                        CartApproval(approval.id, approval.action, approval.approver.email, approval.reason)
                    )
                flags.append("over_credit_limit")
        sale_id = self.recorder.new_id()
        number = next_number(conn, "sale")
        receipt_no = f"{self.identity.branch_code}-{self.identity.terminal_code}-{number:06d}"
        sale = Sale(
            receipt_no=receipt_no,
            shift_id=shift.id,
            location=self.settings.location,
            price_list=cart.price_list,
            inclusive=inclusive,
            regime=regime.id,
            customer=cart.customer,
            lines=lines,
            order_discount=cart.order_discount,
            totals=totals,
            tenders=settled,
            change=change,
            approvals=tuple(_approval(a) for a in approvals),
            flags=tuple(flags),
            catalogue_rev=catalogue_revision(conn),
        )
        rec = self.recorder.record(
            conn,
            kind="sale",
            payload=sale,
            user=user.email,
            # Each sale is dated by its own time, not its shift's: a shift left open
            # across midnight or a month end puts each sale in its own day and month.
            business_date=sale_day(now).isoformat(),
            reference=receipt_no,
            envelope_id=sale_id,
            at=now,
        )
        sale = rec.payload  # as signed: its running totals (and training flag) in it
        seq = rec.envelope.seq
        for a in approvals:
            cur = conn.execute(
                "UPDATE approvals SET used_seq = ? WHERE id = ? AND used_seq IS NULL", (seq, a.id)
            )
            if cur.rowcount != 1:
                raise NotAllowed(
                    "An approval on this cart was already used. Ask the manager to approve again."
                )
        write_sale_rows(
            conn,
            sale_id=sale_id,
            seq=seq,
            sale=sale,
            user=user.email,
            business_date=sale_day(now).isoformat(),
            created_at=stamp(now),
        )
        notes = ["Over credit limit — approved"] if "over_credit_limit" in flags else []
        invoice_no = None
        # The sale was taxed by the registration of its own day (not its shift's): the
        # receipt and the tax invoice follow the same day.
        taxed_on = sale_day(now).isoformat()
        if sale.customer is not None and sale.customer.tin and seller(
            self.settings, self.identity, taxed_on
        ).vat_registered:
            # Its own consecutive series: a gap in tax invoice numbers is what GRA asks about.
            invoice = next_number(conn, "tax_invoice")
            invoice_no = f"{self.identity.branch_code}-{self.identity.terminal_code}-INV{invoice:06d}"
        doc = sale_receipt(
            sale,
            settings=self.settings,
            identity=self.identity,
            issued_at=shown(now),
            cashier=user.name,
            envelope_hash=rec.envelope.hash,
            notes=notes,
            taxed_on=taxed_on,
            invoice_no=invoice_no,
        )
        doc = verifiable(doc, rec.envelope, self.recorder.key)
        if evat_enabled(conn):  # GRA has not seen it yet: the receipt says so
            doc = replace(doc, evat=DocEvat("pending"))
        has_cash = any(x.method == "cash" for x in settled)
        job = enqueue(
            conn,
            kind="sale",
            reference=receipt_no,
            document=doc.to_json(),
            now=now,
            open_drawer=has_cash,
            drawer_deadline=now + timedelta(seconds=self.settings.drawer_kick_seconds) if has_cash else None,
        )
        conn.execute("DELETE FROM carts WHERE id = ?", (cart.id,))
        return SaleResult(
            sale_id,
            receipt_no,
            seq,
            rec.envelope.hash,
            totals.gross,
            change,
            tuple(flags),
            job,
            sale,
        )

    def describe_line(self, line: SaleLine) -> str:
        return f"{format_quantity(line.qty)} {line.unit} {line.name} @ {line.unit_price.format()}"


def _approval(a: CartApproval) -> Approval:
    # Schema 3: a discount or price approval names its line; the rest are for the sale.
    sku = a.line_sku if a.action in ("discount", "price_override") else None
    return Approval(a.action, a.approver, a.reason, sku)


__all__ = ["Recovery", "SaleResult", "SaleService", "spend_approval", "write_sale_rows"]
