"""The administration commands of ``bisama-sync``: tenants, branches, users, products,
customers, terminals, periods, posting, held envelopes and reports."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sync_server.cli import (
    UsageError,
    _parse_amount,
    _parse_period,
    _secret,
    cli_actor,
    database_options,
    emit,
    read_csv_file,
    say,
    table,
)
from sync_server.cli_server import _open


@contextmanager
def _tenant(args: argparse.Namespace) -> Iterator[tuple[Any, Any]]:
    from sync_server.tenants.services import require_tenant

    ctx = _open(args)
    try:
        yield ctx, require_tenant(ctx, args.tenant)
    finally:
        ctx.close()


# -- tenants -----------------------------------------------------------------------------


def cmd_tenant_create(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import create_tenant

    ctx = _open(args)
    try:
        info = create_tenant(ctx, cli_actor(), name=args.name, domain=args.domain, tin=args.tin,
                             address=args.address, phone=args.phone, branch_code=args.branch_code,
                             branch_name=args.branch_name,
                             vat_registered=not args.not_vat_registered,
                             database_server=args.database_server, own_database=args.own_database)
    finally:
        ctx.close()
    emit(args, info.to_json(), f"Created tenant {info.id} {info.name} ({info.domain}) with branch "
         f"{info.branch}, 17 accounts, the current fiscal period and the 2026 tax profile"
         f"{' (not VAT-registered)' if args.not_vat_registered else ''}.")
    return 0


def cmd_tenant_list(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import list_tenants

    ctx = _open(args)
    try:
        rows = [t.to_json() for t in list_tenants(ctx)]
    finally:
        ctx.close()
    emit(args, rows, lambda r: table(r, ("tenant_id", "domain", "name", "status")))
    return 0


def _set_status(args: argparse.Namespace, active: bool) -> int:
    from sync_server.tenants.services import set_tenant_status

    ctx = _open(args)
    try:
        info = set_tenant_status(ctx, cli_actor(), args.domain, active=active,
                                 reason=getattr(args, "reason", None))
    finally:
        ctx.close()
    emit(args, info.to_json(), f"{info.domain} is now {info.status}.")
    return 0


def cmd_tenant_till_limits(args: argparse.Namespace) -> int:
    from shared.money import Money
    from sync_server.tenants.services import set_till_limits

    def pesewas(text: str | None) -> int | None:
        return None if text is None else Money.parse(text).pesewas

    ctx = _open(args)
    try:
        limits = set_till_limits(
            ctx, cli_actor(), args.domain,
            cancel_limit_pesewas=pesewas(args.cancel_amount), cancel_limit_lines=args.cancel_lines,
            shortage_limit_pesewas=pesewas(args.shortage),
            blind_close=None if args.blind_close is None else args.blind_close == "on",
            power_low_percent=args.power_low, power_critical_percent=args.power_critical)
    finally:
        ctx.close()
    def cedis(value: object) -> str:
        return "the till's default" if value is None else Money(int(str(value))).format()

    def lines(value: object) -> str:
        return "the till's default line count" if value is None else f"more than {value} lines"

    def percent(value: object, default: int) -> str:
        return f"{default} % (the till default)" if value is None else f"{value} %"

    blind = limits["blind_close"]
    emit(args, limits, f"Tills of {args.domain}: a manager approves cancelling a cart over "
         f"{cedis(limits['cancel_limit_pesewas'])} or with {lines(limits['cancel_limit_lines'])}, "
         f"closing a shift short by more than {cedis(limits['shortage_limit_pesewas'])}; "
         f"blind close {'(the till default)' if blind is None else 'on' if blind else 'off'}; "
         f"on battery a till backs up at {percent(limits['power_low_percent'], 25)} and closes "
         f"itself at {percent(limits['power_critical_percent'], 10)}.")
    return 0


def cmd_tenant_deactivate(args: argparse.Namespace) -> int:
    return _set_status(args, False)


def cmd_tenant_activate(args: argparse.Namespace) -> int:
    return _set_status(args, True)


# -- branches, users, customers, products --------------------------------------------


def cmd_branch_add(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import add_branch

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = add_branch(ctx, scope, cli_actor(), code=args.code, name=args.name,
                          address=args.address, phone=args.phone)
    emit(args, data, f"Added branch {data['code']} ({data['name']}) with stock location "
         f"{data['default_location']}.")
    return 0


def cmd_branch_list(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import list_branches

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = list_branches(scope)
    emit(args, rows, lambda r: table(
        [{**b, "locations": ",".join(loc["code"] for loc in b["locations"])} for b in r],
        ("code", "name", "status", "locations")))
    return 0


def cmd_location_add(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import add_location

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = add_location(ctx, scope, cli_actor(), branch=args.branch, code=args.code,
                            name=args.name, kind=args.kind)
    emit(args, data, f"Added location {data['branch']}/{data['code']} ({data['kind']}).")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import add_system_admin, add_user

    pin = _secret(args.pin, "PIN")
    password = _secret(args.password, "password")
    if args.role == "cashier":  # what shops call the role user (as in the users CSV)
        args.role = "user"
    if args.role == "admin":
        if args.tenant or args.branch or pin:
            raise UsageError("a system administrator belongs to no tenant or branch and has no "
                             "PIN: give only --email, --name and --password")
        ctx = _open(args)
        try:
            data = add_system_admin(ctx, cli_actor(), email=args.email, name=args.name,
                                    password=password)
        finally:
            ctx.close()
    else:
        if not args.tenant:
            raise UsageError("--tenant DOMAIN is needed for directors, managers and users")
        with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
            data = add_user(ctx, scope, cli_actor(), email=args.email, name=args.name,
                            role=args.role, branch=args.branch, pin=pin, password=password)
    emit(args, data, f"Added {data['role']} {data['name']} <{data['email']}>.")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import list_users

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = list_users(scope)
    emit(args, rows, lambda r: table(r, ("email", "name", "role", "branch", "status")))
    return 0


def cmd_user_import(args: argparse.Namespace) -> int:
    from sync_server.tenants.user_import import import_users

    text, encoding = read_csv_file(args.file)
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        summary = import_users(ctx, scope, cli_actor(), text, encoding=encoding)
    data = summary.to_json()

    def human(d: dict[str, Any]) -> str:
        lines = [f"Imported {d['accepted']} user(s); {len(d['rejected'])} row(s) rejected."]
        lines += [f"  line {r['line']} ({r['email'] or 'no e-mail'}): {r['reason']}" for r in d["rejected"]]
        return "\n".join(lines)

    emit(args, data, human)
    return 0 if not data["rejected"] else 1


def cmd_product_import(args: argparse.Namespace) -> int:
    from sync_server.catalogue.services import import_catalogue

    text, encoding = read_csv_file(args.file)
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        summary = import_catalogue(ctx, scope, cli_actor(), text, source=args.file, encoding=encoding)
    data = summary.to_json()

    def human(d: dict[str, Any]) -> str:
        lines = [f"Imported {d['accepted']} product(s): {d['created']} new, {d['updated']} "
                 f"updated; {len(d['rejected'])} row(s) rejected."]
        lines += [f"  line {r['line']} ({r['sku'] or 'no sku'}): {r['reason']}"
                  for r in d["rejected"]]
        return "\n".join(lines)

    emit(args, data, human)
    return 0 if not data["rejected"] else 1


def cmd_customer_add(args: argparse.Namespace) -> int:
    from sync_server.customers.services import add_customer

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = add_customer(ctx, scope, cli_actor(), name=args.name, phone=args.phone,
                            tin=args.tin, email=args.email, credit_limit=args.credit_limit)
    emit(args, data, f"Added customer {data['name']} ({data['id']}), credit limit "
         f"{args.credit_limit.format()}.")
    return 0


def cmd_customer_limit(args: argparse.Namespace) -> int:
    from sync_server.customers.services import set_credit_limit

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = set_credit_limit(ctx, scope, cli_actor(), args.id, args.credit_limit)
    emit(args, data, f"{data['name']} may now owe up to {args.credit_limit.format()}.")
    return 0


def cmd_customer_list(args: argparse.Namespace) -> int:
    from shared.money import Money
    from sync_server.customers.services import list_customers

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = list_customers(scope)
    emit(args, rows, lambda r: table(
        [{**c, "balance": str(Money(c["balance"])), "credit_limit": str(Money(c["credit_limit"]))}
         for c in r], ("id", "name", "tin", "credit_limit", "balance")))
    return 0


# -- terminals -------------------------------------------------------------------------


def cmd_terminal_code(args: argparse.Namespace) -> int:
    from sync_server.terminals.services import issue_code

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = issue_code(ctx, scope, cli_actor(), branch=args.branch, hours=args.hours)
    if args.json:
        emit(args, {"code": data["code"], "branch": data["branch"],
                    "expires_at": data["expires_at"]})
    else:
        say(f"Enrollment code for branch {data['branch']}: {data['code']}\n"
              f"Valid once, until {data['expires_at']}. On the till run:\n"
              f"  bisama-terminal enroll --server URL --code {data['code']}")
    return 0


def cmd_terminal_list(args: argparse.Namespace) -> int:
    from sync_server.terminals.services import list_terminals

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = list_terminals(scope)
    emit(args, rows, lambda r: table(r, ("terminal_id", "name", "branch", "status", "head_seq",
                                         "last_seen_at", "outbox_depth")))
    return 0


def cmd_terminal_revoke(args: argparse.Namespace) -> int:
    from sync_server.terminals.services import revoke_terminal

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = revoke_terminal(ctx, scope, cli_actor(), args.terminal, reason=args.reason)
    emit(args, data, f"Terminal {data['terminal_id']} is revoked.")
    return 0


# -- ledger, periods, held envelopes, reports --------------------------------------


def cmd_post_unposted(args: argparse.Namespace) -> int:
    from sync_server.ledger.services import post_unposted

    with _tenant(args) as (ctx, tenant):
        data = post_unposted(ctx, tenant.id, cli_actor(), period=args.period)

    def human(d: dict[str, Any]) -> str:
        lines = [f"Posted {d['posted']} transaction(s) ({d['late']} late); "
                 f"{len(d['failed'])} could not be posted."]
        lines += [f"  {f['kind']} seq {f['seq']} of {f['terminal_id']}: {f['error']}"
                  for f in d["failed"]]
        return "\n".join(lines)

    emit(args, data, human)
    return 0 if not data["failed"] else 1


def cmd_held_list(args: argparse.Namespace) -> int:
    from sync_server.sync.held import list_held

    with _tenant(args) as (ctx, tenant):
        rows = list_held(ctx, tenant.id)
    emit(args, rows, lambda r: table(r, ("terminal_id", "seq", "kind", "business_date",
                                         "reason_code", "reason")))
    return 0


def cmd_held_retry(args: argparse.Namespace) -> int:
    from sync_server.sync.held import retry_held

    with _tenant(args) as (ctx, tenant):
        data = retry_held(ctx, tenant, cli_actor(), args.terminal)
    failed = "".join(f"\nCould not merge {f['terminal_id']} seq {f['seq']}: {f['reason']}"
                     for f in data["failed"])
    emit(args, data, f"{len(data['stored'])} held envelope(s) now stored; "
         f"{len(data['held']) + len(data['failed'])} still held.{failed}")
    return 1 if data["failed"] else 0


def cmd_held_reject(args: argparse.Namespace) -> int:
    from sync_server.sync.held import reject_held

    with _tenant(args) as (ctx, tenant):
        data = reject_held(ctx, tenant.id, cli_actor(), terminal_id=args.terminal, seq=args.seq,
                           reason=args.reason)
    emit(args, data, f"Envelope {args.seq} of {args.terminal} is rejected (kept, not counted).")
    return 0


def cmd_report_trial_balance(args: argparse.Namespace) -> int:
    from sync_server.cli_reports import write_report
    from sync_server.reports.ledger import trial_balance
    from sync_server.reports.tables import trial_balance_report

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        report = trial_balance(scope, period=args.period, branch=args.branch)
    if write_report(args, trial_balance_report(report, period=args.period, branch=args.branch,
                                               business=tenant.name)):
        return 0
    data = report.to_json()

    def human(d: dict[str, Any]) -> str:
        rows = [*d["accounts"], {"code": "", "name": "Total", "debit": d["total_debit"],
                                 "credit": d["total_credit"]}]
        return table(rows, ("code", "name", "debit", "credit"))

    emit(args, data, human)
    return 0


def cmd_report_pnl(args: argparse.Namespace) -> int:
    from sync_server.reports.ledger import profit_and_loss

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = profit_and_loss(scope, first=args.first, last=args.last or args.first,
                               branch=args.branch)
    from sync_server.cli_reports import write_report
    from sync_server.reports.tables import profit_and_loss_report

    if write_report(args, profit_and_loss_report(data, business=tenant.name)):
        return 0
    emit(args, data)
    return 0


def cmd_report_balance_sheet(args: argparse.Namespace) -> int:
    from sync_server.reports.ledger import balance_sheet

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = balance_sheet(scope, period=args.period, branch=args.branch)
    from sync_server.cli_reports import write_report
    from sync_server.reports.tables import balance_sheet_report

    if write_report(args, balance_sheet_report(data, business=tenant.name)):
        return 0
    emit(args, data)
    return 0


def cmd_report_sales(args: argparse.Namespace) -> int:
    from sync_server.reports.sales import sales_summary

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        # Without --last the report runs up to today (the server's date), and says so.
        last = args.last or ctx.clock.now().date()
        if args.first > last:
            raise UsageError(f"--first {args.first} is after {'--last' if args.last else 'today'} "
                             f"({last}): nothing to report.")
        rows = sales_summary(scope, first_day=args.first.isoformat(), last_day=last.isoformat(),
                             group_by=args.by, branch=args.branch)
    columns = ("label", "method", "provider", "tenders", "amount") if args.by == "method" else (
        args.by, "sales", "gross", "tax", "refunds", "takings")
    span = (f"Sales from {args.first} to {last}" if args.last
            else f"Sales from {args.first} to today, {last} (no --last given)")
    emit(args, rows, lambda r: f"{span}, by {args.by}:\n{table(r, columns)}")
    return 0


def cmd_report_stock(args: argparse.Namespace) -> int:
    from sync_server.reports.sales import stock_levels

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = stock_levels(scope, branch=args.branch)
    emit(args, rows, lambda r: table(r, ("branch", "location", "sku", "name", "qty", "unit")))
    return 0


def cmd_report_summaries(args: argparse.Namespace) -> int:
    from sync_server.reports.summaries import check, rebuild

    with _tenant(args) as (ctx, tenant):
        if args.rebuild:
            with ctx.scope(tenant.id) as scope:
                written = rebuild(scope)
            emit(args, {"rebuilt": written}, "Sales summaries rebuilt from the sales: "
                 + ", ".join(f"{name} {rows} rows" for name, rows in written.items()) + ".")
            return 0
        with ctx.scope(tenant.id) as scope:
            differences = check(scope)
    first = [d.describe() for d in differences[:50]]
    data = {"differences": len(differences), "first": first}
    if not differences:
        emit(args, data, "The sales summaries agree with the sales, refunds and tenders.")
        return 0
    emit(args, data, f"{len(differences)} sales summary rows differ from the sales:\n"
         + "\n".join(first)
         + "\nRebuild them with: bisama-sync report summaries --tenant DOMAIN --rebuild")
    return 1


# -- the parser ------------------------------------------------------------------------


def add_admin_commands(commands: Any) -> None:
    from sync_server.cli import _parse_day
    from sync_server.cli_directory import add_placement_options, add_tenant_directory_commands
    from sync_server.reports.sales import GROUPS
    from sync_server.tenants.models import ROLES

    common = database_options()
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [common, tenant_opt]

    def group(name: str, help_text: str) -> Any:
        parser = commands.add_parser(name, help=help_text)
        return parser.add_subparsers(dest=f"{name}_command", metavar=f"{name.upper()}_COMMAND")

    tenant = group("tenant", "create, list, suspend and reactivate tenants")
    p = tenant.add_parser("create", parents=[common], help="onboard a new tenant")
    p.add_argument("--name", required=True, help="the business name on receipts")
    p.add_argument("--domain", required=True, help="its host name, e.g. acme.bisamapos.com")
    p.add_argument("--tin", help="its GRA taxpayer identification number")
    p.add_argument("--address")
    p.add_argument("--phone")
    p.add_argument("--branch-code", default="MAIN", help="code of the main branch (default MAIN)")
    p.add_argument("--branch-name", help="name of the main branch")
    p.add_argument("--not-vat-registered", action="store_true",
                   help="the business is not VAT-registered: its tills charge no VAT, NHIL or "
                        "GETFund (change it later with `bisama-sync tax register`)")
    add_placement_options(p)
    p.set_defaults(handler=cmd_tenant_create)
    p = tenant.add_parser("list", parents=[common], help="list the tenants")
    p.set_defaults(handler=cmd_tenant_list)
    add_tenant_directory_commands(tenant, common)
    from sync_server.cli_move import add_tenant_move_commands

    add_tenant_move_commands(tenant, common)
    from sync_server.cli_operations import add_tenant_archive_commands

    add_tenant_archive_commands(tenant, common)
    p = tenant.add_parser("deactivate", parents=[common],
                          help="suspend a tenant (nothing is deleted)")
    p.add_argument("--domain", required=True)
    p.add_argument("--reason", help="shown to its tills and users")
    p.set_defaults(handler=cmd_tenant_deactivate)
    p = tenant.add_parser("activate", parents=[common], help="reactivate a suspended tenant")
    p.add_argument("--domain", required=True)
    p.set_defaults(handler=cmd_tenant_activate)
    p = tenant.add_parser("till-limits", parents=[common],
                          help="what a cashier may not do alone at the tills")
    p.add_argument("--domain", required=True)
    p.add_argument("--cancel-amount", metavar="CEDIS",
                   help="cancelling a cart worth more needs a manager (till default 100.00)")
    p.add_argument("--cancel-lines", type=int, metavar="N",
                   help="cancelling a cart with more lines needs a manager (till default 10)")
    p.add_argument("--shortage", metavar="CEDIS",
                   help="closing a shift more short needs a manager (till default 20.00)")
    p.add_argument("--blind-close", choices=("on", "off"),
                   help="cashiers count without seeing the expected cash (till default on)")
    p.add_argument("--power-low", type=int, metavar="PERCENT",
                   help="on battery at or below this the till backs up and warns (till default 25)")
    p.add_argument("--power-critical", type=int, metavar="PERCENT",
                   help="at or below this the till refuses new sales and closes itself "
                        "(till default 10)")
    p.set_defaults(handler=cmd_tenant_till_limits)

    branch = group("branch", "branches of a tenant")
    p = branch.add_parser("add", parents=both, help="add a branch with its shop-floor location")
    p.add_argument("--code", required=True, help="short code, e.g. TEM-02")
    p.add_argument("--name", required=True)
    p.add_argument("--address")
    p.add_argument("--phone")
    p.set_defaults(handler=cmd_branch_add)
    p = branch.add_parser("list", parents=both, help="list branches and their stock locations")
    p.set_defaults(handler=cmd_branch_list)

    location = group("location", "stock locations within a branch")
    p = location.add_parser("add", parents=both, help="add a store room or a van to a branch")
    p.add_argument("--branch", required=True, metavar="CODE")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--kind", default="store", choices=["shop", "store", "van"])
    p.set_defaults(handler=cmd_location_add)

    user = group("user", "users of a tenant, and system administrators")
    p = user.add_parser("add", parents=[common], help="add a director, accountant, manager, cashier or admin")
    p.add_argument("--tenant", metavar="DOMAIN", help="the tenant (not for --role admin)")
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=[*ROLES, "cashier", "admin"],
                   help="director, accountant (group accountant: every branch, prepares closes and "
                   "journals, never approves them), manager, user (or cashier: the same), or "
                   "admin (system-wide)")
    p.add_argument("--branch", metavar="CODE",
                   help="the user's branch (directors and accountants may have none)")
    p.add_argument("--pin", help="till PIN, 4–8 digits (- reads it from standard input)")
    p.add_argument("--password", help="dashboard password (- reads it from standard input)")
    p.set_defaults(handler=cmd_user_add)
    p = user.add_parser("list", parents=both, help="list a tenant's users")
    p.set_defaults(handler=cmd_user_list)
    p = user.add_parser("import", parents=both,
                        help="add users (with till PINs) from a CSV: email,name,role,branch,pin")
    p.add_argument("file", metavar="FILE.csv")
    p.set_defaults(handler=cmd_user_import)
    from sync_server.cli_totp import add_totp_commands

    add_totp_commands(user, common)

    product = group("product", "the catalogue")
    p = product.add_parser("import", parents=both, help="import products from a catalogue CSV")
    p.add_argument("file", metavar="FILE.csv")
    p.set_defaults(handler=cmd_product_import)

    customer = group("customer", "registered customers")
    p = customer.add_parser("add", parents=both, help="register a customer")
    p.add_argument("--name", required=True)
    p.add_argument("--phone")
    p.add_argument("--tin")
    p.add_argument("--email")
    p.add_argument("--credit-limit", type=_parse_amount, default=_parse_amount("0"),
                   help="how much the customer may owe, e.g. 5000.00 (default 0)")
    p.set_defaults(handler=cmd_customer_add)
    p = customer.add_parser("list", parents=both, help="list customers with balances")
    p.set_defaults(handler=cmd_customer_list)
    p = customer.add_parser("limit", parents=both, help="set how much a customer may owe")
    p.add_argument("--id", required=True, help="the customer's id (customer list shows it)")
    p.add_argument("--credit-limit", type=_parse_amount, required=True,
                   help="the new limit, e.g. 5000.00 (0 for no credit)")
    p.set_defaults(handler=cmd_customer_limit)

    terminal = group("terminal", "till terminals")
    p = terminal.add_parser("code", parents=both, help="issue a one-time enrollment code")
    p.add_argument("--branch", required=True, metavar="CODE")
    p.add_argument("--hours", type=int, default=24, help="how long it stays valid (default 24)")
    p.set_defaults(handler=cmd_terminal_code)
    p = terminal.add_parser("list", parents=both, help="list terminals and their state")
    p.set_defaults(handler=cmd_terminal_list)
    p = terminal.add_parser("revoke", parents=both, help="revoke a terminal (a stolen laptop)")
    p.add_argument("--terminal", required=True, metavar="ID")
    p.add_argument("--reason")
    p.set_defaults(handler=cmd_terminal_revoke)
    from sync_server.cli_hq_admin import add_hq_admin_commands

    add_hq_admin_commands(branch, terminal, both)  # edit/close/reopen, codes/cancel-code

    p = commands.add_parser("post-unposted", parents=both,
                            help="post every pending or failed posting again")
    p.add_argument("--period", type=_parse_period, metavar="YYYY-MM")
    p.set_defaults(handler=cmd_post_unposted)

    held = group("held", "envelopes held for a person")
    p = held.add_parser("list", parents=both, help="list held envelopes and why")
    p.set_defaults(handler=cmd_held_list)
    p = held.add_parser("retry", parents=both, help="merge held envelopes again")
    p.add_argument("--terminal", metavar="ID")
    p.set_defaults(handler=cmd_held_retry)
    p = held.add_parser("reject", parents=both, help="reject a held envelope, with a reason")
    p.add_argument("--terminal", required=True, metavar="ID")
    p.add_argument("--seq", required=True, type=int)
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_held_reject)

    report = group("report", "reports")
    p = report.add_parser("trial-balance", parents=both, help="trial balance (closing balances)")
    p.add_argument("--period", type=_parse_period, metavar="YYYY-MM")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--format", choices=("csv", "xlsx", "pdf"),
                   help="write the report as a file instead of printing it")
    p.add_argument("--output", metavar="FILE", help="the file (default: the report's name)")
    p.set_defaults(handler=cmd_report_trial_balance)
    p = report.add_parser("profit-loss", parents=both, help="profit and loss for months")
    p.add_argument("--first", type=_parse_period, required=True, metavar="YYYY-MM")
    p.add_argument("--last", type=_parse_period, metavar="YYYY-MM")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--format", choices=("csv", "xlsx", "pdf"),
                   help="write the report as a file instead of printing it")
    p.add_argument("--output", metavar="FILE", help="the file (default: the report's name)")
    p.set_defaults(handler=cmd_report_pnl)
    p = report.add_parser("balance-sheet", parents=both, help="balance sheet at a month's end")
    p.add_argument("--period", type=_parse_period, metavar="YYYY-MM")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--format", choices=("csv", "xlsx", "pdf"),
                   help="write the report as a file instead of printing it")
    p.add_argument("--output", metavar="FILE", help="the file (default: the report's name)")
    p.set_defaults(handler=cmd_report_balance_sheet)
    p = report.add_parser("sales", parents=both, help="sales by branch, till, cashier, method …")
    p.add_argument("--first", type=_parse_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--last", type=_parse_day, metavar="YYYY-MM-DD",
                   help="the last day (default: today)")
    p.add_argument("--by", choices=GROUPS, default="branch",
                   help="group by branch, terminal (tills by branch and name), cashier, hour, "
                        "date or method")
    p.add_argument("--branch", metavar="CODE")
    p.set_defaults(handler=cmd_report_sales)
    p = report.add_parser("stock", parents=both, help="stock levels per branch and location")
    p.add_argument("--branch", metavar="CODE")
    p.set_defaults(handler=cmd_report_stock)
    p = report.add_parser("summaries", parents=both,
                          help="check (default) or rebuild the per-day sales summaries")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--check", action="store_true",
                     help="compare with the sales; exit 1 on a difference (the default)")
    how.add_argument("--rebuild", action="store_true", help="recompute from the sales")
    p.set_defaults(handler=cmd_report_summaries)
