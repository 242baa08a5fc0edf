"""``bisama-sync tenant move``: moving a tenant to another PostgreSQL server while its
tills push (issue [15] scope 2; ``directory/move.py``, docs/architecture.md "Moving a
tenant"). One command with four forms: the move itself (or the rest of an interrupted
one), ``--status``, ``--finish`` and ``--abort``."""

from __future__ import annotations

import argparse
from typing import Any

from sync_server.cli import emit
from sync_server.cli_server import _open


def _move_text(data: dict[str, Any]) -> str:
    if data["phase"] != "switched":
        return f"{data['source']} → {data['target']}: {data['phase']}. " + " ".join(data["notes"])
    freeze = data["freeze_s"]
    frozen = "" if freeze is None else (
        f" The tenant was frozen for {freeze:.2f} s ({len(data['freezes_s'])} freeze(s)).")
    return (f"Moved tenant {data['tenant_id']} from {data['source']} to {data['target']} "
            f"(epoch {data['epoch']}); verified: {data['verification']}.{frozen} The source "
            "keeps its copy and the replication runs on: after a verified backup of the "
            "target, run `tenant move DOMAIN --finish`.")


def _status_text(data: dict[str, Any]) -> str:
    if data.get("move_phase") is None:
        return f"{data['domain']} is not being moved; it lives on {data['server']}" + (
            f"/{data['database']}." if data.get("database") else ".")
    copying = data.get("tables_copying")
    return (f"{data['domain']}: move phase {data['move_phase']}, state {data['state']}, "
            f"epoch {data['epoch']}; source {data.get('source')}, target {data.get('target')}"
            + (f"; {copying} tables still copying, {data.get('bytes_behind')} bytes behind"
               if copying is not None else f"; {data.get('replication', '')}") + ".")


def cmd_tenant_move(args: argparse.Namespace) -> int:
    from sync_server.directory import move

    ctx = _open(args)
    try:
        if args.status:
            data = move.status(ctx, args.domain)
            emit(args, data, _status_text)
        elif args.finish:
            data = move.finish(ctx, args.domain)
            emit(args, data, f"{data['domain']} is on {data['on']} alone now: the replication "
                 f"is dropped and {data['rows_deleted_at_source']} rows were deleted at "
                 f"{data['source']}.")
        elif args.abort:
            data = move.abort(ctx, args.domain)
            emit(args, data, f"The move of {data['domain']} is undone: it stays on {data['on']}; "
                 f"{data['rows_deleted_at_target']} copied rows were deleted at the target.")
        else:
            report = move.run(ctx, args.domain, args.to, args.database,
                              freeze_limit=args.freeze_limit)
            emit(args, report.to_json(), _move_text)
    finally:
        ctx.close()
    return 0


def add_tenant_move_commands(tenant: Any, common: argparse.ArgumentParser) -> None:
    p = tenant.add_parser("move", parents=[common],
                          help="move a tenant to another PostgreSQL server while its tills push")
    p.add_argument("domain", metavar="DOMAIN")
    p.add_argument("--to", metavar="SERVER",
                   help="the database server to move to (`bisama-sync server list`)")
    p.add_argument("--database", metavar="NAME",
                   help="a database of its own on that server (created if missing; default: "
                        "the server's shared database)")
    p.add_argument("--freeze-limit", type=float, default=2.0, metavar="SECONDS",
                   help="the longest the tenant's writes may wait in the switch (default 2)")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--status", action="store_true", help="where the move is")
    form.add_argument("--finish", action="store_true",
                      help="after the switch: drop the replication and the source's copy")
    form.add_argument("--abort", action="store_true",
                      help="before the switch: undo the move, the tenant stays where it is")
    p.set_defaults(handler=cmd_tenant_move)
