"""``bisama-sync alerts test``: send a test alert e-mail through the SMTP server the
environment names (``BISAMA_SMTP_*``, docs/operations.md "Monitoring"), to check the
alert path end to end before an alert needs it. ``bisama-sync alerts check-heads``: the
periodic check that envelopes up to every till's witnessed head arrived
(``sync.witness``)."""

from __future__ import annotations

import argparse
import os
import socket
from typing import Any

from sync_server.cli import UsageError, emit


def cmd_alerts_test(args: argparse.Namespace) -> int:
    from sync_server.messaging.mail import MailMessage, SmtpMailer, SmtpSettings, check_address

    to = tuple(check_address(a) for a in args.to)
    settings = SmtpSettings.from_environment(os.environ)
    if settings is None:
        raise UsageError("no mail server is set: set BISAMA_SMTP_HOST (and BISAMA_SMTP_FROM, "
                         "BISAMA_SMTP_USER, BISAMA_SMTP_PASSWORD_FILE as it needs); see "
                         "docs/operations.md, Monitoring")
    host = socket.gethostname()
    SmtpMailer(settings).send(MailMessage(
        to, "[Bisama POS] Test alert",
        f"This is a test alert from the Bisama POS sync server on {host}.\n\n"
        "If you can read it, alerts (a fork, a tampered envelope, a failed backup) will "
        "reach you by e-mail.\n-- \nBisama POS sync server\n"))
    emit(args, {"sent": True, "to": list(to), "server": f"{settings.host}:{settings.port}",
                "starttls": settings.starttls},
         f"Test alert sent to {', '.join(to)} through {settings.host}:{settings.port}.")
    return 0


def cmd_alerts_check_heads(args: argparse.Namespace) -> int:
    from sync_server.cli_operations import _ctx
    from sync_server.notify import AlertMessage
    from sync_server.report_mail.services import active_tenants
    from sync_server.sync.witness import check_missing

    ctx = _ctx(args)
    found: dict[str, int] = {}
    try:
        for tenant_id, domain in active_tenants(ctx):
            alerts: list[AlertMessage] = []
            with ctx.scope(tenant_id) as scope:
                found[domain] = check_missing(ctx, scope, ctx.clock.now(), alerts)
            for alert in alerts:
                ctx.notifier.notify(alert)
    finally:
        ctx.close()
    total = sum(found.values())
    emit(args, {"alerted": found, "total": total},
         f"{total} till(s) with envelopes missing after a witnessed head." if total else
         "Every witnessed head's envelopes arrived (or are not overdue yet).")
    return 0


def add_alerts_commands(commands: Any) -> None:
    alerts = commands.add_parser("alerts", help="alert delivery (e-mail) for the operator")
    sub = alerts.add_subparsers(dest="alerts_command", metavar="ALERTS_COMMAND")
    p = sub.add_parser("test", help="send a test alert e-mail through the SMTP server set",
                       description="Send a test alert e-mail through BISAMA_SMTP_HOST to check "
                                   "that alerts reach the people who must act on them.")
    p.add_argument("--to", action="append", required=True, metavar="EMAIL",
                   help="an address to send it to (repeat for more)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_alerts_test)
    p = sub.add_parser("check-heads", help="alert tills whose envelopes up to a witnessed "
                       "head never arrived",
                       description="For every active tenant, raise missing_after_witnessed_head "
                                   "for each till whose envelopes up to the head it signed have "
                                   "not arrived 30 minutes after (heartbeats and pushes run the "
                                   "same check; run this from cron for tills gone silent).")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_alerts_check_heads)
