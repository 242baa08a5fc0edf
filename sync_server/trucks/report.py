"""The daily driver report: a van's day at head office, from what its till sent.

For a van (a location of kind ``van`` of a branch) and a business day:

* **Stock, per product** (thousandths, from ``inv_movements``): *loaded* is what
  ``truck_load`` envelopes put on the van, *sold* what sales less refunds and voids at
  the van took off it, *returned* what ``truck_return`` envelopes counted back into the
  store, and *variance* what went missing (the van gave up more than came back, plus
  any adjustment at the van). So ``on van at start + loaded = sold + returned + variance
  + still on van`` — the till's own van-day slip (``terminal/transfers.py``) computes it
  the same way. A line with a variance is flagged, valued at the product's cost.
* **Money, per driver** (the person signed in on the van's till): sales at the van
  (completed sales less refunds, tax included) = *collected* (cash, MoMo, card tenders)
  + *outstanding* (tendered to the customer's account). Payments on account the driver
  took on the van's till are shown beside them; the driver's *cash to bank* is the cash
  of both, which deposit slips are matched against (``trucks.deposits``).

Read as of now: a refund or void that reached head office later changes the report of
the day it is dated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from shared.money import Money
from sync_server.catalogue.models import Product
from sync_server.db.scope import TenantScope
from sync_server.db.types import from_milli
from sync_server.errors import Invalid, NotFound
from sync_server.sales.models import Payment, Return, Sale
from sync_server.sales.models import Transfer as TransferRow
from sync_server.stock.models import Location, Movement
from sync_server.tenants.models import User

SOLD_KINDS = ("sale", "refund", "void")
COLLECTED = ("cash", "momo", "card")
METHOD_NAMES = {"cash": "Cash", "momo": "Mobile Money", "card": "Card", "credit": "On account"}


@dataclass
class StockLine:
    sku: str
    name: str
    opening: int = 0
    loaded: int = 0
    sold: int = 0
    returned: int = 0
    variance: int = 0
    closing: int = 0
    unit_cost: int = 0

    @property
    def variance_value(self) -> int:
        return self.variance * self.unit_cost // 1000

    @property
    def balances(self) -> bool:
        return self.opening + self.loaded == self.sold + self.returned + self.variance + self.closing

    def to_json(self) -> dict[str, Any]:
        q = {k: str(from_milli(getattr(self, k)))
             for k in ("opening", "loaded", "sold", "returned", "variance", "closing")}
        return {"sku": self.sku, "name": self.name, **q,
                "variance_value": str(Money(self.variance_value)), "flagged": self.variance != 0}


@dataclass
class DriverMoney:
    email: str
    name: str
    sales_count: int = 0
    sales: int = 0  # gross of completed sales less refunds
    tenders: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    on_account: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def collected(self) -> int:
        return sum(v for k, v in self.tenders.items() if k != "credit")

    @property
    def outstanding(self) -> int:
        return self.tenders.get("credit", 0)

    @property
    def account_payments(self) -> int:
        return sum(self.on_account.values())

    @property
    def cash_to_bank(self) -> int:
        return self.tenders.get("cash", 0) + self.on_account.get("cash", 0)

    @property
    def balances(self) -> bool:
        return self.sales == self.collected + self.outstanding

    def to_json(self) -> dict[str, Any]:
        return {"driver": self.name, "driver_email": self.email, "sales_count": self.sales_count,
                "sales": str(Money(self.sales)),
                "collected": {METHOD_NAMES.get(k, k): str(Money(v))
                              for k, v in sorted(self.tenders.items()) if k != "credit"},
                "collected_total": str(Money(self.collected)),
                "outstanding": str(Money(self.outstanding)),
                "account_payments": {METHOD_NAMES.get(k, k): str(Money(v))
                                     for k, v in sorted(self.on_account.items())},
                "cash_to_bank": str(Money(self.cash_to_bank)), "balances": self.balances}


@dataclass
class VanDay:
    branch: str
    van: str
    van_name: str
    day: date
    lines: list[StockLine] = field(default_factory=list)
    drivers: list[DriverMoney] = field(default_factory=list)

    @property
    def variance_value(self) -> int:
        return sum(ln.variance_value for ln in self.lines)

    @property
    def flagged(self) -> bool:
        return any(ln.variance for ln in self.lines) or not all(d.balances for d in self.drivers)

    def to_json(self) -> dict[str, Any]:
        return {"branch": self.branch, "van": self.van, "van_name": self.van_name,
                "day": self.day.isoformat(), "lines": [ln.to_json() for ln in self.lines],
                "drivers": [d.to_json() for d in self.drivers],
                "variance_value": str(Money(self.variance_value)), "flagged": self.flagged}


def vans(scope: TenantScope, branch: str | None = None) -> list[Location]:
    stmt = select(Location).where(Location.kind == "van")
    if branch is not None:
        stmt = stmt.where(Location.branch_code == branch)
    return list(scope.scalars(stmt.order_by(Location.branch_code, Location.code)))


def find_van(scope: TenantScope, text: str, branch: str | None = None) -> Location:
    """A van by its code (``VAN-1``), or ``BRANCH/CODE`` when two branches use the code."""
    text = (text or "").strip().upper()
    wanted_branch, _, code = text.rpartition("/")
    found = [v for v in vans(scope, branch)
             if v.code == code and (not wanted_branch or v.branch_code == wanted_branch)]
    if not found:
        raise NotFound(f"No van has the code “{text}”. Vans are locations of kind van "
                       "(bisama-sync location add … --kind van).")
    if len(found) > 1:
        raise Invalid(f"Two branches have a van {code}; say which, e.g. "
                      f"{found[0].branch_code}/{code}.")
    return found[0]


def people(scope: TenantScope) -> dict[str, str]:
    """E-mail → name of the tenant's users (a driver is shown by name)."""
    return {u.email: u.name for u in scope.scalars(select(User))}


def _stock(scope: TenantScope, van: Location, day: str) -> list[StockLine]:
    moves = scope.scalars(select(Movement).where(
        Movement.branch_code == van.branch_code, Movement.location_code == van.code,
        Movement.business_date <= day))
    lines: dict[str, StockLine] = {}

    def line(sku: str) -> StockLine:
        return lines.setdefault(sku, StockLine(sku, sku))

    for m in moves:
        ln = line(m.sku)
        if m.business_date < day:
            ln.opening += m.qty_milli
            continue
        if m.kind == "truck_load":
            ln.loaded += m.qty_milli
        elif m.kind in SOLD_KINDS:
            ln.sold -= m.qty_milli
        else:  # a return gives up what the van should hold; an adjustment at the van
            ln.variance -= m.qty_milli
    returns = [row.received_envelope_id for row in scope.scalars(select(TransferRow).where(
        TransferRow.kind == "truck", TransferRow.from_branch == van.branch_code,
        TransferRow.from_location == van.code, TransferRow.received_date == day))
        if row.received_envelope_id]
    if returns:
        for m in scope.scalars(select(Movement).where(Movement.envelope_id.in_(returns))):
            if (m.branch_code, m.location_code) != (van.branch_code, van.code):
                line(m.sku).returned += m.qty_milli
                line(m.sku).variance -= m.qty_milli
    products = {p.sku: p for p in scope.scalars(select(Product).where(
        Product.sku.in_(list(lines))))} if lines else {}
    result = []
    for sku in sorted(lines):
        ln = lines[sku]
        ln.closing = ln.opening + ln.loaded - ln.sold - ln.returned - ln.variance
        if not (ln.loaded or ln.sold or ln.returned or ln.variance or ln.opening):
            continue
        product = products.get(sku)
        if product is not None:
            ln.name, ln.unit_cost = product.name, product.cost_price
        result.append(ln)
    return result


def _money(scope: TenantScope, van: Location, day: str,
           names: dict[str, str]) -> list[DriverMoney]:
    drivers: dict[str, DriverMoney] = {}

    def driver(email: str) -> DriverMoney:
        return drivers.setdefault(email, DriverMoney(email, names.get(email, email)))

    sales = list(scope.scalars(select(Sale).where(
        Sale.branch_code == van.branch_code, Sale.location_code == van.code,
        Sale.business_date == day, Sale.status == "completed")))
    refunds = list(scope.scalars(select(Return).where(
        Return.branch_code == van.branch_code, Return.location_code == van.code,
        Return.business_date == day)))
    terminals = {s.terminal_id for s in sales} | {r.terminal_id for r in refunds}
    for s in sales:
        d = driver(s.user_email)
        d.sales_count += 1
        d.sales += s.gross
    for r in refunds:
        driver(r.user_email).sales -= r.gross
    by_sale = {s.id: s.user_email for s in sales}
    if by_sale:
        for p in scope.scalars(select(Payment).where(Payment.kind == "sale",
                                                     Payment.sale_id.in_(list(by_sale)))):
            driver(by_sale[p.sale_id or ""]).tenders[p.method] += p.amount
    by_refund = {r.id: r.user_email for r in refunds}
    if by_refund:
        for p in scope.scalars(select(Payment).where(Payment.kind == "refund",
                                                     Payment.envelope_id.in_(list(by_refund)))):
            driver(by_refund[p.envelope_id]).tenders[p.method] += p.amount
    if terminals:
        for p in scope.scalars(select(Payment).where(
                Payment.kind == "customer_payment", Payment.business_date == day,
                Payment.terminal_id.in_(sorted(terminals)))):
            driver(p.user_email).on_account[p.method] += p.amount
    return [drivers[k] for k in sorted(drivers, key=lambda e: drivers[e].name)]


def van_day(scope: TenantScope, van: Location, day: date,
            names: dict[str, str] | None = None) -> VanDay:
    text = day.isoformat()
    names = people(scope) if names is None else names
    return VanDay(van.branch_code, van.code, van.name, day, _stock(scope, van, text),
                  _money(scope, van, text, names))


def driver_report(scope: TenantScope, *, day: date, van: str | None = None,
                  branch: str | None = None, driver: str | None = None) -> list[VanDay]:
    """Each van's day (only vans that loaded, sold or returned anything that day, unless
    one van is asked for); ``driver`` keeps the vans and money of that driver only."""
    names = people(scope)
    chosen = [find_van(scope, van, branch)] if van else vans(scope, branch)
    result = []
    for location in chosen:
        report = van_day(scope, location, day, names)
        if driver:
            report.drivers = [d for d in report.drivers if d.email == driver]
            if not report.drivers:
                continue
        if van or report.drivers or any(ln.loaded or ln.sold or ln.returned or ln.variance
                                        for ln in report.lines):
            result.append(report)
    return result


__all__ = ["COLLECTED", "METHOD_NAMES", "DriverMoney", "StockLine", "VanDay", "driver_report",
           "find_van", "people", "van_day", "vans"]
