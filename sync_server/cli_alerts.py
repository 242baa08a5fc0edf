"""``bisama-sync alerts test``: send a test alert e-mail through the SMTP server the
environment names (``BISAMA_SMTP_*``, docs/operations.md "Monitoring"), to check the
alert path end to end before an alert needs it."""

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
