"""``bisama-sync tenant restore|offboard|delete|deletions`` (issue [11]): one tenant put
back from an archive or a backup, and a tenant offboarded and, after its grace period,
deleted (docs/operations.md "One tenant: restore" and "Offboarding")."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sync_server.cli import cli_actor, emit, table


def _ctx(args: argparse.Namespace) -> Any:
    from sync_server.cli_operations import _ctx as operations_ctx

    return operations_ctx(args)


def cmd_tenant_restore(args: argparse.Namespace) -> int:
    from sync_server.operations.backup import locate, private_folder
    from sync_server.operations.tenant_restore import (
        is_archive,
        plan,
        prepare_from_archive,
        prepare_from_backup,
        swap,
    )
    from sync_server.tenants.services import normalise_domain

    domain = normalise_domain(args.tenant)
    ctx = _ctx(args)
    steps: list[str] = []
    try:
        from sync_server.directory.services import engine_for_domain

        live = engine_for_domain(ctx, domain)  # the tenant's database (tenant directory)
        live_url = live.url.render_as_string(hide_password=False)
        with private_folder() as work:
            source = Path(args.source)
            if is_archive(source):
                restored = prepare_from_archive(source, domain, live_url=live_url, work=work,
                                                steps=steps)
            else:
                from sync_server.cli_operations import _key, _targets

                key = _key(args)
                file, manifest = locate(args.source, _targets(args), work)
                restored = prepare_from_backup(key, file, manifest, domain,
                                               live_url=live_url, work=work, steps=steps)
            planned = plan(live, restored, domain)
            if args.dry_run:
                data = {"dry_run": True, "steps": steps, **planned}
                emit(args, data, lambda d: _plan_text(d, "Dry run: nothing was changed."))
                return 0
            done = swap(live, restored, domain, actor=cli_actor().name,
                        now=ctx.clock.now(), new_id=ctx.new_id, source=source.name)
    finally:
        ctx.close()
    steps.append("swapped in one transaction; the restored tenant's counts and trial balance "
                 "checked again")
    data = {"dry_run": False, "steps": steps, **planned, **done}
    emit(args, data, lambda d: _plan_text(
        d, f"{domain} restored from {source.name} (a copy of {d['copy_made_at'][:19]}). Its "
        "tills resend what the copy lacks at their next push."
        + "".join(f"\n  note: {n}" for n in d["notes"])))
    return 0


def _plan_text(d: dict[str, Any], last: str) -> str:
    return ("\n".join(f"- {s}" for s in d["steps"]) + "\n\n"
            + table(d["tables"], ["table", "live", "restored"]) + "\n\n" + last)


def cmd_tenant_offboard(args: argparse.Namespace) -> int:
    from sync_server.operations.offboarding import offboard

    ctx = _ctx(args)
    try:
        data = offboard(ctx, cli_actor(), args.tenant, Path(args.out), days=args.grace_days)
    finally:
        ctx.close()
    emit(args, data, lambda d: (
        f"The export package of {d['tenant']['name']} is in {d['package']} "
        f"({len(d['files'])} files: reports as CSV, XLSX and PDF, customers, the full archive "
        f"of {d['rows']} rows, SHA256SUMS). {d['tenant']['domain']} is suspended: its tills "
        f"are refused, its directors may sign in and read until {d['read_only_until'][:10]}; "
        f"then `bisama-sync tenant delete --tenant {d['tenant']['domain']}`."))
    return 0


def cmd_tenant_delete(args: argparse.Namespace) -> int:
    from sync_server.operations.offboarding import delete_tenant

    confirm = args.confirm
    if args.now and confirm is None:
        if not sys.stdin.isatty():
            from sync_server.errors import Refused

            raise Refused("--now needs --confirm with the business's name (or type it when "
                          "asked, at a terminal). Nothing was deleted.")
        confirm = input("This deletes every row of the tenant for good. Type the business's "
                        "name to confirm: ")
    ctx = _ctx(args)
    try:
        data = delete_tenant(ctx, cli_actor(), args.tenant, now_flag=args.now, confirm=confirm,
                             archive_dir=Path(args.archive_dir) if args.archive_dir else None,
                             years=args.retention_years)
    finally:
        ctx.close()
    emit(args, data, lambda d: (
        f"{d['tenant']['name']} ({d['tenant']['domain']}) is deleted: {d['rows_deleted']} rows "
        f"from {len(d['counts'])} tables; none left. The final archive {d['archive']} (sha256 "
        f"{d['archive_sha256'][:16]}…) is to be kept until {d['keep_until'][:10]}. The domain "
        "is free for a new tenant."))
    return 0 if not data["remaining"] else 1


def cmd_tenant_deletions(args: argparse.Namespace) -> int:
    from sync_server.operations.offboarding import deletions

    ctx = _ctx(args)
    try:
        rows = deletions(ctx)
    finally:
        ctx.close()
    emit(args, rows, lambda d: table(d, ["deleted_at", "domain", "name", "rows", "keep_until",
                                         "archive"]))
    return 0


def add_tenant_lifecycle_commands(tenant: Any, common: argparse.ArgumentParser) -> None:
    """Register ``tenant restore|offboard|delete|deletions`` on the ``tenant`` group."""
    from sync_server.cli_operations import _backup_options

    keyed, where = _backup_options()
    p = tenant.add_parser(
        "restore", parents=[common, keyed, where],
        help="put one tenant back from a tenant archive or a server backup",
        description="Loads the tenant from SOURCE into a temporary database, checks it, runs "
                    "the migrations if the copy is older, then swaps it in for the live "
                    "tenant in one transaction; other tenants are untouched. The tills "
                    "resend what the copy lacks.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--from", dest="source", required=True, metavar="ARCHIVE_OR_BACKUP",
                   help="a tenant archive (.zip, `tenant export`) or a backup (.bkp file or "
                        "its name on a --target; needs --key-file)")
    p.add_argument("--dry-run", action="store_true",
                   help="stop after the checks: say what would change, change nothing")
    p.set_defaults(handler=cmd_tenant_restore)
    p = tenant.add_parser(
        "offboard", parents=[common],
        help="write a leaving tenant's export package and suspend it read-only",
        description="Writes the financial reports (CSV, XLSX, PDF), the customer list and "
                    "the full archive into a new folder, then suspends the tenant: tills "
                    "refused, directors may read the dashboard until the grace period ends.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--out", required=True, metavar="FOLDER",
                   help="a new (or empty) folder for the export package")
    p.add_argument("--grace-days", type=int, metavar="DAYS",
                   help="read-only days before deletion (default $BISAMA_OFFBOARD_GRACE_DAYS "
                        "or 30)")
    p.set_defaults(handler=cmd_tenant_offboard)
    p = tenant.add_parser(
        "delete", parents=[common],
        help="after the grace period: final archive, then purge every row of the tenant",
        description="Refused before the offboarding grace period ends unless --now with "
                    "--confirm and the business's name. Writes a final archive kept for the "
                    "retention period, deletes every row of the tenant from every table and "
                    "records what was deleted; the domain is free again.")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--now", action="store_true",
                   help="do not wait for the grace period to end (needs --confirm)")
    p.add_argument("--confirm", metavar="NAME",
                   help="the business's name, exactly as registered (with --now)")
    p.add_argument("--archive-dir", metavar="FOLDER",
                   help="where the final archive is kept (default $BISAMA_DELETED_ARCHIVE_DIR, "
                        "else archives/deleted in the server's data folder)")
    p.add_argument("--retention-years", type=int, metavar="YEARS",
                   help="how long the final archive is kept (default "
                        "$BISAMA_DELETED_RETENTION_YEARS or 7)")
    p.set_defaults(handler=cmd_tenant_delete)
    p = tenant.add_parser("deletions", parents=[common],
                          help="the record of deleted tenants and their final archives")
    p.set_defaults(handler=cmd_tenant_deletions)


__all__ = ["add_tenant_lifecycle_commands"]
