"""``bisama-sync`` commands of payroll and attendance (issue [14] scopes 1–2).

``employee add|list|edit``;
``payroll rates|set-rates|run|list|show|approve|reject|reverse|post|payslips|schedule|pay``;
``attendance upload|report|settings``. Each is a thin layer over ``sync_server.payroll``
(the dashboard calls the same services). Approving, rejecting or reversing a run takes the
director's dashboard password, as approving a journal by hand does.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sync_server.cli import UsageError, _parse_day, _secret, cli_actor, database_options, emit, table
from sync_server.cli_books import _person, _tenant

MONEY_COLUMNS = ("number", "name", "branch", "gross", "ssnit_employee", "taxable", "paye",
                 "net", "ssnit_employer", "employer_cost")


def _scoped(args: argparse.Namespace, work: Any) -> Any:
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        return work(ctx, scope)


# -- employees ----------------------------------------------------------------------------
def _employee_fields(args: argparse.Namespace) -> dict[str, Any]:
    return {"name": args.name, "branch": args.branch, "role": args.role, "basic": args.basic,
            "allowances": args.allowances, "ssnit_number": args.ssnit, "tin": args.tin,
            "pay_method": args.pay_method, "pay_account": args.account}


def cmd_employee_add(args: argparse.Namespace) -> int:
    from sync_server.payroll.employees import add_employee

    fields = _employee_fields(args)
    fields["pay_method"] = fields["pay_method"] or "bank"
    data = _scoped(args, lambda ctx, scope: add_employee(ctx, scope, cli_actor(),
                                                         number=args.number, **fields))
    emit(args, data, f"Added {data['number']} {data['name']} ({data['branch']}), basic "
                     f"{data['basic']}, allowances {data['allowances']}.")
    return 0


def cmd_employee_edit(args: argparse.Namespace) -> int:
    from sync_server.payroll.employees import edit_employee

    active = True if args.active else False if args.inactive else None
    data = _scoped(args, lambda ctx, scope: edit_employee(
        ctx, scope, cli_actor(), args.number, active=active, **_employee_fields(args)))
    emit(args, data, f"{data['number']} {data['name']}: {data['branch']}, {data['role']}, basic "
                     f"{data['basic']}, allowances {data['allowances']}, {data['status']}.")
    return 0


def cmd_employee_list(args: argparse.Namespace) -> int:
    from sync_server.payroll.employees import list_employees

    rows = _scoped(args, lambda ctx, scope: list_employees(
        scope, branch=args.branch, include_inactive=args.all))
    emit(args, rows, lambda r: table(r, ("number", "name", "branch", "role", "ssnit_number",
                                         "tin", "pay_method", "basic", "allowances", "status")))
    return 0


# -- the monthly run ----------------------------------------------------------------------
def _run_text(data: dict[str, Any]) -> str:
    head = (f"Payroll {data['month']}: {data['status']} (rates from {data['rates_from']}"
            f"{', attendance feeds it' if data['with_attendance'] else ''}). Gross "
            f"{data['gross']}, PAYE {data['paye']}, net {data['net']}, employer cost "
            f"{data['employer_cost']}.")
    body = table(data["payslips"], MONEY_COLUMNS)
    problems = data.get("discrepancies") or []
    tail = ""
    if problems:
        tail = f"\n{len(problems)} attendance discrepancy(ies) to sort out with HR:\n" + table(
            problems, ("date", "staff_number", "name", "problem"))
    return head + "\n" + body + tail


def cmd_payroll_run(args: argparse.Namespace) -> int:
    from sync_server.payroll.runs import draft_run

    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by)
        with ctx.scope(tenant.id) as scope:
            data = draft_run(ctx, scope, cli_actor(), args.month, by=by)
    emit(args, data, _run_text(data) + "\nThe draft waits for a director's approval.")
    return 0


def cmd_payroll_rates(args: argparse.Namespace) -> int:
    from shared.payroll import month_end, rates_for, rates_json
    from sync_server.payroll.rates import rates_on

    if args.tenant:
        data = _scoped(args, lambda ctx, scope: rates_json(rates_on(scope,
                                                                     month_end(args.month))))
    else:
        data = rates_json(rates_for(month_end(args.month)))  # PayrollError: a clear message

    def text(d: dict[str, Any]) -> str:
        return (f"PAYE and SSNIT rates in force from {d['effective']} (monthly):\n"
                + table(d["bands"], ("band", "rate", "cumulative_income", "cumulative_tax"))
                + f"\nSSNIT: employee {d['ssnit_employee']}, employer {d['ssnit_employer']} "
                  f"(tier 1 {d['tier1']} to SSNIT, tier 2 {d['tier2']} to the trustee), on a "
                  f"basic salary up to {d['max_insurable']} a month.\nSource: {d['source']}.")
    emit(args, data, text)
    return 0


def cmd_payroll_set_rates(args: argparse.Namespace) -> int:
    from sync_server.payroll.rates import add_rate_set

    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by, roles=("director",))
        with ctx.scope(tenant.id) as scope:
            data = add_rate_set(ctx, scope, cli_actor(), by=by, effective=args.effective.isoformat(),
                                bands=args.bands, max_insurable=args.max_insurable,
                                source=args.source, employee=args.employee,
                                employer=args.employer, tier2=args.tier2)
    emit(args, data, f"Recorded PAYE and SSNIT rates from {data['effective']}.")
    return 0


def cmd_payroll_list(args: argparse.Namespace) -> int:
    from sync_server.payroll.runs import list_runs

    rows = _scoped(args, lambda ctx, scope: list_runs(scope))
    emit(args, rows, lambda r: table(r, ("month", "status", "gross", "paye", "net",
                                         "employer_cost", "prepared_by", "approved_by")))
    return 0


def cmd_payroll_show(args: argparse.Namespace) -> int:
    from sync_server.payroll.runs import find_run, run_json

    data = _scoped(args, lambda ctx, scope: run_json(scope, find_run(scope, args.month)))
    emit(args, data, _run_text)
    return 0


def _decide(args: argparse.Namespace, approve: bool, reverse: bool = False) -> int:
    from sync_server.payroll.runs import approve_run, reject_run, reverse_run

    password = _secret(args.password, "password")
    if not password:
        raise UsageError("give the approving director's password: --password - and type it on "
                         "standard input")
    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by, password=password, roles=("director",))
        with ctx.scope(tenant.id) as scope:
            if reverse:
                data = reverse_run(ctx, scope, cli_actor(), args.month, by=by, reason=args.reason)
            elif approve:
                data = approve_run(ctx, scope, cli_actor(), args.month, by=by)
            else:
                data = reject_run(ctx, scope, cli_actor(), args.month, by=by, reason=args.reason)
    word = "Reversed" if reverse else "Approved" if approve else "Rejected"
    emit(args, data, _run_text(data) + f"\n{word} by {by.email}.")
    return 0


def cmd_payroll_approve(args: argparse.Namespace) -> int:
    return _decide(args, approve=True)


def cmd_payroll_reject(args: argparse.Namespace) -> int:
    return _decide(args, approve=False)


def cmd_payroll_reverse(args: argparse.Namespace) -> int:
    return _decide(args, approve=False, reverse=True)


def cmd_payroll_post(args: argparse.Namespace) -> int:
    from sync_server.payroll.runs import post_run

    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by)
        with ctx.scope(tenant.id) as scope:
            data = post_run(ctx, scope, cli_actor(), args.month, by=by)
    emit(args, data, _run_text(data) + f"\nPosted to the ledger (journal {data['journal']}).")
    return 0


def cmd_payroll_payslips(args: argparse.Namespace) -> int:
    from sync_server.payroll.exports import payslips_pdf

    if not args.output.lower().endswith(".pdf"):
        raise UsageError("--output must end in .pdf")
    content = _scoped(args, lambda ctx, scope: payslips_pdf(scope, args.month,
                                                            number=args.employee))
    Path(args.output).write_bytes(content)
    emit(args, {"file": args.output, "bytes": len(content)},
         f"Wrote {args.output} ({len(content)} bytes).")
    return 0


def cmd_payroll_schedule(args: argparse.Namespace) -> int:
    from sync_server.payroll.exports import schedule

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError("--output must end in .csv or .xlsx")
    content, _name, _type = _scoped(args, lambda ctx, scope: schedule(
        scope, args.month, args.kind, suffix[1:]))
    Path(args.output).write_bytes(content)
    emit(args, {"file": args.output, "bytes": len(content)},
         f"Wrote the {args.kind.upper()} schedule to {args.output} ({len(content)} bytes).")
    return 0


def cmd_payroll_pay(args: argparse.Namespace) -> int:
    from sync_server.payroll.payments import list_payments, pay

    if args.kind is None:
        rows = _scoped(args, lambda ctx, scope: list_payments(scope, args.month))
        emit(args, rows, lambda r: table(r, ("kind", "what", "owed", "paid_on", "from",
                                             "reference")))
        return 0
    if args.date is None:
        raise UsageError("give the payment's --date")
    data = _scoped(args, lambda ctx, scope: pay(
        ctx, scope, cli_actor(), month=args.month, kind=args.kind,
        pay_date=args.date.isoformat(), method=args.method, account=args.account,
        reference=args.reference or ""))
    emit(args, data, f"{data['what']} for {data['month']}: {data['amount']} paid from "
                     f"{data['from']} on {data['date']}.")
    return 0


# -- attendance ---------------------------------------------------------------------------
def cmd_attendance_upload(args: argparse.Namespace) -> int:
    from sync_server.payroll.attendance import upload

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    data = _scoped(args, lambda ctx, scope: upload(ctx, scope, cli_actor(), raw=raw,
                                                   filename=path.name))
    emit(args, data, lambda d: d["summary"] + ("\n" + table(
        d["rejections"], ("line", "staff_number", "date", "reason")) if d["rejections"] else ""))
    return 1 if data["rejected"] and args.strict else 0


def cmd_attendance_report(args: argparse.Namespace) -> int:
    from sync_server.payroll.attendance import week_report

    data = _scoped(args, lambda ctx, scope: week_report(scope, args.week.isoformat()))

    def text(d: dict[str, Any]) -> str:
        out = f"Attendance {d['week']} to {d['to']}\n" + table(
            d["rows"], ("staff_number", "name", "branch", "days_present", "hours",
                        "overtime_hours", "days_absent", "flags"))
        if d["discrepancies"]:
            out += "\nDiscrepancies:\n" + table(d["discrepancies"],
                                               ("date", "staff_number", "name", "problem"))
        return out
    emit(args, data, text)
    return 0


def cmd_attendance_settings(args: argparse.Namespace) -> int:
    from sync_server.payroll.attendance import set_settings, settings

    feeds = True if args.feed_run else False if args.no_feed_run else None

    def work(ctx: Any, scope: Any) -> dict[str, Any]:
        if feeds is None and args.hours_per_day is None and args.overtime_rate is None:
            return settings(scope)
        return set_settings(ctx, scope, cli_actor(), feeds_run=feeds,
                            hours_per_day=args.hours_per_day,
                            overtime_multiplier_pct=args.overtime_rate)
    data = _scoped(args, work)
    emit(args, data, f"Attendance {'feeds' if data['attendance_feeds_run'] else 'does not feed'} "
                     f"the payroll run; a working day is {data['hours_per_day']} h; overtime "
                     f"is paid at {data['overtime_multiplier_pct']} %.")
    return 0


# -- registration -------------------------------------------------------------------------
def add_payroll_commands(commands: Any) -> None:
    """Register ``employee``, ``payroll`` and ``attendance`` on the top-level subparsers."""
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [database_options(), tenant_opt]
    month_opt = argparse.ArgumentParser(add_help=False)
    month_opt.add_argument("--month", required=True, metavar="YYYY-MM")

    def group(name: str, help_text: str) -> Any:
        parser = commands.add_parser(name, help=help_text)
        return parser.add_subparsers(dest=f"{name}_command", metavar=f"{name.upper()}_COMMAND")

    def fields(p: Any, required: bool) -> None:
        p.add_argument("--number", required=True, help="the staff number (as on the clock-in "
                                                       "device), e.g. E014")
        p.add_argument("--name", required=required)
        p.add_argument("--branch", required=required, metavar="CODE")
        p.add_argument("--role", required=required, help="the job title, e.g. Cashier")
        p.add_argument("--basic", required=required, metavar="GHS", help="monthly basic salary")
        p.add_argument("--allowances", metavar="GHS", help="monthly cash allowances")
        p.add_argument("--ssnit", metavar="NUMBER", help="SSNIT number, e.g. C018011234567")
        p.add_argument("--tin", help="GRA TIN or Ghana Card PIN")
        p.add_argument("--pay-method", choices=("bank", "momo", "cash"))
        p.add_argument("--account", help="bank and account number, or the MoMo number")

    employee = group("employee", "the staff a tenant pays: add, list, edit")
    p = employee.add_parser("add", parents=both, help="add an employee")
    fields(p, True)
    p.set_defaults(handler=cmd_employee_add)
    p = employee.add_parser("edit", parents=both, help="change an employee (what is given)")
    fields(p, False)
    p.add_argument("--active", action="store_true", help="make active again")
    p.add_argument("--inactive", action="store_true", help="the employee left (kept, not paid)")
    p.set_defaults(handler=cmd_employee_edit)
    p = employee.add_parser("list", parents=both, help="the employees")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--all", action="store_true", help="also inactive employees")
    p.set_defaults(handler=cmd_employee_list)

    payroll = group("payroll", "the monthly payroll: draft, approve, post, payslips, pay")
    p = payroll.add_parser("run", parents=[*both, month_opt],
                           help="draft (or redraft) the month's payslips for review")
    p.add_argument("--by", required=True, metavar="EMAIL", help="the preparer (director/manager)")
    p.set_defaults(handler=cmd_payroll_run)
    p = payroll.add_parser("rates", parents=[database_options(), month_opt],
                           help="the PAYE bands and SSNIT shares in force for a month")
    p.add_argument("--tenant", metavar="DOMAIN", help="with the rates this tenant recorded")
    p.set_defaults(handler=cmd_payroll_rates)
    p = payroll.add_parser("set-rates", parents=both,
                           help="a director records PAYE/SSNIT rates from a date")
    p.add_argument("--by", required=True, metavar="EMAIL", help="the director")
    p.add_argument("--from", dest="effective", required=True, type=_parse_day,
                   metavar="YYYY-MM-DD")
    p.add_argument("--bands", required=True, metavar="W:R,…,rest:R",
                   help="monthly bands, e.g. 490:0,110:5,130:10,3166.67:17.5,16000:25,"
                        "30520:30,rest:35")
    p.add_argument("--max-insurable", required=True, metavar="GHS",
                   help="SSNIT's maximum insurable earnings a month")
    p.add_argument("--source", required=True, help="where the rates come from")
    p.add_argument("--employee", metavar="PERCENT", help="employee SSNIT (default 5.5)")
    p.add_argument("--employer", metavar="PERCENT", help="employer SSNIT (default 13)")
    p.add_argument("--tier2", metavar="PERCENT", help="tier 2 share (default 5)")
    p.set_defaults(handler=cmd_payroll_set_rates)
    p = payroll.add_parser("list", parents=both, help="the payroll runs, newest first")
    p.set_defaults(handler=cmd_payroll_list)
    p = payroll.add_parser("show", parents=[*both, month_opt], help="a run and its payslips")
    p.set_defaults(handler=cmd_payroll_show)
    for name, helped, handler in (
            ("approve", "a director (not the preparer) approves the draft", cmd_payroll_approve),
            ("reject", "a director (not the preparer) rejects the draft", cmd_payroll_reject),
            ("reverse", "a director undoes a posted, unpaid payroll (to draft it again)",
             cmd_payroll_reverse)):
        p = payroll.add_parser(name, parents=[*both, month_opt], help=helped)
        p.add_argument("--by", required=True, metavar="EMAIL", help="the director")
        p.add_argument("--password", required=True,
                       help="the director's dashboard password (- reads it from standard input)")
        if name in ("reject", "reverse"):
            p.add_argument("--reason", required=True)
        p.set_defaults(handler=handler)
    p = payroll.add_parser("post", parents=[*both, month_opt],
                           help="post an approved run to the ledger (dated the month's last day)")
    p.add_argument("--by", required=True, metavar="EMAIL")
    p.set_defaults(handler=cmd_payroll_post)
    p = payroll.add_parser("payslips", parents=[*both, month_opt], help="payslips as a PDF")
    p.add_argument("--output", required=True, metavar="FILE.pdf")
    p.add_argument("--employee", metavar="NUMBER", help="one employee's payslip only")
    p.set_defaults(handler=cmd_payroll_payslips)
    p = payroll.add_parser("schedule", parents=[*both, month_opt],
                           help="GRA's PAYE schedule, SSNIT's contribution schedule or the net "
                                "pay list")
    p.add_argument("--kind", required=True, choices=("paye", "ssnit", "net"),
                   help="paye (GRA), ssnit, or net (who is paid what, by bank or MoMo)")
    p.add_argument("--output", required=True, metavar="FILE.csv|FILE.xlsx")
    p.set_defaults(handler=cmd_payroll_schedule)
    p = payroll.add_parser("pay", parents=[*both, month_opt],
                           help="pay net salaries, PAYE, SSNIT or tier 2 (no --kind: what is owed)")
    p.add_argument("--kind", choices=("net", "paye", "ssnit", "tier2"))
    p.add_argument("--date", type=_parse_day, metavar="YYYY-MM-DD")
    p.add_argument("--method", default="bank", choices=("bank", "cash", "momo"))
    p.add_argument("--account", metavar="CODE", help="the account paid from (default 1010/1000/1020)")
    p.add_argument("--reference", help="the bank or GRA/SSNIT receipt reference")
    p.set_defaults(handler=cmd_payroll_pay)

    att = group("attendance", "clock-in uploads, the weekly report, the payroll setting")
    p = att.add_parser("upload", parents=both, help="upload a clock-in device's CSV or Excel file")
    p.add_argument("--file", required=True, metavar="FILE.csv|FILE.xlsx")
    p.add_argument("--strict", action="store_true", help="exit 1 when a row is rejected")
    p.set_defaults(handler=cmd_attendance_upload)
    p = att.add_parser("report", parents=both, help="the week's attendance and discrepancies")
    p.add_argument("--week", required=True, type=_parse_day, metavar="YYYY-MM-DD",
                   help="a day of the week (its Monday starts the report)")
    p.set_defaults(handler=cmd_attendance_report)
    p = att.add_parser("settings", parents=both,
                       help="whether attendance feeds the payroll run (no option: show)")
    p.add_argument("--feed-run", action="store_true", help="absences and overtime feed the run")
    p.add_argument("--no-feed-run", action="store_true", help="the run ignores attendance")
    p.add_argument("--hours-per-day", type=int, metavar="H")
    p.add_argument("--overtime-rate", type=int, metavar="PERCENT", help="e.g. 150")
    p.set_defaults(handler=cmd_attendance_settings)


__all__ = ["add_payroll_commands"]
