"""A month of trade for the books (issue [9]'s "done means", [10]'s example close).

November 2026 at a two-till shop, the way head office and the shop make it: opening
balances at go-live (bank and every product's stock at cost), a till selling every day
(cash, MTN and Telecel MoMo, card, on account), returns, cash dropped at the bank, stock
received from two suppliers every Monday at their real price and billed against the
delivery note, suppliers paid by bank two weeks later, rent and electricity, MoMo and
card takings settled into the bank from the providers' statements with their fees, a
customer paying on account; then the month closed by the accountant and the director.

``trade(world, make_till)`` does it against a live server (the test suite's ``world``
and ``till`` fixtures, or the screenshot scene) and returns what a person checks: the
trial balance, the balance sheet, the clearing accounts against the tenders not yet
settled, the close. ``python tools/books/month_of_trade.py`` runs it on a fresh SQLite
server and prints the figures beside hledger's and Beancount's.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from shared.money import Money  # noqa: E402
from shared.payloads import CustomerRef, StockLine, StockReceive, Tender  # noqa: E402
from sync_server.audit.services import Actor  # noqa: E402
from sync_server.closing.services import Person, approve, prepare  # noqa: E402
from sync_server.costing.opening import import_opening_stock, import_trial_balance  # noqa: E402
from sync_server.purchases.bills import LineIn, add_bill, add_supplier, pay_supplier  # noqa: E402
from sync_server.purchases.expenses import add_expense  # noqa: E402
from sync_server.purchases.settlements import (  # noqa: E402
    import_statement,
    match_statement,
    settle_statement,
)
from sync_server.reports.ledger import balance_sheet, trial_balance  # noqa: E402
from sync_server.sales.models import Payment  # noqa: E402

MONTH = "2026-11"
FIRST = date(2026, 11, 1)
DAYS = 30
ACTOR = Actor("cli", "month-of-trade")
ACCOUNTANT = Person("manager@acme.test", "Kwame Boateng", "manager")
DIRECTOR = Person("director@acme.test", "Efua Mensah", "director")
SUPPLIERS = {"Wilmar Africa Ltd": "C0002223334", "Nestle Ghana Ltd": "C0003334445"}


@dataclass
class Product:
    sku: str
    name: str
    cost: int  # pesewas per unit
    tax_code: str


@dataclass
class Month:
    """What the month made, for the checks."""

    sales: int = 0
    refunds: int = 0
    receipts: list[str] = field(default_factory=list)
    bills: list[str] = field(default_factory=list)
    settlements: list[str] = field(default_factory=list)
    unsettled: dict[str, int] = field(default_factory=dict)  # method -> pesewas
    trial_balance: dict[str, int] = field(default_factory=dict)
    balance_sheet: dict[str, Any] = field(default_factory=dict)
    close: dict[str, Any] = field(default_factory=dict)


def products(testdata: Path) -> list[Product]:
    with (testdata / "catalogue_sample.csv").open(encoding="utf-8") as f:
        return [Product(r["sku"], r["name"], Money.parse(r["cost_price"]).pesewas, r["tax_code"])
                for r in csv.DictReader(f) if r["weighed"] == "0"]


def _day(n: int) -> date:
    return FIRST + timedelta(days=n)


def _at(day: date, hour: int) -> Callable[[], datetime]:
    return lambda: datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def _opening(world: Any, catalogue: list[Product]) -> None:
    day = (FIRST - timedelta(days=1)).isoformat()
    stock = "branch,location,sku,qty,unit_cost\n" + "".join(
        f"MAIN,SHOP,{p.sku},40,{Money(p.cost)}\n" for p in catalogue)
    with world.ctx.scope(world.tenant_id) as scope:
        import_opening_stock(world.ctx, scope, ACTOR, stock.encode(), day=day)
    tb = "account,branch,debit,credit\n1010,MAIN,80000.00,\n"
    with world.ctx.scope(world.tenant_id) as scope:
        import_trial_balance(world.ctx, scope, ACTOR, tb.encode(), day=day)
        for name, tin in SUPPLIERS.items():
            add_supplier(world.ctx, scope, ACTOR, name=name, tin=tin, terms_days=14)


def _tender(rng: random.Random, gross: Money, n: int, day: date) -> Tender:
    roll = rng.random()
    if roll < 0.55:
        return Tender("cash", gross, gross)
    if roll < 0.70:
        return Tender("momo", gross, gross, "mtn", f"MP{day:%y%m%d}.{n:04d}")
    if roll < 0.80:
        return Tender("momo", gross, gross, "telecel", f"TC{day:%y%m%d}{n:04d}")
    return Tender("card", gross, gross, "visa", f"V{day:%m%d}{n:04d}")


def _statement(world: Any, method: str, first: str, last: str) -> bytes:
    """The provider's statement for the week: every tender of ``method`` the server has."""
    with world.ctx.scope(world.tenant_id) as scope:
        rows = scope.scalars(select(Payment).where(
            Payment.method == method, Payment.amount > 0, Payment.business_date >= first,
            Payment.business_date <= last).order_by(Payment.business_date))
    out = io.StringIO()
    out.write("date,reference,amount,description\n")
    for p in rows:
        out.write(f"{p.business_date},{p.reference or ''},{Money(p.amount)},{method} takings\n")
    return out.getvalue().encode()


def _settle_week(world: Any, month: Month, method: str, first: str, last: str) -> None:
    content = _statement(world, method, first, last)
    if content.count(b"\n") < 2:
        return
    with world.ctx.scope(world.tenant_id) as scope:
        statement = import_statement(world.ctx, scope, ACTOR, kind=method,
                                     filename=f"{method}-{last}.csv", content=content)
        match_statement(world.ctx, scope, ACTOR, statement["statement"])
    gross = sum(Money.parse(r.split(",")[2]).pesewas
                for r in content.decode().splitlines()[1:])
    fee = Money(gross // 100)  # the provider keeps 1 %
    with world.ctx.scope(world.tenant_id) as scope:
        done = settle_statement(world.ctx, scope, ACTOR, statement_id=statement["statement"],
                                fee=fee, settle_date=last, branch="MAIN")
    month.settlements.append(done["number"])


def _receive_and_bill(world: Any, till: Any, month: Month, day: date, *, sold: dict[str, int],
                      catalogue: dict[str, Product], week: int) -> None:
    supplier = list(SUPPLIERS)[week % 2]
    lines = []
    for sku, qty in sorted(sold.items()):
        cost = catalogue[sku].cost + catalogue[sku].cost // 50  # 2 % dearer than last time
        lines.append(StockLine(sku=sku, qty=Decimal(qty + 5).quantize(Decimal("0.001")),
                               unit_cost=Money(cost)))
    if not lines:
        return
    note = f"DN-{day:%m%d}-{week}"
    till.seal("stock_receive", StockReceive(document_no=note, supplier=supplier,
                                            location="SHOP", lines=tuple(lines)).to_json(),
              business_date=day.isoformat())
    till.push()
    value = sum(ln.unit_cost.pesewas * int(ln.qty) for ln in lines)
    with world.ctx.scope(world.tenant_id) as scope:
        bill = add_bill(world.ctx, scope, ACTOR, supplier=supplier, supplier_invoice=f"INV-{note}",
                        bill_date=day, branch="MAIN", receipts=[note],
                        lines=[LineIn("Goods as delivered", "goods", Money(value), "B")])
    month.receipts.append(note)
    month.bills.append(bill["number"])


def trade(world: Any, make_till: Callable[..., Any], testdata: Path, *,
          seed: int = 2026) -> Month:
    rng = random.Random(seed)
    catalogue = products(testdata)
    by_sku = {p.sku: p for p in catalogue}
    month = Month()
    _opening(world, catalogue)
    till = make_till()
    customer = CustomerRef(world.customer_id, "Kofi Traders", "C0009876543")
    sold: dict[str, int] = {}
    week_start = FIRST
    for n in range(DAYS):
        day = _day(n)
        till.clock, till.business_date = _at(day, 10), day.isoformat()
        cash = 0
        for k in range(8 + n % 4):
            items = [(p.sku, rng.randint(1, 3)) for p in rng.sample(catalogue, rng.randint(1, 3))]
            sale = till.priced_sale(items)
            gross = sale.totals.gross
            if k == 0 and n % 5 == 2:
                envelope = till.sell(items, customer=customer,
                                     tenders=[Tender("credit", gross, gross)])
            else:
                tender = _tender(rng, gross, n * 100 + k, day)
                envelope = till.sell(items, tenders=[tender])
                cash += gross.pesewas if tender.method == "cash" else 0
                if k == 1 and n % 3 == 0 and tender.method == "cash":
                    refund = till.refund(envelope, [(1, "1")])
                    cash -= refund.typed_payload().gross.pesewas
                    month.refunds += 1
            month.sales += 1
            for sku, qty in items:
                sold[sku] = sold.get(sku, 0) + qty
        if cash > 0:
            from tests.books.dataset import cash_move

            cash_move(till, "drop_to_bank", Money(cash), "lodged at GCB Adabraka")
        till.push()
        till.heartbeat()
        if day.weekday() == 6 or n == DAYS - 1:  # Sunday: the week's statements, Monday's stock
            first, last = week_start.isoformat(), day.isoformat()
            if n < DAYS - 1:  # the last days' takings are still with the providers
                _settle_week(world, month, "momo", first, last)
                _settle_week(world, month, "card", first, last)
                _receive_and_bill(world, till, month, day + timedelta(days=1), sold=sold,
                                  catalogue=by_sku, week=len(month.receipts))
                sold = {}
            week_start = day + timedelta(days=1)
        if n == 14:
            _expenses(world, day)
            _pay_suppliers(world, day)
        if n == 20:
            from tests.books.dataset import pay_on_account

            pay_on_account(till, world, Money(10_000), method="momo")
            till.push()
    till.clock = lambda: datetime.now(UTC)
    till.business_date = None
    till.heartbeat()
    month.unsettled = _unsettled(world)
    _report(world, month)
    return month


def _expenses(world: Any, day: date) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_expense(world.ctx, scope, ACTOR, category="6000", amount="2500.00",
                    expense_date=FIRST, branch="MAIN", paid_by="bank", tax_code="D",
                    receipt_no="RENT-NOV", memo="Shop rent, November")
        add_expense(world.ctx, scope, ACTOR, category="6000", amount="612.40", expense_date=day,
                    branch="MAIN", paid_by="bank", tax_code="B", receipt_no="ECG-1126",
                    memo="ECG electricity")


def _pay_suppliers(world: Any, day: date) -> None:
    from sync_server.purchases.bills import list_bills

    with world.ctx.scope(world.tenant_id) as scope:
        for bill in list_bills(scope, only_open=True):
            if bill["date"] > day.isoformat():
                continue
            pay_supplier(world.ctx, scope, ACTOR, supplier=bill["supplier"], amount=bill["open"],
                         pay_date=day, method="bank", branch="MAIN",
                         reference=f"GCB transfer {bill['number']}")


def _unsettled(world: Any) -> dict[str, int]:
    from sync_server.purchases.models import SettledTender

    with world.ctx.scope(world.tenant_id) as scope:
        settled = {(t.envelope_id, t.tender_no) for t in scope.scalars(select(SettledTender))}
        rest: dict[str, int] = {}
        for p in scope.scalars(select(Payment).where(Payment.method.in_(("momo", "card")))):
            if (p.envelope_id, p.tender_no) not in settled:
                rest[p.method] = rest.get(p.method, 0) + p.amount
    return rest


def _report(world: Any, month: Month) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        tb = trial_balance(scope, period=MONTH)
        month.trial_balance = {ln.code: ln.net.pesewas for ln in tb.lines if not ln.net.is_zero}
        month.balance_sheet = balance_sheet(scope, period=MONTH)


def close(world: Any, month: Month) -> Month:
    """The accountant prepares November's close; the director approves it (October, the
    month of the opening balances, first: months close in order)."""
    for earlier in ("2026-10",):
        with world.ctx.scope(world.tenant_id) as scope:
            prepare(world.ctx, scope, earlier, ACCOUNTANT, ACTOR)
        with world.ctx.scope(world.tenant_id) as scope:
            approve(world.ctx, scope, earlier, DIRECTOR, ACTOR)
    with world.ctx.scope(world.tenant_id) as scope:
        prepared = prepare(world.ctx, scope, MONTH, ACCOUNTANT, ACTOR)
    with world.ctx.scope(world.tenant_id) as scope:
        approved = approve(world.ctx, scope, MONTH, DIRECTOR, ACTOR)
    month.close = {"prepared": prepared.to_json(), "approved": approved.to_json()}
    return month


def main() -> int:  # pragma: no cover - a developer tool, run by hand
    import tempfile

    from tests.browser.scene import start_scene

    testdata = ROOT / "resources" / "testdata"
    with tempfile.TemporaryDirectory() as folder:
        scene = start_scene(Path(folder), testdata)
        try:
            world = scene.acme
            month = trade(world, lambda: scene.till("MAIN", "Front till"), testdata)
            close(world, month)
            _print(month, _hledger(world, Path(folder)))
        finally:
            scene.stop()
    return 0


def _hledger(world: Any, folder: Path) -> dict[str, str]:  # pragma: no cover
    """hledger's balance of each account (by code), from our export of the books."""
    import shutil
    import subprocess

    from sync_server.ledger.export import account_names, export

    hledger = shutil.which("hledger")
    if hledger is None:
        return {}
    path = folder / "books.journal"
    with world.ctx.scope(world.tenant_id) as scope, path.open("w", encoding="utf-8") as out:
        names = account_names(scope)
        export(scope, "hledger", last=date(2026, 11, 30), out=out, tenant="demo", first=None)
    code_of = {name: code for code, name in names.items()}
    text = subprocess.run([hledger, "-f", str(path), "bal", "-E", "-N", "--flat",
                           "--output-format", "csv"], check=True, capture_output=True,
                          text=True).stdout
    return {code_of[r["account"]]: r["balance"] for r in csv.DictReader(io.StringIO(text))}


def _print(month: Month, hledger: dict[str, str]) -> None:  # pragma: no cover
    out = sys.stdout.write
    out(f"sales {month.sales}, refunds {month.refunds}, receipts {len(month.receipts)}, "
        f"bills {len(month.bills)}, settlements {len(month.settlements)}\n")
    out(f"{'account':>8} {'ours (debit +)':>16} {'hledger':>16}\n")
    for code, net in sorted(month.trial_balance.items()):
        out(f"{code:>8} {Money(net)!s:>16} {hledger.get(code, '-'):>16}\n")
    out(f"unsettled: { {k: str(Money(v)) for k, v in month.unsettled.items()} }\n")
    out(f"close: ready={month.close['approved']['ready']}\n")


if __name__ == "__main__":
    raise SystemExit(main())
