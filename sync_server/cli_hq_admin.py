"""``bisama-sync branch edit/close/reopen`` and ``terminal codes/cancel-code``: the same
services the dashboard's administration pages use (issue [12]), registered by
``cli_admin.add_admin_commands``."""

from __future__ import annotations

import argparse

from sync_server.cli import cli_actor, emit, table
from sync_server.cli_admin import _tenant


def cmd_branch_edit(args: argparse.Namespace) -> int:
    from sync_server.tenants.branch_admin import edit_branch

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = edit_branch(ctx, scope, cli_actor(), code=args.code, name=args.name,
                           address=args.address, phone=args.phone)
    emit(args, data, f"Branch {data['code']} saved: {data['name']}.")
    return 0


def cmd_branch_close(args: argparse.Namespace) -> int:
    from sync_server.tenants.branch_admin import close_branch

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = close_branch(ctx, scope, cli_actor(), code=args.code, reason=args.reason)
    emit(args, data, f"Branch {data['code']} closed: {data['tills']} till(s) revoked, "
         f"{data['codes']} open enrollment code(s) cancelled. What it sold stays.")
    return 0


def cmd_branch_reopen(args: argparse.Namespace) -> int:
    from sync_server.tenants.branch_admin import reopen_branch

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = reopen_branch(ctx, scope, cli_actor(), code=args.code)
    emit(args, data, f"Branch {data['code']} is open again: issue codes to enroll its tills.")
    return 0


def cmd_terminal_codes(args: argparse.Namespace) -> int:
    from sync_server.terminals.codes import list_codes

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        rows = list_codes(ctx, scope, branch=args.branch)
    shown = [{**r, "code": f"…{r['hint']}" if r["hint"] else "", "created_at": r["created_at"],
              "expires_at": r["expires_at"]} for r in rows]
    emit(args, shown, lambda r: table(r, ("ref", "code", "branch", "state", "expires_at",
                                          "created_by", "till")))
    return 0


def cmd_terminal_cancel_code(args: argparse.Namespace) -> int:
    from sync_server.terminals.codes import cancel_code

    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        data = cancel_code(ctx, scope, cli_actor(), args.ref)
    emit(args, data, f"Enrollment code {data['hint']} of branch {data['branch']} cancelled: no "
         "till can enroll with it.")
    return 0


def add_hq_admin_commands(branch: argparse._SubParsersAction,  # type: ignore[type-arg]
                          terminal: argparse._SubParsersAction,  # type: ignore[type-arg]
                          both: list[argparse.ArgumentParser]) -> None:
    p = branch.add_parser("edit", parents=both, help="change a branch's name, address or phone")
    p.add_argument("--code", required=True, metavar="CODE")
    p.add_argument("--name")
    p.add_argument("--address", help="the new address ('' clears it)")
    p.add_argument("--phone", help="the new phone ('' clears it)")
    p.set_defaults(handler=cmd_branch_edit)
    p = branch.add_parser("close", parents=both,
                          help="close a branch: its tills are revoked, it takes no new tills")
    p.add_argument("--code", required=True, metavar="CODE")
    p.add_argument("--reason")
    p.set_defaults(handler=cmd_branch_close)
    p = branch.add_parser("reopen", parents=both, help="reopen a closed branch")
    p.add_argument("--code", required=True, metavar="CODE")
    p.set_defaults(handler=cmd_branch_reopen)
    p = terminal.add_parser("codes", parents=both,
                            help="list enrollment codes: open, used, expired, cancelled")
    p.add_argument("--branch", metavar="CODE")
    p.set_defaults(handler=cmd_terminal_codes)
    p = terminal.add_parser("cancel-code", parents=both,
                            help="cancel an open enrollment code (its ref from terminal codes)")
    p.add_argument("--ref", required=True, help="the code's ref, as `terminal codes` lists it")
    p.set_defaults(handler=cmd_terminal_cancel_code)
