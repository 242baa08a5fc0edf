"""``bisama-sync`` commands of the books: stock at moving average cost, opening balances
(issue [9]; docs/costing.md).

* ``stock valuation`` — the stock valuation report (per branch, or all), beside the
  balance of account 1200 Inventory it equals;
* ``stock valuation-method`` — value stock per tenant (default) or per branch;
* ``stock start-averages`` — start average cost for stock merged before it;
* ``opening balances|stock|customers FILE`` — go-live imports (CSV or XLSX).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shared.money import Money, format_quantity
from sync_server.cli import UsageError, _parse_day, cli_actor, database_options, emit, table
from sync_server.cli_admin import _tenant


def _money(pesewas: int | None) -> str:
    return "" if pesewas is None else Money(pesewas).format(symbol="")


def cmd_stock_valuation(args: argparse.Namespace) -> int:
    from decimal import Decimal

    from sync_server.costing.valuation import stock_valuation

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        report = stock_valuation(scope, branch=args.branch,
                                 as_of=args.as_of.isoformat() if args.as_of else None)
    data = {"valuation": report.valuation, "as_of": report.as_of, "branch": report.branch,
            "lines": [{"branch": ln.branch, "sku": ln.sku, "name": ln.name,
                       "qty": format_quantity(Decimal(ln.qty_milli) / 1000),
                       "average_cost": ln.average, "value": ln.value} for ln in report.lines],
            "by_branch": report.by_branch, "total": report.total, "inventory": report.inventory}

    def text(d: dict[str, Any]) -> str:
        rows = [{**ln, "average_cost": _money(ln["average_cost"]), "value": _money(ln["value"])}
                for ln in d["lines"]]
        rows += [{"branch": b, "name": "branch total", "value": _money(v)}
                 for b, v in sorted(d["by_branch"].items())]
        rows.append({"name": "TOTAL", "value": _money(d["total"])})
        lines = [table(rows, ("branch", "sku", "name", "qty", "average_cost", "value")),
                 f"Account 1200 Inventory: {_money(d['inventory'])}"
                 + (" (equal)" if d["inventory"] == d["total"] else " — DIFFERS")]
        if d["valuation"] == "tenant":
            lines.append("Stock is valued per tenant: the average cost is the tenant's; a "
                         "branch's value is what its own events moved.")
        return "\n".join(lines)

    emit(args, data, text)
    return 0 if report.inventory == report.total else 1


def cmd_stock_valuation_method(args: argparse.Namespace) -> int:
    from sync_server.costing.services import set_valuation

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        done = set_valuation(ctx, scope, cli_actor(), args.method)
    emit(args, {"valuation": done}, f"{tenant.domain}: stock is valued per {done}.")
    return 0


def cmd_stock_start_averages(args: argparse.Namespace) -> int:
    from sync_server.costing.services import start_averages

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        done = start_averages(ctx, scope, cli_actor(), args.date.isoformat())
    emit(args, done, f"{tenant.domain}: average cost starts on {done['date']}; stock valued at "
         f"{_money(done['value'])}, Inventory revalued to it "
         f"({len(done['journals'])} journal(s)).")
    return 0


def _read(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path} is not a file")
    return file.read_bytes()


def cmd_opening(args: argparse.Namespace) -> int:
    from sync_server.costing import opening
    from sync_server.costing.opening_suppliers import import_supplier_balances

    raw = _read(args.file)
    importer = {"balances": opening.import_trial_balance, "stock": opening.import_opening_stock,
                "customers": opening.import_customer_balances,
                "suppliers": import_supplier_balances}[args.what]
    extra: dict[str, Any] = ({"branch": args.branch} if args.what in ("customers", "suppliers")
                             else {})
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        summary = importer(ctx, scope, cli_actor(), raw, day=args.date, filename=args.file,
                           partial=args.partial, **extra)
    emit(args, summary.to_json(), summary.words())
    return 0 if summary.imported else 1


def add_costing_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    common = database_options()
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [common, tenant_opt]

    stock = commands.add_parser("stock", help="stock at moving average cost")
    sub = stock.add_subparsers(dest="stock_command", metavar="STOCK_COMMAND")
    p = sub.add_parser("valuation", parents=both,
                       help="stock valuation per branch and SKU, equal to account 1200",
                       description="Quantity, average cost and value of the stock, per branch "
                                   "(and total), beside the balance of 1200 Inventory it "
                                   "equals. Exit status 1 if they differ.")
    p.add_argument("--branch", help="one branch only")
    p.add_argument("--as-of", dest="as_of", type=_parse_day, metavar="YYYY-MM-DD",
                   help="the valuation at the end of that day (default: now)")
    p.set_defaults(handler=cmd_stock_valuation)
    p = sub.add_parser("valuation-method", parents=both,
                       help="value stock per tenant (default) or per branch",
                       description="Choose one average cost per product for the whole tenant "
                                   "or one per branch; only before stock has any value.")
    p.add_argument("method", choices=("tenant", "branch"))
    p.set_defaults(handler=cmd_stock_valuation_method)
    p = sub.add_parser("start-averages", parents=both,
                       help="start average cost for stock merged before it (after upgrading)",
                       description="Value every stock level at the catalogue's cost price and "
                                   "revalue 1200 Inventory to it (against 5000), once, for a "
                                   "tenant with stock from before migration 0011.")
    p.add_argument("--date", type=_parse_day, required=True, metavar="YYYY-MM-DD",
                   help="the date of the revaluation (today, in an open month)")
    p.set_defaults(handler=cmd_stock_start_averages)
    from sync_server.cli_stock import add_stock_office_commands

    add_stock_office_commands(sub, both)  # receive, transfer, adjust, reorder (issue [12])

    opening = commands.add_parser("opening", help="opening balances at go-live")
    sub = opening.add_subparsers(dest="opening_command", metavar="OPENING_COMMAND")
    helps = {
        "balances": ("import a trial balance (account,branch,debit,credit)",
                     "Post the trial balance at go-live against 3200 Opening Balance Equity. "
                     "Its 1200, 1100 and 2000 lines must equal the opening stock, customer "
                     "and supplier balance imports, or be left out."),
        "stock": ("import opening stock (branch,location,sku,qty,unit_cost)",
                  "Set stock levels and average costs at go-live; Dr 1200 / Cr 3200 per "
                  "branch. The tills' stock follows through the feed."),
        "customers": ("import customer balances (customer,amount,invoice_ref,due_date)",
                      "What each customer owed at go-live; Dr 1100 / Cr 3200. An optional "
                      "branch column (or --branch) says where each is posted."),
        "suppliers": ("import supplier balances (supplier,amount,invoice_ref,due_date)",
                      "What the shop owed each supplier at go-live, invoice by invoice; Dr 3200 "
                      "/ Cr 2000. Each line is an opening item the supplier's payments and "
                      "the AP ageing count. An optional branch column (or --branch)."),
    }
    for what, (short, long) in helps.items():
        p = sub.add_parser(what, parents=both, help=short, description=long)
        p.add_argument("file", metavar="FILE", help="a CSV or XLSX file")
        p.add_argument("--date", type=_parse_day, required=True, metavar="YYYY-MM-DD",
                       help="the go-live date (in an open month)")
        p.add_argument("--partial", action="store_true",
                       help="import the good rows even when some are rejected "
                            "(default: all or nothing)")
        if what in ("customers", "suppliers"):
            p.add_argument("--branch", help="the branch for rows that name none")
        p.set_defaults(handler=cmd_opening, what=what)


__all__ = ["add_costing_commands"]
