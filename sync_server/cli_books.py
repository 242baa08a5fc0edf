"""``bisama-sync`` commands of the books (issue [9]): the chart of accounts
(``accounts …``), journals by hand (``journal …``) and drawer reconciliation
(``books drawers``).

A journal's drafter is a director or manager of the tenant named by ``--by``; approving
or rejecting needs a director's e-mail *and* password (``--password -`` reads it from
standard input), checked against the tenant's user store like a dashboard sign-in, so
no one approves by merely typing a name.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sync_server.cli import (
    UsageError,
    _parse_day,
    _secret,
    cli_actor,
    database_options,
    emit,
    read_csv_file,
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


def _scoped(args: argparse.Namespace, fn: Any, *fn_args: Any, **kw: Any) -> Any:
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        return fn(ctx, scope, cli_actor(), *fn_args, **kw)


# -- accounts ----------------------------------------------------------------------------


def cmd_accounts_list(args: argparse.Namespace) -> int:
    from sync_server.books.chart import chart

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = [line.to_json() for line in chart(scope)]
    if not args.all:
        rows = [r for r in rows if r["status"] == "active" or r["postings"]]
    emit(args, rows, lambda r: table(r, ("code", "name", "type", "status", "balance")))
    return 0


def cmd_accounts_add(args: argparse.Namespace) -> int:
    from sync_server.books.chart import add_account

    done = _scoped(args, add_account, code=args.code, name=args.name, type=args.type,
                   contra=args.contra)
    emit(args, done, f"Account {done['code']} {done['name']} ({done['type']}) added.")
    return 0


def cmd_accounts_rename(args: argparse.Namespace) -> int:
    from sync_server.books.chart import rename_account

    done = _scoped(args, rename_account, args.code, args.name)
    emit(args, done, f"Account {done['code']} is now called {done['name']}.")
    return 0


def _status(args: argparse.Namespace, fn_name: str, said: str) -> int:
    from sync_server.books import chart

    done = _scoped(args, getattr(chart, fn_name), args.code)
    emit(args, done, f"Account {done['code']} {done['name']} {said}.")
    return 0


def cmd_accounts_deactivate(args: argparse.Namespace) -> int:
    return _status(args, "deactivate_account", "is switched off")


def cmd_accounts_reactivate(args: argparse.Namespace) -> int:
    return _status(args, "reactivate_account", "is in use again")


def cmd_accounts_delete(args: argparse.Namespace) -> int:
    return _status(args, "delete_account", "is deleted")


# -- drawers -------------------------------------------------------------------------------


def cmd_books_drawers(args: argparse.Namespace) -> int:
    from sync_server.books.drawers import drawers

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = [d.to_json() for d in drawers(scope, branch=args.branch,
                                             since=args.since.isoformat() if args.since else None)]
    for row in rows:
        row["check"] = "FLAG" if row["flagged"] else "ok"
    emit(args, rows, lambda r: table(r, (
        "closed", "branch", "terminal", "opening_float", "books_expected", "till_expected",
        "counted", "over_short_posted", "difference", "check")))
    return 1 if any(r["flagged"] for r in rows) and args.strict else 0


# -- journals ------------------------------------------------------------------------------


def _person(ctx: Any, tenant: Any, email: str, *, password: str | None = None,
            roles: tuple[str, ...] = ("director", "accountant", "manager")) -> Any:
    """The tenant's active user ``email`` as a ``Person``; with ``password``, only when it
    is that user's dashboard password — checked by the one check the month-end close
    uses too (``closing.services.person_by_password``: the same lockout, counted even
    though the command is refused, and the refusal in the activity log)."""
    from sqlalchemy import select

    from sync_server.books.journals import Person
    from sync_server.closing.services import person_by_password
    from sync_server.errors import Refused
    from sync_server.tenants.models import User

    email = (email or "").strip().lower()
    not_one = Refused(f"{email} is not an active {' or '.join(roles)} of {tenant.domain}.")
    if password is not None:
        refused: Refused | None = None
        with ctx.scope(tenant.id) as scope:
            try:
                who = person_by_password(ctx, scope, email, password,
                                         refusal=(cli_actor(), "journal.approval_refused"))
            except Refused as exc:
                refused = exc
        if refused is not None:
            raise refused
        if who.role not in roles:
            raise not_one
        return Person(email, who.role, who.branch)
    with ctx.scope(tenant.id) as scope:
        user = scope.scalar(select(User).where(User.email == email))
        found = None if user is None else (user.role, user.branch_code, user.status)
    if found is None or found[2] != "active" or found[0] not in roles:
        raise not_one
    return Person(email, found[0], found[1])


def _lines(args: argparse.Namespace) -> list[Any]:
    from shared.journals import parse_line, parse_lines_csv

    if args.file and args.line:
        raise UsageError("give the lines with --line or --file, not both")
    if args.file:
        return parse_lines_csv(read_csv_file(args.file)[0], args.branch.upper())
    if not args.line:
        raise UsageError("give the journal's lines: --line ACCOUNT:DEBIT:CREDIT[:BRANCH[:MEMO]] "
                         "(at least two) or --file lines.csv")
    return [parse_line(text, args.branch.upper(), number=n)
            for n, text in enumerate(args.line, start=1)]


def _show_text(data: dict[str, Any]) -> str:
    from shared.money import Money

    head = (f"{data['number']} {data['status']} · {data.get('date') or data.get('from')} · "
            f"{data['branch']} · {data['memo']} · {Money(data['total']).format()}\n"
            f"drafted by {data['drafted_by']}"
            + (f", approved by {data['approved_by']}" if data.get("approved_by") else "")
            + (f", rejected by {data['rejected_by']}: {data['reject_reason']}"
               if data.get("rejected_by") else ""))
    rows = [{"account": ln["account"], "branch": ln["branch"],
             "debit": Money(ln["debit"]).format("") if ln["debit"] else "",
             "credit": Money(ln["credit"]).format("") if ln["credit"] else "",
             "memo": ln["memo"]} for ln in data["lines"]]
    return head + "\n" + table(rows, ("account", "branch", "debit", "credit", "memo"))


def cmd_journal_draft(args: argparse.Namespace) -> int:
    from sync_server.books.journals import draft_journal, numbered
    from sync_server.books.recurring import draft_recurring

    lines = _lines(args)
    if args.monthly_on is not None and args.auto_reverse_on:
        raise UsageError("a recurring journal cannot also be auto-reversed")
    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by)

        def work(scope: Any) -> dict[str, Any]:
            if args.monthly_on is not None:
                return draft_recurring(ctx, scope, cli_actor(), by=by, memo=args.memo,
                                       branch=args.branch, day=args.monthly_on,
                                       first=args.date.isoformat(),
                                       last=args.until.isoformat() if args.until else None,
                                       lines=lines)
            return draft_journal(
                ctx, scope, cli_actor(), by=by, entry_date=args.date.isoformat(),
                branch=args.branch, memo=args.memo, lines=lines,
                auto_reverse_on=(args.auto_reverse_on.isoformat()
                                 if args.auto_reverse_on else None))

        done = numbered(ctx, tenant.id, work)
    emit(args, done, _show_text(done) + f"\n{done['number']} waits for a director's approval.")
    return 0


def cmd_journal_list(args: argparse.Namespace) -> int:
    from shared.money import Money
    from sync_server.books.journals import list_journals
    from sync_server.books.recurring import list_recurring

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = (list_recurring(scope) if args.recurring
                else list_journals(scope, branch=args.branch, status=args.status))
    for row in rows:
        row["amount"] = Money(row["total"]).format("")
    columns = (("number", "status", "day", "from", "until", "branch", "amount", "memo")
               if args.recurring else
               ("number", "status", "date", "branch", "amount", "drafted_by", "approved_by",
                "memo"))
    emit(args, rows, lambda r: table(r, columns))
    return 0


def cmd_journal_show(args: argparse.Namespace) -> int:
    from sync_server.books.journals import show_journal
    from sync_server.books.recurring import show_recurring

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        done = (show_recurring if args.number.upper().startswith("RJ-") else show_journal)(
            scope, args.number)
    emit(args, done, _show_text)
    return 0


def _decide(args: argparse.Namespace, approve: bool) -> int:
    from sync_server.books import journals, recurring
    from sync_server.books.journals import numbered

    password = _secret(args.password, "password")
    if not password:
        raise UsageError("give the approving director's password: --password - and type it on "
                         "standard input")
    template = args.number.upper().startswith("RJ-")
    module: Any = recurring if template else journals
    name = ("approve_" if approve else "reject_") + ("recurring" if template else "journal")
    extra = {} if approve else {"reason": args.reason}
    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by, password=password, roles=("director",))
        done = numbered(ctx, tenant.id, lambda scope: getattr(module, name)(
            ctx, scope, cli_actor(), args.number, by=by, **extra))
    word = "approved" if approve else "rejected"
    emit(args, done, _show_text(done) + f"\n{done['number']} {word} by {by.email}.")
    return 0


def cmd_journal_approve(args: argparse.Namespace) -> int:
    return _decide(args, approve=True)


def cmd_journal_reject(args: argparse.Namespace) -> int:
    return _decide(args, approve=False)


def cmd_journal_delete(args: argparse.Namespace) -> int:
    from sync_server.books.journals import delete_draft

    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by)
        with ctx.scope(tenant.id) as scope:
            done = delete_draft(ctx, scope, cli_actor(), args.number, by=by)
    emit(args, done, f"{done['number']} deleted.")
    return 0


def cmd_journal_reverse(args: argparse.Namespace) -> int:
    from sync_server.books.journals import numbered, reverse_journal

    with _tenant(args) as (ctx, tenant):
        by = _person(ctx, tenant, args.by)
        done = numbered(ctx, tenant.id, lambda scope: reverse_journal(
            ctx, scope, cli_actor(), args.journal, by=by, on=args.date.isoformat(),
            memo=args.memo))
    emit(args, done, _show_text(done) + f"\n{done['number']} waits for a director's approval.")
    return 0


def cmd_journal_recur(args: argparse.Namespace) -> int:
    from sync_server.books.recurring import run_recurring
    from sync_server.clock import today

    with _tenant(args) as (ctx, tenant):
        until = args.until or today(ctx.clock)
        done = run_recurring(ctx, tenant.id, cli_actor(), until=until)

    def text(d: dict[str, Any]) -> str:
        lines = [f"Posted {len(d['posted'])} recurring journal(s) due by {d['until']}; "
                 f"{d['already_posted']} were already posted."]
        lines += [f"  {p['journal']} {p['template']} {p['date']}" for p in d["posted"]]
        lines += [f"  skipped {s['template']} {s['date']}: {s['why']}" for s in d["skipped"]]
        return "\n".join(lines)

    emit(args, done, text)
    return 0


# -- parser --------------------------------------------------------------------------------


def add_books_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    from sync_server.books.chart import TYPES

    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [database_options(), tenant_opt]

    def group(name: str, help_text: str) -> Any:
        parser = commands.add_parser(name, help=help_text)
        return parser.add_subparsers(dest=f"{name}_command", metavar=f"{name.upper()}_COMMAND")

    accounts = group("accounts", "the chart of accounts: list, add, rename, switch off, delete")
    p = accounts.add_parser("list", parents=both, help="the chart with each account's balance")
    p.add_argument("--all", action="store_true", help="also accounts switched off and unused")
    p.set_defaults(handler=cmd_accounts_list)
    p = accounts.add_parser("add", parents=both, help="add an account under a type")
    p.add_argument("--code", required=True, help="e.g. 1011, 6010 or 1020-MTN")
    p.add_argument("--name", help="e.g. “Ecobank current account” (a known code needs none)")
    p.add_argument("--type", choices=TYPES, help="asset, liability, equity, revenue or expense")
    p.add_argument("--contra", action="store_true",
                   help="a contra account (its balance is on the other side of its type's)")
    p.set_defaults(handler=cmd_accounts_add)
    p = accounts.add_parser("rename", parents=both, help="change an account's name")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.set_defaults(handler=cmd_accounts_rename)
    for name, helped, handler in (
            ("deactivate", "switch off an unused account (its balance must be zero)",
             cmd_accounts_deactivate),
            ("reactivate", "switch an account on again", cmd_accounts_reactivate),
            ("delete", "delete an added account nothing was ever posted to", cmd_accounts_delete)):
        p = accounts.add_parser(name, parents=both, help=helped)
        p.add_argument("--code", required=True)
        p.set_defaults(handler=handler)

    books = group("books", "the books: drawer reconciliation")
    p = books.add_parser("drawers", parents=both,
                         help="each closed shift's drawer: the books' cash beside the till's")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--since", type=_parse_day, metavar="YYYY-MM-DD", help="shifts closed since")
    p.add_argument("--strict", action="store_true", help="exit 1 when a shift is flagged")
    p.set_defaults(handler=cmd_books_drawers)

    journal = group("journal", "journals by hand: draft, approve, reverse, recurring")
    p = journal.add_parser("draft", parents=both, help="draft a journal (or a recurring one)")
    p.add_argument("--by", required=True, metavar="EMAIL", help="the drafter (director/manager)")
    p.add_argument("--date", required=True, type=_parse_day, metavar="YYYY-MM-DD",
                   help="the journal's date (the first date of a recurring one)")
    p.add_argument("--branch", required=True, metavar="CODE", help="the journal's branch")
    p.add_argument("--memo", required=True, help="what the journal is for")
    p.add_argument("--line", action="append", metavar="ACCOUNT:DEBIT:CREDIT[:BRANCH[:MEMO]]",
                   help="one line, e.g. 6010:1500.00: or 1010::1500.00 (repeat)")
    p.add_argument("--file", metavar="LINES.csv",
                   help="the lines as a CSV: account,debit,credit[,branch][,memo]")
    p.add_argument("--auto-reverse-on", type=_parse_day, metavar="YYYY-MM-DD",
                   help="an accrual: draft its reversal on this date when it posts")
    p.add_argument("--monthly-on", type=int, metavar="DAY",
                   help="a recurring journal posted monthly on this day (31: the month's last)")
    p.add_argument("--until", type=_parse_day, metavar="YYYY-MM-DD",
                   help="the last date of a recurring journal (default: no end)")
    p.set_defaults(handler=cmd_journal_draft)
    p = journal.add_parser("list", parents=both, help="journals by hand, drafts first")
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--status", choices=("draft", "posted", "rejected"))
    p.add_argument("--recurring", action="store_true", help="the recurring templates instead")
    p.set_defaults(handler=cmd_journal_list)
    p = journal.add_parser("show", parents=both, help="one journal (JV-…) or template (RJ-…)")
    p.add_argument("--number", required=True)
    p.set_defaults(handler=cmd_journal_show)
    for name, helped, handler in (
            ("approve", "a director (not the drafter) approves: the journal posts",
             cmd_journal_approve),
            ("reject", "a director (not the drafter) rejects a draft with a reason",
             cmd_journal_reject)):
        p = journal.add_parser(name, parents=both, help=helped)
        p.add_argument("--number", required=True, help="JV-… or RJ-…")
        p.add_argument("--by", required=True, metavar="EMAIL", help="the approving director")
        p.add_argument("--password", required=True,
                       help="the director's dashboard password (- reads it from standard input)")
        if name == "reject":
            p.add_argument("--reason", required=True)
        p.set_defaults(handler=handler)
    p = journal.add_parser("delete", parents=both, help="the drafter deletes their draft")
    p.add_argument("--number", required=True)
    p.add_argument("--by", required=True, metavar="EMAIL")
    p.set_defaults(handler=cmd_journal_delete)
    p = journal.add_parser("reverse", parents=both,
                           help="draft the reversal of a posted journal (JV-… or any journal id)")
    p.add_argument("--journal", required=True, metavar="JV-…|ID")
    p.add_argument("--date", required=True, type=_parse_day, metavar="YYYY-MM-DD")
    p.add_argument("--by", required=True, metavar="EMAIL")
    p.add_argument("--memo")
    p.set_defaults(handler=cmd_journal_reverse)
    p = journal.add_parser("recur", parents=both,
                           help="post every recurring journal due and not yet posted")
    p.add_argument("--until", type=_parse_day, metavar="YYYY-MM-DD", help="default: today")
    p.set_defaults(handler=cmd_journal_recur)


__all__ = ["add_books_commands"]
