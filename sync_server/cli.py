"""``bisama-sync``: the operator's command line. A thin layer over the server's services:
each command parses arguments, calls one service and prints (JSON with ``--json``).

Every command that touches the database takes ``--db URL`` (or ``BISAMA_DATABASE_URL``;
default: an SQLite file in the server's data folder). Bad arguments print a clear
message and exit with status 2; a database that cannot be reached exits with 1.
"""

from __future__ import annotations

import argparse
import getpass
import json
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from shared.errors import BisamaError
from shared.money import Money
from shared.tax import TaxCode, quote
from sync_server import __version__


class UsageError(Exception):
    """Arguments that parse but make no sense; reported like argparse errors (exit 2)."""


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date; use YYYY-MM-DD") from None


def _parse_amount(text: str) -> Money:
    try:
        return Money.parse(text)
    except BisamaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parse_code(text: str) -> TaxCode:
    try:
        return TaxCode.parse(text)
    except BisamaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parse_period(text: str) -> str:
    from sync_server.periods.services import parse_period

    try:
        return parse_period(text)
    except BisamaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _secret(value: str | None, what: str) -> str | None:
    """``-`` reads the secret from standard input, so it stays out of the process list."""
    if value != "-":
        return value
    line = sys.stdin.readline().rstrip("\n")
    if not line:
        raise UsageError(f"no {what} on standard input")
    return line


def cmd_tax_quote(args: argparse.Namespace) -> int:
    if args.amount.is_negative:
        raise UsageError("the amount must not be negative")
    # The operator's "today" is the local calendar day: that is the date on the shelf.
    day = args.on or date.today()  # noqa: DTZ011
    result = quote(args.amount, args.code, day, inclusive=not args.exclusive)
    print(json.dumps(result.to_json()))
    return 0


# -- output ------------------------------------------------------------------------------


def say(text: str) -> None:
    """A line for the person at the console (all command output goes through here)."""
    print(text)


def emit(args: argparse.Namespace, data: Any,
         text: Callable[[Any], str] | str | None = None) -> None:
    """JSON with --json, otherwise a line or table for a person."""
    if getattr(args, "json", False) or text is None:
        print(json.dumps(data, indent=None if getattr(args, "json", False) else 2, default=str))
        return
    print(text(data) if callable(text) else text)


def table(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "(none)"
    def cell(row: dict[str, Any], column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value)

    widths = {c: max(len(c), *(len(cell(r, c)) for r in rows)) for c in columns}
    lines = ["  ".join(c.upper().ljust(widths[c]) for c in columns)]
    for row in rows:
        lines.append("  ".join(cell(row, c).ljust(widths[c]) for c in columns))
    return "\n".join(lines)


def cli_actor() -> Any:
    from sync_server.audit.services import Actor

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor("cli", f"{user}@{socket.gethostname()}")


def build_parser() -> argparse.ArgumentParser:
    from sync_server.cli_admin import add_admin_commands
    from sync_server.cli_alerts import add_alerts_commands
    from sync_server.cli_archive import add_archive_commands
    from sync_server.cli_audit import add_audit_commands
    from sync_server.cli_books import add_books_commands
    from sync_server.cli_closing import add_closing_commands
    from sync_server.cli_cluster import add_cluster_commands
    from sync_server.cli_costing import add_costing_commands
    from sync_server.cli_directory import add_directory_commands
    from sync_server.cli_drivers import add_driver_commands
    from sync_server.cli_evat import add_evat_commands
    from sync_server.cli_operations import add_operations_commands
    from sync_server.cli_payroll import add_payroll_commands
    from sync_server.cli_purchases import add_purchases_commands
    from sync_server.cli_quick_keys import add_quick_key_commands
    from sync_server.cli_report_mail import add_report_mail_commands
    from sync_server.cli_reports import add_reports_commands
    from sync_server.cli_server import add_server_commands
    from sync_server.cli_tax import add_tax_commands
    from sync_server.messaging.cli import add_sms_commands

    parser = argparse.ArgumentParser(
        prog="bisama-sync",
        description="Bisama POS sync server and administration.",
    )
    parser.add_argument("--version", action="version", version=f"bisama-sync {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    tax = commands.add_parser("tax", help="Ghana tax tools for accountants")
    tax_commands = tax.add_subparsers(dest="tax_command", metavar="TAX_COMMAND")
    tax_quote = tax_commands.add_parser(
        "quote", help="split an amount into net, VAT, NHIL, GETFund, COVID levy and gross",
        description="Print one JSON object with the tax split of AMOUNT under the regime in "
                    "force on the given date (default today).")
    tax_quote.add_argument("amount", type=_parse_amount, metavar="AMOUNT",
                           help="the line amount, e.g. 25000.00 "
                                "(tax-inclusive unless --exclusive)")
    tax_quote.add_argument("--code", type=_parse_code, default=TaxCode.STANDARD,
                           help="tax code: A exempt, B standard (default), C zero-rated, "
                                "D non-taxable")
    tax_quote.add_argument("--exclusive", action="store_true",
                           help="AMOUNT is the net before tax (default: AMOUNT includes tax)")
    tax_quote.add_argument("--on", type=_parse_day, metavar="YYYY-MM-DD",
                           help="the date whose tax rules apply (default: today)")
    tax_quote.set_defaults(handler=cmd_tax_quote)
    add_tax_commands(tax_commands)
    add_server_commands(commands)
    add_admin_commands(commands)
    add_directory_commands(commands)
    add_quick_key_commands(commands)
    add_closing_commands(commands)
    add_books_commands(commands)
    add_purchases_commands(commands)
    add_costing_commands(commands)
    add_reports_commands(commands)
    add_operations_commands(commands)
    add_alerts_commands(commands)
    add_audit_commands(commands)
    add_archive_commands(commands)
    add_report_mail_commands(commands)
    add_evat_commands(commands)
    add_driver_commands(commands)
    add_payroll_commands(commands)
    add_sms_commands(commands)
    add_cluster_commands(commands)
    return parser


def database_options() -> argparse.ArgumentParser:
    """Options every database command takes (added to each subcommand)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL",
                        help="database URL (default: $BISAMA_DATABASE_URL, else an SQLite file in "
                             "the server's data folder)")
    common.add_argument("--json", action="store_true", help="print JSON")
    return common


def main(argv: Sequence[str] | None = None) -> int:
    from sqlalchemy.exc import OperationalError

    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        result: int = handler(args)
        return result
    except UsageError as exc:
        parser.exit(2, f"bisama-sync: error: {exc}\n")
    except BisamaError as exc:
        print(f"bisama-sync: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(f"bisama-sync: cannot use the database: {exc.orig}. Check --db / "
              "BISAMA_DATABASE_URL and that the database server is running.", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"bisama-sync: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2


def read_csv_file(path: str) -> tuple[str, str]:
    """A CSV file's text and the encoding it was read in: UTF-8 (with or without a BOM),
    UTF-16, or Windows-1252 as Excel saves it on a Windows PC (``shared.csv_import``)."""
    from shared.csv_import import ImportRejected, decode_csv

    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path} is not a file")
    try:
        return decode_csv(file.read_bytes())
    except ImportRejected as exc:
        raise UsageError(f"{path}: {exc}") from None


def read_text_file(path: str) -> str:
    """A text file as a spreadsheet may have saved it (see ``read_csv_file``)."""
    return read_csv_file(path)[0]
