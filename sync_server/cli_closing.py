"""``bisama-sync period …``: the month-end close as a gate (issue [10]).

``checklist`` shows the seed's checks with their figures; the accountant ``prepare``s
(the checklist is kept); a director ``waive``s a till or a held envelope with a reason
and ``close``s (approves). Every step that changes the books names the person with
``--by EMAIL`` and proves it with their password (``--password -`` reads it from standard
input): the CLI is not a way round the two-person rule. ``open`` reopens with a reason.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sync_server.cli import UsageError, _parse_period, cli_actor, database_options, emit, table


def _password(args: argparse.Namespace) -> str:
    if args.password == "-":  # noqa: S105 — "-" means standard input, not a password
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise UsageError("no password on standard input")
        return line
    if args.password:
        raise UsageError("give the password on standard input with --password - (a password "
                         "on the command line is seen by every user of this machine)")
    if not sys.stdin.isatty():
        raise UsageError("--password - is needed when standard input is not a terminal")
    return getpass.getpass(f"Password for {args.by}: ")


def _run(args: argparse.Namespace, action: Any) -> Any:
    from sync_server.cli_admin import _tenant

    with _tenant(args) as (ctx, tenant):
        who = _who(ctx, tenant, args) if getattr(args, "by", None) else None
        with ctx.scope(tenant.id) as scope:
            return action(ctx, scope, who)


def _who(ctx: Any, tenant: Any, args: argparse.Namespace) -> Any:
    """The person ``--by`` names, proved by their password; a wrong password is counted
    (the count is kept even though the command is refused)."""
    from sync_server.closing.services import person_by_password
    from sync_server.errors import Refused

    refused: Refused | None = None
    with ctx.scope(tenant.id) as scope:
        try:
            return person_by_password(ctx, scope, args.by, _password(args))
        except Refused as exc:
            refused = exc
    raise refused


def _show(listing: dict[str, Any]) -> str:
    lines = [f"Month-end checklist for {listing['period']} (as of {listing['as_of']}): "
             + ("READY to close" if listing["ready"] else "NOT ready")]
    for c in listing["checks"]:
        mark = "ok " if c["ok"] else ("info" if not c["gate"] else
                                     ("waived" if c["passes"] else "NO "))
        lines.append(f"  [{mark:>4}] {c['title']}: {c['figure']}")
        for row in c["rows"][:20]:
            detail = ", ".join(f"{k}={v}" for k, v in row.items()
                               if v not in (None, False) and k != "waived")
            lines.append(f"           - {detail}" + (" (waived)" if row.get("waived") else ""))
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    from sync_server.cli_admin import _tenant
    from sync_server.closing.services import prepared_by
    from sync_server.periods.services import list_periods

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = []
        for p in list_periods(scope):
            prep = prepared_by(scope, p.period) if p.status == "open" else None
            rows.append({"period": p.period, "status": p.status, "starts_on": p.starts_on,
                         "ends_on": p.ends_on, "prepared_by": prep.by_email if prep else None,
                         "closed_by": p.closed_by})
    emit(args, rows, lambda r: table(r, ("period", "status", "starts_on", "ends_on",
                                         "prepared_by", "closed_by")))
    return 0


def cmd_checklist(args: argparse.Namespace) -> int:
    from sync_server.closing.services import checklist

    data = _run(args, lambda ctx, scope, _who: checklist(ctx, scope, args.period).to_json())
    emit(args, data, _show)
    return 0 if data["ready"] else 1


def cmd_prepare(args: argparse.Namespace) -> int:
    from sync_server.closing.services import prepare

    data = _run(args, lambda ctx, scope, who: prepare(ctx, scope, args.period, who,
                                                      cli_actor()).to_json())
    emit(args, data, lambda d: _show(d) + f"\nPrepared by {args.by}; a director approves with "
         f"`bisama-sync period close --period {args.period} --by EMAIL --password -`.")
    return 0


def cmd_waive(args: argparse.Namespace) -> int:
    from sync_server.closing.services import waive

    _run(args, lambda ctx, scope, who: waive(ctx, scope, args.period, who, cli_actor(),
                                             kind=args.kind, subject=args.subject,
                                             reason=args.reason))
    emit(args, {"period": args.period, "waived": args.subject},
         f"Waived for {args.period}: {args.kind} {args.subject}.")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from sync_server.closing.services import approve

    data = _run(args, lambda ctx, scope, who: approve(ctx, scope, args.period, who,
                                                      cli_actor()).to_json())
    emit(args, data, lambda d: _show(d) + f"\n{args.period} is closed (approved by {args.by}). "
         "Late transactions dated in it post to the first open month, flagged.")
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    from sync_server.closing.services import reject

    _run(args, lambda ctx, scope, who: reject(ctx, scope, args.period, who, cli_actor(),
                                              reason=args.reason))
    emit(args, {"period": args.period, "status": "rejected"},
         f"The close of {args.period} was sent back to the accountant.")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from sync_server.closing.services import reopen

    _run(args, lambda ctx, scope, who: reopen(ctx, scope, args.period, who, cli_actor(),
                                              reason=args.reason))
    emit(args, {"period": args.period, "status": "open"}, f"{args.period} is open again.")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from sync_server.closing.services import history

    rows = _run(args, lambda _ctx, scope, _who: history(scope, args.period))
    if not args.json:
        rows = [{k: v for k, v in r.items() if k != "checklist"} for r in rows]
    emit(args, rows, lambda r: table(r, ("period", "action", "by", "at", "reason")))
    return 0


def cmd_late(args: argparse.Namespace) -> int:
    from sync_server.closing.late import late_postings

    def action(_ctx: Any, scope: Any, _who: Any) -> list[dict[str, Any]]:
        return (late_postings(scope, landed=args.period) if args.landed
                else late_postings(scope, own=args.period))

    rows = _run(args, action)
    emit(args, rows, lambda r: table([{**x, "taxes": sum(x["taxes"].values())} for x in r],
                                     ("date", "kind", "reference", "own_period", "landed_period",
                                      "total", "taxes", "moved")))
    return 0


def cmd_move_late(args: argparse.Namespace) -> int:
    from sync_server.closing.late import move_all_back, move_back

    def action(ctx: Any, scope: Any, who: Any) -> list[dict[str, Any]]:
        if args.journal:
            return [move_back(ctx, scope, args.journal, who, cli_actor())]
        return move_all_back(ctx, scope, args.period, who, cli_actor())

    rows = _run(args, action)
    emit(args, rows, lambda r: f"Moved {len(r)} late posting(s) back to {args.period}.")
    return 0


def cmd_year_close(args: argparse.Namespace) -> int:
    from sync_server.cli_admin import _tenant
    from sync_server.closing.year_end import close_year, dry_run, year_end_of

    with _tenant(args) as (ctx, tenant):
        last = year_end_of(ctx, tenant.id, args.year)
        who = _who(ctx, tenant, args)
        if args.dry_run:
            result = dry_run(ctx, tenant.id, last, who, cli_actor())
        else:
            with ctx.scope(tenant.id) as scope:
                result = close_year(ctx, scope, last, who, cli_actor())
    data = {**result.to_json(), "dry_run": args.dry_run}

    def human(d: dict[str, Any]) -> str:
        head = ("Dry run (nothing kept): the year-end close would post"
                if d["dry_run"] else "Posted the year-end close")
        rows = [f"{head} on {d['date']} — result of the year {d['net_profit']} into 3100 "
                "Retained Earnings:"]
        rows += [f"  {ln['branch']:<8} {ln['account']:<10} Dr {ln['debit']:>14}  "
                 f"Cr {ln['credit']:>14}" for ln in d["lines"]]
        return "\n".join(rows)

    emit(args, data, human)
    return 0


def cmd_year_reopen(args: argparse.Namespace) -> int:
    from sync_server.closing.year_end import reopen_year, year_end_of

    def action(ctx: Any, scope: Any, who: Any) -> None:
        last = year_end_of(ctx, scope.tenant_id, args.year)
        reopen_year(ctx, scope, last, who, cli_actor(), reason=args.reason)

    _run(args, action)
    emit(args, {"year": args.year, "status": "open"},
         f"The fiscal year {args.year} is open again; its closing journal is reversed.")
    return 0


def cmd_year_end_month(args: argparse.Namespace) -> int:
    from sync_server.cli_admin import _tenant
    from sync_server.closing.year_end import set_year_end_month

    with _tenant(args) as (ctx, tenant):
        set_year_end_month(ctx, tenant.id, args.month, cli_actor())
    emit(args, {"fiscal_year_end_month": args.month},
         f"{tenant.domain}: the fiscal year ends with month {args.month}.")
    return 0


def add_closing_commands(commands: Any) -> None:
    common = database_options()
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    month = argparse.ArgumentParser(add_help=False)
    month.add_argument("--period", type=_parse_period, required=True, metavar="YYYY-MM")
    person = argparse.ArgumentParser(add_help=False)
    person.add_argument("--by", required=True, metavar="EMAIL",
                        help="the person doing it (a user of the tenant)")
    person.add_argument("--password", metavar="-",
                        help="'-' reads the person's password from standard input")
    both = [common, tenant_opt]
    group = commands.add_parser("period", help="fiscal periods (months) and the month-end close")
    period = group.add_subparsers(dest="period_command", metavar="PERIOD_COMMAND")
    p = period.add_parser("list", parents=both, help="list months, their status and who "
                          "prepared or closed them")
    p.set_defaults(handler=cmd_list)
    p = period.add_parser("checklist", parents=[*both, month],
                          help="the month-end checklist with each check's figure")
    p.set_defaults(handler=cmd_checklist)
    p = period.add_parser("prepare", parents=[*both, month, person],
                          help="the accountant prepares the close (the checklist is kept)")
    p.set_defaults(handler=cmd_prepare)
    p = period.add_parser("waive", parents=[*both, month, person],
                          help="a director waives a till or a held transaction, with a reason")
    p.add_argument("--kind", choices=("till", "held"), required=True)
    p.add_argument("--subject", required=True, metavar="ID",
                   help="the till's id, or TERMINAL:SEQ of a held transaction (see checklist)")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_waive)
    p = period.add_parser("close", parents=[*both, month, person],
                          help="a director approves the prepared close: the month locks")
    p.set_defaults(handler=cmd_close)
    p = period.add_parser("reject", parents=[*both, month, person],
                          help="a director sends a prepared close back, with a reason")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_reject)
    p = period.add_parser("open", parents=[*both, month, person],
                          help="a director reopens a closed month, with a reason")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_open)
    p = period.add_parser("history", parents=both,
                          help="every prepare, close, rejection and reopen, with reasons")
    p.add_argument("--period", type=_parse_period, metavar="YYYY-MM")
    p.set_defaults(handler=cmd_history)

    p = period.add_parser("late", parents=[*both, month],
                          help="late postings dated in the month (or, with --landed, that "
                               "landed in it), with amounts and taxes")
    p.add_argument("--landed", action="store_true",
                   help="list the late postings that landed in the month instead")
    p.set_defaults(handler=cmd_late)
    p = period.add_parser("move-late", parents=[*both, month, person],
                          help="move the month's late postings back into it (once reopened)")
    p.add_argument("--journal", metavar="ID", help="only this late journal")
    p.set_defaults(handler=cmd_move_late)

    group = commands.add_parser("year", help="the fiscal year: its end month and year-end close")
    year = group.add_subparsers(dest="year_command", metavar="YEAR_COMMAND")
    which = argparse.ArgumentParser(add_help=False)
    which.add_argument("--year", type=int, required=True, metavar="YYYY",
                       help="the calendar year the fiscal year ends in")
    p = year.add_parser("close", parents=[*both, which, person],
                        help="a director closes the year: its result into Retained Earnings")
    p.add_argument("--dry-run", action="store_true",
                   help="work it out and roll it back: show what would be posted")
    p.set_defaults(handler=cmd_year_close)
    p = year.add_parser("reopen", parents=[*both, which, person],
                        help="a director reopens a closed year, with a reason")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_year_reopen)
    p = year.add_parser("end-month", parents=both,
                        help="set the last month of the tenant's fiscal year (before any "
                             "year is closed)")
    p.add_argument("month", type=int, choices=range(1, 13), metavar="MONTH")
    p.set_defaults(handler=cmd_year_end_month)
