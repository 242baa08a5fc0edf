"""``bisama-sync archive run|list|verify|restore`` (issue [11] scope 4): a tenant's old,
closed, backed-up months leave the live tables for verifiable compressed files, and come
back exactly (``operations/month_archive.py``; docs/operations.md "Archiving")."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync_server.cli import UsageError, cli_actor, database_options, emit, table


def _open(args: argparse.Namespace) -> Any:
    from sync_server.cli_operations import _ctx

    return _ctx(args)


def _tenant(ctx: Any, domain: str) -> Any:
    from sync_server.tenants.services import require_tenant

    return require_tenant(ctx, domain)


def _month(text: str) -> str:
    from sync_server.operations.month_archive import MonthArchiveError, check_month

    try:
        return check_month(text)
    except MonthArchiveError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def cmd_archive_run(args: argparse.Namespace) -> int:
    from sync_server.operations.month_archive import (
        archive_month,
        candidates,
        cutoff,
        default_folder,
        keep_months,
    )

    if args.before and args.keep_months:
        raise UsageError("give --before or --keep-months, not both")
    if args.keep_months is not None and args.keep_months < 1:
        raise UsageError("--keep-months must be 1 or more")
    before = args.before or cutoff(datetime.now(UTC).date(), args.keep_months or keep_months())
    folder = Path(args.folder) if args.folder else default_folder()
    ctx = _open(args)
    try:
        tenant = _tenant(ctx, args.tenant)
        with ctx.scope(tenant.id) as scope:
            found = candidates(ctx, scope, before)
        done: list[dict[str, Any]] = []
        if not args.dry_run:
            for c in found:
                if c.ready:
                    done.append(archive_month(ctx, tenant.id, tenant.domain, c.month,
                                              folder=folder, actor=cli_actor()))
    finally:
        ctx.close()
    data = {"tenant": tenant.domain, "before": before, "dry_run": args.dry_run,
            "months": [{"month": c.month, "envelopes": c.envelopes, "ready": c.ready,
                        "why": c.why} for c in found], "archived": done}
    emit(args, data, lambda d: (
        f"{d['tenant']}: months before {d['before']}\n"
        + table(d["months"], ["month", "envelopes", "why"])
        + ("\n(dry run: nothing archived)" if d["dry_run"] else
           f"\nArchived {len(d['archived'])} month(s)"
           + "".join(f"\n  {a['month']}: {a['envelopes']} envelopes, {a['size']:,} bytes in "
                     f"{a['file']}" for a in d["archived"]))))
    return 0


def _rows(args: argparse.Namespace, ctx: Any) -> list[tuple[Any, Any]]:
    """(tenant, archived month row) for --tenant (or every tenant) and --month."""
    from sqlalchemy import select

    from sync_server.operations.month_archive import archived
    from sync_server.tenants.models import Tenant

    if args.tenant:
        tenants = [_tenant(ctx, args.tenant)]
    else:
        with ctx.system() as session:
            tenants = list(session.scalars(select(Tenant).order_by(Tenant.id)))
    found = []
    for tenant in tenants:
        with ctx.scope(tenant.id) as scope:
            for row in archived(scope):
                if getattr(args, "month", None) in (None, row.month):
                    found.append((tenant, row))
    return found


def cmd_archive_list(args: argparse.Namespace) -> int:
    ctx = _open(args)
    try:
        rows = [{"tenant": t.domain, "month": r.month, "status": r.status,
                 "envelopes": r.envelopes, "size": r.size, "file": r.file,
                 "archived_at": r.archived_at.isoformat(timespec="seconds"),
                 "restored_at": r.restored_at and r.restored_at.isoformat(timespec="seconds")}
                for t, r in _rows(args, ctx)]
    finally:
        ctx.close()
    emit(args, {"archives": rows}, lambda d: table(
        d["archives"], ["tenant", "month", "status", "envelopes", "size", "file"]))
    return 0


def cmd_archive_verify(args: argparse.Namespace) -> int:
    from sync_server.operations.month_archive import verify_month

    ctx = _open(args)
    try:
        results = [{"tenant": t.domain, "month": r.month,
                    "problems": verify_month(ctx, t.id, r)}
                   for t, r in _rows(args, ctx) if r.status == "archived"]
    finally:
        ctx.close()
    for r in results:
        r["ok"] = not r["problems"]
    ok = all(r["ok"] for r in results)
    emit(args, {"ok": ok, "archives": results}, lambda d: "\n".join(
        [f"{r['tenant']} {r['month']}: " + ("OK" if r["ok"] else "FAILED\n    - "
                                            + "\n    - ".join(r["problems"]))
         for r in d["archives"]] or ["No archived months."]))
    return 0 if ok else 1


def cmd_archive_restore(args: argparse.Namespace) -> int:
    from sync_server.operations.month_archive import restore_month

    ctx = _open(args)
    try:
        tenant = _tenant(ctx, args.tenant)
        data = restore_month(ctx, tenant.id, args.month, cli_actor())
    finally:
        ctx.close()
    emit(args, data | {"tenant": tenant.domain},
         f"Restored {data['envelopes']} envelope(s) of {tenant.domain} {data['month']} from "
         f"{data['file']}; the month is live again.")
    return 0


def add_archive_commands(commands: Any) -> None:
    """Register ``archive …`` on the top-level subparsers."""
    common = database_options()
    archive = commands.add_parser(
        "archive", help="move old closed months out of the live tables, and back",
        description="Archiving (docs/operations.md): the envelope bodies of a tenant's "
                    "closed, backed-up months go to a checksummed compressed file per month.")
    sub = archive.add_subparsers(dest="archive_command", metavar="ARCHIVE_COMMAND")

    run = sub.add_parser("run", parents=[common],
                         help="archive the tenant's closed, backed-up months before a cutoff")
    run.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    run.add_argument("--before", type=_month, metavar="YYYY-MM",
                     help="archive months before this one")
    run.add_argument("--keep-months", type=int, metavar="N",
                     help="months kept live, this one included (default "
                          "$BISAMA_ARCHIVE_KEEP_MONTHS or 24)")
    run.add_argument("--folder", metavar="DIR",
                     help="where archive files go (default $BISAMA_ARCHIVE_DIR or the "
                          "server's archives folder)")
    run.add_argument("--dry-run", action="store_true",
                     help="only show which months would be archived and why not")
    run.set_defaults(handler=cmd_archive_run)

    lst = sub.add_parser("list", parents=[common], help="the archived months")
    lst.add_argument("--tenant", metavar="DOMAIN", help="only this tenant")
    lst.set_defaults(handler=cmd_archive_list)

    verify = sub.add_parser("verify", parents=[common],
                            help="check archive files against their checksums and the database")
    verify.add_argument("--tenant", metavar="DOMAIN", help="only this tenant")
    verify.add_argument("--month", type=_month, metavar="YYYY-MM", help="only this month")
    verify.set_defaults(handler=cmd_archive_verify)

    restore = sub.add_parser("restore", parents=[common],
                             help="bring an archived month back into the live tables")
    restore.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    restore.add_argument("--month", required=True, type=_month, metavar="YYYY-MM")
    restore.set_defaults(handler=cmd_archive_restore)


__all__ = ["add_archive_commands"]
