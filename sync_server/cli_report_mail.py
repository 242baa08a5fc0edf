"""``bisama-sync reports recipients set|list`` and ``bisama-sync reports send`` (issue
[11], scope 7): who gets the daily and weekly sales reports, and sending them — by hand
for a day, or what the schedule owes (``--due``, from the timer or cron)."""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta
from typing import Any

from sync_server.cli import UsageError, cli_actor, database_options, emit, table


def _ctx(args: argparse.Namespace) -> Any:
    from sync_server.cli_operations import _ctx as open_ctx

    return open_ctx(args)


def _tenant_id(ctx: Any, domain: str) -> int:
    from sync_server.report_mail.services import active_tenants

    return active_tenants(ctx, domain)[0][0]


def _mailer(args: argparse.Namespace) -> Any:
    from sync_server.messaging.mail import SmtpMailer, SmtpSettings

    if args.no_mail:
        return None
    settings = SmtpSettings.from_environment(os.environ)
    return None if settings is None else SmtpMailer(settings)


def cmd_recipients_set(args: argparse.Namespace) -> int:
    from sync_server.report_mail.services import set_recipients

    if args.daily is None and args.weekly is None:
        raise UsageError("give --daily and/or --weekly with the addresses (comma-separated); "
                         "an empty value (--daily '') names nobody")
    ctx = _ctx(args)
    try:
        tenant_id = _tenant_id(ctx, args.tenant)
        with ctx.scope(tenant_id) as scope:
            from sync_server.report_mail.services import recipients_of

            daily = args.daily if args.daily is not None else recipients_of(scope, "daily")
            weekly = args.weekly if args.weekly is not None else recipients_of(scope, "weekly")
            data = set_recipients(ctx, scope, cli_actor(), daily=daily, weekly=weekly)
    finally:
        ctx.close()
    emit(args, data, lambda d: (
        f"{args.tenant}: the daily report goes to {', '.join(d['daily']) or 'nobody'}; "
        f"the weekly report to {', '.join(d['weekly']) or 'nobody'}"))
    return 0


def cmd_recipients_list(args: argparse.Namespace) -> int:
    from sync_server.report_mail.services import list_recipients

    ctx = _ctx(args)
    try:
        with ctx.scope(_tenant_id(ctx, args.tenant)) as scope:
            rows = list_recipients(scope)
    finally:
        ctx.close()
    data = [{"email": r["email"], "daily": r["daily"], "weekly": r["weekly"],
             "updated": r["updated_at"].isoformat(timespec="seconds"),
             "by": r["updated_by"]} for r in rows]
    emit(args, {"tenant": args.tenant, "recipients": data}, lambda d: table(
        [{**r, "daily": "yes" if r["daily"] else "", "weekly": "yes" if r["weekly"] else ""}
         for r in d["recipients"]], ["email", "daily", "weekly", "updated", "by"]))
    return 0


def _outcome_text(d: dict[str, Any]) -> str:
    lines = []
    for o in d["done"]:
        what = f"{o['tenant']} {o['kind']} {o['first']}" + (
            f" to {o['last']}" if o["kind"] == "weekly" else "")
        lines.append(f"{what}: {'written' if o['written'] else 'as written before'} "
                     f"({o['files'][0]} and .xlsx)"
                     + (f"; sent to {', '.join(o['sent'])}" if o["sent"] else "")
                     + (f"; already sent to {', '.join(o['already_sent'])}"
                        if o["already_sent"] else "")
                     + "".join(f"\n  NOT SENT to {p}: {why}" for p, why in o["failed"].items()))
    if not d["mail"]:
        lines.append("No mail server is set (BISAMA_SMTP_HOST) or --no-mail: files only.")
    return "\n".join(lines) or "Nothing was due."


def cmd_reports_send(args: argparse.Namespace) -> int:
    from sync_server.report_mail.services import active_tenants, send_due, send_report

    if args.due and (args.day or args.tenant or args.resend):
        raise UsageError("--due runs what the schedule owes: without --day, --tenant or "
                         "--resend")
    mailer = _mailer(args)
    ctx = _ctx(args)
    try:
        if args.due:
            done = send_due(ctx, mailer)
        else:
            try:
                day = (date.fromisoformat(args.day) if args.day
                       else ctx.clock.now().date() - timedelta(days=1))
            except ValueError:
                raise UsageError(f"“{args.day}” is not a date; use YYYY-MM-DD") from None
            kinds = ["daily", "weekly"] if args.kind == "both" else [args.kind]
            done = [send_report(ctx, mailer, tenant_id, kind, day, resend=args.resend)
                    for tenant_id, _ in active_tenants(ctx, args.tenant) for kind in kinds]
    finally:
        ctx.close()
    data = {"done": [o.to_json() for o in done], "mail": mailer is not None}
    emit(args, data, _outcome_text)
    return 1 if any(o.failed for o in done) else 0


def add_report_mail_commands(commands: Any) -> None:
    common = database_options()
    reports = commands.add_parser(
        "reports", help="the daily and weekly sales reports, written and e-mailed",
        description="The SOP's daily and weekly sales reports as PDF and XLSX, written to "
                    "the data folder and e-mailed to the people each business names "
                    "(docs/operations.md, Reports that arrive).")
    sub = reports.add_subparsers(dest="reports_command", metavar="REPORTS_COMMAND")
    recipients = sub.add_parser("recipients", help="who gets the sales reports by e-mail")
    rsub = recipients.add_subparsers(dest="recipients_command", metavar="RECIPIENTS_COMMAND")
    p = rsub.add_parser("set", parents=[common],
                        help="name the people who get the daily and weekly reports",
                        description="Replaces the list for the report(s) given; a report "
                                    "not given keeps its list.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--daily", metavar="EMAILS", help="who gets the daily report "
                   "(comma-separated; '' for nobody)")
    p.add_argument("--weekly", metavar="EMAILS", help="who gets the weekly report "
                   "(comma-separated; '' for nobody)")
    p.set_defaults(handler=cmd_recipients_set)
    p = rsub.add_parser("list", parents=[common], help="who gets which sales report")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.set_defaults(handler=cmd_recipients_list)

    p = sub.add_parser("send", parents=[common],
                       help="write and e-mail a sales report (once per person)",
                       description="Writes the report to the data folder (once) and e-mails "
                                   "it to each person named who has not had it. --due runs "
                                   "what the schedule owes (the timer runs this).")
    p.add_argument("--day", metavar="YYYY-MM-DD",
                   help="the business day (for weekly: any day of the week; default "
                        "yesterday)")
    p.add_argument("--kind", choices=["daily", "weekly", "both"], default="daily",
                   help="which report (default daily)")
    p.add_argument("--tenant", metavar="DOMAIN", help="only this tenant (default: every "
                   "active tenant)")
    p.add_argument("--resend", action="store_true",
                   help="send again to people who had it already")
    p.add_argument("--due", action="store_true",
                   help="everything the schedule owes now (the last days and week)")
    p.add_argument("--no-mail", action="store_true", help="write the files only")
    p.set_defaults(handler=cmd_reports_send)


__all__ = ["add_report_mail_commands"]
