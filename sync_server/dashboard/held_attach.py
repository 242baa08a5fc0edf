"""Attaching a held envelope's unknown SKU to the catalogue, safely (issue [12] scope 6).

``attach_plan`` works out — without changing anything — what every till will get: the
new product's name, unit, tax code and cost, and its prices per price list and unit,
each beside what the till that held the envelope used (its own name, tax code and unit
price for that SKU), so that a price or tax the tills will change is said before it
happens. ``apply_plan`` then adds the product and its prices and records the plan —
with every change it makes at the tills — in the audit trail.

A new product needs a price and a cost: a product without a price reaches the tills
unsellable (their next sale of it fails), and one without a cost posts its sales at no
cost of goods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from shared.errors import BisamaError
from shared.money import Money
from sync_server.audit.services import Actor, record
from sync_server.catalogue.editing import copy_product, save_product, set_price
from sync_server.catalogue.models import Price, PriceList, Product
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound
from sync_server.terminals.models import Terminal


def unknown_skus(scope: TenantScope, lines: list[dict[str, Any]]) -> list[str]:
    """The SKUs of a held envelope's lines the catalogue does not have, in line order."""
    skus = [str(ln["sku"]) for ln in lines if isinstance(ln.get("sku"), str)]
    known = set(scope.scalars(select(Product.sku).where(Product.sku.in_(sorted(set(skus))))))
    seen: list[str] = []
    for sku in skus:
        if sku not in known and sku not in seen:
            seen.append(sku)
    return seen


def line_of(lines: list[dict[str, Any]], sku: str) -> dict[str, Any]:
    return next((ln for ln in lines if ln.get("sku") == sku), {})


@dataclass
class Plan:
    sku: str
    mode: str  # copy or new
    copy_from: str
    name: str
    unit: str
    tax_code: str
    cost: int
    prices: list[dict[str, Any]]  # price_list, list_name, unit, price, till_price, changed
    changes: list[str] = field(default_factory=list)  # what the tills will get, in words
    tills: int = 0
    branches: int = 0

    def form(self) -> dict[str, str]:
        """The fields the confirmation form sends back."""
        first = self.prices[0] if self.prices else {}
        return {"sku": self.sku, "copy_from": self.copy_from, "name": self.name,
                "unit": self.unit, "tax_code": self.tax_code,
                "cost_price": str(Money(self.cost)) if self.mode == "new" else "",
                "price": str(Money(first.get("price", 0))) if self.mode == "new" else "",
                "price_list": first.get("price_list", "") if self.mode == "new" else ""}


def _money(text: str, what: str) -> Money:
    if not text.strip():
        raise Invalid(f"A new product needs its {what}: without it the tills cannot sell it "
                      "properly.")
    try:
        amount = Money.parse(text)
    except BisamaError:
        raise Invalid(f"“{text}” is not an amount for the {what}.") from None
    if amount.pesewas <= 0 or amount.pesewas >= 10**11:
        raise Invalid(f"The {what} must be more than GH₵ 0.00.")
    return amount


def attach_plan(scope: TenantScope, item: dict[str, Any], *, sku: str, copy_from: str,
                name: str, unit: str, tax_code: str, cost_price: str, price: str,
                price_list: str) -> Plan:
    """What attaching ``sku`` would do (raises ``Invalid``/``NotFound`` for what cannot
    be done). Changes nothing."""
    lines = item["summary"].get("lines") or []
    unknown = unknown_skus(scope, lines)
    if sku not in unknown:
        if scope.get(Product, sku) is not None:
            raise Invalid(f"{sku} is already in the catalogue; merge the envelope again.")
        raise Invalid(f"{sku} is not one of this envelope's unknown products"
                      + (f" ({', '.join(unknown)})." if unknown else "."))
    held = line_of(lines, sku)
    till_name, till_tax = held.get("name") or "", held.get("tax_code") or ""
    till_unit, till_price = held.get("unit") or "", held.get("unit_price")
    if copy_from:
        source = scope.get(Product, copy_from)
        if source is None:
            raise NotFound(f"There is no product {copy_from} to copy.")
        rows = scope.scalars(select(Price).where(Price.sku == copy_from)
                             .order_by(Price.price_list, Price.unit))
        if not rows:
            raise Invalid(f"{copy_from} has no price: the tills could not sell {sku}. Give "
                          f"{copy_from} a price first, or describe {sku} as a new product.")
        plan = Plan(sku, "copy", copy_from, name or source.name, source.unit, source.tax_code,
                    int(source.cost_price),
                    [{"price_list": p.price_list, "unit": p.unit, "price": int(p.price)}
                     for p in rows])
    else:
        if not name:
            raise Invalid("A new product needs a name.")
        cost = _money(cost_price, "cost price")
        amount = _money(price, "selling price")
        lists = [p.code for p in scope.scalars(select(PriceList).order_by(PriceList.code))]
        chosen = price_list or ("retail" if "retail" in lists else (lists[0] if lists else ""))
        if chosen not in lists:
            raise NotFound(f"There is no price list “{chosen}”.")
        plan = Plan(sku, "new", "", name, unit, tax_code, cost.pesewas,
                    [{"price_list": chosen, "unit": unit, "price": amount.pesewas}])
    names = {p.code: p.name for p in scope.scalars(select(PriceList))}
    for p in plan.prices:
        p["list_name"] = names.get(p["price_list"], p["price_list"])
        same_unit = p["unit"] == till_unit or not till_unit
        p["till_price"] = till_price if same_unit and isinstance(till_price, int) else None
        p["changed"] = p["till_price"] is not None and p["till_price"] != p["price"]
        if p["changed"]:
            plan.changes.append(
                f"Price: {sku} sells at GH₵ {Money(p['price'])} per {p['unit']} on the "
                f"{p['list_name']} list; the till that held this sale charged GH₵ "
                f"{Money(p['till_price'])} — tills that know {sku} are repriced.")
    if any(p["changed"] for p in plan.prices):
        plan.changes.append("This held sale was charged the till's price: it stays held (price "
                            "mismatch) after the product is added, to be rejected or settled "
                            "with the branch.")
    if till_tax and till_tax != plan.tax_code:
        plan.changes.append(f"Tax: {sku} is taxed under code {plan.tax_code}; the till used "
                            f"{till_tax}.")
    if till_name and till_name != plan.name:
        plan.changes.append(f"Name: every till shows “{plan.name}”; the till called it "
                            f"“{till_name}”.")
    if till_unit and till_unit != plan.unit:
        plan.changes.append(f"Unit: {sku} is sold by the {plan.unit}; the till sold it by the "
                            f"{till_unit}.")
    active = Terminal.status == "active"
    plan.tills = int(scope.scalar(select(func.count()).select_from(Terminal).where(active)) or 0)
    plan.branches = int(scope.scalar(select(func.count(func.distinct(Terminal.branch_code)))
                                     .where(active)) or 0)
    return plan


def apply_plan(ctx: ServerContext, scope: TenantScope, actor: Actor, plan: Plan,
               subject: str) -> None:
    """Add the product and its prices as planned; the audit trail keeps the plan."""
    if plan.mode == "copy":
        copy_product(ctx, scope, actor, sku=plan.sku, source=plan.copy_from, name=plan.name)
    else:
        save_product(ctx, scope, actor, sku=plan.sku, name=plan.name, unit=plan.unit,
                     tax_code=plan.tax_code, cost_price=Money(plan.cost), create=True)
        for p in plan.prices:
            set_price(ctx, scope, actor, price_list=p["price_list"], sku=plan.sku, unit=p["unit"],
                      price=Money(p["price"]))
    record(ctx, scope, actor, "held.attached", subject=subject, detail={
        "sku": plan.sku, "copy_from": plan.copy_from or None, "name": plan.name,
        "tax_code": plan.tax_code, "cost": str(Money(plan.cost)),
        "prices": [{"price_list": p["price_list"], "unit": p["unit"],
                    "price": str(Money(p["price"])),
                    "till_price": None if p["till_price"] is None else str(Money(p["till_price"]))}
                   for p in plan.prices],
        "changes_at_tills": plan.changes, "tills": plan.tills})


__all__ = ["Plan", "apply_plan", "attach_plan", "line_of", "unknown_skus"]
