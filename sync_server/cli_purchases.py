"""``bisama-sync`` commands of the books: suppliers, bills, expenses, settlements (issue [9]).

``supplier add|status|list|statement|ageing``, ``bill add|list|show|pay``, ``expense add|list``,
``tax pay``, ``settle momo|card``, ``statement import|match|settle|unmatched|list``. Each
is a thin layer over ``sync_server.purchases`` (the dashboard calls the same services).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sync_server.cli import UsageError, cli_actor, database_options, emit, table
from sync_server.cli_server import _open

Handler = Callable[[Any, Any, argparse.Namespace], tuple[Any, Any]]


def _run(args: argparse.Namespace, work: Handler) -> int:
    """Open the database, find the tenant, run ``work(ctx, scope, args)`` in one
    transaction and print what it returns (data, and text or a formatter)."""
    from sync_server.tenants.services import require_tenant

    ctx = _open(args)
    try:
        tenant = require_tenant(ctx, args.tenant)
        with ctx.scope(tenant.id) as scope:
            data, text = work(ctx, scope, args)
    finally:
        ctx.close()
    emit(args, data, text)
    return 0


def _write(args: argparse.Namespace, content: bytes) -> str:
    path = Path(args.output)
    path.write_bytes(content)
    return f"Wrote {path} ({len(content)} bytes)."


def _fmt_of(args: argparse.Namespace) -> str | None:
    if not getattr(args, "output", None):
        return None
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError("--output must end in .csv or .xlsx")
    return suffix[1:]


# -- suppliers ---------------------------------------------------------------------------
def cmd_supplier_add(args: argparse.Namespace) -> int:
    from sync_server.purchases.bills import add_supplier

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = add_supplier(ctx, scope, cli_actor(), name=a.name, tin=a.tin, phone=a.phone,
                            terms_days=a.terms, opening_balance=a.opening_balance,
                            go_live=a.go_live, branch=a.branch)
        return data, f"Added supplier {data['name']} (terms {data['terms_days']} days)" + (
            f", opening balance {data['opening_balance']}." if "opening_balance" in data else ".")
    return _run(args, work)


def cmd_supplier_status(args: argparse.Namespace) -> int:
    from sync_server.purchases.bills import set_supplier_status

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = set_supplier_status(ctx, scope, cli_actor(), a.name, active=a.active)
        return data, f"{data['name']} is {data['status']}."
    return _run(args, work)


def cmd_supplier_list(args: argparse.Namespace) -> int:
    from sync_server.purchases.bills import list_suppliers

    return _run(args, lambda ctx, scope, a: (list_suppliers(scope), lambda rows: table(
        rows, ("name", "tin", "phone", "terms_days", "status", "balance"))))


def cmd_supplier_statement(args: argparse.Namespace) -> int:
    from sync_server.purchases.exports import statement_file
    from sync_server.purchases.reports import supplier_statement

    fmt = _fmt_of(args)

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = supplier_statement(scope, a.name, start=a.start, end=a.end)
        if fmt:
            return data, _write(a, statement_file(fmt, data))
        return data, lambda d: (f"{d['supplier']}: brought forward {d['opening']}\n"
                                + table(d["rows"], ("date", "document", "description", "billed",
                                                    "paid", "balance"))
                                + f"\nOwed: {d['closing']}")
    return _run(args, work)


def cmd_supplier_ageing(args: argparse.Namespace) -> int:
    from sync_server.purchases.exports import ageing_file
    from sync_server.purchases.reports import BUCKETS, ap_ageing

    fmt = _fmt_of(args)

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = ap_ageing(scope, a.as_of or ctx.clock.now().date())
        if fmt:
            return data, _write(a, ageing_file(fmt, data))
        return data, lambda d: (table([*d["rows"], {"supplier": "TOTAL", **d["totals"]}],
                                      ("supplier", *BUCKETS, "total"))
                                + f"\n2000 Accounts Payable on {d['as_of']}: {d['ledger_2000']}"
                                + f" (difference {d['difference']})")
    return _run(args, work)


# -- bills -------------------------------------------------------------------------------
def _bill_text(d: dict[str, Any]) -> str:
    head = (f"{d['number']}  {d['supplier']} invoice {d['supplier_invoice']}  {d['date']} "
            f"(due {d['due']})  {d['branch']}\n")
    lines = table(d.get("lines", []), ("line", "description", "account", "tax_code", "net", "vat",
                                       "nhil", "getfund", "gross"))
    foot = (f"\nnet {d['net']}  VAT {d['vat']}  NHIL {d['nhil']}  GETFund {d['getfund']}  "
            f"gross {d['gross']}  paid {d['paid']}  open {d['open']} ({d['status']})")
    receipts = d.get("receipts") or []
    if receipts:
        foot += "\ncovers goods received: " + ", ".join(
            f"{r['document_no']} at {r['branch']} ({r['value']})" for r in receipts)
    return head + lines + foot


def cmd_bill_add(args: argparse.Namespace) -> int:
    from sync_server.purchases.bills import LineIn, add_bill, parse_line

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        lines = [parse_line(text) for text in a.line]
        lines = [LineIn(ln.description, ln.account, ln.amount, ln.tax_code, a.inclusive)
                 for ln in lines]
        data = add_bill(ctx, scope, cli_actor(), supplier=a.supplier, supplier_invoice=a.invoice,
                        bill_date=a.date, due_date=a.due, branch=a.branch, lines=lines,
                        receipts=a.receipt or (), memo=a.memo or "")
        return data, _bill_text
    return _run(args, work)


def cmd_bill_list(args: argparse.Namespace) -> int:
    from sync_server.purchases.bills import list_bills

    return _run(args, lambda ctx, scope, a: (
        list_bills(scope, supplier=a.supplier, only_open=a.open, branch=a.branch),
        lambda rows: table(rows, ("number", "supplier", "supplier_invoice", "date", "due",
                                  "gross", "paid", "open", "status"))))


def cmd_bill_show(args: argparse.Namespace) -> int:
    from sync_server.purchases.bills import show_bill

    return _run(args, lambda ctx, scope, a: (show_bill(scope, a.number), _bill_text))


def _named_bills(values: list[str] | None) -> list[tuple[str, str | None]]:
    named = []
    for value in values or []:
        number, _, amount = value.partition("=")
        named.append((number, amount or None))
    return named


def cmd_bill_pay(args: argparse.Namespace) -> int:
    from sync_server.purchases.bills import pay_supplier

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = pay_supplier(ctx, scope, cli_actor(), supplier=a.supplier, amount=a.amount,
                            pay_date=a.date, method=a.method, account=a.account, branch=a.branch,
                            bills=_named_bills(a.bill), reference=a.reference or "")
        return data, (f"{data['number']}: paid {data['supplier']} {data['amount']} from "
                      f"{data['account']} on {data['date']} — "
                      + ", ".join(f"{x['bill']} {x['amount']}" for x in data["allocated"]))
    return _run(args, work)


# -- expenses and tax ----------------------------------------------------------------------
def cmd_expense_add(args: argparse.Namespace) -> int:
    from sync_server.purchases.expenses import add_expense

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = add_expense(ctx, scope, cli_actor(), category=a.category, amount=a.amount,
                           expense_date=a.date, branch=a.branch, paid_by=a.paid_by,
                           account=a.account, tax_code=a.tax_code, receipt_no=a.receipt or "",
                           memo=a.memo or "")
        return data, (f"{data['number']}: {data['amount']} to {data['category']} "
                      f"(input tax {data['input_tax']}) paid from {data['paid_from']}.")
    return _run(args, work)


def cmd_expense_list(args: argparse.Namespace) -> int:
    from sync_server.purchases.expenses import list_expenses

    return _run(args, lambda ctx, scope, a: (
        list_expenses(scope, start=a.start, end=a.end, branch=a.branch),
        lambda rows: table(rows, ("number", "date", "branch", "category", "amount", "input_tax",
                                  "paid_from", "receipt_no", "memo"))))


def cmd_tax_pay(args: argparse.Namespace) -> int:
    from sync_server.purchases.expenses import pay_tax

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = pay_tax(ctx, scope, cli_actor(), period=a.period, pay_date=a.date, branch=a.branch,
                       account=a.account, reference=a.reference or "",
                       amounts={"vat": a.vat, "nhil": a.nhil, "getfund": a.getfund,
                                "covid": a.covid})
        return data, (f"{data['number']}: paid GRA {data['total']} for {data['period']} from "
                      f"{data['bank']} (VAT {data['vat']}, NHIL {data['nhil']}, "
                      f"GETFund {data['getfund']}).")
    return _run(args, work)


# -- settlements ---------------------------------------------------------------------------
def _settled_text(d: dict[str, Any]) -> str:
    return (f"{d['number']}: {d['clearing']} {d['gross']} settled into {d['bank']} on "
            f"{d['date']}: net {d['net']}, fee {d['fee']}.")


def cmd_settle(args: argparse.Namespace) -> int:
    from sync_server.purchases.settlements import settle

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        return settle(ctx, scope, cli_actor(), kind=a.kind, gross=a.gross, fee=a.fee,
                      settle_date=a.date, branch=a.branch, account=a.account,
                      reference=a.reference or ""), _settled_text
    return _run(args, work)


def _summary_text(d: dict[str, Any]) -> str:
    text = (f"{d['file']}: {d['accepted']} rows accepted ({d['total']}), {d['rejected']} rejected.")
    for p in d["problems"]:
        text += f"\n  line {p['line']}: {p['reason']}"
    if d["imported"]:
        return text + f"\nImported as statement {d['statement']}."
    return text + "\nNothing was imported: correct the file and import it again."


def cmd_statement_import(args: argparse.Namespace) -> int:
    from sync_server.purchases.settlements import import_statement

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{args.file} is not a file")

    imported = []

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = import_statement(ctx, scope, cli_actor(), kind=a.clearing, filename=path.name,
                                content=path.read_bytes())
        imported.append(data["imported"])
        return data, _summary_text
    _run(args, work)
    return 0 if imported and imported[0] else 2


def cmd_statement_match(args: argparse.Namespace) -> int:
    from sync_server.purchases.settlements import match_statement

    return _run(args, lambda ctx, scope, a: (
        match_statement(ctx, scope, cli_actor(), a.statement),
        lambda d: f"Statement {d['statement']}: {d['matched']} lines matched, "
                  f"{d['unmatched']} not."))


def cmd_statement_settle(args: argparse.Namespace) -> int:
    from sync_server.purchases.settlements import settle_statement

    return _run(args, lambda ctx, scope, a: (
        settle_statement(ctx, scope, cli_actor(), statement_id=a.statement, fee=a.fee,
                         settle_date=a.date, branch=a.branch, account=a.account), _settled_text))


def cmd_statement_unmatched(args: argparse.Namespace) -> int:
    from sync_server.purchases.settlements import unmatched

    def text(d: dict[str, Any]) -> str:
        return ("Statement lines no tender explains:\n"
                + table(d["statement_lines"], ("file", "line", "date", "reference", "amount",
                                               "description"))
                + f"\n\n{d['clearing']} tenders older than {d['older_than_days']} days on no "
                  "statement:\n"
                + table(d["tenders"], ("date", "branch", "kind", "reference", "amount")))

    return _run(args, lambda ctx, scope, a: (
        unmatched(scope, a.clearing, older_than_days=a.days, as_of=a.as_of), text))


def cmd_statement_list(args: argparse.Namespace) -> int:
    from sync_server.purchases.settlements import list_statements

    return _run(args, lambda ctx, scope, a: (list_statements(scope), lambda rows: table(
        rows, ("id", "clearing", "file", "lines", "total", "imported_at"))))


# -- the parsers ---------------------------------------------------------------------------
def _group(commands: Any, name: str, help_text: str) -> Any:
    parser = commands.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_command", metavar=f"{name.upper()}_COMMAND")


def add_purchases_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    common = database_options()
    tenant = argparse.ArgumentParser(add_help=False)
    tenant.add_argument("--tenant", required=True, metavar="DOMAIN",
                        help="the tenant's domain, e.g. acme.bisamapos.com")
    parents = [common, tenant]

    sup = _group(commands, "supplier", "suppliers: add, list, statement, AP ageing")
    p = sup.add_parser("add", parents=parents, help="add a supplier (with its balance at go-live)")
    p.add_argument("name")
    p.add_argument("--tin")
    p.add_argument("--phone")
    p.add_argument("--terms", type=int, default=0, metavar="DAYS", help="payment terms in days")
    p.add_argument("--opening-balance", metavar="AMOUNT",
                   help="what was owed at go-live (Dr 3200 / Cr 2000)")
    p.add_argument("--go-live", metavar="YYYY-MM-DD", help="the date of the opening balance")
    p.add_argument("--branch", help="the branch the opening balance is posted to")
    p.set_defaults(handler=cmd_supplier_add)
    p = sup.add_parser("status", parents=parents,
                       help="make a supplier inactive (no new bills) or active again")
    p.add_argument("name")
    state = p.add_mutually_exclusive_group(required=True)
    state.add_argument("--inactive", dest="active", action="store_false")
    state.add_argument("--active", dest="active", action="store_true")
    p.set_defaults(handler=cmd_supplier_status)
    p = sup.add_parser("list", parents=parents, help="list suppliers and what each is owed")
    p.set_defaults(handler=cmd_supplier_list)
    p = sup.add_parser("statement", parents=parents,
                       help="a supplier's bills and payments with a running balance")
    p.add_argument("name")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    p.add_argument("--output", metavar="FILE.csv|FILE.xlsx", help="write a CSV or XLSX file")
    p.set_defaults(handler=cmd_supplier_statement)
    p = sup.add_parser("ageing", parents=parents,
                       help="AP ageing by days past due, tied to 2000 Accounts Payable")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--output", metavar="FILE.csv|FILE.xlsx", help="write a CSV or XLSX file")
    p.set_defaults(handler=cmd_supplier_ageing)

    bill = _group(commands, "bill", "supplier bills: add, list, show, pay")
    p = bill.add_parser("add", parents=parents, help="enter and post a supplier's bill")
    p.add_argument("--supplier", required=True)
    p.add_argument("--invoice", required=True, help="the supplier's invoice number")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="default: the date plus the terms")
    p.add_argument("--branch", required=True)
    p.add_argument("--line", action="append", required=True,
                   metavar="DESCRIPTION|ACCOUNT|AMOUNT|TAX_CODE",
                   help="a line; ACCOUNT is an expense or asset account or “goods” (repeat)")
    p.add_argument("--inclusive", action="store_true", help="the line amounts include tax")
    p.add_argument("--receipt", action="append", metavar="DELIVERY_NOTE",
                   help="goods received at the branch this bill covers (repeat)")
    p.add_argument("--memo")
    p.set_defaults(handler=cmd_bill_add)
    p = bill.add_parser("list", parents=parents, help="list bills with what is paid and open")
    p.add_argument("--supplier")
    p.add_argument("--branch")
    p.add_argument("--open", action="store_true", help="only bills not fully paid")
    p.set_defaults(handler=cmd_bill_list)
    p = bill.add_parser("show", parents=parents, help="a bill's lines, tax, receipts and payments")
    p.add_argument("number")
    p.set_defaults(handler=cmd_bill_show)
    p = bill.add_parser("pay", parents=parents, help="pay a supplier by cash, bank or MoMo")
    p.add_argument("--supplier", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--method", required=True, choices=("cash", "bank", "momo"))
    p.add_argument("--account", help="the paying account (default 1000, 1010 or 1020)")
    p.add_argument("--branch", required=True)
    p.add_argument("--bill", action="append", metavar="NUMBER[=AMOUNT]",
                   help="allocate to this bill (repeat; default: the oldest open bills first)")
    p.add_argument("--reference", help="the cheque, transfer or MoMo reference")
    p.set_defaults(handler=cmd_bill_pay)

    exp = _group(commands, "expense", "quick expenses: add, list")
    p = exp.add_parser("add", parents=parents, help="record and post an expense paid")
    p.add_argument("--category", required=True, help="an expense account, e.g. 6000")
    p.add_argument("--amount", required=True, help="what was paid, tax included")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--branch", required=True)
    p.add_argument("--paid-by", required=True, choices=("cash", "bank", "momo"))
    p.add_argument("--account", help="the paying account (default 1000, 1010 or 1020)")
    p.add_argument("--tax-code", default="D", help="B when the receipt charges VAT (default D: none)")
    p.add_argument("--receipt", help="the receipt's number")
    p.add_argument("--memo")
    p.set_defaults(handler=cmd_expense_add)
    p = exp.add_parser("list", parents=parents, help="list expenses")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    p.add_argument("--branch")
    p.set_defaults(handler=cmd_expense_list)

    tax_parser = commands.choices["tax"]
    tax_commands = next(a for a in tax_parser._actions if isinstance(a, argparse._SubParsersAction))
    p = tax_commands.add_parser("pay", parents=parents, help="record tax paid to GRA from a bank")
    p.add_argument("--period", required=True, metavar="YYYY-MM", help="the month it pays for")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--branch", required=True)
    for name in ("vat", "nhil", "getfund", "covid"):
        p.add_argument(f"--{name}", metavar="AMOUNT", help=f"{name.upper()} paid")
    p.add_argument("--account", help="the bank account (default 1010)")
    p.add_argument("--reference", help="GRA's payment reference")
    p.set_defaults(handler=cmd_tax_pay)

    st = _group(commands, "settle", "MoMo or card money paid into the bank, by hand")
    for kind in ("momo", "card"):
        p = st.add_parser(kind, parents=parents, help=f"settle {kind} clearing into a bank account")
        p.add_argument("--gross", required=True, help="the takings settled")
        p.add_argument("--fee", default="0", help="the provider's fee (to 6200)")
        p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
        p.add_argument("--branch", required=True)
        p.add_argument("--account", help="the bank account (default 1010)")
        p.add_argument("--reference")
        p.set_defaults(handler=cmd_settle, kind=kind)

    sm = _group(commands, "statement", "MoMo and bank statements: import, match, settle")
    p = sm.add_parser("import", parents=parents, help="import a statement (CSV or XLSX)")
    p.add_argument("file")
    p.add_argument("--clearing", required=True, choices=("momo", "card"),
                   help="the tenders it is matched to")
    p.set_defaults(handler=cmd_statement_import)
    p = sm.add_parser("match", parents=parents, help="match a statement's lines to tenders")
    p.add_argument("statement", help="the statement's id")
    p.set_defaults(handler=cmd_statement_match)
    p = sm.add_parser("settle", parents=parents, help="settle a statement's matched lines")
    p.add_argument("statement", help="the statement's id")
    p.add_argument("--fee", default="0")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--branch", required=True)
    p.add_argument("--account", help="the bank account (default 1010)")
    p.set_defaults(handler=cmd_statement_settle)
    p = sm.add_parser("unmatched", parents=parents,
                      help="statement lines with no tender, tenders on no statement")
    p.add_argument("--clearing", required=True, choices=("momo", "card"))
    p.add_argument("--days", type=int, default=3, help="tenders older than this (default 3)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD")
    p.set_defaults(handler=cmd_statement_unmatched)
    p = sm.add_parser("list", parents=parents, help="list imported statements")
    p.set_defaults(handler=cmd_statement_list)


__all__ = ["add_purchases_commands"]
