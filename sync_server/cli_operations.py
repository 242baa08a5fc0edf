"""``bisama-sync backup …`` and ``bisama-sync db maintain|health`` (issue [11]):
encrypted, verified server backups on more than one machine, and database care."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync_server.cli import UsageError, database_options, emit, table


def _ctx(args: argparse.Namespace) -> Any:
    """The server context of a command run from a timer or by hand, with the server's
    notifier (``BISAMA_SMTP_*``: a failed backup, drill or report mail is e-mailed as
    ``serve`` would, not only logged); closing it waits for those alerts to go."""
    from sync_server.context import ServerContext
    from sync_server.db.engine import resolve_url
    from sync_server.db.migrate import require_current
    from sync_server.messaging.recipients import notifier_from_environment

    class CliContext(ServerContext):
        def close(self) -> None:
            done = getattr(self.notifier, "close", None)
            if done is not None:
                done()
            super().close()

    ctx = CliContext.open(resolve_url(args.db), pool_size=2)
    try:
        require_current(ctx.engine)
        ctx.notifier = notifier_from_environment(ctx, os.environ)
    except Exception:
        ctx.close()
        raise
    return ctx


def _targets(args: argparse.Namespace) -> list[Any]:
    from sync_server.operations.backup import default_folder
    from sync_server.operations.targets import targets_from

    return targets_from(getattr(args, "target", None), default_folder())


def _key(args: argparse.Namespace) -> bytes:
    """The backup key; refused if its file sits inside a backup folder (a key kept with
    the backups protects nothing)."""

    from sync_server.operations.crypto import ENV_KEY_FILE, load_key
    from sync_server.operations.targets import LocalTarget

    key = load_key(args.key_file)
    path = Path(args.key_file or os.environ[ENV_KEY_FILE]).resolve()
    for target in _targets(args):
        if isinstance(target, LocalTarget) and path.is_relative_to(target.root.resolve()):
            raise UsageError(f"the key file {path} is inside the backup folder {target.root}: "
                             "keep the key apart from the backups (e.g. /etc/bisama/backup.key)")
    return key


def cmd_backup_key(args: argparse.Namespace) -> int:
    from sync_server.operations.crypto import new_key_file

    if not args.key_file:
        raise UsageError("give --key-file PATH: where the new key is written")
    new_key_file(Path(args.key_file))
    emit(args, {"key_file": args.key_file},
         f"A new backup key is in {args.key_file}. Keep a copy of it somewhere safe and away "
         "from the backups: without it no backup can be read.")
    return 0


def cmd_backup_run(args: argparse.Namespace) -> int:
    from sync_server.operations.schedule import backup_cycle

    key = _key(args)
    targets = _targets(args)
    ctx = _ctx(args)
    try:
        cycle = backup_cycle(ctx, key, args.tier, targets, verify=not args.no_verify)
    finally:
        ctx.close()
    if "error" in cycle.data:
        sys.stderr.write(f"bisama-sync: the {args.tier} backup failed: {cycle.data['error']}\n")
        return 1
    emit(args, cycle.data, lambda d: (
        f"Backup {d['name']} ({d['tier']}, {d['engine']}, {d['size']} bytes, encrypted) "
        f"copied to {', '.join(d['copies'])} in {d['seconds']} s"
        + ("" if "verified" not in d else
           f"; verified in {d['verified']['seconds']} s" if d["verified"]["ok"] else
           "; VERIFICATION FAILED: " + "; ".join(d["verified"]["problems"]))))
    return 0 if cycle.ok else 1


def cmd_backup_schedule(args: argparse.Namespace) -> int:
    import logging
    import time

    from sync_server.messaging.mail import SmtpMailer, SmtpSettings
    from sync_server.operations.schedule import tick

    key = _key(args)
    targets = _targets(args)
    smtp = SmtpSettings.from_environment(os.environ)
    mailer = None if smtp is None else SmtpMailer(smtp)
    log = logging.getLogger("bisama.backup")
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    while True:
        ctx = _ctx(args)
        try:
            done = tick(ctx, key, targets, reports=not args.no_reports, mailer=mailer)
        finally:
            ctx.close()
        for item in done:
            log.info("%s", json.dumps(item, default=str))
        if args.once:
            emit(args, {"done": done}, lambda d: f"{len(d['done'])} scheduled job(s) run"
                 + "".join(f"\n  {json.dumps(i, default=str)[:200]}" for i in d["done"]))
            return 0 if all(i.get("ok", True) and i.get("drill", {}).get("ok", True)
                            for i in done) else 1
        time.sleep(args.interval)


def _report_text(what: str) -> Any:
    def text(d: dict[str, Any]) -> str:
        if d["ok"]:
            c = d["checked"]
            return (f"{d['file']}: {what} OK in {d['seconds']} s — {c.get('tables')} tables, "
                    f"{c.get('rows')} rows, {c.get('tenants')} tenants' trial balances and "
                    f"{c.get('postings')} postings match the manifest")
        return f"{d['file']}: {what} FAILED\n" + "\n".join(f"  - {p}" for p in d["problems"])
    return text


def cmd_backup_verify(args: argparse.Namespace) -> int:
    from sync_server.operations.backup import locate, private_folder
    from sync_server.operations.verify import record_report, verify_backup

    key = _key(args)
    ctx = _ctx(args)
    started = datetime.now(UTC)
    try:
        with private_folder() as work:
            file, manifest = locate(args.backup, _targets(args), work)
            report = verify_backup(key, file, manifest,
                                   server_url=ctx.engine.url.render_as_string(hide_password=False))
        record_report(ctx, "verify", report, started)
    finally:
        ctx.close()
    emit(args, report.to_json(), _report_text("verification"))
    return 0 if report.ok else 1


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from sync_server.db.engine import describe, normalise_url
    from sync_server.operations.backup import locate, private_folder
    from sync_server.operations.verify import record_report, restore_backup

    key = _key(args)
    to_url = normalise_url(args.to)
    started = datetime.now(UTC)
    with private_folder() as work:
        file, manifest = locate(args.backup, _targets(args), work)
        report = restore_backup(key, file, manifest, to_url, force=args.force)
    from sync_server.context import ServerContext

    ctx = ServerContext.open(to_url, pool_size=1)
    try:
        record_report(ctx, "restore", report, started)
    finally:
        ctx.close()
    data = report.to_json() | {"to": describe(to_url)}
    emit(args, data, _report_text(f"restore into {data['to']}"))
    return 0 if report.ok else 1


def cmd_backup_drill(args: argparse.Namespace) -> int:
    from sync_server.operations.drill import restore_drill

    key = _key(args)
    ctx = _ctx(args)
    try:
        report = restore_drill(ctx, key, _targets(args),
                       server_url=ctx.engine.url.render_as_string(hide_password=False),
                       recent=args.recent)
    finally:
        ctx.close()
    emit(args, report.to_json(), _report_text("restore drill"))
    return 0 if report.ok else 1


def cmd_backup_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from sync_server.operations.backup import listing
    from sync_server.operations.models import BackupRun

    targets = _targets(args)
    files = [row | {"target": t.name} for t in targets for row in listing(t)]
    runs: list[dict[str, Any]] = []
    if not args.files_only:
        ctx = _ctx(args)
        try:
            with ctx.system() as session:
                runs = [{"kind": r.kind, "tier": r.tier, "file": r.file, "status": r.status,
                         "started": r.started_at.isoformat(timespec="seconds"),
                         "size": r.size} for r in session.scalars(
                    select(BackupRun).order_by(BackupRun.started_at.desc()).limit(args.limit))]
        finally:
            ctx.close()
    emit(args, {"backups": files, "runs": runs}, lambda d: (
        "Backups\n" + table(d["backups"], ["target", "tier", "name", "taken", "manifest"])
        + ("\n\nLast runs\n" + table(d["runs"], ["started", "kind", "tier", "status", "file"])
           if not args.files_only else "")))
    return 0


def cmd_backup_prune(args: argparse.Namespace) -> int:
    from sync_server.operations.backup import prune

    removed = prune(_targets(args), [args.tier] if args.tier else None)
    emit(args, {"removed": removed}, lambda d: (
        f"Removed {len(d['removed'])} old backup(s)"
        + ("\n" + table(d["removed"], ["target", "tier", "name"]) if d["removed"] else "")))
    return 0


def cmd_db_maintain(args: argparse.Namespace) -> int:
    from sync_server.operations.care import maintain

    ctx = _ctx(args)
    try:
        data = maintain(ctx.engine, analyze_only=args.analyze_only)
    finally:
        ctx.close()
    emit(args, data, lambda d: (
        f"{d['engine']}: {', '.join(d['done'])} in {d['seconds']} s; the database was "
        f"{d['size_before']:,} bytes and is {d['size_after']:,}"))
    return 0


def _health_text(d: dict[str, Any]) -> str:
    conns = d["connections"]
    slow = d["slow_statements"]
    lines = [f"{d['engine']} at schema {d['schema_revision']}: {d['database_bytes']:,} bytes",
             "connections: " + (f"{conns['open']} open of {conns['max']}"
                                if conns.get("open") is not None else conns["note"]),
             "replication: " + d["replication"].get("role", "?")
             + (f" ({d['replication']['note']})" if "note" in d["replication"] else ""),
             "", "Largest tables",
             table(d["largest_tables"], ["table", "bytes", "rows_estimate"]), "",
             "Slowest statements"]
    if slow["available"]:
        lines.append(table(slow["statements"], ["time_ms", "calls", "mean_ms", "query"]))
    else:
        lines.append(slow["note"])
    return "\n".join(lines)


def cmd_db_health(args: argparse.Namespace) -> int:
    from sync_server.operations.care import health

    ctx = _ctx(args)
    try:
        data = health(ctx.engine, top=args.top)
    finally:
        ctx.close()
    emit(args, data, _health_text)
    return 0


def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from alembic import command
    from alembic.script import ScriptDirectory

    from sync_server.db.engine import describe
    from sync_server.db.migrate import alembic_config, current_revision
    from sync_server.operations.schedule import backup_cycle

    config = alembic_config()
    known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
    if args.revision not in known:
        raise UsageError(f"{args.revision} is not a schema revision of this server "
                         f"({', '.join(sorted(known))})")
    key = _key(args)
    ctx = _ctx(args)
    try:
        before = current_revision(ctx.engine)
        if before is not None and args.revision >= before:
            raise UsageError(f"the database is at {before}; a downgrade goes to an earlier "
                             "revision (use `db upgrade` to go forward)")
        cycle = backup_cycle(ctx, key, "full", _targets(args))
        if not cycle.ok:
            sys.stderr.write("bisama-sync: the backup before the downgrade failed; nothing "
                             f"was changed: {cycle.data.get('error') or cycle.data}\n")
            return 1
        with ctx.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, args.revision)
        after = current_revision(ctx.engine)
    finally:
        ctx.close()
    data = {"database": describe(str(ctx.engine.url.render_as_string(hide_password=False))),
            "from": before, "to": after, "backup": cycle.data["name"]}
    emit(args, data, f"Backed up as {data['backup']}, then downgraded {data['database']} "
         f"from {before} to {after}. Run the bisama-sync of schema {after} against it now.")
    return 0


def _backup_options() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    keyed = argparse.ArgumentParser(add_help=False)
    keyed.add_argument("--key-file", metavar="PATH",
                       help="the backup key (default: $BISAMA_BACKUP_KEY_FILE); never keep it "
                            "with the backups")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--target", action="append", metavar="DEST",
                       help="where backups are kept, repeatable: a folder, "
                            "rsync://host[:port]/module/path or [user@]host:path (another "
                            "machine), or null (default: $BISAMA_BACKUP_TARGETS, "
                            "comma-separated, else the backups folder of the server)")
    return keyed, where


def add_db_care_commands(db_commands: Any) -> None:
    """Register ``db maintain``, ``db health`` and ``db downgrade`` on the ``db`` group of
    cli_server."""
    common = database_options()
    keyed, where = _backup_options()
    maintain = db_commands.add_parser(
        "maintain", parents=[common], help="the monthly maintenance: statistics and space",
        description="SQLite VACUUM/ANALYZE, PostgreSQL VACUUM (ANALYZE), MariaDB OPTIMIZE "
                    "TABLE/ANALYZE TABLE. Run it in the maintenance window (OPTIMIZE and "
                    "VACUUM on SQLite make writers wait).")
    maintain.add_argument("--analyze-only", action="store_true",
                          help="only refresh the statistics (quick, never blocks)")
    maintain.set_defaults(handler=cmd_db_maintain)
    downgrade = db_commands.add_parser(
        "downgrade", parents=[common, keyed, where],
        help="go back to an earlier schema, after a verified backup",
        description="Takes a full, verified backup first (nothing changes if it fails), "
                    "then runs the migrations' downgrades to REVISION.")
    downgrade.add_argument("revision", metavar="REVISION", help="e.g. 0012")
    downgrade.set_defaults(handler=cmd_db_downgrade)
    health = db_commands.add_parser(
        "health", parents=[common],
        help="size, largest tables, connections, slowest statements, replication")
    health.add_argument("--top", type=int, default=10, help="tables and statements shown")
    health.set_defaults(handler=cmd_db_health)


def cmd_tenant_export(args: argparse.Namespace) -> int:
    from sync_server.operations.tenant_archive import export_tenant

    ctx = _ctx(args)
    try:
        from sync_server.directory.services import engine_for_domain
        from sync_server.tenants.services import normalise_domain

        manifest = export_tenant(engine_for_domain(ctx, normalise_domain(args.tenant)),
                                 args.tenant, Path(args.out))
    finally:
        ctx.close()
    rows = sum(f["rows"] for f in manifest["files"].values())
    data = {"file": args.out, "tenant": manifest["tenant"], "rows": rows,
            "tables": len(manifest["files"]), "schema_revision": manifest["schema_revision"]}
    emit(args, data, f"Wrote {rows} rows of {manifest['tenant']['domain']} "
         f"({len(manifest['files'])} tables) to {args.out}")
    return 0


def cmd_tenant_import(args: argparse.Namespace) -> int:
    from sync_server.operations.tenant_archive import import_tenant

    ctx = _ctx(args)
    try:
        if args.database_server is None and not args.own_database:
            data = import_tenant(ctx.engine, Path(args.archive))
        else:
            from sync_server.directory.importing import import_placed

            data = import_placed(ctx, Path(args.archive), server=args.database_server,
                                 own_database=args.own_database)
    finally:
        ctx.close()
    emit(args, data, f"Imported {data['rows']} rows of {data['tenant']['domain']} "
         f"({data['tables']} tables); counts and trial balance match the archive")
    return 0


def add_tenant_archive_commands(tenant: Any, common: argparse.ArgumentParser) -> None:
    """Register ``tenant export`` and ``tenant import`` on the ``tenant`` group of cli_admin."""
    p = tenant.add_parser("export", parents=[common],
                          help="write every row of one tenant to a checksummed archive")
    p.add_argument("--tenant", required=True, metavar="DOMAIN", help="the tenant's domain")
    p.add_argument("--out", required=True, metavar="FILE.zip", help="the archive to write")
    p.set_defaults(handler=cmd_tenant_export)
    p = tenant.add_parser("import", parents=[common],
                          help="load a tenant archive into a server that does not have it")
    p.add_argument("archive", metavar="FILE.zip")
    from sync_server.cli_directory import add_placement_options

    add_placement_options(p, default="the database of --db")
    p.set_defaults(handler=cmd_tenant_import)
    from sync_server.cli_tenant_ops import add_tenant_lifecycle_commands

    add_tenant_lifecycle_commands(tenant, common)  # restore, offboard, delete, deletions


def add_operations_commands(commands: Any) -> None:
    """Register ``backup …`` on the top-level subparsers."""
    from sync_server.operations.backup import TIERS

    common = database_options()
    keyed, where = _backup_options()

    backup = commands.add_parser("backup", help="encrypted, verified server backups",
                                 description="Backups of the central database (docs/operations.md).")
    sub = backup.add_subparsers(dest="backup_command", metavar="BACKUP_COMMAND")

    key = sub.add_parser("key", parents=[keyed], help="make a new backup key file")
    key.add_argument("--json", action="store_true", help="print JSON")
    key.set_defaults(handler=cmd_backup_key)

    run = sub.add_parser("run", parents=[common, keyed, where],
                         help="take a backup, copy it to every target and verify it",
                         description="A consistent online copy with the engine's own tool, "
                                     "encrypted, with a manifest, copied to every target, "
                                     "then restored into a scratch database and checked.")
    run.add_argument("--tier", choices=list(TIERS), default="tenants",
                     help="system (hourly), tenants (daily, the default), full (weekly) or "
                          "compliance (monthly)")
    run.add_argument("--no-verify", action="store_true",
                     help="skip the verification restore (verify later with `backup verify`)")
    run.set_defaults(handler=cmd_backup_run)

    schedule = sub.add_parser("schedule", parents=[common, keyed, where],
                              help="the built-in scheduler: run each tier and the drill "
                                   "when due",
                              description="Runs in the foreground; every minute it takes "
                                          "the tiers that are due (docs/operations.md), "
                                          "verifies and prunes them, and runs the monthly "
                                          "drill.")
    schedule.add_argument("--once", action="store_true",
                          help="run what is due now and exit (for cron)")
    schedule.add_argument("--no-reports", action="store_true",
                          help="do not write and e-mail the daily and weekly sales reports "
                               "(when a timer runs `reports send --due` instead)")
    schedule.add_argument("--interval", type=int, default=60, help=argparse.SUPPRESS)
    schedule.set_defaults(handler=cmd_backup_schedule)

    lst = sub.add_parser("list", parents=[common, where],
                         help="the backups on each target and the last runs")
    lst.add_argument("--limit", type=int, default=20, help="runs shown (default 20)")
    lst.add_argument("--files-only", action="store_true",
                     help="only the files on the targets (no database needed)")
    lst.set_defaults(handler=cmd_backup_list)

    verify = sub.add_parser("verify", parents=[common, keyed, where],
                            help="restore a backup into a scratch database and check it")
    verify.add_argument("backup", metavar="BACKUP", help="a .bkp file, or a backup's name")
    verify.set_defaults(handler=cmd_backup_verify)

    restore = sub.add_parser("restore", parents=[keyed, where],
                             help="load a backup into an empty database")
    restore.add_argument("backup", metavar="BACKUP", help="a .bkp file, or a backup's name")
    restore.add_argument("--to", required=True, metavar="URL",
                         help="the database to restore into (must be empty)")
    restore.add_argument("--force", action="store_true",
                         help="replace what the database holds")
    restore.add_argument("--json", action="store_true", help="print JSON")
    restore.set_defaults(handler=cmd_backup_restore)

    drill = sub.add_parser("drill", parents=[common, keyed, where],
                           help="the monthly random restore check")
    drill.add_argument("--recent", type=int, default=5,
                       help="pick among this many newest backups (default 5)")
    drill.set_defaults(handler=cmd_backup_drill)

    prune = sub.add_parser("prune", parents=[where],
                           help="delete copies beyond each tier's keep count")
    prune.add_argument("--tier", choices=list(TIERS), help="only this tier")
    prune.add_argument("--json", action="store_true", help="print JSON")
    prune.set_defaults(handler=cmd_backup_prune)


__all__ = ["add_db_care_commands", "add_operations_commands", "add_tenant_archive_commands"]
