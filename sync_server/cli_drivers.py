"""``bisama-sync driver …``: trucks and drivers at head office (issue [14], scope 4).

* ``driver report --day D [--van V] [--driver E]`` — each van's day: loaded = sold +
  returned + variance per product, sales = collected + outstanding per driver.
* ``driver deposit …`` — record a bank deposit slip (posts Dr bank / Cr 1000) and match
  it to the driver's cash; ``driver match`` matches what a slip has left.
* ``driver deposits --from D --to D`` — slips and cash, unmatched of each listed.
* ``driver unpaid [--as-of D] [--due]`` — unpaid van invoices by driver and customer,
  aged; ``driver follow-up --invoice R --note … [--on D]`` writes a follow-up.

See docs/drivers.md.
"""

from __future__ import annotations

import argparse
import mimetypes
from datetime import date
from pathlib import Path
from typing import Any

from sync_server.cli import (
    UsageError,
    _parse_amount,
    _parse_day,
    cli_actor,
    database_options,
    emit,
    table,
)
from sync_server.cli_books import _tenant


def _days(text: str) -> list[date]:
    try:
        return [date.fromisoformat(part.strip()) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a list of dates; use YYYY-MM-DD,YYYY-MM-DD") from None


def _report_text(data: list[dict[str, Any]]) -> str:
    if not data:
        return "No van loaded, sold or returned anything that day."
    out: list[str] = []
    for van in data:
        out.append(f"Van {van['van']} ({van['van_name']}, {van['branch']}) — {van['day']}"
                   + ("  ** CHECK **" if van["flagged"] else ""))
        out.append("Loaded = sold + returned + variance")
        rows = [{**ln, "check": "VARIANCE" if ln["flagged"] else ""} for ln in van["lines"]]
        out.append(table(rows, ("sku", "name", "opening", "loaded", "sold", "returned",
                                "variance", "closing", "variance_value", "check")))
        out.append("Sales = collected + outstanding")
        money = [{**d, "collected": ", ".join(f"{k} {v}" for k, v in d["collected"].items()),
                  "on_account": ", ".join(f"{k} {v}" for k, v in d["account_payments"].items())}
                 for d in van["drivers"]]
        out.append(table(money, ("driver", "sales_count", "sales", "collected", "collected_total",
                                 "outstanding", "on_account", "cash_to_bank")))
        out.append("")
    return "\n".join(out).rstrip()


def cmd_driver_report(args: argparse.Namespace) -> int:
    from sync_server.trucks.report import driver_report

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        driver = None
        if args.driver:
            from sync_server.trucks.deposits import find_driver
            driver = find_driver(scope, args.driver).email
        data = [v.to_json() for v in driver_report(scope, day=args.day, van=args.van,
                                                   branch=args.branch, driver=driver)]
    emit(args, data, _report_text)
    return 1 if args.strict and any(v["flagged"] for v in data) else 0


def cmd_driver_deposit(args: argparse.Namespace) -> int:
    from sync_server.trucks.deposits import record_slip

    scan = None
    if args.scan:
        path = Path(args.scan)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read the scan {path}: {exc.strerror}") from None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        scan = (path.name, kind, data)
    actor = cli_actor()
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        done = record_slip(ctx, scope, actor, bank=args.bank, slip_no=args.slip,
                           amount=args.amount, deposit_date=args.date, driver=args.driver,
                           van=args.van, account=args.account, days=args.days, scan=scan,
                           by=actor.name)
    emit(args, done, lambda d: (f"{d['number']}: {d['amount']} banked by {d['driver']} "
                                f"(van {d['van']}); matched {d['matched']}, "
                                f"unmatched {d['unmatched']}."))
    return 0


def cmd_driver_match(args: argparse.Namespace) -> int:
    from sync_server.trucks.deposits import match_slip

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        done = match_slip(ctx, scope, cli_actor(), number=args.slip, days=args.days)
    emit(args, done, lambda d: f"{d['number']}: matched {d['matched']} more; "
                               f"{d['unmatched']} unmatched.")
    return 0


def cmd_driver_deposits(args: argparse.Namespace) -> int:
    from sync_server.trucks.deposits import deposits, find_driver

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        driver = find_driver(scope, args.driver).email if args.driver else None
        data = deposits(scope, first=args.first, last=args.last, branch=args.branch,
                        driver=driver)

    def text(d: dict[str, Any]) -> str:
        return "\n".join((
            "Deposit slips", table(d["slips"], ("number", "date", "bank", "slip_no", "driver",
                                                "van", "amount", "matched", "unmatched")),
            "", f"Unmatched cash (of {d['cash_total']} collected)",
            table(d["unmatched_cash"], ("day", "driver", "van", "cash", "matched", "unmatched")),
            "", "Unmatched slips",
            table(d["unmatched_slips"], ("number", "date", "driver", "amount", "unmatched"))))
    emit(args, data, text)
    return 1 if args.strict and (data["unmatched_cash"] or data["unmatched_slips"]) else 0


def cmd_driver_unpaid(args: argparse.Namespace) -> int:
    from sync_server.trucks.deposits import find_driver
    from sync_server.trucks.followups import unpaid

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        driver = find_driver(scope, args.driver).email if args.driver else None
        as_of = args.as_of or ctx.clock.now().date()
        data = unpaid(scope, as_of=as_of, branch=args.branch, driver=driver)
    for row in data["rows"]:
        row.pop("open_pesewas", None)
    rows = data["due_follow_ups"] if args.due else data["rows"]

    def text(_d: dict[str, Any]) -> str:
        return table(rows, ("driver", "customer", "number", "date", "due", "days", "open",
                            "follow_up_on", "note"))
    emit(args, {**data, "rows": rows} if args.due else data, text)
    return 0


def cmd_driver_follow_up(args: argparse.Namespace) -> int:
    from sync_server.trucks.followups import set_follow_up

    actor = cli_actor()
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        done = set_follow_up(ctx, scope, actor, invoice=args.invoice, note=args.note,
                             on=args.on, by=actor.name)
    emit(args, done, lambda d: f"Invoice {d['invoice']} ({d['open']} open): follow up "
                               f"{d['follow_up_on'] or 'when next seen'} — {d['note']}")
    return 0


def add_driver_commands(commands: Any) -> None:
    """Register ``driver …`` on the top-level subparsers."""
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [database_options(), tenant_opt]
    parser = commands.add_parser("driver", help="trucks and drivers: the daily driver report, "
                                 "deposit slips, unpaid invoices")
    sub = parser.add_subparsers(dest="driver_command", metavar="DRIVER_COMMAND")

    p = sub.add_parser("report", parents=both,
                       help="each van's day: loaded = sold + returned + variance, "
                            "sales = collected + outstanding")
    p.add_argument("--day", type=_parse_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--van", metavar="CODE", help="one van (VAN-1, or BRANCH/VAN-1)")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--driver", metavar="EMAIL", help="one driver's money only")
    p.add_argument("--strict", action="store_true", help="exit 1 when a van's day is flagged")
    p.set_defaults(handler=cmd_driver_report)

    p = sub.add_parser("deposit", parents=both,
                       help="record a bank deposit slip, post it and match it to the cash")
    p.add_argument("--bank", required=True, help="e.g. “GCB Bank”")
    p.add_argument("--slip", required=True, help="the number printed on the slip")
    p.add_argument("--amount", type=_parse_amount, required=True)
    p.add_argument("--date", type=_parse_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--driver", required=True, metavar="EMAIL", help="who banked it")
    p.add_argument("--van", required=True, metavar="CODE")
    p.add_argument("--account", default="1010", help="the bank account (default 1010 Bank)")
    p.add_argument("--days", type=_days, metavar="D1,D2",
                   help="the days' cash it banks (default: the oldest not yet banked)")
    p.add_argument("--scan", metavar="FILE", help="a photo (JPEG, PNG) or PDF of the slip")
    p.set_defaults(handler=cmd_driver_deposit)

    p = sub.add_parser("match", parents=both, help="match what a slip has left to the cash")
    p.add_argument("--slip", required=True, metavar="DS-…")
    p.add_argument("--days", type=_days, metavar="D1,D2")
    p.set_defaults(handler=cmd_driver_match)

    p = sub.add_parser("deposits", parents=both,
                       help="slips and the drivers' cash; unmatched cash and slips")
    p.add_argument("--from", dest="first", type=_parse_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_parse_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--driver", metavar="EMAIL")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any cash or slip is unmatched")
    p.set_defaults(handler=cmd_driver_deposits)

    p = sub.add_parser("unpaid", parents=both,
                       help="unpaid van invoices by driver and customer, aged")
    p.add_argument("--as-of", dest="as_of", type=_parse_day, metavar="YYYY-MM-DD")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--driver", metavar="EMAIL")
    p.add_argument("--due", action="store_true", help="only the follow-ups due")
    p.set_defaults(handler=cmd_driver_unpaid)

    p = sub.add_parser("follow-up", parents=both, help="note a follow-up on an unpaid invoice")
    p.add_argument("--invoice", required=True, metavar="RECEIPT")
    p.add_argument("--note", required=True)
    p.add_argument("--on", type=_parse_day, metavar="YYYY-MM-DD", help="the day to chase it")
    p.set_defaults(handler=cmd_driver_follow_up)
