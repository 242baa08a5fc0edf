"""``bisama-sync sms send|bulk|status|optout|staff-phone`` (issue [14], scope 3): text
messages to customers and staff through the SMS gateway (docs/messaging.md). The
commands queue; ``sms send --due`` (the timer or cron, every few minutes) sends what is
due and collects the delivery reports."""

from __future__ import annotations

import argparse
import os
from typing import Any

from sync_server.cli import UsageError, cli_actor, database_options, emit, table


def _ctx(args: argparse.Namespace) -> Any:
    from sync_server.cli_operations import _ctx as open_ctx

    return open_ctx(args)


def _tenants(ctx: Any, domain: str | None) -> list[tuple[int, str]]:
    from sync_server.report_mail.services import active_tenants

    return active_tenants(ctx, domain)


def _sender() -> Any:
    from sync_server.messaging.sms import sender_from_environment

    return sender_from_environment(os.environ)


def cmd_send(args: argparse.Namespace) -> int:
    from sync_server.messaging.dispatch import poll_reports, send_due
    from sync_server.messaging.queue import queue_one

    if args.due == bool(args.to or args.text):
        raise UsageError("give --to NUMBER and --text TEXT to queue one message, or --due to "
                         "send what the queue holds")
    ctx = _ctx(args)
    try:
        if not args.due:
            if not (args.to and args.text) or not args.tenant:
                raise UsageError("--tenant, --to and --text together queue one message")
            [(tenant_id, _)] = _tenants(ctx, args.tenant)
            with ctx.scope(tenant_id) as scope:
                row = queue_one(ctx, scope, cli_actor(), args.to, args.text)
                data: dict[str, Any] = {"queued": row.id, "phone": row.phone}
            emit(args, data, lambda d: f"Queued for {d['phone']}: it goes at the next "
                                       "`bisama-sync sms send --due`.")
            return 0
        sender = _sender()
        done = []
        for tenant_id, domain in _tenants(ctx, args.tenant):
            sent = send_due(ctx, tenant_id, sender)
            reports = poll_reports(ctx, tenant_id, sender)
            done.append({"tenant": domain, **sent.to_json(),
                         "reports": reports.to_json()})
    finally:
        ctx.close()

    def text(d: dict[str, Any]) -> str:
        lines = []
        for o in d["done"]:
            r = o["reports"]
            lines.append(f"{o['tenant']}: {o['sent']} sent, {o['failed']} failed, "
                         f"{o['opted_out']} opted out, {o['waiting']} bulk waiting for the "
                         f"window; reports: {r['delivered']} delivered, {r['failed']} "
                         f"undelivered, {r['pending']} not yet"
                         + (f"\n  stopped: {o['stopped']}" if o["stopped"] else "")
                         + (f"\n  PAUSED: {o['paused'] or r['paused']}"
                            if o["paused"] or r["paused"] else ""))
        return "\n".join(lines) or "No active tenant."
    emit(args, {"done": done}, text)
    return 0


def cmd_bulk(args: argparse.Namespace) -> int:
    from sync_server.messaging.queue import queue_bulk

    ctx = _ctx(args)
    try:
        [(tenant_id, _)] = _tenants(ctx, args.tenant)
        with ctx.scope(tenant_id) as scope:
            outcome = queue_bulk(ctx, scope, cli_actor(), args.to, args.text,
                                 branch=args.branch)
    finally:
        ctx.close()
    emit(args, outcome.to_json(), lambda d: (
        f"Queued {d['queued']} messages (batch {d['batch']}); {d['opted_out']} opted out; "
        f"{len(d['skipped'])} skipped" + "".join(
            f"\n  {s['name']}: {s['reason']}" for s in d["skipped"])))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from sync_server.messaging.dispatch import status_summary
    from sync_server.messaging.queue import resume, set_window
    from sync_server.messaging.sms import SmsError

    window = None
    if args.window:
        start, dash, end = args.window.partition("-")
        if not dash:
            raise UsageError("--window is HH:MM-HH:MM (Accra time), e.g. 18:30-21:00")
        window = (start, end)
    ctx = _ctx(args)
    try:
        [(tenant_id, _)] = _tenants(ctx, args.tenant)
        with ctx.scope(tenant_id) as scope:
            if window:
                set_window(ctx, scope, cli_actor(), *window)
            if args.resume:
                resume(ctx, scope, cli_actor())
        with ctx.scope(tenant_id) as scope:
            data = status_summary(scope, ctx.clock.now())
    finally:
        ctx.close()
    sender = _sender()
    try:
        balance = sender.balance()
        data["balance"] = None if balance is None else balance.text
        data["credits"] = None if balance is None else balance.credits
    except SmsError as exc:
        data["balance"], data["credits"] = f"unknown: {exc.message}", None
    data["gateway"] = sender.name

    def text(d: dict[str, Any]) -> str:
        c, w = d["counts"], d["window"]
        return (f"{args.tenant}: {c['queued']} queued, {c['sent']} sent (no report yet), "
                f"{c['delivered']} delivered, {c['failed']} failed, {c['opted_out']} not sent "
                f"(opted out)\nBulk window {w['start']}–{w['end']} Accra time "
                f"({'open' if w['open'] else 'closed'} now); last hour "
                f"{d['last_hour']['failed']} of {d['last_hour']['tried']} failed\n"
                f"Gateway {d['gateway']}: balance {d['balance'] or 'n/a'}"
                + (f"\nPAUSED since {d['paused']['since']}: {d['paused']['reason']}"
                   if d["paused"] else ""))
    emit(args, data, text)
    return 0


def cmd_optout(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from sync_server.messaging.models import SmsOptOut
    from sync_server.messaging.queue import opt_out

    ctx = _ctx(args)
    try:
        [(tenant_id, _)] = _tenants(ctx, args.tenant)
        with ctx.scope(tenant_id) as scope:
            if args.number:
                number = opt_out(ctx, scope, cli_actor(), args.number, source="cli",
                                 undo=args.undo)
                data: Any = {"phone": number, "opted_out": not args.undo}
            else:
                data = {"optouts": [{"phone": r.phone, "source": r.source,
                                     "at": r.at.isoformat(timespec="seconds"), "by": r.by}
                                    for r in scope.scalars(select(SmsOptOut)
                                                           .order_by(SmsOptOut.phone))]}
    finally:
        ctx.close()
    if args.number:
        emit(args, data, lambda d: f"{d['phone']} " + (
            "gets no more bulk messages." if d["opted_out"] else "gets messages again."))
    else:
        emit(args, data, lambda d: table(d["optouts"], ["phone", "source", "at", "by"]))
    return 0


def cmd_staff_phone(args: argparse.Namespace) -> int:
    from sync_server.messaging.queue import set_staff_phone

    ctx = _ctx(args)
    try:
        [(tenant_id, _)] = _tenants(ctx, args.tenant)
        with ctx.scope(tenant_id) as scope:
            name, number = set_staff_phone(ctx, scope, cli_actor(), args.user,
                                           args.phone or None)
    finally:
        ctx.close()
    emit(args, {"name": name, "phone": number},
         lambda d: f"{d['name']}: {d['phone'] or 'no number'}")
    return 0


def add_sms_commands(commands: Any) -> None:
    common = database_options()
    sms = commands.add_parser(
        "sms", help="text messages to customers and staff (SMS gateway)",
        description="Bulk and single text messages, queued and sent in the tenant's "
                    "off-hours window, throttled above 5 %% failures, with delivery "
                    "reports and opt-out (docs/messaging.md).")
    sub = sms.add_subparsers(dest="sms_command", metavar="SMS_COMMAND")
    p = sub.add_parser("send", parents=[common],
                       help="queue one message, or send what is due (--due)",
                       description="--tenant, --to and --text queue one message (sent at the "
                                   "next run whatever the hour); --due sends what the queue "
                                   "holds and collects delivery reports (the timer runs it).")
    p.add_argument("--tenant", metavar="DOMAIN", help="the tenant's domain (with --due: "
                   "default every active tenant)")
    p.add_argument("--to", metavar="NUMBER", help="a Ghana mobile number, 024… or +233…")
    p.add_argument("--text", metavar="TEXT", help="the message (at most 459 characters)")
    p.add_argument("--due", action="store_true", help="send what is due, collect reports")
    p.set_defaults(handler=cmd_send)
    p = sub.add_parser("bulk", parents=[common],
                       help="queue one message to every customer or staff member",
                       description="Queues the message for every active customer (or "
                                   "person) with a mobile number; numbers that opted out "
                                   "and numbers that are not Ghana mobiles are skipped and "
                                   "named. It goes out in the tenant's window.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--to", required=True, choices=["customers", "staff"], help="who")
    p.add_argument("--branch", metavar="CODE", help="staff of this branch only")
    p.add_argument("--text", required=True, metavar="TEXT",
                   help="the message (at most 459 characters)")
    p.set_defaults(handler=cmd_bulk)
    p = sub.add_parser("status", parents=[common],
                       help="the queue, the window, the throttle and the credits",
                       description="Counts by status, the bulk window, the last hour's "
                                   "failures, a pause and the gateway's balance; --window "
                                   "sets the window, --resume lifts a pause.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--window", metavar="HH:MM-HH:MM",
                   help="set the bulk window (Accra time; may run past midnight)")
    p.add_argument("--resume", action="store_true", help="lift a throttle pause now")
    p.set_defaults(handler=cmd_status)
    p = sub.add_parser("optout", parents=[common],
                       help="stop (or, --undo, restart) bulk messages to a number; list them",
                       description="Without NUMBER: the numbers that opted out.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("number", nargs="?", metavar="NUMBER", help="the mobile number")
    p.add_argument("--undo", action="store_true", help="the number asked to get them again")
    p.set_defaults(handler=cmd_optout)
    p = sub.add_parser("staff-phone", parents=[common],
                       help="a staff member's mobile number for staff messages",
                       description="Sets (or with an empty --phone, removes) the mobile "
                                   "number staff messages go to.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--user", required=True, metavar="EMAIL", help="the person's e-mail")
    p.add_argument("--phone", required=True, metavar="NUMBER", help="024… or +233…; '' for none")
    p.set_defaults(handler=cmd_staff_phone)


__all__ = ["add_sms_commands"]
