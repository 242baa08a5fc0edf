"""``bisama-sync`` commands of the books: books reports and ledger exports (issue [9]).

* ``report gl|cash-flow|ar-ageing|statement`` (added to the ``report`` group), each
  printable or written as CSV, XLSX or PDF with ``--format``;
* ``credit-note add|list``; ``receivables reallocate|terms``;
* ``ledger export --format hledger|beancount|csv``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
    say,
    table,
)
from sync_server.cli_server import _open


@contextmanager
def _tenant_scope(args: argparse.Namespace) -> Iterator[tuple[Any, Any, Any]]:
    from sync_server.tenants.services import require_tenant

    ctx = _open(args)
    try:
        tenant = require_tenant(ctx, args.tenant)
        with ctx.scope(tenant.id) as scope:
            yield ctx, tenant, scope
    finally:
        ctx.close()


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the operator's calendar day


def write_report(args: argparse.Namespace, report: Any) -> bool:
    """With ``--format``, write ``report`` to ``--output`` (default: its own file name in
    the current folder) and say so; False when no file was asked for."""
    from sync_server.reports.export import render

    if not getattr(args, "format", None):
        return False
    data, _media, name = render(report, args.format)
    target = Path(args.output or name)
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        return True
    target.write_bytes(data)
    say(f"Wrote {target} ({len(data):,} bytes).")
    return True


def _m(pesewas: int | None) -> str:
    from shared.money import Money

    return "" if pesewas is None else str(Money(pesewas))


def cmd_gl(args: argparse.Namespace) -> int:
    from sync_server.reports.gl import general_ledger
    from sync_server.reports.tables import general_ledger_report

    first, last = args.first, args.last or _today()
    with _tenant_scope(args) as (_ctx, tenant, scope):
        gl = general_ledger(scope, args.account, first=first, last=last, branch=args.branch)
    if write_report(args, general_ledger_report(gl, business=tenant.name)):
        return 0
    rows = [{"date": ln["date"].isoformat(), "kind": ln["kind"], "reference": ln["reference"],
             "branch": ln["branch"], "debit": _m(ln["debit"]), "credit": _m(ln["credit"]),
             "balance": _m(ln["balance"]), "memo": ln["memo"]} for ln in gl["lines"]]
    data = {**gl, "first": first.isoformat(), "last": last.isoformat(), "lines": rows,
            "opening": _m(gl["opening"]), "closing": _m(gl["closing"]),
            "debit": _m(gl["debit"]), "credit": _m(gl["credit"])}
    emit(args, data, lambda d: f"{d['account']} {d['name']}, {d['first']} to {d['last']}\n"
         f"Opening balance {d['opening']}\n"
         + table(d["lines"], ("date", "kind", "reference", "branch", "debit", "credit",
                              "balance", "memo"))
         + f"\nClosing balance {d['closing']} (debit − credit)")
    return 0


def cmd_cash_flow(args: argparse.Namespace) -> int:
    from sync_server.reports.cashflow import cash_flow
    from sync_server.reports.tables import cash_flow_report

    first, last = args.first, args.last or _today()
    with _tenant_scope(args) as (_ctx, tenant, scope):
        cf = cash_flow(scope, first=first, last=last, branch=args.branch)
    if write_report(args, cash_flow_report(cf, business=tenant.name)):
        return 0 if cf["reconciles"] else 1
    data = {"first": first.isoformat(), "last": last.isoformat(), "branch": cf["branch"],
            "opening": _m(cf["opening"]), "net": _m(cf["net"]), "closing": _m(cf["closing"]),
            "reconciles": cf["reconciles"],
            "sections": [{"section": s["key"], "inflow": _m(s["inflow"]),
                          "outflow": _m(s["outflow"]), "net": _m(s["net"]),
                          "accounts": [{**r, "inflow": _m(r["inflow"]), "outflow": _m(r["outflow"]),
                                        "net": _m(r["net"])} for r in s["rows"]]}
                         for s in cf["sections"]]}
    emit(args, data, lambda d: table(d["sections"], ("section", "inflow", "outflow", "net"))
         + f"\nOpening cash {d['opening']} + net {d['net']} = closing {d['closing']}"
         + ("" if d["reconciles"] else "  (DOES NOT RECONCILE)"))
    return 0 if cf["reconciles"] else 1


def cmd_ar_ageing(args: argparse.Namespace) -> int:
    from sync_server.receivables.ledger import ageing
    from sync_server.reports.tables import ar_ageing_report

    as_of = args.as_of or _today()
    with _tenant_scope(args) as (_ctx, tenant, scope):
        data = ageing(scope, as_of=as_of, branch=args.branch)
    if write_report(args, ar_ageing_report(data, business=tenant.name)):
        return 0
    out = {"as_of": as_of.isoformat(), "branch": data["branch"],
           "customers": [{k: (_m(v) if k not in ("customer", "customer_id") else v)
                          for k, v in c.items()} for c in data["customers"]],
           "totals": {k: _m(v) for k, v in data["totals"].items()}, "total": _m(data["total"]),
           "ledger_1100": _m(data["ledger"]), "difference": _m(data["difference"])}
    emit(args, out, lambda d: table(d["customers"], ("customer", "current", "d1_30", "d31_60",
                                                     "d61_90", "over_90", "total"))
         + f"\nTotal {d['total']}; account 1100 {d['ledger_1100']}; "
           f"difference {d['difference']}")
    return 0


def cmd_statement(args: argparse.Namespace) -> int:
    from sync_server.receivables.services import statement
    from sync_server.reports.tables import statement_report

    last = args.last or _today()
    first = args.first or last.replace(day=1)
    with _tenant_scope(args) as (_ctx, tenant, scope):
        data = statement(scope, args.customer, first=first, last=last)
    if write_report(args, statement_report(data, business=tenant.name)):
        return 0
    lines = [{"date": ln["date"].isoformat(), "kind": ln["kind"], "number": ln["number"],
              "charged": _m(ln["debit"]) if ln["debit"] else "",
              "paid": _m(ln["credit"]) if ln["credit"] else "", "balance": _m(ln["balance"])}
             for ln in data["lines"]]
    out = {"customer": data["customer"], "first": first.isoformat(), "last": last.isoformat(),
           "opening": _m(data["opening"]), "lines": lines, "closing": _m(data["closing"]),
           "ageing": {k: _m(v) for k, v in data["ageing"].items()}}
    emit(args, out, lambda d: f"{d['customer']}: {d['first']} to {d['last']}\n"
         f"Opening balance {d['opening']}\n"
         + table(d["lines"], ("date", "kind", "number", "charged", "paid", "balance"))
         + f"\nAmount due {d['closing']}")
    return 0


def cmd_credit_note_add(args: argparse.Namespace) -> int:
    from sync_server.receivables.services import add_credit_note

    actor = cli_actor()
    with _tenant_scope(args) as (ctx, _tenant, scope):
        done = add_credit_note(ctx, scope, actor, sale=args.sale, amount=args.amount,
                               reason=args.reason, entry_date=args.date or _today(),
                               by=actor.name)
    data = done.to_json()
    emit(args, data, f"{data['number']}: {data['gross']} credited (net {data['net']}, "
         f"VAT {data['vat']}, NHIL {data['nhil']}, GETFund {data['getfund']}); "
         f"journal {data['journal_id']}.")
    return 0


def cmd_credit_note_list(args: argparse.Namespace) -> int:
    from sync_server.receivables.services import find_customer, list_credit_notes

    with _tenant_scope(args) as (_ctx, _tenant, scope):
        customer = find_customer(scope, args.customer).id if args.customer else None
        rows = list_credit_notes(scope, customer_id=customer)
    data = [{**r, "net": _m(r["net"]), "tax": _m(r["tax"]), "gross": _m(r["gross"])}
            for r in rows]
    emit(args, data, lambda d: table(d, ("number", "date", "customer", "sale", "net", "tax",
                                         "gross", "reason")))
    return 0


def _allocation(text: str) -> tuple[str, Any]:
    sale, sep, amount = text.rpartition("=")
    if not sep or not sale:
        raise argparse.ArgumentTypeError(f"“{text}” is not RECEIPT=AMOUNT")
    return sale, _parse_amount(amount)


def cmd_reallocate(args: argparse.Namespace) -> int:
    from sync_server.receivables.services import reallocate

    actor = cli_actor()
    with _tenant_scope(args) as (ctx, _tenant, scope):
        done = reallocate(ctx, scope, actor, payment=args.payment,
                          allocations=list(args.to or []), by=actor.name)
    emit(args, done, lambda d: f"Payment {d['payment']} ({d['amount']}): "
         + ("; ".join(f"{a['sale']} {a['amount']}" for a in d["allocations"])
            or "oldest invoices first") + ". The rest pays the oldest invoices first.")
    return 0


def cmd_terms(args: argparse.Namespace) -> int:
    from sync_server.receivables.services import set_terms

    with _tenant_scope(args) as (ctx, _tenant, scope):
        done = set_terms(ctx, scope, cli_actor(), args.customer, args.days)
    emit(args, done, f"{done['customer']} pays within {done['terms_days']} days.")
    return 0


def cmd_ledger_export(args: argparse.Namespace) -> int:
    from sync_server.ledger.export import export

    last = args.last or _today()
    if args.first is not None and last < args.first:
        raise UsageError("--to is before --from")
    with _tenant_scope(args) as (_ctx, tenant, scope):
        if args.output in (None, "-"):
            count = export(scope, args.format, first=args.first, last=last, out=sys.stdout,
                           tenant=tenant.domain)
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = export(scope, args.format, first=args.first, last=last, out=out,
                               tenant=tenant.domain)
    if args.output not in (None, "-"):
        say(f"Wrote {count} transaction(s) to {args.output} ({args.format}).")
    return 0


def _subparsers(parser: argparse.ArgumentParser) -> Any:
    for action in parser._actions:  # argparse keeps its sub-commands here
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(metavar="COMMAND")


def add_reports_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    common = database_options()
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [common, tenant_opt]
    files = argparse.ArgumentParser(add_help=False)
    files.add_argument("--format", choices=("csv", "xlsx", "pdf"),
                       help="write the report as a file instead of printing it")
    files.add_argument("--output", metavar="FILE",
                       help="the file to write (default: the report's name in this folder; "
                            "- for standard output)")
    days = argparse.ArgumentParser(add_help=False)
    days.add_argument("--from", dest="first", type=_parse_day, metavar="YYYY-MM-DD")
    days.add_argument("--to", dest="last", type=_parse_day, metavar="YYYY-MM-DD",
                      help="the last day (default: today)")
    branch = argparse.ArgumentParser(add_help=False)
    branch.add_argument("--branch", metavar="CODE", help="one branch's postings only")

    report = commands.choices.get("report") or commands.add_parser("report", help="reports")
    group = _subparsers(report)
    p = group.add_parser("gl", parents=[*both, files, branch],
                         help="general ledger of one account: every posting, running balance")
    p.add_argument("--account", required=True, metavar="CODE")
    p.add_argument("--from", dest="first", type=_parse_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_parse_day, metavar="YYYY-MM-DD")
    p.set_defaults(handler=cmd_gl)
    p = group.add_parser("cash-flow", parents=[*both, files, branch],
                         help="cash flow statement (direct method) for a range of days")
    p.add_argument("--from", dest="first", type=_parse_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_parse_day, metavar="YYYY-MM-DD")
    p.set_defaults(handler=cmd_cash_flow)
    p = group.add_parser("ar-ageing", parents=[*both, files, branch],
                         help="accounts receivable by invoice, aged past the due date")
    p.add_argument("--as-of", type=_parse_day, metavar="YYYY-MM-DD",
                   help="the day to age to (default: today)")
    p.set_defaults(handler=cmd_ar_ageing)
    p = group.add_parser("statement", parents=[*both, files, days],
                         help="a customer's statement (default: this month so far)")
    p.add_argument("--customer", required=True, metavar="ID|TIN|NAME")
    p.set_defaults(handler=cmd_statement)

    notes = commands.add_parser("credit-note", help="credit notes to customers").add_subparsers(
        dest="credit_note_command", metavar="COMMAND")
    p = notes.add_parser("add", parents=both,
                         help="credit a customer part of a credit sale (a price allowance)")
    p.add_argument("--sale", required=True, metavar="RECEIPT", help="the credit sale")
    p.add_argument("--amount", required=True, type=_parse_amount, help="tax included")
    p.add_argument("--reason", required=True)
    p.add_argument("--date", type=_parse_day, metavar="YYYY-MM-DD", help="default: today")
    p.set_defaults(handler=cmd_credit_note_add)
    p = notes.add_parser("list", parents=both, help="list credit notes")
    p.add_argument("--customer", metavar="ID|TIN|NAME")
    p.set_defaults(handler=cmd_credit_note_list)

    ar = commands.add_parser("receivables", help="payments on account and terms").add_subparsers(
        dest="receivables_command", metavar="COMMAND")
    p = ar.add_parser("reallocate", parents=both,
                      help="allocate a payment on account to chosen invoices")
    p.add_argument("--payment", required=True, metavar="NUMBER")
    p.add_argument("--to", action="append", type=_allocation, metavar="RECEIPT=AMOUNT",
                   help="repeat for each invoice; none puts the payment back to oldest-first")
    p.set_defaults(handler=cmd_reallocate)
    p = ar.add_parser("terms", parents=both, help="set a customer's payment terms in days")
    p.add_argument("--customer", required=True, metavar="ID|TIN|NAME")
    p.add_argument("--days", required=True, type=int)
    p.set_defaults(handler=cmd_terms)

    ledger = commands.choices.get("ledger") or commands.add_parser(
        "ledger", help="the ledger as files")
    lg = _subparsers(ledger)
    p = lg.add_parser("export", parents=[*both, days],
                      help="the ledger as an hledger journal, a Beancount file or CSV")
    p.add_argument("--format", required=True, choices=("hledger", "beancount", "csv"))
    p.add_argument("--output", metavar="FILE", help="default: standard output")
    p.set_defaults(handler=cmd_ledger_export)


__all__ = ["add_reports_commands", "write_report"]
